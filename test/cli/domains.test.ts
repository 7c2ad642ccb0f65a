/**
 * Golden tests of the domain commands (`cognate cognito-idp create-user-pool-domain` and the rest) as a
 * spawned process against a local capture server: exact stdout, exit code and request body. Expected
 * texts are the AWS CLI v2's.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { baseEnv, CaptureServer, caseDir, cognate, type Reply } from './helpers.js';

let server: CaptureServer;
before(async () => {
  server = await new CaptureServer().start();
});
after(async () => {
  await server.close();
});

async function check(c: { args: string[]; replies?: Reply[]; stdout?: string; code: number; body?: string }) {
  server.reset();
  if (c.replies) server.reply(...c.replies);
  const dir = caseDir();
  const r = await cognate(['cognito-idp', ...c.args, '--endpoint-url', server.url], dir, baseEnv(dir));
  assert.equal(r.stderr, '');
  if (c.stdout !== undefined) assert.equal(r.stdout, c.stdout);
  assert.equal(r.code, c.code);
  if (c.body !== undefined) assert.equal(server.requests.at(-1)?.body, c.body);
  return server.requests.map((q) => Object.fromEntries(q.headers));
}

describe('domain commands', () => {
  it('create-user-pool-domain sends a custom domain config from shorthand, signed, and prints the answer', async () => {
    const headers = await check({
      args: [
        'create-user-pool-domain',
        '--domain',
        'auth.example.com',
        '--user-pool-id',
        'us-east-1_X',
        '--custom-domain-config',
        'CertificateArn=arn:aws:acm:us-east-1:1:certificate/c',
      ],
      replies: [{ body: '{"ManagedLoginVersion":1,"CloudFrontDomain":"d1.cloudfront.net"}' }],
      code: 0,
      body: '{"Domain": "auth.example.com", "UserPoolId": "us-east-1_X", "CustomDomainConfig": {"CertificateArn": "arn:aws:acm:us-east-1:1:certificate/c"}}',
      stdout: '{\n    "ManagedLoginVersion": 1,\n    "CloudFrontDomain": "d1.cloudfront.net"\n}\n',
    });
    assert.equal(headers[0]!['X-Amz-Target'], 'AWSCognitoIdentityProviderService.CreateUserPoolDomain');
    assert.match(headers[0]!.Authorization!, /^AWS4-HMAC-SHA256 /);
  });

  it('describe-user-pool-domain prints the description as a table', async () => {
    await check({
      args: ['describe-user-pool-domain', '--domain', 'my-app', '--output', 'text'],
      replies: [
        {
          body: '{"DomainDescription":{"UserPoolId":"us-east-1_X","AWSAccountId":"123456789012","Domain":"my-app","S3Bucket":"b","CloudFrontDistribution":"x.cloudfront.net","Version":"20260101000000","Status":"ACTIVE","CustomDomainConfig":{},"ManagedLoginVersion":1}}',
        },
      ],
      code: 0,
      body: '{"Domain": "my-app"}',
      stdout: 'DOMAINDESCRIPTION\t123456789012\tx.cloudfront.net\tmy-app\t1\tb\tACTIVE\tus-east-1_X\t20260101000000\n',
    });
  });

  it('update-user-pool-domain sends the managed login version as a number', async () => {
    await check({
      args: ['update-user-pool-domain', '--domain', 'my-app', '--user-pool-id', 'us-east-1_X', '--managed-login-version', '2'],
      replies: [{ body: '{"ManagedLoginVersion":2}' }],
      code: 0,
      body: '{"Domain": "my-app", "UserPoolId": "us-east-1_X", "ManagedLoginVersion": 2}',
      stdout: '{\n    "ManagedLoginVersion": 2\n}\n',
    });
  });

  it('delete-user-pool-domain prints nothing', async () => {
    await check({
      args: ['delete-user-pool-domain', '--domain', 'my-app', '--user-pool-id', 'us-east-1_X'],
      replies: [{ body: '{}' }],
      code: 0,
      body: '{"Domain": "my-app", "UserPoolId": "us-east-1_X"}',
      stdout: '',
    });
  });

  it('get-signing-certificate prints the certificate with --output text', async () => {
    await check({
      args: ['get-signing-certificate', '--user-pool-id', 'us-east-1_X', '--output', 'text'],
      replies: [{ body: '{"Certificate":"MIIBfake"}' }],
      code: 0,
      body: '{"UserPoolId": "us-east-1_X"}',
      stdout: 'MIIBfake\n',
    });
  });
});
