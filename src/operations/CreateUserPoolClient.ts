/** CreateUserPoolClient: a 26-character client id and, with GenerateSecret (or a given ClientSecret), a secret. */
import { clientSettingsFrom, describeClient, newSecretRecord } from '../domain/clients.js';
import { requirePool } from '../domain/users.js';
import { newClientId, newClientSecret } from '../random.js';
import { defineOperation } from './operation.js';

export const CreateUserPoolClient = defineOperation('CreateUserPoolClient', async (input, svc) => {
  const pool = await requirePool(svc.store, input.UserPoolId);
  const { UserPoolId, ClientName, GenerateSecret, ClientSecret, ...rest } = input;
  const settings = clientSettingsFrom(rest);
  const now = svc.clock.now();
  const id = newClientId(svc.random);
  const value = ClientSecret ?? (GenerateSecret ? newClientSecret(svc.random) : null);
  const secrets = value === null ? [] : [newSecretRecord({ id, secrets: [] }, value, now)];
  const client = { id, poolId: pool.id, name: ClientName, secrets, createdAt: now, lastModifiedAt: now, settings };
  await svc.store.createClient(client);
  return { UserPoolClient: describeClient(client) };
});
