/**
 * The same trigger flows with the functions behind the Lambda Invoke API (`--lambda-endpoint-url`): every
 * invocation is a signed RequestResponse call, checked against the AWS SDK's signer.
 */
import assert from 'node:assert/strict';
import {
  AdminGetUserCommand,
  CreateUserPoolClientCommand,
  ForgotPasswordCommand,
  InitiateAuthCommand,
  ListUsersCommand,
  RespondToAuthChallengeCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { after, before, describe, it } from 'node:test';
import { createConfirmedUser, createPoolAndClient, PASSWORD } from '../helpers/fixtures.js';
import { startInvokeEndpoint, type InvokeEndpoint } from '../helpers/invoke-endpoint.js';
import { giveEmail, lastMessage, messageCount } from '../helpers/mfa.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { fnArn, LAMBDA_DIR } from '../helpers/triggers.js';

describe('triggers through the Lambda Invoke API', () => {
  const keys = { accessKeyId: 'AKIDINVOKER', secretAccessKey: 'invoker-secret' };
  let endpoint: InvokeEndpoint;
  let s: TestServer;
  before(async () => {
    endpoint = await startInvokeEndpoint(LAMBDA_DIR, keys);
    s = await startServer({ lambdaEndpointUrl: endpoint.url, lambdaKeys: keys, lambdaTimeoutMs: 1000 });
  });
  after(async () => {
    await s.close();
    await endpoint.close();
  });

  const pool = (extra: Record<string, string> = {}) =>
    createPoolAndClient(s.sdk, {
      AutoVerifiedAttributes: ['email'],
      LambdaConfig: { PreSignUp: fnArn('preSignUp'), PostConfirmation: fnArn('postConfirmation'), CustomMessage: `${fnArn('customMessage')}:live`, ...extra },
    });

  it('runs PreSignUp, PostConfirmation and CustomMessage with signed RequestResponse invocations', async () => {
    const { poolId, clientId } = await pool();
    const before = endpoint.calls.length;
    const confirmed = await s.sdk.send(
      new SignUpCommand({ ClientId: clientId, Username: 'alice', Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'alice@example.com' }] }),
    );
    assert.equal(confirmed.UserConfirmed, true);
    await s.sdk.send(
      new SignUpCommand({ ClientId: clientId, Username: 'bob', Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'bob@elsewhere.org' }] }),
    );
    const m = await lastMessage(s.url, poolId, 'bob');
    assert.equal(m.message, `<p>[CustomMessage_SignUp] ${m.code}</p>`);
    const calls = endpoint.calls.slice(before);
    assert.deepEqual(
      calls.map((c) => [c.functionName, c.qualifier, c.event.triggerSource]),
      [
        ['preSignUp', null, 'PreSignUp_SignUp'],
        ['postConfirmation', null, 'PostConfirmation_ConfirmSignUp'],
        ['preSignUp', null, 'PreSignUp_SignUp'],
        ['customMessage', 'live', 'CustomMessage_SignUp'],
      ],
    );
    for (const c of calls) {
      assert.equal(c.signatureOk, true);
      assert.equal(c.invocationType, 'RequestResponse');
      assert.equal(c.event.userPoolId, poolId);
    }
  });

  it("reports the function's error and a missing function as Cognito does", async () => {
    const { poolId, clientId } = await pool();
    await assert.rejects(
      s.sdk.send(
        new SignUpCommand({ ClientId: clientId, Username: 'eve', Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'eve@blocked.example' }] }),
      ),
      { name: 'UserLambdaValidationException', message: 'PreSignUp failed with error Invalid email domain..' },
    );
    await assert.rejects(s.sdk.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'eve' })), { name: 'UserNotFoundException' });
    const missing = await createPoolAndClient(s.sdk, { LambdaConfig: { PreSignUp: fnArn('doesNotExist') } });
    await assert.rejects(s.sdk.send(new SignUpCommand({ ClientId: missing.clientId, Username: 'zed', Password: PASSWORD })), {
      name: 'UnexpectedLambdaException',
    });
  });

  it('a server signing with other keys is refused by the endpoint, and the sign-up with it', async () => {
    const other = await startServer({ lambdaEndpointUrl: endpoint.url, lambdaKeys: { accessKeyId: 'AKIDINVOKER', secretAccessKey: 'wrong' } });
    try {
      const { clientId } = await createPoolAndClient(other.sdk, { LambdaConfig: { PreSignUp: fnArn('preSignUp') } });
      await assert.rejects(other.sdk.send(new SignUpCommand({ ClientId: clientId, Username: 'amy', Password: PASSWORD })), {
        name: 'UnexpectedLambdaException',
      });
      assert.equal(endpoint.calls.at(-1)!.signatureOk, false);
    } finally {
      await other.close();
    }
  });

  it('signs a user in with an emailed code through DefineAuthChallenge, CreateAuthChallenge and VerifyAuthChallengeResponse', async () => {
    const { poolId } = await createPoolAndClient(s.sdk, {
      LambdaConfig: {
        DefineAuthChallenge: fnArn('defineAuthChallenge'),
        CreateAuthChallenge: fnArn('createAuthChallenge'),
        VerifyAuthChallengeResponse: fnArn('verifyAuthChallengeResponse'),
      },
    });
    const client = await s.sdk.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'custom', ExplicitAuthFlows: ['ALLOW_CUSTOM_AUTH'] }));
    const clientId = client.UserPoolClient!.ClientId!;
    await createConfirmedUser(s.sdk, poolId, 'carol', null);
    await giveEmail(s.sdk, poolId, 'carol', 'carol@example.com');
    const before = endpoint.calls.length;
    const first = await s.sdk.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'CUSTOM_AUTH', AuthParameters: { USERNAME: 'carol' } }));
    assert.equal(first.ChallengeName, 'CUSTOM_CHALLENGE');
    assert.equal(first.ChallengeParameters?.email, 'carol@example.com');
    const created = endpoint.calls.filter((c) => c.functionName === 'createAuthChallenge' && c.event.userPoolId === poolId).at(-1)!;
    const code = (created.response as { response: { privateChallengeParameters: { code: string } } }).response.privateChallengeParameters.code;
    const done = await s.sdk.send(
      new RespondToAuthChallengeCommand({
        ClientId: clientId,
        ChallengeName: 'CUSTOM_CHALLENGE',
        Session: first.Session,
        ChallengeResponses: { USERNAME: 'carol', ANSWER: code },
      }),
    );
    assert.ok(done.AuthenticationResult?.AccessToken);
    const calls = endpoint.calls.slice(before);
    assert.deepEqual(
      calls.map((c) => [c.functionName, c.event.triggerSource]),
      [
        ['defineAuthChallenge', 'DefineAuthChallenge_Authentication'],
        ['createAuthChallenge', 'CreateAuthChallenge_Authentication'],
        ['verifyAuthChallengeResponse', 'VerifyAuthChallengeResponse_Authentication'],
        ['defineAuthChallenge', 'DefineAuthChallenge_Authentication'],
      ],
    );
    assert.ok(calls.every((c) => c.signatureOk));
  });

  it('migrates an unknown user at sign-in with the UserMigration function', async () => {
    const { poolId, clientId } = await createPoolAndClient(s.sdk, { LambdaConfig: { UserMigration: fnArn('userMigration') } });
    const out = await s.sdk.send(
      new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'legacy-ann', PASSWORD: 'Legacy-pass1' } }),
    );
    assert.ok(out.AuthenticationResult?.AccessToken);
    const user = await s.sdk.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'legacy-ann' }));
    assert.equal(user.UserStatus, 'CONFIRMED');
    const call = endpoint.calls.filter((c) => c.event.userPoolId === poolId).at(-1)!;
    assert.deepEqual([call.functionName, call.event.triggerSource, call.signatureOk], ['userMigration', 'UserMigration_Authentication', true]);
  });

  it('a function that never answers is UnexpectedLambdaException after the time limit, and other requests are served meanwhile', async () => {
    const { poolId, clientId } = await createPoolAndClient(s.sdk, { LambdaConfig: { CustomMessage: fnArn('failing') } });
    await createConfirmedUser(s.sdk, poolId, 'hank', null);
    await giveEmail(s.sdk, poolId, 'hank', 'hank@example.com');
    const hanging = s.sdk.send(new ForgotPasswordCommand({ ClientId: clientId, Username: 'hank', ClientMetadata: { mode: 'hang' } }));
    const started = Date.now();
    const listed = await s.sdk.send(new ListUsersCommand({ UserPoolId: poolId }));
    assert.equal(listed.Users?.length, 1);
    assert.ok(Date.now() - started < 900, 'an unrelated request is answered while the function hangs');
    await assert.rejects(hanging, {
      name: 'UnexpectedLambdaException',
      message: 'CustomMessage invocation failed due to error Socket timeout while invoking Lambda function.',
    });
    assert.equal(await messageCount(s.url, poolId, 'hank'), 0);
  });
});
