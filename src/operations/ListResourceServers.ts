/**
 * ListResourceServers: the pool's resource servers a page at a time (MaxResults 1-50; absent means 50,
 * our choice). Ordered by identifier in byte order, which keeps pages stable while servers change.
 */
import { afterToken } from '../domain/groups.js';
import { encodePageToken } from '../domain/paging.js';
import { resourceServerType } from '../domain/resource-servers.js';
import { requirePool } from '../domain/users.js';
import { defineOperation } from './operation.js';

export const ListResourceServers = defineOperation('ListResourceServers', async (input, svc) => {
  const pool = await requirePool(svc.store, input.UserPoolId);
  const kind = `resource-servers:${pool.id}`;
  const page = await svc.store.listResourceServers(pool.id, input.MaxResults ?? 50, afterToken(input.NextToken, kind));
  return {
    ResourceServers: page.items.map(resourceServerType),
    ...(page.next ? { NextToken: encodePageToken(page.next, kind) } : {}),
  };
});
