import type { Services } from '../services.js';
import type { SrpVerifierRecord, UserRecord } from '../store/store.js';
import { makeVerifier } from './srp.js';

/** A password made ready to store: its scrypt hash, and the SRP verifier made from the same password. */
export interface NewPassword {
  passwordHash: string;
  srp: SrpVerifierRecord;
}

/**
 * Hashes a new password for the user and makes its SRP verifier, changing nothing: the caller stores
 * `passwordHash` in its change of the user, then the verifier with `saveSrp`. Every path that sets a
 * password goes through here, so USER_SRP_AUTH works for any password set after SRP support arrived.
 * The hashing (scrypt, asynchronous) happens before the atomic change, never inside it.
 */
export async function newPassword(svc: Services, user: Pick<UserRecord, 'poolId' | 'username'>, password: string): Promise<NewPassword> {
  const passwordHash = await svc.passwords.hash(password);
  const v = makeVerifier(user.poolId, user.username, password, svc.random.bytes(16));
  return { passwordHash, srp: { ...v, passwordHash } };
}

/**
 * Stores the verifier `newPassword` made, once the user record holds its hash. The store keeps it
 * only while that hash is still the user's, so the verifier of a password that a concurrent change
 * replaced is dropped rather than left to disagree with the stored hash.
 */
export async function saveSrp(svc: Services, user: Pick<UserRecord, 'poolId' | 'username'>, password: NewPassword): Promise<void> {
  await svc.store.setSrpVerifier(user.poolId, user.username, password.srp);
}
