/**
 * amazon-cognito-identity-js, unmodified, against a `cognate serve` process in a pool that remembers
 * devices on the user's prompt: the library confirms the new device itself after an SRP sign-in
 * (ConfirmDevice with its own SRP verifier), remembers it, lists it, signs in again with the cached device
 * key, refreshes with it, and after an administrator forgets the device retries the sign-in without it.
 * In a pool that requires MFA, a remembered device signs in by device SRP (DEVICE_SRP_AUTH,
 * DEVICE_PASSWORD_VERIFIER) without an SMS code.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  AdminCreateUserCommand,
  AdminForgetDeviceCommand,
  AdminGetDeviceCommand,
  AdminListDevicesCommand,
  AdminSetUserPasswordCommand,
  AdminUpdateDeviceStatusCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import acijs from 'amazon-cognito-identity-js';
import type { CognitoUserSession, ICognitoUserPoolData } from 'amazon-cognito-identity-js';
import { useServeProcess } from '../helpers/cognate-process.js';
import { PASSWORD, PHONE, SMS_CONFIGURATION } from '../helpers/fixtures.js';
import { lastMessage, messageCount } from '../helpers/mfa.js';

const { AuthenticationDetails, CognitoUser, CognitoUserPool } = acijs;

function claims(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString());
}

describe('amazon-cognito-identity-js: remembered devices', () => {
  const served = useServeProcess('cognate-acijs-devices-');

  it('confirms, remembers and lists the device, signs in and refreshes with it, and signs in anew once it is forgotten', async () => {
    const poolId = (
      await served.sdk.send(
        new CreateUserPoolCommand({
          PoolName: 'devices',
          MfaConfiguration: 'OFF',
          DeviceConfiguration: { ChallengeRequiredOnNewDevice: false, DeviceOnlyRememberedOnUserPrompt: true },
        }),
      )
    ).UserPool!.Id!;
    const clientId = (
      await served.sdk.send(
        new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'spa', ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }),
      )
    ).UserPoolClient!.ClientId!;
    await served.sdk.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'alice', MessageAction: 'SUPPRESS' }));
    await served.sdk.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'alice', Password: PASSWORD, Permanent: true }));
    // One pool object: its (in-memory) storage keeps the device key and secret between users, as a browser's would.
    const userPool = new CognitoUserPool({ UserPoolId: poolId, ClientId: clientId, endpoint: served.url } as ICognitoUserPoolData);
    const signIn = (user: InstanceType<typeof CognitoUser>) =>
      new Promise<{ session: CognitoUserSession; confirmationNecessary: boolean | undefined }>((resolve, reject) =>
        user.authenticateUser(new AuthenticationDetails({ Username: 'alice', Password: PASSWORD }), {
          onSuccess: (session, confirmationNecessary) => resolve({ session, confirmationNecessary }),
          onFailure: reject,
        }),
      );
    const callback = <T>(run: (cb: { onSuccess: (r: T) => void; onFailure: (e: Error) => void }) => void) =>
      new Promise<T>((resolve, reject) => run({ onSuccess: resolve, onFailure: reject }));

    // First sign-in: the library confirms the new device and hears that the user must choose.
    const first = new CognitoUser({ Username: 'alice', Pool: userPool });
    const one = await signIn(first);
    assert.equal(one.confirmationNecessary, true);
    const deviceKey = claims(one.session.getAccessToken().getJwtToken()).device_key as string;
    assert.match(deviceKey, /^us-east-1_[0-9a-f-]{36}$/);
    const tracked = (await served.sdk.send(new AdminGetDeviceCommand({ UserPoolId: poolId, Username: 'alice', DeviceKey: deviceKey }))).Device!;
    assert.ok(tracked.DeviceAttributes!.some((a) => a.Name === 'dev:device_remembered_status' && a.Value === 'not_remembered'));
    assert.ok(
      tracked.DeviceAttributes!.some((a) => a.Name === 'device_name' && a.Value!.length > 0),
      'the library names the device by its user agent',
    );

    await callback<string>((cb) => first.setDeviceStatusRemembered(cb));
    const listed = await callback<{ Devices: Array<{ DeviceKey: string }> }>((cb) => first.listDevices(10, null, cb));
    assert.deepEqual(
      listed.Devices.map((d) => d.DeviceKey),
      [deviceKey],
    );

    // Again with the cached device: no new device, the same key in the token.
    const second = new CognitoUser({ Username: 'alice', Pool: userPool });
    second.getCachedDeviceKeyAndPassword();
    const two = await signIn(second);
    assert.equal(two.confirmationNecessary, undefined);
    assert.equal(claims(two.session.getAccessToken().getJwtToken()).device_key, deviceKey);
    const refreshed = await new Promise<CognitoUserSession>((resolve, reject) =>
      second.refreshSession(two.session.getRefreshToken(), (err: Error | null, s: CognitoUserSession) => (err ? reject(err) : resolve(s))),
    );
    assert.equal(claims(refreshed.getAccessToken().getJwtToken()).device_key, deviceKey);
    assert.equal((await served.sdk.send(new AdminListDevicesCommand({ UserPoolId: poolId, Username: 'alice' }))).Devices!.length, 1);

    // Forgotten by an administrator: the library's cached key is refused, it retries without and gets a new device.
    await served.sdk.send(new AdminForgetDeviceCommand({ UserPoolId: poolId, Username: 'alice', DeviceKey: deviceKey }));
    const third = new CognitoUser({ Username: 'alice', Pool: userPool });
    third.getCachedDeviceKeyAndPassword();
    const three = await signIn(third);
    const newKey = claims(three.session.getAccessToken().getJwtToken()).device_key as string;
    assert.notEqual(newKey, deviceKey);
    assert.deepEqual(
      (await served.sdk.send(new AdminListDevicesCommand({ UserPoolId: poolId, Username: 'alice' }))).Devices!.map((d) => d.DeviceKey),
      [newKey],
    );
  });

  it('skips SMS MFA on a remembered device through DEVICE_SRP_AUTH, and asks for it again once the device is not remembered', async () => {
    const poolId = (
      await served.sdk.send(
        new CreateUserPoolCommand({
          PoolName: 'device-mfa',
          MfaConfiguration: 'ON',
          SmsConfiguration: SMS_CONFIGURATION,
          DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: false },
        }),
      )
    ).UserPool!.Id!;
    const clientId = (
      await served.sdk.send(
        new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'spa', ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }),
      )
    ).UserPoolClient!.ClientId!;
    await served.sdk.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: 'carol',
        MessageAction: 'SUPPRESS',
        UserAttributes: [{ Name: 'phone_number', Value: PHONE }],
      }),
    );
    await served.sdk.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'carol', Password: PASSWORD, Permanent: true }));
    const userPool = new CognitoUserPool({ UserPoolId: poolId, ClientId: clientId, endpoint: served.url } as ICognitoUserPoolData);
    /** Signs in, answering an SMS challenge from the outbox; says whether one was asked. */
    const signIn = (user: InstanceType<typeof CognitoUser>) =>
      new Promise<{ session: CognitoUserSession; askedForMfa: boolean }>((resolve, reject) => {
        let askedForMfa = false;
        const callbacks = {
          onSuccess: (session: CognitoUserSession) => resolve({ session, askedForMfa }),
          onFailure: reject,
          mfaRequired: () => {
            askedForMfa = true;
            lastMessage(served.url, poolId, 'carol').then((m) => user.sendMFACode(m.code, callbacks), reject);
          },
        };
        user.authenticateUser(new AuthenticationDetails({ Username: 'carol', Password: PASSWORD }), callbacks);
      });

    const first = await signIn(new CognitoUser({ Username: 'carol', Pool: userPool }));
    assert.equal(first.askedForMfa, true);
    const deviceKey = claims(first.session.getAccessToken().getJwtToken()).device_key as string;
    const sent = await messageCount(served.url, poolId, 'carol');

    const second = new CognitoUser({ Username: 'carol', Pool: userPool });
    second.getCachedDeviceKeyAndPassword();
    const two = await signIn(second);
    assert.equal(two.askedForMfa, false);
    assert.equal(claims(two.session.getAccessToken().getJwtToken()).device_key, deviceKey);
    assert.equal(await messageCount(served.url, poolId, 'carol'), sent, 'no SMS code was sent');

    await served.sdk.send(
      new AdminUpdateDeviceStatusCommand({ UserPoolId: poolId, Username: 'carol', DeviceKey: deviceKey, DeviceRememberedStatus: 'not_remembered' }),
    );
    const third = new CognitoUser({ Username: 'carol', Pool: userPool });
    third.getCachedDeviceKeyAndPassword();
    const three = await signIn(third);
    assert.equal(three.askedForMfa, true);
    assert.equal(claims(three.session.getAccessToken().getJwtToken()).device_key, deviceKey);
  });
});
