/**
 * GetUserAuthFactors (unsigned, by access token): the user's MFA settings, as GetUser reports them, and
 * the factors the user could start a choice-based (USER_AUTH) sign-in with.
 *
 * ConfiguredUserAuthFactors is our reading of the API reference (cognate has no USER_AUTH flow or
 * passkeys yet): PASSWORD when the user has a password; EMAIL_OTP and SMS_OTP when the pool's sign-in
 * policy allows them as first factors and the user has a verified email address or phone number;
 * WEB_AUTHN never.
 */
import { mfaSettingsOf, userFromAccessToken } from '../domain/users.js';
import type { AuthFactorType } from '../model/generated.js';
import { defineOperation } from './operation.js';

export const GetUserAuthFactors = defineOperation('GetUserAuthFactors', async (input, svc) => {
  const { user, pool } = await userFromAccessToken(svc, input.AccessToken);
  const allowed = pool.settings.Policies?.SignInPolicy?.AllowedFirstAuthFactors ?? ['PASSWORD'];
  const factors: AuthFactorType[] = [];
  if (user.passwordHash !== null) factors.push('PASSWORD');
  if (allowed.includes('EMAIL_OTP') && user.attributes.email && user.attributes.email_verified === 'true') factors.push('EMAIL_OTP');
  if (allowed.includes('SMS_OTP') && user.attributes.phone_number && user.attributes.phone_number_verified === 'true') factors.push('SMS_OTP');
  return { Username: user.username, ...mfaSettingsOf(user), ConfiguredUserAuthFactors: factors };
});
