/**
 * Issue 9, item 4: limits on guesses hold however the guesses arrive. Wrong SMS_MFA codes pipelined
 * on one connection, and wrong passwords in every password flow, sequential or concurrent, meet
 * Cognito's temporary lockout (domain/lockout.ts: 5 free failures, then 2^(n-5) s, at most 15 min).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AdminSetUserSettingsCommand, ChangePasswordCommand, RespondToAuthChallengeCommand } from '@aws-sdk/client-cognito-identity-provider';
import { rawCall, startServer, type TestServer } from '../helpers/server.js';
import { createConfirmedUser, createPoolAndClient, PASSWORD, signIn } from '../helpers/fixtures.js';
import { giveEmail, lastMessage, messageCount, otherCode } from '../helpers/mfa.js';
import { pipeline } from '../helpers/pipeline.js';
import { startSrp } from '../helpers/srp-client.js';

const WRONG = 'Incorrect username or password.';
const EXCEEDED = 'Password attempts exceeded';

describe('Attempt limits hold against pipelined and concurrent guesses', () => {
  let s: TestServer;
  let poolId: string;
  let clientId: string;
  before(async () => {
    s = await startServer();
    ({ poolId, clientId } = await createPoolAndClient(s.sdk));
  });
  after(async () => s.close());

  const passwordAuth = (username: string, password: string) =>
    rawCall(s.url, 'InitiateAuth', { ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD: password } });
  const adminAuth = (username: string, password: string) =>
    rawCall(s.url, 'AdminInitiateAuth', {
      UserPoolId: poolId,
      ClientId: clientId,
      AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: username, PASSWORD: password },
    });
  const messageOf = (r: { body: any }) => r.body?.message;

  it('judges at most five of 15 wrong SMS_MFA codes and the right one pipelined on one connection, and issues no tokens', async () => {
    await createConfirmedUser(s.sdk, poolId, 'mia');
    await s.sdk.send(
      new AdminSetUserSettingsCommand({ UserPoolId: poolId, Username: 'mia', MFAOptions: [{ DeliveryMedium: 'SMS', AttributeName: 'phone_number' }] }),
    );
    const started = await passwordAuth('mia', PASSWORD);
    assert.equal(started.body.ChallengeName, 'SMS_MFA');
    const { code } = await lastMessage(s.url, poolId, 'mia');
    const answer = (c: string) => ({
      operation: 'RespondToAuthChallenge',
      body: { ClientId: clientId, ChallengeName: 'SMS_MFA', Session: started.body.Session, ChallengeResponses: { USERNAME: 'mia', SMS_MFA_CODE: c } },
    });
    const wrong = Array.from({ length: 15 }, (_, i) => answer(String((Number(code) + 1 + i) % 1_000_000).padStart(6, '0')));
    const answers = await pipeline(s.url, [...wrong, answer(code)]);
    assert.ok(
      answers.every((a) => a.body?.AuthenticationResult === undefined),
      'a pipelined guess was answered with tokens',
    );
    assert.equal(answers.filter((a) => a.body.__type === 'CodeMismatchException').length, 5);
    assert.equal(answers.filter((a) => messageOf(a) === 'Invalid session for the user, session is expired.').length, 11);
  });

  it('locks out after five wrong passwords: 200 wrong ones and then the right one are refused with "Password attempts exceeded"', async () => {
    await createConfirmedUser(s.sdk, poolId, 'nils');
    const answers = [];
    for (let i = 0; i < 200; i++) answers.push(messageOf(await passwordAuth('nils', `Wrong-${i}-pass!`)));
    assert.deepEqual(answers.slice(0, 5), Array(5).fill(WRONG));
    assert.deepEqual(new Set(answers.slice(5)), new Set([EXCEEDED]));
    const right = await passwordAuth('nils', PASSWORD);
    assert.equal(right.status, 400);
    assert.deepEqual(right.body, { __type: 'NotAuthorizedException', message: EXCEEDED });
    // The first lockout lasts one second; then the right password signs in and clears the count.
    s.clock.advance(1);
    assert.equal((await passwordAuth('nils', PASSWORD)).status, 200);
    for (let i = 0; i < 4; i++) assert.equal(messageOf(await passwordAuth('nils', 'Wrong-pass-1!')), WRONG);
  });

  it('doubles the lockout with each further failure, and a quiet quarter of an hour clears the count', async () => {
    await createConfirmedUser(s.sdk, poolId, 'olga');
    for (let i = 0; i < 5; i++) assert.equal(messageOf(await passwordAuth('olga', 'Wrong-pass-1!')), WRONG);
    s.clock.advance(1);
    assert.equal(messageOf(await passwordAuth('olga', 'Wrong-pass-1!')), WRONG); // the 6th failure: 2 s
    s.clock.advance(1.5);
    assert.equal(messageOf(await passwordAuth('olga', PASSWORD)), EXCEEDED);
    s.clock.advance(0.5);
    assert.equal(messageOf(await passwordAuth('olga', 'Wrong-pass-1!')), WRONG); // the 7th: 4 s
    s.clock.advance(3.999);
    assert.equal(messageOf(await passwordAuth('olga', PASSWORD)), EXCEEDED);
    s.clock.advance(15 * 60);
    assert.equal(messageOf(await passwordAuth('olga', 'Wrong-pass-1!')), WRONG);
    assert.equal((await passwordAuth('olga', PASSWORD)).status, 200);
  });

  it('judges only five of 40 concurrent wrong passwords on separate connections', async () => {
    await createConfirmedUser(s.sdk, poolId, 'pete');
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => passwordAuth('pete', `Wrong-${i}-pass!`)));
    const messages = answers.map(messageOf);
    assert.equal(messages.filter((m) => m === WRONG).length, 5);
    assert.equal(messages.filter((m) => m === EXCEEDED).length, 35);
  });

  it('judges only five of 40 wrong passwords pipelined on one connection', async () => {
    await createConfirmedUser(s.sdk, poolId, 'quin');
    const answers = await pipeline(
      s.url,
      Array.from({ length: 40 }, (_, i) => ({
        operation: 'InitiateAuth',
        body: { ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'quin', PASSWORD: `Wrong-${i}-pass!` } },
      })),
    );
    assert.equal(answers.filter((a) => messageOf(a) === WRONG).length, 5);
    assert.equal(answers.filter((a) => messageOf(a) === EXCEEDED).length, 35);
  });

  it('signs one user in twenty times at once with the right password: no lockout', async () => {
    await createConfirmedUser(s.sdk, poolId, 'rita');
    const answers = await Promise.all(Array.from({ length: 20 }, () => passwordAuth('rita', PASSWORD)));
    assert.deepEqual(
      answers.map((a) => a.status),
      Array(20).fill(200),
    );
  });

  it('counts ADMIN_USER_PASSWORD_AUTH and USER_PASSWORD_AUTH failures together', async () => {
    await createConfirmedUser(s.sdk, poolId, 'rosa');
    for (let i = 0; i < 3; i++) assert.equal(messageOf(await passwordAuth('rosa', 'Wrong-pass-1!')), WRONG);
    for (let i = 0; i < 2; i++) assert.equal(messageOf(await adminAuth('rosa', 'Wrong-pass-1!')), WRONG);
    assert.equal(messageOf(await adminAuth('rosa', PASSWORD)), EXCEEDED);
  });

  it('locks out USER_SRP_AUTH: the sixth PASSWORD_VERIFIER after five wrong ones is "Password attempts exceeded", even with the right password', async () => {
    await createConfirmedUser(s.sdk, poolId, 'sven', null);
    const srpClientId = (await rawCall(s.url, 'CreateUserPoolClient', { UserPoolId: poolId, ClientName: 'srp' })).body.UserPoolClient.ClientId as string;
    const verify = (responses: Record<string, string>) =>
      s.sdk.send(new RespondToAuthChallengeCommand({ ClientId: srpClientId, ChallengeName: 'PASSWORD_VERIFIER', ChallengeResponses: responses }));
    for (let i = 0; i < 5; i++) {
      const { responses } = await startSrp(s.sdk, poolId, srpClientId, 'sven');
      await assert.rejects(verify(responses('Wr0ng-pass!')), { name: 'NotAuthorizedException', message: WRONG });
    }
    const { responses } = await startSrp(s.sdk, poolId, srpClientId, 'sven');
    await assert.rejects(verify(responses(PASSWORD)), { name: 'NotAuthorizedException', message: EXCEEDED });
    s.clock.advance(1);
    const again = await startSrp(s.sdk, poolId, srpClientId, 'sven');
    assert.ok((await verify(again.responses(PASSWORD))).AuthenticationResult?.AccessToken);
  });

  it('answers ChangePassword during a lockout with LimitExceededException, and counts its wrong previous passwords', async () => {
    await createConfirmedUser(s.sdk, poolId, 'tina');
    const { accessToken } = await signIn(s.sdk, clientId, 'tina');
    const change = (previous: string) =>
      s.sdk.send(new ChangePasswordCommand({ AccessToken: accessToken, PreviousPassword: previous, ProposedPassword: 'N3w-Passw0rd!' }));
    for (let i = 0; i < 5; i++) await assert.rejects(change('Wrong-pass-1!'), { name: 'NotAuthorizedException', message: WRONG });
    await assert.rejects(change(PASSWORD), { name: 'LimitExceededException', message: 'Attempt limit exceeded, please try after some time.' });
    assert.equal(messageOf(await passwordAuth('tina', PASSWORD)), EXCEEDED);
    s.clock.advance(1);
    await change(PASSWORD);
  });

  it('still judges a wrong answer to an SMS_MFA code as CodeMismatchException, and the right one after it', async () => {
    await createConfirmedUser(s.sdk, poolId, 'ugo');
    await s.sdk.send(
      new AdminSetUserSettingsCommand({ UserPoolId: poolId, Username: 'ugo', MFAOptions: [{ DeliveryMedium: 'SMS', AttributeName: 'phone_number' }] }),
    );
    const started = await passwordAuth('ugo', PASSWORD);
    const { code } = await lastMessage(s.url, poolId, 'ugo');
    const respond = (c: string) =>
      s.sdk.send(
        new RespondToAuthChallengeCommand({
          ClientId: clientId,
          ChallengeName: 'SMS_MFA',
          Session: started.body.Session,
          ChallengeResponses: { USERNAME: 'ugo', SMS_MFA_CODE: c },
        }),
      );
    await assert.rejects(respond(otherCode(code)), { name: 'CodeMismatchException' });
    assert.ok((await respond(code)).AuthenticationResult?.AccessToken);
  });

  it('sends at most ten ForgotPassword codes an hour however many requests arrive together', async () => {
    await createConfirmedUser(s.sdk, poolId, 'vera', null);
    await giveEmail(s.sdk, poolId, 'vera');
    const answers = await Promise.all(Array.from({ length: 15 }, () => rawCall(s.url, 'ForgotPassword', { ClientId: clientId, Username: 'vera' })));
    assert.equal(answers.filter((a) => a.status === 200).length, 10);
    assert.deepEqual(new Set(answers.filter((a) => a.status !== 200).map((a) => a.body.__type)), new Set(['LimitExceededException']));
    assert.equal(await messageCount(s.url, poolId, 'vera'), 10);
  });

  it('judges five of 20 ConfirmForgotPassword guesses pipelined with the right code last, and keeps the old password', async () => {
    await createConfirmedUser(s.sdk, poolId, 'walt', null);
    await giveEmail(s.sdk, poolId, 'walt');
    assert.equal((await rawCall(s.url, 'ForgotPassword', { ClientId: clientId, Username: 'walt' })).status, 200);
    const { code } = await lastMessage(s.url, poolId, 'walt');
    const confirm = (c: string) => ({
      operation: 'ConfirmForgotPassword',
      body: { ClientId: clientId, Username: 'walt', ConfirmationCode: c, Password: 'N3w-Passw0rd!' },
    });
    const wrong = Array.from({ length: 19 }, (_, i) => confirm(String((Number(code) + 1 + i) % 1_000_000).padStart(6, '0')));
    const answers = await pipeline(s.url, [...wrong, confirm(code)]);
    assert.equal(answers.filter((a) => a.body?.__type === 'CodeMismatchException').length, 5);
    assert.equal(answers.filter((a) => a.body?.__type === 'LimitExceededException').length, 15);
    assert.equal((await passwordAuth('walt', PASSWORD)).status, 200);
  });
});
