/**
 * DeleteResourceServer: removes the server and its scopes. App clients keep the scopes in their
 * AllowedOAuthScopes (the developer guide: the association becomes inactive and comes back if the scope
 * is defined again); a later UpdateUserPoolClient that still names one is ScopeDoesNotExistException.
 */
import { resourceServerNotFound } from '../domain/resource-servers.js';
import { requirePool } from '../domain/users.js';
import { ResourceNotFoundException } from '../errors.js';
import { defineOperation } from './operation.js';

export const DeleteResourceServer = defineOperation('DeleteResourceServer', async (input, svc) => {
  const pool = await requirePool(svc.store, input.UserPoolId);
  if (!(await svc.store.deleteResourceServer(pool.id, input.Identifier))) throw new ResourceNotFoundException(resourceServerNotFound(input.Identifier));
  return {};
});
