/**
 * Federated sign-in without a browser: a cookie jar of several cookies, and the development sign-in of the
 * external provider (test/helpers/oidc-provider.ts) driven by fetch, form by form.
 */
import { CreateIdentityProviderCommand, type CognitoIdentityProviderClient, UpdateUserPoolClientCommand } from '@aws-sdk/client-cognito-identity-provider';
import type { OAuthFixture } from './oauth.js';

/** Cookies by name, for one origin; good enough for loopback servers in a test. */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  take(res: Response): void {
    for (const set of res.headers.getSetCookie()) {
      const [pair] = set.split(';');
      const eq = pair!.indexOf('=');
      if (eq > 0) this.cookies.set(pair!.slice(0, eq).trim(), pair!.slice(eq + 1).trim());
    }
  }

  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

/** GET with the jar's cookies, not following redirects. */
export async function getWith(jar: CookieJar, url: string): Promise<Response> {
  const res = await fetch(url, { redirect: 'manual', headers: { cookie: jar.header() } });
  jar.take(res);
  return res;
}

async function postWith(jar: CookieJar, url: string, form: Record<string, string>): Promise<Response> {
  const res = await fetch(url, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form),
  });
  jar.take(res);
  return res;
}

/**
 * Signs in at the external provider as `login` from its authorization URL (or cancels there), following its
 * own pages, and returns where it sends the browser back (cognate's /oauth2/idpresponse with code or error).
 */
export async function signInAtProvider(authorizationUrl: string, login: string, opts: { cancel?: boolean } = {}): Promise<string> {
  const jar = new CookieJar();
  const origin = new URL(authorizationUrl).origin;
  let url = authorizationUrl;
  for (let i = 0; i < 12; i++) {
    const res = await getWith(jar, url);
    const location = res.headers.get('location');
    if (location) {
      const next = new URL(location, url).href;
      if (!next.startsWith(origin)) return next;
      url = next;
      continue;
    }
    const html = await res.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    if (!action) throw new Error(`no form at ${url}: ${res.status} ${html.slice(0, 300)}`);
    if (opts.cancel) {
      const abort = /href="([^"]*\/abort)"/.exec(html)?.[1];
      if (!abort) throw new Error('no cancel link');
      url = new URL(abort, url).href;
      continue;
    }
    const fields: Record<string, string> = html.includes('name="login"') ? { prompt: 'login', login, password: 'any' } : { prompt: 'consent' };
    const posted = await postWith(jar, new URL(action, url).href, fields);
    const to = posted.headers.get('location');
    if (!to) throw new Error(`provider form answered ${posted.status}`);
    url = new URL(to, url).href;
    if (!url.startsWith(origin)) return url;
  }
  throw new Error('the provider never sent the browser back');
}

/** The OIDC provider `name` in the fixture's pool, supported (with COGNITO) by the fixture's confidential client. */
export async function addOidcProvider(
  sdk: CognitoIdentityProviderClient,
  f: OAuthFixture,
  name: string,
  idp: { issuer: string; clientId: string; clientSecret: string },
  more: { details?: Record<string, string>; identifiers?: string[] } = {},
): Promise<void> {
  await sdk.send(
    new CreateIdentityProviderCommand({
      UserPoolId: f.poolId,
      ProviderName: name,
      ProviderType: 'OIDC',
      ProviderDetails: {
        client_id: idp.clientId,
        client_secret: idp.clientSecret,
        authorize_scopes: 'openid email profile',
        attributes_request_method: 'GET',
        oidc_issuer: idp.issuer,
        ...more.details,
      },
      AttributeMapping: { email: 'email', name: 'name' },
      ...(more.identifiers ? { IdpIdentifiers: more.identifiers } : {}),
    }),
  );
}

/** Makes the fixture's confidential client support these providers (and COGNITO), keeping its OAuth settings. */
export async function supportProviders(sdk: CognitoIdentityProviderClient, f: OAuthFixture, names: string[]): Promise<void> {
  await sdk.send(
    new UpdateUserPoolClientCommand({
      UserPoolId: f.poolId,
      ClientId: f.clientId,
      ClientName: 'web',
      AllowedOAuthFlows: ['code', 'implicit'],
      AllowedOAuthScopes: ['openid', 'email', 'phone', 'profile', 'aws.cognito.signin.user.admin'],
      AllowedOAuthFlowsUserPoolClient: true,
      CallbackURLs: [f.callback],
      LogoutURLs: [f.signedOut],
      SupportedIdentityProviders: ['COGNITO', ...names],
    }),
  );
}
