import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AdminSetUserSettingsCommand, InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { canonicalQueryString, signRequest } from '../../src/awscli/sigv4.js';
import { runCognate } from '../helpers/cognate-process.js';
import { PASSWORD, signedInUser, type SignedInUser } from '../helpers/fixtures.js';
import { startServer, type TestServer } from '../helpers/server.js';

// The outbox (GET /_cognate/messages) holds every code the service "sent": reading it is as good as
// receiving the SMS. With --admin-credentials it is read only with a valid SigV4 signature, and no
// browser origin may read it unless the operator names one.

/** A GET of the outbox signed with cognate's signer, the query sent in canonical form. */
function signedGet(s: TestServer, params: Array<[string, string]>, accessKeyId: string, secretAccessKey: string): Promise<Response> {
  const url = new URL(s.url);
  const query = canonicalQueryString(params);
  const headers = signRequest(
    [['Host', url.host]],
    '/_cognate/messages',
    Buffer.alloc(0),
    { accessKeyId, secretAccessKey },
    'us-east-1',
    'cognito-idp',
    s.clock.now(),
    { method: 'GET', query },
  );
  return fetch(`${s.url}/_cognate/messages${query ? `?${query}` : ''}`, { headers: Object.fromEntries(headers.filter(([k]) => k !== 'Host')) });
}

/** Switches SMS MFA on and signs in, which sends a code to the outbox. */
async function sendCode(s: TestServer, u: SignedInUser): Promise<void> {
  await s.sdk.send(
    new AdminSetUserSettingsCommand({ UserPoolId: u.poolId, Username: u.username, MFAOptions: [{ DeliveryMedium: 'SMS', AttributeName: 'phone_number' }] }),
  );
  const r = await s.sdk.send(
    new InitiateAuthCommand({ ClientId: u.clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: u.username, PASSWORD } }),
  );
  assert.equal(r.ChallengeName, 'SMS_MFA');
}

describe('the outbox with --admin-credentials', () => {
  let s: TestServer;
  let alice: SignedInUser;
  const dirs: string[] = [];
  before(async () => {
    // The test server's SDK client signs with AKIDEXAMPLE:secret.
    s = await startServer({ adminCredentials: 'AKIDEXAMPLE:secret,AKIDREADER:reader' });
    alice = await signedInUser(s.sdk, 'alice+x@y');
    await sendCode(s, alice);
  });
  after(async () => {
    await s.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('refuses an unsigned GET with MissingAuthenticationTokenException, and no CORS header', async () => {
    const res = await fetch(`${s.url}/_cognate/messages`, { headers: { Origin: 'http://evil.example' } });
    assert.equal(res.status, 400);
    assert.deepEqual(await res.json(), { __type: 'MissingAuthenticationTokenException', message: 'Request is missing Authentication Token' });
    assert.equal(res.headers.get('x-amzn-errortype'), 'MissingAuthenticationTokenException:');
    assert.equal(res.headers.get('access-control-allow-origin'), null);
  });

  it('serves a GET signed with a configured key, its query signed too, and no CORS header', async () => {
    const res = await signedGet(
      s,
      [
        ['username', alice.username],
        ['poolId', alice.poolId],
      ],
      'AKIDREADER',
      'reader',
    );
    assert.equal(res.status, 200, await res.clone().text());
    const { messages } = (await res.json()) as { messages: Array<{ username: string; code: string }> };
    assert.equal(messages.length, 1);
    assert.equal(messages[0]!.username, alice.username);
    assert.match(messages[0]!.code, /^\d{6}$/);
    assert.equal(res.headers.get('access-control-allow-origin'), null);
  });

  it('refuses a signature made with a wrong secret, an unknown key, or over another query', async () => {
    const wrong = await signedGet(s, [], 'AKIDREADER', 'not-the-secret');
    assert.equal(wrong.status, 400);
    assert.equal(((await wrong.json()) as { __type: string }).__type, 'InvalidSignatureException');
    const stranger = await signedGet(s, [], 'AKIDSTRANGER', 'reader');
    assert.deepEqual(await stranger.json(), { __type: 'UnrecognizedClientException', message: 'The security token included in the request is invalid.' });
    // Signed for bob's messages, sent for alice's.
    const url = new URL(s.url);
    const headers = signRequest(
      [['Host', url.host]],
      '/_cognate/messages',
      Buffer.alloc(0),
      { accessKeyId: 'AKIDREADER', secretAccessKey: 'reader' },
      'us-east-1',
      'cognito-idp',
      s.clock.now(),
      { method: 'GET', query: 'username=bob' },
    );
    const moved = await fetch(`${s.url}/_cognate/messages?username=${encodeURIComponent(alice.username)}`, {
      headers: Object.fromEntries(headers.filter(([k]) => k !== 'Host')),
    });
    assert.equal(((await moved.json()) as { __type: string }).__type, 'InvalidSignatureException');
  });

  it('is read by `cognate messages` with the keys from the environment or from --profile, and refused without them', async () => {
    const home = mkdtempSync(join(tmpdir(), 'cognate-outbox-'));
    dirs.push(home);
    writeFileSync(join(home, 'credentials'), '[reader]\naws_access_key_id = AKIDREADER\naws_secret_access_key = reader\n');
    const files = { HOME: home, AWS_CONFIG_FILE: join(home, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials') };
    const args = ['messages', '--endpoint-url', s.url, '--username', alice.username];

    const fromEnv = await runCognate(args, { ...files, AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret' });
    assert.equal(fromEnv.code, 0, fromEnv.stderr);
    assert.equal(JSON.parse(fromEnv.stdout).messages[0].username, alice.username);

    const fromProfile = await runCognate([...args, '--profile', 'reader', '--region', 'eu-west-1'], files);
    assert.equal(fromProfile.code, 0, fromProfile.stderr);
    assert.equal(JSON.parse(fromProfile.stdout).messages.length, 1);

    const wrong = await runCognate(args, { ...files, AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'wrong' });
    assert.equal(wrong.code, 254);
    assert.match(
      wrong.stderr,
      /^cognate messages: An error occurred \(InvalidSignatureException\) when reading the outbox: The request signature we calculated does not match/,
    );

    const unsigned = await runCognate(args, files);
    assert.equal(unsigned.code, 254);
    assert.equal(
      unsigned.stderr,
      'cognate messages: An error occurred (MissingAuthenticationTokenException) when reading the outbox: Request is missing Authentication Token\n',
    );

    const missing = await runCognate([...args, '--profile', 'nobody'], files);
    assert.equal(missing.code, 255);
    assert.equal(missing.stderr, 'cognate messages: The config profile (nobody) could not be found\n');
  });
});

describe('the outbox without --admin-credentials (development)', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
  });
  after(async () => s.close());

  it('is open, but carries no Access-Control-Allow-Origin, while the AWS endpoint and the documents keep theirs', async () => {
    const origin = { Origin: 'http://evil.example' };
    const box = await fetch(`${s.url}/_cognate/messages`, { headers: origin });
    assert.equal(box.status, 200);
    assert.equal(box.headers.get('access-control-allow-origin'), null);
    const preflight = await fetch(`${s.url}/_cognate/messages`, { method: 'OPTIONS', headers: { ...origin, 'Access-Control-Request-Method': 'GET' } });
    assert.equal(preflight.headers.get('access-control-allow-origin'), null);
    assert.equal((await fetch(`${s.url}/health`, { headers: origin })).headers.get('access-control-allow-origin'), '*');
    const endpointPreflight = await fetch(s.url, { method: 'OPTIONS', headers: { ...origin, 'Access-Control-Request-Method': 'POST' } });
    assert.equal(endpointPreflight.headers.get('access-control-allow-origin'), '*');
  });
});

describe('the outbox with --outbox-cors-origin', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer({ outboxCorsOrigin: 'https://tests.example.com' });
  });
  after(async () => s.close());

  it('lets that one origin read it', async () => {
    const box = await fetch(`${s.url}/_cognate/messages`, { headers: { Origin: 'https://tests.example.com' } });
    assert.equal(box.status, 200);
    assert.equal(box.headers.get('access-control-allow-origin'), 'https://tests.example.com');
    const preflight = await fetch(`${s.url}/_cognate/messages?username=a`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://tests.example.com', 'Access-Control-Request-Method': 'GET' },
    });
    assert.equal(preflight.headers.get('access-control-allow-origin'), 'https://tests.example.com');
  });
});
