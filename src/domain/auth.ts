import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import {
  CodeMismatchException,
  InvalidParameterException,
  NotAuthorizedException,
  PasswordResetRequiredException,
  ResourceNotFoundException,
  UserNotConfirmedException,
  UserNotFoundException,
} from '../errors.js';
import type { AuthenticationResultType, ChallengeNameType } from '../model/generated.js';
import type { Services } from '../operations/operation.js';
import { newCode } from '../random.js';
import type { ChallengeSessionRecord, ClientRecord, PoolRecord, UserRecord } from '../store/store.js';
import { refreshTokenSeconds } from '../tokens/tokens.js';
import { checkPasswordPolicy } from './passwords.js';
import { poolSmsMfaEnabled } from './pools.js';
import { checkAttributes } from './schema.js';
import { findUser, maskPhone, requirePool, smsMfaOn } from './users.js';

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

/** The app client, or ResourceNotFoundException. With a pool id, the client must belong to that pool. */
export async function requireClient(svc: Services, clientId: string, poolId?: string): Promise<ClientRecord> {
  const client = await svc.store.getClient(clientId);
  if (!client || (poolId !== undefined && client.poolId !== poolId)) {
    throw new ResourceNotFoundException(`User pool client ${clientId} does not exist.`);
  }
  return client;
}

/** Base64 HMAC-SHA256 of username + client id under the client secret: Cognito's SECRET_HASH. */
export function secretHash(secret: string, username: string, clientId: string): string {
  return createHmac('sha256', secret).update(username + clientId).digest('base64');
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Checks SECRET_HASH for clients that have a secret, with Cognito's messages. Any of the given names
 * (what the caller typed, the username, the sub) may have been used to compute it.
 */
export function checkSecretHash(client: ClientRecord, given: string | undefined, names: string[]): void {
  if (!client.secret) return;
  if (given === undefined) {
    throw new NotAuthorizedException(`Client ${client.id} is configured for secret but secret was not received`);
  }
  if (!names.some((n) => sameText(secretHash(client.secret!, n, client.id), given))) {
    throw new NotAuthorizedException(`Unable to verify secret hash for client ${client.id}`);
  }
}

function flowsOf(client: ClientRecord): string[] {
  return client.settings.ExplicitAuthFlows && client.settings.ExplicitAuthFlows.length > 0 ? client.settings.ExplicitAuthFlows : DEFAULT_FLOWS;
}

/** Opaque, unguessable strings for sessions and refresh tokens. */
function opaque(svc: Services, bytes: number): string {
  return svc.random.bytes(bytes).toString('base64url');
}

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
    if (!user.passwordHash || !(await this.svc.passwords.verify(password, user.passwordHash))) {
      throw new NotAuthorizedException('Incorrect username or password.');
    }
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

  /** After the first factor: an MFA challenge if one applies, else tokens. */
  private async afterPassword(pool: PoolRecord, client: ClientRecord, user: UserRecord): Promise<AuthResponse> {
    const phone = user.attributes.phone_number;
    if (poolSmsMfaEnabled(pool) && phone && (smsMfaOn(user.mfa) || pool.settings.MfaConfiguration === 'ON')) {
      return this.smsChallenge(pool, client, user, phone);
    }
    return { ChallengeParameters: {}, AuthenticationResult: await this.issueTokens(client, user, this.svc.clock.now(), true) };
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

  private async smsChallenge(pool: PoolRecord, client: ClientRecord, user: UserRecord, phone: string): Promise<AuthResponse> {
    const code = newCode(this.svc.random);
    const template = pool.settings.SmsAuthenticationMessage ?? 'Your authentication code is {####}. ';
    await this.svc.outbox.send({
      poolId: pool.id, username: user.username, medium: 'SMS', destination: phone, code, message: template.replace('{####}', code),
    });
    const session = await this.openSession(client, user, 'SMS_MFA', code, this.svc.settings.mfaCodeSeconds);
    return {
      ChallengeName: 'SMS_MFA',
      Session: session,
      ChallengeParameters: { CODE_DELIVERY_DELIVERY_MEDIUM: 'SMS', CODE_DELIVERY_DESTINATION: maskPhone(phone) },
    };
  }

  private async openSession(client: ClientRecord, user: UserRecord, challenge: string, code: string | null, seconds: number): Promise<string> {
    const id = opaque(this.svc, 128);
    const record: ChallengeSessionRecord = {
      id, poolId: client.poolId, clientId: client.id, username: user.username, challenge, code, attempts: 0,
      expiresAt: new Date(this.svc.clock.now().getTime() + seconds * 1000), data: {},
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
    if (args.session === undefined) throw new InvalidParameterException('Missing required parameter Session');
    const session = await this.svc.store.getChallengeSession(args.session);
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
      case 'NEW_PASSWORD_REQUIRED':
        return this.answerNewPassword(pool, client, user, session, responses);
      default:
        throw new InvalidParameterException(`${challenge} is not supported by this server yet.`);
    }
  }

  private async answerCode(pool: PoolRecord, client: ClientRecord, user: UserRecord, session: ChallengeSessionRecord, code: string | undefined, param: string): Promise<AuthResponse> {
    if (code === undefined) throw new InvalidParameterException(`Missing required parameter ${param}`);
    if (session.code === null || !sameText(session.code, code)) {
      const attempts = await this.svc.store.recordChallengeFailure(session.id);
      if (attempts >= this.svc.settings.maxChallengeAttempts) await this.svc.store.consumeChallengeSession(session.id);
      throw new CodeMismatchException('Invalid code or auth state for the user.');
    }
    if (!(await this.svc.store.consumeChallengeSession(session.id))) throw new NotAuthorizedException(INVALID_SESSION);
    // A user who completes SMS MFA has shown they own the number (reference §1.4, DG-MFA).
    if (session.challenge === 'SMS_MFA' && user.attributes.phone_number_verified !== 'true') {
      user.attributes.phone_number_verified = 'true';
      user.lastModifiedAt = this.svc.clock.now();
      await this.svc.store.updateUser(user);
    }
    return { ChallengeParameters: {}, AuthenticationResult: await this.issueTokens(client, user, this.svc.clock.now(), true) };
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
    for (const u of updates) user.attributes[u.Name] = u.Value ?? '';
    user.passwordHash = await this.svc.passwords.hash(password);
    user.status = 'CONFIRMED';
    user.temporaryPasswordExpiresAt = null;
    user.lastModifiedAt = this.svc.clock.now();
    await this.svc.store.updateUser(user);
    return this.afterPassword(pool, client, user);
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
    const tokens = await this.svc.tokens.issue({ client, user, originJti, authTime });
    return withRefresh
      ? { AccessToken: tokens.AccessToken, ExpiresIn: tokens.ExpiresIn, TokenType: tokens.TokenType, RefreshToken: refreshToken, IdToken: tokens.IdToken }
      : { ...tokens };
  }
}
