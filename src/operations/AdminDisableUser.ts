/** AdminDisableUser. A disabled user cannot sign in; its tokens are refused with "User is disabled.". */
import { changeUser, requirePool, requireUser } from '../domain/users.js';
import { defineOperation } from './operation.js';

export const AdminDisableUser = defineOperation('AdminDisableUser', async (input, svc) => {
  const pool = await requirePool(svc.store, input.UserPoolId);
  const user = await requireUser(svc.store, pool, input.Username);
  const now = svc.clock.now();
  await changeUser(svc.store, user, (current) => (current.enabled ? { ...current, enabled: false, lastModifiedAt: now } : null));
  return {};
});
