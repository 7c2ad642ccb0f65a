/**
 * amazon-cognito-identity-js, unmodified, against a `cognate serve` process: the SRP sign-in and the
 * MFA, sign-up and password flows browser and React Native apps run, with the issued tokens checked by
 * aws-jwt-verify against the JWKS the server publishes. The server runs on the real clock, so TOTP codes
 * here come from the real time.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminSetUserMFAPreferenceCommand,
  AdminSetUserPasswordCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  SetUserPoolMfaConfigCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { CognitoJwtVerifier } from 'aws-jwt-verify';
import acijs from 'amazon-cognito-identity-js';
import type { CognitoUser as CognitoUserType, CognitoUserSession, ICognitoUserPoolData } from 'amazon-cognito-identity-js';
import { useServeProcess } from '../helpers/cognate-process.js';
import { PASSWORD, PHONE, SMS_CONFIGURATION } from '../helpers/fixtures.js';
import { lastMessage } from '../helpers/mfa.js';
import { totpCode, totpStep } from '../../src/domain/totp.js';

const { AuthenticationDetails, CognitoUser, CognitoUserAttribute, CognitoUserPool } = acijs;
const NEW_PASSWORD = 'N3w-Passw0rd!';

type Outcome =
  | { kind: 'success'; session: CognitoUserSession }
  | { kind: 'failure'; error: { code?: string; name?: string; message: string } }
  | { kind: 'mfaRequired' | 'totpRequired' | 'mfaSetup' | 'selectMFAType' | 'newPasswordRequired'; params: Record<string, string> };

/** The callbacks object of authenticateUser / sendMFACode as a promise of what happened. */
function outcome(run: (callbacks: any) => void): Promise<Outcome> {
  return new Promise((resolve) => {
    run({
      onSuccess: (session: CognitoUserSession) => resolve({ kind: 'success', session }),
      onFailure: (error: any) => resolve({ kind: 'failure', error }),
      mfaRequired: (_: string, params: Record<string, string>) => resolve({ kind: 'mfaRequired', params }),
      totpRequired: (_: string, params: Record<string, string>) => resolve({ kind: 'totpRequired', params }),
      mfaSetup: (_: string, params: Record<string, string>) => resolve({ kind: 'mfaSetup', params }),
      selectMFAType: (_: string, params: Record<string, string>) => resolve({ kind: 'selectMFAType', params }),
      newPasswordRequired: (params: Record<string, string>) => resolve({ kind: 'newPasswordRequired', params }),
    });
  });
}

function nodeCallback<T>(run: (cb: (err: any, result?: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => run((err, result) => (err ? reject(err) : resolve(result as T))));
}

/** A TOTP code `ahead` steps after the real now (the server accepts one step of drift, and each step once). */
function totpNow(secret: string, ahead = 0): string {
  return totpCode(secret, totpStep(new Date()) + ahead);
}

describe('amazon-cognito-identity-js against cognate serve', () => {
  const served = useServeProcess('cognate-acijs-');

  /** A pool (MFA OPTIONAL, SMS and TOTP offered, email auto-verified) and an SRP-capable public client. */
  async function pool(mfa: 'OPTIONAL' | 'ON' = 'OPTIONAL') {
    const p = await served.sdk.send(
      new CreateUserPoolCommand({
        PoolName: 'spa',
        MfaConfiguration: 'OPTIONAL',
        SmsConfiguration: SMS_CONFIGURATION,
        AutoVerifiedAttributes: ['email'],
      }),
    );
    const poolId = p.UserPool!.Id!;
    await served.sdk.send(new SetUserPoolMfaConfigCommand({ UserPoolId: poolId, MfaConfiguration: mfa, SoftwareTokenMfaConfiguration: { Enabled: true } }));
    const c = await served.sdk.send(
      new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'spa', ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }),
    );
    const data: ICognitoUserPoolData = { UserPoolId: poolId, ClientId: c.UserPoolClient!.ClientId!, endpoint: served.url } as ICognitoUserPoolData;
    return { poolId, clientId: c.UserPoolClient!.ClientId!, userPool: new CognitoUserPool(data) };
  }
  type Pool = Awaited<ReturnType<typeof pool>>;

  async function adminUser(p: Pool, username: string, phone: string | null = PHONE): Promise<void> {
    await served.sdk.send(
      new AdminCreateUserCommand({
        UserPoolId: p.poolId,
        Username: username,
        MessageAction: 'SUPPRESS',
        UserAttributes: [
          { Name: 'email', Value: `${username}@example.com` },
          { Name: 'email_verified', Value: 'true' },
          ...(phone ? [{ Name: 'phone_number', Value: phone }] : []),
        ],
      }),
    );
    await served.sdk.send(new AdminSetUserPasswordCommand({ UserPoolId: p.poolId, Username: username, Password: PASSWORD, Permanent: true }));
  }

  const userOf = (p: Pool, username: string): CognitoUserType => new CognitoUser({ Username: username, Pool: p.userPool });
  const login = (user: CognitoUserType, username: string, password = PASSWORD) =>
    outcome((cb) => user.authenticateUser(new AuthenticationDetails({ Username: username, Password: password }), cb));
  async function signedIn(p: Pool, username: string): Promise<CognitoUserType> {
    const user = userOf(p, username);
    const r = await login(user, username);
    assert.equal(r.kind, 'success', JSON.stringify(r));
    return user;
  }

  async function jwks(poolId: string) {
    return (await (await fetch(`${served.url}/${poolId}/.well-known/jwks.json`)).json()) as { keys: Array<{ kty: string; [k: string]: string }> };
  }

  it('signs in with SRP (authenticateUser), and aws-jwt-verify accepts the access and ID tokens against the served JWKS', async () => {
    const p = await pool();
    await adminUser(p, 'alice');
    const r = await login(userOf(p, 'alice'), 'alice');
    assert.equal(r.kind, 'success');
    const session = (r as { session: CognitoUserSession }).session;
    const keys = await jwks(p.poolId);
    const access = CognitoJwtVerifier.create({ userPoolId: p.poolId, tokenUse: 'access', clientId: p.clientId, scope: 'aws.cognito.signin.user.admin' });
    access.cacheJwks(keys);
    const a = await access.verify(session.getAccessToken().getJwtToken());
    assert.equal(a.username, 'alice');
    assert.equal(a.iss, `https://cognito-idp.us-east-1.amazonaws.com/${p.poolId}`);
    const id = CognitoJwtVerifier.create({ userPoolId: p.poolId, tokenUse: 'id', clientId: p.clientId });
    id.cacheJwks(keys);
    const i = await id.verify(session.getIdToken().getJwtToken());
    assert.equal(i['cognito:username'], 'alice');
    assert.equal(i.email, 'alice@example.com');
    assert.ok(session.isValid());
  });

  it('reports a wrong password through onFailure with NotAuthorizedException', async () => {
    const p = await pool();
    await adminUser(p, 'bob');
    const r = await login(userOf(p, 'bob'), 'bob', 'Wr0ng-pass!');
    assert.equal(r.kind, 'failure');
    assert.equal((r as any).error.code, 'NotAuthorizedException');
    assert.equal((r as any).error.message, 'Incorrect username or password.');
  });

  it('reports an unknown user as a wrong password after the SRP challenge when the client hides user existence, and simulates forgotPassword', async () => {
    const p = await pool();
    const c = await served.sdk.send(
      new CreateUserPoolClientCommand({
        UserPoolId: p.poolId,
        ClientName: 'hiding',
        PreventUserExistenceErrors: 'ENABLED',
        ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      }),
    );
    const hiding = new CognitoUserPool({ UserPoolId: p.poolId, ClientId: c.UserPoolClient!.ClientId!, endpoint: served.url } as ICognitoUserPoolData);
    const ghost = new CognitoUser({ Username: 'ghost', Pool: hiding });
    const r = await login(ghost, 'ghost');
    assert.equal(r.kind, 'failure');
    assert.equal((r as any).error.code, 'NotAuthorizedException');
    assert.equal((r as any).error.message, 'Incorrect username or password.');
    const details = await new Promise<any>((resolve, reject) =>
      ghost.forgotPassword({ onSuccess: resolve, onFailure: reject, inputVerificationCode: resolve }),
    );
    // A pool without AccountRecoverySetting recovers by SMS first (Cognito's legacy order), so the decoy is an SMS.
    assert.equal(details.CodeDeliveryDetails.DeliveryMedium, 'SMS');
    assert.match(details.CodeDeliveryDetails.Destination, /^\+\*{7}[0-9]{4}$/);
  });

  it('completes SMS_MFA with sendMFACode and the code from the outbox', async () => {
    const p = await pool();
    await adminUser(p, 'carl');
    await served.sdk.send(
      new AdminSetUserMFAPreferenceCommand({ UserPoolId: p.poolId, Username: 'carl', SMSMfaSettings: { Enabled: true, PreferredMfa: true } }),
    );
    const user = userOf(p, 'carl');
    const r = await login(user, 'carl');
    assert.deepEqual(r, { kind: 'mfaRequired', params: { CODE_DELIVERY_DELIVERY_MEDIUM: 'SMS', CODE_DELIVERY_DESTINATION: '+*******1234' } });
    const { code } = await lastMessage(served.url, p.poolId, 'carl');
    const done = await outcome((cb) => user.sendMFACode(code, cb));
    assert.equal(done.kind, 'success');
  });

  it('turns legacy SMS MFA on with enableMFA and off with disableMFA (SetUserSettings)', async () => {
    const p = await pool();
    await adminUser(p, 'dana');
    const user = await signedIn(p, 'dana');
    assert.equal(await nodeCallback<string>((cb) => user.enableMFA(cb)), 'SUCCESS');
    const on = await served.sdk.send(new AdminGetUserCommand({ UserPoolId: p.poolId, Username: 'dana' }));
    assert.deepEqual(on.MFAOptions, [{ DeliveryMedium: 'SMS', AttributeName: 'phone_number' }]);
    assert.equal((await login(userOf(p, 'dana'), 'dana')).kind, 'mfaRequired');
    assert.equal(await nodeCallback<string>((cb) => user.disableMFA(cb)), 'SUCCESS');
    const off = await served.sdk.send(new AdminGetUserCommand({ UserPoolId: p.poolId, Username: 'dana' }));
    assert.equal(off.MFAOptions, undefined);
    assert.equal((await login(userOf(p, 'dana'), 'dana')).kind, 'success');
  });

  it('sets the MFA preference with setUserMfaPreference', async () => {
    const p = await pool();
    await adminUser(p, 'eli');
    const user = await signedIn(p, 'eli');
    assert.equal(await nodeCallback<string>((cb) => user.setUserMfaPreference({ Enabled: true, PreferredMfa: true }, null, cb)), 'SUCCESS');
    const admin = await served.sdk.send(new AdminGetUserCommand({ UserPoolId: p.poolId, Username: 'eli' }));
    assert.deepEqual(admin.UserMFASettingList, ['SMS_MFA']);
    assert.equal(admin.PreferredMfaSetting, 'SMS_MFA');
  });

  it('associates and verifies a TOTP authenticator, then signs in with sendMFACode(code, callbacks, "SOFTWARE_TOKEN_MFA")', async () => {
    const p = await pool();
    await adminUser(p, 'fran', null);
    const user = await signedIn(p, 'fran');
    const secret = await new Promise<string>((resolve, reject) => user.associateSoftwareToken({ associateSecretCode: resolve, onFailure: reject }));
    assert.match(secret, /^[A-Z2-7]{32}$/);
    await outcome((cb) => user.verifySoftwareToken(totpNow(secret), 'phone', cb)).then((r) => assert.equal(r.kind, 'success', JSON.stringify(r)));
    assert.equal(await nodeCallback<string>((cb) => user.setUserMfaPreference(null, { Enabled: true, PreferredMfa: true }, cb)), 'SUCCESS');
    const again = userOf(p, 'fran');
    const r = await login(again, 'fran');
    assert.deepEqual(r, { kind: 'totpRequired', params: { FRIENDLY_DEVICE_NAME: 'phone' } });
    const done = await outcome((cb) => again.sendMFACode(totpNow(secret, 1), cb, 'SOFTWARE_TOKEN_MFA'));
    assert.equal(done.kind, 'success', JSON.stringify(done));
  });

  it('sets up TOTP during sign-in when the pool requires MFA (mfaSetup, associateSoftwareToken and verifySoftwareToken by session)', async () => {
    const p = await pool('ON');
    await adminUser(p, 'gwen', null);
    const user = userOf(p, 'gwen');
    const r = await login(user, 'gwen');
    assert.deepEqual(r, { kind: 'mfaSetup', params: { MFAS_CAN_SETUP: '["SMS_MFA","SOFTWARE_TOKEN_MFA"]' } });
    const secret = await new Promise<string>((resolve, reject) => user.associateSoftwareToken({ associateSecretCode: resolve, onFailure: reject }));
    const done = await outcome((cb) => user.verifySoftwareToken(totpNow(secret), 'tablet', cb));
    assert.equal(done.kind, 'success', JSON.stringify(done));
    const admin = await served.sdk.send(new AdminGetUserCommand({ UserPoolId: p.poolId, Username: 'gwen' }));
    assert.deepEqual(admin.UserMFASettingList, ['SOFTWARE_TOKEN_MFA']);
  });

  it('chooses a factor with sendMFASelectionAnswer when several are on and none is preferred', async () => {
    const p = await pool();
    await adminUser(p, 'hugo');
    const first = await signedIn(p, 'hugo');
    const secret = await new Promise<string>((resolve, reject) => first.associateSoftwareToken({ associateSecretCode: resolve, onFailure: reject }));
    await outcome((cb) => first.verifySoftwareToken(totpNow(secret), 'phone', cb));
    await nodeCallback<string>((cb) => first.setUserMfaPreference({ Enabled: true, PreferredMfa: false }, { Enabled: true, PreferredMfa: false }, cb));
    const user = userOf(p, 'hugo');
    const r = await login(user, 'hugo');
    assert.deepEqual(r, { kind: 'selectMFAType', params: { MFAS_CAN_CHOOSE: '["SMS_MFA","SOFTWARE_TOKEN_MFA"]' } });
    const next = await outcome((cb) => user.sendMFASelectionAnswer('SOFTWARE_TOKEN_MFA', cb));
    assert.equal(next.kind, 'totpRequired');
    assert.equal((await outcome((cb) => user.sendMFACode(totpNow(secret, 1), cb, 'SOFTWARE_TOKEN_MFA'))).kind, 'success');
  });

  it('signs up, confirms with confirmRegistration and the emailed code, then signs in with SRP', async () => {
    const p = await pool();
    const attrs = [new CognitoUserAttribute({ Name: 'email', Value: 'ivy@example.com' })];
    const result = await nodeCallback<any>((cb) => p.userPool.signUp('ivy', PASSWORD, attrs, [], cb));
    assert.equal(result.userConfirmed, false);
    assert.deepEqual(result.codeDeliveryDetails, { Destination: 'i***@e***', DeliveryMedium: 'EMAIL', AttributeName: 'email' });
    const user = result.user as CognitoUserType;
    await nodeCallback((cb) => user.resendConfirmationCode(cb));
    const { code } = await lastMessage(served.url, p.poolId, 'ivy');
    assert.equal(await nodeCallback<string>((cb) => user.confirmRegistration(code, true, cb)), 'SUCCESS');
    assert.equal((await login(userOf(p, 'ivy'), 'ivy')).kind, 'success');
  });

  it('resets a forgotten password with forgotPassword and confirmPassword', async () => {
    const p = await pool();
    await adminUser(p, 'jude', null);
    const user = userOf(p, 'jude');
    const details = await new Promise<any>((resolve, reject) => user.forgotPassword({ onSuccess: resolve, onFailure: reject, inputVerificationCode: resolve }));
    assert.deepEqual(details.CodeDeliveryDetails, { Destination: 'j***@e***', DeliveryMedium: 'EMAIL', AttributeName: 'email' });
    const { code } = await lastMessage(served.url, p.poolId, 'jude');
    await new Promise<void>((resolve, reject) => user.confirmPassword(code, NEW_PASSWORD, { onSuccess: () => resolve(), onFailure: reject }));
    assert.equal((await login(userOf(p, 'jude'), 'jude')).kind, 'failure');
    assert.equal((await login(userOf(p, 'jude'), 'jude', NEW_PASSWORD)).kind, 'success');
  });
});
