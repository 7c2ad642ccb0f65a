import Database from 'better-sqlite3';
import { statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
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
  StoreHealth,
  TokenOriginRecord,
  UICustomizationRecord,
  UserChange,
  UserFilter,
  UserRecord,
} from '../store.js';
import { assertSameClient, assertSamePool, assertSameUser, FILTER_COLUMNS, foldedColumn, MAX_GROUPS_PER_POOL, pageOf } from '../common.js';
import { LEGACY_JOURNAL, readLegacyJournal } from './legacy-journal.js';
import { SqliteOAuth } from './oauth.js';
import { openFailure, prepareDataDirectory } from './files.js';
import { SqliteGuard, type GuardedStatement } from './guard.js';
import { BoundedCache, deepFreeze } from './cache.js';
import { migrate } from './migrations.js';
import { SqliteDevices } from './devices.js';
import { SqliteImportJobs } from './import-jobs.js';
import { SqliteGroups } from './groups.js';
import { SqliteHosted } from './hosted.js';
import { prepareStatements, type Statements } from './statements.js';
import {
  clientFromRow,
  clientToRow,
  codeFromRow,
  keyFromRow,
  messageFromRow,
  originFromRow,
  poolFromRow,
  sessionFromRow,
  stateOf,
  userFromRow,
  userToRow,
  type ClientRow,
  type CodeRow,
  type KeyRow,
  type MessageRow,
  type OriginRow,
  type PoolRow,
  type SessionRow,
  type UserRow,
} from './rows.js';

export interface SqliteOptions {
  /** Directory for `cognate.db`; `:memory:` keeps everything in memory (tests). */
  dataDir: string;
  /**
   * `normal` (default) survives a killed process: a commit is in the WAL, in the OS's hands, before
   * the request is answered. `full` also fsyncs every commit, for power loss, at a large cost in writes/s.
   */
  synchronous?: 'normal' | 'full';
  /**
   * Databases larger than this skip the integrity check at start (default START_CHECK_MAX_BYTES); damage
   * found later marks the store unhealthy instead.
   */
  startCheckMaxBytes?: number;
  /** Where the store reports a full disk, a damaged file or a data directory open to others (default: standard error). */
  log?: (line: string) => void;
}

/**
 * The embedded store: one SQLite file in WAL mode through better-sqlite3. better-sqlite3 is synchronous,
 * which suits a single-process server (no thread hops per query); the methods still return Promises
 * so callers are written for the PostgreSQL store as well.
 */
export class SqliteStore implements Store {
  readonly db: Database.Database;
  private readonly s: Statements;
  private readonly groups: SqliteGroups;
  private readonly devices: SqliteDevices;
  private readonly importJobs: SqliteImportJobs;
  private readonly oauth: SqliteOAuth;
  private readonly hosted: SqliteHosted;
  /** Every statement and transaction below runs through it: see SqliteGuard. */
  private readonly guard: SqliteGuard;
  /**
   * Parsed pools, frozen. Every request reads its pool and the settings JSON is large (the schema), so
   * parsing it each time cost more than the query. One process owns the database file, so its own
   * writes are the only invalidation needed.
   */
  private readonly pools = new Map<string, PoolRecord>();
  /**
   * Raw user and token-origin rows, which every token-authorised request reads. Rows (strings) rather
   * than records are kept, so each caller still gets objects of its own to change. Invariant: every
   * statement that writes `users` or `token_origins` goes through a method below that updates or
   * forgets the cached row.
   */
  private readonly userRows = new BoundedCache<string, UserRow>(20_000);
  private readonly usernameBySub = new BoundedCache<string, string>(20_000);
  private readonly originRows = new BoundedCache<string, OriginRow>(20_000);
  constructor(options: SqliteOptions) {
    const log = options.log ?? ((line: string) => process.stderr.write(`cognate: ${line}\n`));
    const file = options.dataDir === ':memory:' ? ':memory:' : prepareDataDirectory(options.dataDir, log);
    this.guard = new SqliteGuard(file, log);
    try {
      this.db = new Database(file);
    } catch (e) {
      throw openFailure(file, e);
    }
    // Closed again if anything below fails, so a refused start leaves the directory unlocked.
    try {
      // One server process owns the file: exclusive locking keeps the WAL index in process memory and
      // saves two fcntl() calls per statement, and stops a second server from opening the same directory
      // (whose caches would then disagree with this one's).
      if (file !== ':memory:') this.db.pragma('locking_mode = EXCLUSIVE');
      this.db.pragma('journal_mode = WAL');
      // A checkpoint fsyncs the database file inside whichever request triggers it. Every 10,000 pages
      // (a WAL of up to 40 MB) instead of SQLite's 1,000, those stalls touch a tenth as many requests,
      // which keeps them out of the 99th percentile of write latency.
      this.db.pragma('wal_autocheckpoint = 10000');
      this.db.pragma(`synchronous = ${options.synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
      this.db.pragma('foreign_keys = ON');
      this.db.pragma('busy_timeout = 5000');
      if (file !== ':memory:') this.checkIntegrity(file, options.startCheckMaxBytes ?? SqliteStore.START_CHECK_MAX_BYTES);
      migrate(this.db);
      this.s = prepareStatements(this.db, this.guard);
      this.groups = new SqliteGroups(this.db, this.guard);
      this.devices = new SqliteDevices(this.db, this.guard);
      this.importJobs = new SqliteImportJobs(this.db, this.guard);
      this.oauth = new SqliteOAuth(this.db, this.guard);
      this.hosted = new SqliteHosted(this.db, this.guard);
      if (file !== ':memory:') this.replayLegacyJournal(join(options.dataDir, LEGACY_JOURNAL));
    } catch (e) {
      this.db.close();
      throw openFailure(file, e);
    }
  }

  /** Databases up to this size are checked with `PRAGMA quick_check` at start; see `checkIntegrity`. */
  static readonly START_CHECK_MAX_BYTES = 64 * 1024 * 1024;

  /**
   * Refuses to start on a database with a damaged page, rather than answer GET /health 200 while reads
   * fail. `PRAGMA quick_check` reads every page, so its cost grows with the file. Measured on this
   * project's machine (2026-12-04): 100,000 users, 64 MB: 0.12-0.21 s with the file in the page cache,
   * 0.98 s after evicting it; 1,000,000 users, 642 MB: 2.0-2.3 s cached, 18.2 s evicted (and
   * `integrity_check` 10.2 s cached). So only files up to START_CHECK_MAX_BYTES are checked (at most about
   * a second); a larger one is trusted at start, and damage that a statement meets later marks the store
   * unhealthy (SqliteGuard), so GET /health answers 503 naming the file.
   */
  private checkIntegrity(file: string, maxBytes: number): void {
    if (statSync(file).size > maxBytes) return;
    const problems = (this.db.pragma('quick_check(5)') as { quick_check: string }[]).map((r) => r.quick_check);
    if (problems.length === 1 && problems[0] === 'ok') return;
    throw new Error(`cannot open the database ${file}: the file is damaged (PRAGMA quick_check: ${problems.join('; ')})`);
  }

  /**
   * Applies the user updates a killed cognate 0.1 left in its journal, then deletes the file. The updates
   * are committed before the file goes, so a kill in between replays them again: they are whole states,
   * and nothing else was written in between (the server was not serving yet).
   */
  private replayLegacyJournal(path: string): void {
    const records = readLegacyJournal(path);
    if (records === null) return;
    this.guard.transaction(this.db, () => {
      for (const [pool_id, username, status, enabled, password_hash, temp_password_expires_at, attributes, mfa, modified_at] of records) {
        this.s.updateUserState.run({
          pool_id,
          username,
          status,
          enabled,
          password_hash,
          temp_password_expires_at,
          attributes,
          mfa,
          modified_at,
          lockout: null,
        });
      }
    });
    unlinkSync(path);
  }

  async createPool(pool: PoolRecord, keys: PoolKeyRecord[]): Promise<void> {
    this.guard.transaction(this.db, () => {
      this.s.insertPool.run({
        id: pool.id,
        name: pool.name,
        created_at: pool.createdAt.getTime(),
        modified_at: pool.lastModifiedAt.getTime(),
        settings: JSON.stringify(pool.settings),
      });
      for (const k of keys) {
        this.s.insertKey.run({ pool_id: k.poolId, use: k.use, kid: k.kid, private_jwk: k.privateJwk, public_jwk: k.publicJwk });
      }
    });
  }

  async getPool(id: string): Promise<PoolRecord | null> {
    const cached = this.pools.get(id);
    if (cached) return cached;
    const r = this.s.getPool.get(id) as PoolRow | undefined;
    if (!r) return null;
    const pool = deepFreeze(poolFromRow(r));
    this.pools.set(id, pool);
    return pool;
  }

  async listPools(limit: number, after: string | null): Promise<Page<PoolRecord>> {
    const rows = this.s.listPools.all(after ?? '', limit + 1) as PoolRow[];
    return pageOf(rows.map(poolFromRow), limit, (p) => p.id);
  }

  /** Atomic for the same reason as changeUser: the read, `change` and the write run without a pause. */
  async changePool(id: string, change: PoolChange): Promise<PoolRecord | null> {
    const r = this.s.getPool.get(id) as PoolRow | undefined;
    if (!r) return null;
    const current = poolFromRow(r);
    const next = change(poolFromRow(r));
    if (!next) return current;
    assertSamePool(current, next);
    this.pools.delete(id);
    this.s.updatePool.run({ id, name: next.name, modified_at: next.lastModifiedAt.getTime(), settings: JSON.stringify(next.settings) });
    return poolFromRow(this.s.getPool.get(id) as PoolRow);
  }

  async deletePool(id: string): Promise<boolean> {
    this.pools.delete(id);
    this.userRows.clear();
    this.usernameBySub.clear();
    this.originRows.clear();
    return this.guard.transaction(this.db, () => {
      this.s.deletePoolMessages.run(id);
      return this.s.deletePool.run(id).changes > 0;
    });
  }

  async getPoolKeys(poolId: string): Promise<PoolKeyRecord[]> {
    return (this.s.getKeys.all(poolId) as KeyRow[]).map(keyFromRow);
  }

  async countUsers(poolId: string): Promise<number> {
    return (this.s.countUsers.get(poolId) as { n: number }).n;
  }

  async createClient(c: ClientRecord): Promise<void> {
    this.s.insertClient.run(clientToRow(c));
  }

  async getClient(clientId: string): Promise<ClientRecord | null> {
    const r = this.s.getClient.get(clientId) as ClientRow | undefined;
    return r ? clientFromRow(r) : null;
  }

  async listClients(poolId: string, limit: number, after: string | null): Promise<Page<ClientRecord>> {
    const rows = this.s.listClients.all(poolId, after ?? '', limit + 1) as ClientRow[];
    return pageOf(rows.map(clientFromRow), limit, (c) => c.id);
  }

  /** Atomic for the same reason as changeUser. */
  async changeClient(clientId: string, change: ClientChange): Promise<ClientRecord | null> {
    const r = this.s.getClient.get(clientId) as ClientRow | undefined;
    if (!r) return null;
    const current = clientFromRow(r);
    const next = change(clientFromRow(r));
    if (!next) return current;
    assertSameClient(current, next);
    const { pool_id: _pool, created_at: _created, ...row } = clientToRow(next);
    this.s.updateClient.run(row);
    return clientFromRow(this.s.getClient.get(clientId) as ClientRow);
  }

  async deleteClient(clientId: string): Promise<boolean> {
    return this.s.deleteClient.run(clientId).changes > 0;
  }

  async createUser(user: UserRecord): Promise<boolean> {
    if (user.attributes.identities === undefined) return this.s.insertUser.run(userToRow(user)).changes > 0;
    // A federated user: the row and its identities' index rows in one transaction.
    return this.guard.transaction(this.db, () => {
      if (this.s.insertUser.run(userToRow(user)).changes === 0) return false;
      this.oauth.syncIdentities(user, false);
      return true;
    });
  }

  async createUsers(users: UserRecord[]): Promise<void> {
    this.guard.transaction(this.db, () => {
      for (const u of users) {
        if (this.s.insertUser.run(userToRow(u)).changes > 0 && u.attributes.identities !== undefined) this.oauth.syncIdentities(u, false);
      }
    });
  }

  private userRow(poolId: string, username: string, key = `${poolId}\u0000${username}`): UserRow | undefined {
    const cached = this.userRows.get(key);
    if (cached) return cached;
    const r = this.s.getUser.get(poolId, username) as UserRow | undefined;
    if (r) this.remember(r);
    return r;
  }

  private remember(r: UserRow): void {
    this.userRows.set(`${r.pool_id}\u0000${r.username}`, r);
    this.usernameBySub.set(`${r.pool_id}\u0000${r.sub}`, r.username);
  }

  async getUser(poolId: string, username: string): Promise<UserRecord | null> {
    const r = this.userRow(poolId, username);
    return r ? userFromRow(r) : null;
  }

  async getUserByUsernameKey(poolId: string, key: string): Promise<UserRecord | null> {
    const r = this.s.getUserByUsernameKey.get(poolId, key) as UserRow | undefined;
    if (r) this.remember(r);
    return r ? userFromRow(r) : null;
  }

  async getUserBySub(poolId: string, sub: string): Promise<UserRecord | null> {
    const r = this.userRowBySub(poolId, sub);
    return r ? userFromRow(r) : null;
  }

  private userRowBySub(poolId: string, sub: string): UserRow | undefined {
    const username = this.usernameBySub.get(`${poolId}\u0000${sub}`);
    if (username !== undefined) {
      const r = this.userRow(poolId, username);
      // The name may since have been deleted and taken by another user with another sub.
      if (r && r.sub === sub) return r;
    }
    const r = this.s.getUserBySub.get(poolId, sub) as UserRow | undefined;
    if (r) this.remember(r);
    return r;
  }

  async findUsersByAttribute(poolId: string, name: string, value: string, options?: { ignoreCase?: boolean }): Promise<UserRecord[]> {
    let rows: UserRow[];
    if (options?.ignoreCase) {
      const statement = foldedColumn(name) === 'email_key' ? this.s.usersByEmailKey : this.s.usersByPreferredUsernameKey;
      rows = statement.all(poolId, value.toLowerCase()) as UserRow[];
    } else if (name === 'email') rows = this.s.usersByEmail.all(poolId, value) as UserRow[];
    else if (name === 'phone_number') rows = this.s.usersByPhone.all(poolId, value) as UserRow[];
    else rows = this.s.usersByAttribute.all(poolId, name, value) as UserRow[];
    return rows.map(userFromRow);
  }

  /**
   * Atomic because nothing in it waits: the read (from the row cache or the table), `change` and the
   * write run in one synchronous stretch, and better-sqlite3 runs SQL on this thread, so no other
   * request's code runs in between. One process holds the database (exclusive locking), so there is
   * no other writer either. The write is its own SQLite transaction, committed before this resolves.
   */
  async changeUser(poolId: string, sub: string, change: UserChange): Promise<UserRecord | null> {
    const current = this.userRowBySub(poolId, sub);
    if (!current) return null;
    const given = userFromRow(current);
    const next = change(given);
    // `given` is the change's own copy; a change that returns null may have altered it, so parse again.
    if (!next) return userFromRow(current);
    assertSameUser({ poolId: current.pool_id, username: current.username, sub: current.sub }, next);
    const row = userToRow(next);
    // created_at never changes; keep the stored one.
    row.created_at = current.created_at;
    // SQLite rewrites the index entries of every column an UPDATE sets, changed or not. Most changes
    // (MFA switches, status, passwords) leave the indexed columns alone: those set only the state
    // columns. The caches change only once the statement has succeeded.
    const write = () => {
      if (current.email === row.email && current.phone_number === row.phone_number && current.preferred_username_key === row.preferred_username_key) {
        this.s.updateUserState.run(stateOf(row));
      } else this.s.updateUser.run(row);
    };
    // A change of `identities` rewrites its index rows in the same transaction (refused if another user holds one).
    // Parsed again only for users that have or get identities: the other writes (most) skip the parse.
    const identitiesInvolved = next.attributes.identities !== undefined || current.attributes.includes('"identities":');
    if (identitiesInvolved && JSON.parse(current.attributes).identities !== next.attributes.identities) {
      this.guard.transaction(this.db, () => {
        write();
        this.oauth.syncIdentities(next, true);
      });
    } else write();
    this.remember(row);
    return { ...next, createdAt: new Date(row.created_at) };
  }

  async deleteUser(poolId: string, username: string): Promise<boolean> {
    // Token origins stay: a token of a deleted user must still verify, then meet UserNotFoundException.
    const key = `${poolId}\u0000${username}`;
    const cached = this.userRows.get(key);
    if (cached) this.usernameBySub.delete(`${poolId}\u0000${cached.sub}`);
    this.userRows.delete(key);
    return this.s.deleteUser.run(poolId, username).changes > 0;
  }

  async listUsers(poolId: string, limit: number, after: string | null, filter: UserFilter | null): Promise<Page<UserRecord>> {
    let rows: UserRow[];
    if (!filter) {
      rows = this.s.listUsers.all(poolId, after ?? '', limit + 1) as UserRow[];
    } else {
      const column = FILTER_COLUMNS[filter.attribute];
      const params: unknown[] = [poolId, after ?? ''];
      let expr: string;
      if (filter.attribute === 'status') {
        // "status" filters on Enabled/Disabled, not on the confirmation status.
        expr = 'enabled';
        filter = { ...filter, value: filter.value === 'Enabled' ? '1' : filter.value === 'Disabled' ? '0' : '-1' };
      } else if (column) {
        expr = column;
      } else {
        expr = `json_extract(attributes, '$."' || ? || '"')`;
        params.push(filter.attribute);
      }
      const cond = filter.op === '=' ? `${expr} = ?` : `substr(${expr}, 1, ?) = ?`;
      if (filter.op === '^=') params.push([...filter.value].length);
      params.push(filter.value);
      params.push(limit + 1);
      const sql = `SELECT * FROM users WHERE pool_id = ? AND username > ? AND ${cond} ORDER BY username LIMIT ?`;
      // The SQL names only fixed columns (values are parameters), so there are a handful of texts to cache.
      rows = this.stmt(sql).all(...params) as UserRow[];
    }
    return pageOf(rows.map(userFromRow), limit, (u) => u.username);
  }

  async createTokenOrigin(o: TokenOriginRecord): Promise<void> {
    this.s.insertOrigin.run({
      origin_jti: o.originJti,
      pool_id: o.poolId,
      client_id: o.clientId,
      sub: o.sub,
      username: o.username,
      refresh_hash: o.refreshTokenHash,
      auth_time: o.authTime.getTime(),
      expires_at: o.expiresAt.getTime(),
      revoked_at: o.revokedAt ? o.revokedAt.getTime() : null,
      scope: o.scope ?? null,
      device_key: o.deviceKey ?? null,
      device_group_key: o.deviceGroupKey ?? null,
    });
  }

  async getTokenOrigin(originJti: string): Promise<TokenOriginRecord | null> {
    let r = this.originRows.get(originJti);
    if (!r) {
      r = this.s.getOrigin.get(originJti) as OriginRow | undefined;
      if (!r) return null;
      this.originRows.set(originJti, r);
    }
    return originFromRow(r);
  }

  async getTokenOriginByRefreshHash(hash: string): Promise<TokenOriginRecord | null> {
    return (await this.findRefreshToken(hash))?.origin ?? null;
  }

  async findRefreshToken(hash: string): Promise<RefreshTokenRecord | null> {
    const rotated = this.stmt(
      'SELECT o.*, r.replaced_until AS replaced_until FROM refresh_tokens r JOIN token_origins o ON o.origin_jti = r.origin_jti WHERE r.hash = ?',
    ).get(hash) as (OriginRow & { replaced_until: number | null }) | undefined;
    if (rotated) {
      const { replaced_until, ...origin } = rotated;
      return { hash, origin: originFromRow(origin), replacedUntil: replaced_until === null ? null : new Date(replaced_until) };
    }
    const r = this.s.getOriginByHash.get(hash) as OriginRow | undefined;
    return r ? { hash, origin: originFromRow(r), replacedUntil: null } : null;
  }

  /** Atomic as one SQLite transaction run without a pause (see changeUser); the upsert's WHERE is the check. */
  async rotateRefreshToken(originJti: string, hash: string, nextHash: string, now: Date, replacedUntil: Date): Promise<boolean> {
    const claim = this.stmt(`INSERT INTO refresh_tokens (hash, origin_jti, replaced_until) VALUES (?, ?, ?)
      ON CONFLICT (hash) DO UPDATE SET replaced_until = coalesce(refresh_tokens.replaced_until, excluded.replaced_until)
      WHERE refresh_tokens.replaced_until IS NULL OR refresh_tokens.replaced_until > ? RETURNING hash`);
    const insert = this.stmt('INSERT INTO refresh_tokens (hash, origin_jti, replaced_until) VALUES (?, ?, NULL)');
    return this.guard.transaction(this.db, () => {
      if (!claim.get(hash, originJti, replacedUntil.getTime(), now.getTime())) return false;
      insert.run(nextHash, originJti);
      return true;
    });
  }

  async revokeTokenOrigin(originJti: string, at: Date): Promise<boolean> {
    this.originRows.delete(originJti);
    return this.s.revokeOrigin.run(at.getTime(), originJti).changes > 0;
  }

  async revokeUserTokenOrigins(poolId: string, sub: string, at: Date): Promise<number> {
    this.originRows.deleteWhere((r) => r.pool_id === poolId && r.sub === sub);
    return this.s.revokeUserOrigins.run(at.getTime(), poolId, sub).changes;
  }

  async putChallengeSession(s: ChallengeSessionRecord): Promise<void> {
    this.s.putSession.run({
      id: s.id,
      pool_id: s.poolId,
      client_id: s.clientId,
      username: s.username,
      challenge: s.challenge,
      code: s.code,
      attempts: s.attempts,
      expires_at: s.expiresAt.getTime(),
      data: JSON.stringify(s.data),
    });
  }

  async getChallengeSession(id: string): Promise<ChallengeSessionRecord | null> {
    const r = this.s.getSession.get(id) as SessionRow | undefined;
    return r ? sessionFromRow(r) : null;
  }

  async claimChallengeAttempt(id: string, maxAttempts: number): Promise<ChallengeSessionRecord | null> {
    const r = this.s.claimSession.get(id, maxAttempts) as SessionRow | undefined;
    return r ? sessionFromRow(r) : null;
  }

  async consumeChallengeSession(id: string): Promise<boolean> {
    return this.s.consumeSession.run(id).changes > 0;
  }

  async putDevice(device: DeviceRecord): Promise<DeviceRecord | null> {
    return this.devices.put(device);
  }

  async getDevice(poolId: string, key: string): Promise<DeviceRecord | null> {
    return this.devices.get(poolId, key);
  }

  async listDevices(poolId: string, sub: string, limit: number, after: string | null, rememberedOnly: boolean): Promise<Page<DeviceRecord>> {
    return this.devices.list(poolId, sub, limit, after, rememberedOnly);
  }

  async setDeviceRemembered(poolId: string, sub: string, key: string, remembered: boolean, at: Date): Promise<DeviceRecord | null> {
    return this.devices.setRemembered(poolId, sub, key, remembered, at);
  }

  async touchDevice(poolId: string, sub: string, key: string, at: Date, ip: string | null): Promise<DeviceRecord | null> {
    return this.devices.touch(poolId, sub, key, at, ip);
  }

  async deleteDevice(poolId: string, sub: string, key: string): Promise<boolean> {
    return this.devices.delete(poolId, sub, key);
  }

  async createImportJob(job: ImportJobRecord): Promise<void> {
    return this.importJobs.create(job);
  }

  async getImportJob(jobId: string): Promise<ImportJobRecord | null> {
    return this.importJobs.get(jobId);
  }

  async listImportJobs(poolId: string, limit: number, after: string | null): Promise<Page<ImportJobRecord>> {
    return this.importJobs.list(poolId, limit, after);
  }

  async putImportCsv(jobId: string, csv: string): Promise<boolean> {
    return this.importJobs.putCsv(jobId, csv);
  }

  async getImportCsv(jobId: string): Promise<string | null> {
    return this.importJobs.getCsv(jobId);
  }

  async updateImportJob(job: ImportJobRecord, from: ImportJobStatus): Promise<ImportJobRecord | null> {
    return this.importJobs.update(job, from);
  }

  async createGroup(group: GroupRecord): Promise<boolean> {
    return this.groups.create(group);
  }

  async getGroup(poolId: string, name: string): Promise<GroupRecord | null> {
    return this.groups.get(poolId, name);
  }

  async listGroups(poolId: string, limit: number, after: string | null): Promise<Page<GroupRecord>> {
    return this.groups.list(poolId, limit, after);
  }

  async updateGroup(poolId: string, name: string, change: GroupChange): Promise<GroupRecord | null> {
    return this.groups.update(poolId, name, change);
  }

  async deleteGroup(poolId: string, name: string): Promise<boolean> {
    return this.groups.delete(poolId, name);
  }

  async addUserToGroup(poolId: string, name: string, sub: string): Promise<MembershipResult> {
    return this.groups.addMember(poolId, name, sub);
  }

  async removeUserFromGroup(poolId: string, name: string, sub: string): Promise<boolean> {
    return this.groups.removeMember(poolId, name, sub);
  }

  async listGroupsForUser(poolId: string, sub: string, limit: number, after: string | null): Promise<Page<GroupRecord>> {
    return this.groups.groupsOfUser(poolId, sub, limit, after);
  }

  async groupsOfUser(poolId: string, sub: string): Promise<GroupRecord[]> {
    return this.groups.groupsOfUser(poolId, sub, MAX_GROUPS_PER_POOL, null).items;
  }

  async listUsersInGroup(poolId: string, name: string, limit: number, after: string | null): Promise<Page<UserRecord>> {
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
    return this.oauth.listServers(poolId, MAX_GROUPS_PER_POOL, null).items;
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
    const sub = this.oauth.subByIdentity(poolId, providerName, providerUserId);
    if (sub === null) return null;
    const r = this.userRowBySub(poolId, sub);
    return r ? userFromRow(r) : null;
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

  async createDomain(domain: DomainRecord): Promise<DomainCreation> {
    return this.hosted.createDomain(domain);
  }

  async getDomain(domain: string): Promise<DomainRecord | null> {
    return this.hosted.getDomain(domain);
  }

  async domainsOfPool(poolId: string): Promise<DomainRecord[]> {
    return this.hosted.domainsOfPool(poolId);
  }

  async updateDomain(
    poolId: string,
    domain: string,
    change: Pick<DomainRecord, 'certificateArn' | 'managedLoginVersion' | 'version' | 'lastModifiedAt'>,
  ): Promise<DomainRecord | null> {
    return this.hosted.updateDomain(poolId, domain, change);
  }

  async deleteDomain(poolId: string, domain: string): Promise<boolean> {
    return this.hosted.deleteDomain(poolId, domain);
  }

  async putAuthorizationCode(code: AuthorizationCodeRecord): Promise<void> {
    this.hosted.putCode(code);
  }

  async consumeAuthorizationCode(codeHash: string): Promise<AuthorizationCodeRecord | null> {
    return this.hosted.consumeCode(codeHash);
  }

  async putHostedSession(session: HostedSessionRecord): Promise<void> {
    this.hosted.putSession(session);
  }

  async getHostedSession(idHash: string): Promise<HostedSessionRecord | null> {
    return this.hosted.getSession(idHash);
  }

  async deleteHostedSession(idHash: string): Promise<void> {
    this.hosted.deleteSession(idHash);
  }

  async takeHostedSession(idHash: string): Promise<HostedSessionRecord | null> {
    return this.hosted.takeSession(idHash);
  }

  async addMessage(m: NewMessage): Promise<MessageRecord> {
    const r = this.s.insertMessage.get({
      pool_id: m.poolId,
      username: m.username,
      medium: m.medium,
      destination: m.destination,
      code: m.code,
      subject: m.subject ?? null,
      message: m.message,
      created_at: m.createdAt.getTime(),
    }) as MessageRow;
    return messageFromRow(r);
  }

  async listMessages(filter: { poolId?: string; username?: string }): Promise<MessageRecord[]> {
    const where: string[] = [];
    const params: string[] = [];
    if (filter.poolId !== undefined) {
      where.push('pool_id = ?');
      params.push(filter.poolId);
    }
    if (filter.username !== undefined) {
      where.push('username = ?');
      params.push(filter.username);
    }
    const sql = `SELECT * FROM messages ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY id`;
    return (this.stmt(sql).all(...params) as MessageRow[]).map(messageFromRow);
  }

  /** Unhealthy once SQLite has found the file damaged (GET /health then answers 503, naming the file). */
  health(): StoreHealth {
    return this.guard.health();
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  /** Statements of the methods below, prepared on first use. */
  private readonly more = new Map<string, GuardedStatement>();
  private stmt(sql: string): GuardedStatement {
    let st = this.more.get(sql);
    if (!st) {
      st = this.guard.statement(this.db.prepare(sql));
      this.more.set(sql, st);
    }
    return st;
  }

  async setSrpVerifier(poolId: string, username: string, srp: SrpVerifierRecord): Promise<boolean> {
    return (
      this.stmt('UPDATE users SET srp_salt = ?, srp_verifier = ?, srp_password_hash = ? WHERE pool_id = ? AND username = ? AND password_hash = ?').run(
        srp.salt,
        srp.verifier,
        srp.passwordHash,
        poolId,
        username,
        srp.passwordHash,
      ).changes > 0
    );
  }

  async getSrpVerifier(poolId: string, username: string): Promise<SrpVerifierRecord | null> {
    const r = this.stmt('SELECT srp_salt, srp_verifier, srp_password_hash FROM users WHERE pool_id = ? AND username = ?').get(poolId, username) as
      | { srp_salt: string | null; srp_verifier: string | null; srp_password_hash: string | null }
      | undefined;
    if (!r || r.srp_salt === null || r.srp_verifier === null || r.srp_password_hash === null) return null;
    return { salt: r.srp_salt, verifier: r.srp_verifier, passwordHash: r.srp_password_hash };
  }

  async claimTotpStep(poolId: string, username: string, step: number): Promise<boolean> {
    return (
      this.stmt('UPDATE users SET totp_last_step = ? WHERE pool_id = ? AND username = ? AND (totp_last_step IS NULL OR totp_last_step < ?)').run(
        step,
        poolId,
        username,
        step,
      ).changes > 0
    );
  }

  /** Atomic for the same reason as changeUser: read, `make` and write run without a pause. */
  async issueCode(poolId: string, sub: string, purpose: string, make: (previous: CodeRecord | null) => CodeRecord): Promise<CodeRecord> {
    const r = this.stmt('SELECT * FROM codes WHERE pool_id = ? AND sub = ? AND purpose = ?').get(poolId, sub, purpose) as CodeRow | undefined;
    const c = make(r ? codeFromRow(r) : null);
    if (c.poolId !== poolId || c.sub !== sub || c.purpose !== purpose) throw new TypeError('issueCode: make returned a code of another key');
    this.stmt(`INSERT OR REPLACE INTO codes (pool_id, sub, purpose, code, attempts, created_at, expires_at, data)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)`).run(
      c.poolId,
      c.sub,
      c.purpose,
      c.code,
      c.attempts,
      c.createdAt.getTime(),
      c.expiresAt.getTime(),
      JSON.stringify(c.data),
    );
    return c;
  }

  async getCode(poolId: string, sub: string, purpose: string): Promise<CodeRecord | null> {
    const r = this.stmt('SELECT * FROM codes WHERE pool_id = ? AND sub = ? AND purpose = ?').get(poolId, sub, purpose) as CodeRow | undefined;
    return r ? codeFromRow(r) : null;
  }

  async claimCodeAttempt(poolId: string, sub: string, purpose: string, maxAttempts: number): Promise<CodeRecord | null> {
    const r = this.stmt('UPDATE codes SET attempts = attempts + 1 WHERE pool_id = ? AND sub = ? AND purpose = ? AND attempts < ? RETURNING *').get(
      poolId,
      sub,
      purpose,
      maxAttempts,
    ) as CodeRow | undefined;
    return r ? codeFromRow(r) : null;
  }

  async consumeCode(poolId: string, sub: string, purpose: string, code: string): Promise<boolean> {
    return this.stmt('DELETE FROM codes WHERE pool_id = ? AND sub = ? AND purpose = ? AND code = ?').run(poolId, sub, purpose, code).changes > 0;
  }

  async deleteCodes(poolId: string, sub: string): Promise<void> {
    this.stmt('DELETE FROM codes WHERE pool_id = ? AND sub = ?').run(poolId, sub);
  }

  async purgeExpired(before: Date, limit: number): Promise<number> {
    const t = before.getTime();
    return this.s.purgeSessions.run(t, limit).changes + this.hosted.purgeExpired(t, limit);
  }
}
