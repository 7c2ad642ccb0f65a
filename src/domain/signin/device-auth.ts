import { InvalidParameterException, NotAuthorizedException, ResourceNotFoundException } from '../../errors.js';
import type { Services } from '../../services.js';
import type { ChallengeSessionRecord, ClientRecord, DeviceRecord, PoolRecord, UserRecord } from '../../store/store.js';
import { sameText } from '../clients.js';
import { DEVICE_NOT_FOUND, tracksDevices } from '../devices.js';
import { deviceClaimSignature, N, parseSrpTimestamp, serverB, serverKey } from '../srp.js';
import { INVALID_SESSION, openSession, sessionSeconds } from './sessions.js';
import { type AuthResponse, tokensNow } from './tokens.js';

/*
 * Remembered-device sign-in (developer guide, "Signing in with a device"): when a sign-in would now ask
 * for MFA and names a remembered device of the user (DEVICE_KEY), the answer is DEVICE_SRP_AUTH instead;
 * the client proves the device's secret by SRP against the verifier ConfirmDevice stored
 * (DEVICE_SRP_AUTH with SRP_A, then DEVICE_PASSWORD_VERIFIER), and gets tokens without MFA.
 *
 * Only in pools whose DeviceConfiguration has ChallengeRequiredOnNewDevice true: the API reference says
 * "When true, a remembered device can sign in with device authentication instead of SMS and time-based
 * one-time password (TOTP) factors for multi-factor authentication (MFA)". A device that is not remembered,
 * or a user who must first set MFA up (MFA_SETUP), still goes through MFA. A wrong device proof is
 * NotAuthorizedException "Incorrect username or password." (inferred: the text of a wrong password claim).
 */

const WRONG_PROOF = 'Incorrect username or password.';
const BAD_TIMESTAMP = 'TIMESTAMP format should be EEE MMM d HH:mm:ss z yyyy in english.';

/** The remembered device that may stand in for MFA in this sign-in, if any. */
async function standInDevice(svc: Services, pool: PoolRecord, user: UserRecord): Promise<DeviceRecord | null> {
  const key = svc.caller?.deviceKey;
  if (!tracksDevices(pool) || pool.settings.DeviceConfiguration?.ChallengeRequiredOnNewDevice !== true || !key) return null;
  const device = await svc.store.getDevice(pool.id, key);
  return device && device.sub === user.sub && device.remembered && device.verifier !== '' ? device : null;
}

/** DEVICE_SRP_AUTH in place of the MFA challenge `mfa`, when the sign-in names a remembered device; else `mfa`. */
export async function deviceOrMfa(
  svc: Services,
  pool: PoolRecord,
  client: ClientRecord,
  user: UserRecord,
  mfa: () => Promise<AuthResponse>,
): Promise<AuthResponse> {
  const device = await standInDevice(svc, pool, user);
  if (!device) return mfa();
  const session = await openSession(svc, client, user, 'DEVICE_SRP_AUTH', null, sessionSeconds(svc, client), { deviceKey: device.key });
  return { ChallengeName: 'DEVICE_SRP_AUTH', Session: session, ChallengeParameters: {} };
}

/** The session's device, still the user's and remembered, or ResourceNotFoundException. */
async function sessionDevice(
  svc: Services,
  pool: PoolRecord,
  user: UserRecord,
  session: ChallengeSessionRecord,
  named: string | undefined,
): Promise<DeviceRecord> {
  const key = session.data.deviceKey as string;
  if (named !== undefined && named !== key) throw new NotAuthorizedException(INVALID_SESSION);
  const device = await svc.store.getDevice(pool.id, key);
  if (!device || device.sub !== user.sub || !device.remembered) throw new ResourceNotFoundException(DEVICE_NOT_FOUND);
  return device;
}

/** DEVICE_SRP_AUTH answered with SRP_A: DEVICE_PASSWORD_VERIFIER with the device's salt, SRP_B and a SECRET_BLOCK. */
export async function answerDeviceSrp(
  svc: Services,
  pool: PoolRecord,
  client: ClientRecord,
  user: UserRecord,
  session: ChallengeSessionRecord,
  responses: Record<string, string>,
): Promise<AuthResponse> {
  const srpA = responses.SRP_A;
  if (srpA === undefined) throw new InvalidParameterException('Missing required parameter SRP_A');
  if (!/^[0-9a-fA-F]{1,1024}$/.test(srpA) || BigInt(`0x${srpA}`) % N === 0n) throw new NotAuthorizedException(WRONG_PROOF);
  const device = await sessionDevice(svc, pool, user, session, responses.DEVICE_KEY);
  if (!(await svc.store.consumeChallengeSession(session.id))) throw new NotAuthorizedException(INVALID_SESSION);
  // ConfirmDevice took salt and verifier as base64 of their bytes (amazon-cognito-identity-js sends them so); SRP works in hex.
  const verifier = Buffer.from(device.verifier, 'base64').toString('hex');
  let b = 0n;
  let B = 0n;
  while (B === 0n) {
    b = BigInt(`0x${svc.random.bytes(32).toString('hex')}`);
    B = serverB(verifier, b);
  }
  const block = svc.random.bytes(64).toString('base64');
  const next = await openSession(svc, client, user, 'DEVICE_PASSWORD_VERIFIER', null, sessionSeconds(svc, client), {
    deviceKey: device.key,
    groupKey: device.groupKey,
    A: srpA,
    b: b.toString(16),
    B: B.toString(16),
    verifier,
    block,
  });
  return {
    ChallengeName: 'DEVICE_PASSWORD_VERIFIER',
    Session: next,
    ChallengeParameters: {
      DEVICE_KEY: device.key,
      SALT: Buffer.from(device.salt, 'base64').toString('hex'),
      SECRET_BLOCK: block,
      SRP_B: B.toString(16),
      USERNAME: user.username,
    },
  };
}

/** DEVICE_PASSWORD_VERIFIER: a right proof of the device's secret ends the sign-in with tokens, without MFA. */
export async function answerDeviceVerifier(
  svc: Services,
  pool: PoolRecord,
  client: ClientRecord,
  user: UserRecord,
  session: ChallengeSessionRecord,
  responses: Record<string, string>,
): Promise<AuthResponse> {
  const signature = responses.PASSWORD_CLAIM_SIGNATURE;
  const timestamp = responses.TIMESTAMP;
  const block = responses.PASSWORD_CLAIM_SECRET_BLOCK;
  if (signature === undefined) throw new InvalidParameterException('Missing required parameter PASSWORD_CLAIM_SIGNATURE');
  if (block === undefined) throw new InvalidParameterException('Missing required parameter PASSWORD_CLAIM_SECRET_BLOCK');
  if (timestamp === undefined) throw new InvalidParameterException('Missing required parameter TIMESTAMP');
  if (!parseSrpTimestamp(timestamp)) throw new InvalidParameterException(BAD_TIMESTAMP);
  const device = await sessionDevice(svc, pool, user, session, responses.DEVICE_KEY);
  if (!(await svc.store.consumeChallengeSession(session.id))) throw new NotAuthorizedException(INVALID_SESSION);
  const d = session.data as { A: string; b: string; B: string; verifier: string; block: string; groupKey: string };
  if (block !== d.block) throw new NotAuthorizedException(WRONG_PROOF);
  const key = serverKey(BigInt(`0x${d.A}`), BigInt(`0x${d.B}`), BigInt(`0x${d.b}`), d.verifier);
  const expected = key ? deviceClaimSignature(key, d.groupKey, device.key, Buffer.from(block, 'base64'), timestamp) : null;
  if (expected === null || !sameText(expected, signature)) throw new NotAuthorizedException(WRONG_PROOF);
  // The tokens name the device (signInDevice records the sign-in), whatever the answer's DEVICE_KEY said.
  svc.caller = { ...svc.caller, deviceKey: device.key };
  return tokensNow(svc, client, user, 'TokenGeneration_AuthenticateDevice');
}
