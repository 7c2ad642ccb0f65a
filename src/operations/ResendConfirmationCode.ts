/**
 * ResendConfirmationCode (unsigned, by app client): a new sign-up code (the old one stops working) to
 * the same attribute SignUp chose. A confirmed user is InvalidParameterException "User is already
 * confirmed."; a pool that auto-verifies nothing the user has is InvalidParameterException "Cannot
 * resend codes. Auto verification not turned on." An unknown user is UserNotFoundException
 * "Username/client id combination not found."
 */
import { clientAndUser } from '../domain/clients.js';
import { sendCode, signUpTarget } from '../domain/codes.js';
import { InvalidParameterException, UserNotFoundException } from '../errors.js';
import { defineOperation } from './operation.js';

export const ResendConfirmationCode = defineOperation('ResendConfirmationCode', async (input, svc) => {
  const { pool, user } = await clientAndUser(svc, input.ClientId, input.Username, input.SecretHash);
  if (!user) throw new UserNotFoundException('Username/client id combination not found.');
  if (user.status !== 'UNCONFIRMED') throw new InvalidParameterException('User is already confirmed.');
  const target = signUpTarget(pool, user);
  if (!target) throw new InvalidParameterException('Cannot resend codes. Auto verification not turned on.');
  return {
    CodeDeliveryDetails: await sendCode(svc, pool, user, 'SIGN_UP', target, {
      source: 'ResendCode',
      clientId: input.ClientId,
      ...(input.ClientMetadata ? { clientMetadata: input.ClientMetadata } : {}),
    }),
  };
});
