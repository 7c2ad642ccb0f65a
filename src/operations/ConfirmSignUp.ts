/**
 * ConfirmSignUp (unsigned, by app client): the code from SignUp or ResendConfirmationCode makes an
 * UNCONFIRMED user CONFIRMED and verifies the attribute it was sent to. An unknown user is
 * UserNotFoundException "Username/client id combination not found." (the real service's text, as reported); any other status is
 * NotAuthorizedException "User cannot be confirmed. Current status is X", checked before the code.
 * Code errors (mismatch, expired, attempt limit) are in domain/codes.ts. A verified alias another user
 * holds is AliasExistsException unless ForceAliasCreation moves it.
 *
 * Our choice where the developer guide is silent: when the client prevents user-existence errors, an
 * unknown user gets CodeMismatchException, as ConfirmForgotPassword answers one, rather than
 * UserNotFoundException.
 */
import { clientAndUser } from '../domain/clients.js';
import { CODE_MISMATCH, makeWayForVerified, useCode, withVerified } from '../domain/codes.js';
import { changeUser } from '../domain/users.js';
import { CodeMismatchException, NotAuthorizedException, UserNotFoundException } from '../errors.js';
import { hidesUserExistence } from '../domain/existence.js';
import { defineOperation } from './operation.js';
import { postConfirmation } from '../domain/sign-up-triggers.js';

export const ConfirmSignUp = defineOperation('ConfirmSignUp', async (input, svc) => {
  const { client, pool, user } = await clientAndUser(svc, input.ClientId, input.Username, input.SecretHash);
  if (!user) {
    if (hidesUserExistence(client)) throw new CodeMismatchException(CODE_MISMATCH);
    throw new UserNotFoundException('Username/client id combination not found.');
  }
  const notUnconfirmed = (status: string) => new NotAuthorizedException(`User cannot be confirmed. Current status is ${status}`);
  if (user.status !== 'UNCONFIRMED') throw notUnconfirmed(user.status);
  const used = await useCode(svc, pool, user, 'SIGN_UP', input.ConfirmationCode);
  const attribute = used.data.attribute as 'email' | 'phone_number';
  const destination = used.data.destination as string;
  const verifies = user.attributes[attribute] === destination;
  if (verifies) await makeWayForVerified(svc, pool, user, attribute, input.ForceAliasCreation === true);
  const now = svc.clock.now();
  const confirmed = await changeUser(svc.store, user, (current) => {
    if (current.status !== 'UNCONFIRMED') throw notUnconfirmed(current.status);
    const confirmed = { ...current, status: 'CONFIRMED' as const, lastModifiedAt: now };
    return verifies ? withVerified(confirmed, attribute, destination) : confirmed;
  });
  await postConfirmation(svc, pool, confirmed, 'ConfirmSignUp', {
    clientId: input.ClientId,
    ...(input.ClientMetadata ? { clientMetadata: input.ClientMetadata } : {}),
  });
  return {};
});
