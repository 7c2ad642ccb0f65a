/**
 * UpdateUserPool. As Cognito documents, settings left out of the request return to their defaults;
 * the schema, aliases, username attributes and username configuration cannot change after creation.
 * The TOTP and email factors set by SetUserPoolMfaConfig are kept, and while one of them is on, MFA may
 * stay ON or OPTIONAL without an SmsConfiguration (our reading: AWS's documentation only requires SMS for
 * SMS-only pools, and Terraform-style tools resend MfaConfiguration on every update).
 */
import { settingsFrom } from '../domain/pools.js';
import { requirePool } from '../domain/users.js';
import { defineOperation } from './operation.js';

export const UpdateUserPool = defineOperation('UpdateUserPool', async (input, svc) => {
  const pool = await requirePool(svc.store, input.UserPoolId);
  const { SchemaAttributes, AliasAttributes, UsernameAttributes, UsernameConfiguration, SoftwareTokenMfaConfiguration, EmailMfaConfiguration } = pool.settings;
  const keep = { SchemaAttributes, AliasAttributes, UsernameAttributes, UsernameConfiguration, SoftwareTokenMfaConfiguration, EmailMfaConfiguration };
  const otherFactorOn = SoftwareTokenMfaConfiguration?.Enabled === true || EmailMfaConfiguration !== undefined;
  const settings = { ...settingsFrom(input, { otherFactorOn }), ...Object.fromEntries(Object.entries(keep).filter(([, v]) => v !== undefined)) };
  await svc.store.updatePool({ ...pool, name: input.PoolName ?? pool.name, settings, lastModifiedAt: svc.clock.now() });
  return {};
});
