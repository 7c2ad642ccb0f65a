/** DescribeIdentityProvider: one provider of a pool, with the computed ProviderDetails keys; ResourceNotFoundException if there is none. */
import { identityProviderType, requireIdentityProvider } from '../domain/identity-providers.js';
import { requirePool } from '../domain/users.js';
import { defineOperation } from './operation.js';

export const DescribeIdentityProvider = defineOperation('DescribeIdentityProvider', async (input, svc) => {
  const pool = await requirePool(svc.store, input.UserPoolId);
  return { IdentityProvider: identityProviderType(await requireIdentityProvider(svc.store, pool.id, input.ProviderName)) };
});
