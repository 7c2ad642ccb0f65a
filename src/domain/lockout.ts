/**
 * Cognito's temporary lockout after repeated wrong passwords (the developer guide's page on the
 * authentication flow): five failures are free; after the n-th (n >= 5) the user is locked
 * out for 2^(n-5) seconds, at most 15 minutes; attempts during a lockout are refused without being
 * checked or counted, with NotAuthorizedException "Password attempts exceeded"; 15 minutes without a
 * failure clear the count.
 *
 * Concurrency: the password is checked first (scrypt, slow, outside any lock) and the result is then
 * recorded in one atomic change of the user, which refuses the attempt, right or wrong, if a lockout
 * is in force by then. Recording is serialised, so of any number of concurrent or pipelined guesses
 * only the first five recorded failures are answered "Incorrect username or password."; every later
 * one meets the lockout they set, and no more than five guesses' results are ever told. Concurrent
 * sign-ins with the right password all succeed (counting attempts before checking them, which we tried
 * first, refused them). A user already locked out is refused before the password is checked, so
 * guesses during a lockout cost no hashing.
 *
 * Our choices where AWS's documentation is silent: every password check counts (USER_PASSWORD_AUTH,
 * ADMIN_USER_PASSWORD_AUTH, USER_SRP_AUTH's PASSWORD_VERIFIER and ChangePassword's previous password),
 * ChangePassword answers a lockout with LimitExceededException "Attempt limit exceeded, please try
 * after some time." (the error Cognito's quotas give that operation), and the lockout does not change
 * UserLastModifiedDate. */
import { LimitExceededException, NotAuthorizedException, type CognitoError } from '../errors.js';
import type { LockoutState, UserRecord } from '../store/store.js';
import { changeUser } from './users.js';
import type { Services } from '../services.js';

/** Failures that cost nothing. */
export const FREE_FAILURES = 5;
/** The longest lockout, in seconds ("about 15 minutes"). */
export const MAX_LOCKOUT_SECONDS = 900;
/** Quiet time after which the count starts again, in milliseconds. */
export const QUIET_RESET_MS = 15 * 60_000;

/** The message of a sign-in refused during a lockout (the real service's text, reported in amazon-cognito-identity-js issue #506). */
export const PASSWORD_ATTEMPTS_EXCEEDED = 'Password attempts exceeded';

/** How long the lockout after `failures` counted failures lasts, in seconds (0: none). */
export function lockoutSeconds(failures: number): number {
  if (failures < FREE_FAILURES) return 0;
  return Math.min(2 ** (failures - FREE_FAILURES), MAX_LOCKOUT_SECONDS);
}

/** Whether attempts are refused at `now`. */
export function lockedOut(state: LockoutState | null | undefined, now: number): boolean {
  return !!state && state.lockedUntil !== null && now < state.lockedUntil;
}

/** The state after one more failure at `now` (a quiet quarter of an hour since the last starts afresh). */
export function countFailure(state: LockoutState | null | undefined, now: number): LockoutState {
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
 * One password attempt by or for `user`: refused during a lockout; otherwise `check` runs (the scrypt
 * comparison or the SRP signature check) and its result is recorded atomically (see above). Resolves
 * with the result of `check`; throws the lockout error if a lockout was in force before or at the
 * recording.
 */
export async function passwordAttempt(svc: Services, user: UserRecord, kind: PasswordCheckKind, check: () => Promise<boolean> | boolean): Promise<boolean> {
  const now = svc.clock.now().getTime();
  if (lockedOut(user.lockout, now)) throw lockedError(kind);
  const ok = await check();
  await changeUser(svc.store, user, (current) => {
    if (lockedOut(current.lockout, now)) throw lockedError(kind);
    if (ok) return current.lockout ? { ...current, lockout: null } : null;
    return { ...current, lockout: countFailure(current.lockout, now) };
  });
  return ok;
}
