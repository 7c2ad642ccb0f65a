/**
 * ForgetDevice: forgets one of the signed-in user's devices, remembered or not. Refresh tokens of sign-ins
 * made on it stop working (domain/devices.ts); access tokens already issued last until they expire.
 */
import { DEVICE_NOT_FOUND } from '../domain/devices.js';
import { userFromAccessToken } from '../domain/users.js';
import { ResourceNotFoundException } from '../errors.js';
import { defineOperation } from './operation.js';

export const ForgetDevice = defineOperation('ForgetDevice', async (input, svc) => {
  const { user, pool } = await userFromAccessToken(svc, input.AccessToken ?? '');
  if (!(await svc.store.deleteDevice(pool.id, user.sub, input.DeviceKey))) throw new ResourceNotFoundException(DEVICE_NOT_FOUND);
  return {};
});
