/**
 * SetUserSettings (the seed): the signed-in user's legacy SMS MFA switch, authorised by the access token
 * alone. Order of checks as Cognito's: shape (done by the protocol layer), token, user state, options.
 * The option rules and the messages we chose where AWS's documentation leaves them open are in domain/mfa.ts.
 */
import { applyLegacyMfaOptions } from '../domain/mfa.js';
import { changeSignedInUser, userFromAccessToken } from '../domain/users.js';
import { defineOperation } from './operation.js';

export const SetUserSettings = defineOperation('SetUserSettings', async (input, svc) => {
  const { user } = await userFromAccessToken(svc, input.AccessToken);
  const now = svc.clock.now();
  await changeSignedInUser(svc.store, user, (current) => applyLegacyMfaOptions(current, input.MFAOptions, now));
  return {};
});
