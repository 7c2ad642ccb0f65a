/**
 * UpdateUserPoolClient: a full replace, as Cognito documents. Every setting left out of the request
 * returns to its default (the same defaults CreateUserPoolClient applies), so callers send the whole
 * configuration each time; ClientName, when left out, stays (it has no default). The client's id,
 * secrets and creation date never change. The read and the write are one atomic change in the store.
 * The OAuth settings are checked as domain/oauth-client.ts describes; whether the client has a secret
 * (for client_credentials) is read inside the atomic change.
 */
import { clientSettingsFrom, describeClient } from '../domain/clients.js';
import { checkOAuthReferences, checkOAuthSettings } from '../domain/oauth-client.js';
import { requirePool } from '../domain/users.js';
import { ResourceNotFoundException } from '../errors.js';
import { defineOperation } from './operation.js';

export const UpdateUserPoolClient = defineOperation('UpdateUserPoolClient', async (input, svc) => {
  await requirePool(svc.store, input.UserPoolId);
  const { UserPoolId, ClientId, ClientName, ...rest } = input;
  const settings = clientSettingsFrom(rest);
  checkOAuthSettings(rest, true);
  await checkOAuthReferences(svc.store, UserPoolId, rest);
  const missing = () => new ResourceNotFoundException(`User pool client ${ClientId} does not exist.`);
  const now = svc.clock.now();
  const updated = await svc.store.changeClient(ClientId, (current) => {
    if (current.poolId !== UserPoolId) throw missing();
    checkOAuthSettings(rest, current.secrets.length > 0);
    return { ...current, name: ClientName ?? current.name, settings, lastModifiedAt: now };
  });
  if (!updated) throw missing();
  return { UserPoolClient: describeClient(updated) };
});
