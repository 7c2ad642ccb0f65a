/** AdminEnableUser. A disabled user's tokens are refused with "User is disabled." until enabled again. */
import { requirePool, requireUser } from '../domain/users.js';
import { defineOperation } from './operation.js';

export const AdminEnableUser = defineOperation('AdminEnableUser', async (input, svc) => {
  const pool = await requirePool(svc.store, input.UserPoolId);
  const user = await requireUser(svc.store, pool, input.Username);
  user.enabled = true;
  user.lastModifiedAt = svc.clock.now();
  await svc.store.updateUser(user);
  return {};
});
