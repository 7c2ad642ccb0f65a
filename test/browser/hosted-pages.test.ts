/**
 * The hosted sign-in pages in a real headless Chromium, with openid-client as the relying party: discovery,
 * authorization code with PKCE, token, userInfo, refresh, revocation and sign-out; and a sign-in whose SMS
 * MFA was switched on with `cognate cognito-idp set-user-settings`. One browser for the file.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { JwtVerifier } from 'aws-jwt-verify';
import { validateCognitoJwtFields } from 'aws-jwt-verify/cognito-verifier';
import * as oidc from 'openid-client';
import type { Browser, Page } from 'playwright-core';
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  InitiateAuthCommand,
  SetUserPoolMfaConfigCommand,
  UpdateUserPoolClientCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { type AppServer, launchChromium, skipWithoutChromium, startApp } from '../helpers/browser.js';
import { PASSWORD, PHONE, SMS_CONFIGURATION } from '../helpers/fixtures.js';
import { totpAt } from '../helpers/mfa.js';
import { oauthFixture, type OAuthFixture } from '../helpers/oauth.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { baseEnv, caseDir, cognate } from '../cli/helpers.js';

/** Screenshots of the pages land in dist/screenshots/ (the README's are copies of them). */
const SHOTS = 'dist/screenshots';
mkdirSync(SHOTS, { recursive: true });
const shot = (name: string) => `${SHOTS}/hosted-${name}.png`;
const skip = skipWithoutChromium;

describe('hosted sign-in pages in a browser', { skip }, () => {
  let s: TestServer;
  let browser: Browser;
  let f: OAuthFixture;
  let app: AppServer;
  let CALLBACK = '';
  let SIGNED_OUT = '';
  before(async () => {
    s = await startServer();
    app = await startApp();
    f = await oauthFixture(s.sdk, s.url, app.base);
    CALLBACK = f.callback;
    SIGNED_OUT = f.signedOut;
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await s?.close();
    await app?.close();
  });

  /** The last URL the app's callback was sent (the browser also asks the app for its favicon). */
  function lastCallback(): string {
    return app.last(CALLBACK);
  }

  /** A page in a browser context of its own (its own cookies). */
  async function appPage(): Promise<{ page: Page }> {
    const context = await browser.newContext();
    return { page: await context.newPage() };
  }

  async function discover(): Promise<oidc.Configuration> {
    return oidc.discovery(new URL(f.issuer), f.clientId, undefined, oidc.ClientSecretBasic(f.clientSecret), { execute: [oidc.allowInsecureRequests] });
  }

  it('runs discovery, authorization code with PKCE, token, userInfo, refresh, revocation and sign-out with openid-client', async () => {
    const config = await discover();
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: CALLBACK,
      scope: 'openid email profile',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    const { page } = await appPage();
    await page.goto(url.href);
    await page.getByLabel('Username').fill('alice');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((u) => u.href.startsWith(CALLBACK));
    const back = new URL(lastCallback());
    assert.equal(back.searchParams.get('state'), state);

    const tokens = await oidc.authorizationCodeGrant(config, back, { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce });
    const claims = tokens.claims()!;
    assert.equal(claims.aud, f.clientId);
    assert.equal(claims['cognito:username'], 'alice');
    const jwks = await (await fetch(`${f.issuer}/.well-known/jwks.json`)).json();
    const idVerifier = JwtVerifier.create({
      issuer: f.issuer,
      audience: f.clientId,
      jwksUri: `${f.issuer}/.well-known/jwks.json`,
      customJwtCheck: ({ payload }) => validateCognitoJwtFields(payload, { tokenUse: 'id', clientId: f.clientId }),
    });
    idVerifier.cacheJwks(jwks as never);
    const verified = await idVerifier.verify(tokens.id_token!);
    assert.equal(verified.nonce, nonce);

    const info = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
    assert.equal(info.email, 'alice@example.com');
    assert.equal(info.username, 'alice');

    const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
    assert.equal(refreshed.refresh_token, undefined);
    assert.equal(refreshed.claims()!.sub, claims.sub);

    // The browser is still signed in: authorize goes straight back with a new code.
    await page.goto(oidc.buildAuthorizationUrl(config, { redirect_uri: CALLBACK, scope: 'openid', state: 'again' }).href);
    await page.waitForURL((u) => u.href.startsWith(CALLBACK));
    assert.ok(new URL(lastCallback()).searchParams.get('code'));

    await oidc.tokenRevocation(config, tokens.refresh_token!);
    await assert.rejects(oidc.refreshTokenGrant(config, tokens.refresh_token!), (e: Error & { error?: string }) => e.error === 'invalid_grant');

    await page.goto(`${f.base}/logout?${new URLSearchParams({ client_id: f.clientId, logout_uri: SIGNED_OUT })}`);
    await page.waitForURL((u) => u.href.startsWith(SIGNED_OUT));
    // Signed out: authorize shows the sign-in page again.
    await page.goto(oidc.buildAuthorizationUrl(config, { redirect_uri: CALLBACK, scope: 'openid', state: 'third' }).href);
    await page.getByLabel('Username').waitFor();
    await page.screenshot({ path: shot('sign-in') });
    await page.context().close();
  });

  it('completes the SMS_MFA page with the code from the outbox after set-user-settings switched SMS MFA on', async () => {
    await s.sdk.send(
      new AdminCreateUserCommand({
        UserPoolId: f.poolId,
        Username: 'smsuser',
        MessageAction: 'SUPPRESS',
        UserAttributes: [{ Name: 'phone_number', Value: PHONE }],
      }),
    );
    await s.sdk.send(new AdminSetUserPasswordCommand({ UserPoolId: f.poolId, Username: 'smsuser', Password: PASSWORD, Permanent: true }));
    await s.sdk.send(
      new UpdateUserPoolClientCommand({
        UserPoolId: f.poolId,
        ClientId: f.publicClientId,
        ClientName: 'spa',
        ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
        AllowedOAuthFlows: ['code'],
        AllowedOAuthScopes: ['openid', 'phone'],
        AllowedOAuthFlowsUserPoolClient: true,
        CallbackURLs: [CALLBACK],
        LogoutURLs: [SIGNED_OUT],
      }),
    );
    const api = await s.sdk.send(
      new InitiateAuthCommand({ ClientId: f.publicClientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'smsuser', PASSWORD } }),
    );
    const dir = caseDir();
    const cli = await cognate(
      [
        'cognito-idp',
        'set-user-settings',
        '--access-token',
        api.AuthenticationResult!.AccessToken!,
        '--mfa-options',
        'DeliveryMedium=SMS,AttributeName=phone_number',
        '--endpoint-url',
        s.url,
      ],
      dir,
      baseEnv(dir),
    );
    assert.equal(cli.code, 0, cli.stderr);

    const config = await oidc.discovery(new URL(f.issuer), f.publicClientId, undefined, oidc.None(), { execute: [oidc.allowInsecureRequests] });
    const verifier = oidc.randomPKCECodeVerifier();
    const { page } = await appPage();
    await page.goto(
      oidc.buildAuthorizationUrl(config, {
        redirect_uri: CALLBACK,
        scope: 'openid phone',
        code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
        state: 'sms',
      }).href,
    );
    await page.getByLabel('Username').fill('smsuser');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByLabel('Code').waitFor();
    assert.match((await page.textContent('main')) ?? '', /text message to \+\*+1234/);
    await page.screenshot({ path: shot('sms-code') });
    const outbox = (await (await fetch(`${s.url}/_cognate/messages?poolId=${f.poolId}&username=smsuser`)).json()) as { messages: { code: string }[] };
    const code = outbox.messages.at(-1)!.code;
    await page.getByLabel('Code').fill('000000' === code ? '111111' : '000000');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').waitFor();
    assert.match((await page.getByRole('alert').textContent())!, /Invalid code/);
    await page.getByLabel('Code').fill(code);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((u) => u.href.startsWith(CALLBACK));
    const tokens = await oidc.authorizationCodeGrant(config, new URL(lastCallback()), { pkceCodeVerifier: verifier, expectedState: 'sms' });
    assert.equal(tokens.claims()!['cognito:username'], 'smsuser');
    assert.equal(tokens.claims()!.phone_number_verified, true);
    await page.context().close();
  });

  it('sets up an authenticator on the MFA_SETUP page from the shown secret, in a pool that requires TOTP', async () => {
    await s.sdk.send(new AdminCreateUserCommand({ UserPoolId: f.poolId, Username: 'totpuser', MessageAction: 'SUPPRESS' }));
    await s.sdk.send(new AdminSetUserPasswordCommand({ UserPoolId: f.poolId, Username: 'totpuser', Password: PASSWORD, Permanent: true }));
    await s.sdk.send(
      new SetUserPoolMfaConfigCommand({
        UserPoolId: f.poolId,
        MfaConfiguration: 'ON',
        SmsMfaConfiguration: { SmsConfiguration: SMS_CONFIGURATION },
        SoftwareTokenMfaConfiguration: { Enabled: true },
      }),
    );
    const config = await discover();
    const { page } = await appPage();
    await page.goto(oidc.buildAuthorizationUrl(config, { redirect_uri: CALLBACK, scope: 'openid', state: 'totp' }).href);
    await page.getByLabel('Username').fill('totpuser');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const secret = (await page.locator('#totp-secret').textContent())!;
    assert.match((await page.locator('#totp-uri').getAttribute('href'))!, new RegExp(`^otpauth://totp/cognate%3Atotpuser\\?secret=${secret}&issuer=cognate$`));
    await page.screenshot({ path: shot('totp-setup') });
    await page.getByLabel('Code').fill(totpAt(secret, s.clock));
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.waitForURL((u) => u.href.startsWith(CALLBACK));
    assert.equal(new URL(lastCallback()).searchParams.get('state'), 'totp');
    await page.context().close();
  });
});
