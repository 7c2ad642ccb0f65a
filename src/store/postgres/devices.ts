import { pageOf } from '../common.js';
import type { DeviceRecord, Page } from '../store.js';
import type { Query } from './groups.js';

/* Remembered devices in PostgreSQL (table of migration step 12). Kept apart from store.ts, which delegates
   to it one line per method. */

interface DeviceRow {
  pool_id: string;
  device_key: string;
  sub: string;
  group_key: string;
  name: string | null;
  remembered: boolean;
  salt: string;
  verifier: string;
  last_ip: string | null;
  created_at: Date;
  modified_at: Date;
  authenticated_at: Date;
}

const deviceFromRow = (r: DeviceRow): DeviceRecord => ({
  poolId: r.pool_id,
  sub: r.sub,
  key: r.device_key,
  groupKey: r.group_key,
  name: r.name,
  remembered: r.remembered,
  salt: r.salt,
  verifier: r.verifier,
  lastIp: r.last_ip,
  createdAt: r.created_at,
  lastModifiedAt: r.modified_at,
  lastAuthenticatedAt: r.authenticated_at,
});

/** PostgreSQL's foreign_key_violation. */
const FOREIGN_KEY_VIOLATION = '23503';

/** Nothing is cached: another instance may confirm, change or forget a device at any time. */
export class PostgresDevices {
  constructor(private readonly q: Query) {}

  /**
   * One statement: inserts if the user exists, or replaces the same user's device; the WHERE of the upsert
   * leaves another user's device alone. A user deleted by another instance before the commit makes the
   * foreign key refuse the row, so no device outlives its user.
   */
  async put(d: DeviceRecord): Promise<DeviceRecord | null> {
    try {
      const { rows } = await this.q<DeviceRow>(
        `INSERT INTO devices (pool_id, device_key, sub, group_key, name, remembered, salt, verifier, last_ip, created_at, modified_at, authenticated_at)
        SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12 WHERE EXISTS (SELECT 1 FROM users WHERE pool_id = $1 AND sub = $3)
        ON CONFLICT (pool_id, device_key) DO UPDATE SET group_key = excluded.group_key, name = excluded.name, remembered = excluded.remembered,
          salt = excluded.salt, verifier = excluded.verifier, last_ip = coalesce(excluded.last_ip, devices.last_ip),
          modified_at = excluded.modified_at, authenticated_at = excluded.authenticated_at
        WHERE devices.sub = excluded.sub
        RETURNING *`,
        [d.poolId, d.key, d.sub, d.groupKey, d.name, d.remembered, d.salt, d.verifier, d.lastIp, d.createdAt, d.lastModifiedAt, d.lastAuthenticatedAt],
      );
      return rows[0] ? deviceFromRow(rows[0]) : null;
    } catch (e) {
      if ((e as { code?: unknown }).code === FOREIGN_KEY_VIOLATION) return null;
      throw e;
    }
  }

  async get(poolId: string, key: string): Promise<DeviceRecord | null> {
    const { rows } = await this.q<DeviceRow>('SELECT * FROM devices WHERE pool_id = $1 AND device_key = $2', [poolId, key]);
    return rows[0] ? deviceFromRow(rows[0]) : null;
  }

  async list(poolId: string, sub: string, limit: number, after: string | null, rememberedOnly: boolean): Promise<Page<DeviceRecord>> {
    const { rows } = await this.q<DeviceRow>(
      `SELECT * FROM devices WHERE pool_id = $1 AND sub = $2 AND device_key > $3 AND (remembered OR NOT $4) ORDER BY device_key LIMIT $5`,
      [poolId, sub, after ?? '', rememberedOnly, limit + 1],
    );
    return pageOf(rows.map(deviceFromRow), limit, (d) => d.key);
  }

  async setRemembered(poolId: string, sub: string, key: string, remembered: boolean, at: Date): Promise<DeviceRecord | null> {
    const { rows } = await this.q<DeviceRow>(
      'UPDATE devices SET remembered = $4, modified_at = $5 WHERE pool_id = $1 AND sub = $2 AND device_key = $3 RETURNING *',
      [poolId, sub, key, remembered, at],
    );
    return rows[0] ? deviceFromRow(rows[0]) : null;
  }

  async touch(poolId: string, sub: string, key: string, at: Date, ip: string | null): Promise<DeviceRecord | null> {
    const { rows } = await this.q<DeviceRow>(
      'UPDATE devices SET authenticated_at = $4, last_ip = coalesce($5, last_ip) WHERE pool_id = $1 AND sub = $2 AND device_key = $3 RETURNING *',
      [poolId, sub, key, at, ip],
    );
    return rows[0] ? deviceFromRow(rows[0]) : null;
  }

  async delete(poolId: string, sub: string, key: string): Promise<boolean> {
    const r = await this.q('DELETE FROM devices WHERE pool_id = $1 AND sub = $2 AND device_key = $3', [poolId, sub, key]);
    return (r.rowCount ?? 0) > 0;
  }
}
