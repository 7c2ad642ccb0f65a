/** AdminUpdateDeviceStatus: UpdateDeviceStatus as an administrator, the user named by username, alias or sub. */
import { DEVICE_NOT_FOUND } from '../domain/devices.js';
import { requirePool, requireUser } from '../domain/users.js';
import { ResourceNotFoundException } from '../errors.js';
import { defineOperation } from './operation.js';

export const AdminUpdateDeviceStatus = defineOperation('AdminUpdateDeviceStatus', async (input, svc) => {
  const pool = await requirePool(svc.store, input.UserPoolId);
  const user = await requireUser(svc.store, pool, input.Username);
  const remembered = input.DeviceRememberedStatus === 'remembered';
  if (!(await svc.store.setDeviceRemembered(pool.id, user.sub, input.DeviceKey, remembered, svc.clock.now()))) {
    throw new ResourceNotFoundException(DEVICE_NOT_FOUND);
  }
  return {};
});
