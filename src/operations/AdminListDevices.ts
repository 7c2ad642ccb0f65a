/**
 * AdminListDevices: a user's confirmed devices, remembered or not, a page at a time, as ListDevices pages
 * them; a missing user is ResourceNotFoundException (domain/devices.ts requireDeviceOwner).
 */
import { deviceType, requireDeviceOwner } from '../domain/devices.js';
import { afterToken, pageSize } from '../domain/groups.js';
import { encodePageToken } from '../domain/paging.js';
import { requirePool } from '../domain/users.js';
import { defineOperation } from './operation.js';

export const AdminListDevices = defineOperation('AdminListDevices', async (input, svc) => {
  const pool = await requirePool(svc.store, input.UserPoolId);
  const user = await requireDeviceOwner(svc.store, pool, input.Username);
  const kind = `devices:${pool.id}:${user.sub}:all`;
  const page = await svc.store.listDevices(pool.id, user.sub, pageSize(input.Limit), afterToken(input.PaginationToken, kind), false);
  return {
    Devices: page.items.map(deviceType),
    ...(page.next ? { PaginationToken: encodePageToken(page.next, kind) } : {}),
  };
});
