import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AdminConfirmSignUpCommand,
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
  AdminSetUserPasswordCommand,
  AdminUpdateUserAttributesCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  GetUserCommand,
  InitiateAuthCommand,
  ListUsersCommand,
  type AttributeType,
} from '@aws-sdk/client-cognito-identity-provider';
import { decodeJwt } from 'jose';
import { rawCall, startServer, type TestServer } from '../helpers/server.js';
import { createConfirmedUser, createPoolAndClient, PASSWORD, PHONE, signIn } from '../helpers/fixtures.js';

const MISSING_POOL = 'us-east-1_AAAAAAAAA';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface OutboxMessage {
  poolId: string;
  username: string;
  deliveryMedium: string;
  destination: string;
  code: string | null;
  message: string;
}

async function outbox(s: TestServer, poolId: string, username: string): Promise<OutboxMessage[]> {
  const res = await fetch(`${s.url}/_cognate/messages?poolId=${encodeURIComponent(poolId)}&username=${encodeURIComponent(username)}`);
  return ((await res.json()) as { messages: OutboxMessage[] }).messages;
}

function attr(list: AttributeType[] | undefined, name: string): string | undefined {
  return list?.find((a) => a.Name === name)?.Value;
}

/** The temporary password inside Cognito's default invitation text. */
function temporaryPasswordIn(message: string): string {
  const m = /temporary password is (\S+)\.$/.exec(message);
  assert.ok(m, `no temporary password in: ${message}`);
  return m[1]!;
}

describe('AdminCreateUser', () => {
  let s: TestServer;
  let poolId: string;
  let clientId: string;
  before(async () => {
    s = await startServer();
    ({ poolId, clientId } = await createPoolAndClient(s.sdk));
  });
  after(async () => s.close());

  const initiate = (username: string, password: string) =>
    s.sdk.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD: password } }));

  it('creates a FORCE_CHANGE_PASSWORD user with a sub and the given attributes', async () => {
    const now = s.clock.now();
    const out = await s.sdk.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: 'ann',
        MessageAction: 'SUPPRESS',
        UserAttributes: [
          { Name: 'email', Value: 'ann@example.com' },
          { Name: 'given_name', Value: 'Ann' },
        ],
      }),
    );
    const u = out.User!;
    assert.equal(u.Username, 'ann');
    assert.equal(u.UserStatus, 'FORCE_CHANGE_PASSWORD');
    assert.equal(u.Enabled, true);
    assert.match(attr(u.Attributes, 'sub')!, UUID);
    assert.equal(u.Attributes![0]!.Name, 'sub');
    assert.equal(attr(u.Attributes, 'email'), 'ann@example.com');
    assert.equal(attr(u.Attributes, 'given_name'), 'Ann');
    assert.equal(u.UserCreateDate!.getTime(), now.getTime());
    assert.equal(u.UserLastModifiedDate!.getTime(), now.getTime());
    assert.equal(u.MFAOptions, undefined);
  });

  it('sends the temporary password by SMS unless suppressed, and it signs in to NEW_PASSWORD_REQUIRED', async () => {
    await s.sdk.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'bob', UserAttributes: [{ Name: 'phone_number', Value: PHONE }] }));
    const messages = await outbox(s, poolId, 'bob');
    assert.equal(messages.length, 1);
    assert.equal(messages[0]!.deliveryMedium, 'SMS');
    assert.equal(messages[0]!.destination, PHONE);
    assert.match(messages[0]!.message, /^Your username is bob and temporary password is \S+\.$/);
    const r = await initiate('bob', temporaryPasswordIn(messages[0]!.message));
    assert.equal(r.ChallengeName, 'NEW_PASSWORD_REQUIRED');
  });

  it('sends the invitation by email when asked, with the given TemporaryPassword', async () => {
    await s.sdk.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: 'cleo',
        TemporaryPassword: 'Temp-Passw0rd',
        DesiredDeliveryMediums: ['EMAIL'],
        UserAttributes: [{ Name: 'email', Value: 'cleo@example.com' }],
      }),
    );
    const messages = await outbox(s, poolId, 'cleo');
    assert.equal(messages.length, 1);
    assert.equal(messages[0]!.deliveryMedium, 'EMAIL');
    assert.equal(messages[0]!.destination, 'cleo@example.com');
    assert.equal(messages[0]!.message, 'Your username is cleo and temporary password is Temp-Passw0rd.');
  });

  it('sends nothing with MessageAction SUPPRESS', async () => {
    await s.sdk.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: 'quiet',
        MessageAction: 'SUPPRESS',
        UserAttributes: [{ Name: 'phone_number', Value: PHONE }],
      }),
    );
    assert.deepEqual(await outbox(s, poolId, 'quiet'), []);
  });

  const weak: Array<[string, string]> = [
    ['Sh0rt!', 'Password did not conform with policy: Password not long enough'],
    ['NoNumbers!!', 'Password did not conform with policy: Password must have numeric characters'],
    ['NoSymbols123', 'Password did not conform with policy: Password must have symbol characters'],
    ['no-upper-123', 'Password did not conform with policy: Password must have uppercase characters'],
    ['NO-LOWER-123', 'Password did not conform with policy: Password must have lowercase characters'],
  ];
  for (const [password, message] of weak) {
    it(`rejects the TemporaryPassword ${password} with InvalidPasswordException`, async () => {
      await assert.rejects(s.sdk.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'weak', TemporaryPassword: password })), {
        name: 'InvalidPasswordException',
        message,
      });
    });
  }

  it('creates nobody when the TemporaryPassword is refused', async () => {
    await assert.rejects(s.sdk.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'weak' })), { name: 'UserNotFoundException' });
  });

  it('refuses a taken username with UsernameExistsException', async () => {
    await s.sdk.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'dup', MessageAction: 'SUPPRESS' }));
    await assert.rejects(s.sdk.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'dup', MessageAction: 'SUPPRESS' })), {
      name: 'UsernameExistsException',
      message: 'User account already exists',
    });
  });

  it('resends a new temporary password with MessageAction RESEND; the old one stops working', async () => {
    await s.sdk.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'dan', UserAttributes: [{ Name: 'phone_number', Value: PHONE }] }));
    const oldPassword = temporaryPasswordIn((await outbox(s, poolId, 'dan'))[0]!.message);
    const out = await s.sdk.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'dan', MessageAction: 'RESEND' }));
    assert.equal(out.User!.UserStatus, 'FORCE_CHANGE_PASSWORD');
    const messages = await outbox(s, poolId, 'dan');
    assert.equal(messages.length, 2);
    const newPassword = temporaryPasswordIn(messages[1]!.message);
    assert.notEqual(newPassword, oldPassword);
    await assert.rejects(initiate('dan', oldPassword), { name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
    assert.equal((await initiate('dan', newPassword)).ChallengeName, 'NEW_PASSWORD_REQUIRED');
  });

  it('refuses RESEND for an unknown user and for a user past FORCE_CHANGE_PASSWORD', async () => {
    await assert.rejects(s.sdk.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'ghost', MessageAction: 'RESEND' })), {
      name: 'UserNotFoundException',
      message: 'User does not exist.',
    });
    await createConfirmedUser(s.sdk, poolId, 'settled');
    await assert.rejects(s.sdk.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'settled', MessageAction: 'RESEND' })), {
      name: 'UnsupportedUserStateException',
    });
  });

  it('rejects an attribute the schema does not have', async () => {
    await assert.rejects(
      s.sdk.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'odd', UserAttributes: [{ Name: 'custom:nope', Value: 'x' }] })),
      {
        name: 'InvalidParameterException',
        message: 'Attributes did not conform to the schema: Type for attribute {custom:nope} could not be determined',
      },
    );
  });

  it('rejects a phone number that is not E.164', async () => {
    await assert.rejects(
      s.sdk.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'odd', UserAttributes: [{ Name: 'phone_number', Value: '555-1234' }] })),
      {
        name: 'InvalidParameterException',
        message: 'Invalid phone number format.',
      },
    );
  });

  it('answers ResourceNotFoundException for a pool that does not exist', async () => {
    await assert.rejects(s.sdk.send(new AdminCreateUserCommand({ UserPoolId: MISSING_POOL, Username: 'x' })), {
      name: 'ResourceNotFoundException',
      message: `User pool ${MISSING_POOL} does not exist.`,
    });
  });
});

describe('Users in a pool whose username attribute is email', () => {
  let s: TestServer;
  let poolId: string;
  let clientId: string;
  before(async () => {
    s = await startServer();
    poolId = (await s.sdk.send(new CreateUserPoolCommand({ PoolName: 'by-email', UsernameAttributes: ['email'] }))).UserPool!.Id!;
    clientId = (await s.sdk.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'app', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'] })))
      .UserPoolClient!.ClientId!;
  });
  after(async () => s.close());

  it('stores an email Username as the email attribute under a username equal to the sub', async () => {
    const out = await s.sdk.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'erin@example.com', MessageAction: 'SUPPRESS' }));
    const u = out.User!;
    assert.match(u.Username!, UUID);
    assert.equal(u.Username, attr(u.Attributes, 'sub'));
    assert.equal(attr(u.Attributes, 'email'), 'erin@example.com');
    const got = await s.sdk.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'erin@example.com' }));
    assert.equal(got.Username, u.Username);
    assert.equal(got.Username, attr(got.UserAttributes, 'sub'));
    await s.sdk.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'erin@example.com', Password: PASSWORD, Permanent: true }));
    const tokens = await signIn(s.sdk, clientId, 'erin@example.com');
    const me = await s.sdk.send(new GetUserCommand({ AccessToken: tokens.accessToken }));
    assert.equal(me.Username, u.Username);
    const access = decodeJwt(tokens.accessToken);
    const id = decodeJwt(tokens.idToken);
    assert.equal(access.username, access.sub);
    assert.equal(access.sub, u.Username);
    assert.equal(id['cognito:username'], id.sub);
    assert.equal(id.sub, u.Username);
  });

  it('refuses a Username that is not an email', async () => {
    await assert.rejects(s.sdk.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'erin', MessageAction: 'SUPPRESS' })), {
      name: 'InvalidParameterException',
      message: 'Username should be an email.',
    });
  });

  it('refuses a second user with the same email', async () => {
    await s.sdk.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'fay@example.com', MessageAction: 'SUPPRESS' }));
    await assert.rejects(s.sdk.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'fay@example.com', MessageAction: 'SUPPRESS' })), {
      name: 'UsernameExistsException',
      message: 'An account with the given email already exists.',
    });
  });

  it('refuses to move a user onto an email another user signs in with', async () => {
    await s.sdk.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'gus@example.com', MessageAction: 'SUPPRESS' }));
    await s.sdk.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'hal@example.com', MessageAction: 'SUPPRESS' }));
    await assert.rejects(
      s.sdk.send(
        new AdminUpdateUserAttributesCommand({
          UserPoolId: poolId,
          Username: 'hal@example.com',
          UserAttributes: [{ Name: 'email', Value: 'gus@example.com' }],
        }),
      ),
      { name: 'AliasExistsException', message: 'An account with the given email already exists.' },
    );
    const hal = await s.sdk.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'hal@example.com' }));
    assert.equal(attr(hal.UserAttributes, 'email'), 'hal@example.com');
  });
});

describe('Users in a pool with an email alias', () => {
  let s: TestServer;
  let poolId: string;
  let clientId: string;
  const verified = (email: string) => [
    { Name: 'email', Value: email },
    { Name: 'email_verified', Value: 'true' },
  ];
  before(async () => {
    s = await startServer();
    ({ poolId, clientId } = await createPoolAndClient(s.sdk, { AliasAttributes: ['email'] }));
  });
  after(async () => s.close());

  it('signs in by a verified email alias', async () => {
    await s.sdk.send(
      new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'uma', MessageAction: 'SUPPRESS', UserAttributes: verified('uma@example.com') }),
    );
    await s.sdk.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'uma', Password: PASSWORD, Permanent: true }));
    const tokens = await signIn(s.sdk, clientId, 'uma@example.com');
    assert.equal((await s.sdk.send(new GetUserCommand({ AccessToken: tokens.accessToken }))).Username, 'uma');
  });

  it('refuses a verified email another user holds, unless ForceAliasCreation moves it', async () => {
    await s.sdk.send(
      new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'vic', MessageAction: 'SUPPRESS', UserAttributes: verified('vic@example.com') }),
    );
    await assert.rejects(
      s.sdk.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'wes', MessageAction: 'SUPPRESS', UserAttributes: verified('vic@example.com') })),
      { name: 'AliasExistsException', message: 'An account with the given email already exists.' },
    );
    await s.sdk.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: 'wes',
        MessageAction: 'SUPPRESS',
        ForceAliasCreation: true,
        UserAttributes: verified('vic@example.com'),
      }),
    );
    const vic = await s.sdk.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'vic' }));
    assert.equal(attr(vic.UserAttributes, 'email_verified'), 'false');
  });

  it('leaves the alias holder alone when the new username is taken', async () => {
    await s.sdk.send(
      new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'xan', MessageAction: 'SUPPRESS', UserAttributes: verified('xan@example.com') }),
    );
    await s.sdk.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'yul', MessageAction: 'SUPPRESS' }));
    await assert.rejects(
      s.sdk.send(
        new AdminCreateUserCommand({
          UserPoolId: poolId,
          Username: 'yul',
          MessageAction: 'SUPPRESS',
          ForceAliasCreation: true,
          UserAttributes: verified('xan@example.com'),
        }),
      ),
      { name: 'UsernameExistsException', message: 'User account already exists' },
    );
    const xan = await s.sdk.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'xan' }));
    assert.equal(attr(xan.UserAttributes, 'email_verified'), 'true');
  });

  it('refuses to verify an email another user holds verified, in AdminUpdateUserAttributes', async () => {
    await s.sdk.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'zed', MessageAction: 'SUPPRESS' }));
    await assert.rejects(
      s.sdk.send(new AdminUpdateUserAttributesCommand({ UserPoolId: poolId, Username: 'zed', UserAttributes: verified('xan@example.com') })),
      { name: 'AliasExistsException', message: 'An account with the given email already exists.' },
    );
    await s.sdk.send(
      new AdminUpdateUserAttributesCommand({ UserPoolId: poolId, Username: 'zed', UserAttributes: [{ Name: 'email', Value: 'xan@example.com' }] }),
    );
    const zed = await s.sdk.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'zed' }));
    assert.equal(attr(zed.UserAttributes, 'email_verified'), 'false');
  });
});

describe('AdminGetUser, AdminDeleteUser, AdminDisableUser, AdminEnableUser and GetUser', () => {
  let s: TestServer;
  let poolId: string;
  let clientId: string;
  before(async () => {
    s = await startServer();
    ({ poolId, clientId } = await createPoolAndClient(s.sdk));
  });
  after(async () => s.close());

  it('AdminGetUser shows status, attributes and dates, by username or by sub', async () => {
    await createConfirmedUser(s.sdk, poolId, 'ivy');
    const u = await s.sdk.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'ivy' }));
    assert.equal(u.Username, 'ivy');
    assert.equal(u.UserStatus, 'CONFIRMED');
    assert.equal(u.Enabled, true);
    assert.equal(u.UserAttributes![0]!.Name, 'sub');
    assert.equal(attr(u.UserAttributes, 'phone_number'), PHONE);
    assert.ok(u.UserCreateDate instanceof Date);
    assert.equal(u.MFAOptions, undefined);
    assert.equal(u.UserMFASettingList, undefined);
    const bySub = await s.sdk.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: attr(u.UserAttributes, 'sub')! }));
    assert.equal(bySub.Username, 'ivy');
  });

  it('AdminGetUser answers UserNotFoundException for an unknown user', async () => {
    await assert.rejects(s.sdk.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'nobody' })), {
      name: 'UserNotFoundException',
      message: 'User does not exist.',
    });
  });

  it('GetUser shows the signed-in user by their access token', async () => {
    await createConfirmedUser(s.sdk, poolId, 'jo');
    const tokens = await signIn(s.sdk, clientId, 'jo');
    const me = await s.sdk.send(new GetUserCommand({ AccessToken: tokens.accessToken }));
    assert.equal(me.Username, 'jo');
    assert.equal(me.UserAttributes![0]!.Name, 'sub');
    assert.equal(attr(me.UserAttributes, 'phone_number'), PHONE);
    assert.equal(me.MFAOptions, undefined);
  });

  it('GetUser refuses a token that is not one of ours with "Invalid Access Token"', async () => {
    await assert.rejects(s.sdk.send(new GetUserCommand({ AccessToken: 'eyJhbGciOiJIUzI1NiJ9.e30.c2lnbmF0dXJl' })), {
      name: 'NotAuthorizedException',
      message: 'Invalid Access Token',
    });
  });

  it('AdminDeleteUser removes the user; a second delete and their sign-in find nobody', async () => {
    await createConfirmedUser(s.sdk, poolId, 'kim');
    const tokens = await signIn(s.sdk, clientId, 'kim');
    await s.sdk.send(new AdminDeleteUserCommand({ UserPoolId: poolId, Username: 'kim' }));
    await assert.rejects(s.sdk.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'kim' })), {
      name: 'UserNotFoundException',
      message: 'User does not exist.',
    });
    await assert.rejects(s.sdk.send(new AdminDeleteUserCommand({ UserPoolId: poolId, Username: 'kim' })), {
      name: 'UserNotFoundException',
      message: 'User does not exist.',
    });
    await assert.rejects(signIn(s.sdk, clientId, 'kim'), { name: 'UserNotFoundException', message: 'User does not exist.' });
    await assert.rejects(s.sdk.send(new GetUserCommand({ AccessToken: tokens.accessToken })), {
      name: 'UserNotFoundException',
      message: 'User does not exist.',
    });
  });

  it('AdminDisableUser blocks sign-in with "User is disabled." and revokes the tokens; AdminEnableUser lets sign-in back but not the old tokens', async () => {
    await createConfirmedUser(s.sdk, poolId, 'lou');
    const tokens = await signIn(s.sdk, clientId, 'lou');
    s.clock.advance(5);
    await s.sdk.send(new AdminDisableUserCommand({ UserPoolId: poolId, Username: 'lou' }));
    const disabled = await s.sdk.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'lou' }));
    assert.equal(disabled.Enabled, false);
    assert.equal(disabled.UserLastModifiedDate!.getTime(), s.clock.now().getTime());
    await assert.rejects(signIn(s.sdk, clientId, 'lou'), { name: 'NotAuthorizedException', message: 'User is disabled.' });
    const oldTokensRefused = async () => {
      await assert.rejects(s.sdk.send(new GetUserCommand({ AccessToken: tokens.accessToken })), {
        name: 'NotAuthorizedException',
        message: 'Access Token has been revoked',
      });
      await assert.rejects(
        s.sdk.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: tokens.refreshToken } })),
        { name: 'NotAuthorizedException', message: 'Refresh Token has been revoked' },
      );
    };
    await oldTokensRefused();

    await s.sdk.send(new AdminEnableUserCommand({ UserPoolId: poolId, Username: 'lou' }));
    assert.equal((await s.sdk.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'lou' }))).Enabled, true);
    await oldTokensRefused();
    const fresh = await signIn(s.sdk, clientId, 'lou');
    assert.equal((await s.sdk.send(new GetUserCommand({ AccessToken: fresh.accessToken }))).Username, 'lou');
  });

  it('answers UserNotFoundException when disabling or enabling nobody', async () => {
    await assert.rejects(s.sdk.send(new AdminDisableUserCommand({ UserPoolId: poolId, Username: 'nobody' })), {
      name: 'UserNotFoundException',
      message: 'User does not exist.',
    });
    await assert.rejects(s.sdk.send(new AdminEnableUserCommand({ UserPoolId: poolId, Username: 'nobody' })), {
      name: 'UserNotFoundException',
      message: 'User does not exist.',
    });
  });

  it('answers ResourceNotFoundException for a pool that does not exist', async () => {
    for (const command of [
      new AdminGetUserCommand({ UserPoolId: MISSING_POOL, Username: 'x' }),
      new AdminDeleteUserCommand({ UserPoolId: MISSING_POOL, Username: 'x' }),
      new AdminDisableUserCommand({ UserPoolId: MISSING_POOL, Username: 'x' }),
      new AdminEnableUserCommand({ UserPoolId: MISSING_POOL, Username: 'x' }),
    ]) {
      await assert.rejects(s.sdk.send(command as AdminGetUserCommand), {
        name: 'ResourceNotFoundException',
        message: `User pool ${MISSING_POOL} does not exist.`,
      });
    }
  });
});

describe('AdminSetUserPassword and AdminConfirmSignUp', () => {
  let s: TestServer;
  let poolId: string;
  let clientId: string;
  before(async () => {
    s = await startServer();
    ({ poolId, clientId } = await createPoolAndClient(s.sdk));
  });
  after(async () => s.close());

  it('a permanent password confirms the user and signs in', async () => {
    await s.sdk.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'max', MessageAction: 'SUPPRESS' }));
    await s.sdk.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'max', Password: PASSWORD, Permanent: true }));
    assert.equal((await s.sdk.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'max' }))).UserStatus, 'CONFIRMED');
    assert.ok((await signIn(s.sdk, clientId, 'max')).accessToken);
  });

  it('a temporary password puts a confirmed user back in FORCE_CHANGE_PASSWORD', async () => {
    await createConfirmedUser(s.sdk, poolId, 'ned');
    await s.sdk.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'ned', Password: 'Temp-Passw0rd' }));
    assert.equal((await s.sdk.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'ned' }))).UserStatus, 'FORCE_CHANGE_PASSWORD');
    const r = await s.sdk.send(
      new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'ned', PASSWORD: 'Temp-Passw0rd' } }),
    );
    assert.equal(r.ChallengeName, 'NEW_PASSWORD_REQUIRED');
    await assert.rejects(signIn(s.sdk, clientId, 'ned', PASSWORD), { name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
  });

  it('refuses a password against the policy with InvalidPasswordException', async () => {
    await createConfirmedUser(s.sdk, poolId, 'oli');
    await assert.rejects(s.sdk.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'oli', Password: 'password', Permanent: true })), {
      name: 'InvalidPasswordException',
      message: 'Password did not conform with policy: Password must have numeric characters',
    });
    assert.ok((await signIn(s.sdk, clientId, 'oli')).accessToken);
  });

  it('answers UserNotFoundException for an unknown user', async () => {
    await assert.rejects(s.sdk.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'nobody', Password: PASSWORD, Permanent: true })), {
      name: 'UserNotFoundException',
      message: 'User does not exist.',
    });
  });

  it('AdminConfirmSignUp confirms an UNCONFIRMED user, who can then sign in', async () => {
    await createConfirmedUser(s.sdk, poolId, 'pam');
    // Self-service sign-up is not served yet, so the store puts the user back in UNCONFIRMED.
    const stored = (await s.app.store.getUser(poolId, 'pam'))!;
    await s.app.store.changeUser(poolId, stored.sub, (u) => ({ ...u, status: 'UNCONFIRMED' }));
    await assert.rejects(signIn(s.sdk, clientId, 'pam'), { name: 'UserNotConfirmedException', message: 'User is not confirmed.' });
    const out = await s.sdk.send(new AdminConfirmSignUpCommand({ UserPoolId: poolId, Username: 'pam' }));
    assert.equal(out.$metadata.httpStatusCode, 200);
    assert.equal((await s.sdk.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'pam' }))).UserStatus, 'CONFIRMED');
    assert.ok((await signIn(s.sdk, clientId, 'pam')).accessToken);
  });

  it('AdminConfirmSignUp refuses a user who is not UNCONFIRMED', async () => {
    await createConfirmedUser(s.sdk, poolId, 'quinn');
    await assert.rejects(s.sdk.send(new AdminConfirmSignUpCommand({ UserPoolId: poolId, Username: 'quinn' })), {
      name: 'NotAuthorizedException',
      message: 'User cannot be confirmed. Current status is CONFIRMED',
    });
    await assert.rejects(s.sdk.send(new AdminConfirmSignUpCommand({ UserPoolId: poolId, Username: 'nobody' })), {
      name: 'UserNotFoundException',
      message: 'User does not exist.',
    });
  });
});

describe('AdminUpdateUserAttributes', () => {
  let s: TestServer;
  let poolId: string;
  let clientId: string;
  before(async () => {
    s = await startServer();
    ({ poolId, clientId } = await createPoolAndClient(s.sdk, { Schema: [{ Name: 'tier', AttributeDataType: 'String' }] }));
    await s.sdk.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: 'rae',
        MessageAction: 'SUPPRESS',
        UserAttributes: [
          { Name: 'email', Value: 'rae@example.com' },
          { Name: 'email_verified', Value: 'true' },
          { Name: 'phone_number', Value: PHONE },
        ],
      }),
    );
    await s.sdk.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'rae', Password: PASSWORD, Permanent: true }));
  });
  after(async () => s.close());

  const get = async () => (await s.sdk.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'rae' }))).UserAttributes;

  it('marks a changed email unverified', async () => {
    assert.equal(attr(await get(), 'email_verified'), 'true');
    await s.sdk.send(
      new AdminUpdateUserAttributesCommand({ UserPoolId: poolId, Username: 'rae', UserAttributes: [{ Name: 'email', Value: 'rae@new.example.com' }] }),
    );
    const attrs = await get();
    assert.equal(attr(attrs, 'email'), 'rae@new.example.com');
    assert.equal(attr(attrs, 'email_verified'), 'false');
  });

  it('keeps the email verified when the same request says so', async () => {
    await s.sdk.send(
      new AdminUpdateUserAttributesCommand({
        UserPoolId: poolId,
        Username: 'rae',
        UserAttributes: [
          { Name: 'email', Value: 'rae@example.com' },
          { Name: 'email_verified', Value: 'true' },
        ],
      }),
    );
    assert.equal(attr(await get(), 'email_verified'), 'true');
  });

  it('updates custom attributes, and the next ID token carries them', async () => {
    await s.sdk.send(new AdminUpdateUserAttributesCommand({ UserPoolId: poolId, Username: 'rae', UserAttributes: [{ Name: 'custom:tier', Value: 'gold' }] }));
    assert.equal(attr(await get(), 'custom:tier'), 'gold');
    const tokens = await signIn(s.sdk, clientId, 'rae');
    const claims = JSON.parse(Buffer.from(tokens.idToken.split('.')[1]!, 'base64url').toString());
    assert.equal(claims['custom:tier'], 'gold');
  });

  it('rejects a phone number in a bad format and changes nothing', async () => {
    await assert.rejects(
      s.sdk.send(
        new AdminUpdateUserAttributesCommand({ UserPoolId: poolId, Username: 'rae', UserAttributes: [{ Name: 'phone_number', Value: '+1 555 555 1234' }] }),
      ),
      { name: 'InvalidParameterException', message: 'Invalid phone number format.' },
    );
    assert.equal(attr(await get(), 'phone_number'), PHONE);
  });

  it('refuses to change sub', async () => {
    await assert.rejects(
      s.sdk.send(
        new AdminUpdateUserAttributesCommand({
          UserPoolId: poolId,
          Username: 'rae',
          UserAttributes: [{ Name: 'sub', Value: '00000000-0000-0000-0000-000000000000' }],
        }),
      ),
      { name: 'InvalidParameterException' },
    );
  });

  it('answers UserNotFoundException for an unknown user', async () => {
    await assert.rejects(
      s.sdk.send(new AdminUpdateUserAttributesCommand({ UserPoolId: poolId, Username: 'nobody', UserAttributes: [{ Name: 'email', Value: 'x@example.com' }] })),
      { name: 'UserNotFoundException', message: 'User does not exist.' },
    );
  });
});

describe('ListUsers', () => {
  let s: TestServer;
  let poolId: string;
  before(async () => {
    s = await startServer();
    poolId = (await s.sdk.send(new CreateUserPoolCommand({ PoolName: 'listed' }))).UserPool!.Id!;
    const people: Array<[string, string, string]> = [
      ['ann', 'ann@example.com', 'Ann'],
      ['andy', 'andy@example.org', 'Andy'],
      ['bea', 'bea@example.com', 'Bea'],
      ['cy', 'cy@example.com', 'Cy'],
    ];
    for (const [username, email, given] of people) {
      await s.sdk.send(
        new AdminCreateUserCommand({
          UserPoolId: poolId,
          Username: username,
          MessageAction: 'SUPPRESS',
          UserAttributes: [
            { Name: 'email', Value: email },
            { Name: 'given_name', Value: given },
          ],
        }),
      );
    }
    await s.sdk.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'cy', Password: PASSWORD, Permanent: true }));
    await s.sdk.send(new AdminDisableUserCommand({ UserPoolId: poolId, Username: 'bea' }));
  });
  after(async () => s.close());

  const names = async (input: { Filter?: string; Limit?: number }) =>
    (await s.sdk.send(new ListUsersCommand({ UserPoolId: poolId, ...input }))).Users!.map((u) => u.Username).sort();

  it('lists everyone with their status and attributes', async () => {
    const out = await s.sdk.send(new ListUsersCommand({ UserPoolId: poolId }));
    assert.deepEqual(out.Users!.map((u) => u.Username).sort(), ['andy', 'ann', 'bea', 'cy']);
    assert.equal(out.PaginationToken, undefined);
    const cy = out.Users!.find((u) => u.Username === 'cy')!;
    assert.equal(cy.UserStatus, 'CONFIRMED');
    assert.equal(cy.Enabled, true);
    assert.equal(attr(cy.Attributes, 'email'), 'cy@example.com');
    assert.equal(out.Users!.find((u) => u.Username === 'bea')!.Enabled, false);
  });

  it('filters with = on an attribute', async () => {
    assert.deepEqual(await names({ Filter: 'email = "ann@example.com"' }), ['ann']);
    assert.deepEqual(await names({ Filter: 'email="ann@example.com"' }), ['ann']);
    assert.deepEqual(await names({ Filter: 'email = "nobody@example.com"' }), []);
  });

  it('filters with ^= as a prefix', async () => {
    assert.deepEqual(await names({ Filter: 'username ^= "an"' }), ['andy', 'ann']);
    assert.deepEqual(await names({ Filter: 'given_name ^= "B"' }), ['bea']);
  });

  it('filters on the user status and on enabled/disabled', async () => {
    assert.deepEqual(await names({ Filter: 'cognito:user_status = "CONFIRMED"' }), ['cy']);
    assert.deepEqual(await names({ Filter: 'status = "Disabled"' }), ['bea']);
    assert.deepEqual(await names({ Filter: 'status = "Enabled"' }), ['andy', 'ann', 'cy']);
  });

  it('rejects a filter it cannot parse', async () => {
    await assert.rejects(s.sdk.send(new ListUsersCommand({ UserPoolId: poolId, Filter: 'email ~ "x"' })), {
      name: 'InvalidParameterException',
      message: 'Error while parsing filter.',
    });
    await assert.rejects(s.sdk.send(new ListUsersCommand({ UserPoolId: poolId, Filter: 'email = unquoted' })), {
      name: 'InvalidParameterException',
      message: 'Error while parsing filter.',
    });
  });

  it('rejects a filter on an attribute that cannot be searched', async () => {
    await assert.rejects(s.sdk.send(new ListUsersCommand({ UserPoolId: poolId, Filter: 'locale = "en"' })), { name: 'InvalidParameterException' });
  });

  it('pages with Limit and PaginationToken', async () => {
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const out = await s.sdk.send(new ListUsersCommand({ UserPoolId: poolId, Limit: 3, PaginationToken: token }));
      assert.ok(out.Users!.length <= 3);
      seen.push(...out.Users!.map((u) => u.Username!));
      token = out.PaginationToken;
      pages++;
    } while (token);
    assert.equal(pages, 2);
    assert.deepEqual(seen.sort(), ['andy', 'ann', 'bea', 'cy']);
  });

  it('pages a filtered listing and refuses its token for another filter', async () => {
    const first = await s.sdk.send(new ListUsersCommand({ UserPoolId: poolId, Filter: 'email ^= "a"', Limit: 1 }));
    assert.equal(first.Users!.length, 1);
    assert.ok(first.PaginationToken);
    const second = await s.sdk.send(new ListUsersCommand({ UserPoolId: poolId, Filter: 'email ^= "a"', Limit: 1, PaginationToken: first.PaginationToken }));
    assert.deepEqual([first.Users![0]!.Username, second.Users![0]!.Username].sort(), ['andy', 'ann']);
    await assert.rejects(s.sdk.send(new ListUsersCommand({ UserPoolId: poolId, Filter: 'email ^= "b"', PaginationToken: first.PaginationToken })), {
      name: 'InvalidParameterException',
    });
  });

  it('returns only AttributesToGet', async () => {
    const out = await s.sdk.send(new ListUsersCommand({ UserPoolId: poolId, AttributesToGet: ['email'] }));
    for (const u of out.Users!)
      assert.deepEqual(
        u.Attributes!.map((a) => a.Name),
        ['email'],
      );
  });

  it('rejects a Limit above 60 in Coral words', async () => {
    const r = await rawCall(s.url, 'ListUsers', { UserPoolId: poolId, Limit: 61 });
    assert.deepEqual(r.body, {
      __type: 'InvalidParameterException',
      message: "1 validation error detected: Value '61' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 60",
    });
  });

  it('answers ResourceNotFoundException for a pool that does not exist', async () => {
    await assert.rejects(s.sdk.send(new ListUsersCommand({ UserPoolId: MISSING_POOL })), {
      name: 'ResourceNotFoundException',
      message: `User pool ${MISSING_POOL} does not exist.`,
    });
  });
});
