/**
 * ListIdentityProviders: names, types and dates of the pool's providers a page at a time (MaxResults
 * 0-60; 0 or absent means 60, inferred), ordered by name in byte order.
 */
import { afterToken } from '../domain/groups.js';
import { providerDescription } from '../domain/identity-providers.js';
import { encodePageToken } from '../domain/paging.js';
import { requirePool } from '../domain/users.js';
import { defineOperation } from './operation.js';

export const ListIdentityProviders = defineOperation('ListIdentityProviders', async (input, svc) => {
  const pool = await requirePool(svc.store, input.UserPoolId);
  const kind = `identity-providers:${pool.id}`;
  const page = await svc.store.listIdentityProviders(pool.id, input.MaxResults || 60, afterToken(input.NextToken, kind));
  return {
    Providers: page.items.map(providerDescription),
    ...(page.next ? { NextToken: encodePageToken(page.next, kind) } : {}),
  };
});
