import { accessSync, chmodSync, closeSync, constants, existsSync, mkdirSync, openSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The database file in the data directory; SQLite keeps `-wal` (and, unused in exclusive mode, `-shm`) beside it. */
export const DATABASE_FILE = 'cognate.db';
/** Files cognate keeps in its data directory, and so may tighten the modes of. */
const OUR_FILES = [DATABASE_FILE, `${DATABASE_FILE}-wal`, `${DATABASE_FILE}-shm`, `${DATABASE_FILE}-journal`, 'cognate.journal'];

/**
 * Makes the data directory ready for the database and returns the database's path, or throws an Error
 * whose message names the path and the cause (`cognate serve` prints it and exits 255).
 *
 * The database holds the pools' private signing keys, password hashes and one-time codes, so the
 * directory is created 0700 and the files 0600. SQLite creates `-wal` with the mode of the database
 * file, so creating `cognate.db` ourselves, empty (an empty file is an empty database to SQLite), is
 * enough for both. An existing directory that holds nothing but our files is tightened to 0700 (older
 * versions created it 0755); one that holds anything else is the operator's, and is only warned about.
 */
export function prepareDataDirectory(dir: string, log: (line: string) => void): string {
  const file = join(dir, DATABASE_FILE);
  const fail = (why: string, e?: unknown): never => {
    const code = (e as NodeJS.ErrnoException | undefined)?.code;
    throw new Error(`cannot open the database ${file}: ${why}${code ? ` (${code})` : ''}`, { cause: e });
  };
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (e) {
    // A recursive mkdir on a read-only file system reports ENOENT; the unwritable ancestor tells why.
    let parent = dirname(dir);
    while (!existsSync(parent) && parent !== dirname(parent)) parent = dirname(parent);
    try {
      accessSync(parent, constants.W_OK);
    } catch (denied) {
      fail(`the data directory cannot be created in ${parent}, which is not writable`, denied);
    }
    fail('the data directory cannot be created', e);
  }
  try {
    accessSync(dir, constants.W_OK);
  } catch (e) {
    fail('the directory is not writable', e);
  }
  const mode = statSync(dir).mode & 0o777;
  if (mode & 0o077) {
    const strangers = readdirSync(dir).filter((name) => !OUR_FILES.includes(name));
    if (strangers.length === 0 && tighten(dir, 0o700)) {
      log(`made the data directory ${dir} private (mode 0${mode.toString(8)} to 0700): the database holds signing keys and password hashes`);
    } else {
      log(
        `warning: the data directory ${dir} is open to other users (mode 0${mode.toString(8)}); the database in it holds signing keys and password hashes: chmod 700 it`,
      );
    }
  }
  try {
    closeSync(openSync(file, constants.O_RDWR | constants.O_CREAT, 0o600));
  } catch (e) {
    fail('the file cannot be opened for reading and writing', e);
  }
  for (const name of OUR_FILES) {
    const path = join(dir, name);
    let m: number;
    try {
      m = statSync(path).mode & 0o777;
    } catch {
      continue;
    }
    if (m & 0o077 && !tighten(path, 0o600)) log(`warning: ${path} is open to other users (mode 0${m.toString(8)}) and cannot be made 0600`);
  }
  return file;
}

function tighten(path: string, mode: number): boolean {
  try {
    chmodSync(path, mode);
    return true;
  } catch {
    return false;
  }
}

/**
 * The error to throw when SQLite cannot open, check or migrate the database at start, naming the file
 * and the cause in words ("disk I/O error" alone names neither). Errors of our own pass through.
 */
export function openFailure(file: string, e: unknown): unknown {
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return e;
  const message = (e as Error).message;
  let why: string;
  if (code === 'SQLITE_BUSY') why = 'another cognate server is using it';
  else if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') why = 'the file is damaged';
  else if (code === 'SQLITE_FULL') why = 'the disk is full';
  else if (code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN')) why = 'the file or its directory is not writable';
  else why = 'SQLite cannot use it';
  return new Error(`cannot open the database ${file}: ${why} (${code}: ${message})`, { cause: e });
}
