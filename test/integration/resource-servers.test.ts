import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateResourceServerCommand,
  DeleteResourceServerCommand,
  DeleteUserPoolCommand,
  DescribeResourceServerCommand,
  ListResourceServersCommand,
  UpdateResourceServerCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { createPoolAndClient } from '../helpers/fixtures.js';
import { rawCall, startServer, type TestServer } from '../helpers/server.js';

const API = 'https://api.example.com';
const READ = { ScopeName: 'read', ScopeDescription: 'Read things' };
const WRITE = { ScopeName: 'write', ScopeDescription: 'Write things' };

describe('Resource servers through the AWS SDK v3', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
  });
  after(async () => s.close());

  async function newPool(): Promise<string> {
    return (await createPoolAndClient(s.sdk, { MfaConfiguration: 'OFF' })).poolId;
  }

  it('creates a resource server with its scopes and describes it', async () => {
    const poolId = await newPool();
    const created = await s.sdk.send(new CreateResourceServerCommand({ UserPoolId: poolId, Identifier: API, Name: 'My API', Scopes: [READ, WRITE] }));
    assert.deepEqual(created.ResourceServer, { UserPoolId: poolId, Identifier: API, Name: 'My API', Scopes: [READ, WRITE] });
    const described = await s.sdk.send(new DescribeResourceServerCommand({ UserPoolId: poolId, Identifier: API }));
    assert.deepEqual(described.ResourceServer, created.ResourceServer);
  });

  it('creates a resource server without scopes, answering an empty Scopes list', async () => {
    const poolId = await newPool();
    const created = await s.sdk.send(new CreateResourceServerCommand({ UserPoolId: poolId, Identifier: 'plain-name', Name: 'Plain' }));
    assert.deepEqual(created.ResourceServer!.Scopes, []);
  });

  it('refuses a second resource server with the same identifier with InvalidParameterException and keeps the first', async () => {
    const poolId = await newPool();
    await s.sdk.send(new CreateResourceServerCommand({ UserPoolId: poolId, Identifier: API, Name: 'First', Scopes: [READ] }));
    await assert.rejects(s.sdk.send(new CreateResourceServerCommand({ UserPoolId: poolId, Identifier: API, Name: 'Second' })), {
      name: 'InvalidParameterException',
      message: `A resource server with the identifier ${API} already exists in this user pool.`,
    });
    const kept = await s.sdk.send(new DescribeResourceServerCommand({ UserPoolId: poolId, Identifier: API }));
    assert.equal(kept.ResourceServer!.Name, 'First');
  });

  it('refuses a scope name with a slash, a quote in the identifier and a duplicate scope name', async () => {
    const poolId = await newPool();
    const bad = await rawCall(s.url, 'CreateResourceServer', {
      UserPoolId: poolId,
      Identifier: API,
      Name: 'x',
      Scopes: [{ ScopeName: 'a/b', ScopeDescription: 'd' }],
    });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.__type, 'InvalidParameterException');
    assert.match(bad.body.message, /at 'scopes\.1\.member\.scopeName' failed to satisfy constraint: Member must satisfy regular expression pattern/);
    const quote = await rawCall(s.url, 'CreateResourceServer', { UserPoolId: poolId, Identifier: 'a"b', Name: 'x' });
    assert.equal(quote.body.__type, 'InvalidParameterException');
    await assert.rejects(s.sdk.send(new CreateResourceServerCommand({ UserPoolId: poolId, Identifier: API, Name: 'x', Scopes: [READ, READ] })), {
      name: 'InvalidParameterException',
      message: "Duplicate scope name read in the resource server's scopes.",
    });
  });

  it('refuses more than 100 scopes with the validation message', async () => {
    const poolId = await newPool();
    const scopes = Array.from({ length: 101 }, (_, i) => ({ ScopeName: `s${i}`, ScopeDescription: 'd' }));
    const r = await rawCall(s.url, 'CreateResourceServer', { UserPoolId: poolId, Identifier: API, Name: 'x', Scopes: scopes });
    assert.equal(r.body.__type, 'InvalidParameterException');
    assert.match(r.body.message, /Member must have length less than or equal to 100/);
  });

  it('refuses a 26th resource server in a pool with LimitExceededException', async () => {
    const poolId = await newPool();
    for (let i = 0; i < 25; i++) await s.sdk.send(new CreateResourceServerCommand({ UserPoolId: poolId, Identifier: `rs${i}`, Name: `rs${i}` }));
    await assert.rejects(s.sdk.send(new CreateResourceServerCommand({ UserPoolId: poolId, Identifier: 'rs25', Name: 'rs25' })), {
      name: 'LimitExceededException',
    });
  });

  it('lists resource servers in identifier order a page at a time', async () => {
    const poolId = await newPool();
    for (const id of ['c', 'a', 'b']) await s.sdk.send(new CreateResourceServerCommand({ UserPoolId: poolId, Identifier: id, Name: id }));
    const first = await s.sdk.send(new ListResourceServersCommand({ UserPoolId: poolId, MaxResults: 2 }));
    assert.deepEqual(
      first.ResourceServers!.map((r) => r.Identifier),
      ['a', 'b'],
    );
    assert.ok(first.NextToken);
    const second = await s.sdk.send(new ListResourceServersCommand({ UserPoolId: poolId, MaxResults: 2, NextToken: first.NextToken }));
    assert.deepEqual(
      second.ResourceServers!.map((r) => r.Identifier),
      ['c'],
    );
    assert.equal(second.NextToken, undefined);
  });

  it('refuses a NextToken of another listing with InvalidParameterException', async () => {
    const poolId = await newPool();
    await assert.rejects(s.sdk.send(new ListResourceServersCommand({ UserPoolId: poolId, MaxResults: 2, NextToken: 'bm9wZQ' })), {
      name: 'InvalidParameterException',
      message: 'Invalid pagination token.',
    });
  });

  it('replaces name and scopes on UpdateResourceServer, dropping scopes left out', async () => {
    const poolId = await newPool();
    await s.sdk.send(new CreateResourceServerCommand({ UserPoolId: poolId, Identifier: API, Name: 'Old', Scopes: [READ, WRITE] }));
    const updated = await s.sdk.send(new UpdateResourceServerCommand({ UserPoolId: poolId, Identifier: API, Name: 'New', Scopes: [WRITE] }));
    assert.deepEqual(updated.ResourceServer, { UserPoolId: poolId, Identifier: API, Name: 'New', Scopes: [WRITE] });
    const cleared = await s.sdk.send(new UpdateResourceServerCommand({ UserPoolId: poolId, Identifier: API, Name: 'New' }));
    assert.deepEqual(cleared.ResourceServer!.Scopes, []);
  });

  it('answers ResourceNotFoundException for an unknown server on describe, update and delete', async () => {
    const poolId = await newPool();
    const missing = { name: 'ResourceNotFoundException', message: 'Resource server nope does not exist.' };
    await assert.rejects(s.sdk.send(new DescribeResourceServerCommand({ UserPoolId: poolId, Identifier: 'nope' })), missing);
    await assert.rejects(s.sdk.send(new UpdateResourceServerCommand({ UserPoolId: poolId, Identifier: 'nope', Name: 'x' })), missing);
    await assert.rejects(s.sdk.send(new DeleteResourceServerCommand({ UserPoolId: poolId, Identifier: 'nope' })), missing);
  });

  it('answers ResourceNotFoundException for an unknown pool', async () => {
    await assert.rejects(s.sdk.send(new CreateResourceServerCommand({ UserPoolId: 'us-east-1_Missing00', Identifier: API, Name: 'x' })), {
      name: 'ResourceNotFoundException',
      message: 'User pool us-east-1_Missing00 does not exist.',
    });
  });

  it('deletes a resource server, and deleting the pool deletes its servers', async () => {
    const poolId = await newPool();
    await s.sdk.send(new CreateResourceServerCommand({ UserPoolId: poolId, Identifier: API, Name: 'x' }));
    await s.sdk.send(new DeleteResourceServerCommand({ UserPoolId: poolId, Identifier: API }));
    assert.deepEqual((await s.sdk.send(new ListResourceServersCommand({ UserPoolId: poolId, MaxResults: 10 }))).ResourceServers, []);
    await s.sdk.send(new CreateResourceServerCommand({ UserPoolId: poolId, Identifier: API, Name: 'x' }));
    await s.sdk.send(new DeleteUserPoolCommand({ UserPoolId: poolId }));
    assert.equal(await s.app.services.store.getResourceServer(poolId, API), null);
  });
});
