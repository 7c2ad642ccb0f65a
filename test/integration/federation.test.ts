/**
 * Federated sign-in through /oauth2/authorize and /oauth2/idpresponse without a browser: a real external
 * provider (node-oidc-provider) driven by fetch, and a forged one (a loopback server answering tokens the
 * test signs) for what a real provider never does: a bad signature, a wrong nonce, another audience.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import {
  AdminDisableUserCommand,
  AdminGetUserCommand,
  AdminUpdateUserAttributesCommand,
  CreateIdentityProviderCommand,
  ListUsersCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { FakeClock } from '../../src/clock.js';
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { addOidcProvider, CookieJar, getWith, signInAtProvider, supportProviders } from '../helpers/federation.js';
import { oauthFixture, type OAuthFixture } from '../helpers/oauth.js';
import { startOidcProvider, type ExternalProvider } from '../helpers/oidc-provider.js';
import { freshSchema, skipWithoutPostgres, type TestSchema } from '../helpers/postgres.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { eventsOf, fnArn, LAMBDA_DIR } from '../helpers/triggers.js';

const IDP_CLIENT = { clientId: 'cognate-rp', clientSecret: 'cognate-rp-secret-0123456789' };

/** A provider that answers what the test says: discovery, JWKS, and a token response built per request. */
async function forgedProvider(): Promise<{
  issuer: string;
  key: CryptoKey;
  jwk: JWK;
  idToken: (claims: Record<string, unknown>, key?: CryptoKey) => Promise<string>;
  answer: { token: (() => Promise<Record<string, unknown>>) | null };
  close: () => Promise<void>;
}> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), kid: 'forged-1', alg: 'RS256', use: 'sig' };
  const pub = { kty: jwk.kty, n: jwk.n, e: jwk.e, kid: jwk.kid, alg: jwk.alg, use: jwk.use };
  const answer: { token: (() => Promise<Record<string, unknown>>) | null } = { token: null };
  let issuer = '';
  const server: Server = createServer((req, res) => {
    const send = (body: unknown) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (req.url === '/.well-known/openid-configuration') {
      send({ issuer, authorization_endpoint: `${issuer}/auth`, token_endpoint: `${issuer}/token`, jwks_uri: `${issuer}/jwks` });
    } else if (req.url === '/jwks') {
      send({ keys: [pub] });
    } else if (req.url === '/token' && answer.token) {
      req.resume();
      req.on('end', () => void answer.token!().then(send));
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    issuer,
    key: privateKey,
    jwk,
    idToken: (claims, key = privateKey) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid: 'forged-1' })
        .setIssuer(issuer)
        .setAudience(IDP_CLIENT.clientId)
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(key),
    answer,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

describe('federated sign-in through an OIDC provider', () => {
  let s: TestServer;
  let f: OAuthFixture;
  let idp: ExternalProvider;
  before(async () => {
    s = await startServer({ lambdaDir: LAMBDA_DIR });
    f = await oauthFixture(s.sdk, s.url, undefined, 'alice', {
      LambdaConfig: { PreSignUp: fnArn('preSignUpExternal'), PostConfirmation: fnArn('postConfirmation') },
    });
    idp = await startOidcProvider({ ...IDP_CLIENT, redirectUris: [`${f.base}/oauth2/idpresponse`] });
    await addOidcProvider(s.sdk, f, 'Ext', { issuer: idp.issuer, ...IDP_CLIENT }, { identifiers: ['example.org'] });
    await s.sdk.send(
      new CreateIdentityProviderCommand({
        UserPoolId: f.poolId,
        ProviderName: 'Corp',
        ProviderType: 'SAML',
        ProviderDetails: { MetadataURL: 'https://idp.example.org/metadata' },
      }),
    );
    await supportProviders(s.sdk, f, ['Ext', 'Corp']);
  });
  after(async () => {
    await idp?.close();
    await s?.close();
  });

  /** /oauth2/authorize through a provider, in a browser (cookie jar) of its own. */
  async function authorize(jar: CookieJar, params: Record<string, string>): Promise<Response> {
    const q = new URLSearchParams({
      response_type: 'code',
      client_id: f.clientId,
      redirect_uri: f.callback,
      scope: 'openid email',
      state: 'app-state',
      ...params,
    });
    return getWith(jar, `${f.base}/oauth2/authorize?${q}`);
  }

  /** The app's callback parameters. */
  function appParams(res: Response): URLSearchParams {
    assert.equal(res.status, 302);
    const location = res.headers.get('location')!;
    assert.ok(location.startsWith(f.callback), location);
    return new URL(location).searchParams;
  }

  it('sends the browser to the provider with its client id, the domain\u2019s idpresponse, the scopes, a state and a nonce', async () => {
    const res = await authorize(new CookieJar(), { identity_provider: 'Ext' });
    assert.equal(res.status, 302);
    const to = new URL(res.headers.get('location')!);
    assert.equal(to.origin, idp.issuer);
    assert.equal(to.searchParams.get('client_id'), IDP_CLIENT.clientId);
    assert.equal(to.searchParams.get('redirect_uri'), `${f.base}/oauth2/idpresponse`);
    assert.equal(to.searchParams.get('scope'), 'openid email profile');
    assert.equal(to.searchParams.get('response_type'), 'code');
    assert.match(to.searchParams.get('state')!, /^[A-Za-z0-9_-]{43}$/);
    assert.match(to.searchParams.get('nonce')!, /^[A-Za-z0-9_-]{43}$/);
    assert.notEqual(to.searchParams.get('state'), 'app-state');
  });

  it('finds the provider by idp_identifier too', async () => {
    const res = await authorize(new CookieJar(), { idp_identifier: 'example.org' });
    assert.equal(new URL(res.headers.get('location')!).origin, idp.issuer);
  });

  it('creates the federated user at the first sign-in, with PreSignUp_ExternalProvider, and finds it at the next', async () => {
    const jar = new CookieJar();
    const back = await signInAtProvider((await authorize(jar, { identity_provider: 'Ext' })).headers.get('location')!, 'carol');
    const done = appParams(await getWith(jar, back));
    assert.equal(done.get('state'), 'app-state');
    assert.ok(done.get('code'));
    const user = await s.sdk.send(new AdminGetUserCommand({ UserPoolId: f.poolId, Username: 'Ext_carol' }));
    assert.equal(user.UserStatus, 'EXTERNAL_PROVIDER');
    const attrs = Object.fromEntries(user.UserAttributes!.map((a) => [a.Name, a.Value]));
    assert.equal(attrs.email, 'carol@idp.example.org');
    assert.equal(attrs.email_verified, 'true', 'the PreSignUp answer autoVerifyEmail is honoured');
    const identities = JSON.parse(attrs.identities!);
    assert.deepEqual(
      identities.map((i: Record<string, unknown>) => [i.userId, i.providerName, i.providerType, i.issuer, i.primary]),
      [['carol', 'Ext', 'OIDC', idp.issuer, true]],
    );
    const events = eventsOf<{
      triggerSource: string;
      userName: string;
      callerContext: { clientId: string };
      request: { userAttributes: Record<string, string> };
    }>(s.logs, 'preSignUpExternal').filter((e) => e.userName === 'Ext_carol');
    assert.equal(events.length, 1);
    assert.equal(events[0]!.triggerSource, 'PreSignUp_ExternalProvider');
    assert.equal(events[0]!.callerContext.clientId, f.clientId);
    assert.equal(events[0]!.request.userAttributes.email, 'carol@idp.example.org');

    const count = (await s.sdk.send(new ListUsersCommand({ UserPoolId: f.poolId }))).Users!.length;
    const jar2 = new CookieJar();
    const again = await signInAtProvider((await authorize(jar2, { identity_provider: 'Ext' })).headers.get('location')!, 'carol');
    assert.ok(appParams(await getWith(jar2, again)).get('code'));
    assert.equal((await s.sdk.send(new ListUsersCommand({ UserPoolId: f.poolId }))).Users!.length, count);
    assert.equal(eventsOf<{ userName: string }>(s.logs, 'preSignUpExternal').filter((e) => e.userName === 'Ext_carol').length, 1);
    assert.deepEqual(eventsOf(s.logs, 'postConfirmation'), [], 'no PostConfirmation for an external provider');
  });

  /** A whole federated sign-in as `login`; the app's callback parameters. */
  async function federatedSignIn(login: string): Promise<URLSearchParams> {
    const jar = new CookieJar();
    const back = await signInAtProvider((await authorize(jar, { identity_provider: 'Ext' })).headers.get('location')!, login);
    return appParams(await getWith(jar, back));
  }

  it('writes the mapped attributes again at each sign-in, and leaves the others alone', async () => {
    assert.ok((await federatedSignIn('gina')).get('code'));
    await s.sdk.send(
      new AdminUpdateUserAttributesCommand({
        UserPoolId: f.poolId,
        Username: 'Ext_gina',
        UserAttributes: [
          { Name: 'name', Value: 'Changed here' },
          { Name: 'family_name', Value: 'Kept' },
        ],
      }),
    );
    assert.ok((await federatedSignIn('gina')).get('code'));
    const attrs = Object.fromEntries(
      (await s.sdk.send(new AdminGetUserCommand({ UserPoolId: f.poolId, Username: 'Ext_gina' }))).UserAttributes!.map((a) => [a.Name, a.Value]),
    );
    assert.equal(attrs.name, 'Gina External');
    assert.equal(attrs.family_name, 'Kept');
  });

  it('sends a disabled federated user back to the app with an error, not a code', async () => {
    assert.ok((await federatedSignIn('hank')).get('code'));
    await s.sdk.send(new AdminDisableUserCommand({ UserPoolId: f.poolId, Username: 'Ext_hank' }));
    const p = await federatedSignIn('hank');
    assert.equal(p.get('code'), null);
    assert.equal(p.get('error'), 'invalid_request');
    assert.equal(p.get('error_description'), 'User is disabled.');
  });

  it('refuses a replayed provider answer with an error page, after the first one signed in', async () => {
    const jar = new CookieJar();
    const back = await signInAtProvider((await authorize(jar, { identity_provider: 'Ext' })).headers.get('location')!, 'dave');
    assert.ok(appParams(await getWith(jar, back)).get('code'));
    const replay = await getWith(jar, back);
    assert.equal(replay.status, 400);
    assert.match(await replay.text(), /expired or was already used/);
  });

  it('refuses an unknown state, and a missing one, with an error page', async () => {
    const forged = await fetch(`${f.base}/oauth2/idpresponse?code=abc&state=${'A'.repeat(43)}`, { redirect: 'manual' });
    assert.equal(forged.status, 400);
    assert.match(await forged.text(), /expired or was already used/);
    const none = await fetch(`${f.base}/oauth2/idpresponse?code=abc`, { redirect: 'manual' });
    assert.equal(none.status, 400);
  });

  it('refuses the provider\u2019s answer in a browser other than the one that started the sign-in', async () => {
    const back = await signInAtProvider((await authorize(new CookieJar(), { identity_provider: 'Ext' })).headers.get('location')!, 'erin');
    const elsewhere = await getWith(new CookieJar(), back);
    assert.equal(elsewhere.status, 400);
    assert.match(await elsewhere.text(), /started in another browser/);
    await assert.rejects(s.sdk.send(new AdminGetUserCommand({ UserPoolId: f.poolId, Username: 'Ext_erin' })), { name: 'UserNotFoundException' });
  });

  it('passes the provider\u2019s access_denied on to the app with its state', async () => {
    const jar = new CookieJar();
    const back = await signInAtProvider((await authorize(jar, { identity_provider: 'Ext' })).headers.get('location')!, 'x', { cancel: true });
    const p = appParams(await getWith(jar, back));
    assert.equal(p.get('error'), 'access_denied');
    assert.equal(p.get('state'), 'app-state');
    assert.equal(p.get('code'), null);
  });

  it('sends a throwing PreSignUp\u2019s error to the app and creates no user', async () => {
    const jar = new CookieJar();
    const back = await signInAtProvider((await authorize(jar, { identity_provider: 'Ext' })).headers.get('location')!, 'blocked');
    const p = appParams(await getWith(jar, back));
    assert.equal(p.get('error'), 'invalid_request');
    assert.equal(p.get('error_description'), 'PreSignUp failed with error External user refused..');
    assert.equal(p.get('state'), 'app-state');
    await assert.rejects(s.sdk.send(new AdminGetUserCommand({ UserPoolId: f.poolId, Username: 'Ext_blocked' })), { name: 'UserNotFoundException' });
  });

  it('answers a provider the client does not support, or an unknown one, with Cognito\u2019s error page', async () => {
    for (const params of [{ identity_provider: 'Nobody' }, { idp_identifier: 'nowhere.example' }] as Record<string, string>[]) {
      const res = await authorize(new CookieJar(), params);
      assert.equal(res.status, 400);
      assert.match(await res.text(), /Login option is not available\. Please try another one\./);
    }
  });

  it('answers a SAML provider, and the SAML response endpoint, with a page saying SAML is not supported (400)', async () => {
    const res = await authorize(new CookieJar(), { identity_provider: 'Corp' });
    assert.equal(res.status, 400);
    assert.match(await res.text(), /SAML sign-in is not supported by cognate\./);
    const acs = await fetch(`${f.base}/saml2/idpresponse`, {
      method: 'POST',
      body: 'SAMLResponse=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.equal(acs.status, 400);
    assert.match(await acs.text(), /SAML sign-in is not supported by cognate\./);
  });

  it('answers a social provider with an error page (400): cognate does not reach the internet', async () => {
    await s.sdk.send(
      new CreateIdentityProviderCommand({
        UserPoolId: f.poolId,
        ProviderName: 'Google',
        ProviderType: 'Google',
        ProviderDetails: { client_id: 'g', client_secret: 'g-secret', authorize_scopes: 'openid email' },
      }),
    );
    await supportProviders(s.sdk, f, ['Ext', 'Corp', 'Google']);
    const res = await authorize(new CookieJar(), { identity_provider: 'Google' });
    assert.equal(res.status, 400);
    assert.match(await res.text(), /Sign-in through Google is not supported by cognate: use an OIDC provider\./);
  });

  it('shows a "Continue with" link on the sign-in page for each OIDC provider of the client, and none for SAML or Google', async () => {
    const res = await authorize(new CookieJar(), {});
    const jar = new CookieJar();
    const page = await getWith(jar, new URL(res.headers.get('location')!, f.base).href);
    const html = await page.text();
    const links = [...html.matchAll(/<a [^>]*href="([^"]+)">Continue with ([^<]+)<\/a>/g)];
    assert.deepEqual(
      links.map((l) => l[2]),
      ['Ext'],
    );
    const href = new URL(
      links[0]![1]!.replace(/&#(\d+);/g, (_, c: string) => String.fromCharCode(Number(c))),
      f.base,
    );
    assert.equal(href.searchParams.get('identity_provider'), 'Ext');
    assert.equal(href.searchParams.get('state'), 'app-state');
    assert.equal(new URL((await getWith(jar, href.href)).headers.get('location')!).origin, idp.issuer);
  });

  it('sends the app invalid_request when the provider cannot be reached', async () => {
    const dead = await startOidcProvider({ ...IDP_CLIENT, redirectUris: [`${f.base}/oauth2/idpresponse`] });
    await addOidcProvider(s.sdk, f, 'Gone', { issuer: dead.issuer, ...IDP_CLIENT });
    await supportProviders(s.sdk, f, ['Ext', 'Corp', 'Gone']);
    const jar = new CookieJar();
    // Discovery worked at authorize; the provider goes away before the token request.
    const back = await signInAtProvider((await authorize(jar, { identity_provider: 'Gone' })).headers.get('location')!, 'frank');
    await dead.close();
    const p = appParams(await getWith(jar, back));
    assert.equal(p.get('error'), 'invalid_request');
    assert.equal(p.get('error_description'), 'Connection reset');
    assert.equal(p.get('state'), 'app-state');
    // And now discovery fails too (a new issuer on the dead port is never cached).
    await addOidcProvider(s.sdk, f, 'Gone2', { issuer: `${dead.issuer}/x`, ...IDP_CLIENT });
    await supportProviders(s.sdk, f, ['Ext', 'Corp', 'Gone', 'Gone2']);
    const first = appParams(await authorize(new CookieJar(), { identity_provider: 'Gone2' }));
    assert.equal(first.get('error'), 'invalid_request');
    assert.equal(first.get('error_description'), 'Connection reset');
  });
});

describe('federated sign-in refuses ID tokens that do not verify', () => {
  let s: TestServer;
  let f: OAuthFixture;
  let forged: Awaited<ReturnType<typeof forgedProvider>>;
  before(async () => {
    s = await startServer();
    f = await oauthFixture(s.sdk, s.url);
    forged = await forgedProvider();
    await addOidcProvider(s.sdk, f, 'Forged', { issuer: forged.issuer, ...IDP_CLIENT });
    await supportProviders(s.sdk, f, ['Forged']);
  });
  after(async () => {
    await forged?.close();
    await s?.close();
  });

  /** Starts a sign-in and answers it with `code`; the token endpoint answers what `token` builds from the nonce. */
  async function answerWith(token: (nonce: string) => Promise<Record<string, unknown>>, more = ''): Promise<URLSearchParams> {
    const jar = new CookieJar();
    const q = new URLSearchParams({
      response_type: 'code',
      client_id: f.clientId,
      redirect_uri: f.callback,
      scope: 'openid',
      state: 's1',
      identity_provider: 'Forged',
    });
    const start = await getWith(jar, `${f.base}/oauth2/authorize?${q}`);
    const to = new URL(start.headers.get('location')!);
    assert.equal(to.origin, forged.issuer);
    const nonce = to.searchParams.get('nonce')!;
    forged.answer.token = () => token(nonce);
    const back = await getWith(jar, `${f.base}/oauth2/idpresponse?code=c1&state=${to.searchParams.get('state')}${more}`);
    assert.equal(back.status, 302);
    const location = back.headers.get('location')!;
    assert.ok(location.startsWith(f.callback), location);
    return new URL(location).searchParams;
  }

  it('signs in with a token that verifies (the forged provider itself works)', async () => {
    const p = await answerWith(async (nonce) => ({ id_token: await forged.idToken({ sub: 'ok1', nonce }), token_type: 'Bearer' }));
    assert.ok(p.get('code'), p.toString());
    const user = await s.sdk.send(new AdminGetUserCommand({ UserPoolId: f.poolId, Username: 'Forged_ok1' }));
    assert.equal(user.UserStatus, 'EXTERNAL_PROVIDER');
  });

  it('refuses an ID token signed by another key', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const p = await answerWith(async (nonce) => ({ id_token: await forged.idToken({ sub: 'bad1', nonce }, privateKey) }));
    assert.equal(p.get('error'), 'invalid_request');
    assert.match(p.get('error_description')!, /^Invalid id_token from Forged/);
    assert.equal(p.get('state'), 's1');
    await assert.rejects(s.sdk.send(new AdminGetUserCommand({ UserPoolId: f.poolId, Username: 'Forged_bad1' })), { name: 'UserNotFoundException' });
  });

  it('refuses an ID token with another nonce', async () => {
    const p = await answerWith(async () => ({ id_token: await forged.idToken({ sub: 'bad2', nonce: 'not-the-one' }) }));
    assert.equal(p.get('error'), 'invalid_request');
    assert.equal(p.get('error_description'), 'Invalid id_token from Forged: the nonce does not match');
  });

  it('refuses an ID token for another audience', async () => {
    const p = await answerWith(async (nonce) => {
      const other = await new SignJWT({ sub: 'bad3', nonce })
        .setProtectedHeader({ alg: 'RS256', kid: 'forged-1' })
        .setIssuer(forged.issuer)
        .setAudience('someone-else')
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(forged.key);
      return { id_token: other };
    });
    assert.equal(p.get('error'), 'invalid_request');
    assert.match(p.get('error_description')!, /^Invalid id_token from Forged: ERR_JWT_CLAIM_VALIDATION_FAILED/);
  });

  it('refuses an answer that names another issuer (RFC 9207) before asking for tokens', async () => {
    let asked = false;
    const p = await answerWith(
      async (nonce) => {
        asked = true;
        return { id_token: await forged.idToken({ sub: 'bad4', nonce }) };
      },
      `&iss=${encodeURIComponent('https://elsewhere.example')}`,
    );
    assert.equal(p.get('error'), 'invalid_request');
    assert.equal(p.get('error_description'), 'The answer came from another issuer than Forged');
    assert.equal(asked, false);
  });

  it('refuses a token response without an ID token', async () => {
    const p = await answerWith(async () => ({ access_token: 'x', token_type: 'Bearer' }));
    assert.equal(p.get('error'), 'invalid_request');
    assert.equal(p.get('error_description'), 'Forged answered no id_token');
  });
});

describe('federated sign-in across two instances on one PostgreSQL database', { skip: skipWithoutPostgres }, () => {
  let schema: TestSchema;
  let a: TestServer;
  let b: TestServer;
  let fa: OAuthFixture;
  let forged: Awaited<ReturnType<typeof forgedProvider>>;
  before(async () => {
    schema = freshSchema();
    const clock = new FakeClock(new Date());
    a = await startServer({}, { store: await schema.open(), clock });
    b = await startServer({}, { store: await schema.open(), clock });
    fa = await oauthFixture(a.sdk, a.url);
    forged = await forgedProvider();
    await addOidcProvider(a.sdk, fa, 'Forged', { issuer: forged.issuer, ...IDP_CLIENT });
    await supportProviders(a.sdk, fa, ['Forged']);
  });
  after(async () => {
    await forged?.close();
    await a?.close();
    await b?.close();
    await schema?.drop();
  });

  it('starts on one instance, and of the same answer delivered to both, exactly one signs in', async () => {
    const jar = new CookieJar();
    const q = new URLSearchParams({
      response_type: 'code',
      client_id: fa.clientId,
      redirect_uri: fa.callback,
      scope: 'openid',
      state: 's2',
      identity_provider: 'Forged',
    });
    const to = new URL((await getWith(jar, `${fa.base}/oauth2/authorize?${q}`)).headers.get('location')!);
    const nonce = to.searchParams.get('nonce')!;
    forged.answer.token = async () => ({ id_token: await forged.idToken({ sub: 'twice', nonce }) });
    const answer = `/oauth2/idpresponse?code=c1&state=${to.searchParams.get('state')}`;
    const bBase = fa.base.replace(a.url, b.url);
    const [onA, onB] = await Promise.all([getWith(jar, `${fa.base}${answer}`), getWith(jar, `${bBase}${answer}`)]);
    const answers = [onA, onB].map((r) => (r.status === 302 && new URL(r.headers.get('location')!).searchParams.get('code') ? 'code' : r.status));
    assert.deepEqual(answers.sort(), [400, 'code']);
    const user = await b.sdk.send(new AdminGetUserCommand({ UserPoolId: fa.poolId, Username: 'Forged_twice' }));
    assert.equal(user.UserStatus, 'EXTERNAL_PROVIDER');
  });
});
