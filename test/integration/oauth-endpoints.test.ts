import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { mintTokens } from '../../src/domain/signin/tokens.js';
import { PASSWORD } from '../helpers/fixtures.js';
import { APP, oauthFixture, type OAuthFixture, signInByForm } from '../helpers/oauth.js';
import { startServer, type TestServer } from '../helpers/server.js';

const CALLBACK = `${APP}/callback`;
const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
const CHALLENGE = createHash('sha256').update(VERIFIER).digest('base64url');

async function token(f: OAuthFixture, body: Record<string, string>, auth: 'basic' | 'post' | 'none' = 'basic', secret = f.clientSecret) {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  const form = new URLSearchParams(body);
  if (auth === 'basic') headers.authorization = `Basic ${Buffer.from(`${f.clientId}:${secret}`).toString('base64')}`;
  if (auth === 'post') {
    form.set('client_id', f.clientId);
    form.set('client_secret', secret);
  }
  const r = await fetch(`${f.base}/oauth2/token`, { method: 'POST', headers, body: form });
  return { status: r.status, type: r.headers.get('content-type'), body: (await r.json()) as Record<string, string> };
}

function codeOf(location: string): string {
  return new URL(location).searchParams.get('code')!;
}

describe('the OAuth 2.0 endpoints without a browser', () => {
  let s: TestServer;
  let f: OAuthFixture;
  before(async () => {
    s = await startServer();
    f = await oauthFixture(s.sdk, s.url);
  });
  after(() => s.close());

  it('signs in through the forms alone and exchanges the code, PKCE verified, for tokens with the asked scopes', async () => {
    const location = await signInByForm(f, { state: 'st@te=1&x', code_challenge: CHALLENGE, code_challenge_method: 'S256', nonce: 'n1' }, 'alice', PASSWORD);
    const back = new URL(location);
    assert.equal(`${back.origin}${back.pathname}`, CALLBACK);
    assert.equal(back.searchParams.get('state'), 'st@te=1&x');
    const t = await token(f, { grant_type: 'authorization_code', code: codeOf(location), redirect_uri: CALLBACK, code_verifier: VERIFIER });
    assert.equal(t.status, 200);
    assert.equal(t.type, 'application/json;charset=UTF-8');
    assert.deepEqual(Object.keys(t.body), ['id_token', 'access_token', 'refresh_token', 'expires_in', 'token_type']);
    const access = JSON.parse(Buffer.from(t.body.access_token!.split('.')[1]!, 'base64url').toString());
    assert.equal(access.scope, 'openid email');
    const id = JSON.parse(Buffer.from(t.body.id_token!.split('.')[1]!, 'base64url').toString());
    assert.equal(id.nonce, 'n1');
    assert.equal(id.aud, f.clientId);
  });

  it('refuses a reused code, a wrong verifier, a wrong redirect_uri and an expired code with invalid_grant', async () => {
    const pkce = { code_challenge: CHALLENGE, code_challenge_method: 'S256' };
    const code1 = codeOf(await signInByForm(f, pkce, 'alice', PASSWORD));
    assert.equal((await token(f, { grant_type: 'authorization_code', code: code1, redirect_uri: CALLBACK, code_verifier: VERIFIER })).status, 200);
    assert.deepEqual(await token(f, { grant_type: 'authorization_code', code: code1, redirect_uri: CALLBACK, code_verifier: VERIFIER }), {
      status: 400,
      type: 'application/json;charset=UTF-8',
      body: { error: 'invalid_grant' },
    });
    const code2 = codeOf(await signInByForm(f, pkce, 'alice', PASSWORD));
    assert.deepEqual((await token(f, { grant_type: 'authorization_code', code: code2, redirect_uri: CALLBACK, code_verifier: `${VERIFIER}x` })).body, {
      error: 'invalid_grant',
    });
    // The wrong verifier spent the code.
    assert.deepEqual((await token(f, { grant_type: 'authorization_code', code: code2, redirect_uri: CALLBACK, code_verifier: VERIFIER })).body, {
      error: 'invalid_grant',
    });
    const code3 = codeOf(await signInByForm(f, {}, 'alice', PASSWORD));
    assert.deepEqual((await token(f, { grant_type: 'authorization_code', code: code3, redirect_uri: 'http://localhost:3000/other' })).body, {
      error: 'invalid_grant',
    });
    const code4 = codeOf(await signInByForm(f, {}, 'alice', PASSWORD));
    s.clock.advance(301);
    assert.deepEqual((await token(f, { grant_type: 'authorization_code', code: code4, redirect_uri: CALLBACK })).body, { error: 'invalid_grant' });
  });

  it('authenticates the client by Basic or by body, and refuses a wrong secret or an unknown client with invalid_client', async () => {
    const code = codeOf(await signInByForm(f, {}, 'alice', PASSWORD));
    assert.deepEqual(await token(f, { grant_type: 'authorization_code', code, redirect_uri: CALLBACK }, 'basic', 'wrong'), {
      status: 400,
      type: 'application/json;charset=UTF-8',
      body: { error: 'invalid_client' },
    });
    assert.equal((await token(f, { grant_type: 'authorization_code', code, redirect_uri: CALLBACK }, 'post')).status, 200);
    assert.deepEqual((await token({ ...f, clientId: 'nosuchclient' }, { grant_type: 'authorization_code', code, redirect_uri: CALLBACK }, 'post')).body, {
      error: 'invalid_client',
    });
    assert.deepEqual((await token(f, { grant_type: 'client_secret_jwt' })).body, { error: 'unsupported_grant_type' });
    assert.deepEqual((await token(f, {})).body, { error: 'invalid_request' });
    assert.deepEqual((await token(f, { grant_type: 'refresh_token' })).body, { error: 'invalid_request' });
  });

  it('shows an error page, never a redirect, for an unknown client or a redirect_uri not registered', async () => {
    const cases: Record<string, string>[] = [
      { response_type: 'code', client_id: 'nosuchclient', redirect_uri: CALLBACK },
      { response_type: 'code', client_id: f.clientId, redirect_uri: 'https://evil.example.com/cb' },
      { response_type: 'code', client_id: f.clientId },
    ];
    for (const q of cases) {
      const r = await fetch(`${f.base}/oauth2/authorize?${new URLSearchParams(q)}`, { redirect: 'manual' });
      assert.equal(r.status, 400);
      assert.equal(r.headers.get('location'), null);
      assert.match(r.headers.get('content-type')!, /^text\/html/);
    }
  });

  it('sends the app invalid_request, unauthorized_client or invalid_scope with its state', async () => {
    const cases: [Record<string, string>, string][] = [
      [{ response_type: 'id_token' }, 'invalid_request'],
      [{ response_type: 'code', code_challenge: CHALLENGE, code_challenge_method: 'plain' }, 'invalid_request'],
      [{ response_type: 'code', code_challenge: CHALLENGE }, 'invalid_request'],
      [{ response_type: 'code', scope: 'openid-connect admin' }, 'invalid_scope'],
    ];
    for (const [q, error] of cases) {
      const params = new URLSearchParams({ client_id: f.clientId, redirect_uri: CALLBACK, state: 'keep me', ...q });
      const r = await fetch(`${f.base}/oauth2/authorize?${params}`, { redirect: 'manual' });
      assert.equal(r.status, 302, JSON.stringify(q));
      const to = new URL(r.headers.get('location')!);
      assert.equal(to.searchParams.get('error'), error);
      assert.equal(to.searchParams.get('state'), 'keep me');
    }
  });

  it('answers userInfo with the claims of the scopes, and refuses an API token that lacks openid', async () => {
    const code = codeOf(await signInByForm(f, { scope: 'openid email' }, 'alice', PASSWORD));
    const t = await token(f, { grant_type: 'authorization_code', code, redirect_uri: CALLBACK });
    const info = await fetch(`${f.base}/oauth2/userInfo`, { headers: { authorization: `Bearer ${t.body.access_token}` } });
    assert.equal(info.status, 200);
    const claims = (await info.json()) as Record<string, string>;
    assert.deepEqual(Object.keys(claims).sort(), ['email', 'email_verified', 'sub', 'username']);
    const svc = s.app.services;
    const api = await mintTokens(svc, (await svc.store.getClient(f.clientId))!, (await svc.store.getUser(f.poolId, 'alice'))!, svc.clock.now(), {
      withRefresh: false,
    });
    const noOpenid = await fetch(`${f.base}/oauth2/userInfo`, { headers: { authorization: `Bearer ${api.AccessToken}` } });
    assert.equal(noOpenid.status, 401);
    const refused = await fetch(`${f.base}/oauth2/userInfo`, { headers: { authorization: 'Bearer not.a.token' } });
    assert.equal(refused.status, 401);
    assert.match(refused.headers.get('www-authenticate')!, /error="invalid_token"/);
    const missing = await fetch(`${f.base}/oauth2/userInfo`);
    assert.equal(missing.status, 400);
  });

  it('refuses a POST to the sign-in form without the session CSRF token', async () => {
    const r = await fetch(`${f.base}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'username=alice&password=x',
    });
    assert.equal(r.status, 400);
  });

  it('keeps passwords and codes out of the request log', async () => {
    const location = await signInByForm(f, {}, 'alice', PASSWORD);
    const code = codeOf(location);
    await token(f, { grant_type: 'authorization_code', code, redirect_uri: CALLBACK });
    const text = s.logs.join('\n');
    assert.ok(!text.includes(PASSWORD));
    assert.ok(!text.includes(code));
  });

  it('answers at the host-based address DOMAIN.auth.REGION.localhost with the same root paths as Cognito', async () => {
    const port = new URL(s.url).port;
    const q = new URLSearchParams({ response_type: 'code', client_id: f.clientId, redirect_uri: CALLBACK, scope: 'openid' });
    const answer = await new Promise<{ status: number; location: string | undefined; cookie: string | undefined }>((resolve, reject) => {
      const r = request(
        { host: '127.0.0.1', port, path: `/oauth2/authorize?${q}`, headers: { host: `${f.domain}.auth.us-east-1.localhost:${port}` } },
        (res) => {
          res.resume();
          resolve({ status: res.statusCode!, location: res.headers.location, cookie: res.headers['set-cookie']?.[0] });
        },
      );
      r.on('error', reject);
      r.end();
    });
    assert.equal(answer.status, 302);
    assert.equal(answer.location, `/login?${q}`);
    const page = await new Promise<{ status: number; cookie: string | undefined }>((resolve, reject) => {
      const r = request({ host: '127.0.0.1', port, path: answer.location, headers: { host: `${f.domain}.auth.us-east-1.localhost:${port}` } }, (res) => {
        res.resume();
        resolve({ status: res.statusCode!, cookie: res.headers['set-cookie']?.[0] });
      });
      r.on('error', reject);
      r.end();
    });
    assert.equal(page.status, 200);
    assert.match(page.cookie!, /^cognate-hosted=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax$/);
  });

  it('marks the session cookie Secure when the request came over https through a proxy', async () => {
    const q = new URLSearchParams({ response_type: 'code', client_id: f.clientId, redirect_uri: CALLBACK, scope: 'openid' });
    const r = await fetch(`${f.base}/login?${q}`, { headers: { 'x-forwarded-proto': 'https' } });
    assert.match(r.headers.get('set-cookie')!, new RegExp(`^cognate-hosted=[^;]+; Path=/oauth/${f.domain}/; HttpOnly; SameSite=Lax; Secure$`));
  });

  it('answers junk at every endpoint with a 4xx, never a 500', async () => {
    const junk: [string, RequestInit][] = [
      ['/oauth2/token', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"grant_type":"authorization_code"}' }],
      [
        '/oauth2/token',
        {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: 'Basic ###' },
          body: 'grant_type=refresh_token&refresh_token=x',
        },
      ],
      [
        '/oauth2/token',
        {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: 'Basic Og==' },
          body: 'grant_type=authorization_code',
        },
      ],
      ['/oauth2/token', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '%%%&&&=%ZZ' }],
      ['/oauth2/token', { method: 'GET' }],
      ['/oauth2/revoke', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `client_id=${f.clientId}` }],
      ['/oauth2/revoke', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'token=x' }],
      ['/oauth2/userInfo', { headers: { authorization: 'Bearer ' } }],
      ['/oauth2/authorize?client_id=%ZZ&redirect_uri=%00', {}],
      ['/oauth2/authorize', {}],
      ['/login', {}],
      ['/login', { method: 'POST', headers: { 'content-type': 'multipart/form-data' }, body: 'x' }],
      ['/confirm', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'code=1' }],
      ['/logout', {}],
      [`/logout?client_id=${f.clientId}&logout_uri=https://evil.example.com/`, {}],
      ['/nothing-here', {}],
    ];
    for (const [path, init] of junk) {
      const r = await fetch(`${f.base}${path}`, { redirect: 'manual', ...init });
      assert.ok(r.status >= 400 && r.status < 500, `${init.method ?? 'GET'} ${path}: ${r.status}`);
      assert.equal(r.headers.get('location'), null, path);
    }
    const noDomain = await fetch(`${s.url}/oauth/no-such-domain/oauth2/authorize`);
    assert.equal(noDomain.status, 404);
  });

  it('gives the browser a new session id at sign-in, so an id known before it is worth nothing after', async () => {
    const q = new URLSearchParams({ response_type: 'code', client_id: f.clientId, redirect_uri: CALLBACK, scope: 'openid' });
    const page = await fetch(`${f.base}/login?${q}`);
    const before = page.headers.get('set-cookie')!.split(';')[0]!;
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1]!;
    const post = await fetch(`${f.base}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: before },
      body: new URLSearchParams({ _csrf: csrf, username: 'alice', password: PASSWORD }),
    });
    assert.equal(post.status, 303);
    const after = post.headers.get('set-cookie')!.split(';')[0]!;
    assert.notEqual(after, before);
    const withOld = await fetch(`${f.base}/oauth2/authorize?${q}`, { redirect: 'manual', headers: { cookie: before } });
    assert.match(withOld.headers.get('location')!, /\/login\?/);
    const withNew = await fetch(`${f.base}/oauth2/authorize?${q}`, { redirect: 'manual', headers: { cookie: after } });
    assert.ok(new URL(withNew.headers.get('location')!).searchParams.get('code'));
  });
});
