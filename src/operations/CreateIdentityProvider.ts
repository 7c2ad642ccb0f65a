/**
 * CreateIdentityProvider: an OIDC, SAML or social provider with ProviderDetails checked for its type
 * (domain/identity-providers.ts), an AttributeMapping onto the pool's attributes and IdpIdentifiers
 * unique in the pool. A name or identifier already taken is DuplicateProviderException; the store's
 * insert (provider and identifiers in one transaction) is the check. SAML providers are stored and
 * listed; signing in through them is not supported by the hosted pages.
 */
import {
  checkedAttributeMapping,
  checkedProviderDetails,
  checkProviderName,
  duplicateProvider,
  identityProviderType,
  uniqueIdentifiers,
} from '../domain/identity-providers.js';
import { requirePool } from '../domain/users.js';
import type { IdentityProviderRecord } from '../store/store.js';
import { defineOperation } from './operation.js';

export const CreateIdentityProvider = defineOperation('CreateIdentityProvider', async (input, svc) => {
  const pool = await requirePool(svc.store, input.UserPoolId);
  checkProviderName(input.ProviderName, input.ProviderType);
  const now = svc.clock.now();
  const provider: IdentityProviderRecord = {
    poolId: pool.id,
    name: input.ProviderName,
    type: input.ProviderType,
    details: checkedProviderDetails(input.ProviderType, input.ProviderDetails),
    attributeMapping: checkedAttributeMapping(pool, input.ProviderType, input.AttributeMapping),
    idpIdentifiers: uniqueIdentifiers(input.IdpIdentifiers),
    createdAt: now,
    lastModifiedAt: now,
  };
  const conflict = await svc.store.createIdentityProvider(provider);
  if (conflict) throw duplicateProvider(conflict, provider);
  return { IdentityProvider: identityProviderType(provider) };
});
