/**
 * DeleteIdentityProvider: removes the provider and its identifiers, then takes its name out of the
 * SupportedIdentityProviders of every app client of the pool (our choice, inferred from the console,
 * which does the same: a client must not offer a provider that is gone), each client changed atomically.
 * Users keep their `identities` entries; a sign-in through a provider created again under the same
 * name finds them.
 */
import { providerNotFound } from '../domain/identity-providers.js';
import { requirePool } from '../domain/users.js';
import { ResourceNotFoundException } from '../errors.js';
import { defineOperation } from './operation.js';

export const DeleteIdentityProvider = defineOperation('DeleteIdentityProvider', async (input, svc) => {
  const pool = await requirePool(svc.store, input.UserPoolId);
  if (!(await svc.store.deleteIdentityProvider(pool.id, input.ProviderName))) throw new ResourceNotFoundException(providerNotFound(input.ProviderName));
  let after: string | null = null;
  do {
    const page = await svc.store.listClients(pool.id, 60, after);
    for (const c of page.items) {
      if (!c.settings.SupportedIdentityProviders?.includes(input.ProviderName)) continue;
      await svc.store.changeClient(c.id, (current) => {
        const list = current.settings.SupportedIdentityProviders;
        if (!list?.includes(input.ProviderName)) return null;
        return { ...current, settings: { ...current.settings, SupportedIdentityProviders: list.filter((n) => n !== input.ProviderName) } };
      });
    }
    after = page.next;
  } while (after !== null);
  return {};
});
