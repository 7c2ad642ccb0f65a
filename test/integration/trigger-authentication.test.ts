/**
 * PreAuthentication and PostAuthentication through the AWS SDK and amazon-cognito-identity-js (SRP): when
 * they run, what they receive, and what their failures do to the sign-in.
 */
import assert from 'node:assert/strict';
import {
  AdminSetUserSettingsCommand,
  CreateUserPoolClientCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import acijs from 'amazon-cognito-identity-js';
import type { ICognitoUserPoolData } from 'amazon-cognito-identity-js';
import type { PostAuthenticationTriggerEvent, PreAuthenticationTriggerEvent } from 'aws-lambda';
import { after, before, describe, it } from 'node:test';
import { createConfirmedUser, createPoolAndClient, PASSWORD, signIn } from '../helpers/fixtures.js';
import { lastMessage } from '../helpers/mfa.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { eventsOf, fnArn, LAMBDA_DIR } from '../helpers/triggers.js';

const { AuthenticationDetails, CognitoUser, CognitoUserPool } = acijs;

describe('the PreAuthentication and PostAuthentication triggers', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer({ lambdaDir: LAMBDA_DIR });
  });
  after(() => s.close());

  const pool = () =>
    createPoolAndClient(s.sdk, { LambdaConfig: { PreAuthentication: fnArn('preAuthentication'), PostAuthentication: fnArn('postAuthentication') } });
  const pre = (poolId: string) => eventsOf<PreAuthenticationTriggerEvent>(s.logs, 'preAuthentication').filter((e) => e.userPoolId === poolId);
  const post = (poolId: string) => eventsOf<PostAuthenticationTriggerEvent>(s.logs, 'postAuthentication').filter((e) => e.userPoolId === poolId);
  const initiate = (sdk: CognitoIdentityProviderClient, clientId: string, username: string, password: string, meta?: Record<string, string>) =>
    sdk.send(
      new InitiateAuthCommand({
        ClientId: clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: username, PASSWORD: password },
        ClientMetadata: meta,
      }),
    );

  it("run around a password sign-in: PreAuthentication with InitiateAuth's metadata as validationData, then PostAuthentication", async () => {
    const { poolId, clientId } = await pool();
    await createConfirmedUser(s.sdk, poolId, 'alice');
    const out = await initiate(s.sdk, clientId, 'alice', PASSWORD, { device: 'kiosk' });
    assert.ok(out.AuthenticationResult?.AccessToken);
    const [p] = pre(poolId);
    assert.equal(p!.triggerSource, 'PreAuthentication_Authentication');
    assert.equal(p!.userName, 'alice');
    assert.equal(p!.callerContext.clientId, clientId);
    assert.deepEqual(p!.request.validationData, { device: 'kiosk' });
    assert.equal(p!.request.userAttributes['cognito:user_status'], 'CONFIRMED');
    const [q] = post(poolId);
    assert.equal(q!.triggerSource, 'PostAuthentication_Authentication');
    assert.equal(q!.request.newDeviceUsed, false);
    assert.deepEqual(q!.request.clientMetadata, {}, "InitiateAuth's metadata does not reach PostAuthentication");
  });

  it('PreAuthentication gets userNotFound: true for an unknown user when the client hides user existence, and none runs otherwise', async () => {
    const { poolId, clientId } = await pool();
    const hiding = (
      await s.sdk.send(
        new CreateUserPoolClientCommand({
          UserPoolId: poolId,
          ClientName: 'hiding',
          PreventUserExistenceErrors: 'ENABLED',
          ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'],
        }),
      )
    ).UserPoolClient!.ClientId!;
    await assert.rejects(initiate(s.sdk, clientId, 'ghost', PASSWORD), { name: 'UserNotFoundException' });
    assert.equal(pre(poolId).length, 0);
    await assert.rejects(initiate(s.sdk, hiding, 'ghost', PASSWORD, { device: 'kiosk' }), {
      name: 'NotAuthorizedException',
      message: 'Incorrect username or password.',
    });
    const [p] = pre(poolId);
    assert.equal(p!.userName, 'ghost');
    assert.equal(p!.request.userNotFound, true);
    assert.deepEqual(p!.request.userAttributes, {});
    assert.deepEqual(p!.request.validationData, { device: 'kiosk' });
    assert.equal(post(poolId).length, 0);
  });

  it('PostAuthentication waits for the MFA answer and gets the metadata of the call that finished the sign-in', async () => {
    const { poolId, clientId } = await pool();
    await createConfirmedUser(s.sdk, poolId, 'bob');
    await s.sdk.send(
      new AdminSetUserSettingsCommand({ UserPoolId: poolId, Username: 'bob', MFAOptions: [{ DeliveryMedium: 'SMS', AttributeName: 'phone_number' }] }),
    );
    const first = await initiate(s.sdk, clientId, 'bob', PASSWORD);
    assert.equal(first.ChallengeName, 'SMS_MFA');
    assert.equal(post(poolId).length, 0);
    const { code } = await lastMessage(s.url, poolId, 'bob');
    await s.sdk.send(
      new RespondToAuthChallengeCommand({
        ClientId: clientId,
        ChallengeName: 'SMS_MFA',
        Session: first.Session,
        ChallengeResponses: { USERNAME: 'bob', SMS_MFA_CODE: code },
        ClientMetadata: { step: 'mfa' },
      }),
    );
    assert.deepEqual(
      post(poolId).map((e) => e.request.clientMetadata),
      [{ step: 'mfa' }],
    );
  });

  it('a PreAuthentication that throws refuses the sign-in without counting a password failure', async () => {
    const { poolId, clientId } = await pool();
    await createConfirmedUser(s.sdk, poolId, 'carol');
    for (let i = 0; i < 7; i++) {
      await assert.rejects(initiate(s.sdk, clientId, 'carol', 'Wr0ng-password!', { deny: 'yes' }), {
        name: 'UserLambdaValidationException',
        message: 'PreAuthentication failed with error Sign-in is not allowed now.',
      });
    }
    await signIn(s.sdk, clientId, 'carol');
    await createConfirmedUser(s.sdk, poolId, 'blocked-dan');
    await assert.rejects(initiate(s.sdk, clientId, 'blocked-dan', PASSWORD), { name: 'UserLambdaValidationException' });
  });

  it('a PostAuthentication that throws refuses the sign-in and issues no refresh token; refreshing runs neither trigger', async () => {
    const { poolId, clientId } = await pool();
    await createConfirmedUser(s.sdk, poolId, 'postfail-erin');
    await assert.rejects(initiate(s.sdk, clientId, 'postfail-erin', PASSWORD), {
      name: 'UserLambdaValidationException',
      message: 'PostAuthentication failed with error Audit log unavailable.',
    });
    await createConfirmedUser(s.sdk, poolId, 'frank');
    const { refreshToken } = await signIn(s.sdk, clientId, 'frank');
    const counts = [pre(poolId).length, post(poolId).length];
    const refreshed = await s.sdk.send(
      new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: refreshToken } }),
    );
    assert.ok(refreshed.AuthenticationResult?.AccessToken);
    assert.deepEqual([pre(poolId).length, post(poolId).length], counts);
  });

  it('an SRP sign-in by amazon-cognito-identity-js runs both, and a refusal reaches the app as the Lambda error', async () => {
    const { poolId } = await pool();
    const spa = await s.sdk.send(
      new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'spa', ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }),
    );
    const userPool = new CognitoUserPool({ UserPoolId: poolId, ClientId: spa.UserPoolClient!.ClientId!, endpoint: s.url } as ICognitoUserPoolData);
    const login = (username: string) =>
      new Promise<{ ok: boolean; code?: string; message?: string }>((resolve) => {
        new CognitoUser({ Username: username, Pool: userPool }).authenticateUser(new AuthenticationDetails({ Username: username, Password: PASSWORD }), {
          onSuccess: () => resolve({ ok: true }),
          onFailure: (e: { code?: string; message: string }) => resolve({ ok: false, code: e.code, message: e.message }),
        });
      });
    await createConfirmedUser(s.sdk, poolId, 'gina', null);
    assert.deepEqual(await login('gina'), { ok: true });
    assert.equal(pre(poolId).at(-1)!.userName, 'gina');
    assert.equal(post(poolId).at(-1)!.userName, 'gina');
    await createConfirmedUser(s.sdk, poolId, 'blocked-hal', null);
    assert.deepEqual(await login('blocked-hal'), {
      ok: false,
      code: 'UserLambdaValidationException',
      message: 'PreAuthentication failed with error Sign-in is not allowed now.',
    });
  });
});
