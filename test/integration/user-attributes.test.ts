/**
 * Deleting user attributes (AdminDeleteUserAttributes, DeleteUserAttributes), ListUsers' AttributesToGet
 * and GetUserAuthFactors, through the AWS SDK.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AdminCreateUserCommand,
  AdminDeleteUserAttributesCommand,
  AdminSetUserPasswordCommand,
  AdminDisableUserCommand,
  AdminGetUserCommand,
  AdminSetUserMFAPreferenceCommand,
  AdminUpdateUserAttributesCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DeleteUserAttributesCommand,
  GetUserAuthFactorsCommand,
  GetUserCommand,
  ListUsersCommand,
  type AttributeType,
} from '@aws-sdk/client-cognito-identity-provider';
import { createConfirmedUser, PASSWORD, PHONE, signIn } from '../helpers/fixtures.js';
import { startServer, type TestServer } from '../helpers/server.js';

const attrs = (list: AttributeType[] | undefined) => Object.fromEntries((list ?? []).map((a) => [a.Name!, a.Value!]));

describe('deleting user attributes, AttributesToGet and GetUserAuthFactors', () => {
  let s: TestServer;
  let poolId: string;
  let clientId: string;
  before(async () => {
    s = await startServer();
    const pool = await s.sdk.send(
      new CreateUserPoolCommand({
        PoolName: 'attrs',
        Schema: [
          { Name: 'email', AttributeDataType: 'String', Required: true, Mutable: true },
          { Name: 'tier', AttributeDataType: 'String', Mutable: false },
          { Name: 'team', AttributeDataType: 'String' },
        ],
      }),
    );
    poolId = pool.UserPool!.Id!;
    clientId = (
      await s.sdk.send(
        new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'app', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }),
      )
    ).UserPoolClient!.ClientId!;
  });
  after(() => s.close());

  async function user(username: string, extra: AttributeType[] = [], bare = false): Promise<void> {
    await s.sdk.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: username,
        MessageAction: 'SUPPRESS',
        UserAttributes: [
          { Name: 'email', Value: `${username}@example.com` },
          ...(bare
            ? []
            : [
                { Name: 'email_verified', Value: 'true' },
                { Name: 'phone_number', Value: PHONE },
                { Name: 'phone_number_verified', Value: 'true' },
                { Name: 'name', Value: username.toUpperCase() },
                { Name: 'custom:team', Value: 'blue' },
              ]),
          ...extra,
        ],
      }),
    );
    await s.sdk.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: username, Password: PASSWORD, Permanent: true }));
  }
  const get = async (username: string) => attrs((await s.sdk.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: username }))).UserAttributes);

  describe('AdminDeleteUserAttributes', () => {
    it('deletes the named attributes, with the verified flag of a deleted phone number, and keeps the others', async () => {
      await user('ann');
      const before = await s.sdk.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'ann' }));
      s.clock.advance(5);
      await s.sdk.send(
        new AdminDeleteUserAttributesCommand({ UserPoolId: poolId, Username: 'ann', UserAttributeNames: ['name', 'phone_number', 'custom:team'] }),
      );
      const after = await s.sdk.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'ann' }));
      const a = attrs(after.UserAttributes);
      assert.equal(a.name, undefined);
      assert.equal(a.phone_number, undefined);
      assert.equal(a.phone_number_verified, undefined);
      assert.equal(a['custom:team'], undefined);
      assert.equal(a.email, 'ann@example.com');
      assert.equal(a.email_verified, 'true');
      assert.ok(after.UserLastModifiedDate!.getTime() > before.UserLastModifiedDate!.getTime());
    });

    it('accepts names the user has no value for, and an empty list, changing nothing', async () => {
      await user('abe');
      const before = await s.sdk.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'abe' }));
      s.clock.advance(5);
      await s.sdk.send(new AdminDeleteUserAttributesCommand({ UserPoolId: poolId, Username: 'abe', UserAttributeNames: ['nickname', 'website'] }));
      await s.sdk.send(new AdminDeleteUserAttributesCommand({ UserPoolId: poolId, Username: 'abe', UserAttributeNames: [] }));
      const after = await s.sdk.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'abe' }));
      assert.deepEqual(after.UserAttributes, before.UserAttributes);
      assert.equal(after.UserLastModifiedDate!.getTime(), before.UserLastModifiedDate!.getTime());
    });

    it('refuses required attributes and sub, and changes nothing of the request', async () => {
      await user('amy');
      const before = await get('amy');
      for (const name of ['email', 'sub']) {
        await assert.rejects(s.sdk.send(new AdminDeleteUserAttributesCommand({ UserPoolId: poolId, Username: 'amy', UserAttributeNames: ['name', name] })), {
          name: 'InvalidParameterException',
          message: `Attributes did not conform to the schema: ${name}: The attribute is required`,
        });
      }
      assert.deepEqual(await get('amy'), before);
    });

    it('refuses an attribute the schema does not know, and an immutable one that has a value', async () => {
      await user('ada', [{ Name: 'custom:tier', Value: 'gold' }]);
      await assert.rejects(s.sdk.send(new AdminDeleteUserAttributesCommand({ UserPoolId: poolId, Username: 'ada', UserAttributeNames: ['custom:nope'] })), {
        name: 'InvalidParameterException',
        message: 'Attributes did not conform to the schema: Type for attribute {custom:nope} could not be determined',
      });
      await assert.rejects(s.sdk.send(new AdminDeleteUserAttributesCommand({ UserPoolId: poolId, Username: 'ada', UserAttributeNames: ['custom:tier'] })), {
        name: 'InvalidParameterException',
        message: 'Attributes did not conform to the schema: custom:tier: Attribute cannot be updated. (changing an immutable attribute)',
      });
      assert.equal((await get('ada'))['custom:tier'], 'gold');
    });

    it('answers UserNotFoundException and ResourceNotFoundException for a user or pool that is not there', async () => {
      await assert.rejects(s.sdk.send(new AdminDeleteUserAttributesCommand({ UserPoolId: poolId, Username: 'nobody', UserAttributeNames: ['name'] })), {
        name: 'UserNotFoundException',
        message: 'User does not exist.',
      });
      await assert.rejects(
        s.sdk.send(new AdminDeleteUserAttributesCommand({ UserPoolId: 'us-east-1_nothere00', Username: 'ann', UserAttributeNames: ['name'] })),
        { name: 'ResourceNotFoundException', message: 'User pool us-east-1_nothere00 does not exist.' },
      );
    });
  });

  describe('DeleteUserAttributes', () => {
    it("deletes the signed-in user's own attributes; the next ID token lacks them and the earlier one keeps them", async () => {
      await user('bea');
      const first = await signIn(s.sdk, clientId, 'bea');
      await s.sdk.send(new DeleteUserAttributesCommand({ AccessToken: first.accessToken, UserAttributeNames: ['name', 'email_verified'] }));
      const self = attrs((await s.sdk.send(new GetUserCommand({ AccessToken: first.accessToken }))).UserAttributes);
      assert.equal(self.name, undefined);
      assert.equal(self.email_verified, undefined);
      assert.equal(self.email, 'bea@example.com');
      const claims = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString());
      assert.equal(claims(first.idToken).name, 'BEA');
      assert.equal(claims((await signIn(s.sdk, clientId, 'bea')).idToken).name, undefined);
    });

    it('refuses a required attribute with the message of AdminDeleteUserAttributes', async () => {
      await user('ben');
      const { accessToken } = await signIn(s.sdk, clientId, 'ben');
      await assert.rejects(s.sdk.send(new DeleteUserAttributesCommand({ AccessToken: accessToken, UserAttributeNames: ['email'] })), {
        name: 'InvalidParameterException',
        message: 'Attributes did not conform to the schema: email: The attribute is required',
      });
      assert.equal((await get('ben')).email, 'ben@example.com');
    });

    it('refuses a bad access token and a disabled user with NotAuthorizedException', async () => {
      await assert.rejects(s.sdk.send(new DeleteUserAttributesCommand({ AccessToken: 'not.a.token', UserAttributeNames: ['name'] })), {
        name: 'NotAuthorizedException',
        message: 'Invalid Access Token',
      });
      await user('bob');
      const { accessToken } = await signIn(s.sdk, clientId, 'bob');
      await s.sdk.send(new AdminDisableUserCommand({ UserPoolId: poolId, Username: 'bob' }));
      await assert.rejects(s.sdk.send(new DeleteUserAttributesCommand({ AccessToken: accessToken, UserAttributeNames: ['name'] })), {
        name: 'NotAuthorizedException',
      });
      assert.equal((await get('bob')).name, 'BOB');
    });

    it('keeps both of two concurrent deletions of different attributes of one user', async () => {
      await user('bud', [{ Name: 'nickname', Value: 'b' }]);
      const { accessToken } = await signIn(s.sdk, clientId, 'bud');
      await Promise.all([
        s.sdk.send(new DeleteUserAttributesCommand({ AccessToken: accessToken, UserAttributeNames: ['name'] })),
        s.sdk.send(new AdminDeleteUserAttributesCommand({ UserPoolId: poolId, Username: 'bud', UserAttributeNames: ['nickname'] })),
        s.sdk.send(
          new AdminUpdateUserAttributesCommand({ UserPoolId: poolId, Username: 'bud', UserAttributes: [{ Name: 'website', Value: 'https://b.example' }] }),
        ),
      ]);
      const a = await get('bud');
      assert.equal(a.name, undefined);
      assert.equal(a.nickname, undefined);
      assert.equal(a.website, 'https://b.example');
    });
  });

  describe('ListUsers AttributesToGet', () => {
    it('lists only the requested attributes each user has, and no attribute for an empty list', async () => {
      await user('cat');
      await user('cid', [], true);
      const out = await s.sdk.send(new ListUsersCommand({ UserPoolId: poolId, AttributesToGet: ['email', 'phone_number'], Filter: 'username ^= "c"' }));
      const byName = Object.fromEntries(out.Users!.map((u) => [u.Username!, u.Attributes]));
      assert.deepEqual(byName.cat, [
        { Name: 'email', Value: 'cat@example.com' },
        { Name: 'phone_number', Value: '+15555551234' },
      ]);
      assert.deepEqual(byName.cid, [{ Name: 'email', Value: 'cid@example.com' }]);
      const none = await s.sdk.send(new ListUsersCommand({ UserPoolId: poolId, AttributesToGet: [], Filter: 'username = "cat"' }));
      assert.deepEqual(none.Users![0]!.Attributes, []);
      assert.equal(none.Users![0]!.UserStatus, 'CONFIRMED');
    });

    it('refuses a name that is not an attribute of the pool with the message Cognito gives', async () => {
      await assert.rejects(s.sdk.send(new ListUsersCommand({ UserPoolId: poolId, AttributesToGet: ['email', 'custom:nope'] })), {
        name: 'InvalidParameterException',
        message: 'One or more requested attributes do not exist.',
      });
      const custom = await s.sdk.send(new ListUsersCommand({ UserPoolId: poolId, AttributesToGet: ['custom:team', 'sub'], Filter: 'username = "cat"' }));
      assert.deepEqual(
        custom.Users![0]!.Attributes!.map((a) => a.Name),
        ['sub', 'custom:team'],
      );
    });
  });

  describe('GetUserAuthFactors', () => {
    it("returns the user's name, MFA settings and the factors the user can sign in with", async () => {
      await user('dee');
      const { accessToken } = await signIn(s.sdk, clientId, 'dee');
      const bare = await s.sdk.send(new GetUserAuthFactorsCommand({ AccessToken: accessToken }));
      assert.equal(bare.Username, 'dee');
      assert.deepEqual(bare.ConfiguredUserAuthFactors, ['PASSWORD']);
      assert.equal(bare.PreferredMfaSetting, undefined);
      assert.equal(bare.UserMFASettingList, undefined);
      await s.sdk.send(new AdminSetUserMFAPreferenceCommand({ UserPoolId: poolId, Username: 'dee', SMSMfaSettings: { Enabled: true, PreferredMfa: true } }));
      const withMfa = await s.sdk.send(new GetUserAuthFactorsCommand({ AccessToken: accessToken }));
      assert.equal(withMfa.PreferredMfaSetting, 'SMS_MFA');
      assert.deepEqual(withMfa.UserMFASettingList, ['SMS_MFA']);
    });

    it('lists EMAIL_OTP and SMS_OTP when the pool allows them as first factors and the address is verified', async () => {
      const pool = await s.sdk.send(
        new CreateUserPoolCommand({ PoolName: 'otp', Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'EMAIL_OTP', 'SMS_OTP'] } } }),
      );
      const id = pool.UserPool!.Id!;
      const client = await s.sdk.send(new CreateUserPoolClientCommand({ UserPoolId: id, ClientName: 'app', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'] }));
      await createConfirmedUser(s.sdk, id, 'eve');
      await s.sdk.send(
        new AdminUpdateUserAttributesCommand({
          UserPoolId: id,
          Username: 'eve',
          UserAttributes: [
            { Name: 'email', Value: 'eve@example.com' },
            { Name: 'email_verified', Value: 'true' },
          ],
        }),
      );
      const { accessToken } = await signIn(s.sdk, client.UserPoolClient!.ClientId!, 'eve', PASSWORD);
      const out = await s.sdk.send(new GetUserAuthFactorsCommand({ AccessToken: accessToken }));
      assert.deepEqual(out.ConfiguredUserAuthFactors, ['PASSWORD', 'EMAIL_OTP']);
    });

    it('refuses an invalid access token with NotAuthorizedException', async () => {
      await assert.rejects(s.sdk.send(new GetUserAuthFactorsCommand({ AccessToken: 'eyJhbGciOiJSUzI1NiJ9.e30.c2ln' })), {
        name: 'NotAuthorizedException',
        message: 'Invalid Access Token',
      });
    });
  });
});
