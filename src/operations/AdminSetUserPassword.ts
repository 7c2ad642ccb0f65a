/**
 * AdminSetUserPassword: Permanent makes the user CONFIRMED; otherwise the password is temporary
 * (FORCE_CHANGE_PASSWORD, lasting the pool's TemporaryPasswordValidityDays).
 */
import { newPassword, saveSrp } from '../domain/credentials.js';
import { checkPasswordPolicy, DEFAULT_PASSWORD_POLICY } from '../domain/passwords.js';
import { changeUser, requirePool, requireUser } from '../domain/users.js';
import { defineOperation } from './operation.js';

export const AdminSetUserPassword = defineOperation('AdminSetUserPassword', async (input, svc) => {
  const pool = await requirePool(svc.store, input.UserPoolId);
  const user = await requireUser(svc.store, pool, input.Username);
  const policy = { ...DEFAULT_PASSWORD_POLICY, ...(pool.settings.Policies?.PasswordPolicy ?? {}) };
  checkPasswordPolicy(input.Password, policy);
  const next = await newPassword(svc, user, input.Password);
  const now = svc.clock.now();
  await changeUser(svc.store, user, (current) => ({
    ...current,
    passwordHash: next.passwordHash,
    ...(input.Permanent
      ? { status: 'CONFIRMED', temporaryPasswordExpiresAt: null }
      : { status: 'FORCE_CHANGE_PASSWORD', temporaryPasswordExpiresAt: new Date(now.getTime() + policy.TemporaryPasswordValidityDays * 86400_000) }),
    lastModifiedAt: now,
  }));
  await saveSrp(svc, user, next);
  return {};
});
