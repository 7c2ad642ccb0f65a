/**
 * VerifySoftwareToken: confirms the secret AssociateSoftwareToken issued with a code from the
 * authenticator (RFC 6238: HMAC-SHA1, 6 digits, 30 s steps, one step of drift either way; each code is
 * accepted once). A wrong code is EnableSoftwareTokenMFAException "Code mismatch and fail enable
 * Software Token MFA" (the real service's text, as reported in SDK issue threads). With an access token this verifies the token but does not turn TOTP MFA on:
 * SetUserMFAPreference does that, as Amplify and amazon-cognito-identity-js call it next (our reading;
 * AWS's documentation is silent). With an MFA_SETUP Session it returns the session that RespondToAuthChallenge
 * MFA_SETUP takes. No pending secret is SoftwareTokenMFANotFoundException.
 */
import { SignIn } from '../domain/signin/signin.js';
import { acceptTotp } from '../domain/mfa.js';
import { changeSignedInUser, userFromAccessToken } from '../domain/users.js';
import type { UserMfa } from '../store/store.js';
import { EnableSoftwareTokenMFAException, InvalidParameterException, SoftwareTokenMFANotFoundException } from '../errors.js';
import { defineOperation } from './operation.js';

/** The secret a VerifySoftwareToken by access token confirms: the pending one, else an unverified one. */
function secretToVerify(mfa: UserMfa): string | null {
  return mfa.totpPendingSecret ?? (mfa.totpVerified ? null : mfa.totpSecret);
}

export const VerifySoftwareToken = defineOperation('VerifySoftwareToken', async (input, svc) => {
  if (input.AccessToken !== undefined) {
    const { user } = await userFromAccessToken(svc, input.AccessToken);
    const secret = secretToVerify(user.mfa);
    if (!secret) throw new SoftwareTokenMFANotFoundException('Software Token MFA does not exist for the user.');
    if (!(await acceptTotp(svc, user, secret, input.UserCode))) {
      throw new EnableSoftwareTokenMFAException('Code mismatch and fail enable Software Token MFA');
    }
    const now = svc.clock.now();
    await changeSignedInUser(svc.store, user, (current) => {
      // A new AssociateSoftwareToken since the code was checked replaced the secret it was checked against.
      if (secretToVerify(current.mfa) !== secret) throw new EnableSoftwareTokenMFAException('Code mismatch and fail enable Software Token MFA');
      return {
        ...current,
        mfa: { ...current.mfa, totpSecret: secret, totpVerified: true, totpPendingSecret: null, totpDeviceName: input.FriendlyDeviceName ?? null },
        lastModifiedAt: now,
      };
    });
    return { Status: 'SUCCESS' };
  }
  if (input.Session !== undefined) return new SignIn(svc).verifyBySession(input.Session, input.UserCode, input.FriendlyDeviceName);
  throw new InvalidParameterException('Either AccessToken or Session must be provided.');
});
