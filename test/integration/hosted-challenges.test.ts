import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AdminCreateUserCommand, SetUserPoolMfaConfigCommand } from '@aws-sdk/client-cognito-identity-provider';
import { createConfirmedUser, PASSWORD, SMS_CONFIGURATION } from '../helpers/fixtures.js';
import { lastMessage, totpAt } from '../helpers/mfa.js';
import { FormBrowser, oauthFixture, type OAuthFixture } from '../helpers/oauth.js';
import { startServer, type TestServer } from '../helpers/server.js';

/** The challenges of the hosted pages, driven by form posts alone (no JavaScript, no browser). */
describe('hosted sign-in challenges', () => {
  let s: TestServer;
  let f: OAuthFixture;
  before(async () => {
    s = await startServer();
    f = await oauthFixture(s.sdk, s.url);
  });
  after(() => s.close());

  const codeOf = (location: string | null) => new URL(location!).searchParams.get('code');

  it('asks a user with a temporary password for a new one, then goes back to the app with a code', async () => {
    await s.sdk.send(new AdminCreateUserCommand({ UserPoolId: f.poolId, Username: 'newbie', TemporaryPassword: 'TempPassw0rd!', MessageAction: 'SUPPRESS' }));
    const b = new FormBrowser(f);
    const signIn = await b.authorize({ state: 's1' });
    assert.match(signIn.html, /<label for="username"[^>]*>Username<\/label>/);
    assert.match(signIn.html, /<label for="password"[^>]*>Password<\/label>/);
    const page = await b.submit({ username: 'newbie', password: 'TempPassw0rd!' });
    assert.match(page.html, /<label for="new_password"[^>]*>New password<\/label>/);
    const weak = await b.submit({ new_password: 'short' });
    assert.equal(weak.status, 200);
    assert.match(weak.html, /role="alert"/);
    const done = await b.submit({ new_password: 'Brand-n3w-Passw0rd' });
    assert.equal(done.status, 303);
    assert.ok(codeOf(done.location));
    assert.equal(new URL(done.location!).searchParams.get('state'), 's1');
  });

  it('shows a wrong password on the sign-in page, keeping the username and never the password', async () => {
    const b = new FormBrowser(f);
    await b.authorize();
    const page = await b.submit({ username: 'alice', password: 'Wr0ng-password' });
    assert.equal(page.status, 200);
    assert.match(page.html, /Incorrect username or password\./);
    assert.match(page.html, /value="alice"/);
    assert.doesNotMatch(page.html, /Wr0ng-password/);
  });

  it('escapes what the user typed when the page shows it again', async () => {
    const b = new FormBrowser(f);
    await b.authorize();
    const page = await b.submit({ username: '"><script>alert(1)</script>', password: 'x' });
    assert.doesNotMatch(page.html, /<script>alert/);
    assert.match(page.html, /&#34;&#62;&#60;script&#62;/);
  });

  it('returns the tokens in the fragment for response_type token', async () => {
    const b = new FormBrowser(f);
    await b.authorize({ response_type: 'token', scope: 'openid email', state: 'imp' });
    const done = await b.submit({ username: 'alice', password: PASSWORD });
    const fragment = new URLSearchParams(new URL(done.location!).hash.slice(1));
    assert.ok(fragment.get('access_token'));
    assert.ok(fragment.get('id_token'));
    assert.equal(fragment.get('token_type'), 'Bearer');
    assert.equal(fragment.get('state'), 'imp');
    assert.equal(fragment.get('refresh_token'), null);
  });
});

describe('hosted sign-in with TOTP required', () => {
  let s: TestServer;
  let f: OAuthFixture;
  before(async () => {
    s = await startServer();
    f = await oauthFixture(s.sdk, s.url);
    await s.sdk.send(
      new SetUserPoolMfaConfigCommand({
        UserPoolId: f.poolId,
        MfaConfiguration: 'ON',
        SmsMfaConfiguration: { SmsConfiguration: SMS_CONFIGURATION },
        SoftwareTokenMfaConfiguration: { Enabled: true },
      }),
    );
    await createConfirmedUser(s.sdk, f.poolId, 'totp-user', null);
  });
  after(() => s.close());

  it('sets up an authenticator with its otpauth URI, then asks for its codes at the next sign-in', async () => {
    const b = new FormBrowser(f);
    await b.authorize();
    const setup = await b.submit({ username: 'totp-user', password: PASSWORD });
    const secret = /id="totp-secret">([A-Z2-7]+)</.exec(setup.html)?.[1];
    assert.ok(secret, setup.html);
    assert.match(setup.html, new RegExp(`otpauth://totp/cognate%3Atotp-user\\?secret=${secret}&#38;issuer=cognate`));
    assert.match(setup.html, /<label for="code"[^>]*>Code<\/label>/);
    const done = await b.submit({ code: totpAt(secret, s.clock) });
    assert.equal(done.status, 303, done.html);
    assert.ok(codeOf(done.location));

    s.clock.advance(30);
    const again = new FormBrowser(f);
    await again.authorize();
    const ask = await again.submit({ username: 'totp-user', password: PASSWORD });
    assert.match(ask.html, /authenticator app/);
    const signedIn = await again.submit({ code: totpAt(secret, s.clock) });
    assert.equal(signedIn.status, 303, signedIn.html);
    assert.ok(codeOf(signedIn.location));
  });

  function codeOf(location: string | null) {
    return new URL(location!).searchParams.get('code');
  }
});

describe('hosted sign-up and password reset', () => {
  let s: TestServer;
  let f: OAuthFixture;
  before(async () => {
    s = await startServer();
    f = await oauthFixture(s.sdk, s.url, undefined, 'alice', { AutoVerifiedAttributes: ['email'] });
  });
  after(() => s.close());

  it('signs up, confirms with the emailed code, then signs in and goes back to the app', async () => {
    const b = new FormBrowser(f);
    const signIn = await b.authorize({ state: 'su' });
    assert.match(signIn.html, /href="\/oauth\/[^"]+\/signup"/);
    const form = await b.open('signup');
    assert.match(form.html, /<label for="email"[^>]*>Email<\/label>/);
    const weak = await b.submit({ username: 'carol', email: 'carol@example.com', password: 'short' }, 'signup');
    assert.match(weak.html, /role="alert"/);
    assert.match(weak.html, /value="carol@example.com"/);
    const confirm = await b.submit({ username: 'carol', email: 'carol@example.com', password: PASSWORD }, 'signup');
    assert.match(confirm.html, /Confirm your account/);
    assert.match(confirm.html, /We sent a code to c\*\*\*@e\*\*\*\./);
    const { code } = await lastMessage(s.url, f.poolId, 'carol');
    const wrong = await b.submit({ code: code === '000000' ? '111111' : '000000' }, 'confirm');
    assert.match(wrong.html, /Invalid verification code provided, please try again\.|role="alert"/);
    const back = await b.submit({ code }, 'confirm');
    assert.match(back.html, /Your account is confirmed\. Sign in\./);
    const done = await b.submit({ username: 'carol', password: PASSWORD });
    assert.equal(done.status, 303, done.html);
    assert.equal(new URL(done.location!).searchParams.get('state'), 'su');
  });

  it('resets a forgotten password with the emailed code, and the new password signs in', async () => {
    const b = new FormBrowser(f);
    await b.authorize();
    await b.open('forgotPassword');
    const confirm = await b.submit({ username: 'alice' }, 'forgotPassword');
    assert.match(confirm.html, /<label for="new_password"[^>]*>New password<\/label>/);
    const { code } = await lastMessage(s.url, f.poolId, 'alice');
    const back = await b.submit({ code, new_password: 'Rec0vered-Passw0rd' }, 'confirmForgotPassword');
    assert.match(back.html, /Your password has been changed/);
    const old = await b.submit({ username: 'alice', password: PASSWORD });
    assert.match(old.html, /Incorrect username or password\./);
    const done = await b.submit({ username: 'alice', password: 'Rec0vered-Passw0rd' });
    assert.equal(done.status, 303, done.html);
  });
});
