/** UntagResource: removes tags from a user pool by key; keys it does not have are ignored (our choice). */
import { changeExistingPool, poolIdFromArn } from '../domain/pools.js';
import { defineOperation } from './operation.js';

export const UntagResource = defineOperation('UntagResource', async (input, svc) => {
  const poolId = await poolIdFromArn(svc.store, input.ResourceArn, svc.settings.region);
  await changeExistingPool(svc.store, poolId, (pool) => {
    const tags = { ...(pool.settings.UserPoolTags ?? {}) };
    for (const key of input.TagKeys) delete tags[key];
    return { ...pool, settings: { ...pool.settings, UserPoolTags: tags } };
  });
  return {};
});
