/**
 * AdminSetUserPassword: Permanent makes the user CONFIRMED; otherwise the password is temporary
 * (FORCE_CHANGE_PASSWORD, lasting the pool's TemporaryPasswordValidityDays).
 */
import { newPassword, saveSrp } from '../domain/credentials.js';
import { checkPasswordPolicy, DEFAULT_PASSWORD_POLICY } from '../domain/passwords.js';
import { requirePool, requireUser } from '../domain/users.js';
import { defineOperation } from './operation.js';

export const AdminSetUserPassword = defineOperation('AdminSetUserPassword', async (input, svc) => {
  const pool = await requirePool(svc.store, input.UserPoolId);
  const user = await requireUser(svc.store, pool, input.Username);
  const policy = { ...DEFAULT_PASSWORD_POLICY, ...(pool.settings.Policies?.PasswordPolicy ?? {}) };
  checkPasswordPolicy(input.Password, policy);
  const now = svc.clock.now();
  const srp = await newPassword(svc, user, input.Password);
  if (input.Permanent) {
    user.status = 'CONFIRMED';
    user.temporaryPasswordExpiresAt = null;
  } else {
    user.status = 'FORCE_CHANGE_PASSWORD';
    user.temporaryPasswordExpiresAt = new Date(now.getTime() + policy.TemporaryPasswordValidityDays * 86400_000);
  }
  user.lastModifiedAt = now;
  await svc.store.updateUser(user);
  await saveSrp(svc, user, srp);
  return {};
});
