/**
 * AdminListGroupsForUser: the user's groups a page at a time (Limit 1-60, default 60; NextToken), by
 * group name like ListGroups. The user may be named by username, alias or sub.
 */
import { afterToken, groupType, pageSize } from '../domain/groups.js';
import { encodePageToken } from '../domain/paging.js';
import { requirePool, requireUser } from '../domain/users.js';
import { defineOperation } from './operation.js';

export const AdminListGroupsForUser = defineOperation('AdminListGroupsForUser', async (input, svc) => {
  const pool = await requirePool(svc.store, input.UserPoolId);
  const user = await requireUser(svc.store, pool, input.Username);
  // The token names the user by sub, so it cannot continue another user's listing.
  const kind = `user-groups:${pool.id}:${user.sub}`;
  const page = await svc.store.listGroupsForUser(pool.id, user.sub, pageSize(input.Limit), afterToken(input.NextToken, kind));
  return {
    Groups: page.items.map(groupType),
    ...(page.next ? { NextToken: encodePageToken(page.next, kind) } : {}),
  };
});
