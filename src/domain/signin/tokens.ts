import { createHash } from 'node:crypto';
import { NotAuthorizedException, UserNotFoundException } from '../../errors.js';
import type { AuthenticationResultType, ChallengeNameType } from '../../model/generated.js';
import type { Services } from '../../services.js';
import type { ClientRecord, UserRecord } from '../../store/store.js';
import { refreshTokenSeconds } from '../../tokens/tokens.js';
import { postAuthentication } from '../auth-triggers.js';
import { newDeviceMetadata, type SignInDevice, signInDevice } from '../devices.js';
import { preTokenGeneration, type TokenGenerationSource } from '../token-triggers.js';
import { requirePool } from '../users.js';
import { opaque } from './sessions.js';

/* The end of a sign-in: its refresh token and origin recorded, its tokens minted. */

/** What InitiateAuth and RespondToAuthChallenge (and their Admin twins) answer. */
export interface AuthResponse {
  ChallengeName?: ChallengeNameType;
  Session?: string;
  ChallengeParameters?: Record<string, string>;
  AuthenticationResult?: AuthenticationResultType;
  /** The factors a choice-based sign-in (USER_AUTH) offers with SELECT_CHALLENGE. */
  AvailableChallenges?: ChallengeNameType[];
}

/** Refresh tokens are stored as this hash only, so a copy of the database cannot sign anyone in. */
export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/**
 * The end of a sign-in: PostAuthentication, then its tokens. When the caller is the hosted sign-in pages
 * (`caller.authenticated` set), no token is minted here: the pages end the sign-in with an authorization
 * code, and the token endpoint mints the tokens (mintTokens) with the scopes the app asked for. The answer
 * then carries an empty AuthenticationResult, which only those pages see.
 */
export async function issueTokens(
  svc: Services,
  client: ClientRecord,
  user: UserRecord,
  authTime: Date,
  withRefresh: boolean,
  source: TokenGenerationSource = 'TokenGeneration_Authentication',
): Promise<AuthenticationResultType> {
  const pool = await requirePool(svc.store, client.poolId);
  const hosted = svc.caller?.authenticated;
  // Before PostAuthentication, so that a sign-in refused for its device key runs no trigger.
  const device = hosted ? null : await signInDevice(svc, pool, user, svc.caller?.deviceKey);
  await postAuthentication(svc, pool, client, user);
  if (hosted) {
    hosted(user, authTime);
    return {};
  }
  return { ...(await mintTokens(svc, client, user, authTime, { withRefresh, source, device })), ...newDeviceMetadata(device) };
}

/**
 * Records a new sign-in (its refresh token, origin_jti and, from the OAuth 2.0 endpoints, its scopes) and
 * mints its tokens, after the PreTokenGeneration trigger (a failing one records nothing). Without a
 * `source`, the caller is the token endpoint of the hosted pages: TokenGeneration_HostedAuth.
 */
export async function mintTokens(
  svc: Services,
  client: ClientRecord,
  user: UserRecord,
  authTime: Date,
  opts: { withRefresh: boolean; scope?: string[]; nonce?: string; source?: TokenGenerationSource; device?: SignInDevice | null },
): Promise<AuthenticationResultType> {
  const pool = await requirePool(svc.store, client.poolId);
  const custom = await preTokenGeneration(svc, pool, client, user, {
    source: opts.source ?? 'TokenGeneration_HostedAuth',
    clientMetadata: svc.caller?.challengeMetadata,
    ...(opts.scope ? { scopes: opts.scope } : {}),
  });
  const originJti = svc.random.uuid();
  const refreshToken = opaque(svc, 96);
  await svc.store.createTokenOrigin({
    originJti,
    poolId: client.poolId,
    clientId: client.id,
    sub: user.sub,
    username: user.username,
    refreshTokenHash: hashRefreshToken(refreshToken),
    authTime,
    expiresAt: new Date(authTime.getTime() + refreshTokenSeconds(client) * 1000),
    revokedAt: null,
    ...(opts.scope ? { scope: opts.scope.join(' ') } : {}),
    ...(opts.device ? { deviceKey: opts.device.key, deviceGroupKey: opts.device.groupKey } : {}),
  });
  // AdminDisableUser disables first and revokes second; reading the user after recording this sign-in
  // means either this read sees the disable, or the revocation comes after the record and covers it.
  const now = await svc.store.getUserBySub(user.poolId, user.sub);
  if (!now?.enabled) {
    await svc.store.revokeTokenOrigin(originJti, svc.clock.now());
    throw now ? new NotAuthorizedException('User is disabled.') : new UserNotFoundException('User does not exist.');
  }
  const tokens = await svc.tokens.issue({
    client,
    user,
    originJti,
    authTime,
    ...(opts.scope ? { scope: opts.scope } : {}),
    ...(opts.nonce !== undefined ? { nonce: opts.nonce } : {}),
    ...(opts.device ? { deviceKey: opts.device.key } : {}),
    ...custom,
  });
  return opts.withRefresh
    ? { AccessToken: tokens.AccessToken, ExpiresIn: tokens.ExpiresIn, TokenType: tokens.TokenType, RefreshToken: refreshToken, IdToken: tokens.IdToken }
    : { ...tokens };
}

/** Ends a sign-in with tokens, refresh token included. */
export async function tokensNow(svc: Services, client: ClientRecord, user: UserRecord, source?: TokenGenerationSource): Promise<AuthResponse> {
  return { ChallengeParameters: {}, AuthenticationResult: await issueTokens(svc, client, user, svc.clock.now(), true, source) };
}
