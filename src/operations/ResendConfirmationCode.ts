/**
 * ResendConfirmationCode (unsigned, by app client): a new sign-up code (the old one stops working) to
 * the same attribute SignUp chose. A confirmed user is InvalidParameterException "User is already
 * confirmed."; a pool that auto-verifies nothing the user has is InvalidParameterException "Cannot
 * resend codes. Auto verification not turned on." An unknown user is UserNotFoundException
 * "Username/client id combination not found.", unless the client prevents user-existence errors: then
 * it gets CodeDeliveryDetails for a simulated destination (developer guide), of the medium the pool
 * auto-verifies (phone first, as for real users), and nothing is sent. A pool that auto-verifies
 * nothing answers an unknown user as it answers a known one ("Auto verification not turned on.").
 */
import { clientAndUser } from '../domain/clients.js';
import { sendCode, signUpTarget } from '../domain/codes.js';
import { decoyDelivery, hidesUserExistence } from '../domain/existence.js';
import { InvalidParameterException, UserNotFoundException } from '../errors.js';
import { defineOperation } from './operation.js';

export const ResendConfirmationCode = defineOperation('ResendConfirmationCode', async (input, svc) => {
  const { client, pool, user } = await clientAndUser(svc, input.ClientId, input.Username, input.SecretHash);
  if (!user) {
    if (!hidesUserExistence(client)) throw new UserNotFoundException('Username/client id combination not found.');
    const auto = pool.settings.AutoVerifiedAttributes ?? [];
    const medium = auto.includes('phone_number') ? 'phone_number' : auto.includes('email') ? 'email' : null;
    if (!medium) throw new InvalidParameterException('Cannot resend codes. Auto verification not turned on.');
    return { CodeDeliveryDetails: await decoyDelivery(svc, pool, input.Username, medium) };
  }
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
