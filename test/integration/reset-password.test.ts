/**
 * AdminResetUserPassword and the choice of recovery address it shares with ForgotPassword, through the
 * AWS SDK: RESET_REQUIRED, the code in the outbox (through the CustomMessage trigger), sign-in refused
 * until ConfirmForgotPassword.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminGetUserCommand,
  AdminResetUserPasswordCommand,
  AdminSetUserMFAPreferenceCommand,
  AdminSetUserPasswordCommand,
  ConfirmForgotPasswordCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  ForgotPasswordCommand,
  GetUserCommand,
  InitiateAuthCommand,
  type CreateUserPoolCommandInput,
  type RecoveryOptionType,
} from '@aws-sdk/client-cognito-identity-provider';
import type { CustomMessageTriggerEvent } from 'aws-lambda';
import { PASSWORD, PHONE, SMS_CONFIGURATION, signIn } from '../helpers/fixtures.js';
import { lastMessage, messageCount } from '../helpers/mfa.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { eventsOf, fnArn, LAMBDA_DIR } from '../helpers/triggers.js';

const NEW_PASSWORD = 'N3w-Passw0rd!';
const RESET = { name: 'PasswordResetRequiredException', message: 'Password reset required for the user' };
const EMAIL_FIRST: RecoveryOptionType[] = [
  { Priority: 1, Name: 'verified_email' },
  { Priority: 2, Name: 'verified_phone_number' },
];

describe('AdminResetUserPassword', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer({ lambdaDir: LAMBDA_DIR, lambdaTimeoutMs: 1000 });
  });
  after(() => s.close());

  async function pool(extra: Partial<CreateUserPoolCommandInput> = {}): Promise<{ poolId: string; clientId: string }> {
    const p = await s.sdk.send(new CreateUserPoolCommand({ PoolName: 'reset', MfaConfiguration: 'OPTIONAL', SmsConfiguration: SMS_CONFIGURATION, ...extra }));
    const c = await s.sdk.send(
      new CreateUserPoolClientCommand({
        UserPoolId: p.UserPool!.Id!,
        ClientName: 'app',
        ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      }),
    );
    return { poolId: p.UserPool!.Id!, clientId: c.UserPoolClient!.ClientId! };
  }

  /** A confirmed user with a verified email address and (unless left out) a verified phone number. */
  async function user(poolId: string, username: string, phone = true): Promise<void> {
    await s.sdk.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: username,
        MessageAction: 'SUPPRESS',
        UserAttributes: [
          { Name: 'email', Value: `${username}@example.com` },
          { Name: 'email_verified', Value: 'true' },
          ...(phone
            ? [
                { Name: 'phone_number', Value: PHONE },
                { Name: 'phone_number_verified', Value: 'true' },
              ]
            : []),
        ],
      }),
    );
    await s.sdk.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: username, Password: PASSWORD, Permanent: true }));
  }
  const status = async (poolId: string, username: string) => (await s.sdk.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: username }))).UserStatus;
  const passwordSignIn = (clientId: string, username: string, password: string) =>
    s.sdk.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD: password } }));

  it('sets RESET_REQUIRED and sends a code; sign-in is refused, right or wrong password, until ConfirmForgotPassword', async () => {
    const p = await pool({ AccountRecoverySetting: { RecoveryMechanisms: EMAIL_FIRST } });
    await user(p.poolId, 'ann');
    const { accessToken } = await signIn(s.sdk, p.clientId, 'ann');
    assert.deepEqual(
      await s.sdk.send(new AdminResetUserPasswordCommand({ UserPoolId: p.poolId, Username: 'ann' })).then((r) => r.$metadata.httpStatusCode),
      200,
    );
    assert.equal(await status(p.poolId, 'ann'), 'RESET_REQUIRED');
    const m = await lastMessage(s.url, p.poolId, 'ann');
    assert.equal(m.deliveryMedium, 'EMAIL');
    assert.equal(m.destination, 'ann@example.com');
    assert.match(m.code, /^\d{6}$/);
    await assert.rejects(passwordSignIn(p.clientId, 'ann', PASSWORD), RESET);
    await assert.rejects(passwordSignIn(p.clientId, 'ann', 'Wr0ng-Passw0rd!'), RESET);
    // SRP is refused at its first step, before any proof of the password.
    await assert.rejects(
      s.sdk.send(new InitiateAuthCommand({ ClientId: p.clientId, AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME: 'ann', SRP_A: 'abcdef' } })),
      RESET,
    );
    // The access token of before is refused too, by the user's state.
    await assert.rejects(s.sdk.send(new GetUserCommand({ AccessToken: accessToken })), RESET);
    await s.sdk.send(new ConfirmForgotPasswordCommand({ ClientId: p.clientId, Username: 'ann', ConfirmationCode: m.code, Password: NEW_PASSWORD }));
    assert.equal(await status(p.poolId, 'ann'), 'CONFIRMED');
    await assert.rejects(passwordSignIn(p.clientId, 'ann', PASSWORD), { name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
    assert.ok((await signIn(s.sdk, p.clientId, 'ann', NEW_PASSWORD)).accessToken);
  });

  it('counts no failed password while the reset is pending, so no lockout follows', async () => {
    const p = await pool();
    await user(p.poolId, 'amy');
    await s.sdk.send(new AdminResetUserPasswordCommand({ UserPoolId: p.poolId, Username: 'amy' }));
    for (let i = 0; i < 8; i++) await assert.rejects(passwordSignIn(p.clientId, 'amy', 'Wr0ng-Passw0rd!'), RESET);
    const m = await lastMessage(s.url, p.poolId, 'amy');
    await s.sdk.send(new ConfirmForgotPasswordCommand({ ClientId: p.clientId, Username: 'amy', ConfirmationCode: m.code, Password: NEW_PASSWORD }));
    assert.ok((await signIn(s.sdk, p.clientId, 'amy', NEW_PASSWORD)).accessToken);
  });

  it('sends to the phone number first in a pool without AccountRecoverySetting, as Cognito prefers SMS there', async () => {
    const p = await pool();
    // A pool created without the setting has none in Cognito; CreateUserPool here may still store a
    // default (it did before issue 11), so it is taken out through the store.
    const stored = (await s.app.store.getPool(p.poolId))!;
    const { AccountRecoverySetting: _, ...settings } = stored.settings;
    await s.app.store.changePool(stored.id, (cur) => ({ ...cur, settings }));
    await user(p.poolId, 'bea');
    await s.sdk.send(new AdminResetUserPasswordCommand({ UserPoolId: p.poolId, Username: 'bea' }));
    const m = await lastMessage(s.url, p.poolId, 'bea');
    assert.equal(m.deliveryMedium, 'SMS');
    assert.equal(m.destination, PHONE);
    // ForgotPassword chooses the same way.
    const fp = await s.sdk.send(new ForgotPasswordCommand({ ClientId: p.clientId, Username: 'bea' }));
    assert.deepEqual(fp.CodeDeliveryDetails, { Destination: '+*******1234', DeliveryMedium: 'SMS', AttributeName: 'phone_number' });
  });

  it('follows the priorities of AccountRecoverySetting, and skips a phone number while the user has SMS MFA on', async () => {
    const p = await pool({
      AccountRecoverySetting: {
        RecoveryMechanisms: [
          { Priority: 1, Name: 'verified_phone_number' },
          { Priority: 2, Name: 'verified_email' },
        ],
      },
    });
    await user(p.poolId, 'cat');
    await s.sdk.send(new AdminResetUserPasswordCommand({ UserPoolId: p.poolId, Username: 'cat' }));
    assert.equal((await lastMessage(s.url, p.poolId, 'cat')).deliveryMedium, 'SMS');
    await user(p.poolId, 'cid');
    await s.sdk.send(new AdminSetUserMFAPreferenceCommand({ UserPoolId: p.poolId, Username: 'cid', SMSMfaSettings: { Enabled: true } }));
    await s.sdk.send(new AdminResetUserPasswordCommand({ UserPoolId: p.poolId, Username: 'cid' }));
    const m = await lastMessage(s.url, p.poolId, 'cid');
    assert.equal(m.deliveryMedium, 'EMAIL');
    assert.equal(m.destination, 'cid@example.com');
    const fp = await s.sdk.send(new ForgotPasswordCommand({ ClientId: p.clientId, Username: 'cid' }));
    assert.equal(fp.CodeDeliveryDetails?.DeliveryMedium, 'EMAIL');
  });

  it('refuses a user with no verified address, and an admin_only pool, changing nothing', async () => {
    const p = await pool();
    await s.sdk.send(
      new AdminCreateUserCommand({
        UserPoolId: p.poolId,
        Username: 'dee',
        MessageAction: 'SUPPRESS',
        UserAttributes: [{ Name: 'email', Value: 'dee@example.com' }],
      }),
    );
    await s.sdk.send(new AdminSetUserPasswordCommand({ UserPoolId: p.poolId, Username: 'dee', Password: PASSWORD, Permanent: true }));
    const refusal = {
      name: 'InvalidParameterException',
      message: 'Cannot reset password for the user as there is no registered/verified email or phone_number',
    };
    await assert.rejects(s.sdk.send(new AdminResetUserPasswordCommand({ UserPoolId: p.poolId, Username: 'dee' })), refusal);
    assert.equal(await status(p.poolId, 'dee'), 'CONFIRMED');
    assert.equal(await messageCount(s.url, p.poolId, 'dee'), 0);
    const adminOnly = await pool({ AccountRecoverySetting: { RecoveryMechanisms: [{ Priority: 1, Name: 'admin_only' }] } });
    await user(adminOnly.poolId, 'dan');
    await assert.rejects(s.sdk.send(new AdminResetUserPasswordCommand({ UserPoolId: adminOnly.poolId, Username: 'dan' })), refusal);
    assert.equal(await status(adminOnly.poolId, 'dan'), 'CONFIRMED');
  });

  it('refuses a disabled user, an unknown user and an unknown pool', async () => {
    const p = await pool();
    await user(p.poolId, 'eve');
    await s.sdk.send(new AdminDisableUserCommand({ UserPoolId: p.poolId, Username: 'eve' }));
    await assert.rejects(s.sdk.send(new AdminResetUserPasswordCommand({ UserPoolId: p.poolId, Username: 'eve' })), {
      name: 'NotAuthorizedException',
      message: 'User is disabled',
    });
    assert.equal(await status(p.poolId, 'eve'), 'CONFIRMED');
    await assert.rejects(s.sdk.send(new AdminResetUserPasswordCommand({ UserPoolId: p.poolId, Username: 'nobody' })), {
      name: 'UserNotFoundException',
      message: 'User does not exist.',
    });
    await assert.rejects(s.sdk.send(new AdminResetUserPasswordCommand({ UserPoolId: 'us-east-1_nothere00', Username: 'eve' })), {
      name: 'ResourceNotFoundException',
      message: 'User pool us-east-1_nothere00 does not exist.',
    });
  });

  it('asks the CustomMessage trigger with CustomMessage_ForgotPassword and the client metadata; a refused message resets nothing', async () => {
    const p = await pool({ LambdaConfig: { CustomMessage: fnArn('customMessage') }, AccountRecoverySetting: { RecoveryMechanisms: EMAIL_FIRST } });
    await user(p.poolId, 'fay');
    await s.sdk.send(new AdminResetUserPasswordCommand({ UserPoolId: p.poolId, Username: 'fay', ClientMetadata: { app: 'admin' } }));
    const m = await lastMessage(s.url, p.poolId, 'fay');
    assert.equal(m.message, `<p>[CustomMessage_ForgotPassword] ${m.code}</p>`);
    const event = eventsOf<CustomMessageTriggerEvent>(s.logs, 'customMessage').find((e) => e.userPoolId === p.poolId && e.userName === 'fay')!;
    assert.equal(event.triggerSource, 'CustomMessage_ForgotPassword');
    assert.deepEqual(event.request.clientMetadata, { app: 'admin' });
    await user(p.poolId, 'gus');
    await assert.rejects(s.sdk.send(new AdminResetUserPasswordCommand({ UserPoolId: p.poolId, Username: 'gus', ClientMetadata: { shape: 'no-code' } })), {
      name: 'InvalidParameterException',
    });
    assert.equal(await status(p.poolId, 'gus'), 'CONFIRMED');
    assert.equal(await messageCount(s.url, p.poolId, 'gus'), 0);
  });
});
