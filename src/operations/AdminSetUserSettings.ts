/** AdminSetUserSettings: SetUserSettings by pool and username, with no token and no user-state checks. */
import { applyLegacyMfaOptions } from '../domain/mfa.js';
import { changeUser, requirePool, requireUser } from '../domain/users.js';
import { defineOperation } from './operation.js';

export const AdminSetUserSettings = defineOperation('AdminSetUserSettings', async (input, svc) => {
  const pool = await requirePool(svc.store, input.UserPoolId);
  const user = await requireUser(svc.store, pool, input.Username);
  const now = svc.clock.now();
  await changeUser(svc.store, user, (current) => applyLegacyMfaOptions(current, input.MFAOptions, now));
  return {};
});
