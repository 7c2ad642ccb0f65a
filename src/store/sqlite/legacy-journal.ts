import { existsSync, readFileSync } from 'node:fs';
import { crc32 } from 'node:zlib';

/** The name of the redo journal that cognate 0.1 kept beside `cognate.db`. */
export const LEGACY_JOURNAL = 'cognate.journal';

/**
 * The records in a `cognate.journal` left by cognate 0.1, which appended state-only user updates there
 * and folded them into the database later (a server killed before folding left them behind). cognate no
 * longer writes it: the journal lost acknowledged writes after a full disk or a damaged byte, so every
 * write is now a SQLite transaction. The store replays such a file once, in one transaction, and deletes it.
 *
 * Each line is `crc32 json\n`. Unlike 0.1's own replay, which stopped at the first damaged line and
 * dropped everything after it, this refuses the whole file if any complete line is damaged: the records
 * after it were acknowledged writes, so only a person may decide to lose them. An incomplete last line (no
 * newline) is ignored: a write() cut short by a kill was never acknowledged. Returns null if there is no file.
 */
export function readLegacyJournal(path: string): unknown[][] | null {
  if (!existsSync(path)) return null;
  const text = readFileSync(path, 'utf8');
  const lines = text.split('\n');
  // The element after the last newline: '' for a whole file, else a torn (unacknowledged) last write.
  lines.pop();
  return lines.map((line, i) => {
    const json = line.slice(9);
    let record: unknown;
    if (line[8] === ' ' && crc32(json).toString(16).padStart(8, '0') === line.slice(0, 8)) {
      try {
        record = JSON.parse(json);
      } catch {
        // reported below
      }
    }
    if (!Array.isArray(record) || record.length !== 9) {
      throw new Error(
        `${path} holds user updates from cognate 0.1, and line ${i + 1} of ${lines.length} is damaged, so none of them was applied. ` +
          'Move the file out of the data directory to start without its updates (they are then lost).',
      );
    }
    return record;
  });
}
