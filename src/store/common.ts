import type { Page, UserRecord } from './store.js';

/** Columns a ListUsers filter can name directly (both stores); other attributes are read from the JSON column. */
export const FILTER_COLUMNS: Readonly<Record<string, string>> = {
  username: 'username',
  sub: 'sub',
  email: 'email',
  phone_number: 'phone_number',
  'cognito:user_status': 'status',
};

/**
 * A page from a query that asked for one row more than `limit`: the extra row only tells that there is
 * more, and the key of the page's last row is where the next page starts.
 */
export function pageOf<T>(rows: T[], limit: number, key: (t: T) => string): Page<T> {
  if (rows.length > limit) {
    const items = rows.slice(0, limit);
    return { items, next: key(items[items.length - 1]!) };
  }
  return { items: rows, next: null };
}

/** A UserChange may change anything but who the user is; a change of identity is a bug in the caller. */
export function assertSameUser(current: Pick<UserRecord, 'poolId' | 'username' | 'sub'>, next: UserRecord): void {
  if (next.poolId !== current.poolId || next.username !== current.username || next.sub !== current.sub) {
    throw new TypeError(`a user change may not change pool, username or sub (${current.poolId}/${current.username})`);
  }
}

/** Attributes whose lower-case copies have indexed columns, for pools whose usernames ignore case. */
export const CASE_FOLDED_ATTRIBUTES: Readonly<Record<string, string>> = { email: 'email_key', preferred_username: 'preferred_username_key' };

/** The lower-case copy of an attribute kept in its key column (JavaScript's locale-independent toLowerCase). */
export function foldedAttribute(user: UserRecord, name: 'email' | 'preferred_username'): string | null {
  const v = user.attributes[name];
  return v === undefined ? null : v.toLowerCase();
}

/** The column a case-insensitive attribute lookup reads; other attributes cannot be looked up so. */
export function foldedColumn(name: string): string {
  const column = CASE_FOLDED_ATTRIBUTES[name];
  if (!column) throw new TypeError(`findUsersByAttribute: ${name} has no case-insensitive index`);
  return column;
}
