import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { createHash } from 'node:crypto';
import {
  AdminGetUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
  ListUserPoolsCommand,
  SetUserSettingsCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { signRequest } from '../../src/awscli/sigv4.js';
import { rawCall, startServer, type TestServer } from '../helpers/server.js';
import { skipWithoutAwsCli } from '../helpers/tools.js';
import { createConfirmedUser, createPoolAndClient, PASSWORD } from '../helpers/fixtures.js';

const run = promisify(execFile);
const COGNATE = fileURLToPath(new URL('../../../bin/cognate.js', import.meta.url));

/**
 * Signs `command` with the AWS SDK's own signer, adding an X-Amz-Content-Sha256 header (the body's hash,
 * or `contentSha256`) before signing, and returns the raw signed request instead of sending it: what
 * someone who captured it on the wire would have.
 */
async function captureSigned(
  url: string,
  command: AdminSetUserPasswordCommand,
  contentSha256?: string,
): Promise<{ headers: Record<string, string>; body: string }> {
  let captured: { headers: Record<string, string>; body: string } | undefined;
  const client = new CognitoIdentityProviderClient({
    endpoint: url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDCOGNATE', secretAccessKey: 's3cr3t' },
    maxAttempts: 1,
    requestHandler: {
      handle: async (request: { headers: Record<string, string>; body: string }) => {
        captured = { headers: { ...request.headers }, body: request.body };
        throw new Error('captured, not sent');
      },
    },
  });
  client.middlewareStack.add(
    (next) => async (args) => {
      const request = args.request as { headers: Record<string, string>; body: string };
      request.headers['x-amz-content-sha256'] = contentSha256 ?? createHash('sha256').update(request.body).digest('hex');
      return next(args);
    },
    { step: 'build' },
  );
  await client.send(command).catch(() => undefined);
  client.destroy();
  assert.ok(captured, 'the SDK built no request');
  assert.match(captured.headers.authorization!, /SignedHeaders=[^,]*x-amz-content-sha256/);
  return captured;
}

/** Sends a captured request again, headers as captured (Host and Content-Length as fetch sets them), with `body`. */
function replay(url: string, captured: { headers: Record<string, string> }, body: string): Promise<Response> {
  const headers = Object.fromEntries(Object.entries(captured.headers).filter(([k]) => k !== 'host' && k !== 'content-length'));
  return fetch(url, { method: 'POST', headers, body });
}

describe('serve --admin-credentials: signed operations must carry a valid SigV4 signature', () => {
  let s: TestServer;
  const client = (accessKeyId: string, secretAccessKey: string) =>
    new CognitoIdentityProviderClient({ endpoint: s.url, region: 'us-east-1', credentials: { accessKeyId, secretAccessKey }, maxAttempts: 1 });
  let admin: CognitoIdentityProviderClient;

  before(async () => {
    s = await startServer({ adminCredentials: 'AKIDCOGNATE:s3cr3t,AKIDOTHER:other' });
    admin = client('AKIDCOGNATE', 's3cr3t');
  });
  after(async () => {
    admin.destroy();
    await s.close();
  });

  it('accepts a request signed with a configured key', async () => {
    const out = await admin.send(new ListUserPoolsCommand({ MaxResults: 10 }));
    assert.equal(out.$metadata.httpStatusCode, 200);
    const other = client('AKIDOTHER', 'other');
    assert.equal((await other.send(new ListUserPoolsCommand({ MaxResults: 1 }))).$metadata.httpStatusCode, 200);
    other.destroy();
  });

  it('refuses a wrong secret with InvalidSignatureException', async () => {
    const wrong = client('AKIDCOGNATE', 'not-the-secret');
    await assert.rejects(wrong.send(new ListUserPoolsCommand({ MaxResults: 10 })), {
      name: 'InvalidSignatureException',
      message:
        'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
    });
    wrong.destroy();
  });

  it('refuses an unknown access key with UnrecognizedClientException', async () => {
    const stranger = client('AKIDSTRANGER', 's3cr3t');
    await assert.rejects(stranger.send(new ListUserPoolsCommand({ MaxResults: 10 })), {
      name: 'UnrecognizedClientException',
      message: 'The security token included in the request is invalid.',
    });
    stranger.destroy();
  });

  it('refuses a signed request whose body was changed after signing', async () => {
    const host = new URL(s.url).host;
    const signedBody = Buffer.from(JSON.stringify({ MaxResults: 10 }));
    const headers = signRequest(
      [
        ['Host', host],
        ['Content-Type', 'application/x-amz-json-1.1'],
        ['X-Amz-Target', 'AWSCognitoIdentityProviderService.ListUserPools'],
      ],
      '/',
      signedBody,
      { accessKeyId: 'AKIDCOGNATE', secretAccessKey: 's3cr3t' },
      'us-east-1',
      'cognito-idp',
      s.clock.now(),
    );
    const send = (body: string) => fetch(s.url, { method: 'POST', headers: Object.fromEntries(headers.filter(([k]) => k !== 'Host')), body });
    assert.equal((await send(signedBody.toString())).status, 200);
    const tampered = await send(JSON.stringify({ MaxResults: 60 }));
    assert.equal(tampered.status, 400);
    assert.equal(((await tampered.json()) as { __type: string }).__type, 'InvalidSignatureException');
  });

  it('refuses a captured AdminSetUserPassword replayed with another user in the body, though its X-Amz-Content-Sha256 is signed', async () => {
    const { poolId, clientId } = await createPoolAndClient(admin);
    await createConfirmedUser(admin, poolId, 'alice', null);
    await createConfirmedUser(admin, poolId, 'bobby', null);
    const captured = await captureSigned(
      s.url,
      new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'alice', Password: 'N3w-Passw0rd!', Permanent: true }),
    );
    // The same length, so Content-Length (also signed) still matches: only the payload hash can tell.
    const forged = captured.body.replace('"alice"', '"bobby"');
    assert.equal(forged.length, captured.body.length);
    const refused = await replay(s.url, captured, forged);
    assert.equal(refused.status, 400);
    assert.deepEqual(await refused.json(), {
      __type: 'InvalidSignatureException',
      message: "The provided 'x-amz-content-sha256' header does not match what was computed.",
    });
    const anonymous = client('', '');
    const signIn = await anonymous.send(
      new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'bobby', PASSWORD } }),
    );
    assert.ok(signIn.AuthenticationResult?.AccessToken, "bobby's password is unchanged");
    anonymous.destroy();
    // The request as signed is still good.
    assert.equal((await replay(s.url, captured, captured.body)).status, 200);
  });

  it('refuses a request signed over UNSIGNED-PAYLOAD with InvalidSignatureException', async () => {
    const captured = await captureSigned(
      s.url,
      new AdminSetUserPasswordCommand({ UserPoolId: 'us-east-1_aaaaaaaaa', Username: 'alice', Password: 'N3w-Passw0rd!', Permanent: true }),
      'UNSIGNED-PAYLOAD',
    );
    const r = await replay(s.url, captured, captured.body);
    assert.equal(r.status, 400);
    assert.deepEqual(await r.json(), {
      __type: 'InvalidSignatureException',
      message: "The provided 'x-amz-content-sha256' header does not match what was computed.",
    });
  });

  it('refuses an unsigned administrative request with MissingAuthenticationTokenException', async () => {
    const r = await rawCall(s.url, 'AdminGetUser', { UserPoolId: 'us-east-1_aaaaaaaaa', Username: 'x' });
    assert.equal(r.status, 400);
    assert.deepEqual(r.body, { __type: 'MissingAuthenticationTokenException', message: 'Request is missing Authentication Token' });
  });

  it('refuses a signature made more than five minutes from the server clock', async () => {
    s.clock.advance(6 * 60);
    try {
      await assert.rejects(admin.send(new ListUserPoolsCommand({ MaxResults: 10 })), (e: Error) => {
        assert.equal(e.name, 'InvalidSignatureException');
        assert.match(e.message, /^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 5 min\.\)$/);
        return true;
      });
    } finally {
      s.clock.advance(-6 * 60);
    }
  });

  it('still serves token-authorised operations unsigned', async () => {
    const { poolId, clientId } = await createPoolAndClient(admin);
    await createConfirmedUser(admin, poolId, 'signer');
    const anonymous = client('', '');
    const signIn = await anonymous.send(
      new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'signer', PASSWORD } }),
    );
    const token = signIn.AuthenticationResult!.AccessToken!;
    const raw = await rawCall(s.url, 'SetUserSettings', { AccessToken: token, MFAOptions: [] });
    assert.equal(raw.status, 200);
    assert.equal((await anonymous.send(new SetUserSettingsCommand({ AccessToken: token, MFAOptions: [] }))).$metadata.httpStatusCode, 200);
    anonymous.destroy();
    assert.equal((await admin.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'signer' }))).Username, 'signer');
  });

  it('accepts the signatures of the real AWS CLI and of cognate cognito-idp, and refuses a wrong secret from either', { skip: skipWithoutAwsCli }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cognate-sigv4-'));
    writeFileSync(join(dir, 'config'), '');
    const env = (secret: string) => ({
      PATH: process.env.PATH,
      HOME: dir,
      AWS_CONFIG_FILE: join(dir, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: join(dir, 'config'),
      AWS_ACCESS_KEY_ID: 'AKIDCOGNATE',
      AWS_SECRET_ACCESS_KEY: secret,
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_EC2_METADATA_DISABLED: 'true',
    });
    const args = ['cognito-idp', 'list-user-pools', '--max-results', '1', '--endpoint-url', s.url, '--output', 'json'];
    for (const [cmd, argv] of [
      ['aws', args],
      [process.execPath, [COGNATE, ...args]],
    ] as const) {
      const ok = await run(cmd, [...argv], { env: env('s3cr3t') });
      assert.match(ok.stdout, /"UserPools"/);
      const bad = await run(cmd, [...argv], { env: env('wrong') }).then(
        () => null,
        (e: { code: number; stderr: string }) => e,
      );
      assert.ok(bad, `${cmd} with a wrong secret should fail`);
      assert.match(
        bad.stderr,
        /An error occurred \(InvalidSignatureException\) when calling the ListUserPools operation: The request signature we calculated does not match/,
      );
    }
  });
});
