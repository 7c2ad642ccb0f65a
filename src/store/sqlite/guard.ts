import type Database from 'better-sqlite3';
import { statfsSync } from 'node:fs';
import { dirname } from 'node:path';
import { InternalErrorException } from '../../errors.js';
import type { StoreHealth } from '../store.js';

/** A prepared statement whose failures pass through the store's one gate, `SqliteGuard.failure`. */
export interface GuardedStatement {
  run(...params: unknown[]): Database.RunResult;
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
}

/**
 * Below this much free space an I/O error while writing counts as a full disk. SQLite reports ENOSPC
 * from write() as SQLITE_FULL, but a failed ftruncate() or fallocate() on a full file system comes back
 * as one of the SQLITE_IOERR_* codes, whose errno better-sqlite3 does not expose.
 */
const NEARLY_FULL_BYTES = 1024 * 1024;

/**
 * The one place where the SQLite store's failures are classified, so that no statement can skip it:
 * every statement and transaction of the store runs through `statement()` and `transaction()`.
 *
 * - A full disk (SQLITE_FULL, or SQLITE_IOERR_* with next to no space left) becomes an
 *   InternalErrorException saying the change was not stored. SQLite has rolled the transaction back,
 *   and the store changes its caches only after a statement succeeded, so nothing of it is seen later.
 *   The first refusal of an episode is logged with the file's path, and so is the first write that
 *   succeeds after it (with the number refused), not every request in between.
 * - A damaged file (SQLITE_CORRUPT*, SQLITE_NOTADB) marks the store unhealthy, so that GET /health
 *   answers 503 instead of 200 while reads fail; logged once, naming the file.
 * - Anything else passes through unchanged (the protocol layer logs it and answers InternalErrorException).
 */
export class SqliteGuard {
  private refused = 0;
  private damage: string | null = null;

  constructor(
    private readonly file: string,
    private readonly log: (line: string) => void,
  ) {}

  health(): StoreHealth {
    return this.damage === null ? { ok: true } : { ok: false, detail: this.damage };
  }

  statement(st: Database.Statement): GuardedStatement {
    return {
      run: (...params) => {
        let result;
        try {
          result = st.run(...params);
        } catch (e) {
          throw this.failure(e);
        }
        if (this.refused > 0) this.resumed();
        return result;
      },
      get: (...params) => {
        try {
          return st.get(...params);
        } catch (e) {
          throw this.failure(e);
        }
      },
      all: (...params) => {
        try {
          return st.all(...params);
        } catch (e) {
          throw this.failure(e);
        }
      },
    };
  }

  /** Runs `fn` in one transaction (rolled back if it throws; a failed COMMIT too). */
  transaction<T>(db: Database.Database, fn: () => T): T {
    let result: T;
    try {
      result = db.transaction(fn)();
    } catch (e) {
      throw this.failure(e);
    }
    if (this.refused > 0) this.resumed();
    return result;
  }

  /** The error to throw for a failure of SQLite (see the class comment). */
  failure(e: unknown): unknown {
    if (e instanceof InternalErrorException) return e;
    const code = (e as { code?: unknown } | null)?.code;
    if (typeof code !== 'string') return e;
    if (code === 'SQLITE_FULL' || (code.startsWith('SQLITE_IOERR') && this.freeBytes() < NEARLY_FULL_BYTES)) {
      if (this.refused++ === 0) this.log(`the disk holding ${this.file} is full (${code}): writes are refused until space is freed`);
      return new InternalErrorException('The change was not stored: the disk holding the user pool data is full.', { cause: e });
    }
    if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') {
      const detail = `the database ${this.file} is damaged (${code}: ${(e as Error).message})`;
      if (this.damage === null) this.log(`${detail}; GET /health answers 503 from now on`);
      this.damage = detail;
      return new Error(detail, { cause: e });
    }
    return e;
  }

  private resumed(): void {
    this.log(`writes to ${this.file} succeed again; ${this.refused} were refused while the disk was full`);
    this.refused = 0;
  }

  private freeBytes(): number {
    try {
      const s = statfsSync(dirname(this.file));
      return s.bavail * s.bsize;
    } catch {
      return Infinity;
    }
  }
}
