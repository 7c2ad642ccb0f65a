/**
 * UpdateResourceServer: a full replace of Name and Scopes, as Cognito documents ("If you don't provide a
 * value for an attribute, it is set to the default value"): scopes left out are removed. App clients
 * keep a removed scope in their settings; tokens no longer carry it, and it comes back if re-added.
 */
import { checkedScopes, resourceServerNotFound, resourceServerType } from '../domain/resource-servers.js';
import { requirePool } from '../domain/users.js';
import { ResourceNotFoundException } from '../errors.js';
import { defineOperation } from './operation.js';

export const UpdateResourceServer = defineOperation('UpdateResourceServer', async (input, svc) => {
  const scopes = checkedScopes(input.Scopes);
  const pool = await requirePool(svc.store, input.UserPoolId);
  const updated = await svc.store.updateResourceServer({ poolId: pool.id, identifier: input.Identifier, name: input.Name, scopes });
  if (!updated) throw new ResourceNotFoundException(resourceServerNotFound(input.Identifier));
  return { ResourceServer: resourceServerType(updated) };
});
