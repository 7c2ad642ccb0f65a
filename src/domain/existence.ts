/**
 * PreventUserExistenceErrors=ENABLED: the answers a client gets for a user who does not exist, shaped
 * like the answers for one who does (developer guide, "Managing user existence error responses"):
 *
 * - password sign-in: NotAuthorizedException "Incorrect username or password.", as for a wrong password;
 * - USER_SRP_AUTH: a PASSWORD_VERIFIER challenge with a salt and a USER_ID_FOR_SRP that stay the same
 *   for the same pool and name (so asking twice does not tell a decoy from a user), then the generic
 *   NotAuthorizedException at the password step;
 * - ForgotPassword and ResendConfirmationCode: CodeDeliveryDetails for a simulated destination, and
 *   nothing sent.
 *
 * The decoy values come from an HMAC under a secret of the pool (its ID-token signing key), so they are
 * stable across requests and server instances, and nobody without the key can compute them to tell them
 * from real ones.
 */
import { createHmac } from 'node:crypto';
import type { CodeDeliveryDetailsType } from '../model/generated.js';
import type { Services } from '../services.js';
import type { ClientRecord, PoolRecord } from '../store/store.js';
import { deliveryDetails } from './codes.js';
import { maskPhone } from './users.js';

/** Whether the client hides which users exist. */
export function hidesUserExistence(client: ClientRecord): boolean {
  return client.settings.PreventUserExistenceErrors === 'ENABLED';
}

/** An HMAC-SHA256 of `parts` under the pool's secret: the seed of every decoy value. */
async function decoySeed(svc: Pick<Services, 'store'>, pool: PoolRecord, ...parts: string[]): Promise<Buffer> {
  const keys = await svc.store.getPoolKeys(pool.id);
  const secret = keys.find((k) => k.use === 'id')?.privateJwk ?? pool.id;
  const mac = createHmac('sha256', secret);
  for (const p of parts) mac.update(`${p}\u0000`);
  return mac.digest();
}

/** The SRP identity of a decoy: a salt (16 bytes, hex, as real ones) and the USER_ID_FOR_SRP. */
export async function decoySrpIdentity(svc: Pick<Services, 'store'>, pool: PoolRecord, typedName: string): Promise<{ salt: string; userId: string }> {
  const seed = await decoySeed(svc, pool, 'srp', typedName);
  const salt = seed.subarray(0, 16).toString('hex');
  // In pools that sign in with email or phone, a real USER_ID_FOR_SRP is the user's UUID username.
  if ((pool.settings.UsernameAttributes ?? []).length === 0) return { salt, userId: typedName };
  const b = Buffer.from(seed.subarray(16, 32));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.toString('hex');
  return { salt, userId: `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}` };
}

/**
 * CodeDeliveryDetails for a code "sent" to a user who does not exist (or cannot receive one): the medium
 * the caller's pool would use (`medium`), to the typed name when it is an address of that medium, else
 * to an address made up from the seed (first letters a–z, last four digits), the same on every request.
 */
export async function decoyDelivery(
  svc: Pick<Services, 'store'>,
  pool: PoolRecord,
  typedName: string,
  medium: 'email' | 'phone_number',
): Promise<CodeDeliveryDetailsType> {
  if (medium === 'email' && /^[^\s@]+@[^\s@]+$/.test(typedName)) return deliveryDetails({ attribute: 'email', destination: typedName });
  if (medium === 'phone_number' && /^\+[0-9]{5,}$/.test(typedName)) return deliveryDetails({ attribute: 'phone_number', destination: typedName });
  const seed = await decoySeed(svc, pool, 'delivery', medium, typedName);
  if (medium === 'phone_number') {
    const digits = [...seed.subarray(0, 4)].map((b) => String(b % 10)).join('');
    return { Destination: maskPhone(`+1555555${digits}`), DeliveryMedium: 'SMS', AttributeName: 'phone_number' };
  }
  const letter = (b: number) => String.fromCharCode(97 + (b % 26));
  const local = /^[a-z]/i.test(typedName) ? typedName[0]!.toLowerCase() : letter(seed[0]!);
  return deliveryDetails({ attribute: 'email', destination: `${local}@${letter(seed[1]!)}.com` });
}

/**
 * Spends about the time a password check takes, so that a refused unknown user is not told apart from
 * a refused wrong password by the clock. The hash is made once per hasher.
 */
const decoyHashes = new WeakMap<object, Promise<string>>();
export async function decoyPasswordCheck(svc: Pick<Services, 'passwords'>, password: string): Promise<void> {
  let hash = decoyHashes.get(svc.passwords);
  if (!hash) {
    hash = svc.passwords.hash('decoy password, never matched');
    decoyHashes.set(svc.passwords, hash);
  }
  await svc.passwords.verify(password, await hash);
}
