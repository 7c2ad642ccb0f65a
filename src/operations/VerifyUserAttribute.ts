/**
 * VerifyUserAttribute (unsigned, by access token): the code from GetUserAttributeVerificationCode or
 * UpdateUserAttributes marks the email or phone number verified. A code sent to an earlier value of the
 * attribute no longer verifies anything (ExpiredCodeException, our choice), also when the value
 * changes while the code is being checked. A verified alias another user holds is AliasExistsException
 * (there is no ForceAliasCreation here). Code errors are in domain/codes.ts.
 */
import { CODE_EXPIRED, makeWayForVerified, useCode, withVerified } from '../domain/codes.js';
import { changeSignedInUser, userFromAccessToken } from '../domain/users.js';
import { ExpiredCodeException, InvalidParameterException } from '../errors.js';
import { defineOperation } from './operation.js';

export const VerifyUserAttribute = defineOperation('VerifyUserAttribute', async (input, svc) => {
  const { user, pool } = await userFromAccessToken(svc, input.AccessToken);
  const name = input.AttributeName;
  if (name !== 'email' && name !== 'phone_number') throw new InvalidParameterException(`Only email and phone_number can be verified, not ${name}.`);
  const used = await useCode(svc, pool, user, `VERIFY:${name}`, input.Code);
  const destination = used.data.destination as string;
  if (destination !== user.attributes[name]) throw new ExpiredCodeException(CODE_EXPIRED);
  await makeWayForVerified(svc, pool, user, name, false);
  const now = svc.clock.now();
  await changeSignedInUser(svc.store, user, (current) => {
    if (current.attributes[name] !== destination) throw new ExpiredCodeException(CODE_EXPIRED);
    return withVerified({ ...current, lastModifiedAt: now }, name, destination);
  });
  return {};
});
