/**
 * UpdateIdentityProvider: replaces ProviderDetails, AttributeMapping and IdpIdentifiers with those given;
 * members left out keep their values (the API reference documents no reset). The type cannot change.
 * Read, check and write are one atomic change in the store; an identifier another provider holds is
 * DuplicateProviderException.
 */
import {
  checkedAttributeMapping,
  checkedProviderDetails,
  duplicateProvider,
  identityProviderType,
  providerNotFound,
  uniqueIdentifiers,
} from '../domain/identity-providers.js';
import { requirePool } from '../domain/users.js';
import { ResourceNotFoundException } from '../errors.js';
import type { IdentityProviderTypeType } from '../model/generated.js';
import { defineOperation } from './operation.js';

export const UpdateIdentityProvider = defineOperation('UpdateIdentityProvider', async (input, svc) => {
  const pool = await requirePool(svc.store, input.UserPoolId);
  const now = svc.clock.now();
  const identifiers = input.IdpIdentifiers === undefined ? undefined : uniqueIdentifiers(input.IdpIdentifiers);
  const result = await svc.store.changeIdentityProvider(pool.id, input.ProviderName, (current) => {
    const type = current.type as IdentityProviderTypeType;
    return {
      ...current,
      details: input.ProviderDetails === undefined ? current.details : checkedProviderDetails(type, input.ProviderDetails),
      attributeMapping: input.AttributeMapping === undefined ? current.attributeMapping : checkedAttributeMapping(pool, type, input.AttributeMapping),
      idpIdentifiers: identifiers ?? current.idpIdentifiers,
      lastModifiedAt: now,
    };
  });
  if (result === null) throw new ResourceNotFoundException(providerNotFound(input.ProviderName));
  if (result === 'identifier-taken') throw duplicateProvider(result, { name: input.ProviderName, idpIdentifiers: identifiers ?? [] });
  return { IdentityProvider: identityProviderType(result) };
});
