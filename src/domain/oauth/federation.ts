import { createHash } from 'node:crypto';
import { CognitoError } from '../../errors.js';
import { FederationFailure, type OidcClient, type OidcProviderDetails } from '../../federation/oidc-client.js';
import type { Services } from '../../services.js';
import type { ClientRecord, DomainRecord, IdentityProviderRecord, PoolRecord, UserRecord } from '../../store/store.js';
import { federatedUsername, identityEntry, isSecureOrLoopbackUrl } from '../identity-providers.js';
import { COGNITO_PROVIDER } from '../oauth-client.js';
import { opaque } from '../signin/sessions.js';
import { preSignUp } from '../sign-up-triggers.js';
import { changeUser, noMfa, requirePool, usernameKey } from '../users.js';
import { type AuthorizeRequest, AuthorizeRefused } from './authorize.js';
import { OAuthError } from './errors.js';

/*
 * Federated sign-in through an OpenID Connect provider (the reference's sections 3.2, 3.7 and 3.12):
 * /oauth2/authorize with identity_provider (or idp_identifier) sends the browser to the provider, and
 * /oauth2/idpresponse takes its answer, finds or creates the pool's user for that external identity and
 * ends as a native sign-in does, with a code (or tokens) for the app.
 *
 * - The state sent to the provider is 32 random bytes; the store keeps, under its SHA-256, the authorization
 *   request, the nonce, the provider and the SHA-256 of the browser's session cookie, for ten minutes (ours).
 *   The provider's answer takes that record once (of two answers with one state, one gets it) and must come
 *   from the same browser: a state is single-use, unforgeable, and worthless in another browser (login CSRF).
 * - Before the state is known to be good nothing may redirect to the app, so those refusals are error
 *   pages; after it, every failure goes back to the app as `?error=invalid_request&error_description=...`
 *   with its state, as Cognito does for IdP problems and trigger errors (the reference, 3.2; a throwing
 *   PreSignUp arrives as "PreSignUp failed with error ...", as reported in aws-amplify/amplify-js#4319). An
 *   error the provider itself answered (e.g. access_denied) is passed on with its own code (inferred).
 * - The user is `<ProviderName>_<sub>` (the claim AttributeMapping maps to `username`), status
 *   EXTERNAL_PROVIDER, with the mapped attributes and one `identities` entry (primary). PreSignUp runs first
 *   with triggerSource PreSignUp_ExternalProvider; its autoVerifyEmail / autoVerifyPhone are honoured. No
 *   PostConfirmation: the reference lists no external-provider source for it. Later sign-ins rewrite the
 *   mapped attributes that changed; a claim that is missing leaves its attribute alone (the reference, 3.12).
 * - An identity AdminLinkProviderForUser linked to a native user signs in as that user; its attributes are
 *   left as they are (ours: the reference does not say mapped attributes flow into linked users).
 * - Only OIDC providers sign in. SAML answers an error page, and so do the social types (Google, Facebook,
 *   Login with Amazon, Sign in with Apple): their endpoints are on the internet, which cognate does not
 *   reach, and Facebook and Amazon are not OpenID providers at all (ours).
 */

/** How long the provider has to send the browser back (ours). */
export const FEDERATION_SECONDS = 600;

/** Cognito's words for a provider the client may not use (reported in aws-amplify/aws-sdk-android#1808). */
const NOT_AVAILABLE = 'Login option is not available. Please try another one.';

/** A federated sign-in waiting for the provider's answer, as the store keeps it. */
export interface PendingFederation {
  request: AuthorizeRequest;
  provider: string;
  nonce: string;
  /** This domain's /oauth2/idpresponse as the browser reached it: the token request must repeat it. */
  redirectUri: string;
  /** The SHA-256 of the browser's session cookie. */
  browser: string;
}

/** The store key of a state: hashed with a prefix, so that no cookie value can name a state's record. */
function stateKey(state: string): string {
  return createHash('sha256').update(`idp-state:${state}`).digest('base64url');
}

/**
 * The provider an authorization request names with identity_provider or idp_identifier: null when it names
 * none or COGNITO (the sign-in page), else the provider, which the client must support (AuthorizeRefused otherwise).
 */
export async function requestedProvider(svc: Services, client: ClientRecord, q: URLSearchParams): Promise<IdentityProviderRecord | null> {
  const name = q.get('identity_provider');
  const identifier = q.get('idp_identifier');
  if (name === null && identifier === null) return null;
  if (name === COGNITO_PROVIDER) return null;
  const provider =
    name !== null ? await svc.store.getIdentityProvider(client.poolId, name) : await svc.store.getIdentityProviderByIdentifier(client.poolId, identifier!);
  if (!provider || !(client.settings.SupportedIdentityProviders ?? []).includes(provider.name)) throw new AuthorizeRefused(NOT_AVAILABLE);
  return provider;
}

/** The OIDC providers a client supports, in its order (the sign-in page's "Continue with" links). */
export async function oidcProvidersOf(svc: Services, client: ClientRecord): Promise<string[]> {
  const out: string[] = [];
  for (const name of client.settings.SupportedIdentityProviders ?? []) {
    if (name === COGNITO_PROVIDER) continue;
    const p = await svc.store.getIdentityProvider(client.poolId, name);
    if (p?.type === 'OIDC') out.push(p.name);
  }
  return out;
}

/** The query of /oauth2/authorize that asks again for this request (the sign-in page's provider links). */
export function authorizeQuery(request: AuthorizeRequest, more: Record<string, string> = {}): string {
  const q = new URLSearchParams({ response_type: request.responseType, client_id: request.clientId, redirect_uri: request.redirectUri });
  q.set('scope', request.scope.join(' '));
  if (request.state !== null) q.set('state', request.state);
  if (request.nonce !== null) q.set('nonce', request.nonce);
  if (request.codeChallenge !== null) {
    q.set('code_challenge', request.codeChallenge);
    q.set('code_challenge_method', 'S256');
  }
  for (const [k, v] of Object.entries(more)) q.set(k, v);
  return q.toString();
}

/** The relying party's view of an OIDC provider's ProviderDetails; AuthorizeRefused for the types that cannot sign in here. */
export function oidcDetails(provider: IdentityProviderRecord): OidcProviderDetails {
  if (provider.type === 'SAML') throw new AuthorizeRefused('SAML sign-in is not supported by cognate.');
  if (provider.type !== 'OIDC') throw new AuthorizeRefused(`Sign-in through ${provider.type} is not supported by cognate: use an OIDC provider.`);
  const d = provider.details;
  return {
    name: provider.name,
    clientId: d.client_id!,
    clientSecret: d.client_secret ?? null,
    issuer: d.oidc_issuer!,
    userinfoMethod: d.attributes_request_method === 'POST' ? 'POST' : 'GET',
    manual: d.authorize_url ? { authorize: d.authorize_url, token: d.token_url!, userinfo: d.attributes_url!, jwks: d.jwks_uri! } : null,
  };
}

/** The provider's endpoints; a discovered endpoint must be one cognate would call (https, or http on loopback). */
async function endpointsOf(rp: OidcClient, details: OidcProviderDetails) {
  const e = await rp.endpoints(details);
  for (const url of [e.authorizationEndpoint, e.tokenEndpoint, e.jwksUri, e.userinfoEndpoint]) {
    if (url !== null && !isSecureOrLoopbackUrl(url)) throw new FederationFailure(`${details.name} names an endpoint that is not https: ${url}`);
  }
  return e;
}

/**
 * Starts a federated sign-in: the pending request stored under a new state, and the provider's authorization
 * URL to send the browser to. OAuthError (to the app) when the provider's endpoints cannot be had.
 */
export async function startFederation(
  svc: Services,
  rp: OidcClient,
  provider: IdentityProviderRecord,
  request: AuthorizeRequest,
  a: { browser: string; redirectUri: string },
): Promise<string> {
  const details = oidcDetails(provider);
  let endpoints;
  try {
    endpoints = await endpointsOf(rp, details);
  } catch (e) {
    if (e instanceof FederationFailure) throw new OAuthError('invalid_request', e.message);
    throw e;
  }
  const state = opaque(svc, 32);
  const nonce = opaque(svc, 32);
  const pending: PendingFederation = { request, provider: provider.name, nonce, redirectUri: a.redirectUri, browser: a.browser };
  await svc.store.putHostedSession({
    idHash: stateKey(state),
    poolId: provider.poolId,
    data: { federation: pending } as unknown as Record<string, unknown>,
    expiresAt: new Date(svc.clock.now().getTime() + FEDERATION_SECONDS * 1000),
  });
  return rp.authorizationUrl(endpoints, details, { redirectUri: a.redirectUri, scope: provider.details.authorize_scopes ?? 'openid', state, nonce });
}

/**
 * The pending sign-in a provider's answer names by its state, taken (it cannot be used again). AuthorizeRefused
 * (an error page: the app is not known yet) for a missing, unknown, used, expired or other browser's state.
 */
export async function takeFederation(svc: Services, domain: DomainRecord, state: string | null, browser: string | null): Promise<PendingFederation> {
  const expired = 'Your sign-in session has expired or was already used. Go back to the app and sign in again.';
  if (!state) throw new AuthorizeRefused('The identity provider\u2019s answer has no state.');
  const record = await svc.store.takeHostedSession(stateKey(state));
  const pending = record?.data.federation as PendingFederation | undefined;
  if (!record || !pending || record.poolId !== domain.poolId || record.expiresAt.getTime() <= svc.clock.now().getTime()) throw new AuthorizeRefused(expired);
  if (browser === null || pending.browser !== browser)
    throw new AuthorizeRefused('This sign-in was started in another browser. Go back to the app and sign in again.');
  return pending;
}

/** The string form of a claim: strings as given, numbers and booleans as text, anything else as JSON (ours). */
function claimText(v: unknown): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

/** The pool attributes AttributeMapping gives for these claims (`username` aside); missing claims give nothing. */
export function mappedAttributes(mapping: Record<string, string>, claims: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [attribute, claim] of Object.entries(mapping)) {
    if (attribute === 'username') continue;
    const v = claimText(claims[claim]);
    if (v !== null) out[attribute] = v;
  }
  return out;
}

/**
 * Completes a federated sign-in from the provider's answer: code exchanged, ID token verified, userinfo read,
 * the user found (or created). Throws OAuthError (to the app) for every failure.
 */
export async function completeFederation(
  svc: Services,
  rp: OidcClient,
  client: ClientRecord,
  pending: PendingFederation,
  q: URLSearchParams,
): Promise<UserRecord> {
  const providerError = q.get('error');
  if (providerError !== null)
    throw new OAuthError(/^[a-z_]{1,64}$/.test(providerError) ? providerError : 'invalid_request', q.get('error_description') ?? undefined);
  const code = q.get('code');
  if (!code) throw new OAuthError('invalid_request', 'The identity provider answered without a code');
  const provider = await svc.store.getIdentityProvider(client.poolId, pending.provider);
  if (!provider || !(client.settings.SupportedIdentityProviders ?? []).includes(provider.name)) throw new OAuthError('invalid_request', NOT_AVAILABLE);
  let claims: Record<string, unknown>;
  try {
    const details = oidcDetails(provider);
    const endpoints = await endpointsOf(rp, details);
    // RFC 9207: a provider that names itself in its answer must name the one the browser was sent to (mix-up attacks).
    const iss = q.get('iss');
    if (iss !== null && iss !== endpoints.issuer) throw new FederationFailure(`The answer came from another issuer than ${provider.name}`);
    const tokens = await rp.exchangeCode(endpoints, details, code, pending.redirectUri);
    claims = { ...(await rp.verifyIdToken(endpoints, details, tokens.idToken, pending.nonce)) };
    if (tokens.accessToken && endpoints.userinfoEndpoint) {
      const info = await rp.userInfo(endpoints, details, tokens.accessToken);
      // OpenID Connect Core 5.3.2: userinfo of another subject must not be used.
      if (info.sub !== claims.sub) throw new FederationFailure(`${provider.name} answered user info of another subject`);
      claims = { ...info, ...claims };
    }
  } catch (e) {
    if (e instanceof FederationFailure) throw new OAuthError('invalid_request', e.message);
    if (e instanceof AuthorizeRefused) throw new OAuthError('invalid_request', e.message);
    throw e;
  }
  const pool = await requirePool(svc.store, client.poolId);
  const userId = claimText(claims[provider.attributeMapping.username ?? 'sub']);
  if (!userId) throw new OAuthError('invalid_request', `${provider.name} did not assert the user's ${provider.attributeMapping.username ?? 'sub'}`);
  const user = await federatedUser(svc, pool, client, provider, userId, mappedAttributes(provider.attributeMapping, claims));
  if (!user.enabled) throw new OAuthError('invalid_request', 'User is disabled.');
  return user;
}

/** The user of an external identity: a linked native user, the federated user (its mapped attributes refreshed), or a new one. */
async function federatedUser(
  svc: Services,
  pool: PoolRecord,
  client: ClientRecord,
  provider: IdentityProviderRecord,
  userId: string,
  mapped: Record<string, string>,
): Promise<UserRecord> {
  const found = await svc.store.findUserByProviderIdentity(pool.id, provider.name, userId);
  if (found && found.status !== 'EXTERNAL_PROVIDER') return found;
  const now = svc.clock.now();
  if (found) {
    return changeUser(svc.store, found, (current) => {
      const changed = Object.entries(mapped).filter(([k, v]) => current.attributes[k] !== v);
      if (changed.length === 0) return null;
      return { ...current, attributes: { ...current.attributes, ...Object.fromEntries(changed) }, lastModifiedAt: now };
    });
  }
  const username = federatedUsername(provider.name, userId);
  let answer;
  try {
    answer = await preSignUp(svc, pool, { source: 'ExternalProvider', userName: username, clientId: client.id, attributes: { ...mapped } });
  } catch (e) {
    if (e instanceof CognitoError && e.fault === 'client') throw new OAuthError('invalid_request', e.message);
    throw e;
  }
  const attributes: Record<string, string> = { sub: svc.random.uuid(), ...mapped };
  if (answer.autoVerifyEmail && attributes.email) attributes.email_verified = 'true';
  if (answer.autoVerifyPhone && attributes.phone_number) attributes.phone_number_verified = 'true';
  attributes.identities = JSON.stringify([identityEntry(provider, userId, true, now)]);
  const key = usernameKey(pool, username);
  const user: UserRecord = {
    poolId: pool.id,
    username,
    ...(key !== username ? { usernameKey: key } : {}),
    sub: attributes.sub!,
    status: 'EXTERNAL_PROVIDER',
    enabled: true,
    passwordHash: null,
    temporaryPasswordExpiresAt: null,
    attributes,
    mfa: noMfa(),
    createdAt: now,
    lastModifiedAt: now,
  };
  if (await svc.store.createUser(user)) return user;
  // Refused: the same identity's first sign-in in another browser won the race, or the name is a native user's.
  const winner = await svc.store.findUserByProviderIdentity(pool.id, provider.name, userId);
  if (winner) return winner;
  throw new OAuthError('invalid_request', `A user named ${username} already exists in the user pool.`);
}
