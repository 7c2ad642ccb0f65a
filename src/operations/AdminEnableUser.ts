/** AdminEnableUser. The user may sign in again; tokens revoked by AdminDisableUser stay revoked. */
import { changeUser, requirePool, requireUser } from '../domain/users.js';
import { defineOperation } from './operation.js';

export const AdminEnableUser = defineOperation('AdminEnableUser', async (input, svc) => {
  const pool = await requirePool(svc.store, input.UserPoolId);
  const user = await requireUser(svc.store, pool, input.Username);
  const now = svc.clock.now();
  await changeUser(svc.store, user, (current) => (current.enabled ? null : { ...current, enabled: true, lastModifiedAt: now }));
  return {};
});
