import {
  AdminUpdateUserAttributesCommand,
  CreateUserPoolClientCommand,
  type CreateUserPoolCommandInput,
  CreateUserPoolDomainCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { createConfirmedUser, createPoolAndClient } from './fixtures.js';

/** The app's registered addresses when no app runs (the form tests never follow the redirect). */
export const APP = 'http://localhost:3000';

/** A pool with a domain and a confidential OAuth client (code flow, openid email phone profile), and a user. */
export interface OAuthFixture {
  poolId: string;
  domain: string;
  /** The domain's endpoints in the path-based form. */
  base: string;
  issuer: string;
  clientId: string;
  clientSecret: string;
  publicClientId: string;
  /** The app's callback and sign-out URLs, registered on both clients. */
  callback: string;
  signedOut: string;
}

let domains = 0;

export async function oauthFixture(
  sdk: CognitoIdentityProviderClient,
  url: string,
  app = APP,
  username = 'alice',
  pool: Partial<CreateUserPoolCommandInput> = {},
): Promise<OAuthFixture> {
  const callback = `${app}/callback`;
  const signedOut = `${app}/signed-out`;
  const { poolId } = await createPoolAndClient(sdk, pool);
  const domain = `login-${process.pid}-${++domains}`;
  await sdk.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: domain }));
  const oauth = {
    AllowedOAuthFlows: ['code' as const, 'implicit' as const],
    AllowedOAuthScopes: ['openid', 'email', 'phone', 'profile', 'aws.cognito.signin.user.admin'],
    AllowedOAuthFlowsUserPoolClient: true,
    CallbackURLs: [callback],
    LogoutURLs: [signedOut],
    SupportedIdentityProviders: ['COGNITO'],
  };
  const conf = await sdk.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'web', GenerateSecret: true, ...oauth }));
  const pub = await sdk.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'spa', ...oauth }));
  await createConfirmedUser(sdk, poolId, username);
  await sdk.send(
    new AdminUpdateUserAttributesCommand({
      UserPoolId: poolId,
      Username: username,
      UserAttributes: [
        { Name: 'email', Value: `${username}@example.com` },
        { Name: 'email_verified', Value: 'true' },
      ],
    }),
  );
  return {
    poolId,
    domain,
    base: `${url}/oauth/${domain}`,
    issuer: `${url}/${poolId}`,
    clientId: conf.UserPoolClient!.ClientId!,
    clientSecret: conf.UserPoolClient!.ClientSecret!,
    publicClientId: pub.UserPoolClient!.ClientId!,
    callback,
    signedOut,
  };
}

/** A cookie jar of one cookie, enough for the hosted pages. */
function cookieFrom(res: Response, jar: { cookie: string }): void {
  const set = res.headers.get('set-cookie');
  if (set) jar.cookie = set.split(';')[0]!;
}

/**
 * Signs in through the hosted pages with plain HTTP requests (no browser, no JavaScript): authorize, the
 * sign-in form with its CSRF token, and back; resolves with the Location the app is sent to.
 */
export async function signInByForm(f: OAuthFixture, params: Record<string, string>, username: string, password: string): Promise<string> {
  const jar = { cookie: '' };
  const q = new URLSearchParams({ response_type: 'code', client_id: f.clientId, redirect_uri: f.callback, scope: 'openid email', ...params });
  const a = await fetch(`${f.base}/oauth2/authorize?${q}`, { redirect: 'manual' });
  if (a.status !== 302) throw new Error(`authorize answered ${a.status}: ${await a.text()}`);
  const login = new URL(a.headers.get('location')!, f.base);
  const page = await fetch(login, { redirect: 'manual' });
  cookieFrom(page, jar);
  const html = await page.text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!csrf) throw new Error(`no sign-in form: ${html}`);
  const post = await fetch(`${f.base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar.cookie },
    body: new URLSearchParams({ _csrf: csrf, username, password }),
  });
  if (post.status !== 303) throw new Error(`sign-in answered ${post.status}: ${await post.text()}`);
  return post.headers.get('location')!;
}

/** What a form step answered: its status, where it redirects, and the page's HTML (after a 303 to the next page). */
export interface FormStep {
  status: number;
  location: string | null;
  html: string;
}

/**
 * A browser without JavaScript, made of fetch and one cookie: it follows the hosted pages' own redirects
 * and stops at the app's.
 */
export class FormBrowser {
  private cookie = '';
  private csrf = '';

  constructor(private f: OAuthFixture) {}

  /** Goes on through another instance's address for the same domain, keeping cookie and CSRF token. */
  via(f: OAuthFixture): this {
    this.f = f;
    return this;
  }

  private async get(url: string): Promise<FormStep> {
    const r = await fetch(url, { redirect: 'manual', headers: this.cookie ? { cookie: this.cookie } : {} });
    const set = r.headers.get('set-cookie');
    if (set) this.cookie = set.split(';')[0]!;
    const location = r.headers.get('location');
    if (r.status === 302 && location && location.startsWith(`${new URL(this.f.base).pathname}/`)) return this.get(new URL(location, this.f.base).href);
    const html = await r.text();
    this.csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? this.csrf;
    return { status: r.status, location, html };
  }

  /** GET /oauth2/authorize with these parameters (client, callback and scope openid by default). */
  authorize(params: Record<string, string> = {}): Promise<FormStep> {
    const q = new URLSearchParams({ response_type: 'code', client_id: this.f.clientId, redirect_uri: this.f.callback, scope: 'openid', ...params });
    return this.get(`${this.f.base}/oauth2/authorize?${q}`);
  }

  /** GET a path of the domain (e.g. `logout?...`) in this browser's session, following the domain's own redirects. */
  visit(pathAndQuery: string): Promise<FormStep> {
    return this.get(`${this.f.base}/${pathAndQuery}`);
  }

  /** GET one of the domain's pages (e.g. `signup`), in this browser's session. */
  open(page: string): Promise<FormStep> {
    return this.get(`${this.f.base}/${page}`);
  }

  /** Posts the current form with these fields (and the CSRF token), to /login or the given page. */
  async submit(fields: Record<string, string>, page = 'login'): Promise<FormStep> {
    const r = await fetch(`${this.f.base}/${page}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: this.cookie },
      body: new URLSearchParams({ _csrf: this.csrf, ...fields }),
    });
    // A sign-in that succeeds sets a new session cookie: keep it, as a browser does.
    const set = r.headers.get('set-cookie');
    if (set) this.cookie = set.split(';')[0]!;
    const location = r.headers.get('location');
    if (r.status === 303 && location && !location.startsWith('http')) return this.get(new URL(location, this.f.base).href);
    const html = await r.text();
    this.csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? this.csrf;
    return { status: r.status, location, html };
  }
}
