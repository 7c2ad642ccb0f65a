/**
 * CreateResourceServer: an identifier (a URL or a plain name) and the custom scopes app clients can be
 * allowed as `<identifier>/<scope>`. An identifier the pool already has is InvalidParameterException
 * (our wording: the reference lists no exception of its own for it); more than 25 servers in a pool
 * (Cognito's default quota) is LimitExceededException. The insert is the uniqueness check.
 */
import { checkedScopes, MAX_RESOURCE_SERVERS, resourceServerType } from '../domain/resource-servers.js';
import { requirePool } from '../domain/users.js';
import { InvalidParameterException, LimitExceededException } from '../errors.js';
import type { ResourceServerRecord } from '../store/store.js';
import { defineOperation } from './operation.js';

export const CreateResourceServer = defineOperation('CreateResourceServer', async (input, svc) => {
  const scopes = checkedScopes(input.Scopes);
  const pool = await requirePool(svc.store, input.UserPoolId);
  if ((await svc.store.allResourceServers(pool.id)).length >= MAX_RESOURCE_SERVERS) {
    throw new LimitExceededException(`The user pool already has ${MAX_RESOURCE_SERVERS} resource servers, the most it can have.`);
  }
  const server: ResourceServerRecord = { poolId: pool.id, identifier: input.Identifier, name: input.Name, scopes };
  if (!(await svc.store.createResourceServer(server))) {
    throw new InvalidParameterException(`A resource server with the identifier ${input.Identifier} already exists in this user pool.`);
  }
  return { ResourceServer: resourceServerType(server) };
});
