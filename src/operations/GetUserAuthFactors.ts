/**
 * GetUserAuthFactors (unsigned, by access token): the user's MFA settings, as GetUser reports them, and
 * the factors the user could start a choice-based (USER_AUTH) sign-in with.
 *
 * ConfiguredUserAuthFactors is exactly what USER_AUTH offers the user (domain/first-factors.ts): PASSWORD
 * when the user has a password; EMAIL_OTP and SMS_OTP when the pool's sign-in policy allows them, the
 * address is verified and MFA does not apply to the user; WEB_AUTHN never.
 */
import { firstFactors } from '../domain/first-factors.js';
import { mfaSettingsOf, userFromAccessToken } from '../domain/users.js';
import { defineOperation } from './operation.js';

export const GetUserAuthFactors = defineOperation('GetUserAuthFactors', async (input, svc) => {
  const { user, pool } = await userFromAccessToken(svc, input.AccessToken);
  return { Username: user.username, ...mfaSettingsOf(user), ConfiguredUserAuthFactors: firstFactors(pool, user) };
});
