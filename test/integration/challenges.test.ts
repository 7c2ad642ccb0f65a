/** One test per row of the reference's challenge table (§2.3), asserting the exact ChallengeParameters. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AdminGetUserCommand,
  AdminRespondToAuthChallengeCommand,
  AdminSetUserMFAPreferenceCommand,
  AssociateSoftwareTokenCommand,
  CreateUserPoolCommand,
  CreateUserPoolClientCommand,
  RespondToAuthChallengeCommand,
  SetUserMFAPreferenceCommand,
  SetUserPoolMfaConfigCommand,
  VerifySoftwareTokenCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { rawCall, startServer, type TestServer } from '../helpers/server.js';
import { createConfirmedUser, PASSWORD, signedInUser } from '../helpers/fixtures.js';
import { giveEmail, lastMessage, offerAllFactors, otherCode, setUpTotp, totpAt } from '../helpers/mfa.js';

describe('The challenges InitiateAuth and RespondToAuthChallenge return (reference §2.3)', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
  });
  after(async () => s.close());

  const initiate = (clientId: string, username: string) =>
    rawCall(s.url, 'InitiateAuth', { ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD } });
  const respond = (clientId: string, name: string, session: string, responses: Record<string, string>) =>
    s.sdk.send(new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: name as 'SMS_MFA', Session: session, ChallengeResponses: responses }));

  it('SMS MFA active: SMS_MFA with the medium and the masked number, answered with SMS_MFA_CODE', async () => {
    const u = await signedInUser(s.sdk);
    await s.sdk.send(new SetUserMFAPreferenceCommand({ AccessToken: u.accessToken, SMSMfaSettings: { Enabled: true, PreferredMfa: true } }));
    const r = await initiate(u.clientId, u.username);
    assert.equal(r.body.ChallengeName, 'SMS_MFA');
    assert.deepEqual(r.body.ChallengeParameters, { CODE_DELIVERY_DELIVERY_MEDIUM: 'SMS', CODE_DELIVERY_DESTINATION: '+*******1234' });
    const { code } = await lastMessage(s.url, u.poolId, u.username);
    const done = await respond(u.clientId, 'SMS_MFA', r.body.Session, { USERNAME: u.username, SMS_MFA_CODE: code });
    assert.ok(done.AuthenticationResult?.IdToken);
  });

  it('TOTP active: SOFTWARE_TOKEN_MFA with FRIENDLY_DEVICE_NAME, answered with SOFTWARE_TOKEN_MFA_CODE', async () => {
    const u = await signedInUser(s.sdk, 'tom', null);
    await offerAllFactors(s.sdk, u.poolId);
    const secret = await setUpTotp(s.sdk, s.clock, u.accessToken);
    await s.sdk.send(new SetUserMFAPreferenceCommand({ AccessToken: u.accessToken, SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } }));
    const r = await initiate(u.clientId, u.username);
    assert.equal(r.body.ChallengeName, 'SOFTWARE_TOKEN_MFA');
    assert.deepEqual(r.body.ChallengeParameters, { FRIENDLY_DEVICE_NAME: 'phone' });
    assert.ok(r.body.Session);
    await assert.rejects(
      respond(u.clientId, 'SOFTWARE_TOKEN_MFA', r.body.Session, { USERNAME: u.username, SOFTWARE_TOKEN_MFA_CODE: otherCode(totpAt(secret, s.clock)) }),
      {
        name: 'CodeMismatchException',
        message: 'Invalid code or auth state for the user.',
      },
    );
    const done = await respond(u.clientId, 'SOFTWARE_TOKEN_MFA', r.body.Session, { USERNAME: u.username, SOFTWARE_TOKEN_MFA_CODE: totpAt(secret, s.clock) });
    assert.ok(done.AuthenticationResult?.AccessToken);
  });

  it('Email MFA active: EMAIL_OTP with the medium and the masked address, answered with EMAIL_OTP_CODE from the outbox', async () => {
    const u = await signedInUser(s.sdk, 'emma', null);
    await offerAllFactors(s.sdk, u.poolId);
    await giveEmail(s.sdk, u.poolId, u.username, 'emma.jones@example.org');
    await s.sdk.send(new SetUserMFAPreferenceCommand({ AccessToken: u.accessToken, EmailMfaSettings: { Enabled: true } }));
    const r = await initiate(u.clientId, u.username);
    assert.equal(r.body.ChallengeName, 'EMAIL_OTP');
    assert.deepEqual(r.body.ChallengeParameters, { CODE_DELIVERY_DELIVERY_MEDIUM: 'EMAIL', CODE_DELIVERY_DESTINATION: 'e***@e***' });
    const m = await lastMessage(s.url, u.poolId, u.username);
    assert.equal(m.deliveryMedium, 'EMAIL');
    assert.equal(m.destination, 'emma.jones@example.org');
    const done = await respond(u.clientId, 'EMAIL_OTP', r.body.Session, { USERNAME: u.username, EMAIL_OTP_CODE: m.code });
    assert.ok(done.AuthenticationResult?.AccessToken);
  });

  it('Several factors on, none preferred: SELECT_MFA_TYPE with MFAS_CAN_CHOOSE as a JSON string; ANSWER leads to that factor', async () => {
    const u = await signedInUser(s.sdk);
    await offerAllFactors(s.sdk, u.poolId);
    const secret = await setUpTotp(s.sdk, s.clock, u.accessToken);
    await s.sdk.send(
      new SetUserMFAPreferenceCommand({ AccessToken: u.accessToken, SMSMfaSettings: { Enabled: true }, SoftwareTokenMfaSettings: { Enabled: true } }),
    );
    const r = await initiate(u.clientId, u.username);
    assert.equal(r.body.ChallengeName, 'SELECT_MFA_TYPE');
    assert.deepEqual(r.body.ChallengeParameters, { MFAS_CAN_CHOOSE: '["SMS_MFA","SOFTWARE_TOKEN_MFA"]' });
    assert.equal(typeof r.body.ChallengeParameters.MFAS_CAN_CHOOSE, 'string');
    await assert.rejects(respond(u.clientId, 'SELECT_MFA_TYPE', r.body.Session, { USERNAME: u.username, ANSWER: 'EMAIL_OTP' }), {
      name: 'InvalidParameterException',
    });
    const next = await respond(u.clientId, 'SELECT_MFA_TYPE', r.body.Session, { USERNAME: u.username, ANSWER: 'SOFTWARE_TOKEN_MFA' });
    assert.equal(next.ChallengeName, 'SOFTWARE_TOKEN_MFA');
    const done = await respond(u.clientId, 'SOFTWARE_TOKEN_MFA', next.Session!, { USERNAME: u.username, SOFTWARE_TOKEN_MFA_CODE: totpAt(secret, s.clock) });
    assert.ok(done.AuthenticationResult?.AccessToken);
  });

  it('Pool ON, user with no factor: MFA_SETUP with MFAS_CAN_SETUP; AssociateSoftwareToken and VerifySoftwareToken by Session, then MFA_SETUP returns tokens', async () => {
    const pool = await s.sdk.send(new CreateUserPoolCommand({ PoolName: 'totp-required' }));
    const poolId = pool.UserPool!.Id!;
    await s.sdk.send(new SetUserPoolMfaConfigCommand({ UserPoolId: poolId, MfaConfiguration: 'ON', SoftwareTokenMfaConfiguration: { Enabled: true } }));
    const clientId = (
      await s.sdk.send(
        new CreateUserPoolClientCommand({
          UserPoolId: poolId,
          ClientName: 'app',
          ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_ADMIN_USER_PASSWORD_AUTH'],
        }),
      )
    ).UserPoolClient!.ClientId!;
    await createConfirmedUser(s.sdk, poolId, 'sam', null);
    const r = await initiate(clientId, 'sam');
    assert.equal(r.body.ChallengeName, 'MFA_SETUP');
    assert.deepEqual(r.body.ChallengeParameters, { MFAS_CAN_SETUP: '["SOFTWARE_TOKEN_MFA"]' });
    await assert.rejects(respond(clientId, 'MFA_SETUP', r.body.Session, { USERNAME: 'sam' }), { name: 'InvalidParameterException' });
    const assoc = await s.sdk.send(new AssociateSoftwareTokenCommand({ Session: r.body.Session }));
    assert.match(assoc.SecretCode!, /^[A-Z2-7]{32}$/);
    assert.ok(assoc.Session && assoc.Session !== r.body.Session);
    await assert.rejects(s.sdk.send(new AssociateSoftwareTokenCommand({ Session: r.body.Session })), {
      name: 'NotAuthorizedException',
      message: 'Invalid session for the user, session is expired.',
    });
    const code = totpAt(assoc.SecretCode!, s.clock);
    await assert.rejects(s.sdk.send(new VerifySoftwareTokenCommand({ Session: assoc.Session, UserCode: otherCode(code) })), {
      name: 'EnableSoftwareTokenMFAException',
    });
    const verified = await s.sdk.send(new VerifySoftwareTokenCommand({ Session: assoc.Session, UserCode: code, FriendlyDeviceName: 'laptop' }));
    assert.equal(verified.Status, 'SUCCESS');
    const done = await s.sdk.send(
      new AdminRespondToAuthChallengeCommand({
        UserPoolId: poolId,
        ClientId: clientId,
        ChallengeName: 'MFA_SETUP',
        Session: verified.Session,
        ChallengeResponses: { USERNAME: 'sam' },
      }),
    );
    assert.ok(done.AuthenticationResult?.AccessToken);
    const admin = await s.sdk.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'sam' }));
    assert.deepEqual(admin.UserMFASettingList, ['SOFTWARE_TOKEN_MFA']);
    assert.equal(admin.PreferredMfaSetting, 'SOFTWARE_TOKEN_MFA');
    const next = await initiate(clientId, 'sam');
    assert.equal(next.body.ChallengeName, 'SOFTWARE_TOKEN_MFA');
    assert.deepEqual(next.body.ChallengeParameters, { FRIENDLY_DEVICE_NAME: 'laptop' });
  });

  it('Pool ON: a user who verified a software token by Session but never answered MFA_SETUP is asked for SOFTWARE_TOKEN_MFA next time', async () => {
    const pool = await s.sdk.send(new CreateUserPoolCommand({ PoolName: 'totp-half-done' }));
    const poolId = pool.UserPool!.Id!;
    await s.sdk.send(new SetUserPoolMfaConfigCommand({ UserPoolId: poolId, MfaConfiguration: 'ON', SoftwareTokenMfaConfiguration: { Enabled: true } }));
    const clientId = (
      await s.sdk.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'app', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'] }))
    ).UserPoolClient!.ClientId!;
    await createConfirmedUser(s.sdk, poolId, 'tia', null);
    const r = await initiate(clientId, 'tia');
    assert.equal(r.body.ChallengeName, 'MFA_SETUP');
    const assoc = await s.sdk.send(new AssociateSoftwareTokenCommand({ Session: r.body.Session }));
    const verified = await s.sdk.send(new VerifySoftwareTokenCommand({ Session: assoc.Session, UserCode: totpAt(assoc.SecretCode!, s.clock) }));
    assert.equal(verified.Status, 'SUCCESS');
    const admin = await s.sdk.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'tia' }));
    assert.deepEqual(admin.UserMFASettingList, ['SOFTWARE_TOKEN_MFA']);
    assert.equal(admin.PreferredMfaSetting, 'SOFTWARE_TOKEN_MFA');
    const next = await initiate(clientId, 'tia');
    assert.equal(next.body.ChallengeName, 'SOFTWARE_TOKEN_MFA');
    s.clock.advance(30);
    const done = await respond(clientId, 'SOFTWARE_TOKEN_MFA', next.body.Session, {
      USERNAME: 'tia',
      SOFTWARE_TOKEN_MFA_CODE: totpAt(assoc.SecretCode!, s.clock),
    });
    assert.ok(done.AuthenticationResult?.AccessToken);
  });

  it('Pool ON with SMS and TOTP: MFAS_CAN_SETUP lists both for a user without a phone number', async () => {
    const u = await signedInUser(s.sdk, 'nora', null);
    await s.sdk.send(new SetUserPoolMfaConfigCommand({ UserPoolId: u.poolId, MfaConfiguration: 'ON', SoftwareTokenMfaConfiguration: { Enabled: true } }));
    const r = await initiate(u.clientId, u.username);
    assert.equal(r.body.ChallengeName, 'MFA_SETUP');
    assert.deepEqual(r.body.ChallengeParameters, { MFAS_CAN_SETUP: '["SMS_MFA","SOFTWARE_TOKEN_MFA"]' });
  });

  it('Success: empty ChallengeParameters and an AuthenticationResult with ExpiresIn 3600 and TokenType Bearer', async () => {
    const u = await signedInUser(s.sdk);
    const r = await initiate(u.clientId, u.username);
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.ChallengeParameters, {});
    assert.equal(r.body.ChallengeName, undefined);
    assert.deepEqual(Object.keys(r.body.AuthenticationResult).sort(), ['AccessToken', 'ExpiresIn', 'IdToken', 'RefreshToken', 'TokenType']);
    assert.equal(r.body.AuthenticationResult.ExpiresIn, 3600);
    assert.equal(r.body.AuthenticationResult.TokenType, 'Bearer');
  });

  it("an administrator's preference for TOTP over SMS decides the challenge", async () => {
    const u = await signedInUser(s.sdk);
    await offerAllFactors(s.sdk, u.poolId);
    await setUpTotp(s.sdk, s.clock, u.accessToken);
    await s.sdk.send(
      new AdminSetUserMFAPreferenceCommand({
        UserPoolId: u.poolId,
        Username: u.username,
        SMSMfaSettings: { Enabled: true },
        SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true },
      }),
    );
    const r = await initiate(u.clientId, u.username);
    assert.equal(r.body.ChallengeName, 'SOFTWARE_TOKEN_MFA');
  });

  it('a pool with MFA OFF issues tokens even to a user with factors on', async () => {
    const u = await signedInUser(s.sdk);
    await s.sdk.send(new SetUserMFAPreferenceCommand({ AccessToken: u.accessToken, SMSMfaSettings: { Enabled: true } }));
    await s.sdk.send(new SetUserPoolMfaConfigCommand({ UserPoolId: u.poolId, MfaConfiguration: 'OFF' }));
    const r = await initiate(u.clientId, u.username);
    assert.ok(r.body.AuthenticationResult);
  });
});
