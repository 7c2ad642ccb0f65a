/** ListTagsForResource: a user pool's tags; `{}` when it has none (our choice: the key is always there). */
import { poolIdFromArn } from '../domain/pools.js';
import { requirePool } from '../domain/users.js';
import { defineOperation } from './operation.js';

export const ListTagsForResource = defineOperation('ListTagsForResource', async (input, svc) => {
  const poolId = await poolIdFromArn(svc.store, input.ResourceArn, svc.settings.region);
  const pool = await requirePool(svc.store, poolId);
  return { Tags: { ...(pool.settings.UserPoolTags ?? {}) } };
});
