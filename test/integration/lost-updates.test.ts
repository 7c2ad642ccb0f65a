/**
 * Issue 9, item 3: every change to a user is atomic with respect to every other. Each test runs two
 * operations of one user at the same time, over real sockets (separate connections, or pipelined on
 * one), and checks that both changes are kept.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AdminGetUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import { rawCall, startServer, type TestServer } from '../helpers/server.js';
import { createConfirmedUser, createPoolAndClient, PASSWORD, signIn } from '../helpers/fixtures.js';
import { pipeline } from '../helpers/pipeline.js';

const SMS_ON = [{ DeliveryMedium: 'SMS', AttributeName: 'phone_number' }];

describe('Concurrent changes of one user keep every change', () => {
  let s: TestServer;
  let poolId: string;
  let clientId: string;
  before(async () => {
    // A realistic scrypt cost, so that a password check spans many turns of the event loop.
    s = await startServer({ passwordHashCost: 16384 });
    ({ poolId, clientId } = await createPoolAndClient(s.sdk));
  });
  after(async () => s.close());

  const smsMfaOn = async (username: string) => (await s.sdk.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: username }))).MFAOptions !== undefined;

  it('keeps the MFA switch of SetUserSettings made while ChangePassword checks the old password (20 of 20 trials)', async () => {
    await createConfirmedUser(s.sdk, poolId, 'carol');
    const { accessToken } = await signIn(s.sdk, clientId, 'carol');
    let password = PASSWORD;
    for (let trial = 0; trial < 20; trial++) {
      const next = `Trial-${trial}-Passw0rd!`;
      const on = trial % 2 === 0;
      const [change, settings] = await Promise.all([
        rawCall(s.url, 'ChangePassword', { AccessToken: accessToken, PreviousPassword: password, ProposedPassword: next }),
        rawCall(s.url, 'SetUserSettings', { AccessToken: accessToken, MFAOptions: on ? SMS_ON : [] }),
      ]);
      assert.equal(change.status, 200, JSON.stringify(change.body));
      assert.equal(settings.status, 200, JSON.stringify(settings.body));
      assert.equal(await smsMfaOn('carol'), on, `trial ${trial}: the MFA switch was lost`);
      password = next;
    }
    // The last password is the one that works: no password change was lost either.
    const r = await rawCall(s.url, 'InitiateAuth', {
      ClientId: clientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: 'carol', PASSWORD: password },
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
  });

  it('keeps the MFA switch of SetUserSettings made while AdminSetUserPassword hashes the new password', async () => {
    await createConfirmedUser(s.sdk, poolId, 'dave');
    const { accessToken } = await signIn(s.sdk, clientId, 'dave');
    for (let trial = 0; trial < 10; trial++) {
      const on = trial % 2 === 0;
      const [set, settings] = await Promise.all([
        rawCall(s.url, 'AdminSetUserPassword', { UserPoolId: poolId, Username: 'dave', Password: `Admin-${trial}-Passw0rd!`, Permanent: true }),
        rawCall(s.url, 'SetUserSettings', { AccessToken: accessToken, MFAOptions: on ? SMS_ON : [] }),
      ]);
      assert.equal(set.status, 200, JSON.stringify(set.body));
      assert.equal(settings.status, 200, JSON.stringify(settings.body));
      assert.equal(await smsMfaOn('dave'), on, `trial ${trial}: the MFA switch was lost`);
    }
  });

  it('keeps both UpdateUserAttributes and SetUserSettings sent pipelined on one connection', async () => {
    await createConfirmedUser(s.sdk, poolId, 'erin');
    const { accessToken } = await signIn(s.sdk, clientId, 'erin');
    for (let trial = 0; trial < 10; trial++) {
      const on = trial % 2 === 0;
      const answers = await pipeline(s.url, [
        { operation: 'UpdateUserAttributes', body: { AccessToken: accessToken, UserAttributes: [{ Name: 'name', Value: `Erin ${trial}` }] } },
        { operation: 'SetUserSettings', body: { AccessToken: accessToken, MFAOptions: on ? SMS_ON : [] } },
      ]);
      assert.deepEqual(
        answers.map((a) => a.status),
        [200, 200],
        JSON.stringify(answers),
      );
      const user = await s.sdk.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'erin' }));
      assert.equal(user.UserAttributes!.find((a) => a.Name === 'name')?.Value, `Erin ${trial}`, `trial ${trial}: the attribute change was lost`);
      assert.equal(user.MFAOptions !== undefined, on, `trial ${trial}: the MFA switch was lost`);
    }
  });

  it('leaves a user disabled by AdminDisableUser while ChangePassword was checking the old password', async () => {
    await createConfirmedUser(s.sdk, poolId, 'fred');
    const { accessToken } = await signIn(s.sdk, clientId, 'fred');
    for (let trial = 0; trial < 5; trial++) {
      await rawCall(s.url, 'AdminEnableUser', { UserPoolId: poolId, Username: 'fred' });
      const { accessToken: token } = trial === 0 ? { accessToken } : await signIn(s.sdk, clientId, 'fred');
      const [change, disable] = await Promise.all([
        rawCall(s.url, 'ChangePassword', { AccessToken: token, PreviousPassword: PASSWORD, ProposedPassword: PASSWORD }),
        rawCall(s.url, 'AdminDisableUser', { UserPoolId: poolId, Username: 'fred' }),
      ]);
      assert.equal(disable.status, 200, JSON.stringify(disable.body));
      // ChangePassword either landed before the disable or was refused after it; the user stays disabled.
      assert.ok(change.status === 200 || change.body.__type === 'NotAuthorizedException', JSON.stringify(change.body));
      const user = await s.sdk.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'fred' }));
      assert.equal(user.Enabled, false, `trial ${trial}: ChangePassword re-enabled the user`);
    }
  });

  it('keeps all of many SetUserSettings and UpdateUserAttributes calls pipelined together: the last of each wins', async () => {
    await createConfirmedUser(s.sdk, poolId, 'gina');
    const { accessToken } = await signIn(s.sdk, clientId, 'gina');
    const calls = [];
    for (let i = 0; i < 20; i++) {
      calls.push({
        operation: 'UpdateUserAttributes',
        body: { AccessToken: accessToken, UserAttributes: [{ Name: i % 2 ? 'name' : 'family_name', Value: `v${i}` }] },
      });
      calls.push({ operation: 'SetUserSettings', body: { AccessToken: accessToken, MFAOptions: i % 2 ? [] : SMS_ON } });
    }
    const answers = await pipeline(s.url, calls);
    assert.ok(
      answers.every((a) => a.status === 200),
      JSON.stringify(answers.filter((a) => a.status !== 200)),
    );
    const user = await s.sdk.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'gina' }));
    const attr = (n: string) => user.UserAttributes!.find((a) => a.Name === n)?.Value;
    assert.equal(attr('name'), 'v19');
    assert.equal(attr('family_name'), 'v18');
    assert.equal(user.MFAOptions, undefined);
  });

  it('leaves no working token from sign-ins that raced with AdminDisableUser', async () => {
    await createConfirmedUser(s.sdk, poolId, 'hugo');
    const signIns = Array.from({ length: 8 }, () =>
      rawCall(s.url, 'InitiateAuth', { ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'hugo', PASSWORD } }),
    );
    const disable = rawCall(s.url, 'AdminDisableUser', { UserPoolId: poolId, Username: 'hugo' });
    const answers = await Promise.all(signIns);
    assert.equal((await disable).status, 200);
    await rawCall(s.url, 'AdminEnableUser', { UserPoolId: poolId, Username: 'hugo' });
    const issued = answers.filter((a) => a.status === 200).map((a) => a.body.AuthenticationResult.AccessToken as string);
    for (const token of issued) {
      const r = await rawCall(s.url, 'GetUser', { AccessToken: token });
      assert.deepEqual(r.body, { __type: 'NotAuthorizedException', message: 'Access Token has been revoked' });
    }
  });
});
