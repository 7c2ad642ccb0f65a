/** ListUserPoolClients: pages of {ClientId, UserPoolId, ClientName} ordered by client id. */
import { InvalidParameterException } from '../errors.js';
import { decodePageToken, encodePageToken } from '../domain/paging.js';
import { requirePool } from '../domain/users.js';
import { defineOperation } from './operation.js';

export const ListUserPoolClients = defineOperation('ListUserPoolClients', async (input, svc) => {
  const pool = await requirePool(svc.store, input.UserPoolId);
  const after = input.NextToken === undefined ? null : decodePageToken(input.NextToken, `clients:${pool.id}`);
  if (input.NextToken !== undefined && after === null) throw new InvalidParameterException('Invalid pagination token.');
  const page = await svc.store.listClients(pool.id, input.MaxResults ?? 60, after);
  return {
    UserPoolClients: page.items.map((c) => ({ ClientId: c.id, UserPoolId: c.poolId, ClientName: c.name })),
    ...(page.next ? { NextToken: encodePageToken(page.next, `clients:${pool.id}`) } : {}),
  };
});
