import assert from 'node:assert/strict';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { noMfa } from '../../src/domain/users.js';
import { SqliteStore } from '../../src/store/sqlite.js';
import type { PoolRecord, UserRecord } from '../../src/store/store.js';

// The SQLite store's redo journal (src/store/journal.ts): state-only user updates are appended there and
// folded into the table later. A process that dies in between must lose nothing it acknowledged.
// "Dies" is simulated by closing the database handle without the store's close(), which would fold.

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const now = new Date('2026-01-01T00:00:00Z');
const POOL = 'us-east-1_journal';
const pool: PoolRecord = { id: POOL, name: 'journal', createdAt: now, lastModifiedAt: now, settings: { MfaConfiguration: 'OFF' } };

function user(username: string, attrs: Record<string, string> = {}): UserRecord {
  const sub = `${username.padEnd(8, '0').slice(0, 8)}-0000-4000-8000-000000000000`;
  return {
    poolId: POOL, username, sub, status: 'CONFIRMED', enabled: true, passwordHash: 'scrypt$1$x$y', temporaryPasswordExpiresAt: null,
    attributes: { sub, ...attrs }, mfa: noMfa(), createdAt: now, lastModifiedAt: now,
  };
}

async function freshStore(): Promise<{ dir: string; store: SqliteStore }> {
  const dir = mkdtempSync(join(tmpdir(), 'cognate-journal-'));
  dirs.push(dir);
  const store = new SqliteStore({ dataDir: dir });
  await store.createPool(pool, []);
  return { dir, store };
}

const journalText = (dir: string) => readFileSync(join(dir, 'cognate.journal'), 'utf8');
/** What a killed process leaves: the database closed without folding the journal. */
const die = (store: SqliteStore) => store.db.close();

describe('the SQLite store journal', () => {
  it('keeps state updates that were only journalled when the process dies, and empties the journal on reopen', async () => {
    const { dir, store } = await freshStore();
    const alice = user('alice', { phone_number: '+15555550100' });
    await store.createUser(alice);
    let current = alice;
    for (let i = 1; i <= 5; i++) {
      current = { ...current, mfa: { ...current.mfa, legacySms: i % 2 === 1 }, attributes: { ...current.attributes, name: `n${i}` }, lastModifiedAt: new Date(now.getTime() + i) };
      await store.updateUser(current);
    }
    assert.equal(journalText(dir).split('\n').length - 1, 5, 'each update is one journal line');
    die(store);

    const reopened = new SqliteStore({ dataDir: dir });
    const got = await reopened.getUser(POOL, 'alice');
    assert.equal(got?.mfa.legacySms, true);
    assert.equal(got?.attributes.name, 'n5');
    assert.equal(got?.lastModifiedAt.getTime(), now.getTime() + 5);
    assert.equal(journalText(dir), '');
    await reopened.close();
  });

  it('ignores a torn last line and applies every intact record before it', async () => {
    const { dir, store } = await freshStore();
    const bob = user('bob');
    await store.createUser(bob);
    await store.updateUser({ ...bob, attributes: { ...bob.attributes, name: 'kept' } });
    die(store);
    appendFileSync(join(dir, 'cognate.journal'), '0badc0de ["us-east-1_journal","bob","CONFIRMED",1,null,null,"{\\"name\\":\\"torn');

    const reopened = new SqliteStore({ dataDir: dir });
    assert.equal((await reopened.getUser(POOL, 'bob'))?.attributes.name, 'kept');
    await reopened.close();
  });

  it('stops at a record whose checksum does not match', async () => {
    const { dir, store } = await freshStore();
    const cat = user('cat');
    await store.createUser(cat);
    await store.updateUser({ ...cat, attributes: { ...cat.attributes, name: 'first' } });
    await store.updateUser({ ...cat, attributes: { ...cat.attributes, name: 'second' } });
    die(store);
    const [first, second] = journalText(dir).split('\n');
    // Same length, one character changed: a torn or corrupted write, not a record.
    const corrupt = second!.replace('second', 'secohd');
    rmSync(join(dir, 'cognate.journal'));
    appendFileSync(join(dir, 'cognate.journal'), `${first}\n${corrupt}\n`);

    const reopened = new SqliteStore({ dataDir: dir });
    assert.equal((await reopened.getUser(POOL, 'cat'))?.attributes.name, 'first');
    await reopened.close();
  });

  it('shows journalled updates to listing, attribute search and lookup by sub at once', async () => {
    const { dir, store } = await freshStore();
    const dan = user('dan', { email: 'dan@example.com' });
    await store.createUser(dan);
    await store.updateUser({ ...dan, status: 'RESET_REQUIRED', attributes: { ...dan.attributes, name: 'Dan' } });
    assert.notEqual(journalText(dir), '');
    assert.equal((await store.getUserBySub(POOL, dan.sub))?.status, 'RESET_REQUIRED');
    const [found] = await store.findUsersByAttribute(POOL, 'email', 'dan@example.com');
    assert.equal(found?.attributes.name, 'Dan');
    const page = await store.listUsers(POOL, 10, null, { attribute: 'name', op: '=', value: 'Dan' });
    assert.deepEqual(page.items.map((u) => u.username), ['dan']);
    assert.equal(journalText(dir), '', 'a statement that reads users in SQL folds the journal first');
    await store.close();
  });

  it('never lets a replayed record undo a later change of an indexed column', async () => {
    const { dir, store } = await freshStore();
    const eve = user('eve', { email: 'old@example.com' });
    await store.createUser(eve);
    const journalled = { ...eve, attributes: { ...eve.attributes, name: 'Eve' } };
    await store.updateUser(journalled);
    await store.updateUser({ ...journalled, attributes: { ...journalled.attributes, email: 'new@example.com' } });
    die(store);

    const reopened = new SqliteStore({ dataDir: dir });
    const got = await reopened.getUser(POOL, 'eve');
    assert.equal(got?.attributes.email, 'new@example.com');
    assert.equal(got?.attributes.name, 'Eve');
    assert.deepEqual((await reopened.findUsersByAttribute(POOL, 'email', 'new@example.com')).map((u) => u.username), ['eve']);
    await reopened.close();
  });

  it('folds by itself once the pending users pass their bound', async () => {
    const { dir, store } = await freshStore();
    const many = Array.from({ length: SqliteStore.FOLD_ROWS }, (_, i) => user(`u${String(i).padStart(5, '0')}`));
    await store.createUsers(many);
    for (const u of many.slice(0, -1)) await store.updateUser({ ...u, enabled: false });
    assert.equal(journalText(dir).split('\n').length - 1, SqliteStore.FOLD_ROWS - 1);
    await store.updateUser({ ...many.at(-1)!, enabled: false });
    assert.equal(journalText(dir), '');
    die(store);
    const reopened = new SqliteStore({ dataDir: dir });
    const page = await reopened.listUsers(POOL, 60, null, { attribute: 'status', op: '=', value: 'Disabled' });
    assert.equal(page.items.length, 60);
    await reopened.close();
  });

  it('writes the updates of one turn in one write, and writes them before anyone reads them', async () => {
    const { dir, store } = await freshStore();
    const gus = user('gus');
    const hal = user('hal');
    await store.createUsers([gus, hal]);
    const first = store.updateUser({ ...gus, attributes: { ...gus.attributes, name: 'G' } });
    const second = store.updateUser({ ...hal, attributes: { ...hal.attributes, name: 'H' } });
    assert.equal(journalText(dir), '', 'nothing is written until the turn ends');
    const read = store.getUser(POOL, 'gus');
    assert.equal(journalText(dir).split('\n').length - 1, 2, 'reading an unwritten update writes the batch first');
    assert.equal((await read)?.attributes.name, 'G');
    await Promise.all([first, second]);
    await store.close();
  });

  it('fails the updates of a batch it could not write, and forgets them', async () => {
    const { store } = await freshStore();
    const ida = user('ida');
    await store.createUser(ida);
    await store.updateUser({ ...ida, attributes: { ...ida.attributes, name: 'written' } });
    // Fault injection: the journal's file descriptor is closed behind the store's back, so write() fails.
    (store as unknown as { journal: { close(): void } }).journal.close();
    await assert.rejects(store.updateUser({ ...ida, attributes: { ...ida.attributes, name: 'lost' } }), /\bfd\b|EBADF/);
    assert.equal((await store.getUser(POOL, 'ida'))?.attributes.name, 'written');
    assert.equal((await store.getUserBySub(POOL, ida.sub))?.attributes.name, 'written');
    die(store);
  });

  it('refuses a second store on a data directory another one holds, leaving its journal alone', async () => {
    const { dir, store } = await freshStore();
    const jay = user('jay');
    await store.createUser(jay);
    await store.updateUser({ ...jay, attributes: { ...jay.attributes, name: 'mine' } });
    const before = journalText(dir);
    assert.notEqual(before, '');
    assert.throws(() => new SqliteStore({ dataDir: dir }), /locked|busy/i);
    assert.equal(journalText(dir), before);
    assert.equal((await store.getUser(POOL, 'jay'))?.attributes.name, 'mine');
    await store.close();
  });

  it('is not used with synchronous = full, where every update is its own fsynced commit', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cognate-journal-'));
    dirs.push(dir);
    const store = new SqliteStore({ dataDir: dir, synchronous: 'full' });
    await store.createPool(pool, []);
    const fay = user('fay');
    await store.createUser(fay);
    await store.updateUser({ ...fay, enabled: false });
    assert.equal(existsSync(join(dir, 'cognate.journal')), false);
    die(store);
    const reopened = new SqliteStore({ dataDir: dir, synchronous: 'full' });
    assert.equal((await reopened.getUser(POOL, 'fay'))?.enabled, false);
    await reopened.close();
  });
});
