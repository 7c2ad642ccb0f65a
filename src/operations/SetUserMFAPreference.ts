/**
 * SetUserMFAPreference: the signed-in user turns SMS, TOTP and email MFA on or off and picks at most
 * one preferred factor, authorised by the access token alone. The rules, and the messages we chose
 * where AWS documents none, are in domain/mfa.ts (applyMfaPreference). WebAuthnMfaSettings is
 * accepted and ignored: cognate has no passkeys.
 */
import { applyMfaPreference } from '../domain/mfa.js';
import { changeSignedInUser, userFromAccessToken } from '../domain/users.js';
import { defineOperation } from './operation.js';

export const SetUserMFAPreference = defineOperation('SetUserMFAPreference', async (input, svc) => {
  const { user, pool } = await userFromAccessToken(svc, input.AccessToken);
  const request = { SMS_MFA: input.SMSMfaSettings, SOFTWARE_TOKEN_MFA: input.SoftwareTokenMfaSettings, EMAIL_OTP: input.EmailMfaSettings };
  const now = svc.clock.now();
  await changeSignedInUser(svc.store, user, (current) => applyMfaPreference(current, pool.settings.MfaConfiguration, request, now));
  return {};
});
