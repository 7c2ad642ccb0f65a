import { createHash } from 'node:crypto';
import {
  CodeMismatchException,
  EnableSoftwareTokenMFAException,
  InvalidParameterException,
  NotAuthorizedException,
  PasswordResetRequiredException,
  UserNotConfirmedException,
  UserNotFoundException,
} from '../../errors.js';
import type { AuthenticationResultType, ChallengeNameType } from '../../model/generated.js';
import type { Services } from '../../services.js';
import { newCode } from '../../random.js';
import type { ChallengeSessionRecord, ClientRecord, MfaFactor, PoolRecord, UserRecord } from '../../store/store.js';
import { refreshTokenSeconds } from '../../tokens/tokens.js';
import { newPassword, saveSrp } from '../credentials.js';
import { acceptTotp, activeFactors, FACTORS, poolEmailMfaEnabled, poolFactors } from '../mfa.js';
import { checkPasswordPolicy } from '../passwords.js';
import { poolSmsMfaEnabled } from '../pools.js';
import { checkAttributes } from '../schema.js';
import { claimSignature, N, parseSrpTimestamp, serverB, serverKey } from '../srp.js';
import { base32Encode } from '../totp.js';
import { passwordAttempt } from '../lockout.js';
import { checkSecretHash, sameText } from '../clients.js';
import { changeUser, findUser, maskEmail, maskPhone, requirePool } from '../users.js';

/** What InitiateAuth and RespondToAuthChallenge (and their Admin twins) answer. */
export interface AuthResponse {
  ChallengeName?: ChallengeNameType;
  Session?: string;
  ChallengeParameters?: Record<string, string>;
  AuthenticationResult?: AuthenticationResultType;
}

/** The flows a client allows when its ExplicitAuthFlows was never set (Cognito's default). */
const DEFAULT_FLOWS = ['ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_CUSTOM_AUTH'];

const INVALID_SESSION = 'Invalid session for the user, session is expired.';
const WRONG_CODE = 'Invalid code or auth state for the user.';
const WRONG_PASSWORD = 'Incorrect username or password.';
/** [R] the real service's answer to a TIMESTAMP in another format or language. */
const BAD_TIMESTAMP = 'TIMESTAMP format should be EEE MMM d HH:mm:ss z yyyy in english.';

function flowsOf(client: ClientRecord): string[] {
  return client.settings.ExplicitAuthFlows && client.settings.ExplicitAuthFlows.length > 0 ? client.settings.ExplicitAuthFlows : DEFAULT_FLOWS;
}

/** Opaque, unguessable strings for sessions and refresh tokens. */
function opaque(svc: Services, bytes: number): string {
  const s = svc.random.bytes(bytes).toString('base64url');
  // A leading '-' would make `--session VALUE` read as an option on the AWS CLI (and cognate's).
  return s[0] === '-' || s[0] === '_' ? `A${s.slice(1)}` : s;
}

/** Refresh tokens are stored as this hash only, so a copy of the database cannot sign anyone in. */
export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/**
 * The sign-in engine behind InitiateAuth, AdminInitiateAuth, RespondToAuthChallenge and
 * AdminRespondToAuthChallenge: password checks, the challenges that follow, and token issue.
 */
export class SignIn {
  constructor(private readonly svc: Services) {}

  /** Starts a flow. `admin` says whether the caller was the signed administrative API. */
  async initiate(args: { client: ClientRecord; flow: string; params: Record<string, string>; admin: boolean }): Promise<AuthResponse> {
    const { client, flow, params, admin } = args;
    const pool = await requirePool(this.svc.store, client.poolId);
    const flows = flowsOf(client);
    switch (flow) {
      case 'USER_PASSWORD_AUTH':
        if (admin) throw new InvalidParameterException('Initiate Auth method not supported.');
        if (!flows.includes('ALLOW_USER_PASSWORD_AUTH') && !flows.includes('USER_PASSWORD_AUTH')) {
          throw new InvalidParameterException('USER_PASSWORD_AUTH flow not enabled for this client');
        }
        return this.passwordFlow(pool, client, params);
      case 'ADMIN_USER_PASSWORD_AUTH':
      case 'ADMIN_NO_SRP_AUTH':
        if (!admin) throw new InvalidParameterException('Initiate Auth method not supported.');
        if (!flows.includes('ALLOW_ADMIN_USER_PASSWORD_AUTH') && !flows.includes('ADMIN_NO_SRP_AUTH')) {
          throw new InvalidParameterException('Auth flow not enabled for this client');
        }
        return this.passwordFlow(pool, client, params);
      case 'REFRESH_TOKEN_AUTH':
      case 'REFRESH_TOKEN':
        return this.refreshFlow(pool, client, params);
      case 'USER_SRP_AUTH':
        // Clients still on the legacy flow names allow SRP implicitly, as Cognito's do.
        if (!flows.includes('ALLOW_USER_SRP_AUTH') && flows.some((f) => f.startsWith('ALLOW_'))) {
          throw new InvalidParameterException('USER_SRP_AUTH flow not enabled for this client');
        }
        return this.srpFlow(pool, client, params);
      case 'CUSTOM_AUTH':
      case 'USER_AUTH':
        throw new InvalidParameterException(`${flow} is not supported by this server yet.`);
      default:
        throw new InvalidParameterException(`1 validation error detected: Value '${flow}' at 'authFlow' failed to satisfy constraint: Member must satisfy enum value set: [USER_SRP_AUTH, REFRESH_TOKEN_AUTH, REFRESH_TOKEN, CUSTOM_AUTH, USER_PASSWORD_AUTH, ADMIN_USER_PASSWORD_AUTH, ADMIN_NO_SRP_AUTH, USER_AUTH]`);
    }
  }

  private async passwordFlow(pool: PoolRecord, client: ClientRecord, params: Record<string, string>): Promise<AuthResponse> {
    const username = params.USERNAME;
    const password = params.PASSWORD;
    if (username === undefined) throw new InvalidParameterException('Missing required parameter USERNAME');
    if (password === undefined) throw new InvalidParameterException('Missing required parameter PASSWORD');
    const user = await findUser(this.svc.store, pool, username);
    // The client proves itself before anything is said about the user.
    checkSecretHash(client, params.SECRET_HASH, user ? [username, user.username, user.sub] : [username]);
    if (!user) {
      if (client.settings.PreventUserExistenceErrors === 'ENABLED') throw new NotAuthorizedException('Incorrect username or password.');
      throw new UserNotFoundException('User does not exist.');
    }
    if (!user.enabled) throw new NotAuthorizedException('User is disabled.');
    const hash = user.passwordHash;
    if (!(await passwordAttempt(this.svc, user, 'sign-in', async () => hash !== null && this.svc.passwords.verify(password, hash)))) {
      throw new NotAuthorizedException(WRONG_PASSWORD);
    }
    return this.afterFirstFactor(pool, client, user);
  }

  /** Once the password is proven (directly or by SRP): the user's status, then MFA, then tokens. */
  private async afterFirstFactor(pool: PoolRecord, client: ClientRecord, user: UserRecord): Promise<AuthResponse> {
    if (user.status === 'UNCONFIRMED') throw new UserNotConfirmedException('User is not confirmed.');
    if (user.status === 'RESET_REQUIRED') throw new PasswordResetRequiredException('Password reset required for the user');
    if (user.status === 'FORCE_CHANGE_PASSWORD') {
      const expires = user.temporaryPasswordExpiresAt;
      if (expires && expires.getTime() <= this.svc.clock.now().getTime()) {
        throw new NotAuthorizedException('Temporary password has expired and must be reset by an administrator.');
      }
      return this.newPasswordChallenge(pool, client, user);
    }
    return this.afterPassword(pool, client, user);
  }

  /**
   * After the first factor: the MFA challenge that applies, else tokens (reference §2.3).
   *
   * - One active factor: its challenge. Several: the preferred one, or SELECT_MFA_TYPE if none of them
   *   is preferred.
   * - None, in a pool that requires MFA: SMS_MFA if the pool sends SMS and the user has a phone number
   *   ([R] required pools challenge such users), else EMAIL_OTP if the pool sends email MFA and the user
   *   has an email (our reading of the model's advice to "collect a phone_number or email attribute for
   *   the user, then restart the authentication flow"), else MFA_SETUP.
   */
  private async afterPassword(pool: PoolRecord, client: ClientRecord, user: UserRecord): Promise<AuthResponse> {
    const mode = pool.settings.MfaConfiguration ?? 'OFF';
    if (mode === 'OFF') return this.tokensNow(client, user);
    const active = activeFactors(pool, user);
    let pick: MfaFactor | null = null;
    if (active.length === 1) pick = active[0]!;
    else if (active.length > 1) {
      if (user.mfa.preferred && active.includes(user.mfa.preferred)) pick = user.mfa.preferred;
      else return this.selectChallenge(client, user, active);
    } else if (mode === 'ON') {
      if (poolSmsMfaEnabled(pool) && user.attributes.phone_number) pick = 'SMS_MFA';
      else if (poolEmailMfaEnabled(pool) && user.attributes.email) pick = 'EMAIL_OTP';
      else return this.setupChallenge(pool, client, user);
    }
    return pick ? this.factorChallenge(pool, client, user, pick) : this.tokensNow(client, user);
  }

  private async tokensNow(client: ClientRecord, user: UserRecord): Promise<AuthResponse> {
    return { ChallengeParameters: {}, AuthenticationResult: await this.issueTokens(client, user, this.svc.clock.now(), true) };
  }

  /** The challenge of one factor. */
  private async factorChallenge(pool: PoolRecord, client: ClientRecord, user: UserRecord, factor: MfaFactor): Promise<AuthResponse> {
    if (factor === 'SMS_MFA') return this.codeChallenge(pool, client, user, 'SMS', user.attributes.phone_number!);
    if (factor === 'EMAIL_OTP') return this.codeChallenge(pool, client, user, 'EMAIL', user.attributes.email!);
    const session = await this.openSession(client, user, 'SOFTWARE_TOKEN_MFA', null, this.sessionSeconds(client));
    // [C CLI-EX] FRIENDLY_DEVICE_NAME when the authenticator was given a name; {} otherwise (our choice).
    const params: Record<string, string> = user.mfa.totpDeviceName ? { FRIENDLY_DEVICE_NAME: user.mfa.totpDeviceName } : {};
    return { ChallengeName: 'SOFTWARE_TOKEN_MFA', Session: session, ChallengeParameters: params };
  }

  /** SELECT_MFA_TYPE: MFAS_CAN_CHOOSE is a JSON-encoded string, as clients JSON.parse it. */
  private async selectChallenge(client: ClientRecord, user: UserRecord, choices: MfaFactor[]): Promise<AuthResponse> {
    const session = await this.openSession(client, user, 'SELECT_MFA_TYPE', null, this.sessionSeconds(client), { choices });
    return { ChallengeName: 'SELECT_MFA_TYPE', Session: session, ChallengeParameters: { MFAS_CAN_CHOOSE: JSON.stringify(choices) } };
  }

  /** MFA_SETUP: MFAS_CAN_SETUP lists the factors the pool offers, JSON-encoded. */
  private async setupChallenge(pool: PoolRecord, client: ClientRecord, user: UserRecord): Promise<AuthResponse> {
    const session = await this.openSession(client, user, 'MFA_SETUP', null, this.sessionSeconds(client));
    return { ChallengeName: 'MFA_SETUP', Session: session, ChallengeParameters: { MFAS_CAN_SETUP: JSON.stringify(poolFactors(pool)) } };
  }

  /**
   * USER_SRP_AUTH: answers PASSWORD_VERIFIER with SALT, SRP_B, SECRET_BLOCK, USERNAME and
   * USER_ID_FOR_SRP. The SECRET_BLOCK carries the challenge session (no Session is returned, as with
   * Cognito), and the server's secret b stays in the store. A user without a current verifier (password
   * set before SRP support) gets a challenge no password can answer, so the failure looks like a wrong
   * password rather than telling a caller which users have verifiers.
   */
  private async srpFlow(pool: PoolRecord, client: ClientRecord, params: Record<string, string>): Promise<AuthResponse> {
    const username = params.USERNAME;
    const srpA = params.SRP_A;
    if (username === undefined) throw new InvalidParameterException('Missing required parameter USERNAME');
    if (srpA === undefined) throw new InvalidParameterException('Missing required parameter SRP_A');
    if (!/^[0-9a-fA-F]{1,2048}$/.test(srpA)) throw new InvalidParameterException('SRP_A must be a hexadecimal number.');
    const user = await findUser(this.svc.store, pool, username);
    checkSecretHash(client, params.SECRET_HASH, user ? [username, user.username, user.sub] : [username]);
    if (!user) {
      if (client.settings.PreventUserExistenceErrors === 'ENABLED') throw new NotAuthorizedException(WRONG_PASSWORD);
      throw new UserNotFoundException('User does not exist.');
    }
    if (!user.enabled) throw new NotAuthorizedException('User is disabled.');
    const stored = await this.svc.store.getSrpVerifier(pool.id, user.username);
    const usable = stored !== null && stored.passwordHash === user.passwordHash;
    const salt = usable ? stored.salt : this.svc.random.bytes(16).toString('hex');
    const verifier = usable ? stored.verifier : this.svc.random.bytes(384).toString('hex');
    let b = 0n;
    let B = 0n;
    while (B === 0n) {
      b = BigInt(`0x${this.svc.random.bytes(32).toString('hex')}`);
      B = serverB(verifier, b);
    }
    const session = await this.openSession(client, user, 'PASSWORD_VERIFIER', null, this.sessionSeconds(client), {
      A: srpA, b: b.toString(16), B: B.toString(16), verifier, usable,
    });
    return {
      ChallengeName: 'PASSWORD_VERIFIER',
      ChallengeParameters: {
        SALT: salt, SECRET_BLOCK: Buffer.from(session, 'base64url').toString('base64'), SRP_B: B.toString(16),
        USERNAME: user.username, USER_ID_FOR_SRP: user.username,
      },
    };
  }

  private sessionSeconds(client: ClientRecord): number {
    const minutes = client.settings.AuthSessionValidity;
    return minutes ? minutes * 60 : this.svc.settings.challengeSessionSeconds;
  }

  private async newPasswordChallenge(pool: PoolRecord, client: ClientRecord, user: UserRecord): Promise<AuthResponse> {
    const session = await this.openSession(client, user, 'NEW_PASSWORD_REQUIRED', null, this.sessionSeconds(client));
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

  /** SMS_MFA or EMAIL_OTP: a six-digit code to the outbox and a session that expects it. */
  private async codeChallenge(pool: PoolRecord, client: ClientRecord, user: UserRecord, medium: 'SMS' | 'EMAIL', destination: string): Promise<AuthResponse> {
    const code = newCode(this.svc.random);
    const template = (medium === 'SMS' ? pool.settings.SmsAuthenticationMessage : pool.settings.EmailMfaConfiguration?.Message) ?? 'Your authentication code is {####}. ';
    await this.svc.outbox.send({
      poolId: pool.id, username: user.username, medium, destination, code, message: template.replace('{####}', code),
    });
    const challenge = medium === 'SMS' ? 'SMS_MFA' : 'EMAIL_OTP';
    const session = await this.openSession(client, user, challenge, code, this.svc.settings.mfaCodeSeconds);
    return {
      ChallengeName: challenge,
      Session: session,
      ChallengeParameters: { CODE_DELIVERY_DELIVERY_MEDIUM: medium, CODE_DELIVERY_DESTINATION: medium === 'SMS' ? maskPhone(destination) : maskEmail(destination) },
    };
  }

  private async openSession(client: ClientRecord, user: UserRecord, challenge: string, code: string | null, seconds: number, data: Record<string, unknown> = {}): Promise<string> {
    const id = opaque(this.svc, 128);
    const record: ChallengeSessionRecord = {
      id, poolId: client.poolId, clientId: client.id, username: user.username, challenge, code, attempts: 0,
      expiresAt: new Date(this.svc.clock.now().getTime() + seconds * 1000), data,
    };
    await this.svc.store.putChallengeSession(record);
    return id;
  }

  /** Answers a challenge. The session decides which user and which challenge it is. */
  async respond(args: { client: ClientRecord; challenge: string; responses: Record<string, string>; session: string | undefined }): Promise<AuthResponse> {
    const { client, challenge, responses } = args;
    const pool = await requirePool(this.svc.store, client.poolId);
    const username = responses.USERNAME;
    if (username === undefined) throw new InvalidParameterException('Missing required parameter USERNAME');
    let sessionId = args.session;
    if (challenge === 'PASSWORD_VERIFIER') {
      // The SRP state travels in the SECRET_BLOCK, not in a Session.
      const block = responses.PASSWORD_CLAIM_SECRET_BLOCK;
      if (block === undefined) throw new InvalidParameterException('Missing required parameter PASSWORD_CLAIM_SECRET_BLOCK');
      sessionId = Buffer.from(block, 'base64').toString('base64url');
    }
    if (sessionId === undefined) throw new InvalidParameterException('Missing required parameter Session');
    const session = await this.svc.store.getChallengeSession(sessionId);
    if (!session || session.clientId !== client.id || session.expiresAt.getTime() <= this.svc.clock.now().getTime()) {
      throw new NotAuthorizedException(INVALID_SESSION);
    }
    if (session.challenge !== challenge) throw new NotAuthorizedException(INVALID_SESSION);
    const user = await this.svc.store.getUser(pool.id, session.username);
    if (!user) throw new UserNotFoundException('User does not exist.');
    if (username !== user.username && (await findUser(this.svc.store, pool, username))?.sub !== user.sub) {
      throw new NotAuthorizedException(INVALID_SESSION);
    }
    checkSecretHash(client, responses.SECRET_HASH, [username, user.username, user.sub]);
    if (!user.enabled) throw new NotAuthorizedException('User is disabled.');
    switch (challenge) {
      case 'SMS_MFA':
        return this.answerCode(pool, client, user, session, responses.SMS_MFA_CODE, 'SMS_MFA_CODE');
      case 'EMAIL_OTP':
        return this.answerCode(pool, client, user, session, responses.EMAIL_OTP_CODE, 'EMAIL_OTP_CODE');
      case 'SOFTWARE_TOKEN_MFA':
        return this.answerTotp(client, user, session, responses.SOFTWARE_TOKEN_MFA_CODE);
      case 'SELECT_MFA_TYPE':
        return this.answerSelect(pool, client, user, session, responses.ANSWER);
      case 'MFA_SETUP':
        return this.answerSetup(client, user, session);
      case 'PASSWORD_VERIFIER':
        return this.answerPasswordVerifier(pool, client, user, session, responses);
      case 'NEW_PASSWORD_REQUIRED':
        return this.answerNewPassword(pool, client, user, session, responses);
      default:
        throw new InvalidParameterException(`${challenge} is not supported by this server yet.`);
    }
  }

  private async answerCode(pool: PoolRecord, client: ClientRecord, user: UserRecord, session: ChallengeSessionRecord, code: string | undefined, param: string): Promise<AuthResponse> {
    if (code === undefined) throw new InvalidParameterException(`Missing required parameter ${param}`);
    await this.spendAnswer(session, session.code !== null && sameText(session.code, code));
    // A user who completes SMS MFA has shown they own the number (reference §1.4, DG-MFA).
    if (session.challenge === 'SMS_MFA' && user.attributes.phone_number_verified !== 'true') {
      const now = this.svc.clock.now();
      const phone = user.attributes.phone_number;
      user = await changeUser(this.svc.store, user, (current) => (current.attributes.phone_number === phone && current.attributes.phone_number_verified !== 'true'
        ? { ...current, attributes: { ...current.attributes, phone_number_verified: 'true' }, lastModifiedAt: now }
        : null));
    }
    return { ChallengeParameters: {}, AuthenticationResult: await this.issueTokens(client, user, this.svc.clock.now(), true) };
  }

  /**
   * Spends one answer of a code challenge: the answer is counted before it is judged
   * (Store.claimChallengeAttempt), so however many answers arrive together, at most
   * maxChallengeAttempts are judged. A right answer ends the session; a wrong one that used the last
   * attempt ends it too (CodeMismatchException either way), and an exhausted or spent session is
   * "Invalid session".
   */
  private async spendAnswer(session: ChallengeSessionRecord, right: boolean | (() => Promise<boolean>)): Promise<void> {
    const max = this.svc.settings.maxChallengeAttempts;
    const claimed = await this.svc.store.claimChallengeAttempt(session.id, max);
    if (!claimed) throw new NotAuthorizedException(INVALID_SESSION);
    if (!(typeof right === 'boolean' ? right : await right())) {
      if (claimed.attempts >= max) await this.svc.store.consumeChallengeSession(session.id);
      throw new CodeMismatchException(WRONG_CODE);
    }
    if (!(await this.svc.store.consumeChallengeSession(session.id))) throw new NotAuthorizedException(INVALID_SESSION);
  }

  private async answerTotp(client: ClientRecord, user: UserRecord, session: ChallengeSessionRecord, code: string | undefined): Promise<AuthResponse> {
    if (code === undefined) throw new InvalidParameterException('Missing required parameter SOFTWARE_TOKEN_MFA_CODE');
    const secret = user.mfa.totpVerified ? user.mfa.totpSecret : null;
    await this.spendAnswer(session, async () => secret !== null && acceptTotp(this.svc, user, secret, code));
    return this.tokensNow(client, user);
  }

  /** SELECT_MFA_TYPE: ANSWER must be one of the factors offered; its challenge follows. */
  private async answerSelect(pool: PoolRecord, client: ClientRecord, user: UserRecord, session: ChallengeSessionRecord, answer: string | undefined): Promise<AuthResponse> {
    if (answer === undefined) throw new InvalidParameterException('Missing required parameter ANSWER');
    const choices = (session.data.choices as MfaFactor[] | undefined) ?? [];
    // The model's prose calls the email answer EMAIL_MFA while its enum says EMAIL_OTP; both are taken.
    const pick = (answer === 'EMAIL_MFA' ? 'EMAIL_OTP' : answer) as MfaFactor;
    if (!choices.includes(pick)) throw new InvalidParameterException(`Invalid ANSWER: ${answer} is not one of ${choices.join(', ')}.`);
    if (!(await this.svc.store.consumeChallengeSession(session.id))) throw new NotAuthorizedException(INVALID_SESSION);
    return this.factorChallenge(pool, client, user, pick);
  }

  /**
   * MFA_SETUP, answered with the session VerifySoftwareToken returned: TOTP becomes an enabled factor
   * (and the preferred one if the user had none), and the sign-in ends with tokens.
   */
  private async answerSetup(client: ClientRecord, user: UserRecord, session: ChallengeSessionRecord): Promise<AuthResponse> {
    if (session.data.totpVerified !== true) {
      throw new InvalidParameterException('Software token MFA has not been verified for this session; call AssociateSoftwareToken and VerifySoftwareToken first.');
    }
    if (!(await this.svc.store.consumeChallengeSession(session.id))) throw new NotAuthorizedException(INVALID_SESSION);
    const now = this.svc.clock.now();
    const updated = await changeUser(this.svc.store, user, (current) => {
      const enabled = new Set(current.mfa.enabled).add('SOFTWARE_TOKEN_MFA');
      const mfa = { ...current.mfa, enabled: FACTORS.filter((f) => enabled.has(f)), preferred: current.mfa.preferred ?? 'SOFTWARE_TOKEN_MFA' };
      return { ...current, mfa, lastModifiedAt: now };
    });
    return this.tokensNow(client, updated);
  }

  /**
   * PASSWORD_VERIFIER: checks PASSWORD_CLAIM_SIGNATURE, HMAC-SHA256 under the SRP key over pool name,
   * USER_ID_FOR_SRP, SECRET_BLOCK and TIMESTAMP. The TIMESTAMP must have Cognito's format; how far it
   * may be from our clock is not checked (the reference is silent; clients sign their own wall-clock
   * time, and the signature already binds it to this one challenge). Any failure spends the session.
   */
  private async answerPasswordVerifier(pool: PoolRecord, client: ClientRecord, user: UserRecord, session: ChallengeSessionRecord, responses: Record<string, string>): Promise<AuthResponse> {
    const signature = responses.PASSWORD_CLAIM_SIGNATURE;
    const timestamp = responses.TIMESTAMP;
    if (signature === undefined) throw new InvalidParameterException('Missing required parameter PASSWORD_CLAIM_SIGNATURE');
    if (timestamp === undefined) throw new InvalidParameterException('Missing required parameter TIMESTAMP');
    if (!parseSrpTimestamp(timestamp)) throw new InvalidParameterException(BAD_TIMESTAMP);
    if (!(await this.svc.store.consumeChallengeSession(session.id))) throw new NotAuthorizedException(INVALID_SESSION);
    const d = session.data as { A: string; b: string; B: string; verifier: string; usable: boolean };
    const A = BigInt(`0x${d.A}`);
    const key = A % N === 0n ? null : serverKey(A, BigInt(`0x${d.B}`), BigInt(`0x${d.b}`), d.verifier);
    const block = Buffer.from(responses.PASSWORD_CLAIM_SECRET_BLOCK!, 'base64');
    const expected = key ? claimSignature(key, pool.id, user.username, block, timestamp) : null;
    if (!(await passwordAttempt(this.svc, user, 'sign-in', () => d.usable && expected !== null && sameText(expected, signature)))) {
      throw new NotAuthorizedException(WRONG_PASSWORD);
    }
    return this.afterFirstFactor(pool, client, user);
  }

  /**
   * AssociateSoftwareToken during MFA_SETUP: a new secret for the session's user, kept in a new session
   * (the old one is spent) until VerifySoftwareToken confirms it.
   */
  async associateBySession(sessionId: string): Promise<{ SecretCode: string; Session: string }> {
    const session = await this.liveSession(sessionId, 'MFA_SETUP');
    const secret = base32Encode(this.svc.random.bytes(20));
    const next = await this.rotateSession(session, { totpSecret: secret });
    return { SecretCode: secret, Session: next };
  }

  /** VerifySoftwareToken during MFA_SETUP: on a matching code the user's TOTP secret is stored as verified. */
  async verifyBySession(sessionId: string, code: string, deviceName: string | undefined): Promise<{ Status: 'SUCCESS'; Session: string }> {
    const session = await this.liveSession(sessionId, 'MFA_SETUP');
    const secret = session.data.totpSecret as string | undefined;
    if (!secret) throw new InvalidParameterException('No software token has been associated with this session; call AssociateSoftwareToken first.');
    const user = await this.svc.store.getUser(session.poolId, session.username);
    if (!user) throw new UserNotFoundException('User does not exist.');
    if (!(await acceptTotp(this.svc, user, secret, code))) {
      throw new EnableSoftwareTokenMFAException('Code mismatch and fail enable Software Token MFA');
    }
    const now = this.svc.clock.now();
    await changeUser(this.svc.store, user, (current) => ({
      ...current,
      mfa: { ...current.mfa, totpSecret: secret, totpVerified: true, totpPendingSecret: null, totpDeviceName: deviceName ?? null },
      lastModifiedAt: now,
    }));
    const next = await this.rotateSession(session, { totpVerified: true });
    return { Status: 'SUCCESS', Session: next };
  }

  private async liveSession(id: string, challenge: string): Promise<ChallengeSessionRecord> {
    const session = await this.svc.store.getChallengeSession(id);
    if (!session || session.challenge !== challenge || session.expiresAt.getTime() <= this.svc.clock.now().getTime()) {
      throw new NotAuthorizedException(INVALID_SESSION);
    }
    return session;
  }

  private async rotateSession(session: ChallengeSessionRecord, data: Record<string, unknown>): Promise<string> {
    if (!(await this.svc.store.consumeChallengeSession(session.id))) throw new NotAuthorizedException(INVALID_SESSION);
    const id = opaque(this.svc, 128);
    await this.svc.store.putChallengeSession({ ...session, id, attempts: 0, data });
    return id;
  }

  private async answerNewPassword(pool: PoolRecord, client: ClientRecord, user: UserRecord, session: ChallengeSessionRecord, responses: Record<string, string>): Promise<AuthResponse> {
    const password = responses.NEW_PASSWORD;
    if (password === undefined) throw new InvalidParameterException('Missing required parameter NEW_PASSWORD');
    checkPasswordPolicy(password, pool.settings.Policies?.PasswordPolicy);
    const updates = Object.entries(responses)
      .filter(([k]) => k.startsWith('userAttributes.'))
      .map(([k, v]) => ({ Name: k.slice('userAttributes.'.length), Value: v }));
    checkAttributes(pool.settings.SchemaAttributes ?? [], updates, { creating: false, existing: user.attributes });
    if (!(await this.svc.store.consumeChallengeSession(session.id))) throw new NotAuthorizedException(INVALID_SESSION);
    const next = await newPassword(this.svc, user, password);
    const now = this.svc.clock.now();
    const updated = await changeUser(this.svc.store, user, (current) => {
      // An administrator may have set another password (or disabled the user) while this one was hashed.
      if (current.status !== 'FORCE_CHANGE_PASSWORD' || current.passwordHash !== user.passwordHash) throw new NotAuthorizedException(INVALID_SESSION);
      if (!current.enabled) throw new NotAuthorizedException('User is disabled.');
      const attributes = { ...current.attributes };
      for (const u of updates) attributes[u.Name] = u.Value ?? '';
      return { ...current, attributes, passwordHash: next.passwordHash, status: 'CONFIRMED', temporaryPasswordExpiresAt: null, lastModifiedAt: now };
    });
    await saveSrp(this.svc, updated, next);
    return this.afterPassword(pool, client, updated);
  }

  private async refreshFlow(pool: PoolRecord, client: ClientRecord, params: Record<string, string>): Promise<AuthResponse> {
    const token = params.REFRESH_TOKEN;
    if (token === undefined) throw new InvalidParameterException('Missing required parameter REFRESH_TOKEN');
    const origin = await this.svc.store.getTokenOriginByRefreshHash(hashRefreshToken(token));
    if (!origin || origin.clientId !== client.id) throw new NotAuthorizedException('Invalid Refresh Token');
    const user = await this.svc.store.getUserBySub(pool.id, origin.sub);
    if (!user) throw new NotAuthorizedException('Invalid Refresh Token');
    checkSecretHash(client, params.SECRET_HASH, [params.USERNAME ?? user.username, user.username, user.sub]);
    if (origin.revokedAt) throw new NotAuthorizedException('Refresh Token has been revoked');
    if (origin.expiresAt.getTime() <= this.svc.clock.now().getTime()) throw new NotAuthorizedException('Refresh Token has expired');
    if (!user.enabled) throw new NotAuthorizedException('User is disabled.');
    const tokens = await this.svc.tokens.issue({ client, user, originJti: origin.originJti, authTime: origin.authTime });
    return { ChallengeParameters: {}, AuthenticationResult: { ...tokens } };
  }

  /** Records a new sign-in (its refresh token and origin_jti) and mints its tokens. */
  async issueTokens(client: ClientRecord, user: UserRecord, authTime: Date, withRefresh: boolean): Promise<AuthenticationResultType> {
    const originJti = this.svc.random.uuid();
    const refreshToken = opaque(this.svc, 96);
    await this.svc.store.createTokenOrigin({
      originJti, poolId: client.poolId, clientId: client.id, sub: user.sub, username: user.username,
      refreshTokenHash: hashRefreshToken(refreshToken), authTime,
      expiresAt: new Date(authTime.getTime() + refreshTokenSeconds(client) * 1000), revokedAt: null,
    });
    // AdminDisableUser disables first and revokes second; reading the user after recording this sign-in
    // means either this read sees the disable, or the revocation comes after the record and covers it.
    const now = await this.svc.store.getUserBySub(user.poolId, user.sub);
    if (!now || !now.enabled) {
      await this.svc.store.revokeTokenOrigin(originJti, this.svc.clock.now());
      throw now ? new NotAuthorizedException('User is disabled.') : new UserNotFoundException('User does not exist.');
    }
    const tokens = await this.svc.tokens.issue({ client, user, originJti, authTime });
    return withRefresh
      ? { AccessToken: tokens.AccessToken, ExpiresIn: tokens.ExpiresIn, TokenType: tokens.TokenType, RefreshToken: refreshToken, IdToken: tokens.IdToken }
      : { ...tokens };
  }
}
