/**
 * ConfirmForgotPassword (unsigned, by app client): the ForgotPassword code and a new password. The
 * password policy is checked before the code (our choice: a refused password does not spend the code);
 * code errors are in domain/codes.ts. A user in RESET_REQUIRED or FORCE_CHANGE_PASSWORD becomes
 * CONFIRMED. The new password works for USER_PASSWORD_AUTH and USER_SRP_AUTH alike.
 */
import { clientAndUser } from '../domain/auth.js';
import { useCode } from '../domain/codes.js';
import { newPassword, saveSrp } from '../domain/credentials.js';
import { checkPasswordPolicy } from '../domain/passwords.js';
import { UserNotFoundException } from '../errors.js';
import { defineOperation } from './operation.js';

export const ConfirmForgotPassword = defineOperation('ConfirmForgotPassword', async (input, svc) => {
  const { pool, user } = await clientAndUser(svc, input.ClientId, input.Username, input.SecretHash);
  if (!user) throw new UserNotFoundException('Username/client id combination not found.');
  checkPasswordPolicy(input.Password, pool.settings.Policies?.PasswordPolicy);
  await useCode(svc, pool, user, 'FORGOT_PASSWORD', input.ConfirmationCode);
  const srp = await newPassword(svc, user, input.Password);
  if (user.status === 'RESET_REQUIRED' || user.status === 'FORCE_CHANGE_PASSWORD') {
    user.status = 'CONFIRMED';
    user.temporaryPasswordExpiresAt = null;
  }
  user.lastModifiedAt = svc.clock.now();
  await svc.store.updateUser(user);
  await saveSrp(svc, user, srp);
  return {};
});
