/**
 * Cognito's temporary lockout after repeated wrong passwords (reference cognito-oauth-groups-triggers
 * §2.11, from the developer guide): five failures are free; after the n-th (n >= 5) the user is locked
 * out for 2^(n-5) seconds, at most 15 minutes; attempts during a lockout are refused without being
 * checked or counted, with NotAuthorizedException "Password attempts exceeded"; 15 minutes without a
 * counted attempt clear the count.
 *
 * An attempt is counted *before* its password is checked, and the count is cleared when it proves
 * right. Counting first is what makes the limit hold against concurrent guesses: of 200 pipelined
 * wrong passwords, the sixth sets a lockout and the rest are refused unchecked, however the requests
 * interleave. Our choices where the reference is silent: every password check counts (USER_PASSWORD_AUTH,
 * ADMIN_USER_PASSWORD_AUTH, USER_SRP_AUTH's PASSWORD_VERIFIER and ChangePassword's previous password),
 * ChangePassword answers a lockout with LimitExceededException "Attempt limit exceeded, please try
 * after some time." (the error Cognito's quotas give that operation), and a lockout does not change
 * UserLastModifiedDate.
 */
import { LimitExceededException, NotAuthorizedException, type CognitoError } from '../errors.js';
import type { LockoutState, UserRecord } from '../store/store.js';
import { changeUser } from './users.js';
import type { Services } from '../operations/operation.js';

/** Failures that cost nothing. */
export const FREE_FAILURES = 5;
/** The longest lockout, in seconds ("about 15 minutes"). */
export const MAX_LOCKOUT_SECONDS = 900;
/** Quiet time after which the count starts again, in milliseconds. */
export const QUIET_RESET_MS = 15 * 60_000;

/** The message of a sign-in refused during a lockout [R amazon-cognito-identity-js#506]. */
export const PASSWORD_ATTEMPTS_EXCEEDED = 'Password attempts exceeded';

/** How long the lockout after `failures` counted failures lasts, in seconds (0: none). */
export function lockoutSeconds(failures: number): number {
  if (failures < FREE_FAILURES) return 0;
  return Math.min(2 ** (failures - FREE_FAILURES), MAX_LOCKOUT_SECONDS);
}

/** The state after one more counted attempt at `now`, or null if attempts are refused at `now`. */
export function countAttempt(state: LockoutState | null | undefined, now: number): LockoutState | null {
  if (state && state.lockedUntil !== null && now < state.lockedUntil) return null;
  const before = state && now - state.lastFailureAt < QUIET_RESET_MS ? state.failures : 0;
  const failures = before + 1;
  const seconds = lockoutSeconds(failures);
  return { failures, lastFailureAt: now, lockedUntil: seconds > 0 ? now + seconds * 1000 : null };
}

/** Who is asking: sign-in flows and ChangePassword answer a lockout differently. */
export type PasswordCheckKind = 'sign-in' | 'change-password';

function lockedError(kind: PasswordCheckKind): CognitoError {
  return kind === 'sign-in'
    ? new NotAuthorizedException(PASSWORD_ATTEMPTS_EXCEEDED)
    : new LimitExceededException('Attempt limit exceeded, please try after some time.');
}

/**
 * One password attempt by or for `user`: refused during a lockout, counted atomically, then `check`
 * runs (the scrypt comparison or the SRP signature check) and, if it succeeds, the count is cleared.
 * Resolves with the result of `check`.
 */
export async function passwordAttempt(svc: Services, user: UserRecord, kind: PasswordCheckKind, check: () => Promise<boolean> | boolean): Promise<boolean> {
  const now = svc.clock.now().getTime();
  await changeUser(svc.store, user, (current) => {
    const lockout = countAttempt(current.lockout, now);
    if (!lockout) throw lockedError(kind);
    return { ...current, lockout };
  });
  const ok = await check();
  if (ok) await changeUser(svc.store, user, (current) => (current.lockout ? { ...current, lockout: null } : null));
  return ok;
}
