import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminListGroupsForUserCommand,
  AdminRemoveUserFromGroupCommand,
  AdminSetUserPasswordCommand,
  CreateGroupCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DeleteGroupCommand,
  GetGroupCommand,
  InitiateAuthCommand,
  ListUsersInGroupCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { FakeClock } from '../../src/clock.js';
import { PASSWORD, signIn } from '../helpers/fixtures.js';
import { freshSchema, skipWithoutPostgres, type TestSchema } from '../helpers/postgres.js';
import { startServer, type TestServer } from '../helpers/server.js';

/** Both instances sit behind one address, as behind a load balancer, so they name the same issuer. */
const PUBLIC_URL = 'http://cognate.example.test';
const ROLE = 'arn:aws:iam::123456789012:role/editors';

function payload(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString());
}

describe('groups across two instances on one PostgreSQL database', { skip: skipWithoutPostgres }, () => {
  let schema: TestSchema;
  let a: TestServer;
  let b: TestServer;
  let poolId: string;
  let clientId: string;

  before(async () => {
    schema = freshSchema();
    const clock = new FakeClock(new Date());
    a = await startServer({ publicUrl: PUBLIC_URL }, { store: await schema.open(), clock });
    b = await startServer({ publicUrl: PUBLIC_URL }, { store: await schema.open(), clock });
    poolId = (await a.sdk.send(new CreateUserPoolCommand({ PoolName: 'shared', MfaConfiguration: 'OFF' }))).UserPool!.Id!;
    const client = await a.sdk.send(
      new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'app', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }),
    );
    clientId = client.UserPoolClient!.ClientId!;
  });
  after(async () => {
    await a?.close();
    await b?.close();
    await schema?.drop();
  });

  async function userMadeThroughA(username: string): Promise<void> {
    await a.sdk.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: username, MessageAction: 'SUPPRESS' }));
    await a.sdk.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: username, Password: PASSWORD, Permanent: true }));
  }

  it('puts a membership made through A in the tokens B issues, and B lists it', async () => {
    await userMadeThroughA('alice');
    // B signs alice in first, so anything B kept in memory about her would now be stale.
    assert.equal(payload((await signIn(b.sdk, clientId, 'alice')).accessToken)['cognito:groups'], undefined);
    await a.sdk.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'editors', RoleArn: ROLE, Precedence: 1 }));
    await a.sdk.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: 'alice', GroupName: 'editors' }));

    const t = await signIn(b.sdk, clientId, 'alice');
    assert.deepEqual(payload(t.accessToken)['cognito:groups'], ['editors']);
    const id = payload(t.idToken);
    assert.deepEqual([id['cognito:groups'], id['cognito:roles'], id['cognito:preferred_role']], [['editors'], [ROLE], ROLE]);
    assert.equal((await b.sdk.send(new GetGroupCommand({ UserPoolId: poolId, GroupName: 'editors' }))).Group!.RoleArn, ROLE);
    assert.deepEqual(
      (await b.sdk.send(new ListUsersInGroupCommand({ UserPoolId: poolId, GroupName: 'editors' }))).Users!.map((u) => u.Username),
      ['alice'],
    );
  });

  it("shows in a refresh through A a removal made through B, and a deletion through B in A's next sign-in", async () => {
    await userMadeThroughA('bob');
    for (const g of ['one', 'two']) {
      await b.sdk.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: g }));
      await b.sdk.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: 'bob', GroupName: g }));
    }
    const t = await signIn(a.sdk, clientId, 'bob');
    assert.deepEqual(payload(t.accessToken)['cognito:groups'], ['one', 'two']);

    await b.sdk.send(new AdminRemoveUserFromGroupCommand({ UserPoolId: poolId, Username: 'bob', GroupName: 'one' }));
    const refreshed = await a.sdk.send(
      new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: t.refreshToken } }),
    );
    assert.deepEqual(payload(refreshed.AuthenticationResult!.AccessToken!)['cognito:groups'], ['two']);

    await b.sdk.send(new DeleteGroupCommand({ UserPoolId: poolId, GroupName: 'two' }));
    assert.equal(payload((await signIn(a.sdk, clientId, 'bob')).idToken)['cognito:groups'], undefined);
    assert.deepEqual((await a.sdk.send(new AdminListGroupsForUserCommand({ UserPoolId: poolId, Username: 'bob' }))).Groups, []);
  });

  it('lets exactly one of two instances create a group of a given name at the same moment', async () => {
    const results = await Promise.allSettled([
      a.sdk.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'race', Precedence: 1 })),
      b.sdk.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'race', Precedence: 2 })),
    ]);
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    assert.equal((refused.reason as Error).name, 'GroupExistsException');
  });
});
