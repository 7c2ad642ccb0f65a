/** AdminDeleteUser. The user's tokens then fail with UserNotFoundException, as Cognito's do. */
import { requirePool, requireUser } from '../domain/users.js';
import { defineOperation } from './operation.js';

export const AdminDeleteUser = defineOperation('AdminDeleteUser', async (input, svc) => {
  const pool = await requirePool(svc.store, input.UserPoolId);
  const user = await requireUser(svc.store, pool, input.Username);
  await svc.store.deleteUser(pool.id, user.username);
  return {};
});
