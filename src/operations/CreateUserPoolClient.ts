/** CreateUserPoolClient: a 26-character client id and, with GenerateSecret (or a given ClientSecret), a secret. */
import { clientSettingsFrom, describeClient } from '../domain/clients.js';
import { requirePool } from '../domain/users.js';
import { newClientId, newClientSecret } from '../random.js';
import { defineOperation } from './operation.js';

export const CreateUserPoolClient = defineOperation('CreateUserPoolClient', async (input, svc) => {
  const pool = await requirePool(svc.store, input.UserPoolId);
  const { UserPoolId, ClientName, GenerateSecret, ClientSecret, ...rest } = input;
  const settings = clientSettingsFrom(rest);
  const now = svc.clock.now();
  const secret = ClientSecret ?? (GenerateSecret ? newClientSecret(svc.random) : null);
  const client = { id: newClientId(svc.random), poolId: pool.id, name: ClientName, secret, createdAt: now, lastModifiedAt: now, settings };
  await svc.store.createClient(client);
  return { UserPoolClient: describeClient(client) };
});
