/**
 * UpdateUserPool. As Cognito documents, settings left out of the request return to their defaults;
 * the schema, aliases, username attributes and username configuration cannot change after creation.
 * The TOTP and email factors set by SetUserPoolMfaConfig are kept, and while one of them is on, MFA may
 * stay ON or OPTIONAL without an SmsConfiguration (our reading: AWS's documentation only requires SMS for
 * SMS-only pools, and Terraform-style tools resend MfaConfiguration on every update). UserPoolTags,
 * when given, replace the pool's tags; when left out the tags stay (our choice: tags are managed by
 * TagResource and UntagResource as well, and AWS never resets a resource's tags by omission).
 * The read and the write are one atomic change in the store.
 */
import { changeExistingPool, settingsFrom } from '../domain/pools.js';
import { requirePool } from '../domain/users.js';
import { defineOperation } from './operation.js';

export const UpdateUserPool = defineOperation('UpdateUserPool', async (input, svc) => {
  await requirePool(svc.store, input.UserPoolId);
  const now = svc.clock.now();
  await changeExistingPool(svc.store, input.UserPoolId, (pool) => {
    const { SchemaAttributes, AliasAttributes, UsernameAttributes, UsernameConfiguration, SoftwareTokenMfaConfiguration, EmailMfaConfiguration, UserPoolTags } =
      pool.settings;
    const keep = { SchemaAttributes, AliasAttributes, UsernameAttributes, UsernameConfiguration, SoftwareTokenMfaConfiguration, EmailMfaConfiguration };
    const otherFactorOn = SoftwareTokenMfaConfiguration?.Enabled === true || EmailMfaConfiguration !== undefined;
    const settings = { ...settingsFrom(input, { otherFactorOn }), ...Object.fromEntries(Object.entries(keep).filter(([, v]) => v !== undefined)) };
    if (input.UserPoolTags === undefined && UserPoolTags !== undefined) settings.UserPoolTags = UserPoolTags;
    return { ...pool, name: input.PoolName ?? pool.name, settings, lastModifiedAt: now };
  });
  return {};
});
