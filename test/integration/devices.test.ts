import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminForgetDeviceCommand,
  AdminGetDeviceCommand,
  AdminListDevicesCommand,
  AdminSetUserPasswordCommand,
  AdminUpdateDeviceStatusCommand,
  ConfirmDeviceCommand,
  type CognitoIdentityProviderClient,
  ForgetDeviceCommand,
  GetDeviceCommand,
  GetTokensFromRefreshTokenCommand,
  InitiateAuthCommand,
  type InitiateAuthCommandOutput,
  ListDevicesCommand,
  UpdateDeviceStatusCommand,
  UpdateUserPoolClientCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { createConfirmedUser, createPoolAndClient, PASSWORD } from '../helpers/fixtures.js';
import { startServer, type TestServer } from '../helpers/server.js';

/** The payload of a JWT. */
function claims(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString());
}

/** The error a call fails with, as the SDK reports it. */
async function failure(p: Promise<unknown>): Promise<{ name: string; message: string }> {
  try {
    await p;
  } catch (e) {
    const err = e as Error;
    return { name: err.name, message: err.message };
  }
  assert.fail('expected the call to fail');
}

const NOT_FOUND = { name: 'ResourceNotFoundException', message: 'Device does not exist.' };
const VERIFIER = { Salt: 'c2FsdA==', PasswordVerifier: 'dmVyaWZpZXI=' };

describe('Remembered devices through the AWS SDK v3', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
  });
  after(async () => s.close());

  /** A pool that tracks devices (with the given DeviceConfiguration), its client, and a user alice. */
  async function trackingPool(config = { ChallengeRequiredOnNewDevice: false, DeviceOnlyRememberedOnUserPrompt: false }) {
    const { poolId, clientId } = await createPoolAndClient(s.sdk, { MfaConfiguration: 'OFF', DeviceConfiguration: config });
    await createConfirmedUser(s.sdk, poolId, 'alice', null);
    return { poolId, clientId };
  }

  function passwordSignIn(sdk: CognitoIdentityProviderClient, clientId: string, username: string, deviceKey?: string): Promise<InitiateAuthCommandOutput> {
    return sdk.send(
      new InitiateAuthCommand({
        ClientId: clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: username, PASSWORD, ...(deviceKey ? { DEVICE_KEY: deviceKey } : {}) },
      }),
    );
  }

  /** Signs in on a new device and confirms it; returns the key and the sign-in's tokens. */
  async function newDevice(clientId: string, username = 'alice', DeviceName = 'Firefox') {
    const r = (await passwordSignIn(s.sdk, clientId, username)).AuthenticationResult!;
    const key = r.NewDeviceMetadata!.DeviceKey!;
    const confirmed = await s.sdk.send(
      new ConfirmDeviceCommand({ AccessToken: r.AccessToken!, DeviceKey: key, DeviceName, DeviceSecretVerifierConfig: VERIFIER }),
    );
    return { key, groupKey: r.NewDeviceMetadata!.DeviceGroupKey!, tokens: r, confirmed };
  }

  describe('device tracking at sign-in', () => {
    it('gives a sign-in no device when the pool has no DeviceConfiguration', async () => {
      const { poolId, clientId } = await createPoolAndClient(s.sdk, { MfaConfiguration: 'OFF' });
      await createConfirmedUser(s.sdk, poolId, 'alice', null);
      const r = (await passwordSignIn(s.sdk, clientId, 'alice')).AuthenticationResult!;
      assert.equal(r.NewDeviceMetadata, undefined);
      assert.equal('device_key' in claims(r.AccessToken!), false);
    });

    it('gives a sign-in in a tracking pool NewDeviceMetadata, REGION_uuid, and its access token the device_key claim', async () => {
      const { clientId } = await trackingPool();
      const r = (await passwordSignIn(s.sdk, clientId, 'alice')).AuthenticationResult!;
      const meta = r.NewDeviceMetadata!;
      assert.match(meta.DeviceKey!, /^us-east-1_[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      assert.match(meta.DeviceGroupKey!, /^-[A-Za-z0-9]{9}$/);
      assert.equal(claims(r.AccessToken!).device_key, meta.DeviceKey);
      assert.equal('device_key' in claims(r.IdToken!), false, 'only the access token names the device');
      const again = (await passwordSignIn(s.sdk, clientId, 'alice')).AuthenticationResult!;
      assert.notEqual(again.NewDeviceMetadata!.DeviceKey, meta.DeviceKey, 'each sign-in without a device gets a key of its own');
    });

    it('signs in on a confirmed device without a new key, and records the sign-in date', async () => {
      const { poolId, clientId } = await trackingPool();
      const { key } = await newDevice(clientId);
      s.clock.advance(60);
      const r = (await passwordSignIn(s.sdk, clientId, 'alice', key)).AuthenticationResult!;
      assert.equal(r.NewDeviceMetadata, undefined);
      assert.equal(claims(r.AccessToken!).device_key, key);
      const d = (await s.sdk.send(new AdminGetDeviceCommand({ UserPoolId: poolId, Username: 'alice', DeviceKey: key }))).Device!;
      assert.equal(d.DeviceLastAuthenticatedDate!.getTime(), s.clock.now().getTime());
      assert.ok(d.DeviceCreateDate!.getTime() < d.DeviceLastAuthenticatedDate!.getTime());
    });

    it("refuses a sign-in naming an unknown, unconfirmed or another user's device with ResourceNotFoundException", async () => {
      const { poolId, clientId } = await trackingPool();
      await createConfirmedUser(s.sdk, poolId, 'bob', null);
      const { key: bobs } = await newDevice(clientId, 'bob');
      const unconfirmed = (await passwordSignIn(s.sdk, clientId, 'alice')).AuthenticationResult!.NewDeviceMetadata!.DeviceKey!;
      for (const key of ['us-east-1_00000000-0000-4000-8000-000000000000', unconfirmed, bobs]) {
        assert.deepEqual(await failure(passwordSignIn(s.sdk, clientId, 'alice', key)), NOT_FOUND, key);
      }
    });

    it('refreshes with the DEVICE_KEY keeping the claim, and refuses a refresh without it or after ForgetDevice', async () => {
      const { clientId } = await trackingPool();
      const { key, tokens } = await newDevice(clientId);
      const refresh = (DEVICE_KEY?: string) =>
        s.sdk.send(
          new InitiateAuthCommand({
            ClientId: clientId,
            AuthFlow: 'REFRESH_TOKEN_AUTH',
            AuthParameters: { REFRESH_TOKEN: tokens.RefreshToken!, ...(DEVICE_KEY ? { DEVICE_KEY } : {}) },
          }),
        );
      const refreshed = (await refresh(key)).AuthenticationResult!;
      assert.equal(claims(refreshed.AccessToken!).device_key, key);
      assert.equal(refreshed.NewDeviceMetadata, undefined);
      const invalid = { name: 'NotAuthorizedException', message: 'Invalid Refresh Token' };
      assert.deepEqual(await failure(refresh()), invalid);
      assert.deepEqual(await failure(refresh('us-east-1_00000000-0000-4000-8000-000000000000')), invalid);
      await s.sdk.send(new ForgetDeviceCommand({ AccessToken: tokens.AccessToken!, DeviceKey: key }));
      assert.deepEqual(await failure(refresh(key)), invalid);
    });

    it('refreshes through GetTokensFromRefreshToken with the DeviceKey only', async () => {
      const { poolId, clientId } = await trackingPool();
      await s.sdk.send(
        new UpdateUserPoolClientCommand({
          UserPoolId: poolId,
          ClientId: clientId,
          ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
        }),
      );
      const { key, tokens } = await newDevice(clientId);
      const r = await s.sdk.send(new GetTokensFromRefreshTokenCommand({ ClientId: clientId, RefreshToken: tokens.RefreshToken!, DeviceKey: key }));
      assert.equal(claims(r.AuthenticationResult!.AccessToken!).device_key, key);
      assert.deepEqual(await failure(s.sdk.send(new GetTokensFromRefreshTokenCommand({ ClientId: clientId, RefreshToken: tokens.RefreshToken! }))), {
        name: 'NotAuthorizedException',
        message: 'Invalid Refresh Token.',
      });
    });
  });

  describe('ConfirmDevice, GetDevice, ListDevices, UpdateDeviceStatus, ForgetDevice', () => {
    it('confirms a device remembered at once in an "always" pool and shows it with its attributes and dates', async () => {
      const { poolId, clientId } = await trackingPool();
      const { key, tokens, confirmed } = await newDevice(clientId, 'alice', 'Firefox on Linux');
      assert.equal(confirmed.UserConfirmationNecessary, false);
      const at = s.clock.now();
      const want = {
        DeviceKey: key,
        DeviceAttributes: [
          { Name: 'device_status', Value: 'valid' },
          { Name: 'device_name', Value: 'Firefox on Linux' },
          { Name: 'dev:device_remembered_status', Value: 'remembered' },
        ],
        DeviceCreateDate: at,
        DeviceLastModifiedDate: at,
        DeviceLastAuthenticatedDate: at,
      };
      assert.deepEqual((await s.sdk.send(new GetDeviceCommand({ AccessToken: tokens.AccessToken!, DeviceKey: key }))).Device, want);
      assert.deepEqual((await s.sdk.send(new ListDevicesCommand({ AccessToken: tokens.AccessToken! }))).Devices, [want]);
      assert.deepEqual((await s.sdk.send(new AdminGetDeviceCommand({ UserPoolId: poolId, Username: 'alice', DeviceKey: key }))).Device, want);
      assert.deepEqual((await s.sdk.send(new AdminListDevicesCommand({ UserPoolId: poolId, Username: 'alice' }))).Devices, [want]);
    });

    it("asks for the user's choice in an opt-in pool: a not-remembered device is hidden from GetDevice and ListDevices until remembered", async () => {
      const { poolId, clientId } = await trackingPool({ ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: true });
      const { key, tokens, confirmed } = await newDevice(clientId);
      const AccessToken = tokens.AccessToken!;
      assert.equal(confirmed.UserConfirmationNecessary, true);
      assert.deepEqual(await failure(s.sdk.send(new GetDeviceCommand({ AccessToken, DeviceKey: key }))), NOT_FOUND);
      assert.deepEqual((await s.sdk.send(new ListDevicesCommand({ AccessToken }))).Devices, []);
      const admin = (await s.sdk.send(new AdminListDevicesCommand({ UserPoolId: poolId, Username: 'alice' }))).Devices!;
      assert.deepEqual(
        admin.map((d) => [d.DeviceKey, d.DeviceAttributes!.find((a) => a.Name === 'dev:device_remembered_status')!.Value]),
        [[key, 'not_remembered']],
      );
      s.clock.advance(5);
      await s.sdk.send(new UpdateDeviceStatusCommand({ AccessToken, DeviceKey: key, DeviceRememberedStatus: 'remembered' }));
      const d = (await s.sdk.send(new GetDeviceCommand({ AccessToken, DeviceKey: key }))).Device!;
      assert.equal(d.DeviceLastModifiedDate!.getTime(), s.clock.now().getTime());
      assert.ok(d.DeviceCreateDate!.getTime() < d.DeviceLastModifiedDate!.getTime());
      assert.deepEqual(
        (await s.sdk.send(new ListDevicesCommand({ AccessToken }))).Devices!.map((x) => x.DeviceKey),
        [key],
      );
      await s.sdk.send(new AdminUpdateDeviceStatusCommand({ UserPoolId: poolId, Username: 'alice', DeviceKey: key, DeviceRememberedStatus: 'not_remembered' }));
      assert.deepEqual(await failure(s.sdk.send(new GetDeviceCommand({ AccessToken, DeviceKey: key }))), NOT_FOUND);
    });

    it("refuses to confirm a key that is not the sign-in's own", async () => {
      const { clientId } = await trackingPool();
      const first = (await passwordSignIn(s.sdk, clientId, 'alice')).AuthenticationResult!;
      const second = (await passwordSignIn(s.sdk, clientId, 'alice')).AuthenticationResult!;
      const confirm = (AccessToken: string, DeviceKey: string) =>
        s.sdk.send(new ConfirmDeviceCommand({ AccessToken, DeviceKey, DeviceSecretVerifierConfig: VERIFIER }));
      assert.deepEqual(await failure(confirm(first.AccessToken!, second.NewDeviceMetadata!.DeviceKey!)), NOT_FOUND);
      assert.deepEqual(await failure(confirm(first.AccessToken!, 'us-east-1_00000000-0000-4000-8000-000000000000')), NOT_FOUND);
      await confirm(first.AccessToken!, first.NewDeviceMetadata!.DeviceKey!);
      // A device already confirmed may be confirmed again from any of the user's sign-ins (a new verifier).
      assert.equal((await confirm(second.AccessToken!, first.NewDeviceMetadata!.DeviceKey!)).UserConfirmationNecessary, false);
    });

    it("refuses another user's device key in every device operation, and changes nothing", async () => {
      const { poolId, clientId } = await trackingPool();
      await createConfirmedUser(s.sdk, poolId, 'bob', null);
      const { key: bobs } = await newDevice(clientId, 'bob', 'bob phone');
      const { tokens } = await newDevice(clientId, 'alice');
      const AccessToken = tokens.AccessToken!;
      const attempts: Promise<unknown>[] = [
        s.sdk.send(new GetDeviceCommand({ AccessToken, DeviceKey: bobs })),
        s.sdk.send(new UpdateDeviceStatusCommand({ AccessToken, DeviceKey: bobs, DeviceRememberedStatus: 'not_remembered' })),
        s.sdk.send(new ForgetDeviceCommand({ AccessToken, DeviceKey: bobs })),
        s.sdk.send(new ConfirmDeviceCommand({ AccessToken, DeviceKey: bobs, DeviceName: 'stolen', DeviceSecretVerifierConfig: VERIFIER })),
        s.sdk.send(new AdminGetDeviceCommand({ UserPoolId: poolId, Username: 'alice', DeviceKey: bobs })),
        s.sdk.send(new AdminForgetDeviceCommand({ UserPoolId: poolId, Username: 'alice', DeviceKey: bobs })),
        s.sdk.send(new AdminUpdateDeviceStatusCommand({ UserPoolId: poolId, Username: 'alice', DeviceKey: bobs, DeviceRememberedStatus: 'not_remembered' })),
      ];
      for (const attempt of attempts) assert.deepEqual(await failure(attempt), NOT_FOUND);
      const still = (await s.sdk.send(new AdminGetDeviceCommand({ UserPoolId: poolId, Username: 'bob', DeviceKey: bobs }))).Device!;
      assert.deepEqual(still.DeviceAttributes, [
        { Name: 'device_status', Value: 'valid' },
        { Name: 'device_name', Value: 'bob phone' },
        { Name: 'dev:device_remembered_status', Value: 'remembered' },
      ]);
    });

    it('forgets a device: GetDevice and a second ForgetDevice then find nothing', async () => {
      const { poolId, clientId } = await trackingPool();
      const { key, tokens } = await newDevice(clientId);
      const other = await newDevice(clientId);
      const AccessToken = tokens.AccessToken!;
      await s.sdk.send(new ForgetDeviceCommand({ AccessToken, DeviceKey: key }));
      assert.deepEqual(await failure(s.sdk.send(new GetDeviceCommand({ AccessToken, DeviceKey: key }))), NOT_FOUND);
      assert.deepEqual(await failure(s.sdk.send(new ForgetDeviceCommand({ AccessToken, DeviceKey: key }))), NOT_FOUND);
      assert.deepEqual(
        (await s.sdk.send(new ListDevicesCommand({ AccessToken }))).Devices!.map((d) => d.DeviceKey),
        [other.key],
      );
      await s.sdk.send(new AdminForgetDeviceCommand({ UserPoolId: poolId, Username: 'alice', DeviceKey: other.key }));
      assert.deepEqual(await failure(s.sdk.send(new AdminGetDeviceCommand({ UserPoolId: poolId, Username: 'alice', DeviceKey: other.key }))), NOT_FOUND);
    });

    it('lists devices a page at a time by key, with tokens that only continue their own listing', async () => {
      const { poolId, clientId } = await trackingPool();
      const keys: string[] = [];
      let AccessToken = '';
      for (let i = 0; i < 5; i++) {
        const d = await newDevice(clientId, 'alice', `device ${i}`);
        keys.push(d.key);
        AccessToken = d.tokens.AccessToken!;
      }
      keys.sort();
      const seen: string[] = [];
      let PaginationToken: string | undefined;
      let pages = 0;
      do {
        const page = await s.sdk.send(new ListDevicesCommand({ AccessToken, Limit: 2, PaginationToken }));
        assert.ok(page.Devices!.length <= 2);
        seen.push(...page.Devices!.map((d) => d.DeviceKey!));
        PaginationToken = page.PaginationToken;
        pages++;
      } while (PaginationToken);
      assert.deepEqual([seen, pages], [keys, 3]);
      const adminFirst = await s.sdk.send(new AdminListDevicesCommand({ UserPoolId: poolId, Username: 'alice', Limit: 3 }));
      assert.deepEqual(
        adminFirst.Devices!.map((d) => d.DeviceKey),
        keys.slice(0, 3),
      );
      const adminRest = await s.sdk.send(
        new AdminListDevicesCommand({ UserPoolId: poolId, Username: 'alice', Limit: 3, PaginationToken: adminFirst.PaginationToken }),
      );
      assert.deepEqual([adminRest.Devices!.map((d) => d.DeviceKey), adminRest.PaginationToken], [keys.slice(3), undefined]);
      const userToken = (await s.sdk.send(new ListDevicesCommand({ AccessToken, Limit: 1 }))).PaginationToken!;
      assert.deepEqual(await failure(s.sdk.send(new AdminListDevicesCommand({ UserPoolId: poolId, Username: 'alice', PaginationToken: userToken }))), {
        name: 'InvalidParameterException',
        message: 'Invalid pagination token.',
      });
    });

    it("deletes a user's devices with the user, and names a missing user in the Admin operations", async () => {
      const { poolId, clientId } = await trackingPool();
      const { key } = await newDevice(clientId);
      await s.sdk.send(new AdminDeleteUserCommand({ UserPoolId: poolId, Username: 'alice' }));
      // The model lists no UserNotFoundException for these two; the others name it.
      const noUser = { name: 'ResourceNotFoundException', message: 'User does not exist.' };
      assert.deepEqual(await failure(s.sdk.send(new AdminListDevicesCommand({ UserPoolId: poolId, Username: 'alice' }))), noUser);
      assert.deepEqual(await failure(s.sdk.send(new AdminGetDeviceCommand({ UserPoolId: poolId, Username: 'alice', DeviceKey: key }))), noUser);
      assert.deepEqual(await failure(s.sdk.send(new AdminForgetDeviceCommand({ UserPoolId: poolId, Username: 'alice', DeviceKey: key }))), {
        name: 'UserNotFoundException',
        message: 'User does not exist.',
      });
      await s.sdk.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'alice', MessageAction: 'SUPPRESS' }));
      await s.sdk.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'alice', Password: PASSWORD, Permanent: true }));
      assert.deepEqual((await s.sdk.send(new AdminListDevicesCommand({ UserPoolId: poolId, Username: 'alice' }))).Devices, []);
      assert.deepEqual(await failure(s.sdk.send(new AdminGetDeviceCommand({ UserPoolId: poolId, Username: 'alice', DeviceKey: key }))), NOT_FOUND);
      assert.deepEqual(await failure(passwordSignIn(s.sdk, clientId, 'alice', key)), NOT_FOUND);
    });
  });
});
