/**
 * DeleteGroup: the group and its memberships, in one statement. Cognito once refused groups with members;
 * today's API reference says a deleted group "no longer contributes" to members' claims, so it deletes
 * them with it (reference 1.3, inferred). Tokens issued before keep naming the group until they expire.
 */
import { ResourceNotFoundException } from '../errors.js';
import { GROUP_NOT_FOUND } from '../domain/groups.js';
import { requirePool } from '../domain/users.js';
import { defineOperation } from './operation.js';

export const DeleteGroup = defineOperation('DeleteGroup', async (input, svc) => {
  const pool = await requirePool(svc.store, input.UserPoolId);
  if (!(await svc.store.deleteGroup(pool.id, input.GroupName))) throw new ResourceNotFoundException(GROUP_NOT_FOUND);
  return {};
});
