/**
 * SetUserPoolMfaConfig. ON or OPTIONAL needs at least one factor (SMS, TOTP or email), with Cognito's
 * message. Factors not named in the request keep their current setting (our choice: AWS's documentation is
 * silent, and this is what the console-driven tools expect).
 */
import { InvalidParameterException, ResourceNotFoundException } from '../errors.js';
import type { SetUserPoolMfaConfigRequest } from '../model/generated.js';
import type { PoolRecord } from '../store/store.js';
import { requirePool } from '../domain/users.js';
import { mfaConfigOf } from '../domain/pools.js';
import { defineOperation } from './operation.js';

/** The pool with the request's MFA settings applied, or InvalidParameterException; pure, for changePool. */
function withMfaConfig(pool: PoolRecord, input: SetUserPoolMfaConfigRequest, now: Date): PoolRecord {
  const settings = { ...pool.settings };
  if (input.SmsMfaConfiguration) {
    if (input.SmsMfaConfiguration.SmsConfiguration) settings.SmsConfiguration = input.SmsMfaConfiguration.SmsConfiguration;
    if (input.SmsMfaConfiguration.SmsAuthenticationMessage !== undefined)
      settings.SmsAuthenticationMessage = input.SmsMfaConfiguration.SmsAuthenticationMessage;
  }
  if (input.SoftwareTokenMfaConfiguration) settings.SoftwareTokenMfaConfiguration = input.SoftwareTokenMfaConfiguration;
  if (input.EmailMfaConfiguration) settings.EmailMfaConfiguration = input.EmailMfaConfiguration;
  if (input.MfaConfiguration) settings.MfaConfiguration = input.MfaConfiguration;
  const anyFactor =
    settings.SmsConfiguration !== undefined || settings.SoftwareTokenMfaConfiguration?.Enabled === true || settings.EmailMfaConfiguration !== undefined;
  if (settings.MfaConfiguration !== 'OFF' && !anyFactor) {
    throw new InvalidParameterException("Invalid MFA configuration given, can't disable all MFAs with a required or optional configuration.");
  }
  return { ...pool, settings, lastModifiedAt: now };
}

export const SetUserPoolMfaConfig = defineOperation('SetUserPoolMfaConfig', async (input, svc) => {
  await requirePool(svc.store, input.UserPoolId);
  const now = svc.clock.now();
  const updated = await svc.store.changePool(input.UserPoolId, (pool) => withMfaConfig(pool, input, now));
  if (!updated) throw new ResourceNotFoundException(`User pool ${input.UserPoolId} does not exist.`);
  return mfaConfigOf(updated);
});
