/**
 * cognate as the relying party of an external OpenID provider (the federated sign-in of the hosted pages):
 * the provider's endpoints (given in ProviderDetails, or read from `<oidc_issuer>/.well-known/openid-configuration`
 * and kept for an hour), the code exchanged at its token endpoint, the ID token verified with jose against its
 * JWKS (signature, issuer, audience, expiry, nonce), and its userinfo. Every call is held to a timeout, so a
 * provider that hangs cannot hold a browser's request for ever; every failure is a FederationFailure naming
 * the step, in the words Cognito uses where the reference gives them.
 */
import { createRemoteJWKSet, errors as joseErrors, type JWTPayload, jwtVerify } from 'jose';

/** Where a provider is reached. */
export interface OidcEndpoints {
  issuer: string;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  userinfoEndpoint: string | null;
  jwksUri: string;
  /** token_endpoint_auth_methods_supported, or null when the provider does not say (endpoints given by hand). */
  tokenAuthMethods: string[] | null;
}

/** What the relying party needs of a provider's ProviderDetails. */
export interface OidcProviderDetails {
  name: string;
  clientId: string;
  clientSecret: string | null;
  issuer: string;
  /** attributes_request_method: how userinfo is called. */
  userinfoMethod: 'GET' | 'POST';
  /** authorize_url, token_url, attributes_url and jwks_uri when given (they go together). */
  manual: { authorize: string; token: string; userinfo: string; jwks: string } | null;
}

/** A step of the federated sign-in failed; `message` is what the app is told (error_description). */
export class FederationFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FederationFailure';
  }
}

/** How long a discovery document is kept (ours: an hour; a failed fetch is not kept). */
const DISCOVERY_TTL_MS = 3600_000;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export class OidcClient {
  private readonly discovered = new Map<string, { at: number; endpoints: Promise<OidcEndpoints> }>();
  private readonly jwks = new Map<string, ReturnType<typeof createRemoteJWKSet>>();

  /** `now` is the clock ID tokens are checked against; `timeoutMs` holds every call to the provider. */
  constructor(
    private readonly now: () => Date,
    private readonly timeoutMs = 5000,
  ) {}

  /** The provider's endpoints: those given, else its discovery document (fetched once an hour). */
  endpoints(p: OidcProviderDetails): Promise<OidcEndpoints> {
    if (p.manual) {
      return Promise.resolve({
        issuer: p.issuer,
        authorizationEndpoint: p.manual.authorize,
        tokenEndpoint: p.manual.token,
        userinfoEndpoint: p.manual.userinfo,
        jwksUri: p.manual.jwks,
        tokenAuthMethods: null,
      });
    }
    const at = this.now().getTime();
    const kept = this.discovered.get(p.issuer);
    if (kept && at - kept.at < DISCOVERY_TTL_MS) return kept.endpoints;
    const endpoints = this.discover(p);
    this.discovered.set(p.issuer, { at, endpoints });
    endpoints.catch(() => {
      if (this.discovered.get(p.issuer)?.endpoints === endpoints) this.discovered.delete(p.issuer);
    });
    return endpoints;
  }

  private async discover(p: OidcProviderDetails): Promise<OidcEndpoints> {
    const url = `${p.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
    const res = await this.call(url, { headers: { accept: 'application/json' } }, 'Timeout in calling discovery endpoint');
    if (!res.ok) throw new FederationFailure(`${p.name} Error - ${res.status} error getting the discovery document`);
    const doc = await this.json(res, `${p.name} answered a discovery document that is not JSON`);
    const str = (k: string) => (typeof doc[k] === 'string' ? (doc[k] as string) : null);
    const issuer = str('issuer');
    // OpenID Connect Discovery 1.0 section 4.3: the document's issuer must be the one it was fetched for.
    if (issuer === null || issuer.replace(/\/$/, '') !== p.issuer.replace(/\/$/, '')) {
      throw new FederationFailure(`${p.name} discovery document names another issuer`);
    }
    const authorizationEndpoint = str('authorization_endpoint');
    const tokenEndpoint = str('token_endpoint');
    const jwksUri = str('jwks_uri');
    if (!authorizationEndpoint || !tokenEndpoint || !jwksUri) throw new FederationFailure(`${p.name} discovery document lacks an endpoint`);
    const methods = doc.token_endpoint_auth_methods_supported;
    return {
      issuer,
      authorizationEndpoint,
      tokenEndpoint,
      userinfoEndpoint: str('userinfo_endpoint'),
      jwksUri,
      tokenAuthMethods: Array.isArray(methods) ? methods.filter((m): m is string => typeof m === 'string') : ['client_secret_basic'],
    };
  }

  /** The provider's authorization URL for one sign-in. */
  authorizationUrl(e: OidcEndpoints, p: OidcProviderDetails, a: { redirectUri: string; scope: string; state: string; nonce: string }): string {
    const url = new URL(e.authorizationEndpoint);
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('client_id', p.clientId);
    url.searchParams.set('redirect_uri', a.redirectUri);
    url.searchParams.set('scope', a.scope);
    url.searchParams.set('state', a.state);
    url.searchParams.set('nonce', a.nonce);
    return url.href;
  }

  /**
   * The code exchanged for the provider's tokens. The client authenticates with client_secret_post when the
   * provider offers it or does not say (endpoints given by hand), else client_secret_basic (our reading of
   * the reference's silence: both are what OIDC providers accept); a client without a secret sends its id.
   */
  async exchangeCode(e: OidcEndpoints, p: OidcProviderDetails, code: string, redirectUri: string): Promise<{ idToken: string; accessToken: string | null }> {
    const body = new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirectUri });
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
    const methods = e.tokenAuthMethods;
    const basic = p.clientSecret !== null && methods !== null && !methods.includes('client_secret_post') && methods.includes('client_secret_basic');
    if (basic) {
      const enc = (s: string) => encodeURIComponent(s).replace(/%20/g, '+');
      headers.authorization = `Basic ${Buffer.from(`${enc(p.clientId)}:${enc(p.clientSecret!)}`).toString('base64')}`;
    } else {
      body.set('client_id', p.clientId);
      if (p.clientSecret !== null) body.set('client_secret', p.clientSecret);
    }
    const res = await this.call(e.tokenEndpoint, { method: 'POST', headers, body }, 'Timeout occurred in calling IdP token endpoint');
    if (!res.ok) throw new FederationFailure(`${p.name} Error - ${res.status} error getting token`);
    const doc = await this.json(res, `${p.name} answered a token response that is not JSON`);
    if (typeof doc.id_token !== 'string') throw new FederationFailure(`${p.name} answered no id_token`);
    return { idToken: doc.id_token, accessToken: typeof doc.access_token === 'string' ? doc.access_token : null };
  }

  /** The ID token's claims, once its signature (the provider's JWKS), issuer, audience, times and nonce are right. */
  async verifyIdToken(e: OidcEndpoints, p: OidcProviderDetails, idToken: string, nonce: string): Promise<JWTPayload> {
    let keys = this.jwks.get(e.jwksUri);
    if (!keys) {
      keys = createRemoteJWKSet(new URL(e.jwksUri), { timeoutDuration: this.timeoutMs, headers: { 'user-agent': 'Amazon/Cognito' } });
      this.jwks.set(e.jwksUri, keys);
    }
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(idToken, keys, { issuer: e.issuer, audience: p.clientId, currentDate: this.now(), clockTolerance: 60 }));
    } catch (err) {
      if (err instanceof joseErrors.JWKSTimeout) throw new FederationFailure('Timeout in calling jwks uri');
      if (err instanceof joseErrors.JOSEError) throw new FederationFailure(`Invalid id_token from ${p.name}: ${err.code}`);
      throw new FederationFailure(`Error in calling jwks uri of ${p.name}`);
    }
    if (payload.nonce !== nonce) throw new FederationFailure(`Invalid id_token from ${p.name}: the nonce does not match`);
    if (typeof payload.sub !== 'string' || payload.sub === '') throw new FederationFailure(`Invalid id_token from ${p.name}: no sub`);
    return payload;
  }

  /** The provider's userinfo claims (GET or POST as attributes_request_method says, the access token as Bearer). */
  async userInfo(e: OidcEndpoints, p: OidcProviderDetails, accessToken: string): Promise<Record<string, unknown>> {
    if (!e.userinfoEndpoint) return {};
    const res = await this.call(
      e.userinfoEndpoint,
      { method: p.userinfoMethod, headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' } },
      'Timeout occurred in calling IdP userinfo endpoint',
    );
    if (!res.ok) throw new FederationFailure(`${p.name} Error - ${res.status} error getting user info`);
    return this.json(res, `${p.name} answered user info that is not JSON`);
  }

  /** One request to the provider, held to the timeout; Cognito's user-agent. */
  private async call(url: string, init: RequestInit, timeoutWords: string): Promise<Response> {
    const headers = { 'user-agent': 'Amazon/Cognito', ...(init.headers as Record<string, string>) };
    try {
      return await fetch(url, { ...init, headers, redirect: 'follow', signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (err) {
      if ((err as Error)?.name === 'TimeoutError') throw new FederationFailure(timeoutWords);
      // Cognito's words for a provider that cannot be reached (the reference lists them without their causes).
      throw new FederationFailure('Connection reset');
    }
  }

  private async json(res: Response, why: string): Promise<Record<string, unknown>> {
    try {
      const v = (await res.json()) as unknown;
      if (isObject(v)) return v;
    } catch {}
    throw new FederationFailure(why);
  }
}
