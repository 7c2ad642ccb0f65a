import type Database from 'better-sqlite3';
import { pageOf } from '../common.js';
import type { GroupChange, GroupRecord, MembershipResult, Page, UserRecord } from '../store.js';
import type { GuardedStatement, SqliteGuard } from './guard.js';
import { userFromRow, type UserRow } from './rows.js';

/* Groups and memberships in SQLite (tables of migration step 4). Kept apart from store.ts, which delegates
   to it one line per method, so the user store stays one reader's worth of code. */

interface GroupRow {
  pool_id: string;
  name: string;
  description: string | null;
  role_arn: string | null;
  precedence: number | null;
  created_at: number;
  modified_at: number;
}

const groupFromRow = (r: GroupRow): GroupRecord => ({
  poolId: r.pool_id,
  name: r.name,
  description: r.description,
  roleArn: r.role_arn,
  precedence: r.precedence,
  createdAt: new Date(r.created_at),
  lastModifiedAt: new Date(r.modified_at),
});

/**
 * The group statements, prepared once. No group is cached: a group read happens on group operations and
 * once per token issue, never on a token-authorised request, so there is nothing hot to save.
 */
export class SqliteGroups {
  private readonly s;

  constructor(
    private readonly db: Database.Database,
    private readonly guard: SqliteGuard,
  ) {
    const p = (sql: string): GuardedStatement => guard.statement(db.prepare(sql));
    this.s = {
      insert: p(`INSERT OR IGNORE INTO pool_groups (pool_id, name, description, role_arn, precedence, created_at, modified_at)
        VALUES (@pool_id, @name, @description, @role_arn, @precedence, @created_at, @modified_at)`),
      get: p('SELECT * FROM pool_groups WHERE pool_id = ? AND name = ?'),
      list: p('SELECT * FROM pool_groups WHERE pool_id = ? AND name > ? ORDER BY name LIMIT ?'),
      update: p(`UPDATE pool_groups SET description = @description, role_arn = @role_arn, precedence = @precedence, modified_at = @modified_at
        WHERE pool_id = @pool_id AND name = @name RETURNING *`),
      delete: p('DELETE FROM pool_groups WHERE pool_id = ? AND name = ?'),
      userExists: p('SELECT 1 FROM users WHERE pool_id = ? AND sub = ?'),
      addMember: p('INSERT OR IGNORE INTO group_members (pool_id, group_name, sub) VALUES (?, ?, ?)'),
      removeMember: p('DELETE FROM group_members WHERE pool_id = ? AND group_name = ? AND sub = ?'),
      groupsOfUser: p(`SELECT g.* FROM group_members m JOIN pool_groups g ON g.pool_id = m.pool_id AND g.name = m.group_name
        WHERE m.pool_id = ? AND m.sub = ? AND m.group_name > ? ORDER BY m.group_name LIMIT ?`),
      usersInGroup: p(`SELECT u.* FROM group_members m JOIN users u ON u.pool_id = m.pool_id AND u.sub = m.sub
        WHERE m.pool_id = ? AND m.group_name = ? AND u.username > ? ORDER BY u.username LIMIT ?`),
    };
  }

  create(g: GroupRecord): boolean {
    return (
      this.s.insert.run({
        pool_id: g.poolId,
        name: g.name,
        description: g.description,
        role_arn: g.roleArn,
        precedence: g.precedence,
        created_at: g.createdAt.getTime(),
        modified_at: g.lastModifiedAt.getTime(),
      }).changes > 0
    );
  }

  get(poolId: string, name: string): GroupRecord | null {
    const r = this.s.get.get(poolId, name) as GroupRow | undefined;
    return r ? groupFromRow(r) : null;
  }

  list(poolId: string, limit: number, after: string | null): Page<GroupRecord> {
    const rows = this.s.list.all(poolId, after ?? '', limit + 1) as GroupRow[];
    return pageOf(rows.map(groupFromRow), limit, (g) => g.name);
  }

  update(poolId: string, name: string, c: GroupChange): GroupRecord | null {
    const r = this.s.update.get({
      pool_id: poolId,
      name,
      description: c.description,
      role_arn: c.roleArn,
      precedence: c.precedence,
      modified_at: c.lastModifiedAt.getTime(),
    }) as GroupRow | undefined;
    return r ? groupFromRow(r) : null;
  }

  /** The memberships go by cascade (foreign_keys is on), in the same statement. */
  delete(poolId: string, name: string): boolean {
    return this.s.delete.run(poolId, name).changes > 0;
  }

  /** Checks and insert run in one synchronous transaction: nothing else can delete the group or user in between. */
  addMember(poolId: string, name: string, sub: string): MembershipResult {
    return this.guard.transaction(this.db, () => {
      if (!this.s.get.get(poolId, name)) return 'no-group';
      if (!this.s.userExists.get(poolId, sub)) return 'no-user';
      return this.s.addMember.run(poolId, name, sub).changes > 0 ? 'added' : 'member';
    });
  }

  removeMember(poolId: string, name: string, sub: string): boolean {
    return this.s.removeMember.run(poolId, name, sub).changes > 0;
  }

  groupsOfUser(poolId: string, sub: string, limit: number, after: string | null): Page<GroupRecord> {
    const rows = this.s.groupsOfUser.all(poolId, sub, after ?? '', limit + 1) as GroupRow[];
    return pageOf(rows.map(groupFromRow), limit, (g) => g.name);
  }

  usersInGroup(poolId: string, name: string, limit: number, after: string | null): Page<UserRecord> {
    const rows = this.s.usersInGroup.all(poolId, name, after ?? '', limit + 1) as UserRow[];
    return pageOf(rows.map(userFromRow), limit, (u) => u.username);
  }
}
