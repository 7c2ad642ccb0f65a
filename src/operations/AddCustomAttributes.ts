/**
 * AddCustomAttributes: new `custom:NAME` (or developer-only `dev:custom:NAME`) attributes in a pool's
 * schema. Existing attributes cannot be changed or removed, at most 50 custom attributes in all, and
 * none may be required; the rules and messages are in domain/schema.ts. Atomic in the store, so two
 * concurrent calls both land.
 */
import { changeExistingPool } from '../domain/pools.js';
import { withCustomAttributes } from '../domain/schema.js';
import { requirePool } from '../domain/users.js';
import { defineOperation } from './operation.js';

export const AddCustomAttributes = defineOperation('AddCustomAttributes', async (input, svc) => {
  await requirePool(svc.store, input.UserPoolId);
  const now = svc.clock.now();
  await changeExistingPool(svc.store, input.UserPoolId, (pool) => ({
    ...pool,
    settings: { ...pool.settings, SchemaAttributes: withCustomAttributes(pool.settings.SchemaAttributes ?? [], input.CustomAttributes) },
    lastModifiedAt: now,
  }));
  return {};
});
