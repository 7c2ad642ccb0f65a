/**
 * ConfirmDevice: makes the device key a sign-in was given (NewDeviceMetadata) a device of the user, with the
 * SRP salt and verifier the client made for it. The key must be the one of the sign-in this access token
 * belongs to, or already one of the user's devices (confirmed again: new verifier and name, same creation
 * date); anything else is ResourceNotFoundException "Device does not exist." (inferred: the reference does
 * not say how the key is checked). The device is remembered at once unless the pool has
 * DeviceOnlyRememberedOnUserPrompt; then UserConfirmationNecessary is true and UpdateDeviceStatus decides.
 * A missing salt or verifier is stored empty.
 */
import { DEVICE_NOT_FOUND, rememberedOnPromptOnly, requireDevice } from '../domain/devices.js';
import { userFromAccessToken } from '../domain/users.js';
import { ResourceNotFoundException } from '../errors.js';
import { defineOperation } from './operation.js';

export const ConfirmDevice = defineOperation('ConfirmDevice', async (input, svc) => {
  const { user, pool, claims } = await userFromAccessToken(svc, input.AccessToken);
  const origin = await svc.store.getTokenOrigin(claims.originJti);
  const now = svc.clock.now();
  let known: { groupKey: string; at: Date };
  if (origin?.deviceKey === input.DeviceKey && origin.deviceGroupKey) known = { groupKey: origin.deviceGroupKey, at: origin.authTime };
  else {
    const device = await requireDevice(svc.store, pool, user, input.DeviceKey);
    known = { groupKey: device.groupKey, at: device.lastAuthenticatedAt };
  }
  const onPrompt = rememberedOnPromptOnly(pool);
  const stored = await svc.store.putDevice({
    poolId: pool.id,
    sub: user.sub,
    key: input.DeviceKey,
    groupKey: known.groupKey,
    name: input.DeviceName ?? null,
    remembered: !onPrompt,
    salt: input.DeviceSecretVerifierConfig?.Salt ?? '',
    verifier: input.DeviceSecretVerifierConfig?.PasswordVerifier ?? '',
    lastIp: null,
    createdAt: now,
    lastModifiedAt: now,
    lastAuthenticatedAt: known.at,
  });
  if (!stored) throw new ResourceNotFoundException(DEVICE_NOT_FOUND);
  return { UserConfirmationNecessary: onPrompt };
});
