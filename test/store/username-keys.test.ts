/**
 * The username key columns of UsernameConfiguration.CaseSensitive=false in both stores: the appended
 * migration fills them for users stored before it, and a lookup that ignores case is an index probe.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import pg from 'pg';
import { MIGRATIONS as PG_MIGRATIONS } from '../../src/store/postgres/migrations.js';
import { MIGRATIONS as SQLITE_MIGRATIONS } from '../../src/store/sqlite/migrations.js';
import { SqliteStore } from '../../src/store/sqlite/store.js';
import { freshSchema, skipWithoutPostgres, type TestSchema } from '../helpers/postgres.js';

const FOLDING = 'us-east-1_folding01';
const EXACT = 'us-east-1_exactcase';
/** Users stored before the migration: two in the folding pool differ only in case. */
const USERS: Array<[pool: string, username: string, email: string]> = [
  [FOLDING, 'Ann', 'Ann@Example.com'],
  [FOLDING, 'Bob', 'bob@example.com'],
  [FOLDING, 'BOB', 'bob2@example.com'],
  [EXACT, 'Cat', 'Cat@Example.com'],
];
const settings = (caseSensitive: boolean) => JSON.stringify({ MfaConfiguration: 'OFF', UsernameConfiguration: { CaseSensitive: caseSensitive } });

describe('username keys in SQLite', () => {
  const dirs: string[] = [];
  after(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('fills the keys of users stored before the migration: lower case in case-insensitive pools unless two names differ only in case', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cognate-keys-'));
    dirs.push(dir);
    const before = SQLITE_MIGRATIONS.findIndex((m) => m.includes('username_key'));
    assert.ok(before > 0);
    const db = new Database(join(dir, 'cognate.db'));
    for (const m of SQLITE_MIGRATIONS.slice(0, before)) db.exec(m);
    db.pragma(`user_version = ${before}`);
    const pool = db.prepare('INSERT INTO pools (id, name, created_at, modified_at, settings) VALUES (?, ?, 0, 0, ?)');
    pool.run(FOLDING, 'folding', settings(false));
    pool.run(EXACT, 'exact', settings(true));
    const user = db.prepare(`INSERT INTO users (pool_id, username, sub, status, enabled, attributes, mfa, email, created_at, modified_at)
      VALUES (?, ?, ?, 'CONFIRMED', 1, ?, '{}', ?, 0, 0)`);
    for (const [p, u, e] of USERS) user.run(p, u, `${u}-sub`, JSON.stringify({ sub: `${u}-sub`, email: e }), e);
    db.close();

    const store = new SqliteStore({ dataDir: dir });
    try {
      assert.equal((await store.getUserByUsernameKey(FOLDING, 'ann'))?.username, 'Ann');
      assert.equal((await store.getUserByUsernameKey(FOLDING, 'Bob'))?.username, 'Bob');
      assert.equal((await store.getUserByUsernameKey(FOLDING, 'BOB'))?.username, 'BOB');
      assert.equal(await store.getUserByUsernameKey(EXACT, 'cat'), null);
      assert.equal((await store.getUserByUsernameKey(EXACT, 'Cat'))?.username, 'Cat');
      assert.equal((await store.findUsersByAttribute(EXACT, 'email', 'cat@example.com', { ignoreCase: true }))[0]?.username, 'Cat');
    } finally {
      await store.close();
    }
  });

  it('looks up a username key, an email or phone number, exactly or without case, with one index probe, not a scan of the pool', async () => {
    const store = new SqliteStore({ dataDir: ':memory:' });
    try {
      // The statements' own texts (statements.ts names each index, as the planner would otherwise walk the pool).
      for (const [index, column] of [
        ['users_by_username_key', 'username_key'],
        ['users_by_email_key', 'email_key'],
        ['users_by_preferred_username_key', 'preferred_username_key'],
        ['users_by_email', 'email'],
        ['users_by_phone', 'phone_number'],
      ] as const) {
        const sql = `EXPLAIN QUERY PLAN SELECT * FROM users INDEXED BY ${index} WHERE pool_id = ? AND ${column} = ?`;
        const plan = (store.db.prepare(sql).all('p', 'k') as Array<{ detail: string }>).map((r) => r.detail).join('; ');
        assert.equal(plan, `SEARCH users USING INDEX ${index} (pool_id=? AND ${column}=?)`);
      }
    } finally {
      await store.close();
    }
  });
});

describe('username keys in PostgreSQL', { skip: skipWithoutPostgres }, () => {
  const schemas: TestSchema[] = [];
  after(async () => {
    for (const s of schemas) await s.drop();
  });

  it('fills the keys of users stored before the migration and finds them through the unique index', async () => {
    const schema = freshSchema();
    schemas.push(schema);
    const before = PG_MIGRATIONS.findIndex((m) => m.includes('username_key'));
    assert.ok(before > 0);
    const c = new pg.Client({ connectionString: schema.url });
    await c.connect();
    try {
      await c.query(`CREATE SCHEMA "${schema.schema}"`);
      await c.query(`SET search_path = "${schema.schema}"`);
      await c.query('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())');
      for (let v = 0; v < before; v++) {
        await c.query(PG_MIGRATIONS[v]!);
        await c.query('INSERT INTO schema_migrations (version) VALUES ($1)', [v + 1]);
      }
      await c.query(
        "INSERT INTO pools (id, name, created_at, modified_at, settings) VALUES ($1, 'folding', now(), now(), $2), ($3, 'exact', now(), now(), $4)",
        [FOLDING, settings(false), EXACT, settings(true)],
      );
      for (const [p, u, e] of USERS) {
        await c.query(
          `INSERT INTO users (pool_id, username, sub, status, enabled, attributes, mfa, email, created_at, modified_at)
          VALUES ($1, $2, $3, 'CONFIRMED', true, $4, '{}', $5, now(), now())`,
          [p, u, `${u}-sub`, JSON.stringify({ sub: `${u}-sub`, email: e }), e],
        );
      }
    } finally {
      await c.end();
    }
    const store = await schema.open();
    try {
      assert.equal((await store.getUserByUsernameKey(FOLDING, 'ann'))?.username, 'Ann');
      assert.equal((await store.getUserByUsernameKey(FOLDING, 'Bob'))?.username, 'Bob');
      assert.equal((await store.getUserByUsernameKey(FOLDING, 'BOB'))?.username, 'BOB');
      assert.equal(await store.getUserByUsernameKey(EXACT, 'cat'), null);
      assert.equal((await store.findUsersByAttribute(EXACT, 'email', 'CAT@example.com', { ignoreCase: true }))[0]?.username, 'Cat');
      const client = await store.pool.connect();
      try {
        // The tables are tiny, so the planner would scan them; forbidding the scan shows the index serves the lookup.
        await client.query('SET enable_seqscan = off');
        const plan = async (sql: string) =>
          (await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`, [FOLDING, 'ann'])).rows.map((r) => r['QUERY PLAN']).join('\n');
        assert.match(await plan('SELECT * FROM users WHERE pool_id = $1 AND username_key = $2'), /users_by_username_key/);
        assert.match(await plan('SELECT * FROM users WHERE pool_id = $1 AND email_key = $2'), /users_by_email_key/);
        assert.match(await plan('SELECT * FROM users WHERE pool_id = $1 AND preferred_username_key = $2'), /users_by_preferred_username_key/);
      } finally {
        client.release();
      }
    } finally {
      await store.close();
    }
  });
});
