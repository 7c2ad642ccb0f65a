/** GetDevice: one of the signed-in user's remembered devices; a not-remembered one is not found (domain/devices.ts). */
import { deviceType, requireDevice } from '../domain/devices.js';
import { userFromAccessToken } from '../domain/users.js';
import { defineOperation } from './operation.js';

export const GetDevice = defineOperation('GetDevice', async (input, svc) => {
  const { user, pool } = await userFromAccessToken(svc, input.AccessToken ?? '');
  return { Device: deviceType(await requireDevice(svc.store, pool, user, input.DeviceKey, true)) };
});
