/**
 * The CustomMessage trigger through the AWS SDK: every message source calls it with Cognito's event, its
 * text is what the outbox receives (the code filled in by cognate), and its failures are Cognito's errors.
 */
import assert from 'node:assert/strict';
import {
  AdminCreateUserCommand,
  AdminUpdateUserAttributesCommand,
  ForgotPasswordCommand,
  GetUserAttributeVerificationCodeCommand,
  InitiateAuthCommand,
  ListUsersCommand,
  ResendConfirmationCodeCommand,
  RespondToAuthChallengeCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { CustomMessageTriggerEvent } from 'aws-lambda';
import { after, before, describe, it } from 'node:test';
import { baseEnv, caseDir, cognate } from '../cli/helpers.js';
import { createConfirmedUser, createPoolAndClient, PASSWORD, PHONE, signIn } from '../helpers/fixtures.js';
import { lastMessage, messageCount } from '../helpers/mfa.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { eventsOf, fnArn, LAMBDA_DIR } from '../helpers/triggers.js';

describe('the CustomMessage trigger', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer({ lambdaDir: LAMBDA_DIR, lambdaTimeoutMs: 1000 });
  });
  after(() => s.close());

  const pool = (fn = 'customMessage') =>
    createPoolAndClient(s.sdk, { LambdaConfig: { CustomMessage: fnArn(fn) }, AutoVerifiedAttributes: ['email'], UsernameAttributes: [] });

  it('rewords the SMS MFA code that `cognate cognito-idp set-user-settings` switched on, and the reworded code signs the user in', async () => {
    const { poolId, clientId } = await pool();
    await createConfirmedUser(s.sdk, poolId, 'alice');
    const { accessToken } = await signIn(s.sdk, clientId, 'alice');
    // The seed's own command, as a script would run it: the access token is all it needs.
    const dir = caseDir();
    const cli = await cognate(
      [
        'cognito-idp',
        'set-user-settings',
        '--access-token',
        accessToken,
        '--mfa-options',
        'DeliveryMedium=SMS,AttributeName=phone_number',
        '--endpoint-url',
        s.url,
      ],
      dir,
      baseEnv(dir),
    );
    assert.equal(cli.code, 0, cli.stderr);
    assert.equal(cli.stdout, '');
    const first = await s.sdk.send(
      new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'alice', PASSWORD } }),
    );
    assert.equal(first.ChallengeName, 'SMS_MFA');
    const m = await lastMessage(s.url, poolId, 'alice');
    assert.match(m.code, /^\d{6}$/);
    assert.equal(m.message, `Example Corp sign-in code: ${m.code}`);
    assert.equal(m.destination, PHONE);
    const event = eventsOf<CustomMessageTriggerEvent>(s.logs, 'customMessage').find((e) => e.userPoolId === poolId)!;
    assert.equal(event.triggerSource, 'CustomMessage_Authentication');
    assert.equal(event.userName, 'alice');
    assert.equal(event.callerContext.clientId, clientId);
    assert.equal(event.request.codeParameter, '{####}');
    assert.equal(event.request.usernameParameter, null);
    assert.equal(event.request.userAttributes.phone_number, PHONE);
    assert.equal(event.request.userAttributes['cognito:user_status'], 'CONFIRMED');
    assert.deepEqual(event.response, { smsMessage: null, emailMessage: null, emailSubject: null });
    assert.ok(!JSON.stringify(event).includes(m.code), 'the function never sees the code');
    const done = await s.sdk.send(
      new RespondToAuthChallengeCommand({
        ClientId: clientId,
        ChallengeName: 'SMS_MFA',
        Session: first.Session,
        ChallengeResponses: { USERNAME: 'alice', SMS_MFA_CODE: m.code },
      }),
    );
    assert.ok(done.AuthenticationResult?.AccessToken);
  });

  it('rewords sign-up, resent and forgot-password codes, passing the client metadata', async () => {
    const { poolId, clientId } = await pool();
    await s.sdk.send(
      new SignUpCommand({
        ClientId: clientId,
        Username: 'bob',
        Password: PASSWORD,
        UserAttributes: [{ Name: 'email', Value: 'bob@example.com' }],
        ClientMetadata: { app: 'web' },
      }),
    );
    let m = await lastMessage(s.url, poolId, 'bob');
    assert.equal(m.message, `<p>[CustomMessage_SignUp] ${m.code}</p>`);
    await s.sdk.send(new ResendConfirmationCodeCommand({ ClientId: clientId, Username: 'bob' }));
    m = await lastMessage(s.url, poolId, 'bob');
    assert.equal(m.message, `<p>[CustomMessage_ResendCode] ${m.code}</p>`);
    const events = eventsOf<CustomMessageTriggerEvent>(s.logs, 'customMessage').filter((e) => e.userPoolId === poolId);
    assert.deepEqual(
      events.map((e) => e.triggerSource),
      ['CustomMessage_SignUp', 'CustomMessage_ResendCode'],
    );
    assert.deepEqual(events[0]!.request.clientMetadata, { app: 'web' });
    assert.equal(events[0]!.request.userAttributes.email, 'bob@example.com');
    assert.equal(events[0]!.request.userAttributes['cognito:user_status'], 'UNCONFIRMED');
  });

  it('rewords the forgot-password and attribute-verification codes', async () => {
    const { poolId, clientId } = await pool();
    await createConfirmedUser(s.sdk, poolId, 'carol', null);
    const { accessToken } = await signIn(s.sdk, clientId, 'carol');
    await s.sdk.send(
      new AdminUpdateUserAttributesCommand({
        UserPoolId: poolId,
        Username: 'carol',
        UserAttributes: [
          { Name: 'email', Value: 'carol@example.com' },
          { Name: 'email_verified', Value: 'true' },
        ],
      }),
    );
    await s.sdk.send(new ForgotPasswordCommand({ ClientId: clientId, Username: 'carol' }));
    let m = await lastMessage(s.url, poolId, 'carol');
    assert.equal(m.message, `<p>[CustomMessage_ForgotPassword] ${m.code}</p>`);
    await s.sdk.send(new GetUserAttributeVerificationCodeCommand({ AccessToken: accessToken, AttributeName: 'email' }));
    m = await lastMessage(s.url, poolId, 'carol');
    assert.equal(m.message, `<p>[CustomMessage_VerifyUserAttribute] ${m.code}</p>`);
  });

  it('rewords the invitation with the username and temporary password filled in', async () => {
    const { poolId } = await pool();
    await s.sdk.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: 'dave',
        TemporaryPassword: 'Temp0rary!',
        UserAttributes: [{ Name: 'phone_number', Value: PHONE }],
      }),
    );
    const m = await lastMessage(s.url, poolId, 'dave');
    assert.equal(m.message, 'Welcome dave, your password is Temp0rary!');
    const event = eventsOf<CustomMessageTriggerEvent>(s.logs, 'customMessage').find((e) => e.userPoolId === poolId)!;
    assert.equal(event.triggerSource, 'CustomMessage_AdminCreateUser');
    assert.equal(event.request.usernameParameter, '{username}');
    assert.equal(event.callerContext.clientId, 'CLIENT_ID_NOT_APPLICABLE');
  });

  it('refuses a message without the {####} placeholder as Cognito does, and sends nothing', async () => {
    const { poolId, clientId } = await pool();
    await createConfirmedUser(s.sdk, poolId, 'erin', null);
    await s.sdk.send(
      new AdminUpdateUserAttributesCommand({
        UserPoolId: poolId,
        Username: 'erin',
        UserAttributes: [
          { Name: 'email', Value: 'erin@example.com' },
          { Name: 'email_verified', Value: 'true' },
        ],
      }),
    );
    await assert.rejects(s.sdk.send(new ForgotPasswordCommand({ ClientId: clientId, Username: 'erin', ClientMetadata: { shape: 'no-code' } })), {
      name: 'InvalidParameterException',
      message:
        "1 validation error detected: Value 'Welcome, no code here' at 'emailBody' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}\\s*]*\\{####\\}[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}\\s*]*",
    });
    assert.equal(await messageCount(s.url, poolId, 'erin'), 0);
  });

  it("reports a function that throws, hangs or answers garbage with Cognito's exceptions, and serves others meanwhile", async () => {
    const { poolId, clientId } = await pool('failing');
    await createConfirmedUser(s.sdk, poolId, 'frank', null);
    await s.sdk.send(
      new AdminUpdateUserAttributesCommand({
        UserPoolId: poolId,
        Username: 'frank',
        UserAttributes: [
          { Name: 'email', Value: 'frank@example.com' },
          { Name: 'email_verified', Value: 'true' },
        ],
      }),
    );
    const forgot = (mode: string) => s.sdk.send(new ForgotPasswordCommand({ ClientId: clientId, Username: 'frank', ClientMetadata: { mode } }));
    await assert.rejects(forgot('throw'), { name: 'UserLambdaValidationException', message: 'CustomMessage failed with error Invalid email domain..' });
    await assert.rejects(forgot('garbage'), { name: 'InvalidLambdaResponseException', message: 'Unrecognizable lambda output' });
    await assert.rejects(forgot('bad-response'), { name: 'InvalidLambdaResponseException', message: 'Unrecognizable lambda output' });
    const hanging = forgot('hang');
    const started = Date.now();
    const listed = await s.sdk.send(new ListUsersCommand({ UserPoolId: poolId }));
    assert.equal(listed.Users?.length, 1);
    assert.ok(Date.now() - started < 900, 'an unrelated request is answered while the function hangs');
    await assert.rejects(hanging, {
      name: 'UnexpectedLambdaException',
      message: 'CustomMessage invocation failed due to error Socket timeout while invoking Lambda function.',
    });
    assert.equal(await messageCount(s.url, poolId, 'frank'), 0);
  });
});
