/**
 * GetUserAttributeVerificationCode (unsigned, by access token): sends a code to the user's email or
 * phone number for VerifyUserAttribute. Other attribute names, or an attribute the user does not have,
 * are InvalidParameterException (our texts). Codes live 24 hours; a new request replaces the old code.
 */
import { sendCode } from '../domain/codes.js';
import { userFromAccessToken } from '../domain/users.js';
import { InvalidParameterException } from '../errors.js';
import { defineOperation } from './operation.js';

export const GetUserAttributeVerificationCode = defineOperation('GetUserAttributeVerificationCode', async (input, svc) => {
  const { user, pool } = await userFromAccessToken(svc, input.AccessToken);
  const name = input.AttributeName;
  if (name !== 'email' && name !== 'phone_number') throw new InvalidParameterException(`Only email and phone_number can be verified, not ${name}.`);
  const destination = user.attributes[name];
  if (!destination) throw new InvalidParameterException(`User does not have a ${name} to verify.`);
  return {
    CodeDeliveryDetails: await sendCode(
      svc,
      pool,
      user,
      `VERIFY:${name}`,
      { attribute: name, destination },
      { source: 'VerifyUserAttribute', ...(input.ClientMetadata ? { clientMetadata: input.ClientMetadata } : {}) },
    ),
  };
});
