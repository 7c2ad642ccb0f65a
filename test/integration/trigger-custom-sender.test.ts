/**
 * The CustomSMSSender and CustomEmailSender triggers through the AWS SDK, with moto_server as KMS: the code is
 * encrypted with the AWS Encryption SDK under the pool's KMSKeyID and handed to the function instead of the
 * outbox; the function decrypts it with @aws-crypto/client-node, and what it decrypts confirms the sign-up,
 * resets the password and answers the SMS MFA challenge.
 */
import assert from 'node:assert/strict';
import {
  AdminCreateUserCommand,
  AdminSetUserSettingsCommand,
  ConfirmForgotPasswordCommand,
  ConfirmSignUpCommand,
  CreateUserPoolCommand,
  ForgotPasswordCommand,
  GetUserAttributeVerificationCodeCommand,
  ResendConfirmationCodeCommand,
  UpdateUserAttributesCommand,
  VerifyUserAttributeCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  SignUpCommand,
  UpdateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { CustomEmailSenderTriggerEvent, CustomSMSSenderTriggerEvent } from 'aws-lambda';
import { after, before, describe, it } from 'node:test';
import { createConfirmedUser, createPoolAndClient, PASSWORD, PHONE, signIn } from '../helpers/fixtures.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { freePort, startServeProcess } from '../helpers/cognate-process.js';
import { KMS_KEYS, type LocalKms, skipWithoutMoto, startLocalKms } from '../helpers/kms.js';
import { messageCount } from '../helpers/mfa.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { eventsOf, fnArn, LAMBDA_DIR } from '../helpers/triggers.js';

/** What the test senders log: the event, the code they decrypted and the message's encryption context. */
interface Sent<E> {
  event: E;
  plaintext: string | null;
  encryptionContext: Record<string, string>;
}

const senders = (keyArn?: string) => ({
  CustomSMSSender: { LambdaVersion: 'V1_0' as const, LambdaArn: fnArn('customSMSSender') },
  CustomEmailSender: { LambdaVersion: 'V1_0' as const, LambdaArn: fnArn('customEmailSender') },
  ...(keyArn ? { KMSKeyID: keyArn } : {}),
});

describe('the custom sender triggers', { skip: skipWithoutMoto }, () => {
  let kms: LocalKms;
  let keyArn: string;
  let s: TestServer;
  before(async () => {
    kms = await startLocalKms();
    keyArn = await kms.createKey();
    // The functions (worker threads of this process) find moto and their keys as a Lambda would: in the environment.
    process.env.AWS_ENDPOINT_URL_KMS = kms.url;
    process.env.AWS_ACCESS_KEY_ID = KMS_KEYS.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = KMS_KEYS.secretAccessKey;
    // Generous: the first call loads the Encryption SDK in the worker, on a shared machine.
    s = await startServer({ lambdaDir: LAMBDA_DIR, lambdaTimeoutMs: 15_000, kmsEndpointUrl: kms.url, kmsKeys: KMS_KEYS });
  });
  after(async () => {
    await s?.close();
    await kms?.close();
  });

  const pool = (extra: Record<string, unknown> = {}) =>
    createPoolAndClient(s.sdk, { LambdaConfig: senders(keyArn), AutoVerifiedAttributes: ['email'], UsernameAttributes: [], ...extra });

  function sentBy<E extends { userPoolId: string }>(name: string, poolId: string): Array<Sent<E>> {
    return eventsOf<Sent<E>>(s.logs, name).filter((x) => x.event.userPoolId === poolId);
  }

  it('hands the sign-up code, encrypted, to CustomEmailSender instead of the outbox, and the decrypted code confirms the user', async () => {
    const { poolId, clientId } = await pool();
    const out = await s.sdk.send(
      new SignUpCommand({
        ClientId: clientId,
        Username: 'carol',
        Password: PASSWORD,
        UserAttributes: [{ Name: 'email', Value: 'carol@example.com' }],
        ClientMetadata: { app: 'web' },
      }),
    );
    assert.deepEqual(out.CodeDeliveryDetails, { Destination: 'c***@e***', DeliveryMedium: 'EMAIL', AttributeName: 'email' });
    assert.equal(await messageCount(s.url, poolId, 'carol'), 0, 'the outbox did not receive the code');
    const [sent] = sentBy<CustomEmailSenderTriggerEvent>('customEmailSender', poolId);
    assert.ok(sent, 'the sender ran');
    const e = sent.event;
    assert.equal(e.triggerSource, 'CustomEmailSender_SignUp');
    assert.equal(e.version, '1');
    assert.equal(e.userName, 'carol');
    assert.equal(e.callerContext.clientId, clientId);
    assert.equal(e.request.type, 'customEmailSenderRequestV1');
    assert.equal(e.request.userAttributes.email, 'carol@example.com');
    assert.equal(e.request.userAttributes['cognito:user_status'], 'UNCONFIRMED');
    assert.deepEqual(e.request.clientMetadata, { app: 'web' });
    assert.match(sent.plaintext!, /^\d{6}$/);
    assert.ok(!e.request.code!.includes(sent.plaintext!), 'the event carries ciphertext, not the code');
    assert.equal(sent.encryptionContext['userpool-id'], poolId);
    await s.sdk.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: 'carol', ConfirmationCode: sent.plaintext! }));
    await signIn(s.sdk, clientId, 'carol');
  });

  it('hands the ForgotPassword code to CustomEmailSender, and the decrypted code resets the password', async () => {
    const { poolId, clientId } = await pool();
    await s.sdk.send(
      new SignUpCommand({ ClientId: clientId, Username: 'dave', Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'dave@example.com' }] }),
    );
    const signUp = sentBy<CustomEmailSenderTriggerEvent>('customEmailSender', poolId)[0]!;
    await s.sdk.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: 'dave', ConfirmationCode: signUp.plaintext! }));
    await s.sdk.send(new ForgotPasswordCommand({ ClientId: clientId, Username: 'dave', ClientMetadata: { flow: 'reset' } }));
    const sent = sentBy<CustomEmailSenderTriggerEvent>('customEmailSender', poolId)[1]!;
    assert.equal(sent.event.triggerSource, 'CustomEmailSender_ForgotPassword');
    assert.deepEqual(sent.event.request.clientMetadata, { flow: 'reset' });
    assert.equal(sent.event.request.userAttributes.email_verified, 'true');
    await s.sdk.send(new ConfirmForgotPasswordCommand({ ClientId: clientId, Username: 'dave', ConfirmationCode: sent.plaintext!, Password: 'N3w-Passw0rd!' }));
    await signIn(s.sdk, clientId, 'dave', 'N3w-Passw0rd!');
    assert.equal(await messageCount(s.url, poolId, 'dave'), 0);
  });

  it('hands the SMS MFA code to CustomSMSSender, and the decrypted code completes the challenge', async () => {
    const { poolId, clientId } = await pool();
    await createConfirmedUser(s.sdk, poolId, 'erin');
    await s.sdk.send(
      new AdminSetUserSettingsCommand({ UserPoolId: poolId, Username: 'erin', MFAOptions: [{ DeliveryMedium: 'SMS', AttributeName: 'phone_number' }] }),
    );
    const first = await s.sdk.send(
      new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'erin', PASSWORD } }),
    );
    assert.equal(first.ChallengeName, 'SMS_MFA');
    assert.equal(await messageCount(s.url, poolId, 'erin'), 0);
    const [sent] = sentBy<CustomSMSSenderTriggerEvent>('customSMSSender', poolId);
    assert.ok(sent);
    assert.equal(sent.event.triggerSource, 'CustomSMSSender_Authentication');
    assert.equal(sent.event.request.type, 'customSMSSenderRequestV1');
    assert.equal(sent.event.request.userAttributes.phone_number, PHONE);
    assert.equal(sent.event.callerContext.clientId, clientId);
    const done = await s.sdk.send(
      new RespondToAuthChallengeCommand({
        ClientId: clientId,
        ChallengeName: 'SMS_MFA',
        Session: first.Session,
        ChallengeResponses: { USERNAME: 'erin', SMS_MFA_CODE: sent.plaintext! },
      }),
    );
    assert.ok(done.AuthenticationResult?.AccessToken);
  });

  it('hands resent, attribute-update and attribute-verification codes to the sender of their medium, and each decrypted code works', async () => {
    const { poolId, clientId } = await pool({ AutoVerifiedAttributes: ['email', 'phone_number'] });
    await s.sdk.send(
      new SignUpCommand({ ClientId: clientId, Username: 'kim', Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'kim@example.com' }] }),
    );
    await s.sdk.send(new ResendConfirmationCodeCommand({ ClientId: clientId, Username: 'kim' }));
    const resent = sentBy<CustomEmailSenderTriggerEvent>('customEmailSender', poolId)[1]!;
    assert.equal(resent.event.triggerSource, 'CustomEmailSender_ResendCode');
    await s.sdk.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: 'kim', ConfirmationCode: resent.plaintext! }));
    const { accessToken } = await signIn(s.sdk, clientId, 'kim');
    await s.sdk.send(new UpdateUserAttributesCommand({ AccessToken: accessToken, UserAttributes: [{ Name: 'phone_number', Value: PHONE }] }));
    const [update] = sentBy<CustomSMSSenderTriggerEvent>('customSMSSender', poolId);
    assert.ok(update, 'the phone number code went to CustomSMSSender');
    assert.equal(update.event.triggerSource, 'CustomSMSSender_UpdateUserAttribute');
    assert.equal(update.event.request.userAttributes.phone_number, PHONE);
    await s.sdk.send(new VerifyUserAttributeCommand({ AccessToken: accessToken, AttributeName: 'phone_number', Code: update.plaintext! }));
    await s.sdk.send(new GetUserAttributeVerificationCodeCommand({ AccessToken: accessToken, AttributeName: 'email' }));
    const verify = sentBy<CustomEmailSenderTriggerEvent>('customEmailSender', poolId)[2]!;
    assert.equal(verify.event.triggerSource, 'CustomEmailSender_VerifyUserAttribute');
    await s.sdk.send(new VerifyUserAttributeCommand({ AccessToken: accessToken, AttributeName: 'email', Code: verify.plaintext! }));
    assert.equal(await messageCount(s.url, poolId, 'kim'), 0);
  });

  it("hands AdminCreateUser's temporary password, HTML-escaped, to CustomEmailSender, with CLIENT_ID_NOT_APPLICABLE", async () => {
    const { poolId } = await pool();
    await s.sdk.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: 'frank',
        TemporaryPassword: 'Temp<Pass1&',
        DesiredDeliveryMediums: ['EMAIL'],
        UserAttributes: [{ Name: 'email', Value: 'frank@example.com' }],
      }),
    );
    const [sent] = sentBy<CustomEmailSenderTriggerEvent>('customEmailSender', poolId);
    assert.ok(sent);
    assert.equal(sent.event.triggerSource, 'CustomEmailSender_AdminCreateUser');
    assert.equal(sent.event.callerContext.clientId, 'CLIENT_ID_NOT_APPLICABLE');
    assert.equal(sent.plaintext, 'Temp&lt;Pass1&amp;');
    assert.equal(await messageCount(s.url, poolId, 'frank'), 0);
  });

  it('does not ask the CustomMessage trigger about a message that goes to a custom sender', async () => {
    const { poolId, clientId } = await createPoolAndClient(s.sdk, {
      LambdaConfig: { ...senders(keyArn), CustomMessage: fnArn('customMessage') },
      AutoVerifiedAttributes: ['email'],
      UsernameAttributes: [],
    });
    await s.sdk.send(
      new SignUpCommand({ ClientId: clientId, Username: 'gina', Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'gina@example.com' }] }),
    );
    assert.equal(sentBy('customEmailSender', poolId).length, 1);
    assert.equal(eventsOf<{ userPoolId: string }>(s.logs, 'customMessage').filter((e) => e.userPoolId === poolId).length, 0);
  });

  it("keeps the request's result when the sender fails, as Cognito's asynchronous invocation does, and logs the failure", async () => {
    const { poolId, clientId } = await createPoolAndClient(s.sdk, {
      LambdaConfig: { CustomEmailSender: { LambdaVersion: 'V1_0', LambdaArn: fnArn('failing') }, KMSKeyID: keyArn },
      AutoVerifiedAttributes: ['email'],
      UsernameAttributes: [],
    });
    const out = await s.sdk.send(
      new SignUpCommand({
        ClientId: clientId,
        Username: 'hank',
        Password: PASSWORD,
        UserAttributes: [{ Name: 'email', Value: 'hank@example.com' }],
        ClientMetadata: { mode: 'throw' },
      }),
    );
    assert.equal(out.UserConfirmed, false);
    assert.ok(s.logs.some((l) => l.includes(`pool ${poolId}: CustomEmailSender for hank failed`)));
    assert.equal(await messageCount(s.url, poolId, 'hank'), 0);
  });

  it('refuses a sender without KMSKeyID in CreateUserPool and UpdateUserPool with InvalidParameterException', async () => {
    await assert.rejects(s.sdk.send(new CreateUserPoolCommand({ PoolName: 'no-key', LambdaConfig: senders() })), {
      name: 'InvalidParameterException',
      message: 'KMSKeyID is required when CustomSMSSender or CustomEmailSender is configured.',
    });
    const { poolId } = await createPoolAndClient(s.sdk);
    await assert.rejects(
      s.sdk.send(
        new UpdateUserPoolCommand({
          UserPoolId: poolId,
          LambdaConfig: { CustomEmailSender: { LambdaVersion: 'V1_0', LambdaArn: fnArn('customEmailSender') } },
        }),
      ),
      { name: 'InvalidParameterException', message: 'KMSKeyID is required when CustomEmailSender is configured.' },
    );
  });

  it('works end to end in `cognate serve --lambda-dir` with the KMS named by AWS_ENDPOINT_URL_KMS', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cognate-senders-'));
    const p = await startServeProcess(['--port', '0', '--data-dir', dir, '--lambda-dir', LAMBDA_DIR, '--quiet'], {
      AWS_ENDPOINT_URL_KMS: kms.url,
      AWS_ACCESS_KEY_ID: KMS_KEYS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: KMS_KEYS.secretAccessKey,
    });
    const sdk = new CognitoIdentityProviderClient({ endpoint: p.url, region: 'us-east-1', credentials: KMS_KEYS, maxAttempts: 1 });
    try {
      const { poolId, clientId } = await createPoolAndClient(sdk, { LambdaConfig: senders(keyArn), AutoVerifiedAttributes: ['email'], UsernameAttributes: [] });
      await sdk.send(
        new SignUpCommand({ ClientId: clientId, Username: 'mia', Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'mia@example.com' }] }),
      );
      // The function's console output is in the server log: `TIME [lambda NAME] TIME\tREQUEST_ID\tTEXT`.
      const text = p
        .stdout()
        .split('\n')
        .filter((l) => l.includes('[lambda customEmailSender]'))
        .map((l) => l.split('\t')[2])
        .find((t) => t?.startsWith('{'));
      assert.ok(text, p.stdout() + p.stderr());
      const sent = JSON.parse(text) as Sent<CustomEmailSenderTriggerEvent>;
      assert.equal(sent.event.userPoolId, poolId);
      assert.equal(sent.encryptionContext['userpool-id'], poolId);
      await sdk.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: 'mia', ConfirmationCode: sent.plaintext! }));
    } finally {
      sdk.destroy();
      p.child.kill('SIGTERM');
      assert.deepEqual(await p.exited, { code: 0, signal: null }, p.stderr());
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('answers UnexpectedLambdaException, not a 500, when the key does not exist in KMS', async () => {
    const { poolId, clientId } = await pool({ LambdaConfig: senders('arn:aws:kms:us-east-1:123456789012:key/00000000-0000-0000-0000-000000000000') });
    await assert.rejects(
      s.sdk.send(
        new SignUpCommand({ ClientId: clientId, Username: 'ivan', Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'ivan@example.com' }] }),
      ),
      (e: Error & { $metadata?: { httpStatusCode?: number } }) => {
        assert.equal(e.name, 'UnexpectedLambdaException');
        assert.equal(e.$metadata?.httpStatusCode, 400);
        assert.match(e.message, /^CustomEmailSender invocation failed due to error KMS could not encrypt with arn:aws:kms:.*\.$/);
        return true;
      },
    );
    assert.equal(sentBy('customEmailSender', poolId).length, 0);
  });
});

describe('the custom sender triggers with KMS unreachable', { skip: skipWithoutMoto }, () => {
  let s: TestServer;
  before(async () => {
    const closed = `http://127.0.0.1:${await freePort()}`;
    s = await startServer({ lambdaDir: LAMBDA_DIR, kmsEndpointUrl: closed, kmsKeys: KMS_KEYS });
  });
  after(() => s?.close());

  it('answers UnexpectedLambdaException naming the trigger, delivers nothing, and keeps serving', async () => {
    const { poolId, clientId } = await createPoolAndClient(s.sdk, {
      LambdaConfig: senders('arn:aws:kms:us-east-1:123456789012:key/11111111-1111-1111-1111-111111111111'),
      AutoVerifiedAttributes: ['email'],
      UsernameAttributes: [],
    });
    await assert.rejects(
      s.sdk.send(
        new SignUpCommand({ ClientId: clientId, Username: 'judy', Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'judy@example.com' }] }),
      ),
      (e: Error & { $metadata?: { httpStatusCode?: number } }) => {
        assert.equal(e.name, 'UnexpectedLambdaException');
        assert.equal(e.$metadata?.httpStatusCode, 400);
        assert.match(e.message, /^CustomEmailSender invocation failed due to error KMS could not encrypt/);
        return true;
      },
    );
    assert.equal(await messageCount(s.url, poolId, 'judy'), 0);
    const health = await fetch(`${s.url}/health`);
    assert.equal(health.status, 200);
  });
});

describe('the custom sender triggers on a server that runs no functions', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
  });
  after(() => s.close());

  it('skips the sender, logging it once, and puts the message in the outbox', async () => {
    const { poolId, clientId } = await createPoolAndClient(s.sdk, {
      LambdaConfig: senders('arn:aws:kms:us-east-1:123456789012:key/22222222-2222-2222-2222-222222222222'),
      AutoVerifiedAttributes: ['email'],
      UsernameAttributes: [],
    });
    await s.sdk.send(
      new SignUpCommand({ ClientId: clientId, Username: 'lee', Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'lee@example.com' }] }),
    );
    assert.equal(await messageCount(s.url, poolId, 'lee'), 1);
    assert.equal(s.logs.filter((l) => l.includes(`pool ${poolId} has a CustomEmailSender trigger`)).length, 1);
  });
});
