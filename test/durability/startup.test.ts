import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, describe, it } from 'node:test';
import { noMfa } from '../../src/domain/users.js';
import { SqliteStore } from '../../src/store/sqlite/store.js';
import type { UserRecord } from '../../src/store/store.js';
import { runCognate, startServeProcess, type ServeProcess } from '../helpers/cognate-process.js';
import { rawCall } from '../helpers/server.js';
import { damageUsersPage } from '../helpers/sqlite-damage.js';
import { remount, withTmpfs } from '../helpers/tmpfs.js';

// `cognate serve` on a data directory it cannot use: it must say which file and why on standard error and
// exit 255 before it listens, never start and then fail every request (or answer /health 200 while reads fail).

const dirs: string[] = [];
const running: ServeProcess[] = [];
afterEach(() => {
  for (const p of running.splice(0)) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
});
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** Runs `cognate serve` on `dataDir`, expecting it to refuse to start; bounded, in case it starts after all. */
const refusedServe = (dataDir: string) => runCognate(['serve', '--port', '0', '--data-dir', dataDir, '--quiet'], {}, 10_000);

describe('cognate serve on a data directory it cannot use', () => {
  it('names the database and the cause and exits 255 when the directory cannot be created on a read-only file system', async (t) => {
    await withTmpfs(
      t,
      '1m',
      async (mount) => {
        const dataDir = join(mount, 'data');
        const r = await refusedServe(dataDir);
        assert.equal(
          r.stderr,
          `cognate: cannot open the database ${join(dataDir, 'cognate.db')}: the data directory cannot be created in ${mount}, which is not writable (EROFS)\n`,
        );
        assert.equal(r.code, 255);
        assert.equal(r.stdout, '');
      },
      ['ro'],
    );
  });

  it('names the database and the cause and exits 255 when an existing data directory is on a read-only file system', async (t) => {
    await withTmpfs(t, '4m', async (mount) => {
      const dataDir = join(mount, 'data');
      await new SqliteStore({ dataDir }).close();
      remount(mount, 'ro');
      const r = await refusedServe(dataDir);
      assert.equal(r.stderr, `cognate: cannot open the database ${join(dataDir, 'cognate.db')}: the directory is not writable (EROFS)\n`);
      assert.equal(r.code, 255);
    });
  });

  it('refuses a database with a damaged page, naming the file, instead of answering /health 200 while reads fail', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cognate-damaged-'));
    dirs.push(dataDir);
    const server = await startServeProcess(['--port', '0', '--data-dir', dataDir, '--quiet']);
    running.push(server);
    const created = await rawCall(server.url, 'CreateUserPool', { PoolName: 'damaged' });
    assert.equal(created.status, 200);
    const poolId: string = created.body.UserPool.Id;
    server.child.kill('SIGTERM');
    assert.deepEqual(await server.exited, { code: 0, signal: null });
    // Enough users for the table to span many pages, through the store's bulk path as the benchmark seeds.
    const now = new Date();
    const store = new SqliteStore({ dataDir });
    await store.createUsers(
      Array.from({ length: 2000 }, (_, i): UserRecord => {
        const sub = `${String(i).padStart(8, '0')}-0000-4000-8000-000000000000`;
        return {
          poolId,
          username: `user${i}`,
          sub,
          status: 'CONFIRMED',
          enabled: true,
          passwordHash: null,
          temporaryPasswordExpiresAt: null,
          attributes: { sub, email: `user${i}@example.com` },
          mfa: noMfa(),
          createdAt: now,
          lastModifiedAt: now,
        };
      }),
    );
    await store.close();
    const file = join(dataDir, 'cognate.db');
    damageUsersPage(file);

    const r = await refusedServe(dataDir);
    assert.match(r.stderr, new RegExp(`^cognate: cannot open the database ${file}: the file is damaged \\((PRAGMA quick_check|SQLITE_CORRUPT): .+\\)\\n$`));
    assert.equal(r.code, 255);
  });
});
