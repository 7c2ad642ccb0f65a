/**
 * ChangePassword (unsigned, by access token): the previous password must match (NotAuthorizedException
 * "Incorrect username or password." otherwise) and the proposed one must meet the policy. Existing
 * tokens stay valid, as Cognito's do. Our choices where AWS's documentation is silent: PreviousPassword is
 * required (cognate users always have a password); a wrong previous password counts toward the
 * sign-in lockout (domain/lockout.ts), which this operation answers with LimitExceededException. The
 * new hash is stored only if the hash the previous password was checked against is still the user's:
 * of two concurrent changes, the second is refused as a wrong previous password.
 */
import { newPassword, saveSrp } from '../domain/credentials.js';
import { passwordAttempt } from '../domain/lockout.js';
import { checkPasswordPolicy } from '../domain/passwords.js';
import { changeSignedInUser, userFromAccessToken } from '../domain/users.js';
import { InvalidParameterException, NotAuthorizedException } from '../errors.js';
import { defineOperation } from './operation.js';

const WRONG_PASSWORD = 'Incorrect username or password.';

export const ChangePassword = defineOperation('ChangePassword', async (input, svc) => {
  const { user, pool } = await userFromAccessToken(svc, input.AccessToken);
  const previous = input.PreviousPassword;
  if (previous === undefined) throw new InvalidParameterException('PreviousPassword is required to change the password.');
  const checkedHash = user.passwordHash;
  const right = await passwordAttempt(svc, user, 'change-password', async () => checkedHash !== null && svc.passwords.verify(previous, checkedHash));
  if (!right) throw new NotAuthorizedException(WRONG_PASSWORD);
  checkPasswordPolicy(input.ProposedPassword, pool.settings.Policies?.PasswordPolicy);
  const next = await newPassword(svc, user, input.ProposedPassword);
  const now = svc.clock.now();
  await changeSignedInUser(svc.store, user, (current) => {
    if (current.passwordHash !== checkedHash) throw new NotAuthorizedException(WRONG_PASSWORD);
    return { ...current, passwordHash: next.passwordHash, lastModifiedAt: now };
  });
  await saveSrp(svc, user, next);
  return {};
});
