/**
 * DeleteUserPoolClient. Tokens it issued stop refreshing; access tokens run out on their own. Its own UI
 * customization goes with it (a client id is never reused, but a stored row would outlive its purpose).
 */
import { requireClient } from '../domain/clients.js';
import { requirePool } from '../domain/users.js';
import { defineOperation } from './operation.js';

export const DeleteUserPoolClient = defineOperation('DeleteUserPoolClient', async (input, svc) => {
  await requirePool(svc.store, input.UserPoolId);
  const client = await requireClient(svc, input.ClientId, input.UserPoolId);
  await svc.store.deleteClient(client.id);
  await svc.store.deleteUICustomization(client.poolId, client.id);
  return {};
});
