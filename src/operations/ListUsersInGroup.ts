/**
 * ListUsersInGroup: the group's members as UserType, a page at a time (Limit 1-60, default 60;
 * NextToken), ordered by username as ListUsers is.
 */
import { afterToken, pageSize, requireGroup } from '../domain/groups.js';
import { encodePageToken } from '../domain/paging.js';
import { requirePool, userType } from '../domain/users.js';
import { defineOperation } from './operation.js';

export const ListUsersInGroup = defineOperation('ListUsersInGroup', async (input, svc) => {
  const pool = await requirePool(svc.store, input.UserPoolId);
  const group = await requireGroup(svc.store, pool, input.GroupName);
  const kind = `group-users:${pool.id}:${group.name}`;
  const page = await svc.store.listUsersInGroup(pool.id, group.name, pageSize(input.Limit), afterToken(input.NextToken, kind));
  return {
    Users: page.items.map((u) => userType(u)),
    ...(page.next ? { NextToken: encodePageToken(page.next, kind) } : {}),
  };
});
