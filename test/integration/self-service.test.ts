import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AdminGetUserCommand,
  ChangePasswordCommand,
  ConfirmForgotPasswordCommand,
  ConfirmSignUpCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DeleteUserCommand,
  ForgotPasswordCommand,
  GetUserAttributeVerificationCodeCommand,
  GetUserCommand,
  InitiateAuthCommand,
  ResendConfirmationCodeCommand,
  SignUpCommand,
  UpdateUserAttributesCommand,
  VerifyUserAttributeCommand,
  type CreateUserPoolCommandInput,
} from '@aws-sdk/client-cognito-identity-provider';
import { secretHash } from '../../src/domain/clients.js';
import { rawCall, startServer, type TestServer } from '../helpers/server.js';
import { PASSWORD, signIn } from '../helpers/fixtures.js';
import { lastMessage, otherCode } from '../helpers/mfa.js';

const NEW_PASSWORD = 'N3w-Passw0rd!';
const MISMATCH = { name: 'CodeMismatchException', message: 'Invalid verification code provided, please try again.' };
const EXPIRED = { name: 'ExpiredCodeException', message: 'Invalid code provided, please request a code again.' };
const LIMIT = { name: 'LimitExceededException', message: 'Attempt limit exceeded, please try after some time.' };
const NOT_FOUND = { name: 'UserNotFoundException', message: 'Username/client id combination not found.' };

describe("Self-service: sign-up, confirmation, password reset and the signed-in user's own account", () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
  });
  after(async () => s.close());

  async function pool(extra: Partial<CreateUserPoolCommandInput> = {}, secret = false): Promise<{ poolId: string; clientId: string; clientSecret?: string }> {
    const p = await s.sdk.send(new CreateUserPoolCommand({ PoolName: 'self', AutoVerifiedAttributes: ['email'], AliasAttributes: ['email'], ...extra }));
    const c = await s.sdk.send(
      new CreateUserPoolClientCommand({
        UserPoolId: p.UserPool!.Id!,
        ClientName: 'web',
        GenerateSecret: secret,
        ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      }),
    );
    return { poolId: p.UserPool!.Id!, clientId: c.UserPoolClient!.ClientId!, clientSecret: c.UserPoolClient!.ClientSecret };
  }
  const signUp = (clientId: string, username: string, email = `${username}@example.com`, password = PASSWORD) =>
    s.sdk.send(new SignUpCommand({ ClientId: clientId, Username: username, Password: password, UserAttributes: [{ Name: 'email', Value: email }] }));
  const confirm = (clientId: string, username: string, code: string, force?: boolean) =>
    s.sdk.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: username, ConfirmationCode: code, ForceAliasCreation: force }));
  async function confirmedUser(p: { poolId: string; clientId: string }, username: string, email?: string) {
    await signUp(p.clientId, username, email);
    await confirm(p.clientId, username, (await lastMessage(s.url, p.poolId, username)).code);
    return signIn(s.sdk, p.clientId, username);
  }

  it('signs up an UNCONFIRMED user, sends the code to the email and confirms with it', async () => {
    const p = await pool();
    const out = await signUp(p.clientId, 'ann', 'ann@example.com');
    assert.equal(out.UserConfirmed, false);
    assert.match(out.UserSub!, /^[0-9a-f-]{36}$/);
    assert.deepEqual(out.CodeDeliveryDetails, { Destination: 'a***@e***', DeliveryMedium: 'EMAIL', AttributeName: 'email' });
    const m = await lastMessage(s.url, p.poolId, 'ann');
    assert.equal(m.deliveryMedium, 'EMAIL');
    assert.equal(m.message, `Your verification code is ${m.code}. `);
    assert.equal((await s.sdk.send(new AdminGetUserCommand({ UserPoolId: p.poolId, Username: 'ann' }))).UserStatus, 'UNCONFIRMED');
    await assert.rejects(signIn(s.sdk, p.clientId, 'ann'), { name: 'UserNotConfirmedException', message: 'User is not confirmed.' });
    await assert.rejects(confirm(p.clientId, 'ann', otherCode(m.code)), MISMATCH);
    assert.deepEqual(
      await rawCall(s.url, 'ConfirmSignUp', { ClientId: p.clientId, Username: 'ann', ConfirmationCode: m.code }).then((r) => [r.status, r.body]),
      [200, {}],
    );
    const user = await s.sdk.send(new AdminGetUserCommand({ UserPoolId: p.poolId, Username: 'ann' }));
    assert.equal(user.UserStatus, 'CONFIRMED');
    assert.equal(user.UserAttributes!.find((a) => a.Name === 'email_verified')?.Value, 'true');
    assert.ok((await signIn(s.sdk, p.clientId, 'ann')).accessToken);
    await assert.rejects(confirm(p.clientId, 'ann', m.code), {
      name: 'NotAuthorizedException',
      message: 'User cannot be confirmed. Current status is CONFIRMED',
    });
  });

  it('refuses a taken username with UsernameExistsException "User already exists" and a weak password with InvalidPasswordException', async () => {
    const p = await pool();
    await signUp(p.clientId, 'bob');
    await assert.rejects(signUp(p.clientId, 'bob'), { name: 'UsernameExistsException', message: 'User already exists' });
    await assert.rejects(signUp(p.clientId, 'bill', undefined, 'short'), {
      name: 'InvalidPasswordException',
      message: 'Password did not conform with policy: Password not long enough',
    });
  });

  it('answers an unknown user with UserNotFoundException "Username/client id combination not found."', async () => {
    const p = await pool();
    await assert.rejects(confirm(p.clientId, 'ghost', '123456'), NOT_FOUND);
    await assert.rejects(s.sdk.send(new ResendConfirmationCodeCommand({ ClientId: p.clientId, Username: 'ghost' })), NOT_FOUND);
    await assert.rejects(s.sdk.send(new ForgotPasswordCommand({ ClientId: p.clientId, Username: 'ghost' })), NOT_FOUND);
  });

  it('expires a sign-up code after 24 hours with ExpiredCodeException', async () => {
    const p = await pool();
    await signUp(p.clientId, 'cid');
    const { code } = await lastMessage(s.url, p.poolId, 'cid');
    s.clock.advance(86401);
    await assert.rejects(confirm(p.clientId, 'cid', code), EXPIRED);
  });

  it('locks a code after five wrong answers with LimitExceededException, until a new code is requested', async () => {
    const p = await pool();
    await signUp(p.clientId, 'dan');
    const { code } = await lastMessage(s.url, p.poolId, 'dan');
    for (let i = 0; i < 5; i++) await assert.rejects(confirm(p.clientId, 'dan', otherCode(code)), MISMATCH);
    await assert.rejects(confirm(p.clientId, 'dan', code), LIMIT);
    const resent = await s.sdk.send(new ResendConfirmationCodeCommand({ ClientId: p.clientId, Username: 'dan' }));
    assert.deepEqual(resent.CodeDeliveryDetails, { Destination: 'd***@e***', DeliveryMedium: 'EMAIL', AttributeName: 'email' });
    const fresh = (await lastMessage(s.url, p.poolId, 'dan')).code;
    if (fresh !== code) await assert.rejects(confirm(p.clientId, 'dan', code), MISMATCH);
    await confirm(p.clientId, 'dan', fresh);
    await assert.rejects(s.sdk.send(new ResendConfirmationCodeCommand({ ClientId: p.clientId, Username: 'dan' })), {
      name: 'InvalidParameterException',
      message: 'User is already confirmed.',
    });
  });

  it('limits code requests to ten an hour with LimitExceededException', async () => {
    const p = await pool();
    await signUp(p.clientId, 'eve');
    for (let i = 0; i < 9; i++) await s.sdk.send(new ResendConfirmationCodeCommand({ ClientId: p.clientId, Username: 'eve' }));
    await assert.rejects(s.sdk.send(new ResendConfirmationCodeCommand({ ClientId: p.clientId, Username: 'eve' })), LIMIT);
    s.clock.advance(3601);
    await s.sdk.send(new ResendConfirmationCodeCommand({ ClientId: p.clientId, Username: 'eve' }));
  });

  it('refuses to confirm an email alias a confirmed user holds with AliasExistsException, and moves it with ForceAliasCreation', async () => {
    const p = await pool();
    await confirmedUser(p, 'fay', 'shared@example.com');
    await signUp(p.clientId, 'fred', 'shared@example.com');
    const { code } = await lastMessage(s.url, p.poolId, 'fred');
    await assert.rejects(confirm(p.clientId, 'fred', code), { name: 'AliasExistsException', message: 'An account with the email already exists.' });
    await signUp(p.clientId, 'finn', 'shared@example.com');
    await confirm(p.clientId, 'finn', (await lastMessage(s.url, p.poolId, 'finn')).code, true);
    const fay = await s.sdk.send(new AdminGetUserCommand({ UserPoolId: p.poolId, Username: 'fay' }));
    assert.equal(fay.UserAttributes!.find((a) => a.Name === 'email_verified')?.Value, 'false');
    assert.ok(await signIn(s.sdk, p.clientId, 'shared@example.com'));
  });

  it('resets a forgotten password with the emailed code; the old password stops working', async () => {
    const p = await pool();
    await confirmedUser(p, 'gus');
    const out = await s.sdk.send(new ForgotPasswordCommand({ ClientId: p.clientId, Username: 'gus' }));
    assert.deepEqual(out.CodeDeliveryDetails, { Destination: 'g***@e***', DeliveryMedium: 'EMAIL', AttributeName: 'email' });
    const { code } = await lastMessage(s.url, p.poolId, 'gus');
    const reset = (c: string, pw = NEW_PASSWORD) =>
      s.sdk.send(new ConfirmForgotPasswordCommand({ ClientId: p.clientId, Username: 'gus', ConfirmationCode: c, Password: pw }));
    await assert.rejects(reset(otherCode(code)), MISMATCH);
    await assert.rejects(reset(code, 'weak'), { name: 'InvalidPasswordException' });
    await reset(code);
    await assert.rejects(reset(code), EXPIRED);
    await assert.rejects(signIn(s.sdk, p.clientId, 'gus'), { name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
    assert.ok(await signIn(s.sdk, p.clientId, 'gus', NEW_PASSWORD));
  });

  it('expires a password-reset code after one hour', async () => {
    const p = await pool();
    await confirmedUser(p, 'hal');
    await s.sdk.send(new ForgotPasswordCommand({ ClientId: p.clientId, Username: 'hal' }));
    const { code } = await lastMessage(s.url, p.poolId, 'hal');
    s.clock.advance(3601);
    await assert.rejects(
      s.sdk.send(new ConfirmForgotPasswordCommand({ ClientId: p.clientId, Username: 'hal', ConfirmationCode: code, Password: NEW_PASSWORD })),
      EXPIRED,
    );
  });

  it('refuses a password reset for a user without a verified address', async () => {
    const p = await pool();
    await signUp(p.clientId, 'ida');
    await assert.rejects(s.sdk.send(new ForgotPasswordCommand({ ClientId: p.clientId, Username: 'ida' })), {
      name: 'InvalidParameterException',
      message: 'Cannot reset password for the user as there is no registered/verified email or phone_number',
    });
  });

  it('changes the password given the current one, and refuses a wrong current one', async () => {
    const p = await pool();
    const t = await confirmedUser(p, 'jon');
    await assert.rejects(
      s.sdk.send(new ChangePasswordCommand({ AccessToken: t.accessToken, PreviousPassword: 'Wr0ng-pass!', ProposedPassword: NEW_PASSWORD })),
      {
        name: 'NotAuthorizedException',
        message: 'Incorrect username or password.',
      },
    );
    await s.sdk.send(new ChangePasswordCommand({ AccessToken: t.accessToken, PreviousPassword: PASSWORD, ProposedPassword: NEW_PASSWORD }));
    assert.ok(await signIn(s.sdk, p.clientId, 'jon', NEW_PASSWORD));
  });

  it('unverifies a changed email, sends a code for it and verifies it with VerifyUserAttribute', async () => {
    const p = await pool();
    const t = await confirmedUser(p, 'kim');
    const out = await s.sdk.send(
      new UpdateUserAttributesCommand({
        AccessToken: t.accessToken,
        UserAttributes: [
          { Name: 'email', Value: 'kim.new@example.net' },
          { Name: 'name', Value: 'Kim' },
        ],
      }),
    );
    assert.deepEqual(out.CodeDeliveryDetailsList, [{ Destination: 'k***@e***', DeliveryMedium: 'EMAIL', AttributeName: 'email' }]);
    const attr = async (n: string) => (await s.sdk.send(new GetUserCommand({ AccessToken: t.accessToken }))).UserAttributes!.find((a) => a.Name === n)?.Value;
    assert.equal(await attr('email_verified'), 'false');
    assert.equal(await attr('name'), 'Kim');
    const first = (await lastMessage(s.url, p.poolId, 'kim')).code;
    const again = await s.sdk.send(new GetUserAttributeVerificationCodeCommand({ AccessToken: t.accessToken, AttributeName: 'email' }));
    assert.deepEqual(again.CodeDeliveryDetails, { Destination: 'k***@e***', DeliveryMedium: 'EMAIL', AttributeName: 'email' });
    const code = (await lastMessage(s.url, p.poolId, 'kim')).code;
    if (first !== code)
      await assert.rejects(s.sdk.send(new VerifyUserAttributeCommand({ AccessToken: t.accessToken, AttributeName: 'email', Code: first })), MISMATCH);
    await s.sdk.send(new VerifyUserAttributeCommand({ AccessToken: t.accessToken, AttributeName: 'email', Code: code }));
    assert.equal(await attr('email_verified'), 'true');
    await assert.rejects(
      s.sdk.send(new UpdateUserAttributesCommand({ AccessToken: t.accessToken, UserAttributes: [{ Name: 'email_verified', Value: 'true' }] })),
      {
        name: 'InvalidParameterException',
      },
    );
  });

  it('deletes the signed-in user; the access token then meets UserNotFoundException', async () => {
    const p = await pool();
    const t = await confirmedUser(p, 'lee');
    const r = await s.sdk.send(new DeleteUserCommand({ AccessToken: t.accessToken }));
    assert.equal(r.$metadata.httpStatusCode, 200);
    await assert.rejects(s.sdk.send(new GetUserCommand({ AccessToken: t.accessToken })), { name: 'UserNotFoundException', message: 'User does not exist.' });
    await assert.rejects(
      s.sdk.send(new InitiateAuthCommand({ ClientId: p.clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: t.refreshToken } })),
      {
        name: 'NotAuthorizedException',
      },
    );
  });

  it('requires the SECRET_HASH of a client with a secret, and refuses sign-up in admin-only pools', async () => {
    const p = await pool({}, true);
    await assert.rejects(signUp(p.clientId, 'max'), {
      name: 'NotAuthorizedException',
      message: `Client ${p.clientId} is configured for secret but secret was not received`,
    });
    await s.sdk.send(
      new SignUpCommand({
        ClientId: p.clientId,
        Username: 'max',
        Password: PASSWORD,
        SecretHash: secretHash(p.clientSecret!, 'max', p.clientId),
        UserAttributes: [{ Name: 'email', Value: 'max@example.com' }],
      }),
    );
    const closed = await pool({ AdminCreateUserConfig: { AllowAdminCreateUserOnly: true } });
    await assert.rejects(signUp(closed.clientId, 'ned'), { name: 'NotAuthorizedException', message: 'SignUp is not permitted for this user pool' });
  });

  it('signs up with an email as username in pools that sign in with email, under a username equal to the sub', async () => {
    const p = await pool({ AliasAttributes: undefined, UsernameAttributes: ['email'] });
    const out = await s.sdk.send(new SignUpCommand({ ClientId: p.clientId, Username: 'olga@example.com', Password: PASSWORD }));
    assert.equal(out.UserConfirmed, false);
    const user = await s.sdk.send(new AdminGetUserCommand({ UserPoolId: p.poolId, Username: 'olga@example.com' }));
    assert.match(user.Username!, /^[0-9a-f-]{36}$/);
    assert.equal(user.Username, out.UserSub);
    assert.equal(user.Username, user.UserAttributes!.find((a) => a.Name === 'sub')!.Value);
    await assert.rejects(s.sdk.send(new SignUpCommand({ ClientId: p.clientId, Username: 'olga@example.com', Password: PASSWORD })), {
      name: 'UsernameExistsException',
      message: 'An account with the given email already exists.',
    });
  });
});
