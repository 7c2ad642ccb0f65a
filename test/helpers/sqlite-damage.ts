import Database from 'better-sqlite3';
import { closeSync, openSync, writeSync } from 'node:fs';

/**
 * Overwrites a leaf page of the `users` table in the middle of a database file that no process has open,
 * as a bad sector or a stray write would, and returns its page number. The page is found with SQLite's
 * dbstat table, so that the damage surely lands in rows the server reads.
 */
export function damageUsersPage(file: string): number {
  const db = new Database(file, { readonly: true });
  let pageno: number;
  let pageSize: number;
  try {
    const pages = db.prepare("SELECT pageno FROM dbstat WHERE name = 'users' AND pagetype = 'leaf' ORDER BY pageno").all() as { pageno: number }[];
    if (pages.length < 3) throw new Error(`users has only ${pages.length} leaf pages; seed more users`);
    pageno = pages[Math.floor(pages.length / 2)]!.pageno;
    pageSize = db.pragma('page_size', { simple: true }) as number;
  } finally {
    db.close();
  }
  const fd = openSync(file, 'r+');
  try {
    writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, (pageno - 1) * pageSize);
  } finally {
    closeSync(fd);
  }
  return pageno;
}
