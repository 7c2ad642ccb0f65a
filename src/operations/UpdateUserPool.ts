/**
 * UpdateUserPool. As Cognito documents, settings left out of the request return to their defaults;
 * the schema, aliases, username attributes and username configuration cannot change after creation.
 */
import { settingsFrom } from '../domain/pools.js';
import { requirePool } from '../domain/users.js';
import { defineOperation } from './operation.js';

export const UpdateUserPool = defineOperation('UpdateUserPool', async (input, svc) => {
  const pool = await requirePool(svc.store, input.UserPoolId);
  const { SchemaAttributes, AliasAttributes, UsernameAttributes, UsernameConfiguration, SoftwareTokenMfaConfiguration, EmailMfaConfiguration } = pool.settings;
  const keep = { SchemaAttributes, AliasAttributes, UsernameAttributes, UsernameConfiguration, SoftwareTokenMfaConfiguration, EmailMfaConfiguration };
  const settings = { ...settingsFrom(input), ...Object.fromEntries(Object.entries(keep).filter(([, v]) => v !== undefined)) };
  await svc.store.updatePool({ ...pool, name: input.PoolName ?? pool.name, settings, lastModifiedAt: svc.clock.now() });
  return {};
});
