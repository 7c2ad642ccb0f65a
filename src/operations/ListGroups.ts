/**
 * ListGroups: the pool's groups a page at a time (Limit 1-60, default 60; NextToken). Cognito leaves the
 * order undocumented; we list by group name in byte order, which keeps pages stable while groups change.
 */
import { afterToken, groupType, pageSize } from '../domain/groups.js';
import { encodePageToken } from '../domain/paging.js';
import { requirePool } from '../domain/users.js';
import { defineOperation } from './operation.js';

export const ListGroups = defineOperation('ListGroups', async (input, svc) => {
  const pool = await requirePool(svc.store, input.UserPoolId);
  const kind = `groups:${pool.id}`;
  const page = await svc.store.listGroups(pool.id, pageSize(input.Limit), afterToken(input.NextToken, kind));
  return {
    Groups: page.items.map(groupType),
    ...(page.next ? { NextToken: encodePageToken(page.next, kind) } : {}),
  };
});
