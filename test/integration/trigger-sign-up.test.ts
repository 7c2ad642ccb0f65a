/** The PreSignUp and PostConfirmation triggers through the AWS SDK: events as Cognito sends them, answers honoured. */
import assert from 'node:assert/strict';
import {
  AdminConfirmSignUpCommand,
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminUpdateUserAttributesCommand,
  ConfirmForgotPasswordCommand,
  ConfirmSignUpCommand,
  ForgotPasswordCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { PostConfirmationTriggerEvent, PreSignUpTriggerEvent } from 'aws-lambda';
import { after, before, describe, it } from 'node:test';
import { createPoolAndClient, PASSWORD, signIn } from '../helpers/fixtures.js';
import { lastMessage, messageCount } from '../helpers/mfa.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { eventsOf, fnArn, LAMBDA_DIR } from '../helpers/triggers.js';

describe('the PreSignUp and PostConfirmation triggers', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer({ lambdaDir: LAMBDA_DIR });
  });
  after(() => s.close());

  const pool = () =>
    createPoolAndClient(s.sdk, {
      AutoVerifiedAttributes: ['email'],
      LambdaConfig: { PreSignUp: fnArn('preSignUp'), PostConfirmation: fnArn('postConfirmation') },
    });
  const attrs = (email: string) => [{ Name: 'email', Value: email }];
  const preEvents = (poolId: string) => eventsOf<PreSignUpTriggerEvent>(s.logs, 'preSignUp').filter((e) => e.userPoolId === poolId);
  const postEvents = (poolId: string) => eventsOf<PostConfirmationTriggerEvent>(s.logs, 'postConfirmation').filter((e) => e.userPoolId === poolId);

  it('a PreSignUp that auto-confirms and verifies lets the user sign in at once, with no code sent', async () => {
    const { poolId, clientId } = await pool();
    const out = await s.sdk.send(
      new SignUpCommand({
        ClientId: clientId,
        Username: 'alice',
        Password: PASSWORD,
        UserAttributes: attrs('alice@example.com'),
        ValidationData: [{ Name: 'invite', Value: 'X1' }],
        ClientMetadata: { app: 'web' },
      }),
    );
    assert.equal(out.UserConfirmed, true);
    assert.equal(out.CodeDeliveryDetails, undefined);
    const user = await s.sdk.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'alice' }));
    assert.equal(user.UserStatus, 'CONFIRMED');
    assert.equal(user.UserAttributes?.find((a) => a.Name === 'email_verified')?.Value, 'true');
    assert.equal(await messageCount(s.url, poolId, 'alice'), 0);
    await signIn(s.sdk, clientId, 'alice');
    const [pre] = preEvents(poolId);
    assert.equal(pre!.triggerSource, 'PreSignUp_SignUp');
    assert.equal(pre!.userName, 'alice');
    assert.equal(pre!.callerContext.clientId, clientId);
    assert.equal(pre!.request.userAttributes.email, 'alice@example.com');
    assert.deepEqual(pre!.request.validationData, { invite: 'X1' });
    assert.deepEqual(pre!.request.clientMetadata, { app: 'web' });
    assert.deepEqual(pre!.response, { autoConfirmUser: false, autoVerifyEmail: false, autoVerifyPhone: false });
    const [post] = postEvents(poolId);
    assert.equal(post!.triggerSource, 'PostConfirmation_ConfirmSignUp');
    assert.equal(post!.request.userAttributes['cognito:user_status'], 'CONFIRMED');
    assert.equal(post!.request.userAttributes.sub, out.UserSub);
  });

  it('a PreSignUp that leaves the user alone gets a code, and ConfirmSignUp then runs PostConfirmation', async () => {
    const { poolId, clientId } = await pool();
    const out = await s.sdk.send(new SignUpCommand({ ClientId: clientId, Username: 'bob', Password: PASSWORD, UserAttributes: attrs('bob@elsewhere.org') }));
    assert.equal(out.UserConfirmed, false);
    assert.equal(postEvents(poolId).length, 0);
    const { code } = await lastMessage(s.url, poolId, 'bob');
    await s.sdk.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: 'bob', ConfirmationCode: code, ClientMetadata: { step: 'confirm' } }));
    const [post] = postEvents(poolId);
    assert.equal(post!.triggerSource, 'PostConfirmation_ConfirmSignUp');
    assert.equal(post!.userName, 'bob');
    assert.deepEqual(post!.request.clientMetadata, { step: 'confirm' });
    assert.equal(post!.request.userAttributes.email_verified, 'true');
  });

  it("a PreSignUp that throws refuses the sign-up in Cognito's words and stores no user", async () => {
    const { poolId, clientId } = await pool();
    await assert.rejects(
      s.sdk.send(new SignUpCommand({ ClientId: clientId, Username: 'mallory', Password: PASSWORD, UserAttributes: attrs('m@blocked.example') })),
      {
        name: 'UserLambdaValidationException',
        message: 'PreSignUp failed with error Invalid email domain..',
      },
    );
    await assert.rejects(s.sdk.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'mallory' })), { name: 'UserNotFoundException' });
    await assert.rejects(s.sdk.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'mallory', UserAttributes: attrs('m@blocked.example') })), {
      name: 'UserLambdaValidationException',
    });
    await assert.rejects(s.sdk.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'mallory' })), { name: 'UserNotFoundException' });
  });

  it('AdminCreateUser runs PreSignUp_AdminCreateUser and ignores its answer', async () => {
    const { poolId } = await pool();
    await s.sdk.send(
      new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'carol', UserAttributes: attrs('carol@example.com'), MessageAction: 'SUPPRESS' }),
    );
    const user = await s.sdk.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'carol' }));
    assert.equal(user.UserStatus, 'FORCE_CHANGE_PASSWORD');
    const [pre] = preEvents(poolId);
    assert.equal(pre!.triggerSource, 'PreSignUp_AdminCreateUser');
    assert.equal(pre!.callerContext.clientId, 'CLIENT_ID_NOT_APPLICABLE');
  });

  it('AdminConfirmSignUp and ConfirmForgotPassword run PostConfirmation with their sources', async () => {
    const { poolId, clientId } = await pool();
    await s.sdk.send(new SignUpCommand({ ClientId: clientId, Username: 'dave', Password: PASSWORD, UserAttributes: attrs('dave@elsewhere.org') }));
    await s.sdk.send(new AdminConfirmSignUpCommand({ UserPoolId: poolId, Username: 'dave' }));
    await s.sdk.send(
      new AdminUpdateUserAttributesCommand({ UserPoolId: poolId, Username: 'dave', UserAttributes: [{ Name: 'email_verified', Value: 'true' }] }),
    );
    await s.sdk.send(new ForgotPasswordCommand({ ClientId: clientId, Username: 'dave' }));
    const { code } = await lastMessage(s.url, poolId, 'dave');
    await s.sdk.send(new ConfirmForgotPasswordCommand({ ClientId: clientId, Username: 'dave', ConfirmationCode: code, Password: 'N3w-Passw0rd!' }));
    assert.deepEqual(
      postEvents(poolId).map((e) => [e.triggerSource, e.callerContext.clientId]),
      [
        ['PostConfirmation_ConfirmSignUp', 'CLIENT_ID_NOT_APPLICABLE'],
        ['PostConfirmation_ConfirmForgotPassword', clientId],
      ],
    );
    await signIn(s.sdk, clientId, 'dave', 'N3w-Passw0rd!');
  });

  it('a failing PostConfirmation reports its error, and the confirmation stands as on AWS', async () => {
    const { poolId, clientId } = await pool();
    await s.sdk.send(new SignUpCommand({ ClientId: clientId, Username: 'failing-fred', Password: PASSWORD, UserAttributes: attrs('fred@elsewhere.org') }));
    const { code } = await lastMessage(s.url, poolId, 'failing-fred');
    await assert.rejects(s.sdk.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: 'failing-fred', ConfirmationCode: code })), {
      name: 'UserLambdaValidationException',
      message: 'PostConfirmation failed with error Welcome mail service is down.',
    });
    const user = await s.sdk.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'failing-fred' }));
    assert.equal(user.UserStatus, 'CONFIRMED');
  });
});
