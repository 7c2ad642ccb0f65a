/**
 * AssociateSoftwareToken: a new TOTP secret (20 random bytes, base32, as authenticator apps take it)
 * for the signed-in user (by AccessToken) or for the user of an MFA_SETUP challenge (by Session, which
 * returns the session to continue with). With an access token the secret stays pending, and the
 * user's current authenticator keeps working, until VerifySoftwareToken confirms the new one (our
 * choice: a half-finished re-association must not lock the user out). Neither AccessToken nor Session
 * is an InvalidParameterException with our text.
 */
import { SignIn } from '../domain/signin/signin.js';
import { base32Encode } from '../domain/totp.js';
import { changeSignedInUser, userFromAccessToken } from '../domain/users.js';
import { InvalidParameterException } from '../errors.js';
import { defineOperation } from './operation.js';

export const AssociateSoftwareToken = defineOperation('AssociateSoftwareToken', async (input, svc) => {
  if (input.AccessToken !== undefined) {
    const { user } = await userFromAccessToken(svc, input.AccessToken);
    const secret = base32Encode(svc.random.bytes(20));
    const now = svc.clock.now();
    await changeSignedInUser(svc.store, user, (current) => ({ ...current, mfa: { ...current.mfa, totpPendingSecret: secret }, lastModifiedAt: now }));
    return { SecretCode: secret };
  }
  if (input.Session !== undefined) return new SignIn(svc).associateBySession(input.Session);
  throw new InvalidParameterException('Either AccessToken or Session must be provided.');
});
