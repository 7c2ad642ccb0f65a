import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { InternalErrorException } from '../../src/errors.js';
import { SqliteGuard } from '../../src/store/sqlite/guard.js';
import { fillDisk, withTmpfs } from '../helpers/tmpfs.js';

// How the SQLite store's one gate classifies failures that a real disk rarely produces on cue.

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** An error as better-sqlite3 throws it: a message and SQLite's extended result code. */
const sqliteError = (code: string, message: string) => Object.assign(new Error(message), { code });

describe('the SQLite store gate', () => {
  it('takes an I/O error on a file system with no space left for a full disk', async (t) => {
    await withTmpfs(t, '1m', async (mount) => {
      const log: string[] = [];
      const guard = new SqliteGuard(join(mount, 'cognate.db'), (line) => log.push(line));
      fillDisk(mount);
      const e = guard.failure(sqliteError('SQLITE_IOERR_TRUNCATE', 'disk I/O error'));
      assert.ok(e instanceof InternalErrorException);
      assert.equal(e.message, 'The change was not stored: the disk holding the user pool data is full.');
      assert.deepEqual(log, [`the disk holding ${join(mount, 'cognate.db')} is full (SQLITE_IOERR_TRUNCATE): writes are refused until space is freed`]);
    });
  });

  it('passes an I/O error through unchanged where there is space, and stays healthy', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cognate-guard-'));
    dirs.push(dir);
    const guard = new SqliteGuard(join(dir, 'cognate.db'), () => {});
    const original = sqliteError('SQLITE_IOERR_READ', 'disk I/O error');
    assert.equal(guard.failure(original), original);
    assert.deepEqual(guard.health(), { ok: true });
  });

  it('marks the store unhealthy on SQLITE_NOTADB, naming the file, and logs it once', () => {
    const log: string[] = [];
    const guard = new SqliteGuard('/data/cognate.db', (line) => log.push(line));
    for (let i = 0; i < 3; i++) guard.failure(sqliteError('SQLITE_NOTADB', 'file is not a database'));
    assert.deepEqual(guard.health(), { ok: false, detail: 'the database /data/cognate.db is damaged (SQLITE_NOTADB: file is not a database)' });
    assert.equal(log.length, 1);
  });
});
