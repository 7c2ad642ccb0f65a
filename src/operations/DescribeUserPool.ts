/** DescribeUserPool. `Domain` names the pool's prefix domain and `CustomDomain` its custom domain, when it has them. */
import { describePool } from '../domain/pools.js';
import { requirePool } from '../domain/users.js';
import { defineOperation } from './operation.js';

export const DescribeUserPool = defineOperation('DescribeUserPool', async (input, svc) => {
  const pool = await requirePool(svc.store, input.UserPoolId);
  const [users, domains] = await Promise.all([svc.store.countUsers(pool.id), svc.store.domainsOfPool(pool.id)]);
  const described = describePool(pool, svc.settings.region, users);
  for (const d of domains) {
    if (d.certificateArn === null) described.Domain = d.domain;
    else described.CustomDomain = d.domain;
  }
  return { UserPool: described };
});
