import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { noMfa } from '../../src/domain/users.js';
import { MIGRATION_LOCK, MIGRATIONS, POSTGRES_SCHEMA_VERSION } from '../../src/store/postgres/migrations.js';
import { PostgresStore } from '../../src/store/postgres/store.js';
import type { UserRecord } from '../../src/store/store.js';
import { freePort } from '../helpers/cognate-process.js';
import { freshSchema, skipWithoutPostgres, type TestSchema } from '../helpers/postgres.js';

const now = new Date('2026-01-01T00:00:00Z');
const POOL = 'us-east-1_shared001';

function user(username: string): UserRecord {
  const sub = `${username}-0000-0000-0000-000000000000`.slice(0, 36);
  return {
    poolId: POOL,
    username,
    sub,
    status: 'CONFIRMED',
    enabled: true,
    passwordHash: 'scrypt$1$x$y',
    temporaryPasswordExpiresAt: null,
    attributes: { sub },
    mfa: noMfa(),
    createdAt: now,
    lastModifiedAt: now,
  };
}

describe('PostgreSQL store: starting', { skip: skipWithoutPostgres }, () => {
  const schemas: TestSchema[] = [];
  after(async () => {
    for (const s of schemas) await s.drop();
  });

  it('migrates once when several instances start together on an empty database', async () => {
    const schema = freshSchema();
    schemas.push(schema);
    // The schema exists and is empty, as in a database an operator just made.
    const c = new pg.Client({ connectionString: schema.url });
    await c.connect();
    const opened = await (async () => {
      try {
        await c.query(`CREATE SCHEMA "${schema.schema}"`);
        return await Promise.allSettled([1, 2, 3, 4].map(() => schema.open()));
      } finally {
        await c.end();
      }
    })();
    const stores = opened.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    try {
      assert.deepEqual(
        opened.flatMap((r) => (r.status === 'rejected' ? [String(r.reason)] : [])),
        [],
      );
      const { rows } = await stores[0]!.pool.query(`SELECT version FROM schema_migrations ORDER BY version`);
      assert.deepEqual(
        rows.map((r) => r.version),
        Array.from({ length: POSTGRES_SCHEMA_VERSION }, (_, i) => i + 1),
      );
      await stores[0]!.createPool({ id: POOL, name: 'p', createdAt: now, lastModifiedAt: now, settings: {} }, []);
      assert.equal((await stores[3]!.getPool(POOL))?.name, 'p');
    } finally {
      for (const s of stores) await s.close();
    }
  });

  it('waits for the migration lock another instance holds before it migrates', async (t) => {
    const schema = freshSchema();
    schemas.push(schema);
    const other = new pg.Client({ connectionString: schema.url, application_name: 'other-instance' });
    await other.connect();
    try {
      await other.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
      const opening = schema.open();
      // Closed however the test ends, so a failure cannot leave connections holding the process open.
      t.after(async () => (await opening.catch(() => null))?.close());
      // Bounded by query round trips, not by a timer: cognate's connection shows up waiting for the lock.
      const waiting = async () =>
        (
          await other.query(`SELECT count(*)::int AS n FROM pg_locks l JOIN pg_stat_activity a USING (pid)
        WHERE l.locktype = 'advisory' AND NOT l.granted AND a.application_name = 'cognate' AND a.datname = current_database()`)
        ).rows[0].n as number;
      const deadline = Date.now() + 10_000;
      while ((await waiting()) === 0 && Date.now() < deadline);
      assert.equal(await waiting(), 1, 'the opening store waits for the lock');
      assert.equal((await other.query('SELECT to_regclass($1) AS t', [`"${schema.schema}".users`])).rows[0].t, null);
      await other.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
      const store = await opening;
      assert.equal(await store.countUsers(POOL), 0);
    } finally {
      await other.end();
    }
  });

  it('refuses a database whose schema is newer than it knows', async () => {
    const schema = freshSchema();
    schemas.push(schema);
    await (await schema.open()).close();
    const c = new pg.Client({ connectionString: schema.url });
    await c.connect();
    await c.query(`INSERT INTO "${schema.schema}".schema_migrations (version) VALUES ($1)`, [POSTGRES_SCHEMA_VERSION + 1]);
    await c.end();
    await assert.rejects(schema.open(), {
      message: new RegExp(
        `: the database schema is at version ${POSTGRES_SCHEMA_VERSION + 1}, newer than this cognate knows \\(${POSTGRES_SCHEMA_VERSION}\\); upgrade cognate$`,
      ),
    });
  });

  it("keeps an existing client's secret through the client-secrets migration (schema 2 to 3)", async () => {
    const schema = freshSchema();
    schemas.push(schema);
    const created = new Date(now.getTime() + 1234);
    // A database as cognate left it at schema version 2: clients with a single secret column.
    const c = new pg.Client({ connectionString: schema.url });
    await c.connect();
    try {
      await c.query(`CREATE SCHEMA "${schema.schema}"`);
      await c.query(`SET search_path = "${schema.schema}"`);
      await c.query('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())');
      for (const [i, step] of MIGRATIONS.slice(0, 2).entries()) {
        await c.query(step);
        await c.query('INSERT INTO schema_migrations (version) VALUES ($1)', [i + 1]);
      }
      await c.query('INSERT INTO pools (id, name, created_at, modified_at, settings) VALUES ($1, $2, $3, $3, $4)', [POOL, 'p', created, '{}']);
      const insert = 'INSERT INTO clients (id, pool_id, name, secret, created_at, modified_at, settings) VALUES ($1, $2, $3, $4, $5, $5, $6)';
      await c.query(insert, ['confidential', POOL, 'c', 'the-old-secret-0123456789', created, '{}']);
      await c.query(insert, ['public', POOL, 'p', null, created, '{}']);
    } finally {
      await c.end();
    }
    const store = await schema.open();
    try {
      assert.deepEqual((await store.getClient('confidential'))?.secrets, [
        { id: `confidential--${created.getTime()}`, value: 'the-old-secret-0123456789', createdAt: created },
      ]);
      assert.deepEqual((await store.getClient('public'))?.secrets, []);
    } finally {
      await store.close();
    }
  });

  it('fails to open with one line naming the database without its password when nothing listens', async () => {
    const port = await freePort();
    await assert.rejects(PostgresStore.open({ url: `postgres://u:pw@127.0.0.1:${port}/db` }), {
      message: `cannot use PostgreSQL at postgres://u@127.0.0.1:${port}/db: connect ECONNREFUSED 127.0.0.1:${port}`,
    });
  });
});

describe('PostgreSQL store: two instances on one database', { skip: skipWithoutPostgres }, () => {
  let schema: TestSchema;
  let a: PostgresStore;
  let b: PostgresStore;
  before(async () => {
    schema = freshSchema();
    [a, b] = [await schema.open(), await schema.open()];
    await a.createPool({ id: POOL, name: 'p', createdAt: now, lastModifiedAt: now, settings: { MfaConfiguration: 'OFF' } }, []);
  });
  after(async () => {
    await a?.close();
    await b?.close();
    await schema?.drop();
  });

  it('shows each instance what the other wrote, even what it had read before', async () => {
    await a.createUser(user('reader'));
    assert.equal((await a.getUser(POOL, 'reader'))?.mfa.legacySms, false);
    assert.equal((await a.getPool(POOL))?.settings.MfaConfiguration, 'OFF');
    const origin = {
      originJti: 'jti-reader',
      poolId: POOL,
      clientId: 'c',
      sub: user('reader').sub,
      username: 'reader',
      refreshTokenHash: 'h-reader',
      authTime: now,
      expiresAt: new Date(now.getTime() + 3600_000),
      revokedAt: null,
    };
    await a.createTokenOrigin(origin);
    assert.equal((await a.getTokenOrigin('jti-reader'))?.revokedAt, null);

    await b.changeUser(POOL, user('reader').sub, (u) => ({ ...u, mfa: { ...noMfa(), legacySms: true } }));
    await b.changePool(POOL, (pool) => ({ ...pool, settings: { ...pool.settings, MfaConfiguration: 'OPTIONAL' } }));
    await b.revokeUserTokenOrigins(POOL, origin.sub, now);

    assert.equal((await a.getUser(POOL, 'reader'))?.mfa.legacySms, true);
    assert.equal((await a.getUserBySub(POOL, origin.sub))?.mfa.legacySms, true);
    assert.equal((await a.getPool(POOL))?.settings.MfaConfiguration, 'OPTIONAL');
    assert.equal((await a.getTokenOrigin('jti-reader'))?.revokedAt?.getTime(), now.getTime());
  });

  it('gives a username to one of two instances creating it at once', async () => {
    const results = await Promise.all([a.createUser(user('race')), b.createUser(user('race')), a.createUser(user('race')), b.createUser(user('race'))]);
    assert.deepEqual(results.sort(), [false, false, false, true]);
    assert.equal(await a.countUsers(POOL), 2);
  });

  it('lets one instance consume a challenge session, a code and a TOTP step that both try at once', async () => {
    await a.putChallengeSession({
      id: 'race-session',
      poolId: POOL,
      clientId: 'c',
      username: 'reader',
      challenge: 'SMS_MFA',
      code: '123456',
      attempts: 0,
      expiresAt: new Date(now.getTime() + 180_000),
      data: {},
    });
    const sessions = await Promise.all([a, b, a, b].map((s) => s.consumeChallengeSession('race-session')));
    assert.deepEqual(sessions.sort(), [false, false, false, true]);

    await b.issueCode(POOL, 's', 'SIGN_UP', () => ({
      poolId: POOL,
      sub: 's',
      purpose: 'SIGN_UP',
      code: '654321',
      attempts: 0,
      createdAt: now,
      expiresAt: new Date(now.getTime() + 60_000),
      data: {},
    }));
    const codes = await Promise.all([a, b, a, b].map((s) => s.consumeCode(POOL, 's', 'SIGN_UP', '654321')));
    assert.deepEqual(codes.sort(), [false, false, false, true]);

    const steps = await Promise.all([a, b, a, b].map((s) => s.claimTotpStep(POOL, 'reader', 60_000_000)));
    assert.deepEqual(steps.sort(), [false, false, false, true]);
  });

  it('numbers the outbox across instances in the order messages were added', async () => {
    const m = (code: string) => ({
      poolId: POOL,
      username: 'reader',
      medium: 'SMS' as const,
      destination: '+15555551234',
      code,
      message: code,
      createdAt: now,
    });
    const first = await a.addMessage(m('1'));
    const second = await b.addMessage(m('2'));
    assert.ok(second.id > first.id);
    assert.deepEqual(
      (await a.listMessages({ username: 'reader' })).map((x) => x.code),
      ['1', '2'],
    );
    assert.deepEqual((await b.listMessages({})).map((x) => x.id).slice(-2), [first.id, second.id]);
  });
});
