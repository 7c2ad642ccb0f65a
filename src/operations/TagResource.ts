/**
 * TagResource: adds tags to a user pool (a key given again takes the new value); at most 50 in all.
 * The ResourceArn rules are in poolIdFromArn. The pool's tags are what DescribeUserPool reports as
 * UserPoolTags.
 */
import { changeExistingPool, checkTags, poolIdFromArn } from '../domain/pools.js';
import { defineOperation } from './operation.js';

export const TagResource = defineOperation('TagResource', async (input, svc) => {
  const poolId = await poolIdFromArn(svc.store, input.ResourceArn, svc.settings.region);
  checkTags(input.Tags);
  await changeExistingPool(svc.store, poolId, (pool) => {
    const tags = { ...(pool.settings.UserPoolTags ?? {}), ...input.Tags };
    checkTags(tags);
    return { ...pool, settings: { ...pool.settings, UserPoolTags: tags } };
  });
  return {};
});
