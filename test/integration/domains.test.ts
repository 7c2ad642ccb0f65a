import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import {
  CreateUserPoolCommand,
  CreateUserPoolDomainCommand,
  DeleteUserPoolCommand,
  DeleteUserPoolDomainCommand,
  DescribeUserPoolCommand,
  DescribeUserPoolDomainCommand,
  GetSigningCertificateCommand,
  UpdateUserPoolDomainCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { startServer, type TestServer } from '../helpers/server.js';

const CERT = 'arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555';

async function newPool(s: TestServer): Promise<string> {
  return (await s.sdk.send(new CreateUserPoolCommand({ PoolName: 'domains' }))).UserPool!.Id!;
}

async function rejection(p: Promise<unknown>): Promise<{ name: string; message: string }> {
  try {
    await p;
  } catch (e) {
    return { name: (e as Error).name, message: (e as Error).message };
  }
  throw new Error('expected a rejection');
}

describe('user pool domains over the AWS SDK', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
  });
  after(() => s.close());

  it('creates a prefix domain that DescribeUserPoolDomain and DescribeUserPool report as active', async () => {
    const poolId = await newPool(s);
    const created = await s.sdk.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: 'my-app-login' }));
    assert.equal(created.ManagedLoginVersion, 1);
    assert.equal(created.CloudFrontDomain, undefined);
    const d = (await s.sdk.send(new DescribeUserPoolDomainCommand({ Domain: 'my-app-login' }))).DomainDescription!;
    assert.equal(d.UserPoolId, poolId);
    assert.equal(d.Domain, 'my-app-login');
    assert.equal(d.Status, 'ACTIVE');
    assert.equal(d.AWSAccountId, '123456789012');
    assert.match(d.Version!, /^\d{14}$/);
    assert.deepEqual(d.CustomDomainConfig, {});
    assert.equal(d.ManagedLoginVersion, 1);
    const pool = (await s.sdk.send(new DescribeUserPoolCommand({ UserPoolId: poolId }))).UserPool!;
    assert.equal(pool.Domain, 'my-app-login');
    assert.equal(pool.CustomDomain, undefined);
  });

  it('creates a custom domain with a certificate beside the prefix, reported as CustomDomain', async () => {
    const poolId = await newPool(s);
    await s.sdk.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: 'both-kinds' }));
    const custom = await s.sdk.send(
      new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: 'auth.example.com', CustomDomainConfig: { CertificateArn: CERT }, ManagedLoginVersion: 2 }),
    );
    assert.equal(custom.ManagedLoginVersion, 2);
    assert.match(custom.CloudFrontDomain!, /\.cloudfront\.net$/);
    const d = (await s.sdk.send(new DescribeUserPoolDomainCommand({ Domain: 'auth.example.com' }))).DomainDescription!;
    assert.deepEqual(d.CustomDomainConfig, { CertificateArn: CERT });
    const pool = (await s.sdk.send(new DescribeUserPoolCommand({ UserPoolId: poolId }))).UserPool!;
    assert.equal(pool.Domain, 'both-kinds');
    assert.equal(pool.CustomDomain, 'auth.example.com');
  });

  it('refuses a taken name, a second prefix, reserved words and a dotted prefix with InvalidParameterException', async () => {
    const a = await newPool(s);
    const b = await newPool(s);
    await s.sdk.send(new CreateUserPoolDomainCommand({ UserPoolId: a, Domain: 'taken-name' }));
    assert.deepEqual(await rejection(s.sdk.send(new CreateUserPoolDomainCommand({ UserPoolId: b, Domain: 'taken-name' }))), {
      name: 'InvalidParameterException',
      message: 'Domain already exists.',
    });
    assert.deepEqual(await rejection(s.sdk.send(new CreateUserPoolDomainCommand({ UserPoolId: a, Domain: 'another-name' }))), {
      name: 'InvalidParameterException',
      message: 'User pool already has a domain configured.',
    });
    assert.deepEqual(await rejection(s.sdk.send(new CreateUserPoolDomainCommand({ UserPoolId: b, Domain: 'my-cognito-app' }))), {
      name: 'InvalidParameterException',
      message: 'Domain cannot contain reserved word: cognito',
    });
    assert.equal((await rejection(s.sdk.send(new CreateUserPoolDomainCommand({ UserPoolId: b, Domain: 'a.b' })))).name, 'InvalidParameterException');
    assert.equal((await rejection(s.sdk.send(new CreateUserPoolDomainCommand({ UserPoolId: b, Domain: 'UPPER' })))).name, 'InvalidParameterException');
    assert.deepEqual(await rejection(s.sdk.send(new CreateUserPoolDomainCommand({ UserPoolId: 'us-east-1_Missing00', Domain: 'no-pool' }))), {
      name: 'ResourceNotFoundException',
      message: 'User pool us-east-1_Missing00 does not exist.',
    });
  });

  it('answers an unknown domain with an empty description', async () => {
    const d = await s.sdk.send(new DescribeUserPoolDomainCommand({ Domain: 'nobody-has-this' }));
    assert.deepEqual(d.DomainDescription, {});
  });

  it('updates the managed login version and a custom certificate, and deletes a domain', async () => {
    const poolId = await newPool(s);
    await s.sdk.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: 'to-update' }));
    s.clock.advance(2);
    const updated = await s.sdk.send(new UpdateUserPoolDomainCommand({ UserPoolId: poolId, Domain: 'to-update', ManagedLoginVersion: 2 }));
    assert.equal(updated.ManagedLoginVersion, 2);
    assert.equal((await s.sdk.send(new DescribeUserPoolDomainCommand({ Domain: 'to-update' }))).DomainDescription!.ManagedLoginVersion, 2);
    assert.equal(
      (await rejection(s.sdk.send(new UpdateUserPoolDomainCommand({ UserPoolId: poolId, Domain: 'to-update', CustomDomainConfig: { CertificateArn: CERT } }))))
        .name,
      'InvalidParameterException',
    );
    assert.equal((await rejection(s.sdk.send(new UpdateUserPoolDomainCommand({ UserPoolId: poolId, Domain: 'not-there' })))).name, 'ResourceNotFoundException');
    await s.sdk.send(new DeleteUserPoolDomainCommand({ UserPoolId: poolId, Domain: 'to-update' }));
    assert.deepEqual((await s.sdk.send(new DescribeUserPoolDomainCommand({ Domain: 'to-update' }))).DomainDescription, {});
    assert.equal((await s.sdk.send(new DescribeUserPoolCommand({ UserPoolId: poolId }))).UserPool!.Domain, undefined);
    assert.equal((await rejection(s.sdk.send(new DeleteUserPoolDomainCommand({ UserPoolId: poolId, Domain: 'to-update' })))).name, 'InvalidParameterException');
  });

  it('frees the name when the pool is deleted', async () => {
    const poolId = await newPool(s);
    await s.sdk.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: 'freed-name' }));
    await s.sdk.send(new DeleteUserPoolCommand({ UserPoolId: poolId }));
    const again = await newPool(s);
    await s.sdk.send(new CreateUserPoolDomainCommand({ UserPoolId: again, Domain: 'freed-name' }));
  });

  it("returns a stable self-signed certificate over the pool's ID-token key", async () => {
    const poolId = await newPool(s);
    const first = (await s.sdk.send(new GetSigningCertificateCommand({ UserPoolId: poolId }))).Certificate!;
    const second = (await s.sdk.send(new GetSigningCertificateCommand({ UserPoolId: poolId }))).Certificate!;
    assert.equal(first, second);
    const cert = new X509Certificate(Buffer.from(first, 'base64'));
    assert.equal(cert.subject, `CN=${poolId}`);
    assert.equal(cert.verify(cert.publicKey), true);
    const jwks = (await (await fetch(`${s.url}/${poolId}/.well-known/jwks.json`)).json()) as { keys: { n: string }[] };
    assert.equal(cert.publicKey.export({ format: 'jwk' }).n, jwks.keys[1]!.n);
    assert.equal((await rejection(s.sdk.send(new GetSigningCertificateCommand({ UserPoolId: 'us-east-1_Missing00' })))).name, 'ResourceNotFoundException');
  });

  it('lists the OAuth 2.0 endpoints in the discovery document once the pool has a domain', async () => {
    const poolId = await newPool(s);
    const before = (await (await fetch(`${s.url}/${poolId}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    assert.equal(before.authorization_endpoint, undefined);
    await s.sdk.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: 'discovered' }));
    const doc = (await (await fetch(`${s.url}/${poolId}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    const base = `${s.url}/oauth/discovered`;
    assert.deepEqual(doc, {
      authorization_endpoint: `${base}/oauth2/authorize`,
      id_token_signing_alg_values_supported: ['RS256'],
      issuer: `${s.url}/${poolId}`,
      jwks_uri: `${s.url}/${poolId}/.well-known/jwks.json`,
      response_types_supported: ['code', 'token'],
      revocation_endpoint: `${base}/oauth2/revoke`,
      scopes_supported: ['openid', 'email', 'phone', 'profile'],
      subject_types_supported: ['public'],
      token_endpoint: `${base}/oauth2/token`,
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      userinfo_endpoint: `${base}/oauth2/userInfo`,
    });
  });
});
