import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  ConfirmDeviceCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import acijs from 'amazon-cognito-identity-js';
import { PASSWORD, PHONE, SMS_CONFIGURATION } from '../helpers/fixtures.js';
import { lastMessage } from '../helpers/mfa.js';
import { startServer, type TestServer } from '../helpers/server.js';

/** amazon-cognito-identity-js's SRP helper, unmodified, over a device group key (as the library uses it for devices). */
interface DeviceHelper {
  generateHashDevice(groupKey: string, deviceKey: string, cb: (err: unknown) => void): void;
  getSaltDevices(): string;
  getVerifierDevices(): string;
  getRandomPassword(): string;
  getLargeAValue(cb: (err: unknown, A: { toString(radix: number): string }) => void): void;
  getPasswordAuthenticationKey(username: string, password: string, B: unknown, salt: unknown, cb: (err: unknown, key: Buffer) => void): void;
  N: { constructor: new (hex: string, radix: number) => unknown };
}
const { AuthenticationHelper } = acijs as unknown as { AuthenticationHelper: new (poolName: string) => DeviceHelper };
const promised = <T>(run: (cb: (err: unknown, v: T) => void) => void) => new Promise<T>((resolve, reject) => run((err, v) => (err ? reject(err) : resolve(v))));

function claims(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString());
}

describe('Remembered-device sign-in (DEVICE_SRP_AUTH) through the AWS SDK v3', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
  });
  after(async () => s.close());

  /** A pool requiring SMS MFA with the given ChallengeRequiredOnNewDevice; a user carol with a confirmed, remembered device. */
  async function rememberedDevice(challengeRequired: boolean) {
    const poolId = (
      await s.sdk.send(
        new CreateUserPoolCommand({
          PoolName: 'device-auth',
          MfaConfiguration: 'ON',
          SmsConfiguration: SMS_CONFIGURATION,
          DeviceConfiguration: { ChallengeRequiredOnNewDevice: challengeRequired, DeviceOnlyRememberedOnUserPrompt: false },
        }),
      )
    ).UserPool!.Id!;
    const clientId = (
      await s.sdk.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'app', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'] }))
    ).UserPoolClient!.ClientId!;
    await s.sdk.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: 'carol',
        MessageAction: 'SUPPRESS',
        UserAttributes: [{ Name: 'phone_number', Value: PHONE }],
      }),
    );
    await s.sdk.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'carol', Password: PASSWORD, Permanent: true }));
    const signIn = (DEVICE_KEY?: string) =>
      s.sdk.send(
        new InitiateAuthCommand({
          ClientId: clientId,
          AuthFlow: 'USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: 'carol', PASSWORD, ...(DEVICE_KEY ? { DEVICE_KEY } : {}) },
        }),
      );
    const challenge = await signIn();
    assert.equal(challenge.ChallengeName, 'SMS_MFA');
    const code = (await lastMessage(s.url, poolId, 'carol')).code;
    const result = (
      await s.sdk.send(
        new RespondToAuthChallengeCommand({
          ClientId: clientId,
          ChallengeName: 'SMS_MFA',
          Session: challenge.Session,
          ChallengeResponses: { USERNAME: 'carol', SMS_MFA_CODE: code },
        }),
      )
    ).AuthenticationResult!;
    const { DeviceKey: deviceKey, DeviceGroupKey: groupKey } = result.NewDeviceMetadata as { DeviceKey: string; DeviceGroupKey: string };
    const helper = new AuthenticationHelper(groupKey);
    await promised<void>((cb) => helper.generateHashDevice(groupKey, deviceKey, (err) => cb(err, undefined)));
    await s.sdk.send(
      new ConfirmDeviceCommand({
        AccessToken: result.AccessToken!,
        DeviceKey: deviceKey,
        DeviceSecretVerifierConfig: {
          Salt: Buffer.from(helper.getSaltDevices(), 'hex').toString('base64'),
          PasswordVerifier: Buffer.from(helper.getVerifierDevices(), 'hex').toString('base64'),
        },
      }),
    );
    return { clientId, deviceKey, groupKey, devicePassword: helper.getRandomPassword(), signIn };
  }

  /** Answers DEVICE_SRP_AUTH, then DEVICE_PASSWORD_VERIFIER with the proof of `devicePassword` (its signature spoilt if asked). */
  async function proveDevice(d: Awaited<ReturnType<typeof rememberedDevice>>, session: string, devicePassword: string) {
    const helper = new AuthenticationHelper(d.groupKey);
    const A = await promised<{ toString(radix: number): string }>((cb) => helper.getLargeAValue(cb));
    const verifier = await s.sdk.send(
      new RespondToAuthChallengeCommand({
        ClientId: d.clientId,
        ChallengeName: 'DEVICE_SRP_AUTH',
        Session: session,
        ChallengeResponses: { USERNAME: 'carol', DEVICE_KEY: d.deviceKey, SRP_A: A.toString(16) },
      }),
    );
    assert.equal(verifier.ChallengeName, 'DEVICE_PASSWORD_VERIFIER');
    const p = verifier.ChallengeParameters!;
    assert.deepEqual(Object.keys(p).sort(), ['DEVICE_KEY', 'SALT', 'SECRET_BLOCK', 'SRP_B', 'USERNAME']);
    const big = (hex: string) => new helper.N.constructor(hex, 16);
    const key = await promised<Buffer>((cb) => helper.getPasswordAuthenticationKey(d.deviceKey, devicePassword, big(p.SRP_B!), big(p.SALT!), cb));
    const TIMESTAMP = 'Tue Sep 5 07:03:09 UTC 2023';
    const signature = createHmac('sha256', key)
      .update(Buffer.concat([Buffer.from(d.groupKey), Buffer.from(d.deviceKey), Buffer.from(p.SECRET_BLOCK!, 'base64'), Buffer.from(TIMESTAMP)]))
      .digest('base64');
    return s.sdk.send(
      new RespondToAuthChallengeCommand({
        ClientId: d.clientId,
        ChallengeName: 'DEVICE_PASSWORD_VERIFIER',
        Session: verifier.Session,
        ChallengeResponses: {
          USERNAME: 'carol',
          DEVICE_KEY: d.deviceKey,
          PASSWORD_CLAIM_SECRET_BLOCK: p.SECRET_BLOCK!,
          PASSWORD_CLAIM_SIGNATURE: signature,
          TIMESTAMP,
        },
      }),
    );
  }

  it('answers a remembered device with DEVICE_SRP_AUTH instead of SMS_MFA, and its proof with tokens naming the device', async () => {
    const d = await rememberedDevice(true);
    const start = await d.signIn(d.deviceKey);
    assert.deepEqual([start.ChallengeName, start.ChallengeParameters], ['DEVICE_SRP_AUTH', {}]);
    const done = (await proveDevice(d, start.Session!, d.devicePassword)).AuthenticationResult!;
    assert.equal(claims(done.AccessToken!).device_key, d.deviceKey);
    assert.equal(done.NewDeviceMetadata, undefined);
  });

  it('refuses a device proof made with another secret, and the spent session after it', async () => {
    const d = await rememberedDevice(true);
    const start = await d.signIn(d.deviceKey);
    await assert.rejects(proveDevice(d, start.Session!, 'not-the-device-secret'), {
      name: 'NotAuthorizedException',
      message: 'Incorrect username or password.',
    });
    await assert.rejects(proveDevice(d, start.Session!, d.devicePassword), {
      name: 'NotAuthorizedException',
      message: 'Invalid session for the user, session is expired.',
    });
  });

  it('still asks for MFA when the pool does not let devices stand in for it (ChallengeRequiredOnNewDevice false)', async () => {
    const d = await rememberedDevice(false);
    assert.equal((await d.signIn(d.deviceKey)).ChallengeName, 'SMS_MFA');
  });
});
