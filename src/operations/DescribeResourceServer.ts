/** DescribeResourceServer: one resource server of a pool; ResourceNotFoundException if there is none. */
import { requireResourceServer, resourceServerType } from '../domain/resource-servers.js';
import { requirePool } from '../domain/users.js';
import { defineOperation } from './operation.js';

export const DescribeResourceServer = defineOperation('DescribeResourceServer', async (input, svc) => {
  const pool = await requirePool(svc.store, input.UserPoolId);
  return { ResourceServer: resourceServerType(await requireResourceServer(svc.store, pool.id, input.Identifier)) };
});
