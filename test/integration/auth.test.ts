import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  AdminRespondToAuthChallengeCommand,
  AdminSetUserSettingsCommand,
  AdminUserGlobalSignOutCommand,
  CreateUserPoolClientCommand,
  GetUserCommand,
  GlobalSignOutCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  RevokeTokenCommand,
  type CreateUserPoolClientCommandInput,
} from '@aws-sdk/client-cognito-identity-provider';
import { rawCall, startServer, type TestServer } from '../helpers/server.js';
import { createConfirmedUser, createPoolAndClient, PASSWORD, PHONE, signIn } from '../helpers/fixtures.js';

const NEW_PASSWORD = 'N3w-Passw0rd!';
const INVALID_SESSION = 'Invalid session for the user, session is expired.';

function claimsOf(jwt: string): Record<string, any> {
  return JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString());
}

async function lastCode(s: TestServer, poolId: string, username: string): Promise<string> {
  const res = await fetch(`${s.url}/_cognate/messages?poolId=${poolId}&username=${username}`);
  const { messages } = (await res.json()) as { messages: Array<{ code: string | null }> };
  const code = messages.at(-1)?.code;
  assert.ok(code, `no code in the outbox for ${username}`);
  return code;
}

describe('InitiateAuth with USER_PASSWORD_AUTH', () => {
  let s: TestServer;
  let poolId: string;
  let clientId: string;
  before(async () => {
    s = await startServer();
    ({ poolId, clientId } = await createPoolAndClient(s.sdk));
    await createConfirmedUser(s.sdk, poolId, 'alice');
  });
  after(async () => s.close());

  const client = async (input: Partial<CreateUserPoolClientCommandInput>) =>
    (await s.sdk.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'other', ...input }))).UserPoolClient!.ClientId!;
  const initiate = (username: string, password = PASSWORD, id = clientId) =>
    s.sdk.send(new InitiateAuthCommand({ ClientId: id, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD: password } }));

  it('returns access, ID and refresh tokens with ExpiresIn 3600 and an empty ChallengeParameters', async () => {
    const r = await rawCall(s.url, 'InitiateAuth', { ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'alice', PASSWORD } });
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.ChallengeParameters, {});
    assert.deepEqual(Object.keys(r.body.AuthenticationResult).sort(), ['AccessToken', 'ExpiresIn', 'IdToken', 'RefreshToken', 'TokenType']);
    assert.equal(r.body.AuthenticationResult.ExpiresIn, 3600);
    assert.equal(r.body.AuthenticationResult.TokenType, 'Bearer');
    assert.equal(r.body.ChallengeName, undefined);
    assert.equal(r.body.Session, undefined);
    const access = claimsOf(r.body.AuthenticationResult.AccessToken);
    assert.equal(access.username, 'alice');
    assert.equal(access.client_id, clientId);
    assert.equal(access.auth_time, Math.floor(s.clock.now().getTime() / 1000));
  });

  it('refuses a client whose ExplicitAuthFlows lack USER_PASSWORD_AUTH', async () => {
    const id = await client({});
    await assert.rejects(initiate('alice', PASSWORD, id), {
      name: 'InvalidParameterException',
      message: 'USER_PASSWORD_AUTH flow not enabled for this client',
    });
  });

  it('refuses a wrong password with "Incorrect username or password."', async () => {
    await assert.rejects(initiate('alice', 'Wr0ng-password'), { name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
  });

  it('answers UserNotFoundException for an unknown user', async () => {
    await assert.rejects(initiate('nobody'), { name: 'UserNotFoundException', message: 'User does not exist.' });
  });

  it('hides an unknown user behind "Incorrect username or password." when PreventUserExistenceErrors is ENABLED', async () => {
    const id = await client({ ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'], PreventUserExistenceErrors: 'ENABLED' });
    await assert.rejects(initiate('nobody', PASSWORD, id), { name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
  });

  it('refuses a disabled user with "User is disabled."', async () => {
    await createConfirmedUser(s.sdk, poolId, 'dora');
    await s.sdk.send(new AdminDisableUserCommand({ UserPoolId: poolId, Username: 'dora' }));
    await assert.rejects(initiate('dora'), { name: 'NotAuthorizedException', message: 'User is disabled.' });
  });

  it('refuses an UNCONFIRMED user with UserNotConfirmedException after checking the password', async () => {
    await createConfirmedUser(s.sdk, poolId, 'uma');
    // Self-service sign-up is not served yet, so the store puts the user back in UNCONFIRMED.
    await s.app.store.changeUser(poolId, (await s.app.store.getUser(poolId, 'uma'))!.sub, (u) => ({ ...u, status: 'UNCONFIRMED' }));
    await assert.rejects(initiate('uma', 'Wr0ng-password'), { name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
    await assert.rejects(initiate('uma'), { name: 'UserNotConfirmedException', message: 'User is not confirmed.' });
  });

  it('refuses the admin flow on the public operation', async () => {
    await assert.rejects(
      s.sdk.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'alice', PASSWORD } })),
      { name: 'InvalidParameterException', message: 'Initiate Auth method not supported.' },
    );
  });

  it('answers ResourceNotFoundException for an unknown client', async () => {
    await assert.rejects(initiate('alice', PASSWORD, 'abcdefghijklmnopqrstuvwxyz'), {
      name: 'ResourceNotFoundException',
      message: 'User pool client abcdefghijklmnopqrstuvwxyz does not exist.',
    });
  });

  it('rejects an unknown AuthFlow in Coral words', async () => {
    const r = await rawCall(s.url, 'InitiateAuth', { ClientId: clientId, AuthFlow: 'MAGIC', AuthParameters: {} });
    assert.equal(r.body.__type, 'InvalidParameterException');
    assert.match(
      r.body.message,
      /^1 validation error detected: Value 'MAGIC' at 'authFlow' failed to satisfy constraint: Member must satisfy enum value set: \[/,
    );
  });
});

describe('AdminInitiateAuth with ADMIN_USER_PASSWORD_AUTH', () => {
  let s: TestServer;
  let poolId: string;
  let clientId: string;
  before(async () => {
    s = await startServer();
    ({ poolId, clientId } = await createPoolAndClient(s.sdk));
    await createConfirmedUser(s.sdk, poolId, 'bea', null);
  });
  after(async () => s.close());

  it('returns tokens', async () => {
    const r = await s.sdk.send(
      new AdminInitiateAuthCommand({
        UserPoolId: poolId,
        ClientId: clientId,
        AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: 'bea', PASSWORD },
      }),
    );
    assert.deepEqual(r.ChallengeParameters, {});
    assert.equal(claimsOf(r.AuthenticationResult!.AccessToken!).username, 'bea');
    assert.ok(r.AuthenticationResult!.RefreshToken);
  });

  it('refuses a wrong password and an unknown user as InitiateAuth does', async () => {
    const send = (username: string, password: string) =>
      s.sdk.send(
        new AdminInitiateAuthCommand({
          UserPoolId: poolId,
          ClientId: clientId,
          AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: username, PASSWORD: password },
        }),
      );
    await assert.rejects(send('bea', 'Wr0ng-password'), { name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
    await assert.rejects(send('nobody', PASSWORD), { name: 'UserNotFoundException', message: 'User does not exist.' });
  });

  it('refuses a client without ALLOW_ADMIN_USER_PASSWORD_AUTH', async () => {
    const other = (
      await s.sdk.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'spa', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'] }))
    ).UserPoolClient!.ClientId!;
    await assert.rejects(
      s.sdk.send(
        new AdminInitiateAuthCommand({
          UserPoolId: poolId,
          ClientId: other,
          AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: 'bea', PASSWORD },
        }),
      ),
      { name: 'InvalidParameterException', message: 'Auth flow not enabled for this client' },
    );
  });

  it('refuses a client of another pool', async () => {
    const other = await createPoolAndClient(s.sdk);
    await assert.rejects(
      s.sdk.send(
        new AdminInitiateAuthCommand({
          UserPoolId: poolId,
          ClientId: other.clientId,
          AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: 'bea', PASSWORD },
        }),
      ),
      { name: 'ResourceNotFoundException', message: `User pool client ${other.clientId} does not exist.` },
    );
  });
});

describe('REFRESH_TOKEN_AUTH', () => {
  let s: TestServer;
  let poolId: string;
  let clientId: string;
  before(async () => {
    s = await startServer();
    ({ poolId, clientId } = await createPoolAndClient(s.sdk));
    await createConfirmedUser(s.sdk, poolId, 'cy', null);
  });
  after(async () => s.close());

  const refresh = (token: string, flow: 'REFRESH_TOKEN_AUTH' | 'REFRESH_TOKEN' = 'REFRESH_TOKEN_AUTH', id = clientId) =>
    s.sdk.send(new InitiateAuthCommand({ ClientId: id, AuthFlow: flow, AuthParameters: { REFRESH_TOKEN: token } }));

  it('mints a new access and ID token with the same origin_jti and the original auth_time', async () => {
    const first = await signIn(s.sdk, clientId, 'cy');
    const a1 = claimsOf(first.accessToken);
    s.clock.advance(600);
    const r = await refresh(first.refreshToken);
    assert.deepEqual(r.ChallengeParameters, {});
    const result = r.AuthenticationResult!;
    assert.equal(result.RefreshToken, undefined);
    assert.equal(result.ExpiresIn, 3600);
    assert.equal(result.TokenType, 'Bearer');
    const a2 = claimsOf(result.AccessToken!);
    const i2 = claimsOf(result.IdToken!);
    assert.notEqual(result.AccessToken, first.accessToken);
    assert.notEqual(a2.jti, a1.jti);
    assert.equal(a2.origin_jti, a1.origin_jti);
    assert.equal(i2.origin_jti, a1.origin_jti);
    assert.equal(a2.auth_time, a1.auth_time);
    assert.equal(i2.auth_time, a1.auth_time);
    assert.equal(a2.iat, a1.iat + 600);
    assert.equal(a2.exp, a2.iat + 3600);
    assert.equal((await s.sdk.send(new GetUserCommand({ AccessToken: result.AccessToken! }))).Username, 'cy');
  });

  it('accepts the REFRESH_TOKEN spelling and AdminInitiateAuth', async () => {
    const first = await signIn(s.sdk, clientId, 'cy');
    assert.ok((await refresh(first.refreshToken, 'REFRESH_TOKEN')).AuthenticationResult!.AccessToken);
    const admin = await s.sdk.send(
      new AdminInitiateAuthCommand({
        UserPoolId: poolId,
        ClientId: clientId,
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        AuthParameters: { REFRESH_TOKEN: first.refreshToken },
      }),
    );
    assert.equal(claimsOf(admin.AuthenticationResult!.AccessToken!).origin_jti, claimsOf(first.accessToken).origin_jti);
  });

  it('refuses a refresh token it never issued, or one issued to another client', async () => {
    await assert.rejects(refresh('not-a-refresh-token'), { name: 'NotAuthorizedException', message: 'Invalid Refresh Token' });
    const first = await signIn(s.sdk, clientId, 'cy');
    const other = (
      await s.sdk.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'other', ExplicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'] }))
    ).UserPoolClient!.ClientId!;
    await assert.rejects(refresh(first.refreshToken, 'REFRESH_TOKEN_AUTH', other), { name: 'NotAuthorizedException', message: 'Invalid Refresh Token' });
  });

  it('refuses a refresh token after its 30 days with "Refresh Token has expired"', async () => {
    const first = await signIn(s.sdk, clientId, 'cy');
    s.clock.advance(30 * 86400 - 1);
    assert.ok((await refresh(first.refreshToken)).AuthenticationResult!.AccessToken);
    s.clock.advance(1);
    await assert.rejects(refresh(first.refreshToken), { name: 'NotAuthorizedException', message: 'Refresh Token has expired' });
  });

  it('refuses a revoked refresh token with "Refresh Token has been revoked"', async () => {
    const first = await signIn(s.sdk, clientId, 'cy');
    await s.sdk.send(new RevokeTokenCommand({ ClientId: clientId, Token: first.refreshToken }));
    await assert.rejects(refresh(first.refreshToken), { name: 'NotAuthorizedException', message: 'Refresh Token has been revoked' });
  });

  it('refuses an expired access token with "Access Token has expired", which a refresh replaces', async () => {
    const first = await signIn(s.sdk, clientId, 'cy');
    s.clock.advance(3600);
    await assert.rejects(s.sdk.send(new GetUserCommand({ AccessToken: first.accessToken })), {
      name: 'NotAuthorizedException',
      message: 'Access Token has expired',
    });
    const fresh = (await refresh(first.refreshToken)).AuthenticationResult!.AccessToken!;
    assert.equal((await s.sdk.send(new GetUserCommand({ AccessToken: fresh }))).Username, 'cy');
  });
});

describe('NEW_PASSWORD_REQUIRED', () => {
  let s: TestServer;
  let poolId: string;
  let clientId: string;
  before(async () => {
    s = await startServer();
    ({ poolId, clientId } = await createPoolAndClient(s.sdk, { MfaConfiguration: 'OFF' }));
  });
  after(async () => s.close());

  const invite = (username: string) =>
    s.sdk.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: username,
        TemporaryPassword: 'Temp-Passw0rd',
        MessageAction: 'SUPPRESS',
        UserAttributes: [
          { Name: 'email', Value: `${username}@example.com` },
          { Name: 'email_verified', Value: 'true' },
        ],
      }),
    );
  const initiate = (username: string, password = 'Temp-Passw0rd') =>
    s.sdk.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD: password } }));
  const respond = (username: string, session: string | undefined, responses: Record<string, string> = {}) =>
    s.sdk.send(
      new RespondToAuthChallengeCommand({
        ClientId: clientId,
        ChallengeName: 'NEW_PASSWORD_REQUIRED',
        Session: session,
        ChallengeResponses: { USERNAME: username, NEW_PASSWORD, ...responses },
      }),
    );

  it('challenges a temporary password with USER_ID_FOR_SRP, requiredAttributes and userAttributes', async () => {
    await invite('eve');
    const r = await initiate('eve');
    assert.equal(r.ChallengeName, 'NEW_PASSWORD_REQUIRED');
    assert.ok(r.Session && r.Session.length >= 20);
    assert.equal(r.AuthenticationResult, undefined);
    const p = r.ChallengeParameters!;
    assert.deepEqual(Object.keys(p).sort(), ['USER_ID_FOR_SRP', 'requiredAttributes', 'userAttributes']);
    assert.equal(p.USER_ID_FOR_SRP, 'eve');
    assert.deepEqual(JSON.parse(p.requiredAttributes!), []);
    assert.deepEqual(JSON.parse(p.userAttributes!), { email: 'eve@example.com', email_verified: 'true' });
  });

  it('sets the new password and attributes through RespondToAuthChallenge and returns tokens', async () => {
    await invite('fay');
    const r = await initiate('fay');
    const done = await respond('fay', r.Session, { 'userAttributes.given_name': 'Fay' });
    assert.ok(done.AuthenticationResult!.AccessToken);
    assert.deepEqual(done.ChallengeParameters, {});
    const u = await s.sdk.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'fay' }));
    assert.equal(u.UserStatus, 'CONFIRMED');
    assert.equal(u.UserAttributes!.find((a) => a.Name === 'given_name')?.Value, 'Fay');
    await assert.rejects(initiate('fay'), { name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
    assert.ok((await signIn(s.sdk, clientId, 'fay', NEW_PASSWORD)).accessToken);
  });

  it('does the same through AdminInitiateAuth and AdminRespondToAuthChallenge', async () => {
    await invite('gil');
    const r = await s.sdk.send(
      new AdminInitiateAuthCommand({
        UserPoolId: poolId,
        ClientId: clientId,
        AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: 'gil', PASSWORD: 'Temp-Passw0rd' },
      }),
    );
    assert.equal(r.ChallengeName, 'NEW_PASSWORD_REQUIRED');
    assert.equal(r.ChallengeParameters!.USER_ID_FOR_SRP, 'gil');
    const done = await s.sdk.send(
      new AdminRespondToAuthChallengeCommand({
        UserPoolId: poolId,
        ClientId: clientId,
        ChallengeName: 'NEW_PASSWORD_REQUIRED',
        Session: r.Session,
        ChallengeResponses: { USERNAME: 'gil', NEW_PASSWORD },
      }),
    );
    assert.equal(claimsOf(done.AuthenticationResult!.AccessToken!).username, 'gil');
  });

  it('refuses a new password against the policy and keeps the session for another try', async () => {
    await invite('hal');
    const r = await initiate('hal');
    await assert.rejects(respond('hal', r.Session, { NEW_PASSWORD: 'weak' }), {
      name: 'InvalidPasswordException',
      message: 'Password did not conform with policy: Password not long enough',
    });
    assert.ok((await respond('hal', r.Session)).AuthenticationResult!.AccessToken);
  });

  it('refuses a used, unknown or expired session with NotAuthorizedException', async () => {
    await invite('ike');
    const r = await initiate('ike');
    await respond('ike', r.Session);
    await assert.rejects(respond('ike', r.Session), { name: 'NotAuthorizedException', message: INVALID_SESSION });
    await assert.rejects(respond('ike', 'x'.repeat(40)), { name: 'NotAuthorizedException', message: INVALID_SESSION });

    await invite('jan');
    const late = await initiate('jan');
    s.clock.advance(181);
    await assert.rejects(respond('jan', late.Session), { name: 'NotAuthorizedException', message: INVALID_SESSION });
  });

  it("refuses a session answered for someone else's username", async () => {
    await invite('kai');
    await invite('lea');
    const r = await initiate('kai');
    await assert.rejects(respond('lea', r.Session), { name: 'NotAuthorizedException', message: INVALID_SESSION });
  });

  it('refuses a temporary password after TemporaryPasswordValidityDays', async () => {
    await invite('mia');
    s.clock.advance(7 * 86400 - 1);
    assert.equal((await initiate('mia')).ChallengeName, 'NEW_PASSWORD_REQUIRED');
    s.clock.advance(1);
    await assert.rejects(initiate('mia'), {
      name: 'NotAuthorizedException',
      message: 'Temporary password has expired and must be reset by an administrator.',
    });
  });

  it("uses the pool's TemporaryPasswordValidityDays", async () => {
    const short = await createPoolAndClient(s.sdk, { MfaConfiguration: 'OFF', Policies: { PasswordPolicy: { TemporaryPasswordValidityDays: 1 } } });
    await s.sdk.send(new AdminCreateUserCommand({ UserPoolId: short.poolId, Username: 'ned', TemporaryPassword: 'Temp-Passw0rd', MessageAction: 'SUPPRESS' }));
    s.clock.advance(86400);
    await assert.rejects(
      s.sdk.send(
        new InitiateAuthCommand({ ClientId: short.clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'ned', PASSWORD: 'Temp-Passw0rd' } }),
      ),
      { name: 'NotAuthorizedException', message: 'Temporary password has expired and must be reset by an administrator.' },
    );
  });
});

describe('SMS_MFA through AdminInitiateAuth and AdminRespondToAuthChallenge', () => {
  let s: TestServer;
  let poolId: string;
  let clientId: string;
  before(async () => {
    s = await startServer();
    ({ poolId, clientId } = await createPoolAndClient(s.sdk, { SmsAuthenticationMessage: 'Your cognate code: {####}' }));
  });
  after(async () => s.close());

  const start = (username: string) =>
    s.sdk.send(
      new AdminInitiateAuthCommand({
        UserPoolId: poolId,
        ClientId: clientId,
        AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: username, PASSWORD },
      }),
    );
  const answer = (username: string, session: string | undefined, code: string) =>
    s.sdk.send(
      new AdminRespondToAuthChallengeCommand({
        UserPoolId: poolId,
        ClientId: clientId,
        ChallengeName: 'SMS_MFA',
        Session: session,
        ChallengeResponses: { USERNAME: username, SMS_MFA_CODE: code },
      }),
    );
  const withSms = async (username: string) => {
    await createConfirmedUser(s.sdk, poolId, username);
    await s.sdk.send(
      new AdminSetUserSettingsCommand({ UserPoolId: poolId, Username: username, MFAOptions: [{ DeliveryMedium: 'SMS', AttributeName: 'phone_number' }] }),
    );
  };

  it('challenges with SMS_MFA, sends the code with the pool message, and returns tokens for it', async () => {
    await withSms('otto');
    const r = await start('otto');
    assert.equal(r.ChallengeName, 'SMS_MFA');
    assert.deepEqual(r.ChallengeParameters, { CODE_DELIVERY_DELIVERY_MEDIUM: 'SMS', CODE_DELIVERY_DESTINATION: '+*******1234' });
    const res = await fetch(`${s.url}/_cognate/messages?poolId=${poolId}&username=otto`);
    const sms = ((await res.json()) as { messages: Array<{ code: string; message: string; destination: string }> }).messages.at(-1)!;
    assert.equal(sms.destination, PHONE);
    assert.equal(sms.message, `Your cognate code: ${sms.code}`);
    const wrong = sms.code === '000000' ? '111111' : '000000';
    await assert.rejects(answer('otto', r.Session, wrong), { name: 'CodeMismatchException', message: 'Invalid code or auth state for the user.' });
    const done = await answer('otto', r.Session, sms.code);
    assert.equal(claimsOf(done.AuthenticationResult!.IdToken!).phone_number_verified, true);
    await assert.rejects(answer('otto', r.Session, sms.code), { name: 'NotAuthorizedException', message: INVALID_SESSION });
  });

  it('drops the session after too many wrong codes', async () => {
    await withSms('pia');
    const r = await start('pia');
    const code = await lastCode(s, poolId, 'pia');
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++) {
      await assert.rejects(answer('pia', r.Session, wrong), { name: 'CodeMismatchException' });
    }
    await assert.rejects(answer('pia', r.Session, code), { name: 'NotAuthorizedException', message: INVALID_SESSION });
  });

  it('refuses a code after its 3 minutes', async () => {
    await withSms('rex');
    const r = await start('rex');
    const code = await lastCode(s, poolId, 'rex');
    s.clock.advance(180);
    await assert.rejects(answer('rex', r.Session, code), { name: 'NotAuthorizedException', message: INVALID_SESSION });
  });

  it('does not challenge a user without SMS MFA in an OPTIONAL pool', async () => {
    await createConfirmedUser(s.sdk, poolId, 'sal');
    const r = await start('sal');
    assert.equal(r.ChallengeName, undefined);
    assert.ok(r.AuthenticationResult!.AccessToken);
  });

  it('challenges every user with a phone number in a pool where MFA is ON', async () => {
    const on = await createPoolAndClient(s.sdk, { MfaConfiguration: 'ON' });
    await createConfirmedUser(s.sdk, on.poolId, 'tom');
    const r = await s.sdk.send(
      new AdminInitiateAuthCommand({
        UserPoolId: on.poolId,
        ClientId: on.clientId,
        AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: 'tom', PASSWORD },
      }),
    );
    assert.equal(r.ChallengeName, 'SMS_MFA');
  });

  it('does not challenge in a pool where MFA is OFF', async () => {
    const off = await createPoolAndClient(s.sdk, { MfaConfiguration: 'OFF' });
    await createConfirmedUser(s.sdk, off.poolId, 'uli');
    await s.sdk.send(
      new AdminSetUserSettingsCommand({ UserPoolId: off.poolId, Username: 'uli', MFAOptions: [{ DeliveryMedium: 'SMS', AttributeName: 'phone_number' }] }),
    );
    assert.ok((await signIn(s.sdk, off.clientId, 'uli')).accessToken);
  });
});

describe('GlobalSignOut and AdminUserGlobalSignOut', () => {
  let s: TestServer;
  let poolId: string;
  let clientId: string;
  before(async () => {
    s = await startServer();
    ({ poolId, clientId } = await createPoolAndClient(s.sdk));
  });
  after(async () => s.close());

  const refresh = (token: string) =>
    s.sdk.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: token } }));

  it('GlobalSignOut revokes every access and refresh token of the user, and a new sign-in works', async () => {
    await createConfirmedUser(s.sdk, poolId, 'val', null);
    await createConfirmedUser(s.sdk, poolId, 'wim', null);
    const one = await signIn(s.sdk, clientId, 'val');
    const two = await signIn(s.sdk, clientId, 'val');
    const bystander = await signIn(s.sdk, clientId, 'wim');
    const out = await s.sdk.send(new GlobalSignOutCommand({ AccessToken: one.accessToken }));
    assert.equal(out.$metadata.httpStatusCode, 200);
    for (const t of [one, two]) {
      await assert.rejects(s.sdk.send(new GetUserCommand({ AccessToken: t.accessToken })), {
        name: 'NotAuthorizedException',
        message: 'Access Token has been revoked',
      });
      await assert.rejects(refresh(t.refreshToken), { name: 'NotAuthorizedException', message: 'Refresh Token has been revoked' });
    }
    await assert.rejects(s.sdk.send(new GlobalSignOutCommand({ AccessToken: one.accessToken })), {
      name: 'NotAuthorizedException',
      message: 'Access Token has been revoked',
    });
    assert.equal((await s.sdk.send(new GetUserCommand({ AccessToken: bystander.accessToken }))).Username, 'wim');
    const again = await signIn(s.sdk, clientId, 'val');
    assert.equal((await s.sdk.send(new GetUserCommand({ AccessToken: again.accessToken }))).Username, 'val');
    assert.ok((await refresh(again.refreshToken)).AuthenticationResult!.AccessToken);
  });

  it('AdminUserGlobalSignOut revokes access and refresh tokens by pool and username', async () => {
    await createConfirmedUser(s.sdk, poolId, 'xia', null);
    const t = await signIn(s.sdk, clientId, 'xia');
    await s.sdk.send(new AdminUserGlobalSignOutCommand({ UserPoolId: poolId, Username: 'xia' }));
    await assert.rejects(s.sdk.send(new GetUserCommand({ AccessToken: t.accessToken })), {
      name: 'NotAuthorizedException',
      message: 'Access Token has been revoked',
    });
    await assert.rejects(refresh(t.refreshToken), { name: 'NotAuthorizedException', message: 'Refresh Token has been revoked' });
    await assert.rejects(s.sdk.send(new AdminUserGlobalSignOutCommand({ UserPoolId: poolId, Username: 'nobody' })), {
      name: 'UserNotFoundException',
      message: 'User does not exist.',
    });
  });

  it('also revokes the access tokens minted by refreshing before the sign-out', async () => {
    await createConfirmedUser(s.sdk, poolId, 'yan', null);
    const t = await signIn(s.sdk, clientId, 'yan');
    const refreshed = (await refresh(t.refreshToken)).AuthenticationResult!.AccessToken!;
    await s.sdk.send(new AdminUserGlobalSignOutCommand({ UserPoolId: poolId, Username: 'yan' }));
    await assert.rejects(s.sdk.send(new GetUserCommand({ AccessToken: refreshed })), {
      name: 'NotAuthorizedException',
      message: 'Access Token has been revoked',
    });
  });
});

describe('RevokeToken', () => {
  let s: TestServer;
  let poolId: string;
  let clientId: string;
  before(async () => {
    s = await startServer();
    ({ poolId, clientId } = await createPoolAndClient(s.sdk));
    await createConfirmedUser(s.sdk, poolId, 'zoe', null);
  });
  after(async () => s.close());

  const refresh = (token: string, id = clientId) =>
    s.sdk.send(new InitiateAuthCommand({ ClientId: id, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: token } }));
  const getUser = (token: string) => s.sdk.send(new GetUserCommand({ AccessToken: token }));

  it('revokes the refresh token and every access token minted from it; other sign-ins are unaffected', async () => {
    const target = await signIn(s.sdk, clientId, 'zoe');
    const other = await signIn(s.sdk, clientId, 'zoe');
    const minted = (await refresh(target.refreshToken)).AuthenticationResult!.AccessToken!;
    const r = await rawCall(s.url, 'RevokeToken', { ClientId: clientId, Token: target.refreshToken });
    assert.equal(r.status, 200);
    assert.deepEqual(r.body, {});
    await assert.rejects(refresh(target.refreshToken), { name: 'NotAuthorizedException', message: 'Refresh Token has been revoked' });
    await assert.rejects(getUser(target.accessToken), { name: 'NotAuthorizedException', message: 'Access Token has been revoked' });
    await assert.rejects(getUser(minted), { name: 'NotAuthorizedException', message: 'Access Token has been revoked' });
    assert.equal((await getUser(other.accessToken)).Username, 'zoe');
    assert.ok((await refresh(other.refreshToken)).AuthenticationResult!.AccessToken);
  });

  it("succeeds quietly for a token it does not know and for another client's token, which keeps working", async () => {
    await s.sdk.send(new RevokeTokenCommand({ ClientId: clientId, Token: 'unknown-refresh-token' }));
    const t = await signIn(s.sdk, clientId, 'zoe');
    const other = (await s.sdk.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'other' }))).UserPoolClient!.ClientId!;
    await s.sdk.send(new RevokeTokenCommand({ ClientId: other, Token: t.refreshToken }));
    assert.ok((await refresh(t.refreshToken)).AuthenticationResult!.AccessToken);
  });

  it('refuses an access token with UnsupportedTokenTypeException', async () => {
    const t = await signIn(s.sdk, clientId, 'zoe');
    await assert.rejects(s.sdk.send(new RevokeTokenCommand({ ClientId: clientId, Token: t.accessToken })), { name: 'UnsupportedTokenTypeException' });
    assert.equal((await getUser(t.accessToken)).Username, 'zoe');
  });

  it('refuses a client with token revocation turned off with UnsupportedOperationException', async () => {
    const noRevoke = (
      await s.sdk.send(
        new CreateUserPoolClientCommand({
          UserPoolId: poolId,
          ClientName: 'norevoke',
          EnableTokenRevocation: false,
          ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
        }),
      )
    ).UserPoolClient!.ClientId!;
    const t = await signIn(s.sdk, noRevoke, 'zoe');
    await assert.rejects(s.sdk.send(new RevokeTokenCommand({ ClientId: noRevoke, Token: t.refreshToken })), { name: 'UnsupportedOperationException' });
    assert.ok((await refresh(t.refreshToken, noRevoke)).AuthenticationResult!.AccessToken);
  });

  it('requires the client secret of a client that has one, with the modelled UnauthorizedException', async () => {
    const c = (await s.sdk.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'confidential', GenerateSecret: true }))).UserPoolClient!;
    await assert.rejects(s.sdk.send(new RevokeTokenCommand({ ClientId: c.ClientId!, Token: 'some-refresh-token' })), {
      name: 'UnauthorizedException',
      message: `Client ${c.ClientId} is configured for secret but secret was not received`,
    });
    await assert.rejects(s.sdk.send(new RevokeTokenCommand({ ClientId: c.ClientId!, Token: 'some-refresh-token', ClientSecret: 'x'.repeat(51) })), {
      name: 'UnauthorizedException',
      message: `Unable to verify client secret for client ${c.ClientId}`,
    });
    await s.sdk.send(new RevokeTokenCommand({ ClientId: c.ClientId!, Token: 'some-refresh-token', ClientSecret: c.ClientSecret! }));
  });
});
