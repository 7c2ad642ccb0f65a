/** DescribeUserPool. */
import { describePool } from '../domain/pools.js';
import { requirePool } from '../domain/users.js';
import { defineOperation } from './operation.js';

export const DescribeUserPool = defineOperation('DescribeUserPool', async (input, svc) => {
  const pool = await requirePool(svc.store, input.UserPoolId);
  return { UserPool: describePool(pool, svc.settings.region, await svc.store.countUsers(pool.id)) };
});
