/**
 * ListUserPoolClientSecrets: the ids and creation dates of a client's secrets, oldest first, never
 * their values. No NextToken: there are at most two, as Cognito documents; a public client lists none.
 */
import { describeSecret, requireClient } from '../domain/clients.js';
import { requirePool } from '../domain/users.js';
import { defineOperation } from './operation.js';

export const ListUserPoolClientSecrets = defineOperation('ListUserPoolClientSecrets', async (input, svc) => {
  await requirePool(svc.store, input.UserPoolId);
  const client = await requireClient(svc, input.ClientId, input.UserPoolId);
  return { ClientSecrets: client.secrets.map((s) => describeSecret(s)) };
});
