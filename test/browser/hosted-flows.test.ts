/**
 * The hosted pages' other flows in a real headless Chromium: the new password a temporary one asks for,
 * sign-up with its emailed confirmation code, a forgotten password reset with its emailed code, and a
 * pool's UI customization (CSS and logo) on the sign-in page. Each ends as an app's sign-in does: the
 * app's callback receives a code, and openid-client exchanges it at /oauth2/token. One browser for the
 * file, a pool of its own for each test.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as oidc from 'openid-client';
import type { Browser, Page } from 'playwright-core';
import { AdminCreateUserCommand, SetUICustomizationCommand } from '@aws-sdk/client-cognito-identity-provider';
import { type AppServer, launchChromium, skipWithoutChromium, startApp } from '../helpers/browser.js';
import { PASSWORD } from '../helpers/fixtures.js';
import { lastMessage } from '../helpers/mfa.js';
import { oauthFixture, type OAuthFixture } from '../helpers/oauth.js';
import { startServer, type TestServer } from '../helpers/server.js';

/** A 1x1 PNG that a browser can decode (the logo must really show). */
const LOGO = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

describe('hosted sign-in flows in a browser', { skip: skipWithoutChromium }, () => {
  let s: TestServer;
  let browser: Browser;
  let app: AppServer;
  before(async () => {
    s = await startServer();
    app = await startApp();
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await s?.close();
    await app?.close();
  });

  /** A pool with a domain, its confidential client as openid-client sees it, and a page of a browser context of its own. */
  async function start(pool: Parameters<typeof oauthFixture>[4] = {}): Promise<{ f: OAuthFixture; config: oidc.Configuration; page: Page }> {
    const f = await oauthFixture(s.sdk, s.url, app.base, 'alice', pool);
    const config = await oidc.discovery(new URL(f.issuer), f.clientId, undefined, oidc.ClientSecretBasic(f.clientSecret), {
      execute: [oidc.allowInsecureRequests],
    });
    const context = await browser.newContext();
    return { f, config, page: await context.newPage() };
  }

  /** Opens the authorization request (PKCE, a state) and resolves with what the token exchange needs. */
  async function authorize(config: oidc.Configuration, f: OAuthFixture, page: Page, state: string): Promise<{ verifier: string; state: string }> {
    const verifier = oidc.randomPKCECodeVerifier();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: f.callback,
      scope: 'openid email',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
    });
    await page.goto(url.href);
    return { verifier, state };
  }

  /** Waits for the app's callback, checks its state, and exchanges its code at /oauth2/token. */
  async function exchange(config: oidc.Configuration, f: OAuthFixture, page: Page, asked: { verifier: string; state: string }) {
    await page.waitForURL((u) => u.href.startsWith(f.callback));
    const back = new URL(app.last(f.callback));
    assert.equal(back.searchParams.get('state'), asked.state);
    assert.ok(back.searchParams.get('code'));
    return oidc.authorizationCodeGrant(config, back, { pkceCodeVerifier: asked.verifier, expectedState: asked.state });
  }

  async function signIn(page: Page, username: string, password: string): Promise<void> {
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }

  it('has a user made with a temporary password choose a new one on the page, and the app gets its code', async () => {
    const { f, config, page } = await start();
    await s.sdk.send(new AdminCreateUserCommand({ UserPoolId: f.poolId, Username: 'newbie', TemporaryPassword: 'TempPassw0rd!', MessageAction: 'SUPPRESS' }));
    const asked = await authorize(config, f, page, 'new-password');
    await signIn(page, 'newbie', 'TempPassw0rd!');
    await page.getByRole('heading', { name: 'Change your password' }).waitFor();
    await page.getByLabel('New password').fill('short');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByRole('alert').waitFor();
    await page.getByLabel('New password').fill('Brand-n3w-Passw0rd');
    await page.getByRole('button', { name: 'Change password' }).click();
    const tokens = await exchange(config, f, page, asked);
    assert.equal(tokens.claims()!['cognito:username'], 'newbie');
    await page.context().close();
  });

  it('signs up, confirms with the code from the outbox, signs in, and the app gets its code', async () => {
    const { f, config, page } = await start({ AutoVerifiedAttributes: ['email'] });
    const asked = await authorize(config, f, page, 'sign-up');
    await page.getByRole('link', { name: 'Sign up' }).click();
    await page.getByLabel('Username').fill('carol');
    await page.getByLabel('Email').fill('carol@example.com');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign up' }).click();
    await page.getByRole('heading', { name: 'Confirm your account' }).waitFor();
    assert.match((await page.textContent('main'))!, /We sent a code to c\*\*\*@e\*\*\*\./);
    const { code } = await lastMessage(s.url, f.poolId, 'carol');
    await page.getByLabel('Code').fill(code);
    await page.getByRole('button', { name: 'Confirm account' }).click();
    await page.getByRole('status').waitFor();
    assert.equal(await page.getByRole('status').textContent(), 'Your account is confirmed. Sign in.');
    await signIn(page, 'carol', PASSWORD);
    const tokens = await exchange(config, f, page, asked);
    assert.equal(tokens.claims()!['cognito:username'], 'carol');
    assert.equal(tokens.claims()!.email, 'carol@example.com');
    assert.equal(tokens.claims()!.email_verified, true);
    await page.context().close();
  });

  it('resets a forgotten password with the code from the outbox, signs in with the new one, and the app gets its code', async () => {
    const { f, config, page } = await start();
    const asked = await authorize(config, f, page, 'forgot');
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await page.getByLabel('Username').fill('alice');
    await page.getByRole('button', { name: 'Reset my password' }).click();
    await page.getByRole('heading', { name: 'Reset your password' }).waitFor();
    const { code } = await lastMessage(s.url, f.poolId, 'alice');
    await page.getByLabel('Code').fill(code);
    await page.getByLabel('New password').fill('Rec0vered-Passw0rd');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByRole('status').waitFor();
    await signIn(page, 'alice', PASSWORD);
    await page.getByRole('alert').waitFor();
    assert.equal(await page.getByRole('alert').textContent(), 'Incorrect username or password.');
    await signIn(page, 'alice', 'Rec0vered-Passw0rd');
    const tokens = await exchange(config, f, page, asked);
    assert.equal(tokens.claims()!['cognito:username'], 'alice');
    await page.context().close();
  });

  it("shows the pool's customization CSS and logo on the sign-in page, and the sign-in still ends with the app's code", async () => {
    const { f, config, page } = await start();
    const css = '.submitButton-customizable { background-color: #010203; }\n.label-customizable { color: #0a0b0c; }\n.banner-customizable { padding: 4px; }';
    await s.sdk.send(new SetUICustomizationCommand({ UserPoolId: f.poolId, ClientId: 'ALL', CSS: css, ImageFile: LOGO }));
    const refused: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) refused.push(m.text());
    });
    const asked = await authorize(config, f, page, 'branded');
    const button = page.getByRole('button', { name: 'Sign in' });
    assert.equal(await button.evaluate((e) => getComputedStyle(e).backgroundColor), 'rgb(1, 2, 3)');
    assert.equal(await page.locator('label[for="username"]').evaluate((e) => getComputedStyle(e).color), 'rgb(10, 11, 12)');
    const logo = page.getByRole('img', { name: 'Logo' });
    assert.equal(await logo.evaluate((e) => (e as HTMLImageElement).complete && (e as HTMLImageElement).naturalWidth), 1);
    assert.deepEqual(refused, [], 'the Content-Security-Policy lets the CSS and the logo through');
    await signIn(page, 'alice', PASSWORD);
    const tokens = await exchange(config, f, page, asked);
    assert.equal(tokens.claims()!['cognito:username'], 'alice');
    await page.context().close();
  });
});
