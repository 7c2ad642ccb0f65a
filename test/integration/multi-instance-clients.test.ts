import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import {
  AddCustomAttributesCommand,
  AddUserPoolClientSecretCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DescribeUserPoolCommand,
  InitiateAuthCommand,
  ListTagsForResourceCommand,
  ListUserPoolClientSecretsCommand,
  TagResourceCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { FakeClock } from '../../src/clock.js';
import { createConfirmedUser, PASSWORD } from '../helpers/fixtures.js';
import { freshSchema, skipWithoutPostgres, type TestSchema } from '../helpers/postgres.js';
import { startServer, type TestServer } from '../helpers/server.js';

/** Both instances sit behind one address, as behind a load balancer. */
const PUBLIC_URL = 'http://cognate.example.test';

describe('pool and client changes on two instances of one PostgreSQL database', { skip: skipWithoutPostgres }, () => {
  let schema: TestSchema;
  let a: TestServer;
  let b: TestServer;
  let poolId: string;
  let arn: string;

  before(async () => {
    schema = freshSchema();
    const clock = new FakeClock(new Date());
    a = await startServer({ publicUrl: PUBLIC_URL }, { store: await schema.open(), clock });
    b = await startServer({ publicUrl: PUBLIC_URL }, { store: await schema.open(), clock });
    const pool = (await a.sdk.send(new CreateUserPoolCommand({ PoolName: 'shared' }))).UserPool!;
    poolId = pool.Id!;
    arn = pool.Arn!;
    await createConfirmedUser(a.sdk, poolId, 'alice', null);
  });
  after(async () => {
    await a?.close();
    await b?.close();
    await schema?.drop();
  });

  it('lands one of many AddUserPoolClientSecret calls sent to A and B at once, and A accepts the secret B added', async () => {
    const client = (
      await a.sdk.send(
        new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'server', GenerateSecret: true, ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'] }),
      )
    ).UserPoolClient!;
    const add = (s: TestServer) => s.sdk.send(new AddUserPoolClientSecretCommand({ UserPoolId: poolId, ClientId: client.ClientId! }));
    const results = await Promise.allSettled([a, b, a, b, a, b].map(add));
    const won = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    assert.equal(won.length, 1);
    for (const r of results) if (r.status === 'rejected') assert.equal((r.reason as Error).name, 'LimitExceededException');
    assert.equal((await b.sdk.send(new ListUserPoolClientSecretsCommand({ UserPoolId: poolId, ClientId: client.ClientId! }))).ClientSecrets!.length, 2);
    const secret = won[0]!.ClientSecretDescriptor!.ClientSecretValue!;
    const hash = createHmac('sha256', secret).update(`alice${client.ClientId}`).digest('base64');
    for (const s of [a, b]) {
      const r = await s.sdk.send(
        new InitiateAuthCommand({
          ClientId: client.ClientId!,
          AuthFlow: 'USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: 'alice', PASSWORD, SECRET_HASH: hash },
        }),
      );
      assert.ok(r.AuthenticationResult?.AccessToken);
    }
  });

  it('keeps every tag and custom attribute of concurrent calls to A and B', async () => {
    await Promise.all(
      Array.from({ length: 8 }, (_, i) => (i % 2 ? a : b).sdk.send(new TagResourceCommand({ ResourceArn: arn, Tags: { [`k${i}`]: `v${i}` } }))),
    );
    await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        (i % 2 ? a : b).sdk.send(new AddCustomAttributesCommand({ UserPoolId: poolId, CustomAttributes: [{ Name: `c${i}`, AttributeDataType: 'String' }] })),
      ),
    );
    assert.equal(Object.keys((await a.sdk.send(new ListTagsForResourceCommand({ ResourceArn: arn }))).Tags!).length, 8);
    const schemaNames = (await a.sdk.send(new DescribeUserPoolCommand({ UserPoolId: poolId }))).UserPool!.SchemaAttributes!.map((x) => x.Name);
    assert.deepEqual(schemaNames.filter((n) => n!.startsWith('custom:')).sort(), [
      'custom:c0',
      'custom:c1',
      'custom:c2',
      'custom:c3',
      'custom:c4',
      'custom:c5',
    ]);
  });
});
