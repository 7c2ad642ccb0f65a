import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminSetUserPasswordCommand,
  AdminUpdateUserAttributesCommand,
  ConfirmSignUpCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  ForgotPasswordCommand,
  GetUserAttributeVerificationCodeCommand,
  ResendConfirmationCodeCommand,
  SignUpCommand,
  type AttributeType,
  type CreateUserPoolCommandInput,
} from '@aws-sdk/client-cognito-identity-provider';
import { decodeJwt } from 'jose';
import { startServer, type TestServer } from '../helpers/server.js';
import { PASSWORD, PHONE, signIn } from '../helpers/fixtures.js';
import { lastMessage } from '../helpers/mfa.js';

const attr = (list: AttributeType[] | undefined, name: string) => list?.find((a) => a.Name === name)?.Value;

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

  it('gives a user of an email-username pool a username equal to its sub in AdminGetUser and both tokens', async () => {
    const p = await pool({ UsernameAttributes: ['email'] });
    const up = await s.sdk.send(new SignUpCommand({ ClientId: p.clientId, Username: 'una@example.com', Password: PASSWORD }));
    await s.sdk.send(
      new ConfirmSignUpCommand({ ClientId: p.clientId, Username: 'una@example.com', ConfirmationCode: (await lastMessage(s.url, p.poolId, up.UserSub!)).code }),
    );
    const got = await s.sdk.send(new AdminGetUserCommand({ UserPoolId: p.poolId, Username: 'una@example.com' }));
    assert.equal(got.Username, up.UserSub);
    assert.equal(attr(got.UserAttributes, 'sub'), up.UserSub);
    const tokens = await signIn(s.sdk, p.clientId, 'una@example.com');
    assert.equal(decodeJwt(tokens.accessToken).username, up.UserSub);
    assert.equal(decodeJwt(tokens.idToken)['cognito:username'], up.UserSub);
    assert.equal(decodeJwt(tokens.idToken).sub, up.UserSub);
  });

  it('gives a user of a phone-username pool a username equal to its sub', async () => {
    const p = await pool({ UsernameAttributes: ['phone_number'], AutoVerifiedAttributes: [] });
    const created = await s.sdk.send(new AdminCreateUserCommand({ UserPoolId: p.poolId, Username: PHONE, MessageAction: 'SUPPRESS' }));
    assert.equal(created.User!.Username, attr(created.User!.Attributes, 'sub'));
    await s.sdk.send(new AdminSetUserPasswordCommand({ UserPoolId: p.poolId, Username: PHONE, Password: PASSWORD, Permanent: true }));
    const tokens = await signIn(s.sdk, p.clientId, PHONE);
    assert.equal(decodeJwt(tokens.accessToken).username, created.User!.Username);
    assert.equal(decodeJwt(tokens.idToken)['cognito:username'], created.User!.Username);
  });

  it('accepts Boolean attribute values in any letter case and stores them lower case', async () => {
    const p = await pool();
    const created = await s.sdk.send(
      new AdminCreateUserCommand({
        UserPoolId: p.poolId,
        Username: 'bo',
        MessageAction: 'SUPPRESS',
        UserAttributes: [
          { Name: 'email', Value: 'bo@example.com' },
          { Name: 'email_verified', Value: 'True' },
        ],
      }),
    );
    assert.equal(attr(created.User!.Attributes, 'email_verified'), 'true');
    await s.sdk.send(
      new AdminUpdateUserAttributesCommand({
        UserPoolId: p.poolId,
        Username: 'bo',
        UserAttributes: [
          { Name: 'phone_number', Value: PHONE },
          { Name: 'phone_number_verified', Value: 'TRUE' },
          { Name: 'email_verified', Value: 'FaLsE' },
        ],
      }),
    );
    const got = await s.sdk.send(new AdminGetUserCommand({ UserPoolId: p.poolId, Username: 'bo' }));
    assert.equal(attr(got.UserAttributes, 'phone_number_verified'), 'true');
    assert.equal(attr(got.UserAttributes, 'email_verified'), 'false');
    await assert.rejects(
      s.sdk.send(new AdminUpdateUserAttributesCommand({ UserPoolId: p.poolId, Username: 'bo', UserAttributes: [{ Name: 'email_verified', Value: 'yes' }] })),
      { name: 'InvalidParameterException', message: 'Attributes did not conform to the schema: email_verified: Attribute value must be true or false' },
    );
  });
});
