import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminGetUserCommand,
  AdminSetUserSettingsCommand,
  GetUserCommand,
  GlobalSignOutCommand,
  InitiateAuthCommand,
  ListUsersCommand,
  RespondToAuthChallengeCommand,
  SetUserSettingsCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { startServer, rawCall, type TestServer } from '../helpers/server.js';
import { PASSWORD, signedInUser, signIn } from '../helpers/fixtures.js';

const SMS = [{ DeliveryMedium: 'SMS' as const, AttributeName: 'phone_number' }];

describe('SetUserSettings through the AWS SDK v3', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
  });
  after(async () => s.close());

  it('turns legacy SMS MFA on, shows MFAOptions in GetUser, AdminGetUser and ListUsers, and off again with []', async () => {
    const u = await signedInUser(s.sdk);
    const out = await s.sdk.send(new SetUserSettingsCommand({ AccessToken: u.accessToken, MFAOptions: SMS }));
    assert.equal(out.$metadata.httpStatusCode, 200);
    const me = await s.sdk.send(new GetUserCommand({ AccessToken: u.accessToken }));
    assert.deepEqual(me.MFAOptions, SMS);
    assert.equal(me.UserMFASettingList, undefined);
    assert.equal(me.PreferredMfaSetting, undefined);
    const admin = await s.sdk.send(new AdminGetUserCommand({ UserPoolId: u.poolId, Username: u.username }));
    assert.deepEqual(admin.MFAOptions, SMS);
    const list = await s.sdk.send(new ListUsersCommand({ UserPoolId: u.poolId }));
    assert.deepEqual(list.Users![0]!.MFAOptions, SMS);

    await s.sdk.send(new SetUserSettingsCommand({ AccessToken: u.accessToken, MFAOptions: [] }));
    const raw = await rawCall(s.url, 'GetUser', { AccessToken: u.accessToken });
    assert.equal('MFAOptions' in raw.body, false);
  });

  it('answers 200 with an empty JSON object', async () => {
    const u = await signedInUser(s.sdk);
    const r = await rawCall(s.url, 'SetUserSettings', { AccessToken: u.accessToken, MFAOptions: SMS });
    assert.equal(r.status, 200);
    assert.deepEqual(r.body, {});
    assert.match(r.headers.get('x-amzn-requestid')!, /^[0-9a-f-]{36}$/);
  });

  it('makes the next sign-in answer SMS_MFA with a masked number, and the outbox code returns tokens', async () => {
    const u = await signedInUser(s.sdk);
    await s.sdk.send(new SetUserSettingsCommand({ AccessToken: u.accessToken, MFAOptions: SMS }));
    const first = await s.sdk.send(
      new InitiateAuthCommand({ ClientId: u.clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: u.username, PASSWORD } }),
    );
    assert.equal(first.ChallengeName, 'SMS_MFA');
    assert.deepEqual(first.ChallengeParameters, { CODE_DELIVERY_DELIVERY_MEDIUM: 'SMS', CODE_DELIVERY_DESTINATION: '+*******1234' });
    const box = (await (await fetch(`${s.url}/_cognate/messages?poolId=${u.poolId}&username=${u.username}`)).json()) as {
      messages: Array<{ code: string; destination: string }>;
    };
    const code = box.messages.at(-1)!.code;
    assert.match(code, /^\d{6}$/);
    await assert.rejects(
      s.sdk.send(
        new RespondToAuthChallengeCommand({
          ClientId: u.clientId,
          ChallengeName: 'SMS_MFA',
          Session: first.Session,
          ChallengeResponses: { USERNAME: u.username, SMS_MFA_CODE: code === '000000' ? '111111' : '000000' },
        }),
      ),
      { name: 'CodeMismatchException', message: 'Invalid code or auth state for the user.' },
    );
    const done = await s.sdk.send(
      new RespondToAuthChallengeCommand({
        ClientId: u.clientId,
        ChallengeName: 'SMS_MFA',
        Session: first.Session,
        ChallengeResponses: { USERNAME: u.username, SMS_MFA_CODE: code },
      }),
    );
    assert.ok(done.AuthenticationResult?.AccessToken);
    const me = await s.sdk.send(new GetUserCommand({ AccessToken: done.AuthenticationResult!.AccessToken! }));
    assert.equal(me.UserAttributes!.find((a) => a.Name === 'phone_number_verified')?.Value, 'true');
  });

  it('refuses an SMS_MFA answer after the 3-minute code lifetime with NotAuthorizedException', async () => {
    const u = await signedInUser(s.sdk);
    await s.sdk.send(new SetUserSettingsCommand({ AccessToken: u.accessToken, MFAOptions: SMS }));
    const first = await s.sdk.send(
      new InitiateAuthCommand({ ClientId: u.clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: u.username, PASSWORD } }),
    );
    const box = (await (await fetch(`${s.url}/_cognate/messages?poolId=${u.poolId}`)).json()) as { messages: Array<{ code: string }> };
    s.clock.advance(181);
    await assert.rejects(
      s.sdk.send(
        new RespondToAuthChallengeCommand({
          ClientId: u.clientId,
          ChallengeName: 'SMS_MFA',
          Session: first.Session,
          ChallengeResponses: { USERNAME: u.username, SMS_MFA_CODE: box.messages.at(-1)!.code },
        }),
      ),
      { name: 'NotAuthorizedException', message: 'Invalid session for the user, session is expired.' },
    );
  });

  it('AdminSetUserSettings switches the same flag by pool and username', async () => {
    const u = await signedInUser(s.sdk);
    await s.sdk.send(new AdminSetUserSettingsCommand({ UserPoolId: u.poolId, Username: u.username, MFAOptions: SMS }));
    assert.deepEqual((await s.sdk.send(new GetUserCommand({ AccessToken: u.accessToken }))).MFAOptions, SMS);
    await s.sdk.send(new AdminSetUserSettingsCommand({ UserPoolId: u.poolId, Username: u.username, MFAOptions: [] }));
    assert.equal((await s.sdk.send(new GetUserCommand({ AccessToken: u.accessToken }))).MFAOptions, undefined);
  });
});

describe('SetUserSettings errors, as the reference lists them', () => {
  let s: TestServer;
  let u: Awaited<ReturnType<typeof signedInUser>>;
  before(async () => {
    s = await startServer();
    u = await signedInUser(s.sdk);
  });
  after(async () => s.close());

  const cases: Array<{ name: string; body: () => unknown; type: string; message: string }> = [
    {
      name: 'a missing access token',
      body: () => ({ MFAOptions: SMS }),
      type: 'InvalidParameterException',
      message: "1 validation error detected: Value at 'accessToken' failed to satisfy constraint: Member must not be null",
    },
    {
      name: 'an empty access token',
      body: () => ({ AccessToken: '', MFAOptions: SMS }),
      type: 'InvalidParameterException',
      message:
        "1 validation error detected: Value at 'accessToken' failed to satisfy constraint: Member must satisfy regular expression pattern: [A-Za-z0-9-_=.]+",
    },
    {
      name: 'missing MFAOptions',
      body: () => ({ AccessToken: u.accessToken }),
      type: 'InvalidParameterException',
      message: "1 validation error detected: Value null at 'mFAOptions' failed to satisfy constraint: Member must not be null",
    },
    {
      name: 'an unknown delivery medium',
      body: () => ({ AccessToken: u.accessToken, MFAOptions: [{ DeliveryMedium: 'FAX', AttributeName: 'phone_number' }] }),
      type: 'InvalidParameterException',
      message:
        "1 validation error detected: Value 'FAX' at 'mFAOptions.1.member.deliveryMedium' failed to satisfy constraint: Member must satisfy enum value set: [SMS, EMAIL]",
    },
    {
      name: 'an empty attribute name',
      body: () => ({ AccessToken: u.accessToken, MFAOptions: [{ DeliveryMedium: 'SMS', AttributeName: '' }] }),
      type: 'InvalidParameterException',
      // Coral reports every broken constraint of a value, as in the reference's password example.
      message:
        "2 validation errors detected: Value '' at 'mFAOptions.1.member.attributeName' failed to satisfy constraint: Member must have length greater than or equal to 1; " +
        "Value '' at 'mFAOptions.1.member.attributeName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}\\t\\n\\r ]+",
    },
    { name: 'a garbage token', body: () => ({ AccessToken: 'not-a-jwt', MFAOptions: SMS }), type: 'NotAuthorizedException', message: 'Invalid Access Token' },
    {
      name: 'a token with a tampered payload',
      body: () => ({ AccessToken: tamper(u.accessToken), MFAOptions: SMS }),
      type: 'NotAuthorizedException',
      message: 'Invalid Access Token',
    },
    {
      name: 'an ID token in place of the access token',
      body: () => ({ AccessToken: u.idToken, MFAOptions: SMS }),
      type: 'NotAuthorizedException',
      message: 'Invalid Access Token',
    },
    {
      name: 'an email attribute',
      body: () => ({ AccessToken: u.accessToken, MFAOptions: [{ DeliveryMedium: 'EMAIL', AttributeName: 'email' }] }),
      type: 'InvalidParameterException',
      message: 'Only phone_number attribute is currently supported as a MFA option.',
    },
    {
      name: 'EMAIL without an attribute name (the CLI manual example)',
      body: () => ({ AccessToken: u.accessToken, MFAOptions: [{ DeliveryMedium: 'EMAIL' }] }),
      type: 'InvalidParameterException',
      message: 'Only phone_number attribute is currently supported as a MFA option.',
    },
    {
      name: 'EMAIL for phone_number',
      body: () => ({ AccessToken: u.accessToken, MFAOptions: [{ DeliveryMedium: 'EMAIL', AttributeName: 'phone_number' }] }),
      type: 'InvalidParameterException',
      message: 'Only SMS is currently supported as a MFA delivery medium.',
    },
    {
      name: 'MFAOptions that is not a list',
      body: () => ({ AccessToken: u.accessToken, MFAOptions: { DeliveryMedium: 'SMS' } }),
      type: 'SerializationException',
      message: 'Start of structure or map found where not expected.',
    },
    {
      name: 'an access token that is not a string',
      body: () => ({ AccessToken: true, MFAOptions: SMS }),
      type: 'SerializationException',
      message: 'TRUE_VALUE can not be converted to a String',
    },
  ];

  for (const c of cases) {
    it(`answers ${c.type} to ${c.name}`, async () => {
      const r = await rawCall(s.url, 'SetUserSettings', c.body());
      assert.equal(r.status, 400);
      assert.equal(r.body.__type, c.type);
      assert.equal(r.body.message ?? r.body.Message, c.message);
      assert.equal(r.headers.get('x-amzn-errortype'), `${c.type}:`);
    });
  }

  it('answers "Access Token has expired" once the token outlives its hour', async () => {
    const v = await signedInUser(s.sdk, 'expiring');
    s.clock.advance(3601);
    const r = await rawCall(s.url, 'SetUserSettings', { AccessToken: v.accessToken, MFAOptions: SMS });
    assert.deepEqual(r.body, { __type: 'NotAuthorizedException', message: 'Access Token has expired' });
  });

  it('answers "Access Token has been revoked" after GlobalSignOut', async () => {
    const v = await signedInUser(s.sdk, 'leaving');
    await s.sdk.send(new GlobalSignOutCommand({ AccessToken: v.accessToken }));
    const r = await rawCall(s.url, 'SetUserSettings', { AccessToken: v.accessToken, MFAOptions: SMS });
    assert.deepEqual(r.body, { __type: 'NotAuthorizedException', message: 'Access Token has been revoked' });
  });

  it('answers "Access Token has been revoked" for a user disabled after sign-in: AdminDisableUser revokes the tokens', async () => {
    const v = await signedInUser(s.sdk, 'disabled');
    await s.sdk.send(new AdminDisableUserCommand({ UserPoolId: v.poolId, Username: v.username }));
    const r = await rawCall(s.url, 'SetUserSettings', { AccessToken: v.accessToken, MFAOptions: SMS });
    assert.deepEqual(r.body, { __type: 'NotAuthorizedException', message: 'Access Token has been revoked' });
  });

  it('answers "User is disabled." for a disabled user whose token was not revoked', async () => {
    const v = await signedInUser(s.sdk, 'disabled-only');
    // Only the flag, as a disable racing with this request would leave it: the token itself is live.
    const sub = (await s.app.store.getUser(v.poolId, v.username))!.sub;
    await s.app.store.changeUser(v.poolId, sub, (u) => ({ ...u, enabled: false }));
    const r = await rawCall(s.url, 'SetUserSettings', { AccessToken: v.accessToken, MFAOptions: SMS });
    assert.deepEqual(r.body, { __type: 'NotAuthorizedException', message: 'User is disabled.' });
  });

  it('answers UserNotFoundException for a user deleted after sign-in', async () => {
    const v = await signedInUser(s.sdk, 'deleted');
    await s.sdk.send(new AdminDeleteUserCommand({ UserPoolId: v.poolId, Username: v.username }));
    const r = await rawCall(s.url, 'SetUserSettings', { AccessToken: v.accessToken, MFAOptions: SMS });
    assert.deepEqual(r.body, { __type: 'UserNotFoundException', message: 'User does not exist.' });
  });

  it('refuses to turn SMS MFA on for a user without a phone number', async () => {
    const v = await signedInUser(s.sdk, 'nophone', null);
    const r = await rawCall(s.url, 'SetUserSettings', { AccessToken: v.accessToken, MFAOptions: SMS });
    assert.deepEqual(r.body, { __type: 'InvalidParameterException', message: 'User does not have a phone_number set to turn on SMS MFA' });
    const off = await rawCall(s.url, 'SetUserSettings', { AccessToken: v.accessToken, MFAOptions: [] });
    assert.equal(off.status, 200);
  });

  it('keeps the stored state when a request fails', async () => {
    const v = await signedInUser(s.sdk, 'keeper');
    await s.sdk.send(new SetUserSettingsCommand({ AccessToken: v.accessToken, MFAOptions: SMS }));
    await rawCall(s.url, 'SetUserSettings', { AccessToken: v.accessToken, MFAOptions: [{ DeliveryMedium: 'EMAIL', AttributeName: 'email' }] });
    const fresh = await signIn(s.sdk, v.clientId, v.username).catch((e) => e);
    assert.match(String(fresh), /SMS_MFA/);
  });
});

function tamper(token: string): string {
  const [h, p, sig] = token.split('.');
  const payload = JSON.parse(Buffer.from(p!, 'base64url').toString());
  payload.username = 'mallory';
  return [h, Buffer.from(JSON.stringify(payload)).toString('base64url'), sig].join('.');
}
