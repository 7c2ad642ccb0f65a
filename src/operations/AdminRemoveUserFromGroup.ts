/**
 * AdminRemoveUserFromGroup. Removing a user who is not a member is a quiet success (inferred, as
 * removing twice should not fail). Tokens issued before keep the group until the next sign-in or refresh.
 */
import { requireGroup } from '../domain/groups.js';
import { requirePool, requireUser } from '../domain/users.js';
import { defineOperation } from './operation.js';

export const AdminRemoveUserFromGroup = defineOperation('AdminRemoveUserFromGroup', async (input, svc) => {
  const pool = await requirePool(svc.store, input.UserPoolId);
  const group = await requireGroup(svc.store, pool, input.GroupName);
  const user = await requireUser(svc.store, pool, input.Username);
  await svc.store.removeUserFromGroup(pool.id, group.name, user.sub);
  return {};
});
