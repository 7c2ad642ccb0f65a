import { createHash } from 'node:crypto';
import type { Services } from '../../services.js';
import type { AuthorizationCodeRecord, ClientRecord, DomainRecord, UserRecord } from '../../store/store.js';
import { opaque } from '../signin/sessions.js';
import { OAuthError } from './errors.js';

/*
 * The rules of GET /oauth2/authorize (the reference's section 3.2) and of the codes it ends with.
 *
 * - Before the app can be told anything by redirect, client_id and redirect_uri must be right: an unknown
 *   client, one of another pool, or a redirect_uri not exactly one of the client's CallbackURLs gets an
 *   error page (Cognito shows /error?error=redirect_mismatch), never a redirect: no open redirector.
 * - After that, errors go back to the app as `?error=` with the state: invalid_request (response_type
 *   missing or not code/token, a PKCE method other than S256, a challenge without its method or the other
 *   way round), unauthorized_client (the client is not enabled for OAuth, or not for this flow).
 * - Scopes the client may not use are ignored; none asked means all the client's; email, phone and
 *   profile need openid. Nothing left is invalid_scope (our reading: there is nothing to grant).
 * - Codes are 43 random characters, stored by SHA-256, single-use, valid five minutes, bound to the
 *   client, the redirect_uri and the PKCE challenge.
 */

/** A checked authorization request, as kept in the browser's session while the user signs in. */
export interface AuthorizeRequest {
  clientId: string;
  redirectUri: string;
  responseType: 'code' | 'token';
  state: string | null;
  scope: string[];
  nonce: string | null;
  codeChallenge: string | null;
}

/** How long a code may wait for the token endpoint (Cognito: five minutes). */
export const CODE_SECONDS = 300;

/** The reserved scopes (the reference's section 3.9). */
const USER_SCOPES = new Set(['email', 'phone', 'profile']);

/** Thrown where the app must not be redirected to: the pages show it. */
export class AuthorizeRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuthorizeRefused';
  }
}

/** The client of a domain's request, or null when there is none in the domain's pool. */
export async function clientOfDomain(svc: Services, domain: DomainRecord, clientId: string | null): Promise<ClientRecord | null> {
  if (!clientId) return null;
  const client = await svc.store.getClient(clientId);
  return client && client.poolId === domain.poolId ? client : null;
}

/** Whether a redirect_uri is exactly one of the client's CallbackURLs. */
export function registeredCallback(client: ClientRecord, uri: string | null): boolean {
  return uri !== null && (client.settings.CallbackURLs ?? []).includes(uri);
}

/** The scopes granted: those asked that the client may use (all of them when none are asked). */
export function grantedScopes(client: ClientRecord, asked: string | null): string[] {
  const allowed = client.settings.AllowedOAuthScopes ?? [];
  const wanted = asked === null || asked.trim() === '' ? allowed : asked.split(' ').filter((s) => s !== '');
  const granted = [...new Set(wanted.filter((s) => allowed.includes(s)))];
  return granted.includes('openid') ? granted : granted.filter((s) => !USER_SCOPES.has(s));
}

/**
 * Checks an authorization request. Throws AuthorizeRefused (error page) for the client or redirect_uri,
 * OAuthError (redirect to the app) for the rest.
 */
export async function checkAuthorize(svc: Services, domain: DomainRecord, q: URLSearchParams): Promise<{ client: ClientRecord; request: AuthorizeRequest }> {
  const client = await clientOfDomain(svc, domain, q.get('client_id'));
  if (!client) throw new AuthorizeRefused('The app client does not exist in this user pool.');
  const redirectUri = q.get('redirect_uri');
  if (!registeredCallback(client, redirectUri))
    throw new AuthorizeRefused('redirect_mismatch: the redirect_uri is not one of the app client\u2019s callback URLs.');
  const responseType = q.get('response_type');
  if (responseType !== 'code' && responseType !== 'token') throw new OAuthError('invalid_request', 'response_type must be code or token');
  if (client.settings.AllowedOAuthFlowsUserPoolClient !== true) throw new OAuthError('unauthorized_client', 'The client is not enabled for OAuth flows');
  const flows = client.settings.AllowedOAuthFlows ?? [];
  if (!flows.includes(responseType === 'code' ? 'code' : 'implicit'))
    throw new OAuthError('unauthorized_client', `The client may not use response_type ${responseType}`);
  const method = q.get('code_challenge_method');
  const challenge = q.get('code_challenge');
  if (method !== null && method !== 'S256') throw new OAuthError('invalid_request', 'code_challenge_method must be S256');
  if ((method === null) !== (challenge === null)) throw new OAuthError('invalid_request', 'code_challenge and code_challenge_method go together');
  if (challenge !== null && !/^[A-Za-z0-9_-]{43}$/.test(challenge)) throw new OAuthError('invalid_request', 'code_challenge is not a base64url SHA-256');
  const scope = grantedScopes(client, q.get('scope'));
  if (scope.length === 0) throw new OAuthError('invalid_scope', 'None of the requested scopes may be granted to this client');
  return {
    client,
    request: {
      clientId: client.id,
      redirectUri: redirectUri!,
      responseType,
      state: q.get('state'),
      scope,
      nonce: q.get('nonce'),
      codeChallenge: challenge,
    },
  };
}

/** The stored form of a code. */
export function hashCode(code: string): string {
  return createHash('sha256').update(code).digest('base64url');
}

/** Issues the code that ends a sign-in, and returns it. */
export async function issueCode(svc: Services, request: AuthorizeRequest, poolId: string, user: UserRecord, authTime: Date): Promise<string> {
  const code = opaque(svc, 32);
  const record: AuthorizationCodeRecord = {
    codeHash: hashCode(code),
    poolId,
    clientId: request.clientId,
    sub: user.sub,
    username: user.username,
    redirectUri: request.redirectUri,
    scope: request.scope,
    nonce: request.nonce,
    codeChallenge: request.codeChallenge,
    authTime,
    expiresAt: new Date(svc.clock.now().getTime() + CODE_SECONDS * 1000),
  };
  await svc.store.putAuthorizationCode(record);
  return code;
}

/** Where the browser goes back to the app: the code (or the error) in the query, the state untouched. */
export function redirectWith(redirectUri: string, params: Record<string, string | null>, fragment = false): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== null) p.set(k, v);
  if (fragment) return `${redirectUri}#${p.toString()}`;
  return `${redirectUri}${redirectUri.includes('?') ? '&' : '?'}${p.toString()}`;
}
