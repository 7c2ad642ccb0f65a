/**
 * ListUsers with Cognito's Filter grammar (`attr = "value"`, `attr ^= "value"`, on username, email,
 * phone_number, name, given_name, family_name, preferred_username, cognito:user_status, status, sub),
 * Limit (default and maximum 60), PaginationToken and AttributesToGet (checked by checkAttributesToGet).
 */
import { InvalidParameterException } from '../errors.js';
import { decodePageToken, encodePageToken } from '../domain/paging.js';
import { requirePool, userType } from '../domain/users.js';
import type { PoolRecord, UserFilter } from '../store/store.js';
import { defineOperation } from './operation.js';

const FILTERABLE = new Set([
  'username',
  'email',
  'phone_number',
  'name',
  'given_name',
  'family_name',
  'preferred_username',
  'cognito:user_status',
  'status',
  'sub',
]);

/**
 * Checks AttributesToGet: every name must be an attribute of the pool's schema, else
 * InvalidParameterException "One or more requested attributes do not exist." (the real service's text, as
 * reported in aws/aws-sdk-js issue 2570). Each user then lists only those of the attributes it has; the API
 * reference warns that Cognito may refuse the whole request when a user lacks one of them, and we
 * choose to list what there is instead.
 */
export function checkAttributesToGet(pool: PoolRecord, names: string[] | undefined): void {
  if (!names) return;
  const known = new Set((pool.settings.SchemaAttributes ?? []).map((a) => a.Name));
  if (names.some((n) => !known.has(n))) throw new InvalidParameterException('One or more requested attributes do not exist.');
}

/** Parses a ListUsers filter; an empty filter lists everyone. */
export function parseFilter(text: string | undefined): UserFilter | null {
  if (text === undefined || text.trim() === '') return null;
  const m = /^\s*([\w:]+)\s*(\^?=)\s*"((?:[^"\\]|\\.)*)"\s*$/.exec(text);
  if (!m) throw new InvalidParameterException('Error while parsing filter.');
  const attribute = m[1]!;
  if (!FILTERABLE.has(attribute)) throw new InvalidParameterException(`Invalid search attribute: ${attribute}`);
  return { attribute, op: m[2] as '=' | '^=', value: m[3]!.replace(/\\(.)/g, '$1') };
}

export const ListUsers = defineOperation('ListUsers', async (input, svc) => {
  const pool = await requirePool(svc.store, input.UserPoolId);
  const filter = parseFilter(input.Filter);
  checkAttributesToGet(pool, input.AttributesToGet);
  const kind = `users:${pool.id}:${input.Filter ?? ''}`;
  const after = input.PaginationToken === undefined ? null : decodePageToken(input.PaginationToken, kind);
  if (input.PaginationToken !== undefined && after === null) throw new InvalidParameterException('Invalid pagination token.');
  const limit = input.Limit === undefined || input.Limit === 0 ? 60 : input.Limit;
  const page = await svc.store.listUsers(pool.id, limit, after, filter);
  return {
    Users: page.items.map((u) => userType(u, input.AttributesToGet)),
    ...(page.next ? { PaginationToken: encodePageToken(page.next, kind) } : {}),
  };
});
