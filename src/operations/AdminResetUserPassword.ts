/**
 * AdminResetUserPassword: the user's status becomes RESET_REQUIRED and a password-reset code (valid one
 * hour, as ForgotPassword's) goes to the verified address that the pool's account-recovery setting picks
 * (domain/recovery.ts). Sign-in then answers PasswordResetRequiredException, whatever the password, until
 * ConfirmForgotPassword sets a new one with the code.
 *
 * Choices where AWS's documentation is silent: the CustomMessage trigger is asked with
 * `CustomMessage_ForgotPassword` (the developer guide names no source of its own for this operation); the
 * code is sent before the status changes, so a refused message (a failing trigger, the hourly code limit)
 * leaves the user as it was; a user with no address to send to (or a pool whose recovery is `admin_only`,
 * which has no self-service recovery, which the API reference says this operation needs) is
 * InvalidParameterException with ForgotPassword's text; a disabled user is NotAuthorizedException
 * "User is disabled" (as reported for this operation). Existing tokens are not revoked: every
 * token-authorised operation refuses a RESET_REQUIRED user already.
 */
import { sendCode } from '../domain/codes.js';
import { NO_RECOVERY_ADDRESS, recoveryTarget } from '../domain/recovery.js';
import { changeUser, requirePool, requireUser } from '../domain/users.js';
import { InvalidParameterException, NotAuthorizedException } from '../errors.js';
import { defineOperation } from './operation.js';

export const AdminResetUserPassword = defineOperation('AdminResetUserPassword', async (input, svc) => {
  const pool = await requirePool(svc.store, input.UserPoolId);
  const user = await requireUser(svc.store, pool, input.Username);
  if (!user.enabled) throw new NotAuthorizedException('User is disabled');
  const target = recoveryTarget(pool, user);
  if (!target) throw new InvalidParameterException(NO_RECOVERY_ADDRESS);
  await sendCode(svc, pool, user, 'FORGOT_PASSWORD', target, {
    source: 'ForgotPassword',
    ...(input.ClientMetadata ? { clientMetadata: input.ClientMetadata } : {}),
  });
  const now = svc.clock.now();
  await changeUser(svc.store, user, (current) => ({ ...current, status: 'RESET_REQUIRED', temporaryPasswordExpiresAt: null, lastModifiedAt: now }));
  return {};
});
