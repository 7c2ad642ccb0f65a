#!/usr/bin/env node
// Server benchmark (issue 4): in ONE run, a bare node:http server answering {} (the ceiling) and
// `cognate serve` on a fresh data directory, driven by autocannon with the same settings; prints req/s,
// p50/p99 latency and the ratio to the ceiling per operation, for each user count.
//
//   npm run bench -- [--users 1000,1000000] [--duration 10] [--reps 3] [--connections 10] [--tokens 500]
//                    [--ops SetUserSettings,GetUser] [--peers] [--peers-only]
//
// Build first (npm run build). The servers run in child processes so autocannon does not share their core.
import autocannon from 'autocannon';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from 'node:net';
import { request as httpRequest } from 'node:http';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = parseArgs(process.argv.slice(2));
const USERS = (args.users ?? '1000,1000000').split(',').map(Number);
const DURATION = Number(args.duration ?? 10);
const REPS = Number(args.reps ?? 3);
const CONNECTIONS = Number(args.connections ?? 10);
const TOKENS = Number(args.tokens ?? 500);
const PEERS = args.peers === true;
/** Only these operations (comma-separated), for quick experiments; all by default. */
const OPS = args.ops ? new Set(String(args.ops).split(',')) : null;
const wanted = (op) => !OPS || OPS.has(op.split(' ')[0]);
const TARGET = 'AWSCognitoIdentityProviderService';
const PASSWORD = 'Passw0rd!';

function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) continue;
    const next = argv[i + 1];
    if (next === undefined || next.startsWith('--')) out[a.slice(2)] = true;
    else out[a.slice(2)] = argv[++i];
  }
  return out;
}

function freePort() {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function waitReady(url, ms = 20000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try {
      const r = await fetch(url);
      if (r.status < 500) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`not ready: ${url}`);
}

function startProcess(cmd, argv, env = {}) {
  const child = spawn(cmd, argv, { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, ...env } });
  return child;
}

async function stopProcess(child) {
  if (child.exitCode !== null) return;
  await new Promise((resolve) => {
    child.once('exit', resolve);
    child.kill('SIGTERM');
  });
}

/** Peak resident memory (VmHWM) of a process, in MB. */
function peakRssMb(pid) {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : NaN;
  } catch {
    return NaN;
  }
}

function dirSizeMb(dir) {
  return Math.round(Number(execFileSync('du', ['-sk', dir]).toString().split('\t')[0]) / 1024);
}

async function call(url, op, body, extraHeaders = {}) {
  const r = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': `${TARGET}.${op}`, ...extraHeaders },
    body: JSON.stringify(body),
  });
  const json = await r.json();
  if (r.status !== 200) throw new Error(`${op}: ${JSON.stringify(json)}`);
  return json;
}

/** One autocannon run over a list of requests, cycled. */
async function runOnce(url, requests, label) {
  let i = 0;
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: DURATION,
    method: 'POST',
    requests: [{ setupRequest: (req) => ({ ...req, ...requests[i++ % requests.length] }) }],
  });
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`${label}: ${result.non2xx} non-2xx responses and ${result.errors} errors`);
  }
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 };
}

/** Every ceiling run of this benchmark, to report their median. */
const ceilingRuns = [];

/**
 * REPS repetitions, each a ceiling run immediately followed by a run of the measured server, so each
 * ratio compares two runs made seconds apart (this machine's speed drifts by tens of percent over
 * minutes). Reports the repetition with the median ratio.
 */
async function measure(url, makeRequests, label, once = runOnce) {
  const runs = [];
  for (let rep = 0; rep < REPS; rep++) {
    const base = await runOnce(ceilingUrl, [request('GetUser', { AccessToken: 'x' })], 'ceiling');
    ceilingRuns.push(base.rps);
    const r = await once(url, makeRequests(), label);
    runs.push({ ...r, ratio: r.rps / base.rps });
  }
  runs.sort((a, b) => a.ratio - b.ratio);
  return runs[Math.floor(runs.length / 2)];
}

/**
 * For a peer that closes the connection after every response (moto), autocannon stalls on the dead
 * sockets; this drives the same request list from CONNECTIONS loops that open a new connection per
 * request, for DURATION seconds, and reports the same figures.
 */
async function newConnectionsOnce(url, requests, label) {
  const { hostname, port } = new URL(url);
  let i = 0;
  const latencies = [];
  const end = Date.now() + DURATION * 1000;
  const one = (r) =>
    new Promise((resolve, reject) => {
      const started = performance.now();
      const req = httpRequest({ host: hostname, port, method: 'POST', path: '/', headers: r.headers, agent: false }, (res) => {
        res.resume();
        res.on('end', () => {
          if (res.statusCode !== 200) reject(new Error(`${label}: HTTP ${res.statusCode}`));
          else resolve(performance.now() - started);
        });
      });
      req.on('error', reject);
      req.end(r.body);
    });
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (Date.now() < end) latencies.push(await one(requests[i++ % requests.length]));
    }),
  );
  latencies.sort((x, y) => x - y);
  const pick = (q) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]);
  return { rps: latencies.length / DURATION, p50: pick(0.5), p99: pick(0.99) };
}

function request(op, body, extra = {}) {
  return {
    method: 'POST',
    path: '/',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `${TARGET}.${op}`, ...extra },
    body: JSON.stringify(body),
  };
}

const SIGV4 = {
  authorization:
    'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/cognito-idp/aws4_request, SignedHeaders=host;x-amz-date;x-amz-target, Signature=0000',
  'x-amz-date': '20260101T000000Z',
};

/** Starts the ceiling server; it stays up, idle between its runs, for the whole benchmark. */
async function startCeiling() {
  const port = await freePort();
  const child = startProcess(process.execPath, [join(root, 'bench', 'ceiling.mjs'), String(port)]);
  const url = `http://127.0.0.1:${port}`;
  await waitReady(`${url}/`);
  return { url, child };
}

/** Seeds N users through the store's bulk path, with one real scrypt hash shared by all (a bench artefact). */
async function seedUsers(dataDir, poolId, n) {
  const { SqliteStore } = await import(join(root, 'dist/src/store/sqlite/store.js'));
  const { ScryptHasher } = await import(join(root, 'dist/src/domain/passwords.js'));
  const { CryptoRandom } = await import(join(root, 'dist/src/random.js'));
  const { noMfa } = await import(join(root, 'dist/src/domain/users.js'));
  const random = new CryptoRandom();
  const hash = await new ScryptHasher(random).hash(PASSWORD);
  const store = new SqliteStore({ dataDir });
  const batch = 20000;
  const now = new Date();
  const tty = process.stderr.isTTY;
  const started = Date.now();
  for (let done = 0; done < n; done += batch) {
    const users = [];
    for (let i = done; i < Math.min(n, done + batch); i++) {
      const sub = random.uuid();
      users.push({
        poolId,
        username: `user${String(i).padStart(7, '0')}`,
        sub,
        status: 'CONFIRMED',
        enabled: true,
        passwordHash: hash,
        temporaryPasswordExpiresAt: null,
        attributes: { sub, phone_number: `+1555${String(i).padStart(7, '0')}` },
        mfa: noMfa(),
        createdAt: now,
        lastModifiedAt: now,
      });
    }
    await store.createUsers(users);
    const shown = Math.min(n, done + batch);
    if (tty) {
      const width = 30;
      const filled = Math.round((shown / n) * width);
      process.stderr.write(`\r  seeding [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${shown}/${n} users`);
    }
  }
  if (tty) process.stderr.write('\n');
  await store.close();
  return (Date.now() - started) / 1000;
}

async function cognate(n) {
  const dataDir = mkdtempSync(join(tmpdir(), 'cognate-bench-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const serveArgs = [join(root, 'bin/cognate.js'), 'serve', '--port', String(port), '--data-dir', dataDir, '--quiet'];
  let child = startProcess(process.execPath, serveArgs);
  await waitReady(`${url}/health`);
  const pool = await call(url, 'CreateUserPool', { PoolName: 'bench' }, SIGV4);
  const poolId = pool.UserPool.Id;
  const client = await call(
    url,
    'CreateUserPoolClient',
    { UserPoolId: poolId, ClientName: 'bench', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] },
    SIGV4,
  );
  const clientId = client.UserPoolClient.ClientId;
  await stopProcess(child);
  const seedSeconds = await seedUsers(dataDir, poolId, n);
  child = startProcess(process.execPath, serveArgs);
  await waitReady(`${url}/health`);

  // Sign in a spread of users across the whole range, a few at a time.
  const k = Math.min(TOKENS, n);
  const step = Math.max(1, Math.floor(n / k));
  const names = Array.from({ length: k }, (_, i) => `user${String(i * step).padStart(7, '0')}`);
  const tokens = [];
  for (let i = 0; i < names.length; i += 8) {
    const part = await Promise.all(
      names
        .slice(i, i + 8)
        .map((u) => call(url, 'InitiateAuth', { ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: u, PASSWORD } })),
    );
    for (const r of part) tokens.push(r.AuthenticationResult.AccessToken);
  }

  const rows = {};
  if (wanted('SetUserSettings'))
    rows.SetUserSettings = await measure(
      url,
      () =>
        tokens.flatMap((t) => [
          request('SetUserSettings', { AccessToken: t, MFAOptions: [{ DeliveryMedium: 'SMS', AttributeName: 'phone_number' }] }),
          request('SetUserSettings', { AccessToken: t, MFAOptions: [] }),
        ]),
      'SetUserSettings',
    );
  if (wanted('GetUser')) rows.GetUser = await measure(url, () => tokens.map((t) => request('GetUser', { AccessToken: t })), 'GetUser');
  if (wanted('AdminGetUser'))
    rows.AdminGetUser = await measure(url, () => names.map((u) => request('AdminGetUser', { UserPoolId: poolId, Username: u }, SIGV4)), 'AdminGetUser');
  if (wanted('InitiateAuth'))
    rows['InitiateAuth (USER_PASSWORD_AUTH)'] = await measure(
      url,
      () => names.map((u) => request('InitiateAuth', { ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: u, PASSWORD } })),
      'InitiateAuth',
    );
  const rss = peakRssMb(child.pid);
  await stopProcess(child);
  const size = dirSizeMb(dataDir);
  rmSync(dataDir, { recursive: true, force: true });
  return { rows, rss, size, seedSeconds };
}

async function motoPeer() {
  const port = await freePort();
  const child = spawn('moto_server', ['-p', String(port), '-H', '127.0.0.1'], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitReady(`${url}/moto-api/`);
  } catch {
    await stopProcess(child);
    return null;
  }
  const result = await peerFlows(url, 'moto_server', true);
  await stopProcess(child);
  return result;
}

async function cognitoLocalPeer() {
  const bin = join(root, 'node_modules/.bin/cognito-local');
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'cognito-local-'));
  let child;
  try {
    child = spawn(bin, [], { cwd: dir, stdio: ['ignore', 'ignore', 'ignore'], env: { ...process.env, PORT: String(port), HOST: '127.0.0.1' } });
    await waitReady(`http://127.0.0.1:${port}/health`);
  } catch {
    if (child) await stopProcess(child);
    return null;
  }
  const result = await peerFlows(`http://127.0.0.1:${port}`, 'cognito-local');
  await stopProcess(child);
  rmSync(dir, { recursive: true, force: true });
  return result;
}

/** GetUser and SetUserMFAPreference on a peer (neither peer implements SetUserSettings). */
async function peerFlows(url, label, closesConnections = false) {
  const pool = await call(url, 'CreateUserPool', { PoolName: 'bench' }, SIGV4);
  const poolId = pool.UserPool.Id;
  const client = await call(
    url,
    'CreateUserPoolClient',
    { UserPoolId: poolId, ClientName: 'bench', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] },
    SIGV4,
  );
  const clientId = client.UserPoolClient.ClientId;
  const tokens = [];
  for (let i = 0; i < 50; i++) {
    const u = `user${i}@example.com`; // cognito-local's pools take emails as usernames
    await call(
      url,
      'AdminCreateUser',
      { UserPoolId: poolId, Username: u, MessageAction: 'SUPPRESS', UserAttributes: [{ Name: 'phone_number', Value: '+15555550100' }] },
      SIGV4,
    );
    await call(url, 'AdminSetUserPassword', { UserPoolId: poolId, Username: u, Password: PASSWORD, Permanent: true }, SIGV4);
    const r = await call(url, 'InitiateAuth', { ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: u, PASSWORD } });
    tokens.push(r.AuthenticationResult.AccessToken);
  }
  const rows = {};
  const once = closesConnections ? newConnectionsOnce : runOnce;
  rows.GetUser = await measure(url, () => tokens.map((t) => request('GetUser', { AccessToken: t })), `${label} GetUser`, once);
  rows.SetUserMFAPreference = await measure(
    url,
    () =>
      tokens.flatMap((t) => [
        request('SetUserMFAPreference', { AccessToken: t, SMSMfaSettings: { Enabled: true } }),
        request('SetUserMFAPreference', { AccessToken: t, SMSMfaSettings: { Enabled: false } }),
      ]),
    `${label} SetUserMFAPreference`,
    once,
  );
  return rows;
}

function fmt(r) {
  return `${Math.round(r.rps).toString().padStart(7)} req/s  p50 ${String(r.p50).padStart(3)} ms  p99 ${String(r.p99).padStart(3)} ms  ${r.ratio.toFixed(2)}x ceiling`;
}

const cpu = readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/)?.[1] ?? 'unknown CPU';
console.log(`cognate server benchmark — ${new Date().toISOString().slice(0, 10)}, ${cpu}, node ${process.version}`);
console.log(`autocannon: ${CONNECTIONS} keep-alive connections, ${DURATION} s; each row: ${REPS} repetitions of`);
console.log('(ceiling run, measured run), the repetition with the median ratio shown');
const { url: ceilingUrl, child: ceilingChild } = await startCeiling();
const perN = {};
for (const n of args['peers-only'] ? [] : USERS) {
  const r = await cognate(n);
  perN[n] = r;
  console.log(`\ncognate, ${n.toLocaleString('en-US')} users (seeded in ${r.seedSeconds.toFixed(1)} s; peak RSS ${r.rss} MB; data dir ${r.size} MB):`);
  for (const [op, row] of Object.entries(r.rows)) console.log(`  ${op.padEnd(34)} ${fmt(row)}`);
}
if (USERS.length > 1 && !args['peers-only']) {
  const [small, large] = [USERS[0], USERS[USERS.length - 1]];
  console.log(`\nat ${large.toLocaleString('en-US')} users / at ${small.toLocaleString('en-US')} users (ratios to the ceiling; raw req/s):`);
  for (const op of Object.keys(perN[small].rows)) {
    const [l, m] = [perN[large].rows[op], perN[small].rows[op]];
    console.log(`  ${op.padEnd(34)} ${(l.ratio / m.ratio).toFixed(2)}  (${(l.rps / m.rps).toFixed(2)})`);
  }
}
if (PEERS) {
  const moto = await motoPeer();
  if (moto) {
    console.log('\nmoto_server (closes the connection after every response: a new connection per request):');
    for (const [op, row] of Object.entries(moto)) console.log(`  ${op.padEnd(34)} ${fmt(row)}`);
  }
  const cl = args['skip-cognito-local'] ? null : await cognitoLocalPeer();
  if (cl) {
    console.log('\ncognito-local (keep-alive):');
    for (const [op, row] of Object.entries(cl)) console.log(`  ${op.padEnd(34)} ${fmt(row)}`);
  }
}
ceilingRuns.sort((a, b) => a - b);
console.log(
  `\nceiling (bare node:http answering {}): median ${Math.round(ceilingRuns[Math.floor(ceilingRuns.length / 2)])} req/s over ${ceilingRuns.length} runs, from ${Math.round(ceilingRuns[0])} to ${Math.round(ceilingRuns[ceilingRuns.length - 1])}`,
);
await stopProcess(ceilingChild);
