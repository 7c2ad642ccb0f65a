import type { AuthorizationCodeRecord, DomainCreation, DomainRecord, HostedSessionRecord } from '../store.js';
import type { Query } from './groups.js';

/* Domains and the OAuth 2.0 endpoints' state in PostgreSQL (tables of the hosted-ui migration step), shared
   by every instance on the database. Kept apart from store.ts, which delegates to it one line per method. */

interface DomainRow {
  domain: string;
  pool_id: string;
  kind: string;
  certificate_arn: string | null;
  managed_login_version: number;
  version: string;
  created_at: Date;
  modified_at: Date;
}

const domainFromRow = (r: DomainRow): DomainRecord => ({
  domain: r.domain,
  poolId: r.pool_id,
  certificateArn: r.certificate_arn,
  managedLoginVersion: r.managed_login_version,
  version: r.version,
  createdAt: r.created_at,
  lastModifiedAt: r.modified_at,
});

type CodeData = Omit<AuthorizationCodeRecord, 'codeHash' | 'poolId' | 'clientId' | 'expiresAt' | 'authTime'> & { authTime: number };

interface CodeRow {
  code_hash: string;
  pool_id: string;
  client_id: string;
  data: CodeData;
  expires_at: Date;
}

interface SessionRow {
  id_hash: string;
  pool_id: string;
  data: Record<string, unknown>;
  expires_at: Date;
}

/** Nothing is cached: another instance may change any of it at any time. */
export class PostgresHosted {
  constructor(private readonly q: Query) {}

  async createDomain(d: DomainRecord): Promise<DomainCreation> {
    const r = await this.q(
      `INSERT INTO domains (domain, pool_id, kind, certificate_arn, managed_login_version, version, created_at, modified_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING`,
      [d.domain, d.poolId, d.certificateArn === null ? 'prefix' : 'custom', d.certificateArn, d.managedLoginVersion, d.version, d.createdAt, d.lastModifiedAt],
    );
    if ((r.rowCount ?? 0) > 0) return 'created';
    return (await this.getDomain(d.domain)) ? 'taken' : 'pool-has-one';
  }

  async getDomain(domain: string): Promise<DomainRecord | null> {
    const { rows } = await this.q<DomainRow>('SELECT * FROM domains WHERE domain = $1', [domain]);
    return rows[0] ? domainFromRow(rows[0]) : null;
  }

  async domainsOfPool(poolId: string): Promise<DomainRecord[]> {
    const { rows } = await this.q<DomainRow>("SELECT * FROM domains WHERE pool_id = $1 ORDER BY kind = 'custom', domain", [poolId]);
    return rows.map(domainFromRow);
  }

  async updateDomain(
    poolId: string,
    domain: string,
    c: Pick<DomainRecord, 'certificateArn' | 'managedLoginVersion' | 'version' | 'lastModifiedAt'>,
  ): Promise<DomainRecord | null> {
    const { rows } = await this.q<DomainRow>(
      `UPDATE domains SET certificate_arn = $3, managed_login_version = $4, version = $5, modified_at = $6
       WHERE pool_id = $1 AND domain = $2 RETURNING *`,
      [poolId, domain, c.certificateArn, c.managedLoginVersion, c.version, c.lastModifiedAt],
    );
    return rows[0] ? domainFromRow(rows[0]) : null;
  }

  async deleteDomain(poolId: string, domain: string): Promise<boolean> {
    const r = await this.q('DELETE FROM domains WHERE pool_id = $1 AND domain = $2', [poolId, domain]);
    return (r.rowCount ?? 0) > 0;
  }

  async putCode(c: AuthorizationCodeRecord): Promise<void> {
    const data: CodeData = {
      sub: c.sub,
      username: c.username,
      redirectUri: c.redirectUri,
      scope: c.scope,
      nonce: c.nonce,
      codeChallenge: c.codeChallenge,
      authTime: c.authTime.getTime(),
    };
    await this.q('INSERT INTO oauth_codes (code_hash, pool_id, client_id, data, expires_at) VALUES ($1, $2, $3, $4, $5)', [
      c.codeHash,
      c.poolId,
      c.clientId,
      JSON.stringify(data),
      c.expiresAt,
    ]);
  }

  /** One DELETE ... RETURNING: of concurrent exchanges on any instance, one gets the row. */
  async consumeCode(codeHash: string): Promise<AuthorizationCodeRecord | null> {
    const { rows } = await this.q<CodeRow>('DELETE FROM oauth_codes WHERE code_hash = $1 RETURNING *', [codeHash]);
    const r = rows[0];
    if (!r) return null;
    const d = r.data;
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
      expiresAt: r.expires_at,
    };
  }

  async putSession(s: HostedSessionRecord): Promise<void> {
    await this.q(
      `INSERT INTO hosted_sessions (id_hash, pool_id, data, expires_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (id_hash) DO UPDATE SET data = EXCLUDED.data, expires_at = EXCLUDED.expires_at`,
      [s.idHash, s.poolId, JSON.stringify(s.data), s.expiresAt],
    );
  }

  async getSession(idHash: string): Promise<HostedSessionRecord | null> {
    const { rows } = await this.q<SessionRow>('SELECT * FROM hosted_sessions WHERE id_hash = $1', [idHash]);
    const r = rows[0];
    return r ? { idHash: r.id_hash, poolId: r.pool_id, data: r.data, expiresAt: r.expires_at } : null;
  }

  /** One DELETE ... RETURNING: of concurrent takers on any instance, one gets the row. */
  async takeSession(idHash: string): Promise<HostedSessionRecord | null> {
    const { rows } = await this.q<SessionRow>('DELETE FROM hosted_sessions WHERE id_hash = $1 RETURNING *', [idHash]);
    const r = rows[0];
    return r ? { idHash: r.id_hash, poolId: r.pool_id, data: r.data, expiresAt: r.expires_at } : null;
  }

  async deleteSession(idHash: string): Promise<void> {
    await this.q('DELETE FROM hosted_sessions WHERE id_hash = $1', [idHash]);
  }
}
