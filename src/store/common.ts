import type { ClientRecord, Page, PoolRecord, UserRecord } from './store.js';

/** Columns a ListUsers filter can name directly (both stores); other attributes are read from the JSON column. */
export const FILTER_COLUMNS: Readonly<Record<string, string>> = {
  username: 'username',
  sub: 'sub',
  email: 'email',
  phone_number: 'phone_number',
  'cognito:user_status': 'status',
};

/**
 * Cognito's quota of groups in one pool (10,000, not adjustable): also the most groups one user can be
 * in, so reading "all of a user's groups" is bounded by it.
 */
export const MAX_GROUPS_PER_POOL = 10_000;

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

/** A PoolChange may change anything but the pool's id and creation date. */
export function assertSamePool(current: PoolRecord, next: PoolRecord): void {
  if (next.id !== current.id || next.createdAt.getTime() !== current.createdAt.getTime()) {
    throw new TypeError(`a pool change may not change the pool's id or creation date (${current.id})`);
  }
}

/** A ClientChange may change anything but the client's id, pool and creation date. */
export function assertSameClient(current: ClientRecord, next: ClientRecord): void {
  if (next.id !== current.id || next.poolId !== current.poolId || next.createdAt.getTime() !== current.createdAt.getTime()) {
    throw new TypeError(`a client change may not change the client's id, pool or creation date (${current.id})`);
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

/** One external identity a user holds: the provider's name and the user's id there. */
export interface ProviderIdentityKey {
  providerName: string;
  userId: string;
}

/**
 * The external identities of a user, read from its `identities` attribute (a JSON string holding an
 * array of `{userId, providerName, ...}`, as Cognito shows it). Entries without both members, or an
 * attribute that is not such JSON, count as none: the index then simply lacks them.
 */
export function providerIdentityKeys(user: Pick<UserRecord, 'attributes'>): ProviderIdentityKey[] {
  const raw = user.attributes.identities;
  if (raw === undefined) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return [];
  }
  if (!Array.isArray(parsed)) return [];
  const keys: ProviderIdentityKey[] = [];
  for (const e of parsed) {
    const entry = e as { providerName?: unknown; userId?: unknown } | null;
    if (entry && typeof entry.providerName === 'string' && typeof entry.userId === 'string') {
      keys.push({ providerName: entry.providerName, userId: entry.userId });
    }
  }
  return keys;
}

/** Whether two users' `identities` attributes name the same identities (so the index needs no rewrite). */
export function sameProviderIdentities(a: Pick<UserRecord, 'attributes'>, b: Pick<UserRecord, 'attributes'>): boolean {
  return a.attributes.identities === b.attributes.identities;
}

/** The text of the AliasExistsException a user write gets for an identity another user of the pool holds. */
export function identityTakenMessage(key: ProviderIdentityKey): string {
  return `The external identity ${key.providerName}:${key.userId} is already linked to another user.`;
}
