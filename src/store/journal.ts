import { closeSync, fstatSync, ftruncateSync, openSync, readFileSync, writeSync } from 'node:fs';
import { crc32 } from 'node:zlib';

/**
 * An append-only redo journal of small records, beside the SQLite file.
 *
 * Why it exists: a SQLite commit writes every page it touched, 4 KiB each, to the WAL; a user's MFA
 * switch changes a few bytes of one row but cost a whole page write (about 10 µs, the largest single
 * cost of SetUserSettings). Appending the new state here is one write() of a few hundred bytes, and the
 * store folds many such records into the table in one transaction later, where repeated updates of a
 * user, and users sharing a page, are written once.
 *
 * Durability is SQLite's in `synchronous = NORMAL`: a record is in the operating system's hands
 * (write() has returned) before the request is answered, so it survives a killed process; like the
 * WAL it is not fsynced per record. Each line is `crc32 json\n`. A process killed in the middle of a
 * write leaves at most a torn last line, which fails its checksum; replay stops there, and that record
 * was never acknowledged.
 */
export class Journal {
  private fd: number;
  private bytes = 0;

  constructor(private readonly path: string) {
    this.fd = openSync(path, 'a+');
    this.bytes = fstatSync(this.fd).size;
  }

  /** Size of the journal in bytes, for the caller's folding policy. */
  get size(): number {
    return this.bytes;
  }

  /** Appends records in one write(); returns once the operating system has all of them. */
  append(records: readonly unknown[]): void {
    let text = '';
    for (const record of records) {
      const json = JSON.stringify(record);
      text += `${crc32(json).toString(16).padStart(8, '0')} ${json}\n`;
    }
    const bytes = Buffer.from(text);
    let done = 0;
    // A regular file takes the whole buffer unless the disk is full, in which case write() throws.
    while (done < bytes.length) done += writeSync(this.fd, bytes, done);
    this.bytes += bytes.length;
  }

  /** Every intact record, oldest first, up to the first torn or corrupt line. */
  records(): unknown[] {
    const text = readFileSync(this.path, 'utf8');
    const out: unknown[] = [];
    let start = 0;
    for (;;) {
      const end = text.indexOf('\n', start);
      if (end < 0) break;
      const line = text.slice(start, end);
      start = end + 1;
      const json = line.slice(9);
      if (line.length < 10 || line[8] !== ' ' || crc32(json).toString(16).padStart(8, '0') !== line.slice(0, 8)) break;
      try {
        out.push(JSON.parse(json));
      } catch {
        break;
      }
    }
    return out;
  }

  /** Empties the journal, once its records are safely in the database. */
  clear(): void {
    ftruncateSync(this.fd, 0);
    this.bytes = 0;
  }

  close(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
  }
}
