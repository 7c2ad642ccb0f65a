/**
 * The outbox's subject column in both stores: the appended migration keeps the messages stored before it
 * readable (with no subject), and messages stored after keep theirs.
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
import type { Store } from '../../src/store/store.js';
import { freshSchema, skipWithoutPostgres, type TestSchema } from '../helpers/postgres.js';

const POOL = 'us-east-1_subjects1';
const stepOf = (migrations: string[]) => migrations.findIndex((m) => m.includes('ADD COLUMN subject'));

/** The old message reads back without a subject; a new email keeps its subject, a new SMS has none. */
async function checkAfterMigration(store: Store): Promise<void> {
  const [old] = await store.listMessages({ poolId: POOL });
  assert.equal(old?.message, 'Your verification code is 123456. ');
  assert.equal(old?.code, '123456');
  assert.equal(old?.subject, null);
  const now = new Date();
  const email = await store.addMessage({
    poolId: POOL,
    username: 'ann',
    medium: 'EMAIL',
    destination: 'ann@example.com',
    code: '654321',
    subject: 'Your verification code',
    message: 'Your verification code is 654321. ',
    createdAt: now,
  });
  assert.equal(email.subject, 'Your verification code');
  const sms = await store.addMessage({
    poolId: POOL,
    username: 'ann',
    medium: 'SMS',
    destination: '+15555551234',
    code: '1',
    message: 'code 1',
    createdAt: now,
  });
  assert.equal(sms.subject, null);
  assert.deepEqual(
    (await store.listMessages({ poolId: POOL, username: 'ann' })).map((m) => m.subject),
    [null, 'Your verification code', null],
  );
}

describe('message subjects in SQLite', () => {
  const dirs: string[] = [];
  after(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('keeps messages stored before the migration readable, with no subject, and stores subjects after it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cognate-subjects-'));
    dirs.push(dir);
    const before = stepOf(SQLITE_MIGRATIONS);
    assert.ok(before > 0);
    const db = new Database(join(dir, 'cognate.db'));
    for (const m of SQLITE_MIGRATIONS.slice(0, before)) db.exec(m);
    db.pragma(`user_version = ${before}`);
    db.prepare(
      `INSERT INTO messages (pool_id, username, medium, destination, code, message, created_at)
      VALUES (?, 'ann', 'EMAIL', 'ann@example.com', '123456', 'Your verification code is 123456. ', 0)`,
    ).run(POOL);
    db.close();
    const store = new SqliteStore({ dataDir: dir });
    try {
      await checkAfterMigration(store);
    } finally {
      await store.close();
    }
  });
});

describe('message subjects in PostgreSQL', { skip: skipWithoutPostgres }, () => {
  const schemas: TestSchema[] = [];
  after(async () => {
    for (const s of schemas) await s.drop();
  });

  it('keeps messages stored before the migration readable, with no subject, and stores subjects after it', async () => {
    const schema = freshSchema();
    schemas.push(schema);
    const before = stepOf(PG_MIGRATIONS);
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
        `INSERT INTO messages (pool_id, username, medium, destination, code, message, created_at)
        VALUES ($1, 'ann', 'EMAIL', 'ann@example.com', '123456', 'Your verification code is 123456. ', now())`,
        [POOL],
      );
    } finally {
      await c.end();
    }
    const store = await schema.open();
    try {
      await checkAfterMigration(store);
    } finally {
      await store.close();
    }
  });
});
