/** AdminForgetDevice: forgets one of a user's devices, as ForgetDevice does, as an administrator. */
import { DEVICE_NOT_FOUND } from '../domain/devices.js';
import { requirePool, requireUser } from '../domain/users.js';
import { ResourceNotFoundException } from '../errors.js';
import { defineOperation } from './operation.js';

export const AdminForgetDevice = defineOperation('AdminForgetDevice', async (input, svc) => {
  const pool = await requirePool(svc.store, input.UserPoolId);
  const user = await requireUser(svc.store, pool, input.Username);
  if (!(await svc.store.deleteDevice(pool.id, user.sub, input.DeviceKey))) throw new ResourceNotFoundException(DEVICE_NOT_FOUND);
  return {};
});
