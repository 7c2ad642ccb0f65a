/**
 * The same trigger flows with the functions behind the Lambda Invoke API (`--lambda-endpoint-url`): every
 * invocation is a signed RequestResponse call, checked against the AWS SDK's signer.
 */
import assert from 'node:assert/strict';
import { AdminGetUserCommand, SignUpCommand } from '@aws-sdk/client-cognito-identity-provider';
import { after, before, describe, it } from 'node:test';
import { createPoolAndClient, PASSWORD } from '../helpers/fixtures.js';
import { startInvokeEndpoint, type InvokeEndpoint } from '../helpers/invoke-endpoint.js';
import { lastMessage } from '../helpers/mfa.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { fnArn, LAMBDA_DIR } from '../helpers/triggers.js';

describe('triggers through the Lambda Invoke API', () => {
  const keys = { accessKeyId: 'AKIDINVOKER', secretAccessKey: 'invoker-secret' };
  let endpoint: InvokeEndpoint;
  let s: TestServer;
  before(async () => {
    endpoint = await startInvokeEndpoint(LAMBDA_DIR, keys);
    s = await startServer({ lambdaEndpointUrl: endpoint.url, lambdaKeys: keys });
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
});
