/**
 * ResendConfirmationCode (unsigned, by app client): a new sign-up code (the old one stops working) to
 * the same attribute SignUp chose. A confirmed user is InvalidParameterException "User is already
 * confirmed."; a pool that auto-verifies nothing the user has is InvalidParameterException "Cannot
 * resend codes. Auto verification not turned on." An unknown user is UserNotFoundException
 * "Username/client id combination not found."
 */
import { checkSecretHash, requireClient } from '../domain/auth.js';
import { sendCode, signUpTarget } from '../domain/codes.js';
import { findUser, requirePool } from '../domain/users.js';
import { InvalidParameterException, UserNotFoundException } from '../errors.js';
import { defineOperation } from './operation.js';

export const ResendConfirmationCode = defineOperation('ResendConfirmationCode', async (input, svc) => {
  const client = await requireClient(svc, input.ClientId);
  const pool = await requirePool(svc.store, client.poolId);
  const user = await findUser(svc.store, pool, input.Username);
  checkSecretHash(client, input.SecretHash, user ? [input.Username, user.username, user.sub] : [input.Username]);
  if (!user) throw new UserNotFoundException('Username/client id combination not found.');
  if (user.status !== 'UNCONFIRMED') throw new InvalidParameterException('User is already confirmed.');
  const target = signUpTarget(pool, user);
  if (!target) throw new InvalidParameterException('Cannot resend codes. Auto verification not turned on.');
  return { CodeDeliveryDetails: await sendCode(svc, pool, user, 'SIGN_UP', target) };
});
