/**
 * AdminAddUserToGroup. The user may be named by username, alias or sub. Checks in the order the
 * emulators make them (pool, group, user; AWS's order unconfirmed). Adding a member again is a quiet
 * success (inferred). The user's next sign-in or refresh carries the group in its tokens.
 */
import { ResourceNotFoundException, UserNotFoundException } from '../errors.js';
import { GROUP_NOT_FOUND, requireGroup } from '../domain/groups.js';
import { requirePool, requireUser } from '../domain/users.js';
import { defineOperation } from './operation.js';

export const AdminAddUserToGroup = defineOperation('AdminAddUserToGroup', async (input, svc) => {
  const pool = await requirePool(svc.store, input.UserPoolId);
  const group = await requireGroup(svc.store, pool, input.GroupName);
  const user = await requireUser(svc.store, pool, input.Username);
  // Group and user are checked again inside the store, atomically with the insert.
  const result = await svc.store.addUserToGroup(pool.id, group.name, user.sub);
  if (result === 'no-group') throw new ResourceNotFoundException(GROUP_NOT_FOUND);
  if (result === 'no-user') throw new UserNotFoundException('User does not exist.');
  return {};
});
