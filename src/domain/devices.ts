import { ResourceNotFoundException } from '../errors.js';
import type { AttributeType, DeviceType, NewDeviceMetadataType } from '../model/generated.js';
import { randomString, type Random } from '../random.js';
import type { Services } from '../services.js';
import type { DeviceRecord, PoolRecord, Store, TokenOriginRecord, UserRecord } from '../store/store.js';
import { epochSeconds, findUser } from './users.js';

/*
 * Device tracking and remembered devices (developer guide, "Working with user devices in your user pool";
 * the API reference of ConfirmDevice and the device operations).
 *
 * A pool tracks devices when it has a DeviceConfiguration ("When you provide a value for any property of
 * DeviceConfiguration, you activate the device remembering"). Then a successful API sign-in that names no
 * device is given a new one in AuthenticationResult.NewDeviceMetadata, and its access token carries the
 * `device_key` claim. ConfirmDevice makes that key a device of the user, remembered at once unless the pool
 * has DeviceOnlyRememberedOnUserPrompt (then UserConfirmationNecessary is true and UpdateDeviceStatus
 * remembers it). A sign-in naming a confirmed device of the user (DEVICE_KEY) gets no new key, and its
 * tokens carry that device's key; a remembered one may stand in for MFA (signin/device-auth.ts).
 *
 * Choices the references leave open (inferred):
 * - An unconfirmed key is not stored as a device: the sign-in's token origin keeps it, so ConfirmDevice
 *   accepts a key only from the sign-in its access token belongs to (or one of the user's devices again).
 *   Signing in with an unconfirmed, forgotten or another user's key is ResourceNotFoundException
 *   "Device does not exist." (the service's text, as SDK issue threads quote it), which the client SDKs
 *   answer by signing in again without the key.
 * - GetDevice and ListDevices show the user's remembered devices only: AWS's own SDK tests see a device set
 *   to not_remembered vanish from GetDevice and ListDevices while AdminGetDevice still shows it; the Admin
 *   operations show every confirmed device.
 * - Hosted-page (OAuth) sign-ins are not tracked: NewDeviceMetadata is an API answer.
 * - last_ip_used is not recorded: the operations are not given the caller's address.
 * - The group key is "-" and 9 alphanumerics, the shape of the keys seen in client logs.
 */

/** ResourceNotFoundException's text for a device that is not there (or not the caller's). */
export const DEVICE_NOT_FOUND = 'Device does not exist.';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Whether the pool tracks devices: it has a DeviceConfiguration. */
export function tracksDevices(pool: PoolRecord): boolean {
  return pool.settings.DeviceConfiguration !== undefined && pool.settings.DeviceConfiguration !== null;
}

/** Whether a device confirmed in this pool must wait for the user's choice before it is remembered. */
export function rememberedOnPromptOnly(pool: PoolRecord): boolean {
  return pool.settings.DeviceConfiguration?.DeviceOnlyRememberedOnUserPrompt === true;
}

/** A new device key, `REGION_uuid`, in the pool's region. */
export function newDeviceKey(random: Random, poolId: string): string {
  return `${poolId.slice(0, poolId.indexOf('_'))}_${random.uuid()}`;
}

/** The device of a sign-in: its key and group key, and whether the sign-in made it (NewDeviceMetadata). */
export interface SignInDevice {
  key: string;
  groupKey: string;
  isNew: boolean;
}

/**
 * The device a successful sign-in of `user` is made on, or null when the pool does not track devices.
 * `requested` is the request's DEVICE_KEY: it must be one of the user's confirmed devices (its last sign-in
 * date is recorded); without one a new key is made.
 */
export async function signInDevice(svc: Services, pool: PoolRecord, user: UserRecord, requested: string | undefined): Promise<SignInDevice | null> {
  if (!tracksDevices(pool)) return null;
  if (requested === undefined || requested === '') {
    return { key: newDeviceKey(svc.random, pool.id), groupKey: `-${randomString(svc.random, 9, ALNUM)}`, isNew: true };
  }
  const device = await svc.store.touchDevice(pool.id, user.sub, requested, svc.clock.now(), null);
  if (!device) throw new ResourceNotFoundException(DEVICE_NOT_FOUND);
  return { key: device.key, groupKey: device.groupKey, isNew: false };
}

/**
 * Refuses a challenge answer naming a device that is not the user's, before the answer is checked or its
 * session spent: amazon-cognito-identity-js answers "Device does not exist." by sending the same
 * PASSWORD_VERIFIER again without the key, which must then still work.
 */
export async function assertDeviceOfUser(store: Store, pool: PoolRecord, user: UserRecord, key: string | undefined): Promise<void> {
  if (!tracksDevices(pool) || key === undefined || key === '') return;
  const device = await store.getDevice(pool.id, key);
  if (!device || device.sub !== user.sub) throw new ResourceNotFoundException(DEVICE_NOT_FOUND);
}

/** What AuthenticationResult carries for a new device. */
export function newDeviceMetadata(device: SignInDevice | null): { NewDeviceMetadata?: NewDeviceMetadataType } {
  return device?.isNew ? { NewDeviceMetadata: { DeviceKey: device.key, DeviceGroupKey: device.groupKey } } : {};
}

/**
 * Whether a refresh of this sign-in may go ahead with the device key it names: a sign-in made on a device
 * refreshes only on that device, while it is still one of the user's devices (the developer guide's "if a
 * refresh token is used on any other device, the call fails"; forgetting a device ends its refresh tokens).
 */
export async function refreshDeviceAllowed(store: Store, origin: TokenOriginRecord, named: string | undefined): Promise<boolean> {
  if (!origin.deviceKey) return true;
  if (named !== origin.deviceKey) return false;
  const device = await store.getDevice(origin.poolId, origin.deviceKey);
  return device !== null && device.sub === origin.sub;
}

/** The user's device with this key, or ResourceNotFoundException; `rememberedOnly` for the user-facing reads. */
export async function requireDevice(store: Store, pool: PoolRecord, user: UserRecord, key: string, rememberedOnly = false): Promise<DeviceRecord> {
  const device = await store.getDevice(pool.id, key);
  if (!device || device.sub !== user.sub || (rememberedOnly && !device.remembered)) throw new ResourceNotFoundException(DEVICE_NOT_FOUND);
  return device;
}

/**
 * The user an AdminGetDevice or AdminListDevices names: the model lists no UserNotFoundException for those
 * two, so a missing user is ResourceNotFoundException with UserNotFoundException's text (inferred).
 */
export async function requireDeviceOwner(store: Store, pool: PoolRecord, name: string): Promise<UserRecord> {
  const user = await findUser(store, pool, name);
  if (!user) throw new ResourceNotFoundException('User does not exist.');
  return user;
}

/** The wire DeviceType; attributes in the order of the API reference's samples, those we do not keep left out. */
export function deviceType(d: DeviceRecord): DeviceType {
  const attributes: AttributeType[] = [{ Name: 'device_status', Value: 'valid' }];
  if (d.name !== null) attributes.push({ Name: 'device_name', Value: d.name });
  if (d.lastIp !== null) attributes.push({ Name: 'last_ip_used', Value: d.lastIp });
  attributes.push({ Name: 'dev:device_remembered_status', Value: d.remembered ? 'remembered' : 'not_remembered' });
  return {
    DeviceKey: d.key,
    DeviceAttributes: attributes,
    DeviceCreateDate: epochSeconds(d.createdAt),
    DeviceLastModifiedDate: epochSeconds(d.lastModifiedAt),
    DeviceLastAuthenticatedDate: epochSeconds(d.lastAuthenticatedAt),
  };
}
