import type Database from 'better-sqlite3';
import { pageOf } from '../common.js';
import type { DeviceRecord, Page } from '../store.js';
import type { GuardedStatement, SqliteGuard } from './guard.js';

/* Remembered devices in SQLite (table of migration step 12). Kept apart from store.ts, which delegates to
   it one line per method. */

interface DeviceRow {
  pool_id: string;
  device_key: string;
  sub: string;
  group_key: string;
  name: string | null;
  remembered: number;
  salt: string;
  verifier: string;
  last_ip: string | null;
  created_at: number;
  modified_at: number;
  authenticated_at: number;
}

const deviceFromRow = (r: DeviceRow): DeviceRecord => ({
  poolId: r.pool_id,
  sub: r.sub,
  key: r.device_key,
  groupKey: r.group_key,
  name: r.name,
  remembered: r.remembered === 1,
  salt: r.salt,
  verifier: r.verifier,
  lastIp: r.last_ip,
  createdAt: new Date(r.created_at),
  lastModifiedAt: new Date(r.modified_at),
  lastAuthenticatedAt: new Date(r.authenticated_at),
});

/** The device statements, prepared once. Nothing is cached: devices are read at sign-in and by the device operations only. */
export class SqliteDevices {
  private readonly s;

  constructor(db: Database.Database, guard: SqliteGuard) {
    const p = (sql: string): GuardedStatement => guard.statement(db.prepare(sql));
    this.s = {
      // The user must exist (a deleted user's sign-in cannot leave a device behind), and an existing key
      // is replaced only for its own user: the WHERE of the upsert leaves another user's device alone.
      put: p(`INSERT INTO devices (pool_id, device_key, sub, group_key, name, remembered, salt, verifier, last_ip, created_at, modified_at, authenticated_at)
        SELECT @pool_id, @device_key, @sub, @group_key, @name, @remembered, @salt, @verifier, @last_ip, @created_at, @modified_at, @authenticated_at
        WHERE EXISTS (SELECT 1 FROM users WHERE pool_id = @pool_id AND sub = @sub)
        ON CONFLICT (pool_id, device_key) DO UPDATE SET group_key = excluded.group_key, name = excluded.name, remembered = excluded.remembered,
          salt = excluded.salt, verifier = excluded.verifier, last_ip = coalesce(excluded.last_ip, devices.last_ip),
          modified_at = excluded.modified_at, authenticated_at = excluded.authenticated_at
        WHERE devices.sub = excluded.sub
        RETURNING *`),
      get: p('SELECT * FROM devices WHERE pool_id = ? AND device_key = ?'),
      list: p('SELECT * FROM devices WHERE pool_id = ? AND sub = ? AND device_key > ? ORDER BY device_key LIMIT ?'),
      listRemembered: p('SELECT * FROM devices WHERE pool_id = ? AND sub = ? AND device_key > ? AND remembered = 1 ORDER BY device_key LIMIT ?'),
      setRemembered: p('UPDATE devices SET remembered = ?, modified_at = ? WHERE pool_id = ? AND sub = ? AND device_key = ? RETURNING *'),
      touch: p('UPDATE devices SET authenticated_at = ?, last_ip = coalesce(?, last_ip) WHERE pool_id = ? AND sub = ? AND device_key = ? RETURNING *'),
      delete: p('DELETE FROM devices WHERE pool_id = ? AND sub = ? AND device_key = ?'),
    };
  }

  put(d: DeviceRecord): DeviceRecord | null {
    const r = this.s.put.get({
      pool_id: d.poolId,
      device_key: d.key,
      sub: d.sub,
      group_key: d.groupKey,
      name: d.name,
      remembered: d.remembered ? 1 : 0,
      salt: d.salt,
      verifier: d.verifier,
      last_ip: d.lastIp,
      created_at: d.createdAt.getTime(),
      modified_at: d.lastModifiedAt.getTime(),
      authenticated_at: d.lastAuthenticatedAt.getTime(),
    }) as DeviceRow | undefined;
    return r ? deviceFromRow(r) : null;
  }

  get(poolId: string, key: string): DeviceRecord | null {
    const r = this.s.get.get(poolId, key) as DeviceRow | undefined;
    return r ? deviceFromRow(r) : null;
  }

  list(poolId: string, sub: string, limit: number, after: string | null, rememberedOnly: boolean): Page<DeviceRecord> {
    const rows = (rememberedOnly ? this.s.listRemembered : this.s.list).all(poolId, sub, after ?? '', limit + 1) as DeviceRow[];
    return pageOf(rows.map(deviceFromRow), limit, (d) => d.key);
  }

  setRemembered(poolId: string, sub: string, key: string, remembered: boolean, at: Date): DeviceRecord | null {
    const r = this.s.setRemembered.get(remembered ? 1 : 0, at.getTime(), poolId, sub, key) as DeviceRow | undefined;
    return r ? deviceFromRow(r) : null;
  }

  touch(poolId: string, sub: string, key: string, at: Date, ip: string | null): DeviceRecord | null {
    const r = this.s.touch.get(at.getTime(), ip, poolId, sub, key) as DeviceRow | undefined;
    return r ? deviceFromRow(r) : null;
  }

  delete(poolId: string, sub: string, key: string): boolean {
    return this.s.delete.run(poolId, sub, key).changes > 0;
  }
}
