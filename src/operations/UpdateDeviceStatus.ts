/**
 * UpdateDeviceStatus: sets one of the signed-in user's devices to remembered or not_remembered. A request
 * without DeviceRememberedStatus (optional in the model) sets not_remembered (inferred: the reference gives
 * no default).
 */
import { DEVICE_NOT_FOUND } from '../domain/devices.js';
import { userFromAccessToken } from '../domain/users.js';
import { ResourceNotFoundException } from '../errors.js';
import { defineOperation } from './operation.js';

export const UpdateDeviceStatus = defineOperation('UpdateDeviceStatus', async (input, svc) => {
  const { user, pool } = await userFromAccessToken(svc, input.AccessToken);
  const remembered = input.DeviceRememberedStatus === 'remembered';
  if (!(await svc.store.setDeviceRemembered(pool.id, user.sub, input.DeviceKey, remembered, svc.clock.now()))) {
    throw new ResourceNotFoundException(DEVICE_NOT_FOUND);
  }
  return {};
});
