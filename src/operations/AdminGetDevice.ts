/**
 * AdminGetDevice: one of a user's confirmed devices, remembered or not. The user may be named by username,
 * alias or sub; a missing one is ResourceNotFoundException (domain/devices.ts requireDeviceOwner).
 */
import { deviceType, requireDevice, requireDeviceOwner } from '../domain/devices.js';
import { requirePool } from '../domain/users.js';
import { defineOperation } from './operation.js';

export const AdminGetDevice = defineOperation('AdminGetDevice', async (input, svc) => {
  const pool = await requirePool(svc.store, input.UserPoolId);
  const user = await requireDeviceOwner(svc.store, pool, input.Username);
  return { Device: deviceType(await requireDevice(svc.store, pool, user, input.DeviceKey)) };
});
