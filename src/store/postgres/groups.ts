import type pg from 'pg';
import { pageOf } from '../common.js';
import type { GroupChange, GroupRecord, MembershipResult, Page, UserRecord } from '../store.js';
import { userFromRow, type UserRow } from './rows.js';

/* Groups and memberships in PostgreSQL (tables of migration step 3). Kept apart from store.ts, which
   delegates to it one line per method. */

/** The store's named-statement query function. */
export type Query = <R extends pg.QueryResultRow>(text: string, values?: unknown[]) => Promise<pg.QueryResult<R>>;

interface GroupRow {
  pool_id: string;
  name: string;
  description: string | null;
  role_arn: string | null;
  /** BIGINT, parsed to a number by the store's type parser. */
  precedence: number | null;
  created_at: Date;
  modified_at: Date;
}

const groupFromRow = (r: GroupRow): GroupRecord => ({
  poolId: r.pool_id,
  name: r.name,
  description: r.description,
  roleArn: r.role_arn,
  precedence: r.precedence,
  createdAt: r.created_at,
  lastModifiedAt: r.modified_at,
});

/** PostgreSQL's foreign_key_violation. */
const FOREIGN_KEY_VIOLATION = '23503';

/** Nothing is cached: another instance may change a group or a membership at any time. */
export class PostgresGroups {
  constructor(private readonly q: Query) {}

  async create(g: GroupRecord): Promise<boolean> {
    const r = await this.q(
      `INSERT INTO pool_groups (pool_id, name, description, role_arn, precedence, created_at, modified_at)
      VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
      [g.poolId, g.name, g.description, g.roleArn, g.precedence, g.createdAt, g.lastModifiedAt],
    );
    return (r.rowCount ?? 0) > 0;
  }

  async get(poolId: string, name: string): Promise<GroupRecord | null> {
    const { rows } = await this.q<GroupRow>('SELECT * FROM pool_groups WHERE pool_id = $1 AND name = $2', [poolId, name]);
    return rows[0] ? groupFromRow(rows[0]) : null;
  }

  async list(poolId: string, limit: number, after: string | null): Promise<Page<GroupRecord>> {
    const { rows } = await this.q<GroupRow>('SELECT * FROM pool_groups WHERE pool_id = $1 AND name > $2 ORDER BY name LIMIT $3', [
      poolId,
      after ?? '',
      limit + 1,
    ]);
    return pageOf(rows.map(groupFromRow), limit, (g) => g.name);
  }

  async update(poolId: string, name: string, c: GroupChange): Promise<GroupRecord | null> {
    const { rows } = await this.q<GroupRow>(
      'UPDATE pool_groups SET description = $3, role_arn = $4, precedence = $5, modified_at = $6 WHERE pool_id = $1 AND name = $2 RETURNING *',
      [poolId, name, c.description, c.roleArn, c.precedence, c.lastModifiedAt],
    );
    return rows[0] ? groupFromRow(rows[0]) : null;
  }

  /** The memberships go by cascade, in the same statement. */
  async delete(poolId: string, name: string): Promise<boolean> {
    return ((await this.q('DELETE FROM pool_groups WHERE pool_id = $1 AND name = $2', [poolId, name])).rowCount ?? 0) > 0;
  }

  /**
   * One statement inserts only if both group and user exist; a group or user deleted by another
   * instance between that check and the commit makes the foreign key refuse the row, so no membership
   * outlives either. When nothing was inserted, what is missing is read afterwards.
   */
  async addMember(poolId: string, name: string, sub: string): Promise<MembershipResult> {
    try {
      const r = await this.q(
        `INSERT INTO group_members (pool_id, group_name, sub)
        SELECT $1, $2, $3 WHERE EXISTS (SELECT 1 FROM pool_groups WHERE pool_id = $1 AND name = $2)
          AND EXISTS (SELECT 1 FROM users WHERE pool_id = $1 AND sub = $3)
        ON CONFLICT DO NOTHING`,
        [poolId, name, sub],
      );
      if ((r.rowCount ?? 0) > 0) return 'added';
    } catch (e) {
      if ((e as { code?: unknown }).code !== FOREIGN_KEY_VIOLATION) throw e;
    }
    if (!(await this.get(poolId, name))) return 'no-group';
    const { rows } = await this.q('SELECT 1 FROM users WHERE pool_id = $1 AND sub = $2', [poolId, sub]);
    return rows.length === 0 ? 'no-user' : 'member';
  }

  async removeMember(poolId: string, name: string, sub: string): Promise<boolean> {
    const r = await this.q('DELETE FROM group_members WHERE pool_id = $1 AND group_name = $2 AND sub = $3', [poolId, name, sub]);
    return (r.rowCount ?? 0) > 0;
  }

  async groupsOfUser(poolId: string, sub: string, limit: number, after: string | null): Promise<Page<GroupRecord>> {
    const { rows } = await this.q<GroupRow>(
      `SELECT g.* FROM group_members m JOIN pool_groups g ON g.pool_id = m.pool_id AND g.name = m.group_name
      WHERE m.pool_id = $1 AND m.sub = $2 AND m.group_name > $3 ORDER BY m.group_name LIMIT $4`,
      [poolId, sub, after ?? '', limit + 1],
    );
    return pageOf(rows.map(groupFromRow), limit, (g) => g.name);
  }

  async usersInGroup(poolId: string, name: string, limit: number, after: string | null): Promise<Page<UserRecord>> {
    const { rows } = await this.q<UserRow>(
      `SELECT u.* FROM group_members m JOIN users u ON u.pool_id = m.pool_id AND u.sub = m.sub
      WHERE m.pool_id = $1 AND m.group_name = $2 AND u.username > $3 ORDER BY u.username LIMIT $4`,
      [poolId, name, after ?? '', limit + 1],
    );
    return pageOf(rows.map(userFromRow), limit, (u) => u.username);
  }
}
