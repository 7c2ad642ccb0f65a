/**
 * ListDevices: the signed-in user's remembered devices a page at a time (Limit 0-60, 0 or none meaning 60;
 * PaginationToken), by device key (inferred: the order is undocumented; by key keeps pages stable).
 */
import { deviceType } from '../domain/devices.js';
import { afterToken, pageSize } from '../domain/groups.js';
import { encodePageToken } from '../domain/paging.js';
import { userFromAccessToken } from '../domain/users.js';
import { defineOperation } from './operation.js';

export const ListDevices = defineOperation('ListDevices', async (input, svc) => {
  const { user, pool } = await userFromAccessToken(svc, input.AccessToken);
  // The token names the user by sub, so it cannot continue another user's listing.
  const kind = `devices:${pool.id}:${user.sub}:remembered`;
  const page = await svc.store.listDevices(pool.id, user.sub, pageSize(input.Limit), afterToken(input.PaginationToken, kind), true);
  return {
    Devices: page.items.map(deviceType),
    ...(page.next ? { PaginationToken: encodePageToken(page.next, kind) } : {}),
  };
});
