/**
 * Federated sign-in in a real headless Chromium: openid-client is the app, cognate's hosted pages send the
 * browser to a real external OpenID provider (node-oidc-provider on loopback, its development sign-in and
 * consent pages), and back. The first sign-in creates the federated user, the next finds it, a linked
 * identity signs in as its native user, and a SAML provider answers its error page.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AdminGetUserCommand,
  AdminLinkProviderForUserCommand,
  CreateIdentityProviderCommand,
  ListUsersCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { PreSignUpTriggerEvent } from 'aws-lambda';
import * as oidc from 'openid-client';
import type { Browser, Page } from 'playwright-core';
import { type AppServer, launchChromium, skipWithoutChromium, startApp } from '../helpers/browser.js';
import { createConfirmedUser } from '../helpers/fixtures.js';
import { addOidcProvider, supportProviders } from '../helpers/federation.js';
import { oauthFixture, type OAuthFixture } from '../helpers/oauth.js';
import { type ExternalProvider, startOidcProvider } from '../helpers/oidc-provider.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { eventsOf, fnArn, LAMBDA_DIR } from '../helpers/triggers.js';

const IDP_CLIENT = { clientId: 'cognate-rp', clientSecret: 'cognate-rp-secret-0123456789' };

describe('federated sign-in through an external OpenID provider, in a browser', { skip: skipWithoutChromium }, () => {
  let s: TestServer;
  let f: OAuthFixture;
  let idp: ExternalProvider;
  let browser: Browser;
  let app: AppServer;
  before(async () => {
    s = await startServer({ lambdaDir: LAMBDA_DIR });
    app = await startApp();
    f = await oauthFixture(s.sdk, s.url, app.base, 'alice', {
      LambdaConfig: { PreSignUp: fnArn('preSignUpExternal') },
    });
    idp = await startOidcProvider({ ...IDP_CLIENT, redirectUris: [`${f.base}/oauth2/idpresponse`] });
    await addOidcProvider(s.sdk, f, 'Partner', { issuer: idp.issuer, ...IDP_CLIENT });
    await s.sdk.send(
      new CreateIdentityProviderCommand({
        UserPoolId: f.poolId,
        ProviderName: 'Corp',
        ProviderType: 'SAML',
        ProviderDetails: { MetadataURL: 'https://idp.example.org/metadata' },
      }),
    );
    await supportProviders(s.sdk, f, ['Partner', 'Corp']);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await idp?.close();
    await s?.close();
    await app?.close();
  });

  const lastCallback = () => new URL(app.last(f.callback));

  /** A page in a browser context of its own; nothing leaves loopback (the provider's pages link web fonts). */
  async function newPage(): Promise<Page> {
    const context = await browser.newContext();
    await context.route(/^https?:\/\/(?!127\.0\.0\.1[:/])/, (route) => route.abort());
    return context.newPage();
  }

  async function discover(): Promise<oidc.Configuration> {
    return oidc.discovery(new URL(f.issuer), f.clientId, undefined, oidc.ClientSecretBasic(f.clientSecret), { execute: [oidc.allowInsecureRequests] });
  }

  /** Signs in at the provider's development pages as `login` (any password), consents, and waits for the app. */
  async function atProvider(page: Page, login: string): Promise<void> {
    await page.waitForURL((u) => u.href.startsWith(idp.issuer));
    await page.locator('input[name="login"]').fill(login);
    await page.locator('input[name="password"]').fill('any-password');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL((u) => u.href.startsWith(f.callback));
  }

  /** A code flow with PKCE through the provider, from `identity_provider` or the sign-in page's link; the tokens. */
  async function signIn(login: string, via: 'parameter' | 'link') {
    const config = await discover();
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: f.callback,
      scope: 'openid email profile',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
      ...(via === 'parameter' ? { identity_provider: 'Partner' } : {}),
    });
    const page = await newPage();
    await page.goto(url.href);
    if (via === 'link') {
      assert.equal(await page.getByRole('link', { name: /^Continue with/ }).count(), 1, 'one link: the SAML provider has none');
      await page.getByRole('link', { name: 'Continue with Partner' }).click();
    }
    await atProvider(page, login);
    await page.context().close();
    return oidc.authorizationCodeGrant(config, lastCallback(), { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce });
  }

  const userCount = async () => (await s.sdk.send(new ListUsersCommand({ UserPoolId: f.poolId }))).Users!.length;

  it('creates PROVIDER_sub at the first sign-in, with the mapped email, and finds the same user at the second', async () => {
    const before = await userCount();
    const tokens = await signIn('alice', 'parameter');
    const claims = tokens.claims()!;
    assert.equal(claims['cognito:username'], 'Partner_alice');
    assert.equal(claims.email, 'alice@idp.example.org');
    const identities = claims.identities as Record<string, unknown>[];
    assert.equal(identities.length, 1);
    assert.equal(identities[0]!.userId, 'alice');
    assert.equal(identities[0]!.providerName, 'Partner');
    assert.equal(identities[0]!.providerType, 'OIDC');

    const user = await s.sdk.send(new AdminGetUserCommand({ UserPoolId: f.poolId, Username: 'Partner_alice' }));
    assert.equal(user.UserStatus, 'EXTERNAL_PROVIDER');
    const attrs = Object.fromEntries(user.UserAttributes!.map((a) => [a.Name, a.Value]));
    assert.equal(attrs.email, 'alice@idp.example.org');
    assert.equal(attrs.name, 'Alice External');
    assert.equal(attrs.sub, claims.sub);
    assert.equal(await userCount(), before + 1);

    const external = () => eventsOf<PreSignUpTriggerEvent>(s.logs, 'preSignUpExternal').filter((e) => e.triggerSource === 'PreSignUp_ExternalProvider');
    const [event] = external();
    assert.equal(event!.userName, 'Partner_alice');
    assert.equal(event!.callerContext.clientId, f.clientId);
    assert.equal(event!.request.userAttributes.email, 'alice@idp.example.org');

    const again = await signIn('alice', 'link');
    assert.equal(again.claims()!.sub, claims.sub);
    assert.equal(await userCount(), before + 1);
    assert.equal(external().length, 1);
  });

  it('signs in as the native user an identity was linked to with AdminLinkProviderForUser', async () => {
    await createConfirmedUser(s.sdk, f.poolId, 'bob');
    await s.sdk.send(
      new AdminLinkProviderForUserCommand({
        UserPoolId: f.poolId,
        DestinationUser: { ProviderName: 'Cognito', ProviderAttributeValue: 'bob' },
        SourceUser: { ProviderName: 'Partner', ProviderAttributeName: 'Cognito_Subject', ProviderAttributeValue: 'bobby' },
      }),
    );
    const before = await userCount();
    const claims = (await signIn('bobby', 'parameter')).claims()!;
    assert.equal(claims['cognito:username'], 'bob');
    const bob = await s.sdk.send(new AdminGetUserCommand({ UserPoolId: f.poolId, Username: 'bob' }));
    assert.equal(claims.sub, bob.UserAttributes!.find((a) => a.Name === 'sub')!.Value);
    assert.equal((claims.identities as Record<string, unknown>[])[0]!.userId, 'bobby');
    assert.equal(await userCount(), before);
    await assert.rejects(s.sdk.send(new AdminGetUserCommand({ UserPoolId: f.poolId, Username: 'Partner_bobby' })), { name: 'UserNotFoundException' });
  });

  it('shows the SAML error page for a SAML provider, with status 400', async () => {
    const config = await discover();
    const page = await newPage();
    const res = await page.goto(oidc.buildAuthorizationUrl(config, { redirect_uri: f.callback, scope: 'openid', identity_provider: 'Corp' }).href);
    assert.equal(res!.status(), 400);
    assert.match((await page.getByRole('alert').textContent())!, /SAML sign-in is not supported by cognate\./);
    await page.context().close();
  });
});
