import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import {
  AddUserPoolClientSecretCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DeleteUserPoolClientSecretCommand,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  InitiateAuthCommand,
  ListTagsForResourceCommand,
  ListUserPoolClientSecretsCommand,
  RevokeTokenCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateUserPoolClientCommand,
  UpdateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { rawCall, startServer, type TestServer } from '../helpers/server.js';
import { createConfirmedUser, PASSWORD } from '../helpers/fixtures.js';

const MISSING_POOL = 'us-east-1_AAAAAAAAA';
const FLOWS = ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] as const;

/** Cognito's SECRET_HASH, computed here independently of the server's code. */
function secretHash(secret: string, username: string, clientId: string): string {
  return createHmac('sha256', secret)
    .update(username + clientId)
    .digest('base64');
}

describe('UpdateUserPoolClient', () => {
  let s: TestServer;
  let poolId: string;
  before(async () => {
    s = await startServer();
    poolId = (await s.sdk.send(new CreateUserPoolCommand({ PoolName: 'update-clients' }))).UserPool!.Id!;
    await createConfirmedUser(s.sdk, poolId, 'alice', null);
  });
  after(async () => s.close());

  it('replaces the settings: what the request leaves out returns to its default, as a new client has it', async () => {
    const created = (
      await s.sdk.send(
        new CreateUserPoolClientCommand({
          UserPoolId: poolId,
          ClientName: 'full',
          GenerateSecret: true,
          ExplicitAuthFlows: [...FLOWS],
          AccessTokenValidity: 30,
          IdTokenValidity: 2,
          RefreshTokenValidity: 12,
          TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'hours', RefreshToken: 'hours' },
          ReadAttributes: ['email'],
          PreventUserExistenceErrors: 'ENABLED',
          EnableTokenRevocation: false,
          AuthSessionValidity: 10,
        }),
      )
    ).UserPoolClient!;
    s.clock.advance(60);
    const updated = (
      await s.sdk.send(new UpdateUserPoolClientCommand({ UserPoolId: poolId, ClientId: created.ClientId!, ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'] }))
    ).UserPoolClient!;
    const fresh = (
      await s.sdk.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'full', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'] }))
    ).UserPoolClient!;
    const settings = (c: object) => {
      const { ClientId, ClientSecret, CreationDate, LastModifiedDate, ...rest } = c as Record<string, unknown>;
      return rest;
    };
    assert.deepEqual(settings(updated), settings(fresh));
    assert.equal(updated.AccessTokenValidity, undefined);
    assert.equal(updated.PreventUserExistenceErrors, 'LEGACY');
    assert.equal(updated.EnableTokenRevocation, true);
    assert.equal(updated.RefreshTokenValidity, 30);
    assert.equal(updated.AuthSessionValidity, 3);
    // Who the client is does not change: id, name (not given), secret, creation date.
    assert.equal(updated.ClientId, created.ClientId);
    assert.equal(updated.ClientName, 'full');
    assert.equal(updated.ClientSecret, created.ClientSecret);
    assert.equal(updated.CreationDate!.getTime(), created.CreationDate!.getTime());
    assert.equal(updated.LastModifiedDate!.getTime(), created.LastModifiedDate!.getTime() + 60_000);
    const described = (await s.sdk.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: created.ClientId! }))).UserPoolClient!;
    assert.deepEqual(described, updated);
  });

  it('renames the client and applies new token lifetimes to the next sign-in', async () => {
    const clientId = (await s.sdk.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'old', ExplicitAuthFlows: [...FLOWS] })))
      .UserPoolClient!.ClientId!;
    const out = await s.sdk.send(
      new UpdateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientId: clientId,
        ClientName: 'new',
        ExplicitAuthFlows: [...FLOWS],
        AccessTokenValidity: 15,
        TokenValidityUnits: { AccessToken: 'minutes' },
      }),
    );
    assert.equal(out.UserPoolClient!.ClientName, 'new');
    const r = await s.sdk.send(
      new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'alice', PASSWORD } }),
    );
    assert.equal(r.AuthenticationResult!.ExpiresIn, 900);
  });

  it('stops a sign-in flow that the update leaves out', async () => {
    const clientId = (await s.sdk.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'flows', ExplicitAuthFlows: [...FLOWS] })))
      .UserPoolClient!.ClientId!;
    await s.sdk.send(new UpdateUserPoolClientCommand({ UserPoolId: poolId, ClientId: clientId }));
    await assert.rejects(
      s.sdk.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'alice', PASSWORD } })),
      { name: 'InvalidParameterException' },
    );
  });

  it('refuses invalid settings as CreateUserPoolClient does, and keeps the stored client', async () => {
    const created = (await s.sdk.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'kept', ExplicitAuthFlows: [...FLOWS] })))
      .UserPoolClient!;
    await assert.rejects(s.sdk.send(new UpdateUserPoolClientCommand({ UserPoolId: poolId, ClientId: created.ClientId!, IdTokenValidity: 25 })), {
      name: 'InvalidParameterException',
      message: 'Invalid range for token validity: ID token must be between 5 minutes and 1 day.',
    });
    await assert.rejects(
      s.sdk.send(
        new UpdateUserPoolClientCommand({ UserPoolId: poolId, ClientId: created.ClientId!, ExplicitAuthFlows: ['USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH'] }),
      ),
      { name: 'InvalidParameterException', message: "ExplicitAuthFlows can't have both LEGACY and NEW values at the same time" },
    );
    assert.deepEqual((await s.sdk.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: created.ClientId! }))).UserPoolClient, created);
  });

  it('answers ResourceNotFoundException for an unknown client, a client of another pool, or an unknown pool', async () => {
    await assert.rejects(s.sdk.send(new UpdateUserPoolClientCommand({ UserPoolId: poolId, ClientId: 'abcdefghijklmnopqrstuvwxyz' })), {
      name: 'ResourceNotFoundException',
      message: 'User pool client abcdefghijklmnopqrstuvwxyz does not exist.',
    });
    const other = (await s.sdk.send(new CreateUserPoolCommand({ PoolName: 'other' }))).UserPool!.Id!;
    const mine = (await s.sdk.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'mine' }))).UserPoolClient!;
    await assert.rejects(s.sdk.send(new UpdateUserPoolClientCommand({ UserPoolId: other, ClientId: mine.ClientId!, ClientName: 'stolen' })), {
      name: 'ResourceNotFoundException',
      message: `User pool client ${mine.ClientId} does not exist.`,
    });
    assert.equal((await s.sdk.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: mine.ClientId! }))).UserPoolClient!.ClientName, 'mine');
    await assert.rejects(s.sdk.send(new UpdateUserPoolClientCommand({ UserPoolId: MISSING_POOL, ClientId: mine.ClientId! })), {
      name: 'ResourceNotFoundException',
      message: `User pool ${MISSING_POOL} does not exist.`,
    });
  });
});

describe('Client secrets: AddUserPoolClientSecret, ListUserPoolClientSecrets, DeleteUserPoolClientSecret', () => {
  let s: TestServer;
  let poolId: string;
  before(async () => {
    s = await startServer();
    poolId = (await s.sdk.send(new CreateUserPoolCommand({ PoolName: 'secrets' }))).UserPool!.Id!;
    await createConfirmedUser(s.sdk, poolId, 'carol', null);
  });
  after(async () => s.close());

  const confidential = async () => {
    const c = (
      await s.sdk.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'server', GenerateSecret: true, ExplicitAuthFlows: [...FLOWS] }))
    ).UserPoolClient!;
    return { clientId: c.ClientId!, secret: c.ClientSecret!, created: c.CreationDate! };
  };
  const signInWith = (clientId: string, secret: string) =>
    s.sdk.send(
      new InitiateAuthCommand({
        ClientId: clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: 'carol', PASSWORD, SECRET_HASH: secretHash(secret, 'carol', clientId) },
      }),
    );
  const list = async (clientId: string) => (await s.sdk.send(new ListUserPoolClientSecretsCommand({ UserPoolId: poolId, ClientId: clientId }))).ClientSecrets!;

  it("lists a new client's secret by id and creation date, never its value", async () => {
    const { clientId, created } = await confidential();
    const r = await rawCall(s.url, 'ListUserPoolClientSecrets', { UserPoolId: poolId, ClientId: clientId });
    assert.deepEqual(r.body, { ClientSecrets: [{ ClientSecretId: `${clientId}--${created.getTime()}`, ClientSecretCreateDate: created.getTime() / 1000 }] });
  });

  it('adds a generated second secret, returned once with its value; either secret then signs in', async () => {
    const { clientId, secret } = await confidential();
    s.clock.advance(5);
    const now = s.clock.now();
    const added = (await s.sdk.send(new AddUserPoolClientSecretCommand({ UserPoolId: poolId, ClientId: clientId }))).ClientSecretDescriptor!;
    assert.equal(added.ClientSecretId, `${clientId}--${now.getTime()}`);
    assert.match(added.ClientSecretValue!, /^[a-z0-9]{51}$/);
    assert.equal(added.ClientSecretCreateDate!.getTime(), now.getTime());
    assert.deepEqual(
      (await list(clientId)).map((d) => [d.ClientSecretId, d.ClientSecretValue]),
      [
        [`${clientId}--${now.getTime() - 5000}`, undefined],
        [added.ClientSecretId, undefined],
      ],
    );
    assert.ok((await signInWith(clientId, secret)).AuthenticationResult!.AccessToken);
    const withNew = await signInWith(clientId, added.ClientSecretValue!);
    assert.ok(withNew.AuthenticationResult!.AccessToken);
    await assert.rejects(signInWith(clientId, 'not-a-secret-of-this-client-at-all'), {
      name: 'NotAuthorizedException',
      message: `Unable to verify secret hash for client ${clientId}`,
    });
    // RevokeToken authenticates the client with either secret too.
    await assert.rejects(
      s.sdk.send(new RevokeTokenCommand({ ClientId: clientId, Token: withNew.AuthenticationResult!.RefreshToken!, ClientSecret: 'wrong_secret_0123456789ab' })),
      { name: 'UnauthorizedException', message: `Unable to verify client secret for client ${clientId}` },
    );
    await s.sdk.send(
      new RevokeTokenCommand({ ClientId: clientId, Token: withNew.AuthenticationResult!.RefreshToken!, ClientSecret: added.ClientSecretValue! }),
    );
    await s.sdk.send(new RevokeTokenCommand({ ClientId: clientId, Token: withNew.AuthenticationResult!.RefreshToken!, ClientSecret: secret }));
  });

  it('adds a given secret without echoing its value', async () => {
    const { clientId } = await confidential();
    const given = 'my_own_secret_value_0123456789';
    const r = await rawCall(s.url, 'AddUserPoolClientSecret', { UserPoolId: poolId, ClientId: clientId, ClientSecret: given });
    assert.equal(r.status, 200);
    assert.deepEqual(Object.keys(r.body.ClientSecretDescriptor).sort(), ['ClientSecretCreateDate', 'ClientSecretId']);
    assert.ok((await signInWith(clientId, given)).AuthenticationResult);
  });

  it('keeps showing the older secret in DescribeUserPoolClient until it is deleted', async () => {
    const { clientId, secret } = await confidential();
    const added = (await s.sdk.send(new AddUserPoolClientSecretCommand({ UserPoolId: poolId, ClientId: clientId }))).ClientSecretDescriptor!;
    const describe = async () => (await s.sdk.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: clientId }))).UserPoolClient!.ClientSecret;
    assert.equal(await describe(), secret);
    const [first] = await list(clientId);
    await s.sdk.send(new DeleteUserPoolClientSecretCommand({ UserPoolId: poolId, ClientId: clientId, ClientSecretId: first!.ClientSecretId! }));
    assert.equal(await describe(), added.ClientSecretValue);
  });

  it('refuses a third secret with LimitExceededException', async () => {
    const { clientId } = await confidential();
    await s.sdk.send(new AddUserPoolClientSecretCommand({ UserPoolId: poolId, ClientId: clientId }));
    await assert.rejects(s.sdk.send(new AddUserPoolClientSecretCommand({ UserPoolId: poolId, ClientId: clientId })), (e: Error) => {
      assert.equal(e.name, 'LimitExceededException');
      assert.match(e.message, /already has 2 client secrets/);
      return true;
    });
    assert.equal((await list(clientId)).length, 2);
  });

  it('lets one of many concurrent additions land', async () => {
    const { clientId } = await confidential();
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, () => s.sdk.send(new AddUserPoolClientSecretCommand({ UserPoolId: poolId, ClientId: clientId }))),
    );
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    assert.equal((await list(clientId)).length, 2);
  });

  it('deletes a secret: it stops working and the other one keeps working', async () => {
    const { clientId, secret } = await confidential();
    const added = (await s.sdk.send(new AddUserPoolClientSecretCommand({ UserPoolId: poolId, ClientId: clientId }))).ClientSecretDescriptor!;
    const [old] = await list(clientId);
    const out = await s.sdk.send(new DeleteUserPoolClientSecretCommand({ UserPoolId: poolId, ClientId: clientId, ClientSecretId: old!.ClientSecretId! }));
    assert.equal(out.$metadata.httpStatusCode, 200);
    await assert.rejects(signInWith(clientId, secret), { name: 'NotAuthorizedException', message: `Unable to verify secret hash for client ${clientId}` });
    assert.ok((await signInWith(clientId, added.ClientSecretValue!)).AuthenticationResult);
    assert.deepEqual(
      (await list(clientId)).map((d) => d.ClientSecretId),
      [added.ClientSecretId],
    );
  });

  it('refuses to delete the last remaining secret, and an unknown secret id', async () => {
    const { clientId, secret } = await confidential();
    const [only] = await list(clientId);
    await assert.rejects(s.sdk.send(new DeleteUserPoolClientSecretCommand({ UserPoolId: poolId, ClientId: clientId, ClientSecretId: only!.ClientSecretId! })), {
      name: 'InvalidParameterException',
      message: `Cannot delete the last remaining client secret of client ${clientId}.`,
    });
    await assert.rejects(s.sdk.send(new DeleteUserPoolClientSecretCommand({ UserPoolId: poolId, ClientId: clientId, ClientSecretId: `${clientId}--1` })), {
      name: 'ResourceNotFoundException',
      message: `Client secret ${clientId}--1 does not exist.`,
    });
    assert.ok((await signInWith(clientId, secret)).AuthenticationResult);
  });

  it('refuses a client created with GenerateSecret and a ClientSecret both, and keeps a given secret', async () => {
    await assert.rejects(
      s.sdk.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'both', GenerateSecret: true, ClientSecret: 'given_secret_0123456789abc' })),
      { name: 'InvalidParameterException' },
    );
    const given = (
      await s.sdk.send(
        new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'given', ClientSecret: 'given_secret_0123456789abc', ExplicitAuthFlows: [...FLOWS] }),
      )
    ).UserPoolClient!;
    assert.equal(given.ClientSecret, 'given_secret_0123456789abc');
    assert.ok((await signInWith(given.ClientId!, 'given_secret_0123456789abc')).AuthenticationResult);
  });

  it('refuses to add a secret to a public client, which lists none', async () => {
    const clientId = (await s.sdk.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'public' }))).UserPoolClient!.ClientId!;
    assert.deepEqual(await list(clientId), []);
    await assert.rejects(s.sdk.send(new AddUserPoolClientSecretCommand({ UserPoolId: poolId, ClientId: clientId })), { name: 'InvalidParameterException' });
    assert.equal((await s.sdk.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: clientId }))).UserPoolClient!.ClientSecret, undefined);
  });

  it('rejects a given secret that is too short, in Coral words', async () => {
    const { clientId } = await confidential();
    const r = await rawCall(s.url, 'AddUserPoolClientSecret', { UserPoolId: poolId, ClientId: clientId, ClientSecret: 'short' });
    assert.equal(r.body.__type, 'InvalidParameterException');
    assert.match(
      r.body.message,
      /^1 validation error detected: .*'clientSecret' failed to satisfy constraint: Member must have length greater than or equal to 24/,
    );
  });

  it('answers ResourceNotFoundException for an unknown client, or a client of another pool', async () => {
    const { clientId } = await confidential();
    const other = (await s.sdk.send(new CreateUserPoolCommand({ PoolName: 'other' }))).UserPool!.Id!;
    for (const send of [
      () => s.sdk.send(new AddUserPoolClientSecretCommand({ UserPoolId: other, ClientId: clientId })),
      () => s.sdk.send(new ListUserPoolClientSecretsCommand({ UserPoolId: other, ClientId: clientId })),
      () => s.sdk.send(new DeleteUserPoolClientSecretCommand({ UserPoolId: other, ClientId: clientId, ClientSecretId: `${clientId}--1` })),
    ]) {
      await assert.rejects(send(), { name: 'ResourceNotFoundException', message: `User pool client ${clientId} does not exist.` });
    }
    assert.equal((await list(clientId)).length, 1);
  });
});

describe('Tags: TagResource, UntagResource, ListTagsForResource and UserPoolTags', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
  });
  after(async () => s.close());

  const newPool = async (tags?: Record<string, string>) => {
    const pool = (await s.sdk.send(new CreateUserPoolCommand({ PoolName: 'tagged', ...(tags ? { UserPoolTags: tags } : {}) }))).UserPool!;
    return { id: pool.Id!, arn: pool.Arn! };
  };
  const tagsOf = async (arn: string) => (await s.sdk.send(new ListTagsForResourceCommand({ ResourceArn: arn }))).Tags;

  it('keeps UserPoolTags given at creation, in CreateUserPool, DescribeUserPool and ListTagsForResource', async () => {
    const { id, arn } = await newPool({ team: 'identity', env: 'test' });
    assert.deepEqual((await s.sdk.send(new DescribeUserPoolCommand({ UserPoolId: id }))).UserPool!.UserPoolTags, { team: 'identity', env: 'test' });
    assert.deepEqual(await tagsOf(arn), { team: 'identity', env: 'test' });
  });

  it('adds and replaces tags, removes them by key, and shows them in DescribeUserPool', async () => {
    const { id, arn } = await newPool({ team: 'identity' });
    const tagged = await s.sdk.send(new TagResourceCommand({ ResourceArn: arn, Tags: { team: 'platform', 'cost center': '42', 'a:b/c=d+e-f@g_h.i': '' } }));
    assert.equal(tagged.$metadata.httpStatusCode, 200);
    assert.deepEqual(await tagsOf(arn), { team: 'platform', 'cost center': '42', 'a:b/c=d+e-f@g_h.i': '' });
    await s.sdk.send(new UntagResourceCommand({ ResourceArn: arn, TagKeys: ['team', 'not-there'] }));
    assert.deepEqual(await tagsOf(arn), { 'cost center': '42', 'a:b/c=d+e-f@g_h.i': '' });
    assert.deepEqual((await s.sdk.send(new DescribeUserPoolCommand({ UserPoolId: id }))).UserPool!.UserPoolTags, {
      'cost center': '42',
      'a:b/c=d+e-f@g_h.i': '',
    });
  });

  it('answers an empty Tags map for a pool without tags, and empty bodies for TagResource and UntagResource', async () => {
    const { arn } = await newPool();
    const r = await rawCall(s.url, 'ListTagsForResource', { ResourceArn: arn });
    assert.deepEqual(r.body, { Tags: {} });
    assert.deepEqual((await rawCall(s.url, 'TagResource', { ResourceArn: arn, Tags: { a: '1' } })).body, {});
    assert.deepEqual((await rawCall(s.url, 'UntagResource', { ResourceArn: arn, TagKeys: ['a'] })).body, {});
  });

  it('keeps tags through an UpdateUserPool that leaves UserPoolTags out, and replaces them when it names them', async () => {
    const { id, arn } = await newPool({ team: 'identity' });
    await s.sdk.send(new UpdateUserPoolCommand({ UserPoolId: id, DeletionProtection: 'INACTIVE' }));
    assert.deepEqual(await tagsOf(arn), { team: 'identity' });
    await s.sdk.send(new UpdateUserPoolCommand({ UserPoolId: id, UserPoolTags: { owner: 'me' } }));
    assert.deepEqual(await tagsOf(arn), { owner: 'me' });
  });

  it('lands every one of many concurrent TagResource calls', async () => {
    const { arn } = await newPool();
    await Promise.all(Array.from({ length: 10 }, (_, i) => s.sdk.send(new TagResourceCommand({ ResourceArn: arn, Tags: { [`k${i}`]: `v${i}` } }))));
    assert.equal(Object.keys((await tagsOf(arn))!).length, 10);
  });

  it('refuses the reserved aws: prefix, keys with other characters and a 51st tag, changing nothing', async () => {
    const { arn } = await newPool({ keep: 'me' });
    for (const key of ['aws:created', 'AWS:x', 'bad#key', 'new\nline']) {
      await assert.rejects(s.sdk.send(new TagResourceCommand({ ResourceArn: arn, Tags: { [key]: 'v' } })), { name: 'InvalidParameterException' });
    }
    const fifty = Object.fromEntries(Array.from({ length: 49 }, (_, i) => [`t${i}`, 'v']));
    await s.sdk.send(new TagResourceCommand({ ResourceArn: arn, Tags: fifty }));
    await assert.rejects(s.sdk.send(new TagResourceCommand({ ResourceArn: arn, Tags: { one: 'too many' } })), (e: Error) => {
      assert.equal(e.name, 'InvalidParameterException');
      assert.match(e.message, /at most 50 tags/);
      return true;
    });
    assert.equal(Object.keys((await tagsOf(arn))!).length, 50);
    await assert.rejects(s.sdk.send(new CreateUserPoolCommand({ PoolName: 'reserved', UserPoolTags: { 'aws:x': 'y' } })), {
      name: 'InvalidParameterException',
    });
  });

  it('answers ResourceNotFoundException for the ARN of a pool that does not exist or of another region or account', async () => {
    const { id } = await newPool();
    const arns = [
      `arn:aws:cognito-idp:us-east-1:123456789012:userpool/${MISSING_POOL}`,
      `arn:aws:cognito-idp:eu-west-1:123456789012:userpool/${id}`,
      `arn:aws:cognito-idp:us-east-1:999999999999:userpool/${id}`,
    ];
    for (const arn of arns) {
      const pool = arn.slice(arn.lastIndexOf('/') + 1);
      for (const send of [
        () => s.sdk.send(new ListTagsForResourceCommand({ ResourceArn: arn })),
        () => s.sdk.send(new TagResourceCommand({ ResourceArn: arn, Tags: { a: 'b' } })),
        () => s.sdk.send(new UntagResourceCommand({ ResourceArn: arn, TagKeys: ['a'] })),
      ]) {
        await assert.rejects(send(), { name: 'ResourceNotFoundException', message: `User pool ${pool} does not exist.` });
      }
    }
  });

  it('answers InvalidParameterException for an ARN that is not a user pool ARN', async () => {
    const { id } = await newPool();
    for (const arn of [`arn:aws:cognito-identity:us-east-1:123456789012:identitypool/${id}`, `arn:aws:cognito-idp:us-east-1:123456789012:userpool/x/y`]) {
      await assert.rejects(s.sdk.send(new ListTagsForResourceCommand({ ResourceArn: arn })), {
        name: 'InvalidParameterException',
        message: `${arn} is not the ARN of a user pool.`,
      });
    }
    const r = await rawCall(s.url, 'ListTagsForResource', { ResourceArn: 'not-an-arn-at-all-really' });
    assert.equal(r.body.__type, 'InvalidParameterException');
    assert.match(r.body.message, /^1 validation error detected: .*'resourceArn' failed to satisfy constraint: Member must satisfy regular expression pattern/);
  });
});
