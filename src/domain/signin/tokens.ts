import { createHash } from 'node:crypto';
import { NotAuthorizedException, UserNotFoundException } from '../../errors.js';
import type { AuthenticationResultType, ChallengeNameType } from '../../model/generated.js';
import type { Services } from '../../services.js';
import type { ClientRecord, UserRecord } from '../../store/store.js';
import { refreshTokenSeconds } from '../../tokens/tokens.js';
import { postAuthentication } from '../auth-triggers.js';
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
}

/** Refresh tokens are stored as this hash only, so a copy of the database cannot sign anyone in. */
export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/**
 * Records a new sign-in (its refresh token and origin_jti) and mints its tokens, after the
 * PostAuthentication and PreTokenGeneration triggers (a failing one records nothing).
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
  await postAuthentication(svc, pool, client, user);
  const custom = await preTokenGeneration(svc, pool, client, user, { source, clientMetadata: svc.caller?.challengeMetadata });
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
  });
  // AdminDisableUser disables first and revokes second; reading the user after recording this sign-in
  // means either this read sees the disable, or the revocation comes after the record and covers it.
  const now = await svc.store.getUserBySub(user.poolId, user.sub);
  if (!now?.enabled) {
    await svc.store.revokeTokenOrigin(originJti, svc.clock.now());
    throw now ? new NotAuthorizedException('User is disabled.') : new UserNotFoundException('User does not exist.');
  }
  const tokens = await svc.tokens.issue({ client, user, originJti, authTime, ...custom });
  return withRefresh
    ? { AccessToken: tokens.AccessToken, ExpiresIn: tokens.ExpiresIn, TokenType: tokens.TokenType, RefreshToken: refreshToken, IdToken: tokens.IdToken }
    : { ...tokens };
}

/** Ends a sign-in with tokens, refresh token included. */
export async function tokensNow(svc: Services, client: ClientRecord, user: UserRecord, source?: TokenGenerationSource): Promise<AuthResponse> {
  return { ChallengeParameters: {}, AuthenticationResult: await issueTokens(svc, client, user, svc.clock.now(), true, source) };
}
