import { InvalidParameterException, NotAuthorizedException, UserNotFoundException } from '../../errors.js';
import type { CallerContext, Services } from '../../services.js';
import type { ClientRecord, PoolRecord, UserRecord } from '../../store/store.js';
import { checkSecretHash } from '../clients.js';
import { assertDeviceOfUser } from '../devices.js';
import { findUser, requirePool } from '../users.js';
import { answerCode, answerNewPassword, answerSelect, answerSetup, answerTotp } from './answers.js';
import { afterCustomPassword, answerCustom, customFlow, unknownUser } from './custom-auth.js';
import { afterFirstFactor } from './challenges.js';
import { answerDeviceSrp, answerDeviceVerifier } from './device-auth.js';
import { answerDecoyPasswordVerifier, type ChallengeResult, provePasswordClaim, flowsOf, passwordFlow, srpFlow } from './flows.js';
import { assertRefreshAllowed, refreshFlow } from './refresh.js';
import { associateBySession, verifyBySession } from './mfa-setup.js';
import { INVALID_SESSION } from './sessions.js';
import { answerSelectChallenge, answerUnknownUser, userAuthFlow } from './user-auth.js';
import type { AuthResponse } from './tokens.js';

/**
 * The sign-in engine behind InitiateAuth, AdminInitiateAuth, RespondToAuthChallenge and
 * AdminRespondToAuthChallenge: password checks, the challenges that follow, and token issue.
 * The steps live beside it: flows.ts, challenges.ts, answers.ts, mfa-setup.ts, sessions.ts, tokens.ts.
 */
export class SignIn {
  private readonly svc: Services;

  /** One engine per request: the caller's ClientMetadata rides along in the services, for the triggers. */
  constructor(svc: Services, caller: CallerContext = {}) {
    this.svc = { ...svc, caller };
  }

  /** Starts a flow. `admin` says whether the caller was the signed administrative API. */
  async initiate(args: { client: ClientRecord; flow: string; params: Record<string, string>; admin: boolean }): Promise<AuthResponse> {
    const { client, flow, params, admin } = args;
    this.noteDevice(params.DEVICE_KEY);
    const pool = await requirePool(this.svc.store, client.poolId);
    const flows = flowsOf(client);
    switch (flow) {
      case 'USER_PASSWORD_AUTH':
        if (admin) throw new InvalidParameterException('Initiate Auth method not supported.');
        if (!flows.includes('ALLOW_USER_PASSWORD_AUTH') && !flows.includes('USER_PASSWORD_AUTH')) {
          throw new InvalidParameterException('USER_PASSWORD_AUTH flow not enabled for this client');
        }
        return passwordFlow(this.svc, pool, client, params);
      case 'ADMIN_USER_PASSWORD_AUTH':
      case 'ADMIN_NO_SRP_AUTH':
        if (!admin) throw new InvalidParameterException('Initiate Auth method not supported.');
        if (!flows.includes('ALLOW_ADMIN_USER_PASSWORD_AUTH') && !flows.includes('ADMIN_NO_SRP_AUTH')) {
          throw new InvalidParameterException('Auth flow not enabled for this client');
        }
        return passwordFlow(this.svc, pool, client, params);
      case 'REFRESH_TOKEN_AUTH':
      case 'REFRESH_TOKEN':
        assertRefreshAllowed(client, 'REFRESH_TOKEN_AUTH');
        return refreshFlow(this.svc, pool, client, params);
      case 'USER_SRP_AUTH':
        // Clients still on the legacy flow names allow SRP implicitly, as Cognito's do.
        if (!flows.includes('ALLOW_USER_SRP_AUTH') && flows.some((f) => f.startsWith('ALLOW_'))) {
          throw new InvalidParameterException('USER_SRP_AUTH flow not enabled for this client');
        }
        return srpFlow(this.svc, pool, client, params);
      case 'CUSTOM_AUTH':
        if (!flows.includes('ALLOW_CUSTOM_AUTH') && !flows.includes('CUSTOM_AUTH_FLOW_ONLY')) {
          throw new InvalidParameterException('CUSTOM_AUTH flow not enabled for this client');
        }
        return customFlow(this.svc, pool, client, params);
      case 'USER_AUTH':
        if (!flows.includes('ALLOW_USER_AUTH')) throw new InvalidParameterException('USER_AUTH flow not enabled for this client');
        return userAuthFlow(this.svc, pool, client, params);
      default:
        throw new InvalidParameterException(
          `1 validation error detected: Value '${flow}' at 'authFlow' failed to satisfy constraint: Member must satisfy enum value set: [USER_SRP_AUTH, REFRESH_TOKEN_AUTH, REFRESH_TOKEN, CUSTOM_AUTH, USER_PASSWORD_AUTH, ADMIN_USER_PASSWORD_AUTH, ADMIN_NO_SRP_AUTH, USER_AUTH]`,
        );
    }
  }

  /** Answers a challenge. The session decides which user and which challenge it is. */
  async respond(args: { client: ClientRecord; challenge: string; responses: Record<string, string>; session: string | undefined }): Promise<AuthResponse> {
    const { client, challenge, responses } = args;
    this.noteDevice(responses.DEVICE_KEY);
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
    if (session.data.decoy === true && challenge === 'PASSWORD_VERIFIER') {
      checkSecretHash(client, responses.SECRET_HASH, [username, session.username]);
      return answerDecoyPasswordVerifier(this.svc, session, responses);
    }
    if (session.data.userNotFound === true && challenge === 'CUSTOM_CHALLENGE') {
      checkSecretHash(client, responses.SECRET_HASH, [username, session.username]);
      return answerCustom(this.svc, pool, client, unknownUser(pool, session.username), session, responses);
    }
    if (session.data.userNotFound === true && ['SELECT_CHALLENGE', 'EMAIL_OTP', 'SMS_OTP'].includes(challenge)) {
      checkSecretHash(client, responses.SECRET_HASH, [username, session.username]);
      return answerUnknownUser(this.svc, pool, client, session, responses);
    }
    const user = await this.svc.store.getUser(pool.id, session.username);
    if (!user) throw new UserNotFoundException('User does not exist.');
    if (username !== user.username && (await findUser(this.svc.store, pool, username))?.sub !== user.sub) {
      throw new NotAuthorizedException(INVALID_SESSION);
    }
    checkSecretHash(client, responses.SECRET_HASH, [username, user.username, user.sub]);
    if (!user.enabled) throw new NotAuthorizedException('User is disabled.');
    await assertDeviceOfUser(this.svc.store, pool, user, this.svc.caller?.deviceKey);
    switch (challenge) {
      case 'SMS_MFA':
        return answerCode(this.svc, client, user, session, responses.SMS_MFA_CODE, 'SMS_MFA_CODE');
      case 'EMAIL_OTP':
        return answerCode(this.svc, client, user, session, responses.EMAIL_OTP_CODE, 'EMAIL_OTP_CODE');
      case 'SMS_OTP':
        return answerCode(this.svc, client, user, session, responses.SMS_OTP_CODE, 'SMS_OTP_CODE');
      case 'SELECT_CHALLENGE':
        return answerSelectChallenge(this.svc, pool, client, user, session, responses);
      case 'SOFTWARE_TOKEN_MFA':
        return answerTotp(this.svc, client, user, session, responses.SOFTWARE_TOKEN_MFA_CODE);
      case 'SELECT_MFA_TYPE':
        return answerSelect(this.svc, pool, client, user, session, responses.ANSWER);
      case 'MFA_SETUP':
        return answerSetup(this.svc, client, user, session);
      case 'PASSWORD_VERIFIER':
        return this.afterPasswordClaim(pool, client, user, await provePasswordClaim(this.svc, pool, user, session, responses));
      case 'NEW_PASSWORD_REQUIRED':
        return answerNewPassword(this.svc, pool, client, user, session, responses);
      case 'CUSTOM_CHALLENGE':
        return answerCustom(this.svc, pool, client, user, session, responses);
      case 'DEVICE_SRP_AUTH':
        return answerDeviceSrp(this.svc, pool, client, user, session, responses);
      case 'DEVICE_PASSWORD_VERIFIER':
        return answerDeviceVerifier(this.svc, pool, client, user, session, responses);
      default:
        throw new InvalidParameterException(`${challenge} is not supported by this server yet.`);
    }
  }

  /**
   * Keeps the request's DEVICE_KEY for the end of the sign-in (domain/devices.ts). Only the request that
   * ends it counts: a key sent to InitiateAuth is not carried through the challenges' sessions, as the
   * client SDKs send it again with each answer.
   */
  private noteDevice(key: string | null | undefined): void {
    // amazon-cognito-identity-js sends DEVICE_KEY null when it retries without a forgotten device.
    if (typeof key === 'string') this.svc.caller = { ...this.svc.caller, deviceKey: key };
  }

  /** After SRP proved the password: the custom flow's next step, or the user's status and MFA. */
  private afterPasswordClaim(pool: PoolRecord, client: ClientRecord, user: UserRecord, proven: { custom?: ChallengeResult[] }): Promise<AuthResponse> {
    return proven.custom ? afterCustomPassword(this.svc, pool, client, user, proven.custom) : afterFirstFactor(this.svc, pool, client, user);
  }

  /**
   * AssociateSoftwareToken during MFA_SETUP: a new secret for the session's user, kept in a new session
   * (the old one is spent) until VerifySoftwareToken confirms it.
   */
  associateBySession(sessionId: string): Promise<{ SecretCode: string; Session: string }> {
    return associateBySession(this.svc, sessionId);
  }

  /** VerifySoftwareToken during MFA_SETUP: on a matching code the user's TOTP secret is stored as verified. */
  verifyBySession(sessionId: string, code: string, deviceName: string | undefined): Promise<{ Status: 'SUCCESS'; Session: string }> {
    return verifyBySession(this.svc, sessionId, code, deviceName);
  }
}
