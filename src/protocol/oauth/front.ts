import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { CognitoError, NotAuthorizedException } from '../../errors.js';
import { type AuthorizeRequest, AuthorizeRefused, checkAuthorize, clientOfDomain, issueCode, redirectWith } from '../../domain/oauth/authorize.js';
import { OAuthError } from '../../domain/oauth/errors.js';
import { authorizeQuery, completeFederation, oidcProvidersOf, requestedProvider, startFederation, takeFederation } from '../../domain/oauth/federation.js';
import { OidcClient } from '../../federation/oidc-client.js';
import { type HostedStep, hostedAnswer, hostedPasswordSignIn, type PendingChallenge, startTotpSetup } from '../../domain/oauth/hosted.js';
import { clientCredentialsGrant } from '../../domain/oauth/client-credentials.js';
import { authenticateClient, type ClientCredentials, exchangeCode, refreshTokens, revokeRefreshToken, userInfoClaims } from '../../domain/oauth/token.js';
import { INVALID_SESSION } from '../../domain/signin/sessions.js';
import { mintTokens } from '../../domain/signin/tokens.js';
import type { HttpHost } from '../../http/server.js';
import type { Services } from '../../services.js';
import type { ClientRecord, DomainRecord, UserRecord } from '../../store/store.js';
import { secretHash } from '../../domain/clients.js';
import { OPERATION_MODELS, type OperationIO, type OperationName } from '../../model/generated.js';
import { readInput, validateInput } from '../../model/validate.js';
import type { Operation } from '../../operations/operation.js';
import {
  challengePage,
  confirmForgotPasswordPage,
  confirmSignUpPage,
  errorPage,
  forgotPasswordPage,
  signInPage,
  signUpPage,
  type ProviderLink,
} from '../pages/pages.js';
import type { DomainRequest } from './addressing.js';
import { brandingFor } from './branding.js';
import { promptOf } from '../../domain/oauth/prompt.js';

/*
 * The HTTP side of a pool domain: /oauth2/authorize, the hosted sign-in pages (/login), /oauth2/token,
 * /oauth2/userInfo, /oauth2/revoke and /logout. Requests, cookies, headers and redirects are here; the
 * OAuth rules are in src/domain/oauth/, the sign-in itself in src/domain/signin/, the HTML in
 * src/protocol/pages/.
 *
 * The browser's session is a cookie holding 32 random bytes, HttpOnly, SameSite=Lax, Secure when the
 * request came over https, scoped to the domain's root; the store keeps it by its SHA-256 with the CSRF
 * token, the authorization request in progress, the challenge being answered and, once signed in, who
 * (for an hour, Cognito's session length), so any instance on a shared database can serve the next step.
 * Nothing of a password or a code reaches a URL or a log line: forms post, codes travel only in the
 * redirect to the app, and the request log names the path without its query.
 */

/** What the store keeps of a browser session. */
interface SessionData {
  csrf: string;
  authorize?: AuthorizeRequest;
  challenge?: PendingChallenge;
  signedIn?: { sub: string; username: string; authTime: number; clientIds: string[] };
  /** A sign-up waiting for its code, or a password reset waiting for its code and new password. */
  account?: { username: string; destination: string | null };
  /** Said once on the next sign-in page (an account confirmed, a password changed). */
  notice?: string;
  /** The OIDC providers the client supports: the sign-in page's "Continue with" links. */
  providers?: string[];
}

const COOKIE = 'cognate-hosted';
/** The hosted session's life (Cognito's is one hour). */
const SESSION_SECONDS = 3600;
const HTML_HEADERS = [
  'Content-Type',
  'text/html; charset=utf-8',
  'Cache-Control',
  'no-store',
  'X-Frame-Options',
  'DENY',
  'Content-Security-Policy',
  // Inline style for the pages' own and the pool's CSS; images from data: only (the customization's logo).
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; frame-ancestors 'none'",
  'Referrer-Policy',
  'no-referrer',
];
const MAX_FORM_BYTES = 64 * 1024;
/** The sign-up and password-reset pages (Cognito's paths). */
const ACCOUNT_PAGES = new Set(['/signup', '/confirm', '/forgotPassword', '/confirmForgotPassword']);

const sha256 = (text: string) => createHash('sha256').update(text).digest('base64url');

function cookieOf(req: IncomingMessage, name: string): string | null {
  const header = req.headers.cookie;
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

/** Whether the request reached us over https (directly, or through a proxy that says so). */
function overHttps(req: IncomingMessage): boolean {
  return (req.socket as TLSSocket).encrypted === true || req.headers['x-forwarded-proto'] === 'https';
}

/** A browser session being served: its cookie id, its record, and whether it must be stored again. */
interface Browser {
  id: string;
  data: SessionData;
  fresh: boolean;
}

/** Serves the endpoints of a pool domain. */
export class OAuthFront {
  /** cognate as the relying party of the pools' OIDC providers (federated sign-in). */
  private readonly rp: OidcClient;

  constructor(
    private readonly svc: Services,
    private readonly http: HttpHost,
    private readonly log: (line: string) => void,
    private readonly logRequests: boolean,
    private readonly operations: ReadonlyMap<OperationName, Operation<OperationName>>,
  ) {
    this.rp = new OidcClient(() => this.svc.clock.now());
  }

  /**
   * Runs an operation as the API would (the model's validation, then its handler): the sign-up and
   * password-reset pages reuse SignUp, ConfirmSignUp, ForgotPassword and ConfirmForgotPassword whole.
   */
  private async op<N extends OperationName>(name: N, input: OperationIO[N]['input']): Promise<OperationIO[N]['output']> {
    const model = OPERATION_MODELS[name];
    const checked = readInput(model.input, input);
    validateInput(model.input, checked);
    return (this.operations.get(name) as unknown as Operation<N>).handle(checked as OperationIO[N]['input'], this.svc);
  }

  /** Every request addressed to a domain; a fault of ours becomes a 500 page, logged. */
  handle(req: IncomingMessage, res: ServerResponse, dr: DomainRequest): void {
    const started = performance.now();
    // The path only: a query may carry what a log should not keep.
    const where = `${dr.root}${dr.path.slice(1).split('?')[0]}`;
    this.route(req, res, dr)
      .catch((e) => {
        this.log(`${req.method} ${where} failed: ${(e as Error)?.stack ?? e}`);
        if (!res.headersSent) this.page(res, 500, errorPage('An internal error occurred. Please try again.'));
      })
      .finally(() => {
        if (this.logRequests) this.log(`${req.method} ${where} ${res.statusCode} ${(performance.now() - started).toFixed(1)}ms`);
      });
  }

  private async route(req: IncomingMessage, res: ServerResponse, dr: DomainRequest): Promise<void> {
    const url = new URL(req.url!, 'http://localhost');
    const domain = await this.svc.store.getDomain(dr.domain);
    if (!domain) {
      this.page(res, 404, errorPage(`There is no domain ${dr.domain}.`));
      return;
    }
    const path = dr.path.split('?')[0]!;
    const method = req.method;
    if (path === '/oauth2/authorize' && method === 'GET') return this.authorize(req, res, dr, domain, url.searchParams);
    if (path === '/login' && method === 'GET') return this.loginPage(req, res, dr, domain, url.searchParams);
    if (path === '/login' && method === 'POST') return this.loginPost(req, res, dr, domain, await this.form(req));
    if (ACCOUNT_PAGES.has(path)) return this.account(req, res, dr, domain, path, method === 'POST' ? await this.form(req) : null, method === 'POST');
    if (path === '/oauth2/token' && method === 'POST') return this.token(req, res, domain);
    if (path.toLowerCase() === '/oauth2/userinfo' && (method === 'GET' || method === 'POST')) return this.userInfo(req, res);
    if (path === '/oauth2/revoke' && method === 'POST') return this.revoke(req, res, domain);
    if (path === '/logout' && method === 'GET') return this.logout(req, res, dr, domain, url.searchParams);
    if (path === '/oauth2/idpresponse' && method === 'GET') return this.idpResponse(req, res, dr, domain, url.searchParams);
    if (path === '/saml2/idpresponse') {
      this.page(res, 400, errorPage('SAML sign-in is not supported by cognate.'));
      return;
    }
    this.page(res, 404, errorPage('Not found.'));
  }

  // --- the browser's session ---

  private async browser(req: IncomingMessage, domain: DomainRecord): Promise<Browser | null> {
    const id = cookieOf(req, COOKIE);
    if (!id || !/^[A-Za-z0-9_-]{43}$/.test(id)) return null;
    const s = await this.svc.store.getHostedSession(sha256(id));
    if (!s || s.poolId !== domain.poolId || s.expiresAt.getTime() <= this.svc.clock.now().getTime()) return null;
    return { id, data: s.data as unknown as SessionData, fresh: false };
  }

  private newBrowser(): Browser {
    return { id: this.svc.random.bytes(32).toString('base64url'), data: { csrf: this.svc.random.bytes(24).toString('base64url') }, fresh: true };
  }

  private async save(b: Browser, domain: DomainRecord): Promise<void> {
    await this.svc.store.putHostedSession({
      idHash: sha256(b.id),
      poolId: domain.poolId,
      data: b.data as unknown as Record<string, unknown>,
      expiresAt: new Date(this.svc.clock.now().getTime() + SESSION_SECONDS * 1000),
    });
  }

  private cookie(req: IncomingMessage, dr: DomainRequest, value: string, maxAge?: number): string {
    const parts = [`${COOKIE}=${value}`, `Path=${dr.root}`, 'HttpOnly', 'SameSite=Lax'];
    if (maxAge !== undefined) parts.push(`Max-Age=${maxAge}`);
    if (overHttps(req)) parts.push('Secure');
    return parts.join('; ');
  }

  // --- /oauth2/authorize and the pages ---

  private async authorize(req: IncomingMessage, res: ServerResponse, dr: DomainRequest, domain: DomainRecord, q: URLSearchParams): Promise<void> {
    const checked = await this.checked(res, domain, q);
    if (!checked) return;
    const prompt = promptOf(q);
    if (q.has('identity_provider') || q.has('idp_identifier')) {
      if (await this.federate(req, res, dr, domain, checked.client, checked.request, q)) return;
    }
    const b = await this.browser(req, domain);
    if (b?.data.signedIn && !prompt.has('login')) {
      const user = await this.svc.store.getUserBySub(domain.poolId, b.data.signedIn.sub);
      if (user?.enabled) {
        await this.finish(res, checked.client, checked.request, domain, user, new Date(b.data.signedIn.authTime), []);
        return;
      }
    }
    if (prompt.has('none')) {
      this.redirect(res, redirectWith(checked.request.redirectUri, { error: 'login_required', state: checked.request.state }));
      return;
    }
    this.redirect(res, `${dr.root}login?${q.toString()}`);
  }

  /**
   * The request checked (its `prompt` too); on failure the answer (error page or redirect with error) is
   * sent and null returned. `lang` is taken and left alone: the pages are in English only.
   */
  private async checked(res: ServerResponse, domain: DomainRecord, q: URLSearchParams): Promise<{ client: ClientRecord; request: AuthorizeRequest } | null> {
    try {
      const checked = await checkAuthorize(this.svc, domain, q);
      promptOf(q);
      return checked;
    } catch (e) {
      if (e instanceof AuthorizeRefused) {
        this.page(res, 400, errorPage(e.message, await brandingFor(this.svc.store, domain.poolId, undefined)));
        return null;
      }
      if (e instanceof OAuthError) {
        this.redirect(res, redirectWith(q.get('redirect_uri')!, { error: e.error, error_description: e.description ?? null, state: q.get('state') }));
        return null;
      }
      throw e;
    }
  }

  private async loginPage(req: IncomingMessage, res: ServerResponse, dr: DomainRequest, domain: DomainRecord, q: URLSearchParams): Promise<void> {
    let b = await this.browser(req, domain);
    if (q.has('client_id')) {
      const checked = await this.checked(res, domain, q);
      if (!checked) return;
      b ??= this.newBrowser();
      const providers = await oidcProvidersOf(this.svc, checked.client);
      b.data = {
        csrf: b.data.csrf,
        authorize: checked.request,
        ...(b.data.signedIn ? { signedIn: b.data.signedIn } : {}),
        ...(providers.length > 0 ? { providers } : {}),
      };
      await this.save(b, domain);
      const branding = await brandingFor(this.svc.store, domain.poolId, checked.client.id);
      this.page(
        res,
        200,
        signInPage({ action: `${dr.root}login`, branding, csrf: b.data.csrf, error: null, root: dr.root, providers: this.providerLinks(dr, b) }),
        [this.cookie(req, dr, b.id)],
      );
      return;
    }
    if (!b?.data.authorize) {
      this.page(
        res,
        400,
        errorPage('Your sign-in session has expired. Go back to the app and sign in again.', await brandingFor(this.svc.store, domain.poolId, undefined)),
      );
      return;
    }
    const notice = b.data.notice ?? null;
    if (notice !== null) {
      delete b.data.notice;
      await this.save(b, domain);
    }
    await this.show(res, dr, domain, b, null, undefined, notice);
  }

  /** The page the session is at: its challenge, else the sign-in form; with the client's customization. */
  private async show(
    res: ServerResponse,
    dr: DomainRequest,
    domain: DomainRecord,
    b: Browser,
    error: string | null,
    username?: string,
    notice: string | null = null,
  ): Promise<void> {
    const action = `${dr.root}login`;
    const branding = await brandingFor(this.svc.store, domain.poolId, b.data.authorize?.clientId);
    const c = b.data.challenge;
    if (c) {
      const totp = c.totpSecret ? { secret: c.totpSecret, uri: this.otpauth(c) } : undefined;
      this.page(
        res,
        200,
        challengePage({ action, branding, csrf: b.data.csrf, error, challenge: { name: c.name, params: c.params, ...(totp ? { totp } : {}) } }),
      );
      return;
    }
    this.page(
      res,
      200,
      signInPage({
        action,
        branding,
        csrf: b.data.csrf,
        error,
        notice,
        root: dr.root,
        providers: this.providerLinks(dr, b),
        ...(username !== undefined ? { username } : {}),
      }),
    );
  }

  /** "Continue with NAME": the same authorization request, through the provider. */
  private providerLinks(dr: DomainRequest, b: Browser): ProviderLink[] {
    const request = b.data.authorize;
    if (!request) return [];
    return (b.data.providers ?? []).map((name) => ({ name, href: `${dr.root}oauth2/authorize?${authorizeQuery(request, { identity_provider: name })}` }));
  }

  // --- federation (src/domain/oauth/federation.ts) ---

  /**
   * /oauth2/authorize naming a provider: the browser is sent to it (true), or the request goes on to the
   * sign-in page (false: the provider named is COGNITO). Refusals are answered here (true).
   */
  private async federate(
    req: IncomingMessage,
    res: ServerResponse,
    dr: DomainRequest,
    domain: DomainRecord,
    client: ClientRecord,
    request: AuthorizeRequest,
    q: URLSearchParams,
  ): Promise<boolean> {
    try {
      const provider = await requestedProvider(this.svc, client, q);
      if (!provider) return false;
      const b = (await this.browser(req, domain)) ?? this.newBrowser();
      await this.save(b, domain);
      const redirectUri = `${overHttps(req) ? 'https' : 'http'}://${req.headers.host}${dr.root}oauth2/idpresponse`;
      const location = await startFederation(this.svc, this.rp, provider, request, { browser: sha256(b.id), redirectUri });
      this.redirect(res, location, 302, [this.cookie(req, dr, b.id)]);
    } catch (e) {
      if (e instanceof AuthorizeRefused) this.page(res, 400, errorPage(e.message));
      else if (e instanceof OAuthError)
        this.redirect(res, redirectWith(request.redirectUri, { error: e.error, error_description: e.description ?? null, state: request.state }));
      else throw e;
    }
    return true;
  }

  /** The provider sends the browser back: the pending request taken by its state, then signed in as a native sign-in ends. */
  private async idpResponse(req: IncomingMessage, res: ServerResponse, dr: DomainRequest, domain: DomainRecord, q: URLSearchParams): Promise<void> {
    const b = await this.browser(req, domain);
    let pending;
    try {
      pending = await takeFederation(this.svc, domain, q.get('state'), b ? sha256(b.id) : null);
    } catch (e) {
      if (!(e instanceof AuthorizeRefused)) throw e;
      this.page(res, 400, errorPage(e.message));
      return;
    }
    const request = pending.request;
    const client = await clientOfDomain(this.svc, domain, request.clientId);
    if (!client) {
      this.page(res, 400, errorPage('The app client does not exist in this user pool.'));
      return;
    }
    let user: UserRecord;
    try {
      user = await completeFederation(this.svc, this.rp, client, pending, q);
    } catch (e) {
      if (!(e instanceof OAuthError)) throw e;
      this.redirect(res, redirectWith(request.redirectUri, { error_description: e.description ?? null, state: request.state, error: e.error }));
      return;
    }
    const authTime = this.svc.clock.now();
    // As at a password sign-in: a new session id, signed in.
    const signedIn = this.newBrowser();
    signedIn.data.signedIn = { sub: user.sub, username: user.username, authTime: authTime.getTime(), clientIds: [client.id] };
    await this.save(signedIn, domain);
    await this.svc.store.deleteHostedSession(sha256(b!.id));
    await this.finish(res, client, request, domain, user, authTime, [this.cookie(req, dr, signedIn.id)]);
  }

  private otpauth(c: PendingChallenge): string {
    return `otpauth://totp/${encodeURIComponent(`cognate:${c.username}`)}?secret=${c.totpSecret}&issuer=cognate`;
  }

  private async loginPost(req: IncomingMessage, res: ServerResponse, dr: DomainRequest, domain: DomainRecord, form: URLSearchParams | null): Promise<void> {
    const b = await this.browser(req, domain);
    if (!form || !b?.data.authorize) {
      this.page(res, 400, errorPage('Your sign-in session has expired. Go back to the app and sign in again.'));
      return;
    }
    const csrf = form.get('_csrf');
    if (csrf === null || csrf !== b.data.csrf) {
      this.page(res, 403, errorPage('This form has expired. Go back to the app and sign in again.'));
      return;
    }
    const request = b.data.authorize;
    const client = await clientOfDomain(this.svc, domain, request.clientId);
    if (!client) {
      this.page(res, 400, errorPage('The app client does not exist in this user pool.'));
      return;
    }
    const pending = b.data.challenge;
    const username = form.get('username') ?? '';
    let step: HostedStep;
    try {
      if (pending) {
        const answer = form.get(pending.name === 'NEW_PASSWORD_REQUIRED' ? 'new_password' : pending.name === 'SELECT_MFA_TYPE' ? 'answer' : 'code') ?? '';
        step = await hostedAnswer(this.svc, client, pending, answer.trim());
      } else {
        step = await hostedPasswordSignIn(this.svc, client, username, form.get('password') ?? '');
      }
    } catch (e) {
      if (!(e instanceof CognitoError) || e.fault !== 'client') throw e;
      if (e instanceof NotAuthorizedException && e.message === INVALID_SESSION) delete b.data.challenge;
      await this.save(b, domain);
      await this.show(res, dr, domain, b, e.message, pending ? undefined : username);
      return;
    }
    if ('challenge' in step) {
      b.data.challenge = step.challenge.name === 'MFA_SETUP' ? await startTotpSetup(this.svc, step.challenge) : step.challenge;
      await this.save(b, domain);
      this.redirect(res, `${dr.root}login`, 303);
      return;
    }
    const { user, authTime } = step.done;
    // A new session id at sign-in, so that an id planted before it (session fixation) is worth nothing after.
    const signedIn = this.newBrowser();
    signedIn.data.signedIn = { sub: user.sub, username: user.username, authTime: authTime.getTime(), clientIds: [client.id] };
    await this.save(signedIn, domain);
    await this.svc.store.deleteHostedSession(sha256(b.id));
    await this.finish(res, client, request, domain, user, authTime, [this.cookie(req, dr, signedIn.id)], 303);
  }

  /** Back to the app: a code, or (response_type token) the tokens in the fragment. */
  private async finish(
    res: ServerResponse,
    client: ClientRecord,
    request: AuthorizeRequest,
    domain: DomainRecord,
    user: UserRecord,
    authTime: Date,
    headers: string[],
    status = 302,
  ): Promise<void> {
    if (request.responseType === 'code') {
      const code = await issueCode(this.svc, request, domain.poolId, user, authTime);
      this.redirect(res, redirectWith(request.redirectUri, { code, state: request.state }), status, headers);
      return;
    }
    const t = await mintTokens(this.svc, client, user, authTime, {
      withRefresh: false,
      scope: request.scope,
      ...(request.nonce !== null ? { nonce: request.nonce } : {}),
    });
    const params = {
      id_token: request.scope.includes('openid') ? t.IdToken! : null,
      access_token: t.AccessToken!,
      expires_in: String(t.ExpiresIn),
      token_type: 'Bearer',
      state: request.state,
    };
    this.redirect(res, redirectWith(request.redirectUri, params, true), status, headers);
  }

  /**
   * GET /logout (the reference's 3.3): `client_id` with `logout_uri`, exactly one of the client's
   * LogoutURLs, ends the session and goes there; with `redirect_uri` and `response_type` instead (and
   * `state`, `scope`), checked as /oauth2/authorize checks them, it ends the session and goes to /login
   * for a new sign-in with those parameters. Anything else is an error page, never a redirect.
   */
  private async logout(req: IncomingMessage, res: ServerResponse, dr: DomainRequest, domain: DomainRecord, q: URLSearchParams): Promise<void> {
    const client = await clientOfDomain(this.svc, domain, q.get('client_id'));
    const branding = await brandingFor(this.svc.store, domain.poolId, client?.id);
    if (!client) {
      this.page(res, 400, errorPage('The app client does not exist in this user pool.', branding));
      return;
    }
    const logoutUri = q.get('logout_uri');
    if (logoutUri === null && q.get('redirect_uri') === null) {
      this.page(res, 400, errorPage('Amazon Cognito requires either a logout_uri or a redirect_uri parameter.', branding));
      return;
    }
    if (logoutUri !== null && !(client.settings.LogoutURLs ?? []).includes(logoutUri)) {
      this.page(res, 400, errorPage('The logout_uri is not one of the app client\u2019s sign-out URLs.', branding));
      return;
    }
    // The redirect_uri form: the request must be one /login would take, before the session ends.
    const again = new URLSearchParams(q);
    again.delete('logout_uri');
    if (logoutUri === null && !(await this.checked(res, domain, again))) return;
    const id = cookieOf(req, COOKIE);
    if (id) await this.svc.store.deleteHostedSession(sha256(id));
    const clear = this.cookie(req, dr, '', 0);
    this.redirect(res, logoutUri ?? `${dr.root}login?${again.toString()}`, 302, [clear]);
  }

  /**
   * Sign-up (/signup, then /confirm with the code) and password reset (/forgotPassword, then
   * /confirmForgotPassword with the code and the new password), within a sign-in in progress: they run the
   * API's operations, and end on the sign-in page with a notice.
   */
  private async account(
    req: IncomingMessage,
    res: ServerResponse,
    dr: DomainRequest,
    domain: DomainRecord,
    path: string,
    form: URLSearchParams | null,
    post: boolean,
  ): Promise<void> {
    const b = await this.browser(req, domain);
    const client = b?.data.authorize ? await clientOfDomain(this.svc, domain, b.data.authorize.clientId) : null;
    if (!b || !client || (post && !form)) {
      this.page(res, 400, errorPage('Your sign-in session has expired. Go back to the app and sign in again.'));
      return;
    }
    if (post && form?.get('_csrf') !== b.data.csrf) {
      this.page(res, 403, errorPage('This form has expired. Go back to the app and sign in again.'));
      return;
    }
    const action = `${dr.root}${path.slice(1)}`;
    const csrf = b.data.csrf;
    const f = (name: string) => (form?.get(name) ?? '').trim();
    const hash = (username: string) => (client.secrets[0] ? { SecretHash: secretHash(client.secrets[0].value, username, client.id) } : {});
    const branding = await brandingFor(this.svc.store, domain.poolId, client.id);
    const render = (error: string | null) => {
      const destination = b.data.account?.destination ?? null;
      if (path === '/signup') return signUpPage({ action, branding, csrf, error, username: f('username'), email: f('email') });
      if (path === '/confirm') return confirmSignUpPage({ action, branding, csrf, error, destination });
      if (path === '/forgotPassword') return forgotPasswordPage({ action, branding, csrf, error });
      return confirmForgotPasswordPage({ action, branding, csrf, error, destination });
    };
    if (!post) {
      this.page(res, 200, render(null));
      return;
    }
    try {
      if (path === '/signup') {
        const username = f('username');
        const email = f('email');
        const out = await this.op('SignUp', {
          ClientId: client.id,
          Username: username,
          Password: form!.get('password') ?? '',
          UserAttributes: email ? [{ Name: 'email', Value: email }] : [],
          ...hash(username),
        });
        if (out.UserConfirmed) {
          b.data.notice = 'Your account is ready. Sign in.';
          await this.save(b, domain);
          this.redirect(res, `${dr.root}login`, 303);
          return;
        }
        b.data.account = { username, destination: out.CodeDeliveryDetails?.Destination ?? null };
        await this.save(b, domain);
        this.redirect(res, `${dr.root}confirm`, 303);
        return;
      }
      if (path === '/forgotPassword') {
        const username = f('username');
        const out = await this.op('ForgotPassword', { ClientId: client.id, Username: username, ...hash(username) });
        b.data.account = { username, destination: out.CodeDeliveryDetails?.Destination ?? null };
        await this.save(b, domain);
        this.redirect(res, `${dr.root}confirmForgotPassword`, 303);
        return;
      }
      const username = b.data.account?.username;
      if (!username) {
        this.page(res, 400, errorPage('Start again from the sign-in page.'));
        return;
      }
      if (path === '/confirm') {
        await this.op('ConfirmSignUp', { ClientId: client.id, Username: username, ConfirmationCode: f('code'), ...hash(username) });
        b.data.notice = 'Your account is confirmed. Sign in.';
      } else {
        await this.op('ConfirmForgotPassword', {
          ClientId: client.id,
          Username: username,
          ConfirmationCode: f('code'),
          Password: form!.get('new_password') ?? '',
          ...hash(username),
        });
        b.data.notice = 'Your password has been changed. Sign in with it.';
      }
      delete b.data.account;
      await this.save(b, domain);
      this.redirect(res, `${dr.root}login`, 303);
    } catch (e) {
      if (!(e instanceof CognitoError) || e.fault !== 'client') throw e;
      this.page(res, 200, render(e.message));
    }
  }

  // --- the JSON endpoints ---

  private async token(req: IncomingMessage, res: ServerResponse, domain: DomainRecord): Promise<void> {
    const form = await this.form(req);
    try {
      if (!form) throw new OAuthError('invalid_request', 'the body must be application/x-www-form-urlencoded');
      const grant = form.get('grant_type');
      if (!grant) throw new OAuthError('invalid_request', 'grant_type is missing');
      const client = await authenticateClient(this.svc, domain, this.credentials(req, form));
      let out: unknown;
      if (grant === 'authorization_code') out = await exchangeCode(this.svc, client, form);
      else if (grant === 'refresh_token') out = await refreshTokens(this.svc, client, form);
      else if (grant === 'client_credentials') out = await clientCredentialsGrant(this.svc, client, form);
      else throw new OAuthError('unsupported_grant_type');
      this.json(res, 200, out);
    } catch (e) {
      if (!(e instanceof OAuthError)) throw e;
      this.json(res, e.status, { error: e.error });
    }
  }

  private async revoke(req: IncomingMessage, res: ServerResponse, domain: DomainRecord): Promise<void> {
    const form = await this.form(req);
    try {
      if (!form) throw new OAuthError('invalid_request');
      const client = await authenticateClient(this.svc, domain, this.credentials(req, form), 401);
      await revokeRefreshToken(this.svc, client, form);
      this.http.send(res, 200, ['Cache-Control', 'no-store'], '');
    } catch (e) {
      if (!(e instanceof OAuthError)) throw e;
      this.json(res, e.status, { error: e.error });
    }
  }

  private async userInfo(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const auth = req.headers.authorization;
    const token = auth?.startsWith('Bearer ') ? auth.slice(7).trim() : '';
    if (!token) {
      this.http.send(res, 400, ['WWW-Authenticate', 'error="invalid_request", error_description="Bad OAuth2 request at UserInfo Endpoint"'], '');
      return;
    }
    try {
      const claims = await this.svc.tokens.verifyAccessToken(token, 'openid');
      const user = await this.svc.store.getUserBySub(claims.poolId, claims.sub);
      if (!user?.enabled) throw new NotAuthorizedException('User does not exist.');
      this.json(res, 200, userInfoClaims(user, claims.scope));
    } catch (e) {
      if (!(e instanceof CognitoError) || e.fault !== 'client') throw e;
      this.http.send(
        res,
        401,
        ['WWW-Authenticate', 'error="invalid_token", error_description="Access token is expired, disabled, or deleted, or the user has globally signed out."'],
        '',
      );
    }
  }

  /** Client credentials from HTTP Basic (form-urlencoded id and secret, RFC 6749 2.3.1) or the body. */
  private credentials(req: IncomingMessage, form: URLSearchParams): ClientCredentials {
    const auth = req.headers.authorization;
    if (auth?.startsWith('Basic ')) {
      const text = Buffer.from(auth.slice(6).trim(), 'base64').toString('utf8');
      const colon = text.indexOf(':');
      const dec = (s: string) => {
        try {
          return decodeURIComponent(s.replace(/\+/g, ' '));
        } catch {
          return s;
        }
      };
      if (colon > 0) return { clientId: dec(text.slice(0, colon)), secret: dec(text.slice(colon + 1)), basic: true };
      return { clientId: null, secret: null, basic: true };
    }
    return { clientId: form.get('client_id'), secret: form.get('client_secret'), basic: false };
  }

  // --- writing answers ---

  /** A form body, or null when the request has another content type or is too large. */
  private form(req: IncomingMessage): Promise<URLSearchParams | null> {
    const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    return new Promise((resolve) => {
      this.http.readBody(
        req,
        (body) => {
          if (type !== 'application/x-www-form-urlencoded' || (body && body.length > MAX_FORM_BYTES)) resolve(null);
          else resolve(new URLSearchParams(body ? body.toString('utf8') : ''));
        },
        () => resolve(null),
      );
    });
  }

  private page(res: ServerResponse, status: number, html: string, cookies: string[] = []): void {
    const headers = [...HTML_HEADERS];
    for (const c of cookies) headers.push('Set-Cookie', c);
    this.http.send(res, status, headers, html);
  }

  private redirect(res: ServerResponse, location: string, status = 302, cookies: string[] = []): void {
    const headers = ['Location', location, 'Cache-Control', 'no-store'];
    for (const c of cookies) headers.push('Set-Cookie', c);
    this.http.send(res, status, headers, '');
  }

  private json(res: ServerResponse, status: number, body: unknown): void {
    this.http.send(res, status, ['Content-Type', 'application/json;charset=UTF-8', 'Cache-Control', 'no-store', 'Pragma', 'no-cache'], JSON.stringify(body));
  }
}
