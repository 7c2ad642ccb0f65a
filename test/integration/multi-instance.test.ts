import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminSetUserPasswordCommand,
  ChangePasswordCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  GetUserCommand,
  GlobalSignOutCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  SetUserSettingsCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { FakeClock } from '../../src/clock.js';
import { PASSWORD, PHONE, SMS_CONFIGURATION, signIn } from '../helpers/fixtures.js';
import { lastMessage, otherCode } from '../helpers/mfa.js';
import { freshSchema, skipWithoutPostgres, type TestSchema } from '../helpers/postgres.js';
import { startServer, type TestServer } from '../helpers/server.js';

const SMS = [{ DeliveryMedium: 'SMS' as const, AttributeName: 'phone_number' }];
/** Both instances sit behind one address, as behind a load balancer, so they name the same issuer. */
const PUBLIC_URL = 'http://cognate.example.test';

describe('two instances on one PostgreSQL database', { skip: skipWithoutPostgres }, () => {
  let schema: TestSchema;
  let a: TestServer;
  let b: TestServer;
  let poolId: string;
  let clientId: string;

  before(async () => {
    schema = freshSchema();
    const clock = new FakeClock(new Date());
    a = await startServer({ publicUrl: PUBLIC_URL }, { store: await schema.open(), clock });
    b = await startServer({ publicUrl: PUBLIC_URL }, { store: await schema.open(), clock });
    // A pool and users made through A only.
    const pool = await a.sdk.send(new CreateUserPoolCommand({ PoolName: 'shared', MfaConfiguration: 'OPTIONAL', SmsConfiguration: SMS_CONFIGURATION }));
    poolId = pool.UserPool!.Id!;
    const client = await a.sdk.send(
      new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'app', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }),
    );
    clientId = client.UserPoolClient!.ClientId!;
  });
  after(async () => {
    await a?.close();
    await b?.close();
    await schema?.drop();
  });

  async function userMadeThroughA(username: string): Promise<void> {
    await a.sdk.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: username,
        MessageAction: 'SUPPRESS',
        UserAttributes: [{ Name: 'phone_number', Value: PHONE }],
      }),
    );
    await a.sdk.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: username, Password: PASSWORD, Permanent: true }));
  }

  it('shows through A the MFAOptions that SetUserSettings set through B', async () => {
    await userMadeThroughA('alice');
    const t = await signIn(a.sdk, clientId, 'alice');
    // A reads the user first, so a copy kept in A's memory would now be stale.
    assert.equal((await a.sdk.send(new GetUserCommand({ AccessToken: t.accessToken }))).MFAOptions, undefined);
    await b.sdk.send(new SetUserSettingsCommand({ AccessToken: t.accessToken, MFAOptions: SMS }));
    assert.deepEqual((await a.sdk.send(new GetUserCommand({ AccessToken: t.accessToken }))).MFAOptions, SMS);
    await b.sdk.send(new SetUserSettingsCommand({ AccessToken: t.accessToken, MFAOptions: [] }));
    assert.equal((await a.sdk.send(new GetUserCommand({ AccessToken: t.accessToken }))).MFAOptions, undefined);
  });

  it('refuses through A an access token that GlobalSignOut revoked through B', async () => {
    await userMadeThroughA('bob');
    const t = await signIn(a.sdk, clientId, 'bob');
    await a.sdk.send(new GetUserCommand({ AccessToken: t.accessToken }));
    await b.sdk.send(new GlobalSignOutCommand({ AccessToken: t.accessToken }));
    await assert.rejects(a.sdk.send(new GetUserCommand({ AccessToken: t.accessToken })), {
      name: 'NotAuthorizedException',
      message: 'Access Token has been revoked',
    });
    await assert.rejects(
      a.sdk.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: t.refreshToken } })),
      { name: 'NotAuthorizedException' },
    );
  });

  it('answers on B an SMS_MFA challenge started on A, once, with tokens A accepts', async () => {
    await userMadeThroughA('carol');
    const t = await signIn(a.sdk, clientId, 'carol');
    await a.sdk.send(new SetUserSettingsCommand({ AccessToken: t.accessToken, MFAOptions: SMS }));
    const started = await a.sdk.send(
      new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'carol', PASSWORD } }),
    );
    assert.equal(started.ChallengeName, 'SMS_MFA');
    // The outbox is shared too: B shows the code A sent.
    const { code } = await lastMessage(b.url, poolId, 'carol');
    const respond = (server: TestServer, answer: string) =>
      server.sdk.send(
        new RespondToAuthChallengeCommand({
          ClientId: clientId,
          ChallengeName: 'SMS_MFA',
          Session: started.Session,
          ChallengeResponses: { USERNAME: 'carol', SMS_MFA_CODE: answer },
        }),
      );
    // A wrong answer on B leaves the session open for the right one.
    await assert.rejects(respond(b, otherCode(code)), { name: 'CodeMismatchException' });
    const answered = await respond(b, code);
    const access = answered.AuthenticationResult?.AccessToken;
    assert.ok(access, 'B answered the challenge with tokens');
    assert.equal((await a.sdk.send(new GetUserCommand({ AccessToken: access }))).Username, 'carol');
    // B consumed the session; A cannot use it again.
    await assert.rejects(respond(a, code), { name: 'NotAuthorizedException', message: 'Invalid session for the user, session is expired.' });
  });

  it('keeps both a ChangePassword through A and a SetUserSettings through B made at the same time', async () => {
    await userMadeThroughA('dina');
    const t = await signIn(a.sdk, clientId, 'dina');
    let password = PASSWORD;
    for (let trial = 0; trial < 10; trial++) {
      const next = `Trial-${trial}-Passw0rd!`;
      const on = trial % 2 === 0;
      await Promise.all([
        a.sdk.send(new ChangePasswordCommand({ AccessToken: t.accessToken, PreviousPassword: password, ProposedPassword: next })),
        b.sdk.send(new SetUserSettingsCommand({ AccessToken: t.accessToken, MFAOptions: on ? SMS : [] })),
      ]);
      password = next;
      const seen = (await b.sdk.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'dina' }))).MFAOptions;
      assert.deepEqual(seen, on ? SMS : undefined, `trial ${trial}: the MFA switch was lost`);
    }
    await b.sdk.send(new SetUserSettingsCommand({ AccessToken: t.accessToken, MFAOptions: [] }));
    assert.ok((await signIn(b.sdk, clientId, 'dina', password)).accessToken);
  });

  it('judges five of 30 wrong passwords sent to A and B at the same time, and locks the user out on both', async () => {
    await userMadeThroughA('emil');
    const guess = (server: TestServer, i: number) =>
      server.sdk
        .send(
          new InitiateAuthCommand({
            ClientId: clientId,
            AuthFlow: 'USER_PASSWORD_AUTH',
            AuthParameters: { USERNAME: 'emil', PASSWORD: `Wrong-${i}-pass!` },
          }),
        )
        .then(
          () => 'signed in',
          (e: Error) => e.message,
        );
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => guess(i % 2 ? a : b, i)));
    assert.equal(answers.filter((m) => m === 'Incorrect username or password.').length, 5);
    assert.equal(answers.filter((m) => m === 'Password attempts exceeded').length, 25);
    for (const server of [a, b])
      await assert.rejects(signIn(server.sdk, clientId, 'emil'), { name: 'NotAuthorizedException', message: 'Password attempts exceeded' });
  });
});
