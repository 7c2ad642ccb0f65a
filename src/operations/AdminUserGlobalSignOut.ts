/** AdminUserGlobalSignOut: GlobalSignOut by pool and username. */
import { requirePool, requireUser } from '../domain/users.js';
import { defineOperation } from './operation.js';

export const AdminUserGlobalSignOut = defineOperation('AdminUserGlobalSignOut', async (input, svc) => {
  const pool = await requirePool(svc.store, input.UserPoolId);
  const user = await requireUser(svc.store, pool, input.Username);
  await svc.store.revokeUserTokenOrigins(pool.id, user.sub, svc.clock.now());
  return {};
});
