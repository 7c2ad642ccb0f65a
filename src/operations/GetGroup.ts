/** GetGroup: one group of a pool; ResourceNotFoundException "Group not found." if there is none. */
import { groupType, requireGroup } from '../domain/groups.js';
import { requirePool } from '../domain/users.js';
import { defineOperation } from './operation.js';

export const GetGroup = defineOperation('GetGroup', async (input, svc) => {
  const pool = await requirePool(svc.store, input.UserPoolId);
  return { Group: groupType(await requireGroup(svc.store, pool, input.GroupName)) };
});
