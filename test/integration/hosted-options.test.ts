/**
 * The hosted pages' UI customization (SetUICustomization's CSS and logo in the pages), the two forms of
 * /logout, and the `prompt` and `lang` parameters of /oauth2/authorize, through plain HTTP.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateUserPoolClientCommand, SetUICustomizationCommand } from '@aws-sdk/client-cognito-identity-provider';
import { PASSWORD } from '../helpers/fixtures.js';
import { FormBrowser, oauthFixture, type OAuthFixture } from '../helpers/oauth.js';
import { startServer, type TestServer } from '../helpers/server.js';

/** The smallest PNG the logo check takes: its signature and an IHDR chunk header. */
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('0000000d49484452', 'hex'), Buffer.alloc(17)]);

describe('hosted pages: customization, logout, prompt and lang', () => {
  let s: TestServer;
  let f: OAuthFixture;
  before(async () => {
    s = await startServer();
    f = await oauthFixture(s.sdk, s.url);
  });
  after(async () => s.close());

  function loginUrl(clientId: string): string {
    return `${f.base}/login?${new URLSearchParams({ response_type: 'code', client_id: clientId, redirect_uri: f.callback, scope: 'openid' })}`;
  }

  it("shows the pool's CSS and logo on the sign-in page, with Cognito's class names on its elements and a CSP that allows them", async () => {
    const css = '.submitButton-customizable { background-color: #123456; }\n.label-customizable { color: #654321; }';
    await s.sdk.send(new SetUICustomizationCommand({ UserPoolId: f.poolId, ClientId: 'ALL', CSS: css, ImageFile: PNG }));
    const r = await fetch(loginUrl(f.clientId));
    const html = await r.text();
    assert.ok(html.includes(`<style>${css}</style>`), html);
    assert.ok(html.includes(`<img class="logo-customizable" src="data:image/png;base64,${PNG.toString('base64')}" alt="Logo">`), html);
    for (const cls of ['background-customizable', 'banner-customizable', 'textDescription-customizable', 'label-customizable', 'inputField-customizable']) {
      assert.ok(html.includes(cls), cls);
    }
    assert.match(html, /<button class="submitButton-customizable" type="submit">Sign in<\/button>/);
    assert.match(html, /class="redirect-customizable"/);
    assert.match(r.headers.get('content-security-policy')!, /img-src data:;/);
    assert.match(r.headers.get('content-security-policy')!, /style-src 'unsafe-inline'/);
  });

  it("shows an app client's own customization instead of the pool's, and an error in errorMessage-customizable", async () => {
    const other = await s.sdk.send(
      new CreateUserPoolClientCommand({
        UserPoolId: f.poolId,
        ClientName: 'branded',
        AllowedOAuthFlows: ['code'],
        AllowedOAuthScopes: ['openid'],
        AllowedOAuthFlowsUserPoolClient: true,
        CallbackURLs: [f.callback],
        LogoutURLs: [f.signedOut],
        SupportedIdentityProviders: ['COGNITO'],
      }),
    );
    const clientId = other.UserPoolClient!.ClientId!;
    await s.sdk.send(new SetUICustomizationCommand({ UserPoolId: f.poolId, ClientId: 'ALL', CSS: '.label-customizable { color: red; }' }));
    await s.sdk.send(new SetUICustomizationCommand({ UserPoolId: f.poolId, ClientId: clientId, CSS: '.label-customizable { color: blue; }' }));
    const own = await (await fetch(loginUrl(clientId))).text();
    assert.ok(own.includes('color: blue'));
    assert.ok(!own.includes('color: red'));
    assert.ok(!own.includes('<img'), 'the client has no logo of its own, and the pool\u2019s is not merged in');
    const pools = await (await fetch(loginUrl(f.clientId))).text();
    assert.ok(pools.includes('color: red'));

    const b = new FormBrowser({ ...f, clientId });
    await b.authorize();
    const wrong = await b.submit({ username: 'alice', password: 'wrong-password' });
    assert.match(wrong.html, /<p class="error errorMessage-customizable" role="alert">Incorrect username or password.<\/p>/);
    assert.ok(wrong.html.includes('color: blue'));
  });

  it('cannot be made to end the style element by stored CSS, whatever it holds', async () => {
    // Stored behind SetUICustomization's back, as an older version of cognate might have let it through.
    const now = s.clock.now();
    const evil = '/* </style><script>alert(1)</script> */ .label-customizable { color: red; }';
    await s.app.services.store.putUICustomization({ poolId: f.poolId, clientId: 'ALL', css: evil, image: null, createdAt: now, lastModifiedAt: now });
    const html = await (await fetch(loginUrl(f.clientId))).text();
    assert.ok(!html.includes('<script>'));
    assert.equal(html.match(/<\/style>/g)?.length, 2, 'the pages\u2019 own style element and the customization\u2019s, each closed once');
    assert.ok(html.includes('/* \\3c /style>\\3c script>alert(1)\\3c /script> */'));
  });

  it('signs out with logout_uri, refusing one that is not exactly a registered sign-out URL with an error page', async () => {
    const b = new FormBrowser(f);
    await b.authorize();
    assert.equal((await b.submit({ username: 'alice', password: PASSWORD })).status, 303);
    // Signed in: authorize goes straight back with a code.
    assert.ok(new URL((await b.authorize()).location!).searchParams.get('code'));
    for (const uri of [`${f.signedOut}/`, `${f.signedOut}?x=1`, 'https://evil.example.com/']) {
      const bad = await b.visit(`logout?${new URLSearchParams({ client_id: f.clientId, logout_uri: uri })}`);
      assert.equal(bad.status, 400);
      assert.equal(bad.location, null);
    }
    assert.ok(new URL((await b.authorize()).location!).searchParams.get('code'), 'a refused sign-out leaves the session alone');
    const out = await b.visit(`logout?${new URLSearchParams({ client_id: f.clientId, logout_uri: f.signedOut })}`);
    assert.equal(out.status, 302);
    assert.equal(out.location, f.signedOut);
    const again = await b.authorize();
    assert.equal(again.status, 200);
    assert.match(again.html, /<label for="password" class="label-customizable">Password<\/label>/);
  });

  it('signs out with redirect_uri and response_type and shows the sign-in page of a new sign-in with them', async () => {
    const b = new FormBrowser(f);
    await b.authorize();
    await b.submit({ username: 'alice', password: PASSWORD });
    const q = { client_id: f.clientId, redirect_uri: f.callback, response_type: 'code', state: 'after-logout', scope: 'openid' };
    const r = await fetch(`${f.base}/logout?${new URLSearchParams(q)}`, { redirect: 'manual' });
    assert.equal(r.status, 302);
    const to = new URL(r.headers.get('location')!, f.base);
    assert.equal(to.pathname, `${new URL(f.base).pathname}/login`);
    assert.deepEqual(Object.fromEntries(to.searchParams), q);
    assert.match(r.headers.get('set-cookie')!, /^cognate-hosted=; .*Max-Age=0/);

    const page = await b.visit(`logout?${new URLSearchParams(q)}`);
    assert.equal(page.status, 200);
    assert.match(page.html, /<h1[^>]*>Sign in<\/h1>/);
    const signedIn = await b.submit({ username: 'alice', password: PASSWORD });
    const back = new URL(signedIn.location!);
    assert.equal(back.searchParams.get('state'), 'after-logout');
    assert.ok(back.searchParams.get('code'));
  });

  it('refuses a redirect_uri sign-out with a redirect_uri that is not registered, or without client_id, with an error page', async () => {
    for (const q of <Record<string, string>[]>[
      { client_id: f.clientId, redirect_uri: 'https://evil.example.com/cb', response_type: 'code' },
      { redirect_uri: f.callback, response_type: 'code' },
      { client_id: f.clientId },
    ]) {
      const r = await fetch(`${f.base}/logout?${new URLSearchParams(q)}`, { redirect: 'manual' });
      assert.equal(r.status, 400, JSON.stringify(q));
      assert.equal(r.headers.get('location'), null);
    }
  });

  it('shows the sign-in page despite a session with prompt=login, and the new sign-in gets the code', async () => {
    const b = new FormBrowser(f);
    await b.authorize();
    await b.submit({ username: 'alice', password: PASSWORD });
    const page = await b.authorize({ prompt: 'login', state: 'relogin' });
    assert.equal(page.status, 200);
    assert.match(page.html, /for="password"/);
    const back = new URL((await b.submit({ username: 'alice', password: PASSWORD })).location!);
    assert.equal(back.searchParams.get('state'), 'relogin');
    assert.ok(back.searchParams.get('code'));
  });

  it('answers prompt=none with login_required and the state when there is no session, and with a code when there is', async () => {
    const b = new FormBrowser(f);
    const none = await b.authorize({ prompt: 'none', state: 'silent' });
    assert.equal(none.status, 302);
    const back = new URL(none.location!);
    assert.equal(`${back.origin}${back.pathname}`, f.callback);
    assert.equal(back.searchParams.get('error'), 'login_required');
    assert.equal(back.searchParams.get('state'), 'silent');
    await b.authorize();
    await b.submit({ username: 'alice', password: PASSWORD });
    const silent = new URL((await b.authorize({ prompt: 'none', state: 'silent' })).location!);
    assert.ok(silent.searchParams.get('code'));
    assert.equal(silent.searchParams.get('state'), 'silent');
  });

  it('sends invalid_request for prompt=none with another value, or a prompt OIDC does not define', async () => {
    for (const prompt of ['none login', 'sometimes']) {
      const r = await new FormBrowser(f).authorize({ prompt, state: 's' });
      const back = new URL(r.location!);
      assert.equal(back.searchParams.get('error'), 'invalid_request', prompt);
      assert.equal(back.searchParams.get('state'), 's');
    }
    const accepted = await new FormBrowser(f).authorize({ prompt: 'consent select_account' });
    assert.equal(accepted.status, 200);
  });

  it('takes lang through the whole sign-in without error', async () => {
    const b = new FormBrowser(f);
    const page = await b.authorize({ lang: 'fr', state: 'fr' });
    assert.equal(page.status, 200);
    const back = new URL((await b.submit({ username: 'alice', password: PASSWORD })).location!);
    assert.equal(back.searchParams.get('state'), 'fr');
    assert.ok(back.searchParams.get('code'));
  });
});
