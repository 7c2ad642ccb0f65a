import { EnableSoftwareTokenMFAException, InvalidParameterException, UserNotFoundException } from '../../errors.js';
import type { Services } from '../../services.js';
import { acceptTotp, FACTORS } from '../mfa.js';
import { base32Encode } from '../totp.js';
import { changeUser } from '../users.js';
import { liveSession, rotateSession } from './sessions.js';

// MFA_SETUP by session: AssociateSoftwareToken and VerifySoftwareToken called with a sign-in's session
// instead of an access token.

/**
 * AssociateSoftwareToken during MFA_SETUP: a new secret for the session's user, kept in a new session
 * (the old one is spent) until VerifySoftwareToken confirms it.
 */
export async function associateBySession(svc: Services, sessionId: string): Promise<{ SecretCode: string; Session: string }> {
  const session = await liveSession(svc, sessionId, 'MFA_SETUP');
  const secret = base32Encode(svc.random.bytes(20));
  const next = await rotateSession(svc, session, { totpSecret: secret });
  return { SecretCode: secret, Session: next };
}

/**
 * VerifySoftwareToken during MFA_SETUP: on a matching code the user's TOTP secret is stored as verified
 * and SOFTWARE_TOKEN_MFA becomes an enabled factor (the preferred one if the user had none), as Cognito
 * registers it: a user who stops here, without answering MFA_SETUP, is asked for SOFTWARE_TOKEN_MFA at
 * the next sign-in rather than for MFA_SETUP again.
 */
export async function verifyBySession(
  svc: Services,
  sessionId: string,
  code: string,
  deviceName: string | undefined,
): Promise<{ Status: 'SUCCESS'; Session: string }> {
  const session = await liveSession(svc, sessionId, 'MFA_SETUP');
  const secret = session.data.totpSecret as string | undefined;
  if (!secret) throw new InvalidParameterException('No software token has been associated with this session; call AssociateSoftwareToken first.');
  const user = await svc.store.getUser(session.poolId, session.username);
  if (!user) throw new UserNotFoundException('User does not exist.');
  if (!(await acceptTotp(svc, user, secret, code))) {
    throw new EnableSoftwareTokenMFAException('Code mismatch and fail enable Software Token MFA');
  }
  const now = svc.clock.now();
  await changeUser(svc.store, user, (current) => {
    const enabled = new Set(current.mfa.enabled).add('SOFTWARE_TOKEN_MFA');
    return {
      ...current,
      mfa: {
        ...current.mfa,
        enabled: FACTORS.filter((f) => enabled.has(f)),
        preferred: current.mfa.preferred ?? 'SOFTWARE_TOKEN_MFA',
        totpSecret: secret,
        totpVerified: true,
        totpPendingSecret: null,
        totpDeviceName: deviceName ?? null,
      },
      lastModifiedAt: now,
    };
  });
  const next = await rotateSession(svc, session, { totpVerified: true });
  return { Status: 'SUCCESS', Session: next };
}
