import { InvalidParameterException, NotAuthorizedException, RefreshTokenReuseException } from '../../errors.js';
import type { AuthenticationResultType } from '../../model/generated.js';
import type { Services } from '../../services.js';
import type { ClientRecord, PoolRecord, RefreshTokenRecord, TokenOriginRecord } from '../../store/store.js';
import { checkSecretHash } from '../clients.js';
import { refreshDeviceAllowed } from '../devices.js';
import { preTokenGeneration } from '../token-triggers.js';
import { flowsOf } from './flows.js';
import { opaque } from './sessions.js';
import { type AuthResponse, hashRefreshToken } from './tokens.js';

/*
 * Refreshing tokens: who may, and refresh-token rotation (GetTokensFromRefreshToken).
 *
 * Whether a client may refresh (the developer guide's refresh-token page and the API reference of
 * ExplicitAuthFlows): a client whose ExplicitAuthFlows name ALLOW_ values must list
 * ALLOW_REFRESH_TOKEN_AUTH; a client created without ExplicitAuthFlows has Cognito's default set, which
 * includes it; a client on the legacy names (ADMIN_NO_SRP_AUTH, CUSTOM_AUTH_FLOW_ONLY, USER_PASSWORD_AUTH)
 * predates the switch and refreshes as it always did. A client that rotates refresh tokens cannot use
 * REFRESH_TOKEN_AUTH at all ("You can't authenticate with REFRESH_TOKEN_AUTH in app clients with refresh
 * token rotation enabled"), and may use GetTokensFromRefreshToken without ALLOW_REFRESH_TOKEN_AUTH
 * (clients set up with rotation are seen configured without it). Both refusals are
 * InvalidParameterException "REFRESH_TOKEN_AUTH flow not enabled for this client", the text reported for
 * the flow switch; that a rotating client gets the same text is our choice.
 */

/** The refusal of a refresh the client does not allow. */
export const REFRESH_NOT_ENABLED = 'REFRESH_TOKEN_AUTH flow not enabled for this client';

/** The scopes a refresh gives again: those of a sign-in through the OAuth 2.0 endpoints; none given means the API's. */
export function scopeOf(origin: TokenOriginRecord): { scope?: string[] } {
  return origin.scope ? { scope: origin.scope.split(' ') } : {};
}

/** The device a refresh names again in `device_key`: the sign-in's. */
function deviceOf(origin: TokenOriginRecord): { deviceKey?: string } {
  return origin.deviceKey ? { deviceKey: origin.deviceKey } : {};
}

/** The sign-in's scopes as the PreTokenGeneration event names them (absent: the API's admin scope). */
function scopesOf(origin: TokenOriginRecord): { scopes?: string[] } {
  return origin.scope ? { scopes: origin.scope.split(' ') } : {};
}

/** Whether the client rotates refresh tokens. */
export function rotates(client: ClientRecord): boolean {
  return client.settings.RefreshTokenRotation?.Feature === 'ENABLED';
}

/** Whether the client may refresh tokens by the given route (see above). */
export function refreshAllowed(client: ClientRecord, via: 'REFRESH_TOKEN_AUTH' | 'GetTokensFromRefreshToken'): boolean {
  if (rotates(client)) return via === 'GetTokensFromRefreshToken';
  const flows = flowsOf(client);
  return flows.includes('ALLOW_REFRESH_TOKEN_AUTH') || !flows.some((f) => f.startsWith('ALLOW_'));
}

/** Whether a refresh token that rotation replaced is still within its grace period at `now`. */
export function stillUsable(token: RefreshTokenRecord, now: Date): boolean {
  return token.replacedUntil === null || token.replacedUntil.getTime() > now.getTime();
}

/** What the API reference calls a token "invalidated by refresh-token rotation"; the text is ours. */
const REUSED = 'This refresh token has been invalidated by refresh token rotation.';

/**
 * GetTokensFromRefreshToken after the client checks: new ID and access tokens for a live refresh token of
 * this client, in the same sign-in (origin_jti and auth_time stay, so RevokeToken and GlobalSignOut still
 * reach every token of it). With rotation, a new refresh token too: the one sent stays usable for
 * RetryGracePeriodSeconds (0, the default, ends it at once; a retry within the grace gets tokens and a
 * refresh token of its own, and does not extend the grace), after which it is RefreshTokenReuseException.
 * The replacement lives as long as the sign-in's first refresh token would have (our choice: rotation
 * does not lengthen a session). The rotation is one atomic store step, so of concurrent refreshes with one
 * token past its grace exactly one succeeds.
 *
 * The PreTokenGeneration trigger runs before the rotation (TokenGeneration_RefreshTokens, with this call's
 * ClientMetadata), so a function that fails rotates nothing.
 *
 * With device tracking, a sign-in made on a device refreshes only with that DeviceKey while the device is
 * still the user's (domain/devices.ts), and its tokens keep the `device_key` claim.
 *
 * Messages: an unknown token, another client's, or a deleted user's is NotAuthorizedException
 * "Invalid Refresh Token." (the real service's text for this operation, as reported); revoked and expired
 * tokens, and disabled users, get REFRESH_TOKEN_AUTH's texts.
 */
export async function refreshWithRotation(
  svc: Services,
  pool: PoolRecord,
  client: ClientRecord,
  token: string,
  clientMetadata?: Record<string, string>,
  deviceKey?: string,
): Promise<AuthenticationResultType> {
  const hash = hashRefreshToken(token);
  const found = await svc.store.findRefreshToken(hash);
  if (!found || found.origin.clientId !== client.id || found.origin.poolId !== pool.id) throw new NotAuthorizedException('Invalid Refresh Token.');
  const origin = found.origin;
  const user = await svc.store.getUserBySub(pool.id, origin.sub);
  if (!user) throw new NotAuthorizedException('Invalid Refresh Token.');
  if (!(await refreshDeviceAllowed(svc.store, origin, deviceKey))) throw new NotAuthorizedException('Invalid Refresh Token.');
  const now = svc.clock.now();
  if (origin.revokedAt) throw new NotAuthorizedException('Refresh Token has been revoked');
  if (origin.expiresAt.getTime() <= now.getTime()) throw new NotAuthorizedException('Refresh Token has expired');
  if (!user.enabled) throw new NotAuthorizedException('User is disabled.');
  if (!stillUsable(found, now)) throw new RefreshTokenReuseException(REUSED);
  // Before the rotation, so that a failing function leaves the sent token as it was.
  const custom = await preTokenGeneration(svc, pool, client, user, { source: 'TokenGeneration_RefreshTokens', clientMetadata, ...scopesOf(origin) });
  let refreshToken: string | undefined;
  if (rotates(client)) {
    const grace = client.settings.RefreshTokenRotation?.RetryGracePeriodSeconds ?? 0;
    // No grace is a moment already past, so that no clock skew between instances can open one.
    const until = grace > 0 ? new Date(now.getTime() + grace * 1000) : new Date(0);
    const next = opaque(svc, 96);
    if (!(await svc.store.rotateRefreshToken(origin.originJti, hash, hashRefreshToken(next), now, until))) throw new RefreshTokenReuseException(REUSED);
    refreshToken = next;
  }
  const tokens = await svc.tokens.issue({
    client,
    user,
    originJti: origin.originJti,
    authTime: origin.authTime,
    ...scopeOf(origin),
    ...deviceOf(origin),
    ...custom,
  });
  return refreshToken === undefined
    ? { ...tokens }
    : { AccessToken: tokens.AccessToken, ExpiresIn: tokens.ExpiresIn, TokenType: tokens.TokenType, RefreshToken: refreshToken, IdToken: tokens.IdToken };
}

/**
 * REFRESH_TOKEN_AUTH: new access and id tokens for a live, unrevoked refresh token of this client (the
 * client's right to refresh is checked by the caller). A token that rotation replaced is refused
 * once its grace is over, as GetTokensFromRefreshToken refuses it, with this flow's "Invalid Refresh Token",
 * and so is a refresh of a sign-in made on a device without that device's DEVICE_KEY.
 */
export async function refreshFlow(svc: Services, pool: PoolRecord, client: ClientRecord, params: Record<string, string>): Promise<AuthResponse> {
  const token = params.REFRESH_TOKEN;
  if (token === undefined) throw new InvalidParameterException('Missing required parameter REFRESH_TOKEN');
  const found = await svc.store.findRefreshToken(hashRefreshToken(token));
  if (!found || found.origin.clientId !== client.id) throw new NotAuthorizedException('Invalid Refresh Token');
  const origin = found.origin;
  const user = await svc.store.getUserBySub(pool.id, origin.sub);
  if (!user) throw new NotAuthorizedException('Invalid Refresh Token');
  if (!(await refreshDeviceAllowed(svc.store, origin, params.DEVICE_KEY))) throw new NotAuthorizedException('Invalid Refresh Token');
  checkSecretHash(client, params.SECRET_HASH, [params.USERNAME ?? user.username, user.username, user.sub]);
  if (origin.revokedAt) throw new NotAuthorizedException('Refresh Token has been revoked');
  if (origin.expiresAt.getTime() <= svc.clock.now().getTime()) throw new NotAuthorizedException('Refresh Token has expired');
  if (!stillUsable(found, svc.clock.now())) throw new NotAuthorizedException('Invalid Refresh Token');
  if (!user.enabled) throw new NotAuthorizedException('User is disabled.');
  // InitiateAuth's ClientMetadata does not reach this trigger (API reference), so its clientMetadata is empty.
  const custom = await preTokenGeneration(svc, pool, client, user, { source: 'TokenGeneration_RefreshTokens', ...scopesOf(origin) });
  const tokens = await svc.tokens.issue({
    client,
    user,
    originJti: origin.originJti,
    authTime: origin.authTime,
    ...scopeOf(origin),
    ...deviceOf(origin),
    ...custom,
  });
  return { ChallengeParameters: {}, AuthenticationResult: { ...tokens } };
}

/** Refuses a refresh the client does not allow (see above). */
export function assertRefreshAllowed(client: ClientRecord, via: 'REFRESH_TOKEN_AUTH' | 'GetTokensFromRefreshToken'): void {
  if (!refreshAllowed(client, via)) throw new InvalidParameterException(REFRESH_NOT_ENABLED);
}
