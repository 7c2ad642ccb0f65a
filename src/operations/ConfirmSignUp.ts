/**
 * ConfirmSignUp (unsigned, by app client): the code from SignUp or ResendConfirmationCode makes an
 * UNCONFIRMED user CONFIRMED and verifies the attribute it was sent to. An unknown user is
 * UserNotFoundException "Username/client id combination not found." [R]; any other status is
 * NotAuthorizedException "User cannot be confirmed. Current status is X", checked before the code.
 * Code errors (mismatch, expired, attempt limit) are in domain/codes.ts. A verified alias another user
 * holds is AliasExistsException unless ForceAliasCreation moves it.
 */
import { clientAndUser } from '../domain/auth.js';
import { markVerified, useCode } from '../domain/codes.js';
import { NotAuthorizedException, UserNotFoundException } from '../errors.js';
import { defineOperation } from './operation.js';

export const ConfirmSignUp = defineOperation('ConfirmSignUp', async (input, svc) => {
  const { pool, user } = await clientAndUser(svc, input.ClientId, input.Username, input.SecretHash);
  if (!user) throw new UserNotFoundException('Username/client id combination not found.');
  if (user.status !== 'UNCONFIRMED') throw new NotAuthorizedException(`User cannot be confirmed. Current status is ${user.status}`);
  const used = await useCode(svc, pool, user, 'SIGN_UP', input.ConfirmationCode);
  const attribute = used.data.attribute as 'email' | 'phone_number';
  if (user.attributes[attribute] === used.data.destination) await markVerified(svc, pool, user, attribute, input.ForceAliasCreation === true);
  user.status = 'CONFIRMED';
  user.lastModifiedAt = svc.clock.now();
  await svc.store.updateUser(user);
  return {};
});
