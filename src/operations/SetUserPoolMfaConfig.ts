/**
 * SetUserPoolMfaConfig. ON or OPTIONAL needs at least one factor (SMS, TOTP or email), with Cognito's
 * message. Factors not named in the request keep their current setting (our choice: AWS's documentation is
 * silent, and this is what the console-driven tools expect).
 */
import { InvalidParameterException } from '../errors.js';
import { requirePool } from '../domain/users.js';
import { mfaConfigOf } from '../domain/pools.js';
import { defineOperation } from './operation.js';

export const SetUserPoolMfaConfig = defineOperation('SetUserPoolMfaConfig', async (input, svc) => {
  const pool = await requirePool(svc.store, input.UserPoolId);
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
  const updated = { ...pool, settings, lastModifiedAt: svc.clock.now() };
  await svc.store.updatePool(updated);
  return mfaConfigOf(updated);
});
