import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { SqliteStore } from '../../src/store/sqlite.js';
import { runCognate } from '../helpers/cognate-process.js';
import { remount, withTmpfs } from '../helpers/tmpfs.js';

// `cognate serve` on a data directory it cannot use: it must say which file and why on standard error and
// exit 255 before it listens, never start and then fail every request.

/** Runs `cognate serve` on `dataDir`, expecting it to refuse to start; bounded, in case it starts after all. */
const refusedServe = (dataDir: string) => runCognate(['serve', '--port', '0', '--data-dir', dataDir, '--quiet'], {}, 10_000);

describe('cognate serve on a data directory it cannot use', () => {
  it('names the database and the cause and exits 255 when the directory cannot be created on a read-only file system', async (t) => {
    await withTmpfs(t, '1m', async (mount) => {
      const dataDir = join(mount, 'data');
      const r = await refusedServe(dataDir);
      assert.equal(r.stderr, `cognate: cannot open the database ${join(dataDir, 'cognate.db')}: the data directory cannot be created in ${mount}, which is not writable (EROFS)\n`);
      assert.equal(r.code, 255);
      assert.equal(r.stdout, '');
    }, ['ro']);
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
});
