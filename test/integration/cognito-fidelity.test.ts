import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  ConfirmSignUpCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  ForgotPasswordCommand,
  GetUserAttributeVerificationCodeCommand,
  ResendConfirmationCodeCommand,
  SignUpCommand,
  type CreateUserPoolCommandInput,
} from '@aws-sdk/client-cognito-identity-provider';
import { startServer, type TestServer } from '../helpers/server.js';
import { PASSWORD, PHONE, signIn } from '../helpers/fixtures.js';
import { lastMessage } from '../helpers/mfa.js';

describe('Cognito behaviours issue 11 corrects: masks, usernames of username-attribute pools, Boolean attribute values', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
  });
  after(async () => s.close());

  async function pool(extra: Partial<CreateUserPoolCommandInput> = {}): Promise<{ poolId: string; clientId: string }> {
    const p = await s.sdk.send(new CreateUserPoolCommand({ PoolName: 'fidelity', AutoVerifiedAttributes: ['email'], ...extra }));
    const c = await s.sdk.send(
      new CreateUserPoolClientCommand({
        UserPoolId: p.UserPool!.Id!,
        ClientName: 'web',
        ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      }),
    );
    return { poolId: p.UserPool!.Id!, clientId: c.UserPoolClient!.ClientId! };
  }

  it('masks test@test.com as t***@t*** in SignUp, ResendConfirmationCode, ForgotPassword and GetUserAttributeVerificationCode', async () => {
    const p = await pool();
    const masked = { Destination: 't***@t***', DeliveryMedium: 'EMAIL', AttributeName: 'email' };
    const up = await s.sdk.send(
      new SignUpCommand({ ClientId: p.clientId, Username: 'tess', Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'test@test.com' }] }),
    );
    assert.deepEqual(up.CodeDeliveryDetails, masked);
    const resent = await s.sdk.send(new ResendConfirmationCodeCommand({ ClientId: p.clientId, Username: 'tess' }));
    assert.deepEqual(resent.CodeDeliveryDetails, masked);
    await s.sdk.send(new ConfirmSignUpCommand({ ClientId: p.clientId, Username: 'tess', ConfirmationCode: (await lastMessage(s.url, p.poolId, 'tess')).code }));
    const forgot = await s.sdk.send(new ForgotPasswordCommand({ ClientId: p.clientId, Username: 'tess' }));
    assert.deepEqual(forgot.CodeDeliveryDetails, masked);
    const tokens = await signIn(s.sdk, p.clientId, 'tess');
    const verify = await s.sdk.send(new GetUserAttributeVerificationCodeCommand({ AccessToken: tokens.accessToken, AttributeName: 'email' }));
    assert.deepEqual(verify.CodeDeliveryDetails, masked);
    // The message itself still goes to the whole address.
    assert.equal((await lastMessage(s.url, p.poolId, 'tess')).destination, 'test@test.com');
  });

  it('keeps the phone mask: a plus sign, one star per hidden digit and the last four digits', async () => {
    const p = await pool({ AutoVerifiedAttributes: ['phone_number'], SmsConfiguration: { SnsCallerArn: 'arn:aws:iam::123456789012:role/sms' } });
    const up = await s.sdk.send(
      new SignUpCommand({ ClientId: p.clientId, Username: 'phil', Password: PASSWORD, UserAttributes: [{ Name: 'phone_number', Value: PHONE }] }),
    );
    assert.deepEqual(up.CodeDeliveryDetails, { Destination: '+*******1234', DeliveryMedium: 'SMS', AttributeName: 'phone_number' });
  });
});
