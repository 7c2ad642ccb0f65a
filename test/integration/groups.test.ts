import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminListGroupsForUserCommand,
  AdminRemoveUserFromGroupCommand,
  CreateGroupCommand,
  DeleteGroupCommand,
  DeleteUserPoolCommand,
  GetGroupCommand,
  GetUserCommand,
  InitiateAuthCommand,
  ListGroupsCommand,
  ListUsersInGroupCommand,
  SetUserSettingsCommand,
  UpdateGroupCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { SqliteStore } from '../../src/store/sqlite/store.js';
import type { Store } from '../../src/store/store.js';
import { createConfirmedUser, createPoolAndClient, signIn } from '../helpers/fixtures.js';
import { rawCall, startServer, type TestServer } from '../helpers/server.js';

const ROLE_A = 'arn:aws:iam::123456789012:role/group-a';
const ROLE_B = 'arn:aws:iam::123456789012:role/group-b';
const ROLE_C = 'arn:aws:iam::123456789012:role/group-c';
const MISSING_POOL = 'us-east-1_Missing00';

function claims(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString());
}

/** The group claims of one token (absent ones left out). */
function groupClaimsOf(jwt: string): Record<string, unknown> {
  const c = claims(jwt);
  const out: Record<string, unknown> = {};
  for (const k of ['cognito:groups', 'cognito:roles', 'cognito:preferred_role']) if (k in c) out[k] = c[k];
  return out;
}

async function newPool(sdk: CognitoIdentityProviderClient) {
  return createPoolAndClient(sdk, { MfaConfiguration: 'OFF' });
}

async function group(
  sdk: CognitoIdentityProviderClient,
  poolId: string,
  GroupName: string,
  more: { RoleArn?: string; Precedence?: number; Description?: string } = {},
) {
  return (await sdk.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName, ...more }))).Group!;
}

async function join(sdk: CognitoIdentityProviderClient, poolId: string, username: string, ...groups: string[]) {
  for (const GroupName of groups) await sdk.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: username, GroupName }));
}

describe('Groups through the AWS SDK v3', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
  });
  after(async () => s.close());

  describe('CreateGroup, GetGroup, UpdateGroup, DeleteGroup', () => {
    it('creates a group with every member and returns it from GetGroup, dates in epoch seconds with milliseconds', async () => {
      const { poolId } = await newPool(s.sdk);
      const created = await group(s.sdk, poolId, 'admins', { Description: 'Administrators', RoleArn: ROLE_A, Precedence: 0 });
      const at = s.clock.now();
      assert.deepEqual(created, {
        GroupName: 'admins',
        UserPoolId: poolId,
        Description: 'Administrators',
        RoleArn: ROLE_A,
        Precedence: 0,
        LastModifiedDate: at,
        CreationDate: at,
      });
      const raw = await rawCall(s.url, 'GetGroup', { UserPoolId: poolId, GroupName: 'admins' });
      assert.equal(raw.body.Group.CreationDate, at.getTime() / 1000);
      const got = await s.sdk.send(new GetGroupCommand({ UserPoolId: poolId, GroupName: 'admins' }));
      assert.deepEqual(got.Group, created);
    });

    it('leaves Description, RoleArn and Precedence out of the wire shape when they were not given', async () => {
      const { poolId } = await newPool(s.sdk);
      const r = await rawCall(s.url, 'CreateGroup', { UserPoolId: poolId, GroupName: 'plain' });
      assert.equal(r.status, 200);
      assert.deepEqual(Object.keys(r.body.Group).sort(), ['CreationDate', 'GroupName', 'LastModifiedDate', 'UserPoolId']);
      const g = await rawCall(s.url, 'GetGroup', { UserPoolId: poolId, GroupName: 'plain' });
      assert.deepEqual(g.body, r.body);
    });

    it('refuses a second group of the same name with GroupExistsException and keeps the first', async () => {
      const { poolId } = await newPool(s.sdk);
      await group(s.sdk, poolId, 'dup', { Precedence: 1 });
      await assert.rejects(s.sdk.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'dup', Precedence: 9 })), {
        name: 'GroupExistsException',
        message: 'A group with the name already exists.',
      });
      const raw = await rawCall(s.url, 'CreateGroup', { UserPoolId: poolId, GroupName: 'dup' });
      assert.deepEqual([raw.status, raw.body], [400, { __type: 'GroupExistsException', message: 'A group with the name already exists.' }]);
      assert.equal((await s.sdk.send(new GetGroupCommand({ UserPoolId: poolId, GroupName: 'dup' }))).Group!.Precedence, 1);
      // Names are case-sensitive, and another pool may use the same one.
      await group(s.sdk, poolId, 'Dup');
      await group(s.sdk, (await newPool(s.sdk)).poolId, 'dup');
    });

    it('updates the members given, keeps the others and the creation date, and moves LastModifiedDate', async () => {
      const { poolId } = await newPool(s.sdk);
      const created = await group(s.sdk, poolId, 'g', { Description: 'first', RoleArn: ROLE_A, Precedence: 5 });
      s.clock.advance(60);
      const updated = await s.sdk.send(new UpdateGroupCommand({ UserPoolId: poolId, GroupName: 'g', Precedence: 2 }));
      assert.deepEqual(updated.Group, { ...created, Precedence: 2, LastModifiedDate: s.clock.now() });
      const again = await s.sdk.send(new UpdateGroupCommand({ UserPoolId: poolId, GroupName: 'g', Description: 'second', RoleArn: ROLE_B }));
      assert.deepEqual(again.Group, { ...created, Description: 'second', RoleArn: ROLE_B, Precedence: 2, LastModifiedDate: s.clock.now() });
      assert.deepEqual((await s.sdk.send(new GetGroupCommand({ UserPoolId: poolId, GroupName: 'g' }))).Group, again.Group);
    });

    it('deletes a group: GetGroup then answers ResourceNotFoundException, and the name can be used again', async () => {
      const { poolId } = await newPool(s.sdk);
      await group(s.sdk, poolId, 'gone', { RoleArn: ROLE_A });
      const r = await rawCall(s.url, 'DeleteGroup', { UserPoolId: poolId, GroupName: 'gone' });
      assert.deepEqual([r.status, r.body], [200, {}]);
      await assert.rejects(s.sdk.send(new GetGroupCommand({ UserPoolId: poolId, GroupName: 'gone' })), {
        name: 'ResourceNotFoundException',
        message: 'Group not found.',
      });
      await assert.rejects(s.sdk.send(new DeleteGroupCommand({ UserPoolId: poolId, GroupName: 'gone' })), {
        name: 'ResourceNotFoundException',
        message: 'Group not found.',
      });
      const again = await group(s.sdk, poolId, 'gone');
      assert.equal(again.RoleArn, undefined);
    });

    it('refuses a Precedence above 2^31-1, a bad RoleArn and a GroupName with spaces, with InvalidParameterException', async () => {
      const { poolId } = await newPool(s.sdk);
      await assert.rejects(s.sdk.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'big', Precedence: 2 ** 31 })), {
        name: 'InvalidParameterException',
        message:
          "1 validation error detected: Value '2147483648' at 'precedence' failed to satisfy constraint: Member must have value less than or equal to 2147483647",
      });
      await assert.rejects(s.sdk.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'neg', Precedence: -1 })), {
        name: 'InvalidParameterException',
      });
      await assert.rejects(s.sdk.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'role', RoleArn: 'not-an-arn-at-all-really' })), {
        name: 'InvalidParameterException',
      });
      await assert.rejects(s.sdk.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'two words' })), { name: 'InvalidParameterException' });
      await group(s.sdk, poolId, 'ok', { Precedence: 2 ** 31 - 1 });
      await assert.rejects(s.sdk.send(new UpdateGroupCommand({ UserPoolId: poolId, GroupName: 'ok', Precedence: 2 ** 31 })), {
        name: 'InvalidParameterException',
      });
      assert.deepEqual(
        (await s.sdk.send(new ListGroupsCommand({ UserPoolId: poolId }))).Groups!.map((g) => [g.GroupName, g.Precedence]),
        [['ok', 2 ** 31 - 1]],
      );
    });
  });

  describe('unknown pools, groups and users', () => {
    it('answers every group operation on a missing pool with ResourceNotFoundException naming the pool', async () => {
      const P = MISSING_POOL;
      const requests = [
        new CreateGroupCommand({ UserPoolId: P, GroupName: 'g' }),
        new GetGroupCommand({ UserPoolId: P, GroupName: 'g' }),
        new ListGroupsCommand({ UserPoolId: P }),
        new UpdateGroupCommand({ UserPoolId: P, GroupName: 'g' }),
        new DeleteGroupCommand({ UserPoolId: P, GroupName: 'g' }),
        new AdminAddUserToGroupCommand({ UserPoolId: P, GroupName: 'g', Username: 'u' }),
        new AdminRemoveUserFromGroupCommand({ UserPoolId: P, GroupName: 'g', Username: 'u' }),
        new AdminListGroupsForUserCommand({ UserPoolId: P, Username: 'u' }),
        new ListUsersInGroupCommand({ UserPoolId: P, GroupName: 'g' }),
      ];
      for (const command of requests) {
        await assert.rejects(s.sdk.send(command as any), { name: 'ResourceNotFoundException', message: `User pool ${P} does not exist.` });
      }
    });

    it('answers "Group not found." for a missing group and "User does not exist." for a missing user', async () => {
      const { poolId } = await newPool(s.sdk);
      await createConfirmedUser(s.sdk, poolId, 'alice', null);
      await group(s.sdk, poolId, 'real');
      const noGroup = { name: 'ResourceNotFoundException', message: 'Group not found.' };
      const noUser = { name: 'UserNotFoundException', message: 'User does not exist.' };
      await assert.rejects(s.sdk.send(new UpdateGroupCommand({ UserPoolId: poolId, GroupName: 'nope', Description: 'x' })), noGroup);
      await assert.rejects(s.sdk.send(new ListUsersInGroupCommand({ UserPoolId: poolId, GroupName: 'nope' })), noGroup);
      await assert.rejects(s.sdk.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, GroupName: 'nope', Username: 'alice' })), noGroup);
      await assert.rejects(s.sdk.send(new AdminRemoveUserFromGroupCommand({ UserPoolId: poolId, GroupName: 'nope', Username: 'alice' })), noGroup);
      await assert.rejects(s.sdk.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, GroupName: 'real', Username: 'nobody' })), noUser);
      await assert.rejects(s.sdk.send(new AdminRemoveUserFromGroupCommand({ UserPoolId: poolId, GroupName: 'real', Username: 'nobody' })), noUser);
      await assert.rejects(s.sdk.send(new AdminListGroupsForUserCommand({ UserPoolId: poolId, Username: 'nobody' })), noUser);
      const raw = await rawCall(s.url, 'GetGroup', { UserPoolId: poolId, GroupName: 'nope' });
      assert.deepEqual([raw.status, raw.body], [400, { __type: 'ResourceNotFoundException', message: 'Group not found.' }]);
    });
  });

  describe('memberships', () => {
    it('adds a user by username, email alias or sub, once however often it is added, and removes them quietly twice', async () => {
      const { poolId } = await newPool(s.sdk);
      const { poolId: aliasPool } = await createPoolAndClient(s.sdk, { MfaConfiguration: 'OFF', AliasAttributes: ['email'] });
      for (const p of [poolId, aliasPool]) {
        await s.sdk.send(
          new AdminCreateUserCommand({
            UserPoolId: p,
            Username: 'alice',
            MessageAction: 'SUPPRESS',
            UserAttributes: [
              { Name: 'email', Value: 'alice@example.com' },
              { Name: 'email_verified', Value: 'true' },
            ],
          }),
        );
      }
      await group(s.sdk, aliasPool, 'g');
      await join(s.sdk, aliasPool, 'alice@example.com', 'g');
      await join(s.sdk, aliasPool, 'alice', 'g');
      const members = await s.sdk.send(new ListUsersInGroupCommand({ UserPoolId: aliasPool, GroupName: 'g' }));
      assert.deepEqual(
        members.Users!.map((u) => u.Username),
        ['alice'],
      );
      const sub = members.Users![0]!.Attributes!.find((a) => a.Name === 'sub')!.Value!;
      const bySub = await s.sdk.send(new AdminListGroupsForUserCommand({ UserPoolId: aliasPool, Username: sub }));
      assert.deepEqual(
        bySub.Groups!.map((g) => g.GroupName),
        ['g'],
      );
      const removed = await rawCall(s.url, 'AdminRemoveUserFromGroup', { UserPoolId: aliasPool, Username: sub, GroupName: 'g' });
      assert.deepEqual([removed.status, removed.body], [200, {}]);
      await s.sdk.send(new AdminRemoveUserFromGroupCommand({ UserPoolId: aliasPool, Username: 'alice', GroupName: 'g' }));
      assert.deepEqual((await s.sdk.send(new AdminListGroupsForUserCommand({ UserPoolId: aliasPool, Username: 'alice' }))).Groups, []);
      // In a pool without the alias, the email is no name for the user.
      await group(s.sdk, poolId, 'g');
      await assert.rejects(s.sdk.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: 'alice@example.com', GroupName: 'g' })), {
        name: 'UserNotFoundException',
      });
    });

    it('answers AdminAddUserToGroup with 200 and an empty body', async () => {
      const { poolId } = await newPool(s.sdk);
      await createConfirmedUser(s.sdk, poolId, 'bob', null);
      await group(s.sdk, poolId, 'g');
      const r = await rawCall(s.url, 'AdminAddUserToGroup', { UserPoolId: poolId, Username: 'bob', GroupName: 'g' });
      assert.deepEqual([r.status, r.body], [200, {}]);
    });

    it('lists members as full UserType entries, like ListUsers', async () => {
      const { poolId } = await newPool(s.sdk);
      await createConfirmedUser(s.sdk, poolId, 'carol');
      await group(s.sdk, poolId, 'g');
      await join(s.sdk, poolId, 'carol', 'g');
      const raw = await rawCall(s.url, 'ListUsersInGroup', { UserPoolId: poolId, GroupName: 'g' });
      const listed = await rawCall(s.url, 'ListUsers', { UserPoolId: poolId });
      assert.deepEqual(raw.body, { Users: listed.body.Users });
    });

    it('ends the memberships of a deleted group: its members are in no group, and a new group of the name is empty', async () => {
      const { poolId } = await newPool(s.sdk);
      await createConfirmedUser(s.sdk, poolId, 'dave', null);
      await group(s.sdk, poolId, 'g');
      await group(s.sdk, poolId, 'h');
      await join(s.sdk, poolId, 'dave', 'g', 'h');
      await s.sdk.send(new DeleteGroupCommand({ UserPoolId: poolId, GroupName: 'g' }));
      const left = await s.sdk.send(new AdminListGroupsForUserCommand({ UserPoolId: poolId, Username: 'dave' }));
      assert.deepEqual(
        left.Groups!.map((g) => g.GroupName),
        ['h'],
      );
      await group(s.sdk, poolId, 'g');
      assert.deepEqual((await s.sdk.send(new ListUsersInGroupCommand({ UserPoolId: poolId, GroupName: 'g' }))).Users, []);
    });

    it('ends the memberships of a deleted user: a new user of the same name is in no group', async () => {
      const { poolId } = await newPool(s.sdk);
      await createConfirmedUser(s.sdk, poolId, 'erin', null);
      await group(s.sdk, poolId, 'g');
      await join(s.sdk, poolId, 'erin', 'g');
      await s.sdk.send(new AdminDeleteUserCommand({ UserPoolId: poolId, Username: 'erin' }));
      assert.deepEqual((await s.sdk.send(new ListUsersInGroupCommand({ UserPoolId: poolId, GroupName: 'g' }))).Users, []);
      await createConfirmedUser(s.sdk, poolId, 'erin', null);
      assert.deepEqual((await s.sdk.send(new AdminListGroupsForUserCommand({ UserPoolId: poolId, Username: 'erin' }))).Groups, []);
    });

    it('removes the groups of a deleted pool with it', async () => {
      const { poolId } = await newPool(s.sdk);
      await group(s.sdk, poolId, 'g');
      await s.sdk.send(new DeleteUserPoolCommand({ UserPoolId: poolId }));
      await assert.rejects(s.sdk.send(new GetGroupCommand({ UserPoolId: poolId, GroupName: 'g' })), {
        name: 'ResourceNotFoundException',
        message: `User pool ${poolId} does not exist.`,
      });
      const rows = (s.app.store as SqliteStore).db.prepare('SELECT count(*) AS n FROM pool_groups WHERE pool_id = ?').get(poolId) as { n: number };
      assert.equal(rows.n, 0);
    });
  });

  describe('paging with Limit and NextToken', () => {
    it('pages ListGroups, AdminListGroupsForUser and ListUsersInGroup in name order until NextToken is absent', async () => {
      const { poolId } = await newPool(s.sdk);
      const groupNames = ['g05', 'g01', 'g03', 'g02', 'g04'];
      for (const g of groupNames) await group(s.sdk, poolId, g);
      const userNames = ['u3', 'u1', 'u2'];
      for (const u of userNames) {
        await createConfirmedUser(s.sdk, poolId, u, null);
        await join(s.sdk, poolId, u, 'g01');
      }
      await join(s.sdk, poolId, 'u1', ...groupNames.filter((g) => g !== 'g01'));

      async function all<T>(page: (token: string | undefined) => Promise<{ items: T[]; next?: string }>): Promise<T[][]> {
        const pages: T[][] = [];
        let token: string | undefined;
        do {
          const p = await page(token);
          pages.push(p.items);
          token = p.next;
        } while (token);
        return pages;
      }
      const groupsPages = await all(async (NextToken) => {
        const r = await s.sdk.send(new ListGroupsCommand({ UserPoolId: poolId, Limit: 2, NextToken }));
        return { items: r.Groups!.map((g) => g.GroupName!), next: r.NextToken };
      });
      assert.deepEqual(groupsPages, [['g01', 'g02'], ['g03', 'g04'], ['g05']]);
      const forUser = await all(async (NextToken) => {
        const r = await s.sdk.send(new AdminListGroupsForUserCommand({ UserPoolId: poolId, Username: 'u1', Limit: 3, NextToken }));
        return { items: r.Groups!.map((g) => g.GroupName!), next: r.NextToken };
      });
      assert.deepEqual(forUser, [
        ['g01', 'g02', 'g03'],
        ['g04', 'g05'],
      ]);
      const inGroup = await all(async (NextToken) => {
        const r = await s.sdk.send(new ListUsersInGroupCommand({ UserPoolId: poolId, GroupName: 'g01', Limit: 1, NextToken }));
        return { items: r.Users!.map((u) => u.Username!), next: r.NextToken };
      });
      assert.deepEqual(inGroup, [['u1'], ['u2'], ['u3']]);
      // Limit 0 or absent: up to 60 on one page.
      assert.equal((await s.sdk.send(new ListGroupsCommand({ UserPoolId: poolId, Limit: 0 }))).Groups!.length, 5);
      assert.equal((await s.sdk.send(new ListGroupsCommand({ UserPoolId: poolId }))).NextToken, undefined);
    });

    it('returns at most 60 groups a page by default', async () => {
      const { poolId } = await newPool(s.sdk);
      for (let i = 0; i < 61; i++) await group(s.sdk, poolId, `g${String(i).padStart(2, '0')}`);
      const first = await s.sdk.send(new ListGroupsCommand({ UserPoolId: poolId }));
      assert.equal(first.Groups!.length, 60);
      const second = await s.sdk.send(new ListGroupsCommand({ UserPoolId: poolId, NextToken: first.NextToken }));
      assert.deepEqual([second.Groups!.map((g) => g.GroupName), second.NextToken], [['g60'], undefined]);
    });

    it('refuses a Limit over 60, and a NextToken that is not from the same listing, with InvalidParameterException', async () => {
      const { poolId } = await newPool(s.sdk);
      await createConfirmedUser(s.sdk, poolId, 'alice', null);
      await createConfirmedUser(s.sdk, poolId, 'bob', null);
      for (const g of ['a', 'b', 'c']) await group(s.sdk, poolId, g);
      await join(s.sdk, poolId, 'alice', 'a', 'b', 'c');
      await join(s.sdk, poolId, 'bob', 'a', 'b', 'c');
      await assert.rejects(s.sdk.send(new ListGroupsCommand({ UserPoolId: poolId, Limit: 61 })), {
        name: 'InvalidParameterException',
        message: "1 validation error detected: Value '61' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 60",
      });
      const token = (await s.sdk.send(new ListGroupsCommand({ UserPoolId: poolId, Limit: 1 }))).NextToken!;
      const aliceToken = (await s.sdk.send(new AdminListGroupsForUserCommand({ UserPoolId: poolId, Username: 'alice', Limit: 1 }))).NextToken!;
      const bad = { name: 'InvalidParameterException', message: 'Invalid pagination token.' };
      await assert.rejects(s.sdk.send(new ListGroupsCommand({ UserPoolId: poolId, NextToken: 'garbage' })), bad);
      await assert.rejects(s.sdk.send(new ListUsersInGroupCommand({ UserPoolId: poolId, GroupName: 'a', NextToken: token })), bad);
      await assert.rejects(s.sdk.send(new AdminListGroupsForUserCommand({ UserPoolId: poolId, Username: 'bob', NextToken: aliceToken })), bad);
      const { poolId: other } = await newPool(s.sdk);
      await assert.rejects(s.sdk.send(new ListGroupsCommand({ UserPoolId: other, NextToken: token })), bad);
    });
  });

  describe('group claims in tokens', () => {
    /** A pool with a client and a confirmed user; returns a sign-in function. */
    async function setup() {
      const { poolId, clientId } = await newPool(s.sdk);
      await createConfirmedUser(s.sdk, poolId, 'alice', null);
      return { poolId, clientId, signIn: () => signIn(s.sdk, clientId, 'alice') };
    }

    it('puts no group claim in the tokens of a user in no group', async () => {
      const t = await (await setup()).signIn();
      assert.deepEqual(groupClaimsOf(t.accessToken), {});
      assert.deepEqual(groupClaimsOf(t.idToken), {});
    });

    it('names the groups in both tokens and the roles, with the highest-ranked role preferred, in the ID token only', async () => {
      const u = await setup();
      await group(s.sdk, u.poolId, 'readers', { RoleArn: ROLE_B, Precedence: 10 });
      await group(s.sdk, u.poolId, 'admins', { RoleArn: ROLE_A, Precedence: 1 });
      await group(s.sdk, u.poolId, 'beta', {});
      await join(s.sdk, u.poolId, 'alice', 'readers', 'admins', 'beta');
      const t = await u.signIn();
      assert.deepEqual(groupClaimsOf(t.accessToken), { 'cognito:groups': ['admins', 'readers', 'beta'] });
      // The claim order of today's real access tokens with groups (reference: cognito-service.md 3.2).
      assert.deepEqual(Object.keys(claims(t.accessToken)), [
        'sub',
        'cognito:groups',
        'iss',
        'client_id',
        'origin_jti',
        'event_id',
        'token_use',
        'scope',
        'auth_time',
        'exp',
        'iat',
        'jti',
        'username',
      ]);
      assert.deepEqual(groupClaimsOf(t.idToken), {
        'cognito:groups': ['admins', 'readers', 'beta'],
        'cognito:roles': [ROLE_A, ROLE_B],
        'cognito:preferred_role': ROLE_A,
      });
    });

    it('prefers the role of the highest-ranked group that has one, over a higher-ranked group without a role', async () => {
      const u = await setup();
      await group(s.sdk, u.poolId, 'top', { Precedence: 0 });
      await group(s.sdk, u.poolId, 'mid', { RoleArn: ROLE_B, Precedence: 5 });
      await group(s.sdk, u.poolId, 'low', { RoleArn: ROLE_C });
      await join(s.sdk, u.poolId, 'alice', 'low', 'mid', 'top');
      const id = groupClaimsOf((await u.signIn()).idToken);
      assert.deepEqual(id, { 'cognito:groups': ['top', 'mid', 'low'], 'cognito:roles': [ROLE_B, ROLE_C], 'cognito:preferred_role': ROLE_B });
    });

    it('leaves cognito:preferred_role out when the highest-ranked groups with roles tie with different roles', async () => {
      const u = await setup();
      await group(s.sdk, u.poolId, 'a', { RoleArn: ROLE_A, Precedence: 3 });
      await group(s.sdk, u.poolId, 'b', { RoleArn: ROLE_B, Precedence: 3 });
      await group(s.sdk, u.poolId, 'c', { RoleArn: ROLE_C, Precedence: 7 });
      await join(s.sdk, u.poolId, 'alice', 'a', 'b', 'c');
      assert.deepEqual(groupClaimsOf((await u.signIn()).idToken), { 'cognito:groups': ['a', 'b', 'c'], 'cognito:roles': [ROLE_A, ROLE_B, ROLE_C] });
    });

    it('uses the shared role when the tied highest-ranked groups name the same one', async () => {
      const u = await setup();
      await group(s.sdk, u.poolId, 'a', { RoleArn: ROLE_A, Precedence: 3 });
      await group(s.sdk, u.poolId, 'b', { RoleArn: ROLE_A, Precedence: 3 });
      await join(s.sdk, u.poolId, 'alice', 'a', 'b');
      assert.deepEqual(groupClaimsOf((await u.signIn()).idToken), {
        'cognito:groups': ['a', 'b'],
        'cognito:roles': [ROLE_A],
        'cognito:preferred_role': ROLE_A,
      });
    });

    it('ranks groups without a precedence below every number, and tied with each other', async () => {
      const u = await setup();
      await group(s.sdk, u.poolId, 'unranked-a', { RoleArn: ROLE_A });
      await group(s.sdk, u.poolId, 'unranked-b', { RoleArn: ROLE_B });
      await join(s.sdk, u.poolId, 'alice', 'unranked-a', 'unranked-b');
      assert.deepEqual(groupClaimsOf((await u.signIn()).idToken), {
        'cognito:groups': ['unranked-a', 'unranked-b'],
        'cognito:roles': [ROLE_A, ROLE_B],
      });
      await group(s.sdk, u.poolId, 'ranked', { RoleArn: ROLE_C, Precedence: 2147483647 });
      await join(s.sdk, u.poolId, 'alice', 'ranked');
      assert.equal(groupClaimsOf((await u.signIn()).idToken)['cognito:preferred_role'], ROLE_C);
    });

    it('puts no role claim in the ID token when none of the groups has a role', async () => {
      const u = await setup();
      await group(s.sdk, u.poolId, 'plain', { Precedence: 1 });
      await join(s.sdk, u.poolId, 'alice', 'plain');
      const t = await u.signIn();
      assert.deepEqual(groupClaimsOf(t.idToken), { 'cognito:groups': ['plain'] });
      assert.deepEqual(groupClaimsOf(t.accessToken), { 'cognito:groups': ['plain'] });
    });

    it('keeps the claims of tokens issued before a membership change; the next refresh and sign-in show it', async () => {
      const u = await setup();
      await group(s.sdk, u.poolId, 'a', { RoleArn: ROLE_A, Precedence: 1 });
      await group(s.sdk, u.poolId, 'b', { RoleArn: ROLE_B, Precedence: 2 });
      await join(s.sdk, u.poolId, 'alice', 'a');
      const before_ = await u.signIn();
      assert.deepEqual(groupClaimsOf(before_.accessToken), { 'cognito:groups': ['a'] });

      await join(s.sdk, u.poolId, 'alice', 'b');
      await s.sdk.send(new AdminRemoveUserFromGroupCommand({ UserPoolId: u.poolId, Username: 'alice', GroupName: 'a' }));
      // The old access token still works and still says what it said.
      assert.equal((await s.sdk.send(new GetUserCommand({ AccessToken: before_.accessToken }))).Username, 'alice');
      assert.deepEqual(groupClaimsOf(before_.accessToken), { 'cognito:groups': ['a'] });

      const refreshed = await s.sdk.send(
        new InitiateAuthCommand({ ClientId: u.clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: before_.refreshToken } }),
      );
      assert.deepEqual(groupClaimsOf(refreshed.AuthenticationResult!.AccessToken!), { 'cognito:groups': ['b'] });
      assert.deepEqual(groupClaimsOf(refreshed.AuthenticationResult!.IdToken!), {
        'cognito:groups': ['b'],
        'cognito:roles': [ROLE_B],
        'cognito:preferred_role': ROLE_B,
      });

      // A group update and a deletion show in the next sign-in too.
      await s.sdk.send(new UpdateGroupCommand({ UserPoolId: u.poolId, GroupName: 'b', RoleArn: ROLE_C }));
      assert.equal(groupClaimsOf((await u.signIn()).idToken)['cognito:preferred_role'], ROLE_C);
      await s.sdk.send(new DeleteGroupCommand({ UserPoolId: u.poolId, GroupName: 'b' }));
      const after_ = await u.signIn();
      assert.deepEqual([groupClaimsOf(after_.accessToken), groupClaimsOf(after_.idToken)], [{}, {}]);
    });
  });
});

/**
 * The hot path: GetUser and SetUserSettings are authorised by an access token, whose groups are in the
 * token already, so they must not read groups at all. A store spy counts every group read.
 */
describe('Group reads on the hot path', () => {
  const GROUP_READS = new Set(['getGroup', 'listGroups', 'listGroupsForUser', 'groupsOfUser', 'listUsersInGroup']);
  let s: TestServer;
  const reads = new Map<string, number>();
  const total = () => [...reads.values()].reduce((a, b) => a + b, 0);

  /** The store with every group read counted (methods bound to the real store, so its private state works). */
  function spy(store: Store): Store {
    return new Proxy(store, {
      get(target, prop, receiver) {
        const v = Reflect.get(target, prop, receiver);
        if (typeof v !== 'function') return v;
        if (typeof prop === 'string' && GROUP_READS.has(prop)) {
          return (...args: unknown[]) => {
            reads.set(prop, (reads.get(prop) ?? 0) + 1);
            return v.apply(target, args);
          };
        }
        return v.bind(target);
      },
    });
  }

  before(async () => {
    s = await startServer({}, { store: spy(new SqliteStore({ dataDir: ':memory:' })) });
  });
  after(async () => s.close());

  it('reads no group in GetUser and SetUserSettings, and the groups once per token issue', async () => {
    const { poolId, clientId } = await createPoolAndClient(s.sdk, { MfaConfiguration: 'OPTIONAL' });
    await createConfirmedUser(s.sdk, poolId, 'alice');
    for (const g of ['a', 'b']) {
      await s.sdk.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: g, RoleArn: ROLE_A }));
      await s.sdk.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: 'alice', GroupName: g }));
    }
    reads.clear();
    const t = await signIn(s.sdk, clientId, 'alice');
    assert.deepEqual(Object.fromEntries(reads), { groupsOfUser: 1 }, 'one read of the groups per sign-in');
    assert.deepEqual(claims(t.accessToken)['cognito:groups'], ['a', 'b']);

    reads.clear();
    for (let i = 0; i < 50; i++) {
      await s.sdk.send(new GetUserCommand({ AccessToken: t.accessToken }));
      await s.sdk.send(
        new SetUserSettingsCommand({ AccessToken: t.accessToken, MFAOptions: i % 2 ? [] : [{ DeliveryMedium: 'SMS', AttributeName: 'phone_number' }] }),
      );
    }
    assert.equal(total(), 0, `group reads in 100 GetUser/SetUserSettings requests: ${JSON.stringify(Object.fromEntries(reads))}`);

    reads.clear();
    await s.sdk.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: t.refreshToken } }));
    assert.deepEqual(Object.fromEntries(reads), { groupsOfUser: 1 }, 'one read of the groups per refresh');
  });
});
