import { NotAuthorizedException, PasswordResetRequiredException, UserNotConfirmedException } from '../../errors.js';
import { newCode } from '../../random.js';
import type { Services } from '../../services.js';
import type { ClientRecord, MfaFactor, PoolRecord, UserRecord } from '../../store/store.js';
import { activeFactors, poolEmailMfaEnabled, poolFactors } from '../mfa.js';
import { poolSmsMfaEnabled } from '../pools.js';
import { maskEmail, maskPhone } from '../users.js';
import { deviceOrMfa } from './device-auth.js';
import { openSession, sessionSeconds } from './sessions.js';
import { type AuthResponse, tokensNow } from './tokens.js';
import { DEFAULT_VERIFICATION_SUBJECT, prepareMessage, sendPrepared } from '../messages.js';
import type { TokenGenerationSource } from '../token-triggers.js';

// What follows a proven password: the user's status, then the MFA or new-password challenge that applies
// (posed here, answered in answers.ts), else tokens.

/** Once the password is proven (directly or by SRP): the user's status, then MFA, then tokens. */
export async function afterFirstFactor(svc: Services, pool: PoolRecord, client: ClientRecord, user: UserRecord): Promise<AuthResponse> {
  if (user.status === 'UNCONFIRMED') throw new UserNotConfirmedException('User is not confirmed.');
  if (user.status === 'RESET_REQUIRED') throw new PasswordResetRequiredException('Password reset required for the user');
  if (user.status === 'FORCE_CHANGE_PASSWORD') {
    const expires = user.temporaryPasswordExpiresAt;
    if (expires && expires.getTime() <= svc.clock.now().getTime()) {
      throw new NotAuthorizedException('Temporary password has expired and must be reset by an administrator.');
    }
    return newPasswordChallenge(svc, pool, client, user);
  }
  return afterPassword(svc, pool, client, user);
}

/**
 * After the first factor: the MFA challenge that applies, else tokens (issued for `source`, see
 * token-triggers.ts), as the developer guide's MFA pages describe.
 *
 * - One active factor: its challenge. Several: the preferred one, or SELECT_MFA_TYPE if none of them
 *   is preferred.
 * - None, in a pool that requires MFA: SMS_MFA if the pool sends SMS and the user has a phone number
 *   (captures of the real service show required pools challenge such users), else EMAIL_OTP if the pool sends email MFA and the user
 *   has an email (our reading of the model's advice to "collect a phone_number or email attribute for
 *   the user, then restart the authentication flow"), else MFA_SETUP.
 * - A remembered device named by the sign-in may stand in for the MFA challenge (not for MFA_SETUP):
 *   device-auth.ts.
 */
export async function afterPassword(
  svc: Services,
  pool: PoolRecord,
  client: ClientRecord,
  user: UserRecord,
  source?: TokenGenerationSource,
): Promise<AuthResponse> {
  const mode = pool.settings.MfaConfiguration ?? 'OFF';
  if (mode === 'OFF') return tokensNow(svc, client, user, source);
  const active = activeFactors(pool, user);
  let pick: MfaFactor | null = null;
  if (active.length === 1) pick = active[0]!;
  else if (active.length > 1) {
    if (user.mfa.preferred && active.includes(user.mfa.preferred)) pick = user.mfa.preferred;
    else return deviceOrMfa(svc, pool, client, user, () => selectChallenge(svc, client, user, active));
  } else if (mode === 'ON') {
    if (poolSmsMfaEnabled(pool) && user.attributes.phone_number) pick = 'SMS_MFA';
    else if (poolEmailMfaEnabled(pool) && user.attributes.email) pick = 'EMAIL_OTP';
    else return setupChallenge(svc, pool, client, user);
  }
  const factor = pick;
  return factor ? deviceOrMfa(svc, pool, client, user, () => factorChallenge(svc, pool, client, user, factor)) : tokensNow(svc, client, user, source);
}

/** The challenge of one factor. */
export async function factorChallenge(svc: Services, pool: PoolRecord, client: ClientRecord, user: UserRecord, factor: MfaFactor): Promise<AuthResponse> {
  if (factor === 'SMS_MFA') return codeChallenge(svc, pool, client, user, 'SMS', user.attributes.phone_number!);
  if (factor === 'EMAIL_OTP') return codeChallenge(svc, pool, client, user, 'EMAIL', user.attributes.email!);
  const session = await openSession(svc, client, user, 'SOFTWARE_TOKEN_MFA', null, sessionSeconds(svc, client));
  // The AWS CLI's documented example shows FRIENDLY_DEVICE_NAME when the authenticator was given a name; {} otherwise (our choice).
  const params: Record<string, string> = user.mfa.totpDeviceName ? { FRIENDLY_DEVICE_NAME: user.mfa.totpDeviceName } : {};
  return { ChallengeName: 'SOFTWARE_TOKEN_MFA', Session: session, ChallengeParameters: params };
}

/** SELECT_MFA_TYPE: MFAS_CAN_CHOOSE is a JSON-encoded string, as clients JSON.parse it. */
export async function selectChallenge(svc: Services, client: ClientRecord, user: UserRecord, choices: MfaFactor[]): Promise<AuthResponse> {
  const session = await openSession(svc, client, user, 'SELECT_MFA_TYPE', null, sessionSeconds(svc, client), { choices });
  return { ChallengeName: 'SELECT_MFA_TYPE', Session: session, ChallengeParameters: { MFAS_CAN_CHOOSE: JSON.stringify(choices) } };
}

/** MFA_SETUP: MFAS_CAN_SETUP lists the factors the pool offers, JSON-encoded. */
export async function setupChallenge(svc: Services, pool: PoolRecord, client: ClientRecord, user: UserRecord): Promise<AuthResponse> {
  const session = await openSession(svc, client, user, 'MFA_SETUP', null, sessionSeconds(svc, client));
  return { ChallengeName: 'MFA_SETUP', Session: session, ChallengeParameters: { MFAS_CAN_SETUP: JSON.stringify(poolFactors(pool)) } };
}

/** NEW_PASSWORD_REQUIRED: the user's attributes (without sub) and the required ones still missing. */
export async function newPasswordChallenge(svc: Services, pool: PoolRecord, client: ClientRecord, user: UserRecord): Promise<AuthResponse> {
  const session = await openSession(svc, client, user, 'NEW_PASSWORD_REQUIRED', null, sessionSeconds(svc, client));
  const shown: Record<string, string> = {};
  for (const [k, v] of Object.entries(user.attributes)) if (k !== 'sub') shown[k] = v;
  const required = (pool.settings.SchemaAttributes ?? [])
    .filter((a) => a.Required && a.Name !== 'sub' && user.attributes[a.Name!] === undefined)
    .map((a) => `userAttributes.${a.Name}`);
  return {
    ChallengeName: 'NEW_PASSWORD_REQUIRED',
    Session: session,
    ChallengeParameters: { USER_ID_FOR_SRP: user.username, requiredAttributes: JSON.stringify(required), userAttributes: JSON.stringify(shown) },
  };
}

/**
 * SMS_MFA or EMAIL_OTP: a six-digit code to the outbox and a session that expects it. The passwordless
 * first factors of USER_AUTH (EMAIL_OTP, SMS_OTP; user-auth.ts) are the same challenge under their own
 * name: the same templates (SetUserPoolMfaConfig documents its SMS and email messages as those "for
 * sign-in and MFA"), the same CustomMessage_Authentication source (inferred: the trigger's documented
 * sources name no other for sign-in codes) and the same answer (answers.ts, answerCode).
 */
export async function codeChallenge(
  svc: Services,
  pool: PoolRecord,
  client: ClientRecord,
  user: UserRecord,
  medium: 'SMS' | 'EMAIL',
  destination: string,
  challenge: 'SMS_MFA' | 'EMAIL_OTP' | 'SMS_OTP' = medium === 'SMS' ? 'SMS_MFA' : 'EMAIL_OTP',
): Promise<AuthResponse> {
  const template =
    (medium === 'SMS' ? pool.settings.SmsAuthenticationMessage : pool.settings.EmailMfaConfiguration?.Message) ?? 'Your authentication code is {####}. ';
  const subject = pool.settings.EmailMfaConfiguration?.Subject ?? DEFAULT_VERIFICATION_SUBJECT;
  const prepared = await prepareMessage(svc, { pool, user, medium, template, subject, source: 'Authentication', clientId: client.id });
  const code = newCode(svc.random);
  await sendPrepared(svc, prepared, { destination, code, codeIsCode: true });
  const session = await openSession(svc, client, user, challenge, code, svc.settings.mfaCodeSeconds);
  return {
    ChallengeName: challenge,
    Session: session,
    ChallengeParameters: {
      CODE_DELIVERY_DELIVERY_MEDIUM: medium,
      CODE_DELIVERY_DESTINATION: medium === 'SMS' ? maskPhone(destination) : maskEmail(destination),
    },
  };
}
