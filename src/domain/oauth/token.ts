import { createHash } from 'node:crypto';
import type { Services } from '../../services.js';
import type { ClientRecord, DomainRecord } from '../../store/store.js';
import { clientSecretMatches, hasSecret } from '../clients.js';
import { CognitoError, NotAuthorizedException, RefreshTokenReuseException, UserNotFoundException } from '../../errors.js';
import { refreshAllowed, refreshWithRotation, scopeOf } from '../signin/refresh.js';
import { hashRefreshToken, mintTokens } from '../signin/tokens.js';
import { requirePool } from '../users.js';
import { hashCode } from './authorize.js';
import { OAuthError } from './errors.js';

/*
 * The rules of POST /oauth2/token and /oauth2/revoke (the reference's sections 3.4 and 3.6).
 *
 * Client authentication: HTTP Basic (client_secret_basic) or client_id and client_secret in the body
 * (client_secret_post); a public client sends only client_id. A failure is invalid_client, 400 at the token
 * endpoint (the developer guide's sample) and 401 at revocation. A code is spent by the first exchange
 * that presents it, right or wrong, so a code seen twice never gives tokens twice.
 */

/** What the token endpoint answers, members in Cognito's order. */
export interface TokenResponse {
  id_token?: string;
  access_token: string;
  refresh_token?: string;
  expires_in: number;
  token_type: 'Bearer';
}

/** The credentials a request presented. */
export interface ClientCredentials {
  clientId: string | null;
  secret: string | null;
  /** Whether they came in an Authorization: Basic header. */
  basic: boolean;
}

/** The authenticated client, in the domain's pool; `status` is the HTTP status of invalid_client here. */
export async function authenticateClient(svc: Services, domain: DomainRecord, creds: ClientCredentials, status = 400): Promise<ClientRecord> {
  const bad = (why: string) => new OAuthError('invalid_client', why, status);
  if (!creds.clientId) throw bad('client_id is missing');
  const client = await svc.store.getClient(creds.clientId);
  if (!client || client.poolId !== domain.poolId) throw bad('unknown client');
  if (hasSecret(client)) {
    if (creds.secret === null || !clientSecretMatches(client, creds.secret)) throw bad('client authentication failed');
  } else if (creds.secret !== null && creds.secret !== '') {
    throw bad('the client has no secret');
  }
  return client;
}

function required(form: URLSearchParams, name: string): string {
  const v = form.get(name);
  if (v === null || v === '') throw new OAuthError('invalid_request', `${name} is missing`);
  return v;
}

/** grant_type=authorization_code: the code spent, then checked against client, redirect_uri, expiry and PKCE. */
export async function exchangeCode(svc: Services, client: ClientRecord, form: URLSearchParams): Promise<TokenResponse> {
  if (!(client.settings.AllowedOAuthFlows ?? []).includes('code')) throw new OAuthError('unauthorized_client');
  const code = required(form, 'code');
  const record = await svc.store.consumeAuthorizationCode(hashCode(code));
  if (!record || record.clientId !== client.id) throw new OAuthError('invalid_grant');
  if (record.expiresAt.getTime() <= svc.clock.now().getTime()) throw new OAuthError('invalid_grant', 'code expired');
  if (form.get('redirect_uri') !== record.redirectUri) throw new OAuthError('invalid_grant', 'redirect_uri does not match');
  if (record.codeChallenge !== null) {
    const verifier = form.get('code_verifier');
    if (verifier === null || createHash('sha256').update(verifier).digest('base64url') !== record.codeChallenge) {
      throw new OAuthError('invalid_grant', 'code_verifier does not match');
    }
  }
  const user = await svc.store.getUserBySub(record.poolId, record.sub);
  if (!user?.enabled) throw new OAuthError('invalid_grant', 'the user cannot sign in');
  const tokens = await mintTokens(svc, client, user, record.authTime, {
    withRefresh: true,
    scope: record.scope,
    ...(record.nonce !== null ? { nonce: record.nonce } : {}),
  }).catch(asGrantError);
  return {
    ...(record.scope.includes('openid') ? { id_token: tokens.IdToken! } : {}),
    access_token: tokens.AccessToken!,
    refresh_token: tokens.RefreshToken!,
    expires_in: tokens.ExpiresIn!,
    token_type: 'Bearer',
  };
}

/**
 * grant_type=refresh_token: GetTokensFromRefreshToken's own rules (refreshWithRotation): new ID and access
 * tokens of the same sign-in and scopes after the PreTokenGeneration trigger (TokenGeneration_RefreshTokens),
 * and, when the client rotates refresh tokens, a new refresh token while the one sent lasts out its grace
 * period ("The token endpoint's refresh_token grant rotates too"). A client without the right to refresh
 * (no ALLOW_REFRESH_TOKEN_AUTH) is unauthorized_client; a refresh token that is unknown, another client's,
 * revoked, expired, past its grace, or whose user is disabled or gone is invalid_grant.
 */
export async function refreshTokens(svc: Services, client: ClientRecord, form: URLSearchParams): Promise<TokenResponse> {
  const token = required(form, 'refresh_token');
  if (!refreshAllowed(client, 'GetTokensFromRefreshToken')) throw new OAuthError('unauthorized_client');
  const found = await svc.store.findRefreshToken(hashRefreshToken(token));
  if (!found) throw new OAuthError('invalid_grant');
  const t = await refreshWithRotation(svc, await requirePool(svc.store, client.poolId), client, token).catch(asGrantError);
  const scoped = scopeOf(found.origin);
  const openid = !scoped.scope || scoped.scope.includes('openid');
  return {
    ...(openid ? { id_token: t.IdToken! } : {}),
    access_token: t.AccessToken!,
    ...(t.RefreshToken !== undefined ? { refresh_token: t.RefreshToken } : {}),
    expires_in: t.ExpiresIn!,
    token_type: 'Bearer',
  };
}

/**
 * A Cognito exception of a grant as the token endpoint's OAuth error: the refusals of a token or a user
 * (NotAuthorizedException, RefreshTokenReuseException, UserNotFoundException) are invalid_grant; any other
 * client fault (a Lambda trigger's failure) is invalid_request (our choice, the error the hosted UI
 * reports trigger failures with). Anything else is rethrown.
 */
export function asGrantError(e: unknown): never {
  if (e instanceof NotAuthorizedException || e instanceof RefreshTokenReuseException || e instanceof UserNotFoundException) {
    throw new OAuthError('invalid_grant', e.message);
  }
  if (e instanceof CognitoError && e.fault === 'client') throw new OAuthError('invalid_request', e.message);
  throw e;
}

/**
 * POST /oauth2/revoke: revokes the refresh token's sign-in; an unknown or already revoked token is success.
 * A client with EnableTokenRevocation off is invalid_request and nothing is revoked, as is a request
 * without a token (the developer guide's revocation page); a JWT (an access or ID token) is
 * unsupported_token_type.
 */
export async function revokeRefreshToken(svc: Services, client: ClientRecord, form: URLSearchParams): Promise<void> {
  if (client.settings.EnableTokenRevocation === false) throw new OAuthError('invalid_request', 'token revocation is disabled for the client');
  const token = required(form, 'token');
  if (/^eyJ[\w-]*\.[\w-]*\.[\w-]*$/.test(token)) throw new OAuthError('unsupported_token_type');
  const found = await svc.store.findRefreshToken(hashRefreshToken(token));
  if (!found) return;
  if (found.origin.clientId !== client.id) throw new OAuthError('invalid_request', 'the token belongs to another client');
  await svc.store.revokeTokenOrigin(found.origin.originJti, svc.clock.now());
}

/** The userInfo claims the access token's scopes allow (the reference's section 3.5). */
export function userInfoClaims(user: { sub: string; username: string; attributes: Record<string, string> }, scope: readonly string[]): Record<string, string> {
  const a = user.attributes;
  const out: Record<string, string> = { sub: user.sub };
  const profile = scope.includes('profile');
  for (const [k, v] of Object.entries(a)) {
    if (k === 'sub') continue;
    const email = k === 'email' || k === 'email_verified';
    const phone = k === 'phone_number' || k === 'phone_number_verified';
    if ((email && scope.includes('email')) || (phone && scope.includes('phone')) || (!email && !phone && profile)) out[k] = v;
  }
  out.username = user.username;
  return out;
}
