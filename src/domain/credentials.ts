import type { Services } from '../operations/operation.js';
import type { SrpVerifierRecord, UserRecord } from '../store/store.js';
import { makeVerifier } from './srp.js';

/**
 * Gives the user a new password: sets the scrypt hash on the record and returns the SRP verifier to
 * store once the record is saved (`saveSrp`). Every path that sets a password goes through here, so
 * USER_SRP_AUTH works for any password set after SRP support arrived.
 */
export async function newPassword(svc: Services, user: UserRecord, password: string): Promise<SrpVerifierRecord> {
  user.passwordHash = await svc.passwords.hash(password);
  const v = makeVerifier(user.poolId, user.username, password, svc.random.bytes(16));
  return { ...v, passwordHash: user.passwordHash };
}

/** Stores the verifier `newPassword` made, after the user record itself was saved. */
export async function saveSrp(svc: Services, user: UserRecord, srp: SrpVerifierRecord): Promise<void> {
  await svc.store.setSrpVerifier(user.poolId, user.username, srp);
}
