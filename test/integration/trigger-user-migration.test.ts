/**
 * UserMigration through the AWS SDK: users unknown to the pool are created from the function's answer at a
 * password sign-in and at ForgotPassword, with the status, message action and options it returns.
 */
import assert from 'node:assert/strict';
import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  ConfirmForgotPasswordCommand,
  ForgotPasswordCommand,
  InitiateAuthCommand,
  ListUsersCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import type { UserMigrationTriggerEvent } from 'aws-lambda';
import { after, before, describe, it } from 'node:test';
import { createPoolAndClient } from '../helpers/fixtures.js';
import { lastMessage, messageCount } from '../helpers/mfa.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { eventsOf, fnArn, LAMBDA_DIR } from '../helpers/triggers.js';

const NEW_PASSWORD = 'N3w-Passw0rd!';

describe('the UserMigration trigger', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer({ lambdaDir: LAMBDA_DIR });
  });
  after(() => s.close());

  const pool = (extra: Record<string, unknown> = {}) => createPoolAndClient(s.sdk, { LambdaConfig: { UserMigration: fnArn('userMigration') }, ...extra });
  const events = (poolId: string) => eventsOf<UserMigrationTriggerEvent>(s.logs, 'userMigration').filter((e) => e.userPoolId === poolId);
  const signIn = (sdk: CognitoIdentityProviderClient, clientId: string, username: string, password: string, meta?: Record<string, string>) =>
    sdk.send(
      new InitiateAuthCommand({
        ClientId: clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: username, PASSWORD: password },
        ClientMetadata: meta,
      }),
    );
  const userCount = async (poolId: string) => (await s.sdk.send(new ListUsersCommand({ UserPoolId: poolId }))).Users!.length;

  it('migrates a user at sign-in with the password given, CONFIRMED and without a message, and asks only once', async () => {
    const { poolId, clientId } = await pool();
    const out = await signIn(s.sdk, clientId, 'legacy-ann', 'Legacy-pass1', { app: 'web' });
    assert.ok(out.AuthenticationResult?.AccessToken);
    const [e] = events(poolId);
    assert.equal(e!.triggerSource, 'UserMigration_Authentication');
    assert.equal(e!.userName, 'legacy-ann');
    assert.equal(e!.callerContext.clientId, clientId);
    assert.equal(e!.request.password, 'Legacy-pass1');
    assert.deepEqual(e!.request.validationData, { app: 'web' });
    assert.equal((e!.request as Record<string, unknown>).userAttributes, undefined);
    const user = await s.sdk.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'legacy-ann' }));
    assert.equal(user.UserStatus, 'CONFIRMED');
    assert.equal(user.UserAttributes!.find((a) => a.Name === 'email')?.Value, 'ann@example.com');
    assert.equal(await messageCount(s.url, poolId, 'legacy-ann'), 0);
    await signIn(s.sdk, clientId, 'legacy-ann', 'Legacy-pass1');
    assert.equal(events(poolId).length, 1, 'a migrated user is not asked for again');
  });

  it('a RESET_REQUIRED migration sends the welcome message and must reset its password before signing in', async () => {
    const { poolId, clientId } = await pool();
    await assert.rejects(signIn(s.sdk, clientId, 'legacy-ben', 'Legacy-pass2'), { name: 'PasswordResetRequiredException' });
    const user = await s.sdk.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'legacy-ben' }));
    assert.equal(user.UserStatus, 'RESET_REQUIRED');
    const welcome = await lastMessage(s.url, poolId, 'legacy-ben');
    assert.equal(welcome.deliveryMedium, 'EMAIL');
    assert.equal(welcome.destination, 'ben@example.com');
    assert.match(welcome.message, /legacy-ben/);
    assert.doesNotMatch(welcome.message, /Legacy-pass2/, 'the password is never sent back');
    await s.sdk.send(new ForgotPasswordCommand({ ClientId: clientId, Username: 'legacy-ben' }));
    const { code } = await lastMessage(s.url, poolId, 'legacy-ben');
    await s.sdk.send(new ConfirmForgotPasswordCommand({ ClientId: clientId, Username: 'legacy-ben', ConfirmationCode: code, Password: NEW_PASSWORD }));
    assert.ok((await signIn(s.sdk, clientId, 'legacy-ben', NEW_PASSWORD)).AuthenticationResult?.IdToken);
    assert.equal(events(poolId).length, 1);
  });

  it('migrates at ForgotPassword without a password, passing its ClientMetadata, and the reset code works', async () => {
    const { poolId, clientId } = await pool();
    const out = await s.sdk.send(new ForgotPasswordCommand({ ClientId: clientId, Username: 'legacy-cat', ClientMetadata: { from: 'reset-page' } }));
    assert.equal(out.CodeDeliveryDetails?.DeliveryMedium, 'EMAIL');
    const [e] = events(poolId);
    assert.equal(e!.triggerSource, 'UserMigration_ForgotPassword');
    assert.equal(e!.request.password, undefined);
    assert.deepEqual(e!.request.clientMetadata, { from: 'reset-page' });
    const { code } = await lastMessage(s.url, poolId, 'legacy-cat');
    await s.sdk.send(new ConfirmForgotPasswordCommand({ ClientId: clientId, Username: 'legacy-cat', ConfirmationCode: code, Password: NEW_PASSWORD }));
    assert.ok((await signIn(s.sdk, clientId, 'legacy-cat', NEW_PASSWORD)).AuthenticationResult);
  });

  it('a wrong password is the Lambda error and an unknown name the usual one; neither creates a user', async () => {
    const { poolId, clientId } = await pool();
    await assert.rejects(signIn(s.sdk, clientId, 'legacy-ann', 'not-it'), {
      name: 'UserLambdaValidationException',
      message: 'UserMigration failed with error Bad password.',
    });
    await assert.rejects(signIn(s.sdk, clientId, 'stranger', 'whatever'), { name: 'UserNotFoundException', message: 'User does not exist.' });
    await assert.rejects(s.sdk.send(new ForgotPasswordCommand({ ClientId: clientId, Username: 'stranger' })), { name: 'UserNotFoundException' });
    assert.equal(await userCount(poolId), 0);
  });

  it('enableSMSMFA puts the migrated user straight into the SMS MFA challenge', async () => {
    const { poolId, clientId } = await pool();
    const out = await signIn(s.sdk, clientId, 'legacy-dee', 'Legacy-pass4');
    assert.equal(out.ChallengeName, 'SMS_MFA');
    const user = await s.sdk.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'legacy-dee' }));
    assert.deepEqual(user.MFAOptions, [{ DeliveryMedium: 'SMS', AttributeName: 'phone_number' }]);
    assert.equal((await lastMessage(s.url, poolId, 'legacy-dee')).destination, '+15555550101');
  });

  it('a verified alias another user holds stops the migration unless forceAliasCreation moves it', async () => {
    const { poolId, clientId } = await pool({ AliasAttributes: ['email'] });
    await s.sdk.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: 'holder',
        MessageAction: 'SUPPRESS',
        UserAttributes: [
          { Name: 'email', Value: 'taken@example.com' },
          { Name: 'email_verified', Value: 'true' },
        ],
      }),
    );
    await assert.rejects(signIn(s.sdk, clientId, 'legacy-eve', 'Legacy-pass5'), { name: 'AliasExistsException' });
    assert.ok((await signIn(s.sdk, clientId, 'legacy-fox', 'Legacy-pass6')).AuthenticationResult);
    const holder = await s.sdk.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'holder' }));
    assert.equal(holder.UserAttributes!.find((a) => a.Name === 'email_verified')?.Value, 'false');
  });

  it('concurrent sign-ins of one unknown user create it once and both succeed', async () => {
    const { poolId, clientId } = await pool();
    const results = await Promise.all(Array.from({ length: 4 }, () => signIn(s.sdk, clientId, 'legacy-ann', 'Legacy-pass1')));
    for (const r of results) assert.ok(r.AuthenticationResult?.AccessToken);
    assert.equal(await userCount(poolId), 1);
  });
});
