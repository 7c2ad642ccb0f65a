import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { AdminSetUserSettingsCommand, CognitoIdentityProviderClient, InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { freePort, runCognate, startServeProcess, type ServeProcess } from '../helpers/cognate-process.js';
import { createConfirmedUser, createPoolAndClient, PASSWORD, PHONE, signedInUser } from '../helpers/fixtures.js';
import { freshSchema, schemaUrl, skipWithoutPostgres, type TestSchema } from '../helpers/postgres.js';
import { rawCall, startServer, type TestServer } from '../helpers/server.js';

const dirs: string[] = [];
const running: ServeProcess[] = [];

function dataDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'cognate-serve-'));
  dirs.push(d);
  return d;
}

async function serve(args: string[], env: Record<string, string> = {}): Promise<ServeProcess> {
  const p = await startServeProcess(args, env);
  running.push(p);
  return p;
}

/** SIGTERM, and the clean exit that must follow. */
async function stop(p: ServeProcess): Promise<void> {
  p.child.kill('SIGTERM');
  assert.deepEqual(await p.exited, { code: 0, signal: null }, p.stderr());
}

afterEach(() => {
  for (const p of running.splice(0)) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
});
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('cognate serve: flags and environment', () => {
  it('prints its usage, every flag and variable, on stdout for --help and exits 0', async () => {
    const r = await runCognate(['serve', '--help']);
    assert.equal(r.code, 0);
    assert.equal(r.stderr, '');
    assert.match(r.stdout, /^usage: cognate serve /);
    for (const flag of ['--host', '--port', '--data-dir', '--region', '--issuer-style', '--public-url', '--sync', '--quiet'])
      assert.ok(r.stdout.includes(flag), flag);
    for (const flag of ['--store', '--database-url', '--admin-credentials', '--outbox-cors-origin']) assert.ok(r.stdout.includes(flag), flag);
    for (const name of ['COGNATE_HOST', 'COGNATE_PORT', 'COGNATE_DATA_DIR', 'COGNATE_REGION', 'COGNATE_STORE', 'COGNATE_DATABASE_URL'])
      assert.ok(r.stdout.includes(name), name);
  });

  const usageErrors: Array<{ args: string[]; env?: Record<string, string>; message: string }> = [
    { args: ['--bogus'], message: 'unknown option: --bogus' },
    { args: ['--port'], message: 'option --port needs a value' },
    { args: ['--port', '70000'], message: 'invalid port: 70000' },
    { args: ['--sync', 'sometimes'], message: 'invalid sync mode: sometimes (normal or full)' },
    {
      args: ['--outbox-cors-origin', 'https://app.example.com/path'],
      message: 'invalid outbox CORS origin: https://app.example.com/path (an origin such as https://app.example.com, or *)',
    },
    {
      args: [],
      env: { COGNATE_OUTBOX_CORS_ORIGIN: 'app.example.com' },
      message: 'invalid outbox CORS origin: app.example.com (an origin such as https://app.example.com, or *)',
    },
    { args: [], env: { COGNATE_FOO: '1' }, message: 'unknown environment variable COGNATE_FOO' },
    { args: [], env: { COGNATE_PORT: 'eighty' }, message: 'invalid port: eighty' },
    { args: [], env: { COGNATE_ISSUER_STYLE: 'aws' }, message: 'invalid issuer style: aws (local or cognito)' },
    { args: ['--store', 'postgres'], message: '--store postgres needs --database-url (or COGNATE_DATABASE_URL)' },
    { args: [], env: { COGNATE_STORE: 'postgres' }, message: '--store postgres needs --database-url (or COGNATE_DATABASE_URL)' },
    { args: ['--store', 'mysql'], message: 'invalid store: mysql (sqlite or postgres)' },
    { args: ['--store', 'postgres', '--database-url', 'mysql://h/db'], message: 'invalid database URL (postgres://USER:PASSWORD@HOST:PORT/DATABASE)' },
    { args: ['--admin-credentials', 'AKIDONLY'], message: 'invalid --admin-credentials: credentials must be ACCESS_KEY_ID:SECRET_ACCESS_KEY[,…]' },
    { args: [], env: { COGNATE_ADMIN_CREDENTIALS: 'a:b,:c' }, message: 'invalid --admin-credentials: credentials must be ACCESS_KEY_ID:SECRET_ACCESS_KEY[,…]' },
    { args: ['--lambda-dir', '/nonexistent/functions'], message: '--lambda-dir /nonexistent/functions: not a directory' },
    { args: [], env: { AWS_ENDPOINT_URL_LAMBDA: 'localhost:3001' }, message: 'invalid --lambda-endpoint-url: localhost:3001 (http or https)' },
    { args: ['--kms-endpoint-url', 'not a url'], message: 'invalid --kms-endpoint-url: not a url' },
    { args: [], env: { AWS_ENDPOINT_URL_KMS: 'localhost:5000' }, message: 'invalid --kms-endpoint-url: localhost:5000 (http or https)' },
    {
      args: ['--lambda-dir', '.', '--lambda-endpoint-url', 'http://127.0.0.1:3001'],
      message: '--lambda-dir and --lambda-endpoint-url cannot be used together',
    },
  ];
  for (const c of usageErrors) {
    const what = [...Object.entries(c.env ?? {}).map(([k, v]) => `${k}=${v}`), ...c.args].join(' ');
    it(`exits 252 with "${c.message}" and the usage on stderr for ${what}`, async () => {
      const r = await runCognate(['serve', ...c.args], c.env);
      assert.equal(r.code, 252);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, new RegExp(`^cognate serve: ${c.message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\n\nusage: cognate serve `));
    });
  }

  it('takes its port, data directory and region from COGNATE_PORT, COGNATE_DATA_DIR and COGNATE_REGION', async () => {
    const port = await freePort();
    const dir = dataDir();
    const p = await serve(['--quiet'], { COGNATE_PORT: String(port), COGNATE_DATA_DIR: dir, COGNATE_REGION: 'eu-west-1' });
    assert.equal(p.url, `http://127.0.0.1:${port}`);
    assert.equal(p.stdout(), `cognate listening on http://127.0.0.1:${port} (data in ${dir}, region eu-west-1)\n`);
    assert.ok(existsSync(join(dir, 'cognate.db')));
    const pool = await rawCall(p.url, 'CreateUserPool', { PoolName: 'env' });
    assert.match(pool.body.UserPool.Id, /^eu-west-1_[0-9a-zA-Z]{9}$/);
    await stop(p);
  });

  it('lets flags win over the environment', async () => {
    const [envPort, flagPort] = [await freePort(), await freePort()];
    const [envDir, flagDir] = [dataDir(), dataDir()];
    const p = await serve(['--port', String(flagPort), '--data-dir', flagDir, '--quiet'], { COGNATE_PORT: String(envPort), COGNATE_DATA_DIR: envDir });
    assert.equal(p.url, `http://127.0.0.1:${flagPort}`);
    assert.ok(existsSync(join(flagDir, 'cognate.db')));
    assert.equal(existsSync(join(envDir, 'cognate.db')), false);
    await stop(p);
  });

  it('accepts COGNATE_ENDPOINT_URL, the variable `cognate messages` reads, so one shell can run both', async () => {
    const p = await serve(['--port', '0', '--data-dir', dataDir(), '--quiet'], { COGNATE_ENDPOINT_URL: 'http://127.0.0.1:9229' });
    await stop(p);
  });

  it('exits 255 with one line naming the database, without its password, when PostgreSQL is unreachable', async () => {
    const port = await freePort();
    const r = await runCognate(['serve', '--port', '0', '--store', 'postgres', '--database-url', `postgres://cognate:s3cret@127.0.0.1:${port}/cognate`]);
    assert.equal(r.code, 255);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr, `cognate: cannot use PostgreSQL at postgres://cognate@127.0.0.1:${port}/cognate: connect ECONNREFUSED 127.0.0.1:${port}\n`);
  });

  it('exits 255 with the reason when the port is taken', async () => {
    const p = await serve(['--port', '0', '--data-dir', dataDir(), '--quiet']);
    const port = new URL(p.url).port;
    const r = await runCognate(['serve', '--port', port, '--data-dir', dataDir(), '--quiet']);
    assert.equal(r.code, 255);
    assert.equal(r.stderr, `cognate: listen EADDRINUSE: address already in use 127.0.0.1:${port}\n`);
    await stop(p);
  });
});

describe('cognate serve --store postgres', { skip: skipWithoutPostgres }, () => {
  let schema: TestSchema;
  before(async () => {
    schema = freshSchema();
    await (await schema.open()).close();
  });
  after(async () => schema?.drop());

  it('takes COGNATE_STORE and COGNATE_DATABASE_URL, keeps the data in PostgreSQL and names the database without its password', async () => {
    const url = schemaUrl(schema);
    const p = await serve(['--port', '0', '--quiet'], { COGNATE_STORE: 'postgres', COGNATE_DATABASE_URL: url });
    const u = new URL(url);
    assert.equal(p.stdout(), `cognate listening on ${p.url} (data in ${u.protocol}//${u.username}@${u.host}${u.pathname}, region us-east-1)\n`);
    assert.equal(p.stdout().includes(`:${u.password}@`), false);
    const created = await rawCall(p.url, 'CreateUserPool', { PoolName: 'in-postgres' });
    await stop(p);
    const store = await schema.open();
    try {
      assert.equal((await store.getPool(created.body.UserPool.Id))?.name, 'in-postgres');
    } finally {
      await store.close();
    }
  });

  it('lets --store sqlite win over COGNATE_STORE=postgres', async () => {
    const dir = dataDir();
    const p = await serve(['--port', '0', '--quiet', '--store', 'sqlite', '--data-dir', dir], {
      COGNATE_STORE: 'postgres',
      COGNATE_DATABASE_URL: schemaUrl(schema),
    });
    assert.ok(existsSync(join(dir, 'cognate.db')));
    await stop(p);
  });
});

describe('cognate serve: endpoints and log', () => {
  it('answers GET /health with 200 and logs one line per request: operation or path, status, request id, milliseconds', async () => {
    const p = await serve(['--port', '0', '--data-dir', dataDir()]);
    const health = await fetch(`${p.url}/health`);
    assert.equal(health.status, 200);
    assert.deepEqual(await health.json(), { status: 'ok' });
    const created = await rawCall(p.url, 'CreateUserPool', { PoolName: 'logged' });
    const refused = await rawCall(p.url, 'GetUser', { AccessToken: 'garbage' });
    assert.equal(refused.status, 400);
    await stop(p);
    const lines = p.stdout().split('\n');
    const line = (what: string, status: number, id: string) =>
      lines.some((l) => new RegExp(`^\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z ${what} ${status} ${id} \\d+\\.\\dms$`).test(l));
    assert.ok(line('GET /health', 200, health.headers.get('x-amzn-requestid')!), p.stdout());
    assert.ok(line('CreateUserPool', 200, created.headers.get('x-amzn-requestid')!), p.stdout());
    assert.ok(line('GetUser', 400, refused.headers.get('x-amzn-requestid')!), p.stdout());
    assert.match(lines.at(-2)!, /^cognate: SIGTERM, shutting down$/);
  });
});

interface Answered {
  status: number;
  connection: string | undefined;
  body: string;
  at: number;
}

/** One InitiateAuth on a connection of its own; resolves with the whole answer, rejects if the connection is cut. */
function initiateAuth(url: string, clientId: string, username: string): Promise<Answered> {
  const body = JSON.stringify({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId, AuthParameters: { USERNAME: username, PASSWORD } });
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `${url}/`,
      {
        method: 'POST',
        agent: false,
        headers: {
          'Content-Type': 'application/x-amz-json-1.1',
          'X-Amz-Target': 'AWSCognitoIdentityProviderService.InitiateAuth',
          'Content-Length': Buffer.byteLength(body),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (d: string) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode!, connection: res.headers.connection, body: text, at: performance.now() }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('cognate serve: shutdown', () => {
  it('on SIGTERM answers every request in flight, closes idle keep-alive connections and exits 0 promptly', async () => {
    const p = await serve(['--port', '0', '--data-dir', dataDir(), '--quiet']);
    const sdk = new CognitoIdentityProviderClient({
      endpoint: p.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
      maxAttempts: 1,
    });
    const { poolId, clientId } = await createPoolAndClient(sdk);
    await createConfirmedUser(sdk, poolId, 'alice', null);
    sdk.destroy();

    // An idle keep-alive connection: answered once, then left open.
    const { hostname, port } = new URL(p.url);
    const idle = connect(Number(port), hostname);
    let idleText = '';
    idle.on('data', (d) => (idleText += d.toString()));
    const idleClosed = new Promise<void>((resolve) => idle.on('close', () => resolve()));
    const idleAnswered = new Promise<void>((resolve) => idle.once('data', () => resolve()));
    idle.write('GET /health HTTP/1.1\r\nHost: x\r\n\r\n');
    await idleAnswered;

    // Sign-ins hash the password with scrypt at the default cost: slow enough that most are still in
    // flight when the first is answered, and that is when the signal goes.
    const calls = Array.from({ length: 12 }, () => initiateAuth(p.url, clientId, 'alice'));
    await Promise.race(calls).catch(() => {});
    p.child.kill('SIGTERM');
    const signalled = performance.now();
    const answers = await Promise.allSettled(calls);
    const exited = await p.exited;
    const exitMs = performance.now() - signalled;
    await idleClosed;

    assert.deepEqual(exited, { code: 0, signal: null }, p.stderr());
    assert.ok(exitMs < 10_000, `exited ${exitMs} ms after SIGTERM`);
    for (const a of answers) {
      assert.equal(a.status, 'fulfilled', a.status === 'rejected' ? String(a.reason) : '');
      const answer = (a as PromiseFulfilledResult<Answered>).value;
      assert.equal(answer.status, 200, answer.body);
      assert.ok(JSON.parse(answer.body).AuthenticationResult.AccessToken);
    }
    const late = answers.map((a) => (a as PromiseFulfilledResult<Answered>).value).filter((a) => a.at > signalled);
    assert.ok(late.length > 0, 'no request was still in flight at the signal');
    for (const a of late) assert.equal(a.connection, 'close');
    assert.match(idleText, /^HTTP\/1\.1 200 /);
    assert.match(p.stdout(), /cognate: SIGTERM, shutting down\n$/);
  });
});

describe('cognate messages', () => {
  let s: TestServer;
  let alice: Awaited<ReturnType<typeof signedInUser>>;
  let bob: Awaited<ReturnType<typeof signedInUser>>;

  /** Switches SMS MFA on and signs in, which sends a code to the outbox. */
  async function sendCode(u: typeof alice): Promise<void> {
    await s.sdk.send(
      new AdminSetUserSettingsCommand({ UserPoolId: u.poolId, Username: u.username, MFAOptions: [{ DeliveryMedium: 'SMS', AttributeName: 'phone_number' }] }),
    );
    const r = await s.sdk.send(
      new InitiateAuthCommand({ ClientId: u.clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: u.username, PASSWORD } }),
    );
    assert.equal(r.ChallengeName, 'SMS_MFA');
  }

  before(async () => {
    s = await startServer();
    alice = await signedInUser(s.sdk, 'alice');
    bob = await signedInUser(s.sdk, 'bob', '+15555559876');
    await sendCode(alice);
    await sendCode(bob);
  });
  after(async () => s.close());

  it('prints the outbox as JSON, filtered by --username', async () => {
    const r = await runCognate(['messages', '--endpoint-url', s.url, '--username', 'alice']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    const out = JSON.parse(r.stdout) as { messages: Array<Record<string, string>> };
    assert.equal(out.messages.length, 1);
    const m = out.messages[0]!;
    assert.deepEqual(
      { ...m, code: undefined, message: undefined, createdAt: undefined },
      {
        poolId: alice.poolId,
        username: 'alice',
        deliveryMedium: 'SMS',
        destination: PHONE,
        code: undefined,
        subject: null,
        message: undefined,
        createdAt: undefined,
      },
    );
    assert.match(m.code!, /^\d{6}$/);
    assert.ok(m.message!.includes(m.code!));
    assert.equal(m.createdAt, s.clock.now().toISOString());
  });

  it('filters by --pool-id and prints tab-separated lines with --output text', async () => {
    const r = await runCognate(['messages', '--endpoint-url', `${s.url}/`, '--pool-id', bob.poolId, '--output', 'text']);
    assert.equal(r.code, 0, r.stderr);
    const fields = r.stdout.replace(/\n$/, '').split('\t');
    assert.equal(r.stdout.split('\n').length, 2);
    assert.deepEqual(fields.slice(0, 5), [s.clock.now().toISOString(), bob.poolId, 'bob', 'SMS', '+15555559876']);
    assert.match(fields[5]!, /^\d{6}$/);
    assert.equal(fields[6], '-', 'an SMS has no subject');
    assert.ok(fields[7]!.includes(fields[5]!));
  });

  it('reads the endpoint from COGNATE_ENDPOINT_URL', async () => {
    const r = await runCognate(['messages', '--username', 'bob'], { COGNATE_ENDPOINT_URL: s.url });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(
      (JSON.parse(r.stdout) as { messages: Array<{ username: string }> }).messages.map((m) => m.username),
      ['bob'],
    );
  });

  it('exits 255 saying so when nothing listens at the endpoint', async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const r = await runCognate(['messages', '--endpoint-url', url]);
    assert.equal(r.code, 255);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, new RegExp(`^cognate messages: could not connect to ${url}: `));
  });

  it('exits 252 with its usage on stderr for an unknown option', async () => {
    const r = await runCognate(['messages', '--user', 'alice']);
    assert.equal(r.code, 252);
    assert.match(r.stderr, /^cognate messages: unknown option: --user\n\nusage: cognate messages /);
  });
});
