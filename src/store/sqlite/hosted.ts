import type Database from 'better-sqlite3';
import type { AuthorizationCodeRecord, DomainCreation, DomainRecord, HostedSessionRecord } from '../store.js';
import type { GuardedStatement, SqliteGuard } from './guard.js';

/* Domains and the OAuth 2.0 endpoints' state in SQLite (tables of the hosted-ui migration step). Kept apart
   from store.ts, which delegates to it one line per method. Nothing is cached: none of it is read on the
   AWS JSON hot path. */

interface DomainRow {
  domain: string;
  pool_id: string;
  kind: string;
  certificate_arn: string | null;
  managed_login_version: number;
  version: string;
  created_at: number;
  modified_at: number;
}

const domainFromRow = (r: DomainRow): DomainRecord => ({
  domain: r.domain,
  poolId: r.pool_id,
  certificateArn: r.certificate_arn,
  managedLoginVersion: r.managed_login_version,
  version: r.version,
  createdAt: new Date(r.created_at),
  lastModifiedAt: new Date(r.modified_at),
});

/** The code's own columns; the rest of the record rides in `data` as JSON. */
interface CodeRow {
  code_hash: string;
  pool_id: string;
  client_id: string;
  data: string;
  expires_at: number;
}

type CodeData = Omit<AuthorizationCodeRecord, 'codeHash' | 'poolId' | 'clientId' | 'expiresAt' | 'authTime'> & { authTime: number };

const codeFromRow = (r: CodeRow): AuthorizationCodeRecord => {
  const d = JSON.parse(r.data) as CodeData;
  return {
    codeHash: r.code_hash,
    poolId: r.pool_id,
    clientId: r.client_id,
    sub: d.sub,
    username: d.username,
    redirectUri: d.redirectUri,
    scope: d.scope,
    nonce: d.nonce,
    codeChallenge: d.codeChallenge,
    authTime: new Date(d.authTime),
    expiresAt: new Date(r.expires_at),
  };
};

interface SessionRow {
  id_hash: string;
  pool_id: string;
  data: string;
  expires_at: number;
}

const sessionFromRow = (r: SessionRow | undefined): HostedSessionRecord | null =>
  r ? { idHash: r.id_hash, poolId: r.pool_id, data: JSON.parse(r.data), expiresAt: new Date(r.expires_at) } : null;

/** The statements of domains, authorization codes and hosted sessions, prepared once. */
export class SqliteHosted {
  private readonly s;

  constructor(
    private readonly db: Database.Database,
    private readonly guard: SqliteGuard,
  ) {
    const p = (sql: string): GuardedStatement => guard.statement(db.prepare(sql));
    this.s = {
      insertDomain: p(`INSERT OR IGNORE INTO domains (domain, pool_id, kind, certificate_arn, managed_login_version, version, created_at, modified_at)
        VALUES (@domain, @pool_id, @kind, @certificate_arn, @managed_login_version, @version, @created_at, @modified_at)`),
      getDomain: p('SELECT * FROM domains WHERE domain = ?'),
      domainsOfPool: p("SELECT * FROM domains WHERE pool_id = ? ORDER BY kind = 'custom', domain"),
      updateDomain: p(`UPDATE domains SET certificate_arn = @certificate_arn, managed_login_version = @managed_login_version,
        version = @version, modified_at = @modified_at WHERE pool_id = @pool_id AND domain = @domain RETURNING *`),
      deleteDomain: p('DELETE FROM domains WHERE pool_id = ? AND domain = ?'),
      insertCode: p('INSERT INTO oauth_codes (code_hash, pool_id, client_id, data, expires_at) VALUES (?, ?, ?, ?, ?)'),
      consumeCode: p('DELETE FROM oauth_codes WHERE code_hash = ? RETURNING *'),
      putSession: p(`INSERT INTO hosted_sessions (id_hash, pool_id, data, expires_at) VALUES (?, ?, ?, ?)
        ON CONFLICT (id_hash) DO UPDATE SET data = excluded.data, expires_at = excluded.expires_at`),
      getSession: p('SELECT * FROM hosted_sessions WHERE id_hash = ?'),
      deleteSession: p('DELETE FROM hosted_sessions WHERE id_hash = ?'),
      takeSession: p('DELETE FROM hosted_sessions WHERE id_hash = ? RETURNING *'),
      purgeCodes: p('DELETE FROM oauth_codes WHERE code_hash IN (SELECT code_hash FROM oauth_codes WHERE expires_at < ? ORDER BY expires_at LIMIT ?)'),
      purgeSessions: p('DELETE FROM hosted_sessions WHERE id_hash IN (SELECT id_hash FROM hosted_sessions WHERE expires_at < ? ORDER BY expires_at LIMIT ?)'),
    };
  }

  /** Insert and the check of why it was refused run in one transaction. */
  createDomain(d: DomainRecord): DomainCreation {
    return this.guard.transaction(this.db, () => {
      const inserted =
        this.s.insertDomain.run({
          domain: d.domain,
          pool_id: d.poolId,
          kind: d.certificateArn === null ? 'prefix' : 'custom',
          certificate_arn: d.certificateArn,
          managed_login_version: d.managedLoginVersion,
          version: d.version,
          created_at: d.createdAt.getTime(),
          modified_at: d.lastModifiedAt.getTime(),
        }).changes > 0;
      if (inserted) return 'created';
      return this.s.getDomain.get(d.domain) ? 'taken' : 'pool-has-one';
    });
  }

  getDomain(domain: string): DomainRecord | null {
    const r = this.s.getDomain.get(domain) as DomainRow | undefined;
    return r ? domainFromRow(r) : null;
  }

  domainsOfPool(poolId: string): DomainRecord[] {
    return (this.s.domainsOfPool.all(poolId) as DomainRow[]).map(domainFromRow);
  }

  updateDomain(
    poolId: string,
    domain: string,
    c: Pick<DomainRecord, 'certificateArn' | 'managedLoginVersion' | 'version' | 'lastModifiedAt'>,
  ): DomainRecord | null {
    const r = this.s.updateDomain.get({
      pool_id: poolId,
      domain,
      certificate_arn: c.certificateArn,
      managed_login_version: c.managedLoginVersion,
      version: c.version,
      modified_at: c.lastModifiedAt.getTime(),
    }) as DomainRow | undefined;
    return r ? domainFromRow(r) : null;
  }

  deleteDomain(poolId: string, domain: string): boolean {
    return this.s.deleteDomain.run(poolId, domain).changes > 0;
  }

  putCode(c: AuthorizationCodeRecord): void {
    const data: CodeData = {
      sub: c.sub,
      username: c.username,
      redirectUri: c.redirectUri,
      scope: c.scope,
      nonce: c.nonce,
      codeChallenge: c.codeChallenge,
      authTime: c.authTime.getTime(),
    };
    this.s.insertCode.run(c.codeHash, c.poolId, c.clientId, JSON.stringify(data), c.expiresAt.getTime());
  }

  consumeCode(codeHash: string): AuthorizationCodeRecord | null {
    const r = this.s.consumeCode.get(codeHash) as CodeRow | undefined;
    return r ? codeFromRow(r) : null;
  }

  putSession(s: HostedSessionRecord): void {
    this.s.putSession.run(s.idHash, s.poolId, JSON.stringify(s.data), s.expiresAt.getTime());
  }

  getSession(idHash: string): HostedSessionRecord | null {
    return sessionFromRow(this.s.getSession.get(idHash) as SessionRow | undefined);
  }

  takeSession(idHash: string): HostedSessionRecord | null {
    return sessionFromRow(this.s.takeSession.get(idHash) as SessionRow | undefined);
  }

  deleteSession(idHash: string): void {
    this.s.deleteSession.run(idHash);
  }

  /** Expired authorization codes and browser sessions, at most `limit` of each. */
  purgeExpired(before: number, limit: number): number {
    return this.s.purgeCodes.run(before, limit).changes + this.s.purgeSessions.run(before, limit).changes;
  }
}
