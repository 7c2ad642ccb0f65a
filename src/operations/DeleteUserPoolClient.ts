/** DeleteUserPoolClient. Tokens it issued stop refreshing; access tokens run out on their own. */
import { requireClient } from '../domain/clients.js';
import { requirePool } from '../domain/users.js';
import { defineOperation } from './operation.js';

export const DeleteUserPoolClient = defineOperation('DeleteUserPoolClient', async (input, svc) => {
  await requirePool(svc.store, input.UserPoolId);
  const client = await requireClient(svc, input.ClientId, input.UserPoolId);
  await svc.store.deleteClient(client.id);
  return {};
});
