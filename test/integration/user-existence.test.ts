import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminInitiateAuthCommand,
  AdminSetUserPasswordCommand,
  ConfirmForgotPasswordCommand,
  ConfirmSignUpCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  ForgotPasswordCommand,
  InitiateAuthCommand,
  ResendConfirmationCodeCommand,
  RespondToAuthChallengeCommand,
  SignUpCommand,
  type CreateUserPoolCommandInput,
} from '@aws-sdk/client-cognito-identity-provider';
import { startServer, type TestServer } from '../helpers/server.js';
import { PASSWORD } from '../helpers/fixtures.js';
import { lastMessage, messageCount } from '../helpers/mfa.js';
import { startSrp } from '../helpers/srp-client.js';

const WRONG = { name: 'NotAuthorizedException', message: 'Incorrect username or password.' };
const MISMATCH = { name: 'CodeMismatchException', message: 'Invalid verification code provided, please try again.' };
const EXPIRED = { name: 'ExpiredCodeException', message: 'Invalid code provided, please request a code again.' };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('PreventUserExistenceErrors=ENABLED hides which users exist (developer guide, managing user existence errors)', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
  });
  after(async () => s.close());

  async function pool(extra: Partial<CreateUserPoolCommandInput> = {}, prevent: 'ENABLED' | 'LEGACY' = 'ENABLED') {
    const p = await s.sdk.send(new CreateUserPoolCommand({ PoolName: 'hiding', AutoVerifiedAttributes: ['email'], ...extra }));
    const poolId = p.UserPool!.Id!;
    const c = await s.sdk.send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: 'web',
        PreventUserExistenceErrors: prevent,
        ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      }),
    );
    return { poolId, clientId: c.UserPoolClient!.ClientId! };
  }
  async function user(p: { poolId: string }, username: string, attrs: Array<{ Name: string; Value: string }> = []) {
    await s.sdk.send(new AdminCreateUserCommand({ UserPoolId: p.poolId, Username: username, MessageAction: 'SUPPRESS', UserAttributes: attrs }));
    await s.sdk.send(new AdminSetUserPasswordCommand({ UserPoolId: p.poolId, Username: username, Password: PASSWORD, Permanent: true }));
  }
  const passwordSignIn = (clientId: string, username: string, password = PASSWORD) =>
    s.sdk.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD: password } }));

  it('answers an unknown user of USER_PASSWORD_AUTH and ADMIN_USER_PASSWORD_AUTH as a wrong password', async () => {
    const p = await pool();
    await user(p, 'known');
    await assert.rejects(passwordSignIn(p.clientId, 'nobody'), WRONG);
    await assert.rejects(passwordSignIn(p.clientId, 'known', 'Wr0ng-pass!'), WRONG);
    await assert.rejects(
      s.sdk.send(
        new AdminInitiateAuthCommand({
          UserPoolId: p.poolId,
          ClientId: p.clientId,
          AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: 'nobody', PASSWORD },
        }),
      ),
      WRONG,
    );
  });

  it('poses a PASSWORD_VERIFIER challenge to an unknown user of USER_SRP_AUTH, with the same salt each time, then refuses it as a wrong password', async () => {
    const p = await pool();
    await user(p, 'known');
    const real = await startSrp(s.sdk, p.poolId, p.clientId, 'known');
    const decoy = await startSrp(s.sdk, p.poolId, p.clientId, 'nobody');
    assert.equal(decoy.first.ChallengeName, 'PASSWORD_VERIFIER');
    assert.deepEqual(Object.keys(decoy.first.ChallengeParameters!).sort(), Object.keys(real.first.ChallengeParameters!).sort());
    const params = decoy.first.ChallengeParameters!;
    assert.match(params.SALT!, /^[0-9a-f]{32}$/);
    assert.match(params.SRP_B!, /^[0-9a-f]+$/);
    assert.equal(params.USER_ID_FOR_SRP, 'nobody');
    assert.equal(params.USERNAME, 'nobody');
    const again = await startSrp(s.sdk, p.poolId, p.clientId, 'nobody');
    assert.equal(again.first.ChallengeParameters!.SALT, params.SALT);
    assert.notEqual(again.first.ChallengeParameters!.SRP_B, params.SRP_B);
    const answer = (responses: Record<string, string>) =>
      s.sdk.send(new RespondToAuthChallengeCommand({ ClientId: p.clientId, ChallengeName: 'PASSWORD_VERIFIER', ChallengeResponses: responses }));
    await assert.rejects(answer(decoy.responses(PASSWORD)), WRONG);
    // The decoy session is spent like a real one.
    await assert.rejects(answer(decoy.responses(PASSWORD)), { name: 'NotAuthorizedException', message: 'Invalid session for the user, session is expired.' });
    assert.ok((await answer(real.responses(PASSWORD))).AuthenticationResult?.AccessToken);
  });

  it('gives an unknown user of an email-username pool a stable UUID as USER_ID_FOR_SRP, as a real user has', async () => {
    const p = await pool({ UsernameAttributes: ['email'] });
    const first = (await startSrp(s.sdk, p.poolId, p.clientId, 'ghost@example.com')).first.ChallengeParameters!;
    const second = (await startSrp(s.sdk, p.poolId, p.clientId, 'ghost@example.com')).first.ChallengeParameters!;
    assert.match(first.USER_ID_FOR_SRP!, UUID);
    assert.equal(second.USER_ID_FOR_SRP, first.USER_ID_FOR_SRP);
    const other = (await startSrp(s.sdk, p.poolId, p.clientId, 'phantom@example.com')).first.ChallengeParameters!;
    assert.notEqual(other.USER_ID_FOR_SRP, first.USER_ID_FOR_SRP);
    assert.notEqual(other.SALT, first.SALT);
  });

  it('answers ForgotPassword for an unknown, a disabled and an unverified user with simulated CodeDeliveryDetails, and sends nothing', async () => {
    // Email first; without the setting Cognito's legacy order tries SMS first (see the next test for a phone decoy).
    const p = await pool({ AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'verified_email', Priority: 1 }] } });
    await user(p, 'dora', [
      { Name: 'email', Value: 'dora@example.com' },
      { Name: 'email_verified', Value: 'true' },
    ]);
    await s.sdk.send(new AdminDisableUserCommand({ UserPoolId: p.poolId, Username: 'dora' }));
    await user(p, 'uma', [{ Name: 'email', Value: 'uma@example.org' }]);
    const forgot = async (username: string) => (await s.sdk.send(new ForgotPasswordCommand({ ClientId: p.clientId, Username: username }))).CodeDeliveryDetails;
    const unknown = await forgot('nobody');
    assert.equal(unknown?.DeliveryMedium, 'EMAIL');
    assert.equal(unknown?.AttributeName, 'email');
    assert.match(unknown!.Destination!, /^n\*\*\*@[a-z]\*\*\*$/);
    assert.deepEqual(await forgot('nobody'), unknown);
    assert.deepEqual(await forgot('nobody@example.net'), { Destination: 'n***@e***', DeliveryMedium: 'EMAIL', AttributeName: 'email' });
    assert.deepEqual(await forgot('dora'), { Destination: 'd***@e***', DeliveryMedium: 'EMAIL', AttributeName: 'email' });
    assert.deepEqual(await forgot('uma'), { Destination: 'u***@e***', DeliveryMedium: 'EMAIL', AttributeName: 'email' });
    assert.equal(await messageCount(s.url, p.poolId, 'nobody'), 0);
    assert.equal(await messageCount(s.url, p.poolId, 'dora'), 0);
    assert.equal(await messageCount(s.url, p.poolId, 'uma'), 0);
  });

  it('simulates an SMS delivery for ForgotPassword when the pool recovers by phone first', async () => {
    const p = await pool({ AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'verified_phone_number', Priority: 1 }] } });
    const out = await s.sdk.send(new ForgotPasswordCommand({ ClientId: p.clientId, Username: 'nobody' }));
    assert.equal(out.CodeDeliveryDetails?.DeliveryMedium, 'SMS');
    assert.equal(out.CodeDeliveryDetails?.AttributeName, 'phone_number');
    assert.match(out.CodeDeliveryDetails!.Destination!, /^\+\*{7}[0-9]{4}$/);
  });

  it('answers ConfirmForgotPassword for an unknown or disabled user with CodeMismatchException, and a user who asked for no code with ExpiredCodeException', async () => {
    const p = await pool();
    await user(p, 'dan', [
      { Name: 'email', Value: 'dan@example.com' },
      { Name: 'email_verified', Value: 'true' },
    ]);
    const confirm = (username: string) =>
      s.sdk.send(new ConfirmForgotPasswordCommand({ ClientId: p.clientId, Username: username, ConfirmationCode: '123456', Password: 'N3w-Passw0rd!' }));
    await assert.rejects(confirm('nobody'), MISMATCH);
    await assert.rejects(confirm('dan'), EXPIRED);
    await s.sdk.send(new ForgotPasswordCommand({ ClientId: p.clientId, Username: 'dan' }));
    await s.sdk.send(new AdminDisableUserCommand({ UserPoolId: p.poolId, Username: 'dan' }));
    await assert.rejects(confirm('dan'), MISMATCH);
  });

  it('answers ResendConfirmationCode for an unknown user with simulated CodeDeliveryDetails', async () => {
    const p = await pool();
    const out = await s.sdk.send(new ResendConfirmationCodeCommand({ ClientId: p.clientId, Username: 'ghost@example.com' }));
    assert.deepEqual(out.CodeDeliveryDetails, { Destination: 'g***@e***', DeliveryMedium: 'EMAIL', AttributeName: 'email' });
    const none = await pool({ AutoVerifiedAttributes: [] });
    await assert.rejects(s.sdk.send(new ResendConfirmationCodeCommand({ ClientId: none.clientId, Username: 'ghost' })), {
      name: 'InvalidParameterException',
      message: 'Cannot resend codes. Auto verification not turned on.',
    });
  });

  it('answers ConfirmSignUp for an unknown user with CodeMismatchException (our choice)', async () => {
    const p = await pool();
    await assert.rejects(s.sdk.send(new ConfirmSignUpCommand({ ClientId: p.clientId, Username: 'nobody', ConfirmationCode: '123456' })), MISMATCH);
  });

  it('leaves SignUp alone: a taken username is UsernameExistsException, a taken alias surfaces at ConfirmSignUp', async () => {
    const p = await pool({ AliasAttributes: ['email'] });
    const signUp = (username: string) =>
      s.sdk.send(
        new SignUpCommand({ ClientId: p.clientId, Username: username, Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'shared@example.com' }] }),
      );
    await signUp('first');
    await s.sdk.send(
      new ConfirmSignUpCommand({ ClientId: p.clientId, Username: 'first', ConfirmationCode: (await lastMessage(s.url, p.poolId, 'first')).code }),
    );
    await assert.rejects(signUp('first'), { name: 'UsernameExistsException', message: 'User already exists' });
    await signUp('second');
    await assert.rejects(
      s.sdk.send(new ConfirmSignUpCommand({ ClientId: p.clientId, Username: 'second', ConfirmationCode: (await lastMessage(s.url, p.poolId, 'second')).code })),
      { name: 'AliasExistsException', message: 'An account with the email already exists.' },
    );
  });

  it('still names an unknown user with UserNotFoundException on a LEGACY client', async () => {
    const p = await pool({}, 'LEGACY');
    await assert.rejects(passwordSignIn(p.clientId, 'nobody'), { name: 'UserNotFoundException', message: 'User does not exist.' });
    await assert.rejects(startSrp(s.sdk, p.poolId, p.clientId, 'nobody'), { name: 'UserNotFoundException', message: 'User does not exist.' });
    await assert.rejects(s.sdk.send(new ForgotPasswordCommand({ ClientId: p.clientId, Username: 'nobody' })), {
      name: 'UserNotFoundException',
      message: 'Username/client id combination not found.',
    });
    await assert.rejects(s.sdk.send(new ResendConfirmationCodeCommand({ ClientId: p.clientId, Username: 'nobody' })), {
      name: 'UserNotFoundException',
      message: 'Username/client id combination not found.',
    });
  });
});
