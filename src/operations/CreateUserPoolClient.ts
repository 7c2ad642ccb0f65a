/**
 * CreateUserPoolClient: a 26-character client id and, with GenerateSecret (or a given ClientSecret), a
 * secret. Both at once is InvalidParameterException, as AWS documents ("You cannot specify both
 * GenerateSecret as true and provide a ClientSecret value"; the message is ours). The OAuth settings are
 * checked as domain/oauth-client.ts describes (client_credentials needs the secret made here).
 */
import { clientSettingsFrom, describeClient, newSecretRecord } from '../domain/clients.js';
import { checkOAuthReferences, checkOAuthSettings } from '../domain/oauth-client.js';
import { requirePool } from '../domain/users.js';
import { InvalidParameterException } from '../errors.js';
import { newClientId, newClientSecret } from '../random.js';
import { defineOperation } from './operation.js';

export const CreateUserPoolClient = defineOperation('CreateUserPoolClient', async (input, svc) => {
  const pool = await requirePool(svc.store, input.UserPoolId);
  const { UserPoolId, ClientName, GenerateSecret, ClientSecret, ...rest } = input;
  if (GenerateSecret && ClientSecret !== undefined) {
    throw new InvalidParameterException('Cannot specify both GenerateSecret as true and a ClientSecret value.');
  }
  const settings = clientSettingsFrom(rest);
  checkOAuthSettings(rest, GenerateSecret === true || ClientSecret !== undefined);
  await checkOAuthReferences(svc.store, pool.id, rest);
  const now = svc.clock.now();
  const id = newClientId(svc.random);
  const value = ClientSecret ?? (GenerateSecret ? newClientSecret(svc.random) : null);
  const secrets = value === null ? [] : [newSecretRecord({ id, secrets: [] }, value, now)];
  const client = { id, poolId: pool.id, name: ClientName, secrets, createdAt: now, lastModifiedAt: now, settings };
  await svc.store.createClient(client);
  return { UserPoolClient: describeClient(client) };
});
