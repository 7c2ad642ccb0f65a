/**
 * ConfirmForgotPassword (unsigned, by app client): the ForgotPassword code and a new password. The
 * password policy is checked before the code (our choice: a refused password does not spend the code);
 * code errors are in domain/codes.ts. A user in RESET_REQUIRED or FORCE_CHANGE_PASSWORD becomes
 * CONFIRMED. The new password works for USER_PASSWORD_AUTH and USER_SRP_AUTH alike.
 *
 * When the client prevents user-existence errors, an unknown or disabled user gets CodeMismatchException,
 * as a wrong code would (developer guide); a user who never asked for a code still gets
 * ExpiredCodeException, as without the setting.
 */
import { clientAndUser } from '../domain/clients.js';
import { CODE_MISMATCH, useCode } from '../domain/codes.js';
import { newPassword, saveSrp } from '../domain/credentials.js';
import { checkPasswordPolicy } from '../domain/passwords.js';
import { changeUser } from '../domain/users.js';
import { CodeMismatchException, UserNotFoundException } from '../errors.js';
import { hidesUserExistence } from '../domain/existence.js';
import { defineOperation } from './operation.js';
import { postConfirmation } from '../domain/sign-up-triggers.js';

export const ConfirmForgotPassword = defineOperation('ConfirmForgotPassword', async (input, svc) => {
  const { client, pool, user } = await clientAndUser(svc, input.ClientId, input.Username, input.SecretHash);
  if (!user || (!user.enabled && hidesUserExistence(client))) {
    if (hidesUserExistence(client)) throw new CodeMismatchException(CODE_MISMATCH);
    throw new UserNotFoundException('Username/client id combination not found.');
  }
  checkPasswordPolicy(input.Password, pool.settings.Policies?.PasswordPolicy);
  await useCode(svc, pool, user, 'FORGOT_PASSWORD', input.ConfirmationCode);
  const next = await newPassword(svc, user, input.Password);
  const now = svc.clock.now();
  const changed = await changeUser(svc.store, user, (current) => ({
    ...current,
    passwordHash: next.passwordHash,
    ...(current.status === 'RESET_REQUIRED' || current.status === 'FORCE_CHANGE_PASSWORD' ? { status: 'CONFIRMED', temporaryPasswordExpiresAt: null } : {}),
    lastModifiedAt: now,
  }));
  await saveSrp(svc, user, next);
  await postConfirmation(svc, pool, changed, 'ConfirmForgotPassword', {
    clientId: input.ClientId,
    ...(input.ClientMetadata ? { clientMetadata: input.ClientMetadata } : {}),
  });
  return {};
});
