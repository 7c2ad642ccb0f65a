import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { crc32 } from 'node:zlib';
import { noMfa } from '../../src/domain/users.js';
import Database from 'better-sqlite3';
import { MIGRATIONS } from '../../src/store/sqlite/migrations.js';
import { SqliteStore } from '../../src/store/sqlite/store.js';
import type { PoolRecord, UserRecord } from '../../src/store/store.js';

// Guarantees of the SQLite store beyond the contract suite: every acknowledged write is a committed
// transaction, a failed write leaves no trace in the row caches, and a journal left by cognate 0.1 is
// replayed once or refused, never silently cut short. "Dies" is simulated by closing the database handle
// without the store's close().

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const now = new Date('2026-01-01T00:00:00Z');
const POOL = 'us-east-1_sqlite';
const pool: PoolRecord = { id: POOL, name: 'sqlite', createdAt: now, lastModifiedAt: now, settings: { MfaConfiguration: 'OFF' } };

function user(username: string, attrs: Record<string, string> = {}): UserRecord {
  const sub = `${username.padEnd(8, '0').slice(0, 8)}-0000-4000-8000-000000000000`;
  return {
    poolId: POOL,
    username,
    sub,
    status: 'CONFIRMED',
    enabled: true,
    passwordHash: 'scrypt$1$x$y',
    temporaryPasswordExpiresAt: null,
    attributes: { sub, ...attrs },
    mfa: noMfa(),
    createdAt: now,
    lastModifiedAt: now,
  };
}

function newDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cognate-sqlite-'));
  dirs.push(dir);
  return dir;
}

async function freshStore(): Promise<{ dir: string; store: SqliteStore }> {
  const dir = newDir();
  const store = new SqliteStore({ dataDir: dir });
  await store.createPool(pool, []);
  return { dir, store };
}

/** What a killed process leaves: the database handle closed without the store's own close(). */
const die = (store: SqliteStore) => store.db.close();

/** A line of cognate 0.1's journal: the user's state columns in its fixed order, with their checksum. */
function journalLine(u: UserRecord): string {
  const json = JSON.stringify([
    u.poolId,
    u.username,
    u.status,
    u.enabled ? 1 : 0,
    u.passwordHash,
    null,
    JSON.stringify(u.attributes),
    JSON.stringify(u.mfa),
    u.lastModifiedAt.getTime(),
  ]);
  return `${crc32(json).toString(16).padStart(8, '0')} ${json}\n`;
}

/** Stores `u` as the user's new state (the tests below write whole states). */
const put = (store: SqliteStore, u: UserRecord) => store.changeUser(u.poolId, u.sub, () => u);

describe('the SQLite store', () => {
  it('keeps every acknowledged state update when the process dies, and writes no journal beside the database', async () => {
    const { dir, store } = await freshStore();
    const alice = user('alice', { phone_number: '+15555550100' });
    await store.createUser(alice);
    let current = alice;
    for (let i = 1; i <= 5; i++) {
      current = {
        ...current,
        mfa: { ...current.mfa, legacySms: i % 2 === 1 },
        attributes: { ...current.attributes, name: `n${i}` },
        lastModifiedAt: new Date(now.getTime() + i),
      };
      await put(store, current);
    }
    assert.equal(existsSync(join(dir, 'cognate.journal')), false);
    die(store);

    const reopened = new SqliteStore({ dataDir: dir });
    const got = await reopened.getUser(POOL, 'alice');
    assert.equal(got?.mfa.legacySms, true);
    assert.equal(got?.attributes.name, 'n5');
    assert.equal(got?.lastModifiedAt.getTime(), now.getTime() + 5);
    await reopened.close();
  });

  it('shows state updates to listing, attribute search and lookup by sub at once', async () => {
    const { store } = await freshStore();
    const dan = user('dan', { email: 'dan@example.com' });
    await store.createUser(dan);
    await put(store, { ...dan, status: 'RESET_REQUIRED', attributes: { ...dan.attributes, name: 'Dan' } });
    assert.equal((await store.getUserBySub(POOL, dan.sub))?.status, 'RESET_REQUIRED');
    const [found] = await store.findUsersByAttribute(POOL, 'email', 'dan@example.com');
    assert.equal(found?.attributes.name, 'Dan');
    const page = await store.listUsers(POOL, 10, null, { attribute: 'name', op: '=', value: 'Dan' });
    assert.deepEqual(
      page.items.map((u) => u.username),
      ['dan'],
    );
    await store.close();
  });

  it('keeps a state update and the later change of an indexed column after the process dies', async () => {
    const { dir, store } = await freshStore();
    const eve = user('eve', { email: 'old@example.com' });
    await store.createUser(eve);
    const named = { ...eve, attributes: { ...eve.attributes, name: 'Eve' } };
    await put(store, named);
    await put(store, { ...named, attributes: { ...named.attributes, email: 'new@example.com' } });
    die(store);

    const reopened = new SqliteStore({ dataDir: dir });
    const got = await reopened.getUser(POOL, 'eve');
    assert.equal(got?.attributes.email, 'new@example.com');
    assert.equal(got?.attributes.name, 'Eve');
    assert.deepEqual(
      (await reopened.findUsersByAttribute(POOL, 'email', 'new@example.com')).map((u) => u.username),
      ['eve'],
    );
    await reopened.close();
  });

  it('fails an update whose statement fails, and serves the stored user afterwards, not the refused one', async () => {
    const { store } = await freshStore();
    const ida = user('ida', { email: 'ida@example.com' });
    await store.createUser(ida);
    await put(store, { ...ida, attributes: { ...ida.attributes, name: 'written' } });
    assert.equal((await store.getUser(POOL, 'ida'))?.attributes.name, 'written', 'the row is cached');
    // Fault injection: every write statement fails from here on.
    store.db.pragma('query_only = ON');
    await assert.rejects(put(store, { ...ida, attributes: { ...ida.attributes, name: 'lost' } }));
    await assert.rejects(put(store, { ...ida, attributes: { ...ida.attributes, name: 'lost', email: 'lost@example.com' } }));
    assert.equal((await store.getUser(POOL, 'ida'))?.attributes.name, 'written');
    assert.equal((await store.getUserBySub(POOL, ida.sub))?.attributes.email, 'ida@example.com');
    store.db.pragma('query_only = OFF');
    await put(store, { ...ida, attributes: { ...ida.attributes, name: 'again' } });
    assert.equal((await store.getUser(POOL, 'ida'))?.attributes.name, 'again');
    await store.close();
  });

  it('refuses a second store on a data directory another one holds', async () => {
    const { store, dir } = await freshStore();
    const jay = user('jay');
    await store.createUser(jay);
    await put(store, { ...jay, attributes: { ...jay.attributes, name: 'mine' } });
    assert.throws(() => new SqliteStore({ dataDir: dir }), /locked|busy/i);
    assert.equal((await store.getUser(POOL, 'jay'))?.attributes.name, 'mine');
    await store.close();
  });
});

describe('a journal left by cognate 0.1', () => {
  it('is replayed once, every complete record in order, and deleted; an incomplete last line is ignored', async () => {
    const { dir, store } = await freshStore();
    const kim = user('kim');
    const lee = user('lee', { email: 'lee@example.com' });
    await store.createUsers([kim, lee]);
    await store.close();
    const path = join(dir, 'cognate.journal');
    writeFileSync(
      path,
      journalLine({ ...kim, attributes: { ...kim.attributes, name: 'first' } }) +
        journalLine({ ...lee, enabled: false }) +
        journalLine({ ...kim, attributes: { ...kim.attributes, name: 'last' }, mfa: { ...kim.mfa, legacySms: true } }) +
        journalLine({ ...lee, attributes: { ...lee.attributes, name: 'torn' } }).slice(0, 40),
    );

    const reopened = new SqliteStore({ dataDir: dir });
    assert.equal(existsSync(path), false);
    const k = await reopened.getUser(POOL, 'kim');
    assert.equal(k?.attributes.name, 'last');
    assert.equal(k?.mfa.legacySms, true);
    const l = await reopened.getUser(POOL, 'lee');
    assert.equal(l?.enabled, false);
    assert.equal(l?.attributes.name, undefined);
    assert.deepEqual(
      (await reopened.findUsersByAttribute(POOL, 'email', 'lee@example.com')).map((u) => u.username),
      ['lee'],
    );
    await reopened.close();
  });

  it('refuses to open the store when a complete line is damaged, naming the file, applying nothing and keeping it', async () => {
    const { dir, store } = await freshStore();
    const max = user('max');
    await store.createUser(max);
    await store.close();
    const path = join(dir, 'cognate.journal');
    const first = journalLine({ ...max, attributes: { ...max.attributes, name: 'first' } });
    // Same length, one character changed: what a flipped byte or a torn write followed by more records leaves.
    const damaged = journalLine({ ...max, attributes: { ...max.attributes, name: 'second' } }).replace('second', 'secohd');
    const third = journalLine({ ...max, attributes: { ...max.attributes, name: 'third' } });
    writeFileSync(path, first + damaged + third);

    assert.throws(
      () => new SqliteStore({ dataDir: dir }),
      (e: Error) => {
        assert.equal(
          e.message,
          `${path} holds user updates from cognate 0.1, and line 2 of 3 is damaged, so none of them was applied. ` +
            'Move the file out of the data directory to start without its updates (they are then lost).',
        );
        return true;
      },
    );
    assert.equal(readFileSync(path, 'utf8'), first + damaged + third);
    rmSync(path);
    const reopened = new SqliteStore({ dataDir: dir });
    assert.equal((await reopened.getUser(POOL, 'max'))?.attributes.name, undefined);
    await reopened.close();
  });

  it('is deleted when empty', async () => {
    const { dir, store } = await freshStore();
    await store.close();
    writeFileSync(join(dir, 'cognate.journal'), '');
    await new SqliteStore({ dataDir: dir }).close();
    assert.equal(existsSync(join(dir, 'cognate.journal')), false);
  });
});

describe('the client-secrets migration (schema 3 to 4)', () => {
  it("keeps an existing client's secret as its first secret, with a <client-id>--<epoch-ms> id and the client's creation date", async () => {
    const dir = newDir();
    const created = now.getTime() + 1234;
    // A database as cognate left it at schema version 3: clients with a single secret column.
    const db = new Database(join(dir, 'cognate.db'));
    for (const step of MIGRATIONS.slice(0, 3)) db.exec(step);
    db.pragma('user_version = 3');
    db.prepare('INSERT INTO pools (id, name, created_at, modified_at, settings) VALUES (?, ?, ?, ?, ?)').run(POOL, 'p', created, created, '{}');
    const insert = db.prepare('INSERT INTO clients (id, pool_id, name, secret, created_at, modified_at, settings) VALUES (?, ?, ?, ?, ?, ?, ?)');
    insert.run('confidential', POOL, 'c', 'the-old-secret-0123456789', created, created, '{}');
    insert.run('public', POOL, 'p', null, created, created, '{}');
    db.close();

    const store = new SqliteStore({ dataDir: dir });
    try {
      assert.deepEqual((await store.getClient('confidential'))?.secrets, [
        { id: `confidential--${created}`, value: 'the-old-secret-0123456789', createdAt: new Date(created) },
      ]);
      assert.deepEqual((await store.getClient('public'))?.secrets, []);
      assert.equal(store.db.pragma('user_version', { simple: true }), MIGRATIONS.length);
    } finally {
      await store.close();
    }
  });
});
