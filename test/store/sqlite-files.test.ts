import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { noMfa } from '../../src/domain/users.js';
import { SqliteStore } from '../../src/store/sqlite/store.js';
import type { PoolRecord, UserRecord } from '../../src/store/store.js';
import { rawCall, startServer } from '../helpers/server.js';
import { damageUsersPage } from '../helpers/sqlite-damage.js';

// The SQLite store's files: who may read them, and what happens when they are damaged.

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
function newDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cognate-files-'));
  dirs.push(dir);
  return dir;
}

const now = new Date('2026-01-01T00:00:00Z');
const POOL = 'us-east-1_files';
const pool: PoolRecord = { id: POOL, name: 'files', createdAt: now, lastModifiedAt: now, settings: { MfaConfiguration: 'OFF' } };
const users = (n: number): UserRecord[] =>
  Array.from({ length: n }, (_, i) => {
    const sub = `${String(i).padStart(8, '0')}-0000-4000-8000-000000000000`;
    return {
      poolId: POOL,
      username: `user${String(i).padStart(5, '0')}`,
      sub,
      status: 'CONFIRMED',
      enabled: true,
      passwordHash: 'scrypt$1$x$y',
      temporaryPasswordExpiresAt: null,
      attributes: { sub, email: `user${i}@example.com` },
      mfa: noMfa(),
      createdAt: now,
      lastModifiedAt: now,
    };
  });
const modeOf = (path: string) => statSync(path).mode & 0o777;

describe('the modes of the data directory and the database', () => {
  it('creates the data directory 0700 and the database and its WAL 0600', async () => {
    const dir = join(newDir(), 'nested', 'data');
    const store = new SqliteStore({ dataDir: dir });
    await store.createPool(pool, []);
    assert.equal(modeOf(join(dir, '..')), 0o700);
    assert.equal(modeOf(dir), 0o700);
    assert.equal(modeOf(join(dir, 'cognate.db')), 0o600);
    assert.equal(existsSync(join(dir, 'cognate.db-wal')), true, 'the write went to the WAL');
    assert.equal(modeOf(join(dir, 'cognate.db-wal')), 0o600);
    await store.close();
  });

  it('tightens a data directory and a database that an older cognate left readable by all, saying so', async () => {
    const dir = newDir();
    const first = new SqliteStore({ dataDir: dir });
    await first.createPool(pool, []);
    await first.close();
    chmodSync(dir, 0o755);
    chmodSync(join(dir, 'cognate.db'), 0o644);
    const log: string[] = [];
    const store = new SqliteStore({ dataDir: dir, log: (line) => log.push(line) });
    assert.equal(modeOf(dir), 0o700);
    assert.equal(modeOf(join(dir, 'cognate.db')), 0o600);
    assert.deepEqual(log, [`made the data directory ${dir} private (mode 0755 to 0700): the database holds signing keys and password hashes`]);
    assert.equal((await store.getPool(POOL))?.name, 'files');
    await store.close();
  });

  it('warns about a data directory open to others that holds files of someone else, and leaves its mode alone', async () => {
    const dir = newDir();
    writeFileSync(join(dir, 'notes.txt'), "not cognate's");
    chmodSync(dir, 0o755);
    const log: string[] = [];
    const store = new SqliteStore({ dataDir: dir, log: (line) => log.push(line) });
    assert.equal(modeOf(dir), 0o755);
    assert.equal(modeOf(join(dir, 'cognate.db')), 0o600);
    assert.deepEqual(log, [
      `warning: the data directory ${dir} is open to other users (mode 0755); the database in it holds signing keys and password hashes: chmod 700 it`,
    ]);
    await store.close();
  });
});

describe('a damaged database', () => {
  async function damaged(): Promise<{ dir: string; file: string }> {
    const dir = newDir();
    const store = new SqliteStore({ dataDir: dir });
    await store.createPool(pool, []);
    await store.createUsers(users(2000));
    await store.close();
    const file = join(dir, 'cognate.db');
    damageUsersPage(file);
    return { dir, file };
  }

  it('is refused at start, naming the file, when it is small enough to check', async () => {
    const { dir, file } = await damaged();
    assert.throws(
      () => new SqliteStore({ dataDir: dir }),
      (e: Error) => {
        // quick_check reports a damaged page, or stops at it with SQLITE_CORRUPT.
        assert.match(e.message, new RegExp(`^cannot open the database ${file}: the file is damaged \\((PRAGMA quick_check|SQLITE_CORRUPT): .+\\)$`));
        return true;
      },
    );
  });

  it('makes GET /health answer 503 naming the file once a read meets the damage, when it was too large to check at start', async () => {
    const { dir, file } = await damaged();
    const log: string[] = [];
    const store = new SqliteStore({ dataDir: dir, startCheckMaxBytes: 0, log: (line) => log.push(line) });
    const server = await startServer({}, { store });
    try {
      assert.equal((await fetch(`${server.url}/health`)).status, 200, 'nothing has read the damaged page yet');
      let failed = 0;
      let next: string | undefined;
      for (let i = 0; i < 50; i++) {
        const r = await rawCall(server.url, 'ListUsers', { UserPoolId: POOL, Limit: 60, ...(next ? { PaginationToken: next } : {}) });
        if (r.status !== 200) {
          assert.equal(r.status, 500);
          assert.equal(r.body.__type, 'InternalErrorException');
          failed++;
          break;
        }
        next = r.body.PaginationToken;
        if (!next) break;
      }
      assert.equal(failed, 1, 'listing every user read the damaged page');
      const health = await fetch(`${server.url}/health`);
      assert.equal(health.status, 503);
      const body = (await health.json()) as { status: string; message: string };
      assert.equal(body.status, 'unhealthy');
      assert.match(body.message, new RegExp(`^the database ${file} is damaged \\(SQLITE_CORRUPT`));
      assert.equal(log.filter((l) => l.includes(`the database ${file} is damaged`)).length, 1, 'logged once');
    } finally {
      await server.close();
    }
  });
});
