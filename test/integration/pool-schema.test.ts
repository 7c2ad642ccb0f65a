import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AddCustomAttributesCommand,
  AdminCreateUserCommand,
  AdminGetUserCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DescribeUserPoolCommand,
  ForgotPasswordCommand,
  UpdateUserPoolCommand,
  type SchemaAttributeType,
} from '@aws-sdk/client-cognito-identity-provider';
import { rawCall, startServer, type TestServer } from '../helpers/server.js';

const MISSING_POOL = 'us-east-1_AAAAAAAAA';

describe('AddCustomAttributes', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
  });
  after(async () => s.close());

  const newPool = async (schema?: SchemaAttributeType[]) =>
    (await s.sdk.send(new CreateUserPoolCommand({ PoolName: 'custom', ...(schema ? { Schema: schema } : {}) }))).UserPool!.Id!;
  const add = (poolId: string, attrs: SchemaAttributeType[]) => s.sdk.send(new AddCustomAttributesCommand({ UserPoolId: poolId, CustomAttributes: attrs }));
  const schemaOf = async (poolId: string) => (await s.sdk.send(new DescribeUserPoolCommand({ UserPoolId: poolId }))).UserPool!.SchemaAttributes!;

  it('adds custom:NAME and developer-only dev:custom:NAME attributes that DescribeUserPool then lists', async () => {
    const poolId = await newPool();
    const before = await schemaOf(poolId);
    s.clock.advance(30);
    const out = await add(poolId, [
      { Name: 'tier', AttributeDataType: 'String', Mutable: false, StringAttributeConstraints: { MinLength: '1', MaxLength: '16' } },
      { Name: 'score', AttributeDataType: 'Number', NumberAttributeConstraints: { MinValue: '0', MaxValue: '100' } },
      { Name: 'internal', AttributeDataType: 'Boolean', DeveloperOnlyAttribute: true },
    ]);
    assert.equal(out.$metadata.httpStatusCode, 200);
    const after = await schemaOf(poolId);
    assert.deepEqual(after.slice(0, before.length), before);
    assert.deepEqual(after.slice(before.length), [
      {
        Name: 'custom:tier',
        AttributeDataType: 'String',
        DeveloperOnlyAttribute: false,
        Mutable: false,
        Required: false,
        StringAttributeConstraints: { MinLength: '1', MaxLength: '16' },
      },
      {
        Name: 'custom:score',
        AttributeDataType: 'Number',
        DeveloperOnlyAttribute: false,
        Mutable: true,
        Required: false,
        NumberAttributeConstraints: { MinValue: '0', MaxValue: '100' },
      },
      { Name: 'dev:custom:internal', AttributeDataType: 'Boolean', DeveloperOnlyAttribute: true, Mutable: true, Required: false },
    ]);
    const pool = (await s.sdk.send(new DescribeUserPoolCommand({ UserPoolId: poolId }))).UserPool!;
    assert.equal(pool.LastModifiedDate!.getTime(), pool.CreationDate!.getTime() + 30_000);
  });

  it('lets an administrator give a user the new attribute', async () => {
    const poolId = await newPool();
    await add(poolId, [{ Name: 'plan', AttributeDataType: 'String' }]);
    await s.sdk.send(
      new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'ann', MessageAction: 'SUPPRESS', UserAttributes: [{ Name: 'custom:plan', Value: 'pro' }] }),
    );
    const user = await s.sdk.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'ann' }));
    assert.equal(user.UserAttributes!.find((a) => a.Name === 'custom:plan')?.Value, 'pro');
  });

  it('refuses an attribute that exists, in either spelling, and changes nothing', async () => {
    const poolId = await newPool([{ Name: 'tier', AttributeDataType: 'String' }]);
    await add(poolId, [{ Name: 'secret', AttributeDataType: 'String', DeveloperOnlyAttribute: true }]);
    const before = await schemaOf(poolId);
    await assert.rejects(add(poolId, [{ Name: 'tier', AttributeDataType: 'Number' }]), {
      name: 'InvalidParameterException',
      message: 'custom:tier: Existing attribute already has name custom:tier.',
    });
    await assert.rejects(add(poolId, [{ Name: 'secret', AttributeDataType: 'String', DeveloperOnlyAttribute: true }]), {
      name: 'InvalidParameterException',
      message: 'custom:secret: Existing attribute already has name dev:custom:secret.',
    });
    await assert.rejects(add(poolId, [{ Name: 'secret', AttributeDataType: 'String' }]), {
      name: 'InvalidParameterException',
      message: 'custom:secret: Existing attribute already has name dev:custom:secret.',
    });
    // One bad attribute in a request adds none of them.
    await assert.rejects(
      add(poolId, [
        { Name: 'fresh', AttributeDataType: 'String' },
        { Name: 'tier', AttributeDataType: 'String' },
      ]),
      { name: 'InvalidParameterException' },
    );
    assert.deepEqual(await schemaOf(poolId), before);
  });

  it('refuses required custom attributes and custom attributes without a data type', async () => {
    const poolId = await newPool();
    await assert.rejects(add(poolId, [{ Name: 'must', AttributeDataType: 'String', Required: true }]), {
      name: 'InvalidParameterException',
      message: 'Required custom attributes are not supported currently.',
    });
    await assert.rejects(add(poolId, [{ Name: 'untyped' }]), {
      name: 'InvalidParameterException',
      message: 'Invalid AttributeDataType input, consider using the provided AttributeDataType enum.',
    });
  });

  it('allows 50 custom attributes in a pool and refuses the 51st', async () => {
    const poolId = await newPool([{ Name: 'c0', AttributeDataType: 'String' }]);
    const batch = (from: number, n: number) => Array.from({ length: n }, (_, i) => ({ Name: `c${from + i}`, AttributeDataType: 'String' as const }));
    await add(poolId, batch(1, 25));
    await add(poolId, batch(26, 23));
    assert.equal((await schemaOf(poolId)).filter((a) => a.Name!.startsWith('custom:')).length, 49);
    await add(poolId, [{ Name: 'last', AttributeDataType: 'Number', DeveloperOnlyAttribute: true }]);
    await assert.rejects(add(poolId, [{ Name: 'one-too-many', AttributeDataType: 'String' }]), (e: Error) => {
      assert.equal(e.name, 'InvalidParameterException');
      assert.match(e.message, /at most 50 custom attributes/);
      return true;
    });
  });

  it('lands both of two concurrent additions', async () => {
    const poolId = await newPool();
    await Promise.all([add(poolId, [{ Name: 'left', AttributeDataType: 'String' }]), add(poolId, [{ Name: 'right', AttributeDataType: 'String' }])]);
    const names = (await schemaOf(poolId)).map((a) => a.Name);
    assert.ok(names.includes('custom:left') && names.includes('custom:right'));
  });

  it('checks constraints as CreateUserPool does', async () => {
    const poolId = await newPool();
    await assert.rejects(add(poolId, [{ Name: 'long', AttributeDataType: 'String', StringAttributeConstraints: { MaxLength: '2049' } }]), {
      name: 'InvalidParameterException',
      message: 'user.custom:long: String attributes cannot have a length of more than 2048',
    });
  });

  it('rejects more than 25 attributes in one request and a name over 20 characters in Coral words', async () => {
    const poolId = await newPool();
    const many = await rawCall(s.url, 'AddCustomAttributes', {
      UserPoolId: poolId,
      CustomAttributes: Array.from({ length: 26 }, (_, i) => ({ Name: `a${i}`, AttributeDataType: 'String' })),
    });
    assert.equal(many.body.__type, 'InvalidParameterException');
    assert.match(many.body.message, /^1 validation error detected: .*customAttributes.*Member must have length less than or equal to 25/);
    const long = await rawCall(s.url, 'AddCustomAttributes', { UserPoolId: poolId, CustomAttributes: [{ Name: 'x'.repeat(21), AttributeDataType: 'String' }] });
    assert.equal(long.body.__type, 'InvalidParameterException');
    assert.match(long.body.message, /Member must have length less than or equal to 20/);
  });

  it('answers ResourceNotFoundException for a pool that does not exist', async () => {
    await assert.rejects(add(MISSING_POOL, [{ Name: 'x', AttributeDataType: 'String' }]), {
      name: 'ResourceNotFoundException',
      message: `User pool ${MISSING_POOL} does not exist.`,
    });
  });
});

describe('CreateUserPool schema validation', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
  });
  after(async () => s.close());

  const create = (schema: SchemaAttributeType[]) => s.sdk.send(new CreateUserPoolCommand({ PoolName: 'schema', Schema: schema }));
  const refused: Array<{ what: string; schema: SchemaAttributeType[]; message: string }> = [
    {
      what: 'a custom attribute without AttributeDataType',
      schema: [{ Name: 'tier' }],
      message: 'Invalid AttributeDataType input, consider using the provided AttributeDataType enum.',
    },
    {
      what: 'a standard attribute given another data type',
      schema: [{ Name: 'email', AttributeDataType: 'Number' }],
      message: 'You can not change AttributeDataType or set developerOnlyAttribute for standard schema attribute email',
    },
    {
      what: 'a developer-only standard attribute',
      schema: [{ Name: 'name', AttributeDataType: 'String', DeveloperOnlyAttribute: true }],
      message: 'You can not change AttributeDataType or set developerOnlyAttribute for standard schema attribute name',
    },
    {
      what: 'a non-numeric MinLength',
      schema: [{ Name: 'tier', AttributeDataType: 'String', StringAttributeConstraints: { MinLength: 'one' } }],
      message: 'Invalid StringAttributeConstraints for schema attribute custom:tier',
    },
    {
      what: 'a negative MaxLength',
      schema: [{ Name: 'tier', AttributeDataType: 'String', StringAttributeConstraints: { MaxLength: '-1' } }],
      message: 'Invalid StringAttributeConstraints for schema attribute custom:tier',
    },
    {
      what: 'a non-numeric MaxValue',
      schema: [{ Name: 'score', AttributeDataType: 'Number', NumberAttributeConstraints: { MaxValue: '1e3' } }],
      message: 'Invalid NumberAttributeConstraints for schema attribute custom:score',
    },
    {
      what: 'a negative MinValue',
      schema: [{ Name: 'score', AttributeDataType: 'Number', NumberAttributeConstraints: { MinValue: '-5' } }],
      message: 'Invalid NumberAttributeConstraints for schema attribute custom:score',
    },
    {
      what: 'a maximum length over 2048',
      schema: [{ Name: 'tier', AttributeDataType: 'String', StringAttributeConstraints: { MaxLength: '4096' } }],
      message: 'user.custom:tier: String attributes cannot have a length of more than 2048',
    },
    {
      what: 'a maximum length over 2048 on a standard attribute',
      schema: [{ Name: 'address', AttributeDataType: 'String', StringAttributeConstraints: { MaxLength: '3000' } }],
      message: 'user.address: String attributes cannot have a length of more than 2048',
    },
    {
      what: 'a minimum length above the maximum',
      schema: [{ Name: 'tier', AttributeDataType: 'String', StringAttributeConstraints: { MinLength: '10', MaxLength: '5' } }],
      message: 'user.custom:tier: Max length cannot be less than min length.',
    },
    {
      what: 'a minimum value above the maximum',
      schema: [{ Name: 'score', AttributeDataType: 'Number', NumberAttributeConstraints: { MinValue: '10', MaxValue: '5' } }],
      message: 'user.custom:score: Max value cannot be less than min value.',
    },
    {
      what: 'a required custom attribute',
      schema: [{ Name: 'tier', AttributeDataType: 'String', Required: true }],
      message: 'Required custom attributes are not supported currently.',
    },
  ];
  for (const c of refused) {
    it(`refuses ${c.what} with InvalidParameterException`, async () => {
      await assert.rejects(create(c.schema), { name: 'InvalidParameterException', message: c.message });
    });
  }

  it('creates nothing when it refuses a schema', async () => {
    const before = await rawCall(s.url, 'ListUserPools', { MaxResults: 60 });
    await assert.rejects(create([{ Name: 'tier' }]), { name: 'InvalidParameterException' });
    const after = await rawCall(s.url, 'ListUserPools', { MaxResults: 60 });
    assert.equal(after.body.UserPools.length, before.body.UserPools.length);
  });

  it('accepts the edges: lengths 0 to 2048, equal minimum and maximum, a standard attribute with its own type', async () => {
    const pool = (
      await create([
        { Name: 'email', AttributeDataType: 'String', Required: true, StringAttributeConstraints: { MinLength: '0', MaxLength: '2048' } },
        { Name: 'code', AttributeDataType: 'String', StringAttributeConstraints: { MinLength: '6', MaxLength: '6' } },
        { Name: 'count', AttributeDataType: 'Number', NumberAttributeConstraints: { MinValue: '0', MaxValue: '0' } },
      ])
    ).UserPool!;
    assert.equal(pool.SchemaAttributes!.find((a) => a.Name === 'email')!.Required, true);
    assert.deepEqual(pool.SchemaAttributes!.find((a) => a.Name === 'custom:code')!.StringAttributeConstraints, { MinLength: '6', MaxLength: '6' });
  });

  it('names developer-only attributes dev:custom:NAME in SchemaAttributes', async () => {
    const pool = (await create([{ Name: 'internal', AttributeDataType: 'String', DeveloperOnlyAttribute: true }])).UserPool!;
    const attr = pool.SchemaAttributes!.find((a) => a.Name === 'dev:custom:internal');
    assert.equal(attr?.DeveloperOnlyAttribute, true);
    assert.equal(
      pool.SchemaAttributes!.some((a) => a.Name === 'custom:internal'),
      false,
    );
  });
});

describe('CreateUserPool message and recovery settings', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
  });
  after(async () => s.close());

  it('reports the VerificationMessageTemplate messages under SmsVerificationMessage, EmailVerificationMessage and EmailVerificationSubject too', async () => {
    const template = {
      SmsMessage: 'Your SMS code is {####}',
      EmailMessage: 'Your email code is {####}',
      EmailSubject: 'Your code',
      DefaultEmailOption: 'CONFIRM_WITH_CODE' as const,
    };
    const created = (await s.sdk.send(new CreateUserPoolCommand({ PoolName: 'template', VerificationMessageTemplate: template }))).UserPool!;
    for (const pool of [created, (await s.sdk.send(new DescribeUserPoolCommand({ UserPoolId: created.Id! }))).UserPool!]) {
      assert.deepEqual(pool.VerificationMessageTemplate, template);
      assert.equal(pool.SmsVerificationMessage, template.SmsMessage);
      assert.equal(pool.EmailVerificationMessage, template.EmailMessage);
      assert.equal(pool.EmailVerificationSubject, template.EmailSubject);
    }
  });

  it('keeps the older members when they are given beside the template, and does the same on UpdateUserPool', async () => {
    const pool = (
      await s.sdk.send(
        new CreateUserPoolCommand({
          PoolName: 'both',
          EmailVerificationSubject: 'Own subject',
          VerificationMessageTemplate: { EmailSubject: 'Template subject', EmailMessage: 'Code {####}' },
        }),
      )
    ).UserPool!;
    assert.equal(pool.EmailVerificationSubject, 'Own subject');
    assert.equal(pool.EmailVerificationMessage, 'Code {####}');
    await s.sdk.send(new UpdateUserPoolCommand({ UserPoolId: pool.Id!, VerificationMessageTemplate: { SmsMessage: 'SMS {####}' } }));
    const updated = (await s.sdk.send(new DescribeUserPoolCommand({ UserPoolId: pool.Id! }))).UserPool!;
    assert.equal(updated.SmsVerificationMessage, 'SMS {####}');
    assert.equal(updated.EmailVerificationSubject, undefined);
  });

  it('reports no AccountRecoverySetting for a pool created without one, and the one given otherwise', async () => {
    const plain = (await s.sdk.send(new CreateUserPoolCommand({ PoolName: 'plain' }))).UserPool!;
    assert.equal(plain.AccountRecoverySetting, undefined);
    const r = await rawCall(s.url, 'DescribeUserPool', { UserPoolId: plain.Id });
    assert.equal('AccountRecoverySetting' in r.body.UserPool, false);
    const setting = { RecoveryMechanisms: [{ Priority: 1, Name: 'verified_phone_number' as const }] };
    const given = (await s.sdk.send(new CreateUserPoolCommand({ PoolName: 'given', AccountRecoverySetting: setting }))).UserPool!;
    assert.deepEqual(given.AccountRecoverySetting, setting);
  });

  it('refuses ForgotPassword in a pool whose recovery is admin_only, for any user name', async () => {
    const poolId = (
      await s.sdk.send(
        new CreateUserPoolCommand({ PoolName: 'admin-only', AccountRecoverySetting: { RecoveryMechanisms: [{ Priority: 1, Name: 'admin_only' }] } }),
      )
    ).UserPool!.Id!;
    const clientId = (await s.sdk.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'app' }))).UserPoolClient!.ClientId!;
    await s.sdk.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: 'vera',
        MessageAction: 'SUPPRESS',
        UserAttributes: [
          { Name: 'email', Value: 'vera@example.com' },
          { Name: 'email_verified', Value: 'true' },
        ],
      }),
    );
    for (const username of ['vera', 'nobody']) {
      await assert.rejects(s.sdk.send(new ForgotPasswordCommand({ ClientId: clientId, Username: username })), {
        name: 'NotAuthorizedException',
        message: 'Contact administrator to reset password.',
      });
    }
    const messages = await rawCall(s.url, 'ListUsers', { UserPoolId: poolId });
    assert.equal(messages.status, 200);
  });

  it('still sends a ForgotPassword code to the verified email of a pool created without a recovery setting', async () => {
    const poolId = (await s.sdk.send(new CreateUserPoolCommand({ PoolName: 'no-setting' }))).UserPool!.Id!;
    const clientId = (await s.sdk.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'app' }))).UserPoolClient!.ClientId!;
    await s.sdk.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: 'walt',
        MessageAction: 'SUPPRESS',
        UserAttributes: [
          { Name: 'email', Value: 'walt@example.com' },
          { Name: 'email_verified', Value: 'true' },
        ],
      }),
    );
    const out = await s.sdk.send(new ForgotPasswordCommand({ ClientId: clientId, Username: 'walt' }));
    assert.equal(out.CodeDeliveryDetails!.DeliveryMedium, 'EMAIL');
    assert.equal(out.CodeDeliveryDetails!.AttributeName, 'email');
  });
});
