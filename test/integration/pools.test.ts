import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AdminCreateUserCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DeleteUserPoolCommand,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  GetUserPoolMfaConfigCommand,
  InitiateAuthCommand,
  ListUserPoolsCommand,
  SetUserPoolMfaConfigCommand,
  UpdateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { rawCall, startServer, type TestServer } from '../helpers/server.js';
import { SMS_CONFIGURATION } from '../helpers/fixtures.js';

const MISSING_POOL = 'us-east-1_AAAAAAAAA';

describe('CreateUserPool and DescribeUserPool', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
  });
  after(async () => s.close());

  let defaultsId: string;
  let created: Date;

  it('creates a pool with Cognito defaults, a region-prefixed id and an ARN', async () => {
    const now = s.clock.now();
    const out = await s.sdk.send(new CreateUserPoolCommand({ PoolName: 'defaults' }));
    const pool = out.UserPool!;
    defaultsId = pool.Id!;
    created = now;
    assert.match(pool.Id!, /^us-east-1_[0-9A-Za-z]{9}$/);
    assert.equal(pool.Name, 'defaults');
    assert.equal(pool.Arn, `arn:aws:cognito-idp:us-east-1:123456789012:userpool/${pool.Id}`);
    assert.equal(pool.MfaConfiguration, 'OFF');
    assert.equal(pool.DeletionProtection, 'INACTIVE');
    assert.equal(pool.EstimatedNumberOfUsers, 0);
    assert.deepEqual(pool.Policies!.PasswordPolicy, {
      MinimumLength: 8,
      RequireUppercase: true,
      RequireLowercase: true,
      RequireNumbers: true,
      RequireSymbols: true,
      TemporaryPasswordValidityDays: 7,
    });
    assert.equal(pool.AdminCreateUserConfig!.AllowAdminCreateUserOnly, false);
    assert.equal(pool.AdminCreateUserConfig!.UnusedAccountValidityDays, 7);
    assert.equal(pool.SchemaAttributes![0]!.Name, 'sub');
    assert.equal(pool.SchemaAttributes![0]!.Required, true);
    assert.equal(pool.SchemaAttributes![0]!.Mutable, false);
    assert.ok(pool.SchemaAttributes!.some((a) => a.Name === 'email' && a.AttributeDataType === 'String'));
    assert.equal(pool.CreationDate!.getTime(), now.getTime());
    assert.equal(pool.LastModifiedDate!.getTime(), now.getTime());
  });

  it('sends dates as epoch seconds on the wire', async () => {
    const r = await rawCall(s.url, 'DescribeUserPool', { UserPoolId: defaultsId });
    assert.equal(r.status, 200);
    assert.equal(typeof r.body.UserPool.CreationDate, 'number');
    assert.equal(r.body.UserPool.CreationDate, created.getTime() / 1000);
  });

  it('uses the configured region in pool ids and ARNs', async () => {
    const t = await startServer({ region: 'eu-west-3' });
    try {
      const pool = (await t.sdk.send(new CreateUserPoolCommand({ PoolName: 'paris' }))).UserPool!;
      assert.match(pool.Id!, /^eu-west-3_[0-9A-Za-z]{9}$/);
      assert.equal(pool.Arn, `arn:aws:cognito-idp:eu-west-3:123456789012:userpool/${pool.Id}`);
    } finally {
      await t.close();
    }
  });

  it('keeps the settings it was given and makes standard attributes required on request', async () => {
    const out = await s.sdk.send(
      new CreateUserPoolCommand({
        PoolName: 'custom',
        MfaConfiguration: 'OPTIONAL',
        SmsConfiguration: SMS_CONFIGURATION,
        SmsAuthenticationMessage: 'Code {####}',
        Policies: { PasswordPolicy: { MinimumLength: 12, RequireSymbols: false } },
        UsernameAttributes: ['email'],
        Schema: [
          { Name: 'email', Required: true },
          { Name: 'tier', AttributeDataType: 'String' },
        ],
      }),
    );
    const pool = out.UserPool!;
    assert.equal(pool.MfaConfiguration, 'OPTIONAL');
    assert.deepEqual(pool.SmsConfiguration, SMS_CONFIGURATION);
    assert.equal(pool.SmsAuthenticationMessage, 'Code {####}');
    assert.equal(pool.Policies!.PasswordPolicy!.MinimumLength, 12);
    assert.equal(pool.Policies!.PasswordPolicy!.RequireSymbols, false);
    assert.equal(pool.Policies!.PasswordPolicy!.RequireUppercase, true);
    assert.deepEqual(pool.UsernameAttributes, ['email']);
    assert.equal(pool.SchemaAttributes!.find((a) => a.Name === 'email')!.Required, true);
    assert.ok(pool.SchemaAttributes!.some((a) => a.Name === 'custom:tier'));
  });

  for (const mfa of ['ON', 'OPTIONAL'] as const) {
    it(`rejects MfaConfiguration ${mfa} without an SmsConfiguration`, async () => {
      await assert.rejects(s.sdk.send(new CreateUserPoolCommand({ PoolName: 'nosms', MfaConfiguration: mfa })), {
        name: 'InvalidParameterException',
        message: 'SMS configuration and Auto verification for phone_number are required when MFA is required/optional',
      });
    });
  }

  it('rejects an unknown MfaConfiguration in Coral words', async () => {
    const r = await rawCall(s.url, 'CreateUserPool', { PoolName: 'x', MfaConfiguration: 'false' });
    assert.deepEqual(r.body, {
      __type: 'InvalidParameterException',
      message:
        "1 validation error detected: Value 'false' at 'mfaConfiguration' failed to satisfy constraint: Member must satisfy enum value set: [OFF, ON, OPTIONAL]",
    });
  });

  it('rejects a pool with both alias and username attributes', async () => {
    await assert.rejects(s.sdk.send(new CreateUserPoolCommand({ PoolName: 'x', AliasAttributes: ['email'], UsernameAttributes: ['email'] })), {
      name: 'InvalidParameterException',
    });
  });

  it('counts users in EstimatedNumberOfUsers', async () => {
    const id = (await s.sdk.send(new CreateUserPoolCommand({ PoolName: 'counted' }))).UserPool!.Id!;
    for (const name of ['u1', 'u2']) {
      await s.sdk.send(new AdminCreateUserCommand({ UserPoolId: id, Username: name, MessageAction: 'SUPPRESS' }));
    }
    const d = await s.sdk.send(new DescribeUserPoolCommand({ UserPoolId: id }));
    assert.equal(d.UserPool!.EstimatedNumberOfUsers, 2);
    assert.equal(d.UserPool!.Id, id);
    assert.equal(d.UserPool!.Arn, `arn:aws:cognito-idp:us-east-1:123456789012:userpool/${id}`);
  });

  it('describes only UserPoolType members (the MFA factor settings live in GetUserPoolMfaConfig)', async () => {
    const id = (await s.sdk.send(new CreateUserPoolCommand({ PoolName: 'factors' }))).UserPool!.Id!;
    await s.sdk.send(new SetUserPoolMfaConfigCommand({ UserPoolId: id, SoftwareTokenMfaConfiguration: { Enabled: true }, MfaConfiguration: 'OPTIONAL' }));
    const r = await rawCall(s.url, 'DescribeUserPool', { UserPoolId: id });
    assert.equal(r.body.UserPool.MfaConfiguration, 'OPTIONAL');
    assert.equal('SoftwareTokenMfaConfiguration' in r.body.UserPool, false);
    assert.equal('EmailMfaConfiguration' in r.body.UserPool, false);
  });

  it('answers ResourceNotFoundException for a pool that does not exist', async () => {
    await assert.rejects(s.sdk.send(new DescribeUserPoolCommand({ UserPoolId: MISSING_POOL })), {
      name: 'ResourceNotFoundException',
      message: `User pool ${MISSING_POOL} does not exist.`,
    });
  });

  it('rejects a malformed pool id before looking it up', async () => {
    const r = await rawCall(s.url, 'DescribeUserPool', { UserPoolId: 'no-underscore' });
    assert.deepEqual(r.body, {
      __type: 'InvalidParameterException',
      message:
        "1 validation error detected: Value 'no-underscore' at 'userPoolId' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w-]+_[0-9a-zA-Z]+",
    });
  });
});

describe('ListUserPools', () => {
  let s: TestServer;
  const ids: string[] = [];
  before(async () => {
    s = await startServer();
    for (const name of ['one', 'two', 'three']) ids.push((await s.sdk.send(new CreateUserPoolCommand({ PoolName: name }))).UserPool!.Id!);
  });
  after(async () => s.close());

  it('pages through every pool with MaxResults and NextToken', async () => {
    const first = await s.sdk.send(new ListUserPoolsCommand({ MaxResults: 2 }));
    assert.equal(first.UserPools!.length, 2);
    assert.ok(first.NextToken);
    const second = await s.sdk.send(new ListUserPoolsCommand({ MaxResults: 2, NextToken: first.NextToken }));
    assert.equal(second.UserPools!.length, 1);
    assert.equal(second.NextToken, undefined);
    const seen = [...first.UserPools!, ...second.UserPools!];
    assert.deepEqual(seen.map((p) => p.Id).sort(), [...ids].sort());
    assert.equal(new Set(ids).size, 3);
    const one = seen.find((p) => p.Id === ids[0])!;
    assert.equal(one.Name, 'one');
    assert.deepEqual(one.LambdaConfig, {});
    assert.ok(one.CreationDate instanceof Date);
  });

  it('returns no NextToken when everything fits', async () => {
    const all = await s.sdk.send(new ListUserPoolsCommand({ MaxResults: 60 }));
    assert.equal(all.UserPools!.length, 3);
    assert.equal(all.NextToken, undefined);
  });

  it('requires MaxResults, in Coral words', async () => {
    const r = await rawCall(s.url, 'ListUserPools', {});
    assert.deepEqual(r.body, {
      __type: 'InvalidParameterException',
      message: "1 validation error detected: Value null at 'maxResults' failed to satisfy constraint: Member must not be null",
    });
  });

  it('rejects MaxResults above 60', async () => {
    const r = await rawCall(s.url, 'ListUserPools', { MaxResults: 61 });
    assert.equal(r.body.__type, 'InvalidParameterException');
    assert.equal(
      r.body.message,
      "1 validation error detected: Value '61' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 60",
    );
  });

  it('rejects a NextToken it did not issue', async () => {
    await assert.rejects(s.sdk.send(new ListUserPoolsCommand({ MaxResults: 2, NextToken: 'bm90LWEtdG9rZW4' })), { name: 'InvalidParameterException' });
  });
});

describe('UpdateUserPool', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
  });
  after(async () => s.close());

  it('resets omitted settings to their defaults and keeps the schema', async () => {
    const created = (
      await s.sdk.send(
        new CreateUserPoolCommand({
          PoolName: 'updatable',
          MfaConfiguration: 'OPTIONAL',
          SmsConfiguration: SMS_CONFIGURATION,
          SmsAuthenticationMessage: 'Code {####}',
          Policies: { PasswordPolicy: { MinimumLength: 12 } },
          AutoVerifiedAttributes: ['email'],
          UsernameAttributes: ['email'],
          Schema: [{ Name: 'tier', AttributeDataType: 'String' }],
        }),
      )
    ).UserPool!;
    s.clock.advance(60);
    await s.sdk.send(new UpdateUserPoolCommand({ UserPoolId: created.Id!, DeletionProtection: 'ACTIVE' }));
    const pool = (await s.sdk.send(new DescribeUserPoolCommand({ UserPoolId: created.Id! }))).UserPool!;
    assert.equal(pool.DeletionProtection, 'ACTIVE');
    assert.equal(pool.Name, 'updatable');
    assert.equal(pool.Policies!.PasswordPolicy!.MinimumLength, 8);
    assert.equal(pool.MfaConfiguration, 'OFF');
    assert.equal(pool.SmsConfiguration, undefined);
    assert.equal(pool.SmsAuthenticationMessage, undefined);
    assert.equal(pool.AutoVerifiedAttributes, undefined);
    assert.deepEqual(pool.UsernameAttributes, ['email']);
    assert.deepEqual(pool.SchemaAttributes, created.SchemaAttributes);
    assert.equal(pool.CreationDate!.getTime(), created.CreationDate!.getTime());
    assert.equal(pool.LastModifiedDate!.getTime(), created.LastModifiedDate!.getTime() + 60_000);
    await s.sdk.send(new UpdateUserPoolCommand({ UserPoolId: created.Id!, DeletionProtection: 'INACTIVE' }));
  });

  it('renames the pool when PoolName is given', async () => {
    const id = (await s.sdk.send(new CreateUserPoolCommand({ PoolName: 'before' }))).UserPool!.Id!;
    await s.sdk.send(new UpdateUserPoolCommand({ UserPoolId: id, PoolName: 'after' }));
    assert.equal((await s.sdk.send(new DescribeUserPoolCommand({ UserPoolId: id }))).UserPool!.Name, 'after');
  });

  it('keeps MFA OPTIONAL on a pool whose only factor is TOTP', async () => {
    const id = (await s.sdk.send(new CreateUserPoolCommand({ PoolName: 'totp' }))).UserPool!.Id!;
    await s.sdk.send(new SetUserPoolMfaConfigCommand({ UserPoolId: id, SoftwareTokenMfaConfiguration: { Enabled: true }, MfaConfiguration: 'OPTIONAL' }));
    await s.sdk.send(new UpdateUserPoolCommand({ UserPoolId: id, MfaConfiguration: 'OPTIONAL' }));
    const cfg = await s.sdk.send(new GetUserPoolMfaConfigCommand({ UserPoolId: id }));
    assert.equal(cfg.MfaConfiguration, 'OPTIONAL');
    assert.deepEqual(cfg.SoftwareTokenMfaConfiguration, { Enabled: true });
  });

  it('answers ResourceNotFoundException for a pool that does not exist', async () => {
    await assert.rejects(s.sdk.send(new UpdateUserPoolCommand({ UserPoolId: MISSING_POOL })), {
      name: 'ResourceNotFoundException',
      message: `User pool ${MISSING_POOL} does not exist.`,
    });
  });
});

describe('DeleteUserPool', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
  });
  after(async () => s.close());

  it('deletes the pool with its clients and keys', async () => {
    const id = (await s.sdk.send(new CreateUserPoolCommand({ PoolName: 'doomed' }))).UserPool!.Id!;
    const clientId = (await s.sdk.send(new CreateUserPoolClientCommand({ UserPoolId: id, ClientName: 'app' }))).UserPoolClient!.ClientId!;
    assert.equal((await fetch(`${s.url}/${id}/.well-known/jwks.json`)).status, 200);
    const out = await s.sdk.send(new DeleteUserPoolCommand({ UserPoolId: id }));
    assert.equal(out.$metadata.httpStatusCode, 200);
    await assert.rejects(s.sdk.send(new DescribeUserPoolCommand({ UserPoolId: id })), {
      name: 'ResourceNotFoundException',
      message: `User pool ${id} does not exist.`,
    });
    await assert.rejects(s.sdk.send(new DescribeUserPoolClientCommand({ UserPoolId: id, ClientId: clientId })), { name: 'ResourceNotFoundException' });
    await assert.rejects(
      s.sdk.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'a', PASSWORD: 'b' } })),
      { name: 'ResourceNotFoundException', message: `User pool client ${clientId} does not exist.` },
    );
    assert.equal((await fetch(`${s.url}/${id}/.well-known/jwks.json`)).status, 404);
  });

  it('refuses to delete a pool while deletion protection is active', async () => {
    const id = (await s.sdk.send(new CreateUserPoolCommand({ PoolName: 'protected', DeletionProtection: 'ACTIVE' }))).UserPool!.Id!;
    await assert.rejects(s.sdk.send(new DeleteUserPoolCommand({ UserPoolId: id })), {
      name: 'InvalidParameterException',
      message: 'The user pool cannot be deleted because deletion protection is activated. Deletion protection must be inactivated first.',
    });
    assert.equal((await s.sdk.send(new DescribeUserPoolCommand({ UserPoolId: id }))).UserPool!.Id, id);
    await s.sdk.send(new UpdateUserPoolCommand({ UserPoolId: id, DeletionProtection: 'INACTIVE' }));
    await s.sdk.send(new DeleteUserPoolCommand({ UserPoolId: id }));
    await assert.rejects(s.sdk.send(new DescribeUserPoolCommand({ UserPoolId: id })), { name: 'ResourceNotFoundException' });
  });

  it('answers ResourceNotFoundException for a pool that does not exist', async () => {
    await assert.rejects(s.sdk.send(new DeleteUserPoolCommand({ UserPoolId: MISSING_POOL })), {
      name: 'ResourceNotFoundException',
      message: `User pool ${MISSING_POOL} does not exist.`,
    });
  });
});

describe('SetUserPoolMfaConfig and GetUserPoolMfaConfig', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
  });
  after(async () => s.close());

  it('reports OFF with no factors for a new pool', async () => {
    const id = (await s.sdk.send(new CreateUserPoolCommand({ PoolName: 'plain' }))).UserPool!.Id!;
    const cfg = await s.sdk.send(new GetUserPoolMfaConfigCommand({ UserPoolId: id }));
    assert.equal(cfg.MfaConfiguration, 'OFF');
    assert.equal(cfg.SmsMfaConfiguration, undefined);
    assert.deepEqual(cfg.SoftwareTokenMfaConfiguration, { Enabled: false });
  });

  it('refuses ON or OPTIONAL with no factor: "can\'t disable all MFAs"', async () => {
    const id = (await s.sdk.send(new CreateUserPoolCommand({ PoolName: 'nofactor' }))).UserPool!.Id!;
    for (const mfa of ['ON', 'OPTIONAL'] as const) {
      await assert.rejects(s.sdk.send(new SetUserPoolMfaConfigCommand({ UserPoolId: id, MfaConfiguration: mfa })), {
        name: 'InvalidParameterException',
        message: "Invalid MFA configuration given, can't disable all MFAs with a required or optional configuration.",
      });
      await assert.rejects(
        s.sdk.send(new SetUserPoolMfaConfigCommand({ UserPoolId: id, MfaConfiguration: mfa, SoftwareTokenMfaConfiguration: { Enabled: false } })),
        { name: 'InvalidParameterException', message: "Invalid MFA configuration given, can't disable all MFAs with a required or optional configuration." },
      );
    }
    assert.equal((await s.sdk.send(new GetUserPoolMfaConfigCommand({ UserPoolId: id }))).MfaConfiguration, 'OFF');
  });

  it('turns SMS MFA on and shows it in GetUserPoolMfaConfig and DescribeUserPool', async () => {
    const id = (await s.sdk.send(new CreateUserPoolCommand({ PoolName: 'sms' }))).UserPool!.Id!;
    const set = await s.sdk.send(
      new SetUserPoolMfaConfigCommand({
        UserPoolId: id,
        MfaConfiguration: 'ON',
        SmsMfaConfiguration: { SmsConfiguration: SMS_CONFIGURATION, SmsAuthenticationMessage: 'Your code: {####}' },
      }),
    );
    assert.equal(set.MfaConfiguration, 'ON');
    assert.deepEqual(set.SmsMfaConfiguration, { SmsConfiguration: SMS_CONFIGURATION, SmsAuthenticationMessage: 'Your code: {####}' });
    const got = await s.sdk.send(new GetUserPoolMfaConfigCommand({ UserPoolId: id }));
    assert.equal(got.MfaConfiguration, 'ON');
    assert.deepEqual(got.SmsMfaConfiguration, set.SmsMfaConfiguration);
    const pool = (await s.sdk.send(new DescribeUserPoolCommand({ UserPoolId: id }))).UserPool!;
    assert.equal(pool.MfaConfiguration, 'ON');
    assert.deepEqual(pool.SmsConfiguration, SMS_CONFIGURATION);
    assert.equal(pool.SmsAuthenticationMessage, 'Your code: {####}');

    await s.sdk.send(new SetUserPoolMfaConfigCommand({ UserPoolId: id, MfaConfiguration: 'OFF' }));
    assert.equal((await s.sdk.send(new GetUserPoolMfaConfigCommand({ UserPoolId: id }))).MfaConfiguration, 'OFF');
  });

  it('accepts TOTP as the only factor', async () => {
    const id = (await s.sdk.send(new CreateUserPoolCommand({ PoolName: 'totp' }))).UserPool!.Id!;
    const set = await s.sdk.send(
      new SetUserPoolMfaConfigCommand({ UserPoolId: id, MfaConfiguration: 'OPTIONAL', SoftwareTokenMfaConfiguration: { Enabled: true } }),
    );
    assert.equal(set.MfaConfiguration, 'OPTIONAL');
    assert.deepEqual(set.SoftwareTokenMfaConfiguration, { Enabled: true });
    assert.equal(set.SmsMfaConfiguration, undefined);
  });

  it('answers ResourceNotFoundException for a pool that does not exist', async () => {
    await assert.rejects(s.sdk.send(new GetUserPoolMfaConfigCommand({ UserPoolId: MISSING_POOL })), {
      name: 'ResourceNotFoundException',
      message: `User pool ${MISSING_POOL} does not exist.`,
    });
    await assert.rejects(s.sdk.send(new SetUserPoolMfaConfigCommand({ UserPoolId: MISSING_POOL, MfaConfiguration: 'OFF' })), {
      name: 'ResourceNotFoundException',
      message: `User pool ${MISSING_POOL} does not exist.`,
    });
  });
});
