import { InvalidParameterException, NotAuthorizedException } from '../../errors.js';
import type { Services } from '../../services.js';
import type { ChallengeSessionRecord, ClientRecord, MfaFactor, PoolRecord, UserRecord } from '../../store/store.js';
import { sameText } from '../clients.js';
import { newPassword, saveSrp } from '../credentials.js';
import { acceptTotp, FACTORS } from '../mfa.js';
import { checkPasswordPolicy } from '../passwords.js';
import { checkAttributes } from '../schema.js';
import { changeUser } from '../users.js';
import { afterPassword, factorChallenge } from './challenges.js';
import { INVALID_SESSION, spendAnswer } from './sessions.js';
import { type AuthResponse, issueTokens, tokensNow } from './tokens.js';

// Answers to the challenges a sign-in poses: SMS_MFA and EMAIL_OTP codes, SOFTWARE_TOKEN_MFA,
// SELECT_MFA_TYPE, MFA_SETUP and NEW_PASSWORD_REQUIRED.

/** SMS_MFA or EMAIL_OTP answered: the code spends the session; a completed SMS_MFA also verifies the phone number. */
export async function answerCode(
  svc: Services,
  client: ClientRecord,
  user: UserRecord,
  session: ChallengeSessionRecord,
  code: string | undefined,
  param: string,
): Promise<AuthResponse> {
  if (code === undefined) throw new InvalidParameterException(`Missing required parameter ${param}`);
  await spendAnswer(svc, session, session.code !== null && sameText(session.code, code));
  // A user who completes SMS MFA has shown they own the number (the developer guide's page on SMS MFA).
  if (session.challenge === 'SMS_MFA' && user.attributes.phone_number_verified !== 'true') {
    const now = svc.clock.now();
    const phone = user.attributes.phone_number;
    user = await changeUser(svc.store, user, (current) =>
      current.attributes.phone_number === phone && current.attributes.phone_number_verified !== 'true'
        ? { ...current, attributes: { ...current.attributes, phone_number_verified: 'true' }, lastModifiedAt: now }
        : null,
    );
  }
  return { ChallengeParameters: {}, AuthenticationResult: await issueTokens(svc, client, user, svc.clock.now(), true) };
}

/** SOFTWARE_TOKEN_MFA answered: a code of the user's verified authenticator, each accepted once. */
export async function answerTotp(
  svc: Services,
  client: ClientRecord,
  user: UserRecord,
  session: ChallengeSessionRecord,
  code: string | undefined,
): Promise<AuthResponse> {
  if (code === undefined) throw new InvalidParameterException('Missing required parameter SOFTWARE_TOKEN_MFA_CODE');
  const secret = user.mfa.totpVerified ? user.mfa.totpSecret : null;
  await spendAnswer(svc, session, async () => secret !== null && acceptTotp(svc, user, secret, code));
  return tokensNow(svc, client, user);
}

/** SELECT_MFA_TYPE: ANSWER must be one of the factors offered; its challenge follows. */
export async function answerSelect(
  svc: Services,
  pool: PoolRecord,
  client: ClientRecord,
  user: UserRecord,
  session: ChallengeSessionRecord,
  answer: string | undefined,
): Promise<AuthResponse> {
  if (answer === undefined) throw new InvalidParameterException('Missing required parameter ANSWER');
  const choices = (session.data.choices as MfaFactor[] | undefined) ?? [];
  // The model's prose calls the email answer EMAIL_MFA while its enum says EMAIL_OTP; both are taken.
  const pick = (answer === 'EMAIL_MFA' ? 'EMAIL_OTP' : answer) as MfaFactor;
  if (!choices.includes(pick)) throw new InvalidParameterException(`Invalid ANSWER: ${answer} is not one of ${choices.join(', ')}.`);
  if (!(await svc.store.consumeChallengeSession(session.id))) throw new NotAuthorizedException(INVALID_SESSION);
  return factorChallenge(svc, pool, client, user, pick);
}

/**
 * MFA_SETUP, answered with the session VerifySoftwareToken returned: the sign-in ends with tokens.
 * VerifySoftwareToken already made TOTP an enabled factor; it is made so again here in case an
 * administrator turned it off in between (the answer still proves the setup of this session).
 */
export async function answerSetup(svc: Services, client: ClientRecord, user: UserRecord, session: ChallengeSessionRecord): Promise<AuthResponse> {
  if (session.data.totpVerified !== true) {
    throw new InvalidParameterException(
      'Software token MFA has not been verified for this session; call AssociateSoftwareToken and VerifySoftwareToken first.',
    );
  }
  if (!(await svc.store.consumeChallengeSession(session.id))) throw new NotAuthorizedException(INVALID_SESSION);
  const now = svc.clock.now();
  const updated = await changeUser(svc.store, user, (current) => {
    const enabled = new Set(current.mfa.enabled).add('SOFTWARE_TOKEN_MFA');
    const mfa = { ...current.mfa, enabled: FACTORS.filter((f) => enabled.has(f)), preferred: current.mfa.preferred ?? 'SOFTWARE_TOKEN_MFA' };
    return { ...current, mfa, lastModifiedAt: now };
  });
  return tokensNow(svc, client, updated);
}

/** NEW_PASSWORD_REQUIRED answered: the new password (and any required attributes) replace the temporary one. */
export async function answerNewPassword(
  svc: Services,
  pool: PoolRecord,
  client: ClientRecord,
  user: UserRecord,
  session: ChallengeSessionRecord,
  responses: Record<string, string>,
): Promise<AuthResponse> {
  const password = responses.NEW_PASSWORD;
  if (password === undefined) throw new InvalidParameterException('Missing required parameter NEW_PASSWORD');
  checkPasswordPolicy(password, pool.settings.Policies?.PasswordPolicy);
  const requested = Object.entries(responses)
    .filter(([k]) => k.startsWith('userAttributes.'))
    .map(([k, v]) => ({ Name: k.slice('userAttributes.'.length), Value: v }));
  const updates = checkAttributes(pool.settings.SchemaAttributes ?? [], requested, { creating: false, existing: user.attributes });
  if (!(await svc.store.consumeChallengeSession(session.id))) throw new NotAuthorizedException(INVALID_SESSION);
  const next = await newPassword(svc, user, password);
  const now = svc.clock.now();
  const updated = await changeUser(svc.store, user, (current) => {
    // An administrator may have set another password (or disabled the user) while this one was hashed.
    if (current.status !== 'FORCE_CHANGE_PASSWORD' || current.passwordHash !== user.passwordHash) throw new NotAuthorizedException(INVALID_SESSION);
    if (!current.enabled) throw new NotAuthorizedException('User is disabled.');
    const attributes = { ...current.attributes };
    for (const u of updates) attributes[u.Name] = u.Value ?? '';
    return { ...current, attributes, passwordHash: next.passwordHash, status: 'CONFIRMED', temporaryPasswordExpiresAt: null, lastModifiedAt: now };
  });
  await saveSrp(svc, updated, next);
  return afterPassword(svc, pool, client, updated, 'TokenGeneration_NewPasswordChallenge');
}
