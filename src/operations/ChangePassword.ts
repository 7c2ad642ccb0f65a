/**
 * ChangePassword (unsigned, by access token): the previous password must match (NotAuthorizedException
 * "Incorrect username or password." otherwise) and the proposed one must meet the policy. Existing
 * tokens stay valid, as Cognito's do. Our choices where the reference is silent: PreviousPassword is
 * required (cognate users always have a password), and repeated wrong previous passwords are not
 * rate-limited here.
 */
import { newPassword, saveSrp } from '../domain/credentials.js';
import { checkPasswordPolicy } from '../domain/passwords.js';
import { userFromAccessToken } from '../domain/users.js';
import { InvalidParameterException, NotAuthorizedException } from '../errors.js';
import { defineOperation } from './operation.js';

export const ChangePassword = defineOperation('ChangePassword', async (input, svc) => {
  const { user, pool } = await userFromAccessToken(svc, input.AccessToken);
  if (input.PreviousPassword === undefined) throw new InvalidParameterException('PreviousPassword is required to change the password.');
  if (!user.passwordHash || !(await svc.passwords.verify(input.PreviousPassword, user.passwordHash))) {
    throw new NotAuthorizedException('Incorrect username or password.');
  }
  checkPasswordPolicy(input.ProposedPassword, pool.settings.Policies?.PasswordPolicy);
  const srp = await newPassword(svc, user, input.ProposedPassword);
  user.lastModifiedAt = svc.clock.now();
  await svc.store.updateUser(user);
  await saveSrp(svc, user, srp);
  return {};
});
