import pg from 'pg';
import type {
  AuthorizationCodeRecord,
  ChallengeSessionRecord,
  ClientChange,
  ClientRecord,
  CodeRecord,
  DeviceRecord,
  ImportJobRecord,
  ImportJobStatus,
  DomainCreation,
  DomainRecord,
  GroupChange,
  GroupRecord,
  HostedSessionRecord,
  IdentityProviderChange,
  IdentityProviderConflict,
  IdentityProviderRecord,
  MembershipResult,
  MessageRecord,
  NewMessage,
  Page,
  PoolChange,
  PoolKeyRecord,
  PoolRecord,
  RefreshTokenRecord,
  ResourceServerRecord,
  SrpVerifierRecord,
  Store,
  TokenOriginRecord,
  UICustomizationRecord,
  UserChange,
  UserFilter,
  UserRecord,
} from '../store.js';
import { assertSameClient, assertSamePool, assertSameUser, FILTER_COLUMNS, foldedColumn, MAX_GROUPS_PER_POOL, pageOf } from '../common.js';
import { migrate } from './migrations.js';
import { PostgresDevices } from './devices.js';
import { PostgresImportJobs } from './import-jobs.js';
import { PostgresGroups } from './groups.js';
import { PostgresHosted } from './hosted.js';
import { PostgresOAuth } from './oauth.js';
import {
  USER_COLUMNS,
  USER_COLUMN_COUNT,
  clientFromRow,
  codeFromRow,
  keyFromRow,
  messageFromRow,
  originFromRow,
  poolFromRow,
  secretsJson,
  sessionFromRow,
  userFromRow,
  userParams,
  type ClientRow,
  type CodeRow,
  type KeyRow,
  type MessageRow,
  type OriginRow,
  type PoolRow,
  type SessionRow,
  type UserRow,
} from './rows.js';

/** Rows per statement when inserting users in bulk (each row is USER_COLUMN_COUNT array elements). */
const BULK_ROWS = 5000;

/** OID of int8 (BIGINT): message ids and TOTP steps, far below 2^53, so plain numbers. */
const INT8_OID = 20;
const types = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === INT8_OID && format !== 'binary' ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

/** How to reach PostgreSQL and how much of it one instance may use. */
export interface PostgresOptions {
  /** A libpq-style URL: `postgres://user:password@host:5432/database`. */
  url: string;
  /** A schema to keep the tables in (created if missing); default: the connection's search_path (normally `public`). */
  schema?: string;
  /** Connections this instance may hold open at once. */
  maxConnections?: number;
  /** How long to wait for a connection before failing, in milliseconds. */
  connectTimeoutMs?: number;
}

/** A database URL safe to print: no password. */
export function describeDatabaseUrl(url: string): string {
  try {
    const u = new URL(url);
    const user = u.username ? `${decodeURIComponent(u.username)}@` : '';
    return `${u.protocol}//${user}${u.host}${u.pathname}`;
  } catch {
    return '(unparsable URL)';
  }
}

/** One line from whatever pg or net threw (Node's AggregateError for several addresses has no message). */
function reason(e: unknown): string {
  if (e instanceof AggregateError && e.errors.length > 0) return reason(e.errors[0]);
  const err = e as Error & { code?: string };
  return (err.message || err.code || String(e)).split('\n')[0]!;
}

/**
 * The store for several cognate instances on one PostgreSQL database, through a pg connection pool.
 * It keeps no mutable row in memory: any instance may have changed it since. Statements are named, so
 * each connection prepares them once.
 */
export class PostgresStore implements Store {
  readonly pool: pg.Pool;
  private readonly ready: Promise<void>;
  private closed = false;
  private readonly names = new Map<string, string>();
  private readonly groups = new PostgresGroups((text, values) => this.q(text, values));
  private readonly devices = new PostgresDevices((text, values) => this.q(text, values));
  private readonly importJobs = new PostgresImportJobs((text, values) => this.q(text, values));
  private readonly hosted = new PostgresHosted((text, values) => this.q(text, values));
  private readonly oauth = new PostgresOAuth(
    (text, values, on) => this.q(text, values, on),
    (work) => this.transaction(work),
  );

  /**
   * Starts connecting and migrating at once; every method waits for that. `PostgresStore.open` does
   * the same and waits, which is what a server wants so that it fails before it listens.
   */
  constructor(private readonly options: PostgresOptions) {
    if (options.schema !== undefined && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(options.schema)) throw new TypeError(`invalid schema name: ${options.schema}`);
    this.pool = new pg.Pool({
      connectionString: options.url,
      max: options.maxConnections ?? 10,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
      application_name: 'cognate',
      types,
      ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
    });
    // An idle connection the server drops (restart, failover) must not crash the process; the next
    // query gets a fresh connection or a clear error.
    this.pool.on('error', () => {});
    this.ready = this.migrate();
    this.ready.catch(() => {});
  }

  /** Connects, migrates, and resolves when the store is usable; rejects with a one-line reason if not. */
  static async open(options: PostgresOptions): Promise<PostgresStore> {
    const store = new PostgresStore(options);
    try {
      await store.ready;
    } catch (e) {
      await store.close();
      throw new Error(`cannot use PostgreSQL at ${describeDatabaseUrl(options.url)}: ${reason(e)}`);
    }
    return store;
  }

  /** Applies missing migrations (see migrations.ts). */
  private migrate(): Promise<void> {
    return migrate(this.pool, this.options.schema);
  }

  /** A named (prepared once per connection) statement. */
  private statement(text: string, values: unknown[]): pg.QueryConfig {
    let name = this.names.get(text);
    if (!name) {
      name = `cognate_${this.names.size + 1}`;
      this.names.set(text, name);
    }
    return { name, text, values };
  }

  private async q<R extends pg.QueryResultRow>(text: string, values: unknown[] = [], on: pg.Pool | pg.PoolClient = this.pool): Promise<pg.QueryResult<R>> {
    await this.ready;
    return on.query<R>(this.statement(text, values));
  }

  private async transaction<T>(work: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    await this.ready;
    const c = await this.pool.connect();
    try {
      await c.query('BEGIN');
      const out = await work(c);
      await c.query('COMMIT');
      return out;
    } catch (e) {
      await c.query('ROLLBACK').catch(() => {});
      throw e;
    } finally {
      c.release();
    }
  }

  async createPool(pool: PoolRecord, keys: PoolKeyRecord[]): Promise<void> {
    await this.transaction(async (c) => {
      await this.q(
        'INSERT INTO pools (id, name, created_at, modified_at, settings) VALUES ($1, $2, $3, $4, $5)',
        [pool.id, pool.name, pool.createdAt, pool.lastModifiedAt, JSON.stringify(pool.settings)],
        c,
      );
      for (const k of keys) {
        await this.q(
          'INSERT INTO pool_keys (pool_id, use, kid, private_jwk, public_jwk) VALUES ($1, $2, $3, $4, $5)',
          [k.poolId, k.use, k.kid, k.privateJwk, k.publicJwk],
          c,
        );
      }
    });
  }

  async getPool(id: string): Promise<PoolRecord | null> {
    const { rows } = await this.q<PoolRow>('SELECT * FROM pools WHERE id = $1', [id]);
    return rows[0] ? poolFromRow(rows[0]) : null;
  }

  async listPools(limit: number, after: string | null): Promise<Page<PoolRecord>> {
    const { rows } = await this.q<PoolRow>('SELECT * FROM pools WHERE id > $1 ORDER BY id LIMIT $2', [after ?? '', limit + 1]);
    return pageOf(rows.map(poolFromRow), limit, (p) => p.id);
  }

  /** Read (SELECT ... FOR UPDATE), change and write in one transaction, as changeUser. */
  async changePool(id: string, change: PoolChange): Promise<PoolRecord | null> {
    return this.transaction(async (c) => {
      const { rows } = await this.q<PoolRow>('SELECT * FROM pools WHERE id = $1 FOR UPDATE', [id], c);
      if (!rows[0]) return null;
      const current = poolFromRow(rows[0]);
      const next = change(poolFromRow(structuredClone(rows[0])));
      if (!next) return current;
      assertSamePool(current, next);
      const updated = await this.q<PoolRow>(
        'UPDATE pools SET name = $2, modified_at = $3, settings = $4 WHERE id = $1 RETURNING *',
        [id, next.name, next.lastModifiedAt, JSON.stringify(next.settings)],
        c,
      );
      return poolFromRow(updated.rows[0]!);
    });
  }

  async deletePool(id: string): Promise<boolean> {
    return this.transaction(async (c) => {
      await this.q('DELETE FROM messages WHERE pool_id = $1', [id], c);
      return ((await this.q('DELETE FROM pools WHERE id = $1', [id], c)).rowCount ?? 0) > 0;
    });
  }

  async getPoolKeys(poolId: string): Promise<PoolKeyRecord[]> {
    const { rows } = await this.q<KeyRow>('SELECT * FROM pool_keys WHERE pool_id = $1 ORDER BY use', [poolId]);
    return rows.map(keyFromRow);
  }

  async countUsers(poolId: string): Promise<number> {
    const { rows } = await this.q<{ n: number }>('SELECT count(*) AS n FROM users WHERE pool_id = $1', [poolId]);
    return rows[0]!.n;
  }

  async createClient(c: ClientRecord): Promise<void> {
    await this.q('INSERT INTO clients (id, pool_id, name, secrets, created_at, modified_at, settings) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
      c.id,
      c.poolId,
      c.name,
      secretsJson(c),
      c.createdAt,
      c.lastModifiedAt,
      JSON.stringify(c.settings),
    ]);
  }

  async getClient(clientId: string): Promise<ClientRecord | null> {
    const { rows } = await this.q<ClientRow>('SELECT * FROM clients WHERE id = $1', [clientId]);
    return rows[0] ? clientFromRow(rows[0]) : null;
  }

  async listClients(poolId: string, limit: number, after: string | null): Promise<Page<ClientRecord>> {
    const { rows } = await this.q<ClientRow>('SELECT * FROM clients WHERE pool_id = $1 AND id > $2 ORDER BY id LIMIT $3', [poolId, after ?? '', limit + 1]);
    return pageOf(rows.map(clientFromRow), limit, (c) => c.id);
  }

  /** Read (SELECT ... FOR UPDATE), change and write in one transaction, as changeUser. */
  async changeClient(clientId: string, change: ClientChange): Promise<ClientRecord | null> {
    return this.transaction(async (t) => {
      const { rows } = await this.q<ClientRow>('SELECT * FROM clients WHERE id = $1 FOR UPDATE', [clientId], t);
      if (!rows[0]) return null;
      const current = clientFromRow(rows[0]);
      const next = change(clientFromRow(structuredClone(rows[0])));
      if (!next) return current;
      assertSameClient(current, next);
      const updated = await this.q<ClientRow>(
        'UPDATE clients SET name = $2, secrets = $3, modified_at = $4, settings = $5 WHERE id = $1 RETURNING *',
        [clientId, next.name, secretsJson(next), next.lastModifiedAt, JSON.stringify(next.settings)],
        t,
      );
      return clientFromRow(updated.rows[0]!);
    });
  }

  async deleteClient(clientId: string): Promise<boolean> {
    return ((await this.q('DELETE FROM clients WHERE id = $1', [clientId])).rowCount ?? 0) > 0;
  }

  async createUser(user: UserRecord): Promise<boolean> {
    const insert = `INSERT INTO users (${USER_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) ON CONFLICT DO NOTHING`;
    if (user.attributes.identities === undefined) return ((await this.q(insert, userParams(user))).rowCount ?? 0) > 0;
    // A federated user: the row and its identities' index rows in one transaction.
    return this.transaction(async (c) => {
      if (((await this.q(insert, userParams(user), c)).rowCount ?? 0) === 0) return false;
      await this.oauth.syncIdentities(user, false, c);
      return true;
    });
  }

  async createUsers(users: UserRecord[]): Promise<void> {
    // One statement per chunk: the columns go as arrays and unnest() turns them back into rows.
    await this.transaction(async (c) => {
      for (let i = 0; i < users.length; i += BULK_ROWS) {
        const chunk = users.slice(i, i + BULK_ROWS).map(userParams);
        const column = (j: number) => chunk.map((row) => row[j]);
        await this.q(
          `INSERT INTO users (${USER_COLUMNS})
          SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::boolean[], $6::text[], $7::timestamptz[], $8::json[],
            $9::json[], $10::text[], $11::text[], $12::timestamptz[], $13::timestamptz[], $14::text[], $15::text[], $16::text[])
          ON CONFLICT DO NOTHING`,
          Array.from({ length: USER_COLUMN_COUNT }, (_, j) => column(j).map((v) => (v instanceof Date ? v.toISOString() : v))),
          c,
        );
      }
      // Index rows only for users this call stored (a taken username kept its other user).
      for (const u of users) {
        if (u.attributes.identities === undefined) continue;
        const mine = await this.q('SELECT 1 FROM users WHERE pool_id = $1 AND sub = $2 AND username = $3', [u.poolId, u.sub, u.username], c);
        if ((mine.rowCount ?? 0) > 0) await this.oauth.syncIdentities(u, true, c);
      }
    });
  }

  async getUser(poolId: string, username: string): Promise<UserRecord | null> {
    const { rows } = await this.q<UserRow>('SELECT * FROM users WHERE pool_id = $1 AND username = $2', [poolId, username]);
    return rows[0] ? userFromRow(rows[0]) : null;
  }

  async getUserByUsernameKey(poolId: string, key: string): Promise<UserRecord | null> {
    const { rows } = await this.q<UserRow>('SELECT * FROM users WHERE pool_id = $1 AND username_key = $2', [poolId, key]);
    return rows[0] ? userFromRow(rows[0]) : null;
  }

  async getUserBySub(poolId: string, sub: string): Promise<UserRecord | null> {
    const { rows } = await this.q<UserRow>('SELECT * FROM users WHERE pool_id = $1 AND sub = $2', [poolId, sub]);
    return rows[0] ? userFromRow(rows[0]) : null;
  }

  async findUsersByAttribute(poolId: string, name: string, value: string, options?: { ignoreCase?: boolean }): Promise<UserRecord[]> {
    let r: pg.QueryResult<UserRow>;
    if (options?.ignoreCase) {
      // foldedColumn names one of two fixed columns, so the text is one of two statements.
      r = await this.q<UserRow>(`SELECT * FROM users WHERE pool_id = $1 AND ${foldedColumn(name)} = $2 ORDER BY username`, [poolId, value.toLowerCase()]);
    } else if (name === 'email') r = await this.q<UserRow>('SELECT * FROM users WHERE pool_id = $1 AND email = $2 ORDER BY username', [poolId, value]);
    else if (name === 'phone_number')
      r = await this.q<UserRow>('SELECT * FROM users WHERE pool_id = $1 AND phone_number = $2 ORDER BY username', [poolId, value]);
    else r = await this.q<UserRow>('SELECT * FROM users WHERE pool_id = $1 AND attributes ->> $2 = $3 ORDER BY username', [poolId, name, value]);
    return r.rows.map(userFromRow);
  }

  /**
   * Read, change and write in one transaction that holds the row lock (SELECT ... FOR UPDATE) from the
   * read to the commit: a concurrent change of the same user, from this instance or another, waits
   * for the commit and then reads what it wrote. `change` is synchronous, so the lock is held for
   * three round trips, never across a password hash.
   */
  async changeUser(poolId: string, sub: string, change: UserChange): Promise<UserRecord | null> {
    return this.transaction(async (c) => {
      const { rows } = await this.q<UserRow>('SELECT * FROM users WHERE pool_id = $1 AND sub = $2 FOR UPDATE', [poolId, sub], c);
      if (!rows[0]) return null;
      const current = userFromRow(rows[0]);
      const next = change(userFromRow(rows[0]));
      if (!next) return current;
      assertSameUser(current, next);
      // created_at (the 12th column) and username_key (the 14th) never change.
      const p = userParams(next);
      p.splice(13, 1);
      p.splice(11, 1);
      p.push(next.lockout ? JSON.stringify(next.lockout) : null);
      await this.q(
        `UPDATE users SET status = $4, enabled = $5, password_hash = $6, temp_password_expires_at = $7, attributes = $8,
        mfa = $9, email = $10, phone_number = $11, modified_at = $12, email_key = $13, preferred_username_key = $14, lockout = $15
        WHERE pool_id = $1 AND username = $2 AND sub = $3`,
        p,
        c,
      );
      // A change of `identities` rewrites its index rows in this transaction (refused if another user holds one).
      if (current.attributes.identities !== next.attributes.identities) await this.oauth.syncIdentities(next, true, c);
      return { ...next, createdAt: current.createdAt };
    });
  }

  async deleteUser(poolId: string, username: string): Promise<boolean> {
    // Token origins stay: a token of a deleted user must still verify, then meet UserNotFoundException.
    return ((await this.q('DELETE FROM users WHERE pool_id = $1 AND username = $2', [poolId, username])).rowCount ?? 0) > 0;
  }

  async listUsers(poolId: string, limit: number, after: string | null, filter: UserFilter | null): Promise<Page<UserRecord>> {
    let r: pg.QueryResult<UserRow>;
    if (!filter) {
      r = await this.q<UserRow>('SELECT * FROM users WHERE pool_id = $1 AND username > $2 ORDER BY username LIMIT $3', [poolId, after ?? '', limit + 1]);
    } else if (filter.attribute === 'status') {
      // "status" filters on Enabled/Disabled, not on the confirmation status; any other value matches nobody.
      if (filter.value !== 'Enabled' && filter.value !== 'Disabled') return { items: [], next: null };
      r = await this.q<UserRow>('SELECT * FROM users WHERE pool_id = $1 AND username > $2 AND enabled = $3 ORDER BY username LIMIT $4', [
        poolId,
        after ?? '',
        filter.value === 'Enabled',
        limit + 1,
      ]);
    } else {
      const column = FILTER_COLUMNS[filter.attribute];
      const params: unknown[] = [poolId, after ?? ''];
      let expr: string;
      if (column) {
        expr = column;
      } else {
        params.push(filter.attribute);
        expr = `(attributes ->> $${params.length})`;
      }
      params.push(filter.value);
      const cond = filter.op === '=' ? `${expr} = $${params.length}` : `starts_with(${expr}, $${params.length})`;
      params.push(limit + 1);
      // A handful of shapes (column x operator), each prepared once per connection like the rest.
      r = await this.q<UserRow>(`SELECT * FROM users WHERE pool_id = $1 AND username > $2 AND ${cond} ORDER BY username LIMIT $${params.length}`, params);
    }
    return pageOf(r.rows.map(userFromRow), limit, (u) => u.username);
  }

  async createTokenOrigin(o: TokenOriginRecord): Promise<void> {
    await this.q(
      `INSERT INTO token_origins (origin_jti, pool_id, client_id, sub, username, refresh_hash, auth_time, expires_at, revoked_at, scope,
        device_key, device_group_key)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [
        o.originJti,
        o.poolId,
        o.clientId,
        o.sub,
        o.username,
        o.refreshTokenHash,
        o.authTime,
        o.expiresAt,
        o.revokedAt,
        o.scope ?? null,
        o.deviceKey ?? null,
        o.deviceGroupKey ?? null,
      ],
    );
  }

  async getTokenOrigin(originJti: string): Promise<TokenOriginRecord | null> {
    const { rows } = await this.q<OriginRow>('SELECT * FROM token_origins WHERE origin_jti = $1', [originJti]);
    return rows[0] ? originFromRow(rows[0]) : null;
  }

  async getTokenOriginByRefreshHash(hash: string): Promise<TokenOriginRecord | null> {
    return (await this.findRefreshToken(hash))?.origin ?? null;
  }

  async findRefreshToken(hash: string): Promise<RefreshTokenRecord | null> {
    // One round trip: the rotated token's row if there is one, else the sign-in's.
    const { rows } = await this.q<OriginRow & { replaced_until: Date | null; rotated: boolean }>(
      `SELECT o.*, r.replaced_until, true AS rotated FROM refresh_tokens r JOIN token_origins o ON o.origin_jti = r.origin_jti WHERE r.hash = $1
       UNION ALL
       SELECT o.*, NULL, false FROM token_origins o WHERE o.refresh_hash = $1
       ORDER BY rotated DESC LIMIT 1`,
      [hash],
    );
    const r = rows[0];
    if (!r) return null;
    const { replaced_until, rotated: _rotated, ...origin } = r;
    return { hash, origin: originFromRow(origin), replacedUntil: replaced_until };
  }

  /**
   * The upsert takes the token's row lock: a concurrent rotation of the same token waits for this
   * transaction, then sees the replaced_until it stored, so only rotations within the grace also win.
   */
  async rotateRefreshToken(originJti: string, hash: string, nextHash: string, now: Date, replacedUntil: Date): Promise<boolean> {
    return this.transaction(async (c) => {
      const claimed = await this.q(
        `INSERT INTO refresh_tokens (hash, origin_jti, replaced_until) VALUES ($1, $2, $3)
         ON CONFLICT (hash) DO UPDATE SET replaced_until = coalesce(refresh_tokens.replaced_until, EXCLUDED.replaced_until)
         WHERE refresh_tokens.replaced_until IS NULL OR refresh_tokens.replaced_until > $4 RETURNING hash`,
        [hash, originJti, replacedUntil, now],
        c,
      );
      if (claimed.rowCount === 0) return false;
      await this.q('INSERT INTO refresh_tokens (hash, origin_jti, replaced_until) VALUES ($1, $2, NULL)', [nextHash, originJti], c);
      return true;
    });
  }

  async revokeTokenOrigin(originJti: string, at: Date): Promise<boolean> {
    const r = await this.q('UPDATE token_origins SET revoked_at = coalesce(revoked_at, $2) WHERE origin_jti = $1', [originJti, at]);
    return (r.rowCount ?? 0) > 0;
  }

  async revokeUserTokenOrigins(poolId: string, sub: string, at: Date): Promise<number> {
    const r = await this.q('UPDATE token_origins SET revoked_at = $3 WHERE pool_id = $1 AND sub = $2 AND revoked_at IS NULL', [poolId, sub, at]);
    return r.rowCount ?? 0;
  }

  async putChallengeSession(s: ChallengeSessionRecord): Promise<void> {
    await this.q(
      `INSERT INTO challenge_sessions (id, pool_id, client_id, username, challenge, code, attempts, expires_at, data)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
      ON CONFLICT (id) DO UPDATE SET pool_id = excluded.pool_id, client_id = excluded.client_id, username = excluded.username,
        challenge = excluded.challenge, code = excluded.code, attempts = excluded.attempts, expires_at = excluded.expires_at, data = excluded.data`,
      [s.id, s.poolId, s.clientId, s.username, s.challenge, s.code, s.attempts, s.expiresAt, JSON.stringify(s.data)],
    );
  }

  async getChallengeSession(id: string): Promise<ChallengeSessionRecord | null> {
    const { rows } = await this.q<SessionRow>('SELECT * FROM challenge_sessions WHERE id = $1', [id]);
    return rows[0] ? sessionFromRow(rows[0]) : null;
  }

  async claimChallengeAttempt(id: string, maxAttempts: number): Promise<ChallengeSessionRecord | null> {
    // A concurrent claim waits for the row lock, then re-checks the condition against the committed count.
    const { rows } = await this.q<SessionRow>('UPDATE challenge_sessions SET attempts = attempts + 1 WHERE id = $1 AND attempts < $2 RETURNING *', [
      id,
      maxAttempts,
    ]);
    return rows[0] ? sessionFromRow(rows[0]) : null;
  }

  async consumeChallengeSession(id: string): Promise<boolean> {
    // Of concurrent deletes of one row, PostgreSQL lets exactly one return it.
    const { rows } = await this.q('DELETE FROM challenge_sessions WHERE id = $1 RETURNING id', [id]);
    return rows.length > 0;
  }

  putDevice(device: DeviceRecord): Promise<DeviceRecord | null> {
    return this.devices.put(device);
  }

  getDevice(poolId: string, key: string): Promise<DeviceRecord | null> {
    return this.devices.get(poolId, key);
  }

  listDevices(poolId: string, sub: string, limit: number, after: string | null, rememberedOnly: boolean): Promise<Page<DeviceRecord>> {
    return this.devices.list(poolId, sub, limit, after, rememberedOnly);
  }

  setDeviceRemembered(poolId: string, sub: string, key: string, remembered: boolean, at: Date): Promise<DeviceRecord | null> {
    return this.devices.setRemembered(poolId, sub, key, remembered, at);
  }

  touchDevice(poolId: string, sub: string, key: string, at: Date, ip: string | null): Promise<DeviceRecord | null> {
    return this.devices.touch(poolId, sub, key, at, ip);
  }

  deleteDevice(poolId: string, sub: string, key: string): Promise<boolean> {
    return this.devices.delete(poolId, sub, key);
  }

  createImportJob(job: ImportJobRecord): Promise<void> {
    return this.importJobs.create(job);
  }

  getImportJob(jobId: string): Promise<ImportJobRecord | null> {
    return this.importJobs.get(jobId);
  }

  listImportJobs(poolId: string, limit: number, after: string | null): Promise<Page<ImportJobRecord>> {
    return this.importJobs.list(poolId, limit, after);
  }

  putImportCsv(jobId: string, csv: string): Promise<boolean> {
    return this.importJobs.putCsv(jobId, csv);
  }

  getImportCsv(jobId: string): Promise<string | null> {
    return this.importJobs.getCsv(jobId);
  }

  updateImportJob(job: ImportJobRecord, from: ImportJobStatus): Promise<ImportJobRecord | null> {
    return this.importJobs.update(job, from);
  }

  createGroup(group: GroupRecord): Promise<boolean> {
    return this.groups.create(group);
  }

  getGroup(poolId: string, name: string): Promise<GroupRecord | null> {
    return this.groups.get(poolId, name);
  }

  listGroups(poolId: string, limit: number, after: string | null): Promise<Page<GroupRecord>> {
    return this.groups.list(poolId, limit, after);
  }

  updateGroup(poolId: string, name: string, change: GroupChange): Promise<GroupRecord | null> {
    return this.groups.update(poolId, name, change);
  }

  deleteGroup(poolId: string, name: string): Promise<boolean> {
    return this.groups.delete(poolId, name);
  }

  addUserToGroup(poolId: string, name: string, sub: string): Promise<MembershipResult> {
    return this.groups.addMember(poolId, name, sub);
  }

  removeUserFromGroup(poolId: string, name: string, sub: string): Promise<boolean> {
    return this.groups.removeMember(poolId, name, sub);
  }

  listGroupsForUser(poolId: string, sub: string, limit: number, after: string | null): Promise<Page<GroupRecord>> {
    return this.groups.groupsOfUser(poolId, sub, limit, after);
  }

  async groupsOfUser(poolId: string, sub: string): Promise<GroupRecord[]> {
    return (await this.groups.groupsOfUser(poolId, sub, MAX_GROUPS_PER_POOL, null)).items;
  }

  listUsersInGroup(poolId: string, name: string, limit: number, after: string | null): Promise<Page<UserRecord>> {
    return this.groups.usersInGroup(poolId, name, limit, after);
  }

  async createResourceServer(server: ResourceServerRecord): Promise<boolean> {
    return this.oauth.createServer(server);
  }

  async getResourceServer(poolId: string, identifier: string): Promise<ResourceServerRecord | null> {
    return this.oauth.getServer(poolId, identifier);
  }

  async listResourceServers(poolId: string, limit: number, after: string | null): Promise<Page<ResourceServerRecord>> {
    return this.oauth.listServers(poolId, limit, after);
  }

  async allResourceServers(poolId: string): Promise<ResourceServerRecord[]> {
    return (await this.oauth.listServers(poolId, MAX_GROUPS_PER_POOL, null)).items;
  }

  async updateResourceServer(server: ResourceServerRecord): Promise<ResourceServerRecord | null> {
    return this.oauth.updateServer(server);
  }

  async deleteResourceServer(poolId: string, identifier: string): Promise<boolean> {
    return this.oauth.deleteServer(poolId, identifier);
  }

  async createIdentityProvider(provider: IdentityProviderRecord): Promise<IdentityProviderConflict | null> {
    return this.oauth.createProvider(provider);
  }

  async getIdentityProvider(poolId: string, name: string): Promise<IdentityProviderRecord | null> {
    return this.oauth.getProvider(poolId, name);
  }

  async getIdentityProviderByIdentifier(poolId: string, identifier: string): Promise<IdentityProviderRecord | null> {
    return this.oauth.providerByIdentifier(poolId, identifier);
  }

  async listIdentityProviders(poolId: string, limit: number, after: string | null): Promise<Page<IdentityProviderRecord>> {
    return this.oauth.listProviders(poolId, limit, after);
  }

  async changeIdentityProvider(poolId: string, name: string, change: IdentityProviderChange): Promise<IdentityProviderRecord | null | 'identifier-taken'> {
    return this.oauth.changeProvider(poolId, name, change);
  }

  async deleteIdentityProvider(poolId: string, name: string): Promise<boolean> {
    return this.oauth.deleteProvider(poolId, name);
  }

  async findUserByProviderIdentity(poolId: string, providerName: string, providerUserId: string): Promise<UserRecord | null> {
    const { rows } = await this.q<UserRow>(
      `SELECT u.* FROM user_identities i JOIN users u ON u.pool_id = i.pool_id AND u.sub = i.sub
      WHERE i.pool_id = $1 AND i.provider_name = $2 AND i.provider_user_id = $3`,
      [poolId, providerName, providerUserId],
    );
    return rows[0] ? userFromRow(rows[0]) : null;
  }

  async putUICustomization(customization: UICustomizationRecord): Promise<UICustomizationRecord> {
    return this.oauth.putCustomization(customization);
  }

  async getUICustomization(poolId: string, clientId: string): Promise<UICustomizationRecord | null> {
    return this.oauth.getCustomization(poolId, clientId);
  }

  async deleteUICustomization(poolId: string, clientId: string): Promise<boolean> {
    return this.oauth.deleteCustomization(poolId, clientId);
  }

  createDomain(domain: DomainRecord): Promise<DomainCreation> {
    return this.hosted.createDomain(domain);
  }

  getDomain(domain: string): Promise<DomainRecord | null> {
    return this.hosted.getDomain(domain);
  }

  domainsOfPool(poolId: string): Promise<DomainRecord[]> {
    return this.hosted.domainsOfPool(poolId);
  }

  updateDomain(
    poolId: string,
    domain: string,
    change: Pick<DomainRecord, 'certificateArn' | 'managedLoginVersion' | 'version' | 'lastModifiedAt'>,
  ): Promise<DomainRecord | null> {
    return this.hosted.updateDomain(poolId, domain, change);
  }

  deleteDomain(poolId: string, domain: string): Promise<boolean> {
    return this.hosted.deleteDomain(poolId, domain);
  }

  putAuthorizationCode(code: AuthorizationCodeRecord): Promise<void> {
    return this.hosted.putCode(code);
  }

  consumeAuthorizationCode(codeHash: string): Promise<AuthorizationCodeRecord | null> {
    return this.hosted.consumeCode(codeHash);
  }

  putHostedSession(session: HostedSessionRecord): Promise<void> {
    return this.hosted.putSession(session);
  }

  getHostedSession(idHash: string): Promise<HostedSessionRecord | null> {
    return this.hosted.getSession(idHash);
  }

  deleteHostedSession(idHash: string): Promise<void> {
    return this.hosted.deleteSession(idHash);
  }

  takeHostedSession(idHash: string): Promise<HostedSessionRecord | null> {
    return this.hosted.takeSession(idHash);
  }

  async addMessage(m: NewMessage): Promise<MessageRecord> {
    const { rows } = await this.q<MessageRow>(
      `INSERT INTO messages (pool_id, username, medium, destination, code, subject, message, created_at)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *`,
      [m.poolId, m.username, m.medium, m.destination, m.code, m.subject ?? null, m.message, m.createdAt],
    );
    return messageFromRow(rows[0]!);
  }

  async listMessages(filter: { poolId?: string; username?: string }): Promise<MessageRecord[]> {
    const where: string[] = [];
    const params: string[] = [];
    if (filter.poolId !== undefined) {
      params.push(filter.poolId);
      where.push(`pool_id = $${params.length}`);
    }
    if (filter.username !== undefined) {
      params.push(filter.username);
      where.push(`username = $${params.length}`);
    }
    const { rows } = await this.q<MessageRow>(`SELECT * FROM messages ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY id`, params);
    return rows.map(messageFromRow);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }

  async setSrpVerifier(poolId: string, username: string, srp: SrpVerifierRecord): Promise<boolean> {
    const r = await this.q(
      'UPDATE users SET srp_salt = $3, srp_verifier = $4, srp_password_hash = $5 WHERE pool_id = $1 AND username = $2 AND password_hash = $5',
      [poolId, username, srp.salt, srp.verifier, srp.passwordHash],
    );
    return (r.rowCount ?? 0) > 0;
  }

  async getSrpVerifier(poolId: string, username: string): Promise<SrpVerifierRecord | null> {
    const { rows } = await this.q<{ srp_salt: string | null; srp_verifier: string | null; srp_password_hash: string | null }>(
      'SELECT srp_salt, srp_verifier, srp_password_hash FROM users WHERE pool_id = $1 AND username = $2',
      [poolId, username],
    );
    const r = rows[0];
    if (!r || r.srp_salt === null || r.srp_verifier === null || r.srp_password_hash === null) return null;
    return { salt: r.srp_salt, verifier: r.srp_verifier, passwordHash: r.srp_password_hash };
  }

  async claimTotpStep(poolId: string, username: string, step: number): Promise<boolean> {
    // A concurrent claim waits for the row lock, then re-checks the condition against the committed step.
    const r = await this.q('UPDATE users SET totp_last_step = $3 WHERE pool_id = $1 AND username = $2 AND (totp_last_step IS NULL OR totp_last_step < $3)', [
      poolId,
      username,
      step,
    ]);
    return (r.rowCount ?? 0) > 0;
  }

  /**
   * A transaction-scoped advisory lock on the (pool, sub, purpose) key serialises issues of one code,
   * also when there is no row yet for SELECT ... FOR UPDATE to lock.
   */
  async issueCode(poolId: string, sub: string, purpose: string, make: (previous: CodeRecord | null) => CodeRecord): Promise<CodeRecord> {
    return this.transaction(async (t) => {
      await this.q('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [JSON.stringify(['code', poolId, sub, purpose])], t);
      const { rows } = await this.q<CodeRow>('SELECT * FROM codes WHERE pool_id = $1 AND sub = $2 AND purpose = $3', [poolId, sub, purpose], t);
      const c = make(rows[0] ? codeFromRow(rows[0]) : null);
      if (c.poolId !== poolId || c.sub !== sub || c.purpose !== purpose) throw new TypeError('issueCode: make returned a code of another key');
      await this.putCode(c, t);
      return c;
    });
  }

  private async putCode(c: CodeRecord, on: pg.PoolClient): Promise<void> {
    await this.q(
      `INSERT INTO codes (pool_id, sub, purpose, code, attempts, created_at, expires_at, data) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
      ON CONFLICT (pool_id, sub, purpose) DO UPDATE SET code = excluded.code, attempts = excluded.attempts, created_at = excluded.created_at,
        expires_at = excluded.expires_at, data = excluded.data`,
      [c.poolId, c.sub, c.purpose, c.code, c.attempts, c.createdAt, c.expiresAt, JSON.stringify(c.data)],
      on,
    );
  }

  async getCode(poolId: string, sub: string, purpose: string): Promise<CodeRecord | null> {
    const { rows } = await this.q<CodeRow>('SELECT * FROM codes WHERE pool_id = $1 AND sub = $2 AND purpose = $3', [poolId, sub, purpose]);
    return rows[0] ? codeFromRow(rows[0]) : null;
  }

  async claimCodeAttempt(poolId: string, sub: string, purpose: string, maxAttempts: number): Promise<CodeRecord | null> {
    const { rows } = await this.q<CodeRow>(
      'UPDATE codes SET attempts = attempts + 1 WHERE pool_id = $1 AND sub = $2 AND purpose = $3 AND attempts < $4 RETURNING *',
      [poolId, sub, purpose, maxAttempts],
    );
    return rows[0] ? codeFromRow(rows[0]) : null;
  }

  async consumeCode(poolId: string, sub: string, purpose: string, code: string): Promise<boolean> {
    const { rows } = await this.q('DELETE FROM codes WHERE pool_id = $1 AND sub = $2 AND purpose = $3 AND code = $4 RETURNING code', [
      poolId,
      sub,
      purpose,
      code,
    ]);
    return rows.length > 0;
  }

  async deleteCodes(poolId: string, sub: string): Promise<void> {
    await this.q('DELETE FROM codes WHERE pool_id = $1 AND sub = $2', [poolId, sub]);
  }

  /**
   * Instances purging at once may pick the same rows; the loser's DELETE finds them gone and counts
   * nothing, so the sum over instances is still the number deleted.
   */
  async purgeExpired(before: Date, limit: number): Promise<number> {
    let deleted = 0;
    for (const [table, key] of [
      ['challenge_sessions', 'id'],
      ['oauth_codes', 'code_hash'],
      ['hosted_sessions', 'id_hash'],
    ] as const) {
      const r = await this.q(`DELETE FROM ${table} WHERE ${key} IN (SELECT ${key} FROM ${table} WHERE expires_at < $1 ORDER BY expires_at LIMIT $2)`, [
        before,
        limit,
      ]);
      deleted += r.rowCount ?? 0;
    }
    return deleted;
  }
}
