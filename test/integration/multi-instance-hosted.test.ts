import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FakeClock } from '../../src/clock.js';
import { PASSWORD } from '../helpers/fixtures.js';
import { lastMessage } from '../helpers/mfa.js';
import { FormBrowser, oauthFixture, type OAuthFixture } from '../helpers/oauth.js';
import { freshSchema, skipWithoutPostgres, type TestSchema } from '../helpers/postgres.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { AdminSetUserSettingsCommand } from '@aws-sdk/client-cognito-identity-provider';

/** The hosted pages' state (browser sessions, CSRF tokens, challenges, codes) is shared through PostgreSQL. */
describe('hosted sign-in across two instances on one PostgreSQL database', { skip: skipWithoutPostgres }, () => {
  let schema: TestSchema;
  let a: TestServer;
  let b: TestServer;
  let fa: OAuthFixture;
  let fb: OAuthFixture;

  before(async () => {
    schema = freshSchema();
    const clock = new FakeClock(new Date());
    a = await startServer({}, { store: await schema.open(), clock });
    b = await startServer({}, { store: await schema.open(), clock });
    fa = await oauthFixture(a.sdk, a.url);
    // The same pool, domain and clients, reached through B.
    fb = { ...fa, base: fa.base.replace(a.url, b.url), issuer: fa.issuer.replace(a.url, b.url) };
  });
  after(async () => {
    await a?.close();
    await b?.close();
    await schema?.drop();
  });

  it('starts a sign-in on one instance, answers its SMS code on the other, and exchanges the code on the first once only', async () => {
    await a.sdk.send(
      new AdminSetUserSettingsCommand({ UserPoolId: fa.poolId, Username: 'alice', MFAOptions: [{ DeliveryMedium: 'SMS', AttributeName: 'phone_number' }] }),
    );
    const onA = new FormBrowser(fa);
    await onA.authorize({ scope: 'openid phone' });
    const page = await onA.submit({ username: 'alice', password: PASSWORD });
    assert.match(page.html, /<label for="code"[^>]*>Code<\/label>/);
    // The same browser (cookie, CSRF token) now reaches instance B.
    onA.via(fb);
    const { code } = await lastMessage(b.url, fa.poolId, 'alice');
    const done = await onA.submit({ code });
    assert.equal(done.status, 303, done.html);
    const authCode = new URL(done.location!).searchParams.get('code')!;
    const exchange = (base: string) =>
      fetch(`${base}/oauth2/token`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: `Basic ${Buffer.from(`${fa.clientId}:${fa.clientSecret}`).toString('base64')}`,
        },
        body: new URLSearchParams({ grant_type: 'authorization_code', code: authCode, redirect_uri: fa.callback }),
      });
    const [first, second] = await Promise.all([exchange(fa.base), exchange(fb.base)]);
    assert.deepEqual([first.status, second.status].sort(), [200, 400]);
  });
});
