/**
 * VerifySoftwareToken: confirms the secret AssociateSoftwareToken issued with a code from the
 * authenticator (RFC 6238: HMAC-SHA1, 6 digits, 30 s steps, one step of drift either way; each code is
 * accepted once). A wrong code is EnableSoftwareTokenMFAException "Code mismatch and fail enable
 * Software Token MFA" [R]. With an access token this verifies the token but does not turn TOTP MFA on:
 * SetUserMFAPreference does that, as Amplify and amazon-cognito-identity-js call it next (our reading;
 * the reference is silent). With an MFA_SETUP Session it returns the session that RespondToAuthChallenge
 * MFA_SETUP takes. No pending secret is SoftwareTokenMFANotFoundException.
 */
import { acceptTotp, SignIn } from '../domain/auth.js';
import { userFromAccessToken } from '../domain/users.js';
import { EnableSoftwareTokenMFAException, InvalidParameterException, SoftwareTokenMFANotFoundException } from '../errors.js';
import { defineOperation } from './operation.js';

export const VerifySoftwareToken = defineOperation('VerifySoftwareToken', async (input, svc) => {
  if (input.AccessToken !== undefined) {
    const { user } = await userFromAccessToken(svc, input.AccessToken);
    const secret = user.mfa.totpPendingSecret ?? (user.mfa.totpVerified ? null : user.mfa.totpSecret);
    if (!secret) throw new SoftwareTokenMFANotFoundException('Software Token MFA does not exist for the user.');
    if (!(await acceptTotp(svc, user, secret, input.UserCode))) {
      throw new EnableSoftwareTokenMFAException('Code mismatch and fail enable Software Token MFA');
    }
    await svc.store.updateUser({
      ...user,
      mfa: { ...user.mfa, totpSecret: secret, totpVerified: true, totpPendingSecret: null, totpDeviceName: input.FriendlyDeviceName ?? null },
      lastModifiedAt: svc.clock.now(),
    });
    return { Status: 'SUCCESS' };
  }
  if (input.Session !== undefined) return new SignIn(svc).verifyBySession(input.Session, input.UserCode, input.FriendlyDeviceName);
  throw new InvalidParameterException('Either AccessToken or Session must be provided.');
});
