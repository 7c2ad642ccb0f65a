import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AdminGetUserCommand,
  AdminSetUserMFAPreferenceCommand,
  GetUserCommand,
  InitiateAuthCommand,
  SetUserMFAPreferenceCommand,
  SetUserSettingsCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { rawCall, startServer, type TestServer } from '../helpers/server.js';
import { createConfirmedUser, createPoolAndClient, PASSWORD, signedInUser, signIn } from '../helpers/fixtures.js';
import { EMAIL, giveEmail, lastMessage, offerAllFactors } from '../helpers/mfa.js';

const SMS_OPTION = [{ DeliveryMedium: 'SMS', AttributeName: 'phone_number' }];
const ON_PREFERRED = { Enabled: true, PreferredMfa: true };

describe('SetUserMFAPreference and AdminSetUserMFAPreference', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
  });
  after(async () => s.close());

  const initiate = (clientId: string, username: string) =>
    s.sdk.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD } }));

  it('turns SMS MFA on as preferred and shows it in UserMFASettingList, PreferredMfaSetting and MFAOptions of GetUser and AdminGetUser', async () => {
    const u = await signedInUser(s.sdk);
    const r = await rawCall(s.url, 'SetUserMFAPreference', { AccessToken: u.accessToken, SMSMfaSettings: ON_PREFERRED });
    assert.equal(r.status, 200);
    assert.deepEqual(r.body, {});
    const me = await s.sdk.send(new GetUserCommand({ AccessToken: u.accessToken }));
    assert.deepEqual(me.UserMFASettingList, ['SMS_MFA']);
    assert.equal(me.PreferredMfaSetting, 'SMS_MFA');
    assert.deepEqual(me.MFAOptions, SMS_OPTION);
    const admin = await s.sdk.send(new AdminGetUserCommand({ UserPoolId: u.poolId, Username: u.username }));
    assert.deepEqual(admin.UserMFASettingList, ['SMS_MFA']);
    assert.equal(admin.PreferredMfaSetting, 'SMS_MFA');
    assert.deepEqual(admin.MFAOptions, SMS_OPTION);
    const next = await initiate(u.clientId, u.username);
    assert.equal(next.ChallengeName, 'SMS_MFA');
  });

  it('lets an administrator set the same preference by pool and username', async () => {
    const u = await signedInUser(s.sdk);
    await s.sdk.send(new AdminSetUserMFAPreferenceCommand({ UserPoolId: u.poolId, Username: u.username, SMSMfaSettings: { Enabled: true } }));
    const admin = await s.sdk.send(new AdminGetUserCommand({ UserPoolId: u.poolId, Username: u.username }));
    assert.deepEqual(admin.UserMFASettingList, ['SMS_MFA']);
    assert.equal(admin.PreferredMfaSetting, undefined);
    await assert.rejects(s.sdk.send(new AdminSetUserMFAPreferenceCommand({ UserPoolId: u.poolId, Username: 'nobody', SMSMfaSettings: { Enabled: true } })), {
      name: 'UserNotFoundException',
      message: 'User does not exist.',
    });
  });

  it('refuses two preferred factors with InvalidParameterException', async () => {
    const u = await signedInUser(s.sdk);
    await giveEmail(s.sdk, u.poolId, u.username);
    await assert.rejects(
      s.sdk.send(new SetUserMFAPreferenceCommand({ AccessToken: u.accessToken, SMSMfaSettings: ON_PREFERRED, EmailMfaSettings: ON_PREFERRED })),
      { name: 'InvalidParameterException', message: 'Only one MFA method can be set as preferred.' },
    );
  });

  it('refuses a preferred factor that is not enabled', async () => {
    const u = await signedInUser(s.sdk);
    await assert.rejects(s.sdk.send(new SetUserMFAPreferenceCommand({ AccessToken: u.accessToken, SMSMfaSettings: { Enabled: false, PreferredMfa: true } })), {
      name: 'InvalidParameterException',
      message: 'An MFA method must be enabled to be set as preferred.',
    });
  });

  it("refuses SMS MFA for a user without a phone number with Cognito's message", async () => {
    const u = await signedInUser(s.sdk, 'nophone', null);
    await assert.rejects(s.sdk.send(new SetUserMFAPreferenceCommand({ AccessToken: u.accessToken, SMSMfaSettings: { Enabled: true } })), {
      name: 'InvalidParameterException',
      message: 'User does not have a phone_number set to turn on SMS MFA',
    });
  });

  it('refuses TOTP MFA before a software token was associated', async () => {
    const u = await signedInUser(s.sdk);
    await assert.rejects(
      s.sdk.send(new AdminSetUserMFAPreferenceCommand({ UserPoolId: u.poolId, Username: u.username, SoftwareTokenMfaSettings: ON_PREFERRED })),
      { name: 'InvalidParameterException', message: 'User does not have delivery config set to turn on SOFTWARE_TOKEN_MFA' },
    );
  });

  it('refuses email MFA for a user without an email address', async () => {
    const u = await signedInUser(s.sdk);
    await assert.rejects(s.sdk.send(new SetUserMFAPreferenceCommand({ AccessToken: u.accessToken, EmailMfaSettings: { Enabled: true } })), {
      name: 'InvalidParameterException',
      message: 'User does not have delivery config set to turn on EMAIL_OTP',
    });
  });

  it('refuses to turn a factor off while the pool requires MFA, but lets the preference change', async () => {
    const { poolId, clientId } = await createPoolAndClient(s.sdk, { MfaConfiguration: 'ON' });
    await createConfirmedUser(s.sdk, poolId, 'carol');
    await offerAllFactors(s.sdk, poolId, 'ON');
    await giveEmail(s.sdk, poolId, 'carol');
    await s.sdk.send(
      new AdminSetUserMFAPreferenceCommand({ UserPoolId: poolId, Username: 'carol', SMSMfaSettings: ON_PREFERRED, EmailMfaSettings: { Enabled: true } }),
    );
    await assert.rejects(s.sdk.send(new AdminSetUserMFAPreferenceCommand({ UserPoolId: poolId, Username: 'carol', SMSMfaSettings: { Enabled: false } })), {
      name: 'InvalidParameterException',
      message: 'MFA cannot be turned off for a user while the user pool requires MFA; only the preferred method can be changed.',
    });
    await s.sdk.send(new AdminSetUserMFAPreferenceCommand({ UserPoolId: poolId, Username: 'carol', EmailMfaSettings: ON_PREFERRED }));
    const admin = await s.sdk.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'carol' }));
    assert.deepEqual(admin.UserMFASettingList, ['SMS_MFA', 'EMAIL_OTP']);
    assert.equal(admin.PreferredMfaSetting, 'EMAIL_OTP');
    const r = await initiate(clientId, 'carol');
    assert.equal(r.ChallengeName, 'EMAIL_OTP');
  });

  it('challenges with the preferred factor when several are on', async () => {
    const u = await signedInUser(s.sdk);
    await offerAllFactors(s.sdk, u.poolId);
    await giveEmail(s.sdk, u.poolId, u.username);
    await s.sdk.send(new SetUserMFAPreferenceCommand({ AccessToken: u.accessToken, SMSMfaSettings: { Enabled: true }, EmailMfaSettings: ON_PREFERRED }));
    const r = await initiate(u.clientId, u.username);
    assert.equal(r.ChallengeName, 'EMAIL_OTP');
    assert.deepEqual(r.ChallengeParameters, { CODE_DELIVERY_DELIVERY_MEDIUM: 'EMAIL', CODE_DELIVERY_DESTINATION: 'a***@e***' });
    const m = await lastMessage(s.url, u.poolId, u.username);
    assert.equal(m.deliveryMedium, 'EMAIL');
    assert.equal(m.destination, EMAIL);
    assert.equal(m.message, `Your sign-in code is ${m.code}.`);
  });

  it('turning SMS off with the preference API also ends legacy SMS MFA, so MFAOptions disappears', async () => {
    const u = await signedInUser(s.sdk);
    await s.sdk.send(new SetUserSettingsCommand({ AccessToken: u.accessToken, MFAOptions: [{ DeliveryMedium: 'SMS', AttributeName: 'phone_number' }] }));
    await s.sdk.send(new SetUserMFAPreferenceCommand({ AccessToken: u.accessToken, SMSMfaSettings: { Enabled: false, PreferredMfa: false } }));
    const r = await rawCall(s.url, 'GetUser', { AccessToken: u.accessToken });
    assert.equal('MFAOptions' in r.body, false);
    assert.equal('UserMFASettingList' in r.body, false);
    await signIn(s.sdk, u.clientId, u.username);
  });

  it('keeps MFAOptions while the SMS factor is on even after SetUserSettings with an empty list', async () => {
    const u = await signedInUser(s.sdk);
    await s.sdk.send(new SetUserMFAPreferenceCommand({ AccessToken: u.accessToken, SMSMfaSettings: { Enabled: true } }));
    await s.sdk.send(new SetUserSettingsCommand({ AccessToken: u.accessToken, MFAOptions: [] }));
    const me = await s.sdk.send(new GetUserCommand({ AccessToken: u.accessToken }));
    assert.deepEqual(me.MFAOptions, SMS_OPTION);
    assert.deepEqual(me.UserMFASettingList, ['SMS_MFA']);
  });

  it('rejects a garbage access token with NotAuthorizedException "Invalid Access Token"', async () => {
    await assert.rejects(s.sdk.send(new SetUserMFAPreferenceCommand({ AccessToken: 'abc.def.ghi', SMSMfaSettings: { Enabled: true } })), {
      name: 'NotAuthorizedException',
      message: 'Invalid Access Token',
    });
  });
});
