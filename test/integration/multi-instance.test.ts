import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
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
    const client = await a.sdk.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'app', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }));
    clientId = client.UserPoolClient!.ClientId!;
  });
  after(async () => {
    await a?.close();
    await b?.close();
    await schema?.drop();
  });

  async function userMadeThroughA(username: string): Promise<void> {
    await a.sdk.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: username, MessageAction: 'SUPPRESS', UserAttributes: [{ Name: 'phone_number', Value: PHONE }] }));
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
    await assert.rejects(a.sdk.send(new GetUserCommand({ AccessToken: t.accessToken })), { name: 'NotAuthorizedException', message: 'Access Token has been revoked' });
    await assert.rejects(
      a.sdk.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: t.refreshToken } })),
      { name: 'NotAuthorizedException' },
    );
  });

  it('answers on B an SMS_MFA challenge started on A, once, with tokens A accepts', async () => {
    await userMadeThroughA('carol');
    const t = await signIn(a.sdk, clientId, 'carol');
    await a.sdk.send(new SetUserSettingsCommand({ AccessToken: t.accessToken, MFAOptions: SMS }));
    const started = await a.sdk.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'carol', PASSWORD } }));
    assert.equal(started.ChallengeName, 'SMS_MFA');
    // The outbox is shared too: B shows the code A sent.
    const { code } = await lastMessage(b.url, poolId, 'carol');
    const respond = (server: TestServer, answer: string) => server.sdk.send(new RespondToAuthChallengeCommand({
      ClientId: clientId, ChallengeName: 'SMS_MFA', Session: started.Session, ChallengeResponses: { USERNAME: 'carol', SMS_MFA_CODE: answer },
    }));
    // A wrong answer on B leaves the session open for the right one.
    await assert.rejects(respond(b, otherCode(code)), { name: 'CodeMismatchException' });
    const answered = await respond(b, code);
    const access = answered.AuthenticationResult?.AccessToken;
    assert.ok(access, 'B answered the challenge with tokens');
    assert.equal((await a.sdk.send(new GetUserCommand({ AccessToken: access }))).Username, 'carol');
    // B consumed the session; A cannot use it again.
    await assert.rejects(respond(a, code), { name: 'NotAuthorizedException', message: 'Invalid session for the user, session is expired.' });
  });
});
