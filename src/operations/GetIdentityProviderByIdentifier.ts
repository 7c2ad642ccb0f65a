/** GetIdentityProviderByIdentifier: the provider that has the IdpIdentifier; ResourceNotFoundException (our wording) if none has it. */
import { identityProviderType } from '../domain/identity-providers.js';
import { requirePool } from '../domain/users.js';
import { ResourceNotFoundException } from '../errors.js';
import { defineOperation } from './operation.js';

export const GetIdentityProviderByIdentifier = defineOperation('GetIdentityProviderByIdentifier', async (input, svc) => {
  const pool = await requirePool(svc.store, input.UserPoolId);
  const provider = await svc.store.getIdentityProviderByIdentifier(pool.id, input.IdpIdentifier);
  if (!provider) throw new ResourceNotFoundException(`No identity provider has the identifier ${input.IdpIdentifier}.`);
  return { IdentityProvider: identityProviderType(provider) };
});
