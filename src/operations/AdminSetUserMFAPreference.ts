/**
 * AdminSetUserMFAPreference: SetUserMFAPreference by pool and username, as an administrator. The same
 * rules apply (domain/mfa.ts), the pool's MfaConfiguration ON included (our choice: the model states the
 * rule "for any of your users" without exempting administrators).
 */
import { applyMfaPreference } from '../domain/mfa.js';
import { changeUser, requirePool, requireUser } from '../domain/users.js';
import { defineOperation } from './operation.js';

export const AdminSetUserMFAPreference = defineOperation('AdminSetUserMFAPreference', async (input, svc) => {
  const pool = await requirePool(svc.store, input.UserPoolId);
  const user = await requireUser(svc.store, pool, input.Username);
  const request = { SMS_MFA: input.SMSMfaSettings, SOFTWARE_TOKEN_MFA: input.SoftwareTokenMfaSettings, EMAIL_OTP: input.EmailMfaSettings };
  const now = svc.clock.now();
  await changeUser(svc.store, user, (current) => applyMfaPreference(current, pool.settings.MfaConfiguration, request, now));
  return {};
});
