import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, describe, it } from 'node:test';
import { freePort, startServeProcess, type ServeProcess } from '../helpers/cognate-process.js';
import { PASSWORD, PHONE } from '../helpers/fixtures.js';
import { rawCall } from '../helpers/server.js';

// `cognate serve` as a separate process on a data directory, killed and restarted: the README promises that
// every acknowledged write survives `kill -9` (SQLite WAL, synchronous=NORMAL).

const dirs: string[] = [];
const running: ServeProcess[] = [];

function dataDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'cognate-durability-'));
  dirs.push(d);
  return d;
}

async function serve(args: string[]): Promise<ServeProcess> {
  const p = await startServeProcess([...args, '--quiet']);
  running.push(p);
  return p;
}

/** Calls an operation and fails the test unless it answers 200. */
async function call(url: string, operation: string, body: unknown): Promise<any> {
  const r = await rawCall(url, operation, body);
  assert.equal(r.status, 200, `${operation}: ${JSON.stringify(r.body)}`);
  return r.body;
}

/**
 * Every value of `field` across all pages of a list operation; `pageToken` names the operation's
 * continuation member (the same in the request and the answer).
 */
async function allOf(url: string, operation: string, body: object, pageToken: string, list: string, field: string): Promise<Set<string>> {
  const out = new Set<string>();
  let token: string | undefined;
  do {
    const page = await call(url, operation, { ...body, ...(token ? { [pageToken]: token } : {}) });
    for (const item of page[list]) out.add(item[field]);
    token = page[pageToken];
  } while (token);
  return out;
}

const allUsernames = (url: string, poolId: string) => allOf(url, 'ListUsers', { UserPoolId: poolId, Limit: 60 }, 'PaginationToken', 'Users', 'Username');
const allClientIds = (url: string, poolId: string) =>
  allOf(url, 'ListUserPoolClients', { UserPoolId: poolId, MaxResults: 60 }, 'NextToken', 'UserPoolClients', 'ClientId');

/** A pool with a password client and one confirmed user with a phone number, signed in. */
async function signedInUser(url: string, poolName: string, username: string): Promise<{ poolId: string; clientId: string; tokens: any }> {
  const poolId: string = (await call(url, 'CreateUserPool', { PoolName: poolName })).UserPool.Id;
  const clientId: string = (
    await call(url, 'CreateUserPoolClient', {
      UserPoolId: poolId,
      ClientName: 'app',
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    })
  ).UserPoolClient.ClientId;
  await call(url, 'AdminCreateUser', {
    UserPoolId: poolId,
    Username: username,
    MessageAction: 'SUPPRESS',
    UserAttributes: [{ Name: 'phone_number', Value: PHONE }],
  });
  await call(url, 'AdminSetUserPassword', { UserPoolId: poolId, Username: username, Password: PASSWORD, Permanent: true });
  const tokens = (await call(url, 'InitiateAuth', { ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD } }))
    .AuthenticationResult;
  return { poolId, clientId, tokens };
}

afterEach(() => {
  // A failed test may leave a child behind; never let it outlive the file.
  for (const p of running.splice(0)) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
});
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('durability of acknowledged writes', () => {
  it('keeps every acknowledged write after kill -9 in the middle of a write loop', async (t) => {
    const dir = dataDir();
    const first = await serve(['--port', '0', '--data-dir', dir]);
    const poolId: string = (await call(first.url, 'CreateUserPool', { PoolName: 'durable' })).UserPool.Id;
    await call(first.url, 'AdminCreateUser', { UserPoolId: poolId, Username: 'counter', MessageAction: 'SUPPRESS' });

    // Four writers, each recording what the server acknowledged (HTTP 200): one creates app clients and two
    // create users (INSERTs; a user also costs a password hash), one overwrites a counter attribute (an
    // UPDATE). The server is killed from inside the callback of the KILL_AFTER-th acknowledgement, while
    // the other writers' requests are in flight. MAX_ATTEMPTS bounds the loop if the kill never comes.
    const KILL_AFTER = 300;
    const MAX_ATTEMPTS = 1000;
    const clients: string[] = [];
    const users: string[] = [];
    let lastCounterAck = 0;
    let lastCounterSent = 0;
    let acks = 0;
    let attempts = 0;
    let inFlight = 0;
    let inFlightAtKill = -1;
    let killed = false;
    /** Sends one write: the response body if acknowledged, null if the connection died with the server. */
    const send = async (operation: string, body: unknown): Promise<any> => {
      attempts++;
      inFlight++;
      let r;
      try {
        r = await rawCall(first.url, operation, body);
      } catch (e) {
        if (killed) return null;
        throw e;
      } finally {
        inFlight--;
      }
      assert.equal(r.status, 200, `${operation} before the kill: ${JSON.stringify(r.body)}`);
      acks++;
      if (acks === KILL_AFTER) {
        inFlightAtKill = inFlight;
        killed = first.child.kill('SIGKILL');
      }
      return r.body;
    };
    const more = () => !killed && attempts < MAX_ATTEMPTS;
    const clientCreator = async (w: number) => {
      for (let i = 0; more(); i++) {
        const out = await send('CreateUserPoolClient', { UserPoolId: poolId, ClientName: `client-${w}-${i}` });
        if (out) clients.push(out.UserPoolClient.ClientId);
      }
    };
    const userCreator = async (w: number) => {
      for (let i = 0; more(); i++) {
        const out = await send('AdminCreateUser', { UserPoolId: poolId, Username: `user-${w}-${i}`, MessageAction: 'SUPPRESS' });
        if (out) users.push(out.User.Username);
      }
    };
    const updater = async () => {
      while (more()) {
        const value = ++lastCounterSent;
        const out = await send('AdminUpdateUserAttributes', {
          UserPoolId: poolId,
          Username: 'counter',
          UserAttributes: [{ Name: 'name', Value: String(value) }],
        });
        if (out) lastCounterAck = value;
      }
    };
    await Promise.all([clientCreator(1), userCreator(1), userCreator(2), updater()]);
    const exit = await first.exited;

    assert.equal(killed, true, `the loop ended after ${attempts} attempts without reaching ${KILL_AFTER} acknowledgements`);
    assert.deepEqual(exit, { code: null, signal: 'SIGKILL' });
    assert.ok(inFlightAtKill >= 1, 'no request was in flight when the server was killed');
    assert.ok(
      clients.length > 0 && users.length > 0 && lastCounterAck > 0,
      `a writer starved: ${clients.length} clients, ${users.length} users, counter ${lastCounterAck}`,
    );

    t.diagnostic(
      `acknowledged before the kill: ${clients.length} clients, ${users.length} users, counter ${lastCounterAck} (${inFlightAtKill} requests in flight)`,
    );
    const second = await serve(['--port', '0', '--data-dir', dir]);
    const presentUsers = await allUsernames(second.url, poolId);
    const lostUsers = users.filter((u) => !presentUsers.has(u));
    assert.deepEqual(lostUsers, [], `${lostUsers.length} of ${users.length} acknowledged users are gone`);
    const presentClients = await allClientIds(second.url, poolId);
    const lostClients = clients.filter((c) => !presentClients.has(c));
    assert.deepEqual(lostClients, [], `${lostClients.length} of ${clients.length} acknowledged clients are gone`);
    const counter = await call(second.url, 'AdminGetUser', { UserPoolId: poolId, Username: 'counter' });
    const stored = Number(counter.UserAttributes.find((a: { Name: string }) => a.Name === 'name')?.Value);
    // The last acknowledged value, or the one sent after it if it committed before the kill.
    assert.ok(stored === lastCounterAck || stored === lastCounterSent, `counter is ${stored}; acknowledged ${lastCounterAck}, sent ${lastCounterSent}`);
  });
});

describe('durability of state-only user updates', () => {
  it('keeps the last acknowledged MFA switch and attribute after kill -9', async () => {
    // SetUserSettings and attribute changes that leave email and phone alone are the updates cognate 0.1
    // kept in a journal outside the database (and lost after a full disk); each is a commit now.
    const dir = dataDir();
    const port = String(await freePort());
    const first = await serve(['--port', port, '--data-dir', dir]);
    const { poolId, tokens } = await signedInUser(first.url, 'journal', 'switch');
    const token: string = tokens.AccessToken;
    await call(first.url, 'AdminCreateUser', { UserPoolId: poolId, Username: 'counter', MessageAction: 'SUPPRESS' });

    // The switcher makes SWITCHES switches (an odd number: SMS MFA ends on) and stops; the counter keeps
    // writing, and is killed from inside the callback of its KILL_AFTER-th acknowledgement once the
    // switcher is done, with its next write possibly in flight.
    const SWITCHES = 151;
    const KILL_AFTER = 300;
    let killed = false;
    let switcherDone = false;
    const counter = { sent: 0, acked: 0 };
    const switcher = async () => {
      for (let n = 1; n <= SWITCHES; n++) {
        const options = n % 2 === 1 ? [{ DeliveryMedium: 'SMS', AttributeName: 'phone_number' }] : [];
        await call(first.url, 'SetUserSettings', { AccessToken: token, MFAOptions: options });
      }
      switcherDone = true;
    };
    const counting = async () => {
      while (!killed && counter.sent < 100 * KILL_AFTER) {
        const n = ++counter.sent;
        let r;
        try {
          r = await rawCall(first.url, 'AdminUpdateUserAttributes', {
            UserPoolId: poolId,
            Username: 'counter',
            UserAttributes: [{ Name: 'name', Value: String(n) }],
          });
        } catch (e) {
          if (killed) return;
          throw e;
        }
        assert.equal(r.status, 200, JSON.stringify(r.body));
        counter.acked = n;
        if (switcherDone && n >= KILL_AFTER) {
          killed = first.child.kill('SIGKILL');
        }
      }
    };
    await Promise.all([switcher(), counting()]);
    assert.equal(killed, true);
    assert.deepEqual(await first.exited, { code: null, signal: 'SIGKILL' });

    const second = await serve(['--port', port, '--data-dir', dir]);
    const me = await call(second.url, 'GetUser', { AccessToken: token });
    assert.deepEqual(me.MFAOptions, [{ DeliveryMedium: 'SMS', AttributeName: 'phone_number' }]);
    const stored = Number(
      (await call(second.url, 'AdminGetUser', { UserPoolId: poolId, Username: 'counter' })).UserAttributes.find((a: { Name: string }) => a.Name === 'name')
        ?.Value,
    );
    assert.equal(stored, counter.acked, `counter is ${stored}; acknowledged ${counter.acked}`);
  });
});

describe('clean shutdown', () => {
  it('exits 0 on SIGTERM and SIGINT, saying so, and serves the data and tokens written before after a restart', async () => {
    const dir = dataDir();
    // A fixed port, so the issuer (http://127.0.0.1:PORT/POOL) and with it the old tokens stay valid.
    const port = String(await freePort());
    const first = await serve(['--port', port, '--data-dir', dir]);
    const { clientId, tokens } = await signedInUser(first.url, 'shutdown', 'alice');
    await call(first.url, 'SetUserSettings', { AccessToken: tokens.AccessToken, MFAOptions: [{ DeliveryMedium: 'SMS', AttributeName: 'phone_number' }] });

    first.child.kill('SIGTERM');
    assert.deepEqual(await first.exited, { code: 0, signal: null });
    assert.match(first.stdout(), /^cognate: SIGTERM, shutting down$/m);
    assert.equal(first.stderr(), '');

    const second = await serve(['--port', port, '--data-dir', dir]);
    const me = await call(second.url, 'GetUser', { AccessToken: tokens.AccessToken });
    assert.deepEqual(me.MFAOptions, [{ DeliveryMedium: 'SMS', AttributeName: 'phone_number' }]);
    const refreshed = await call(second.url, 'InitiateAuth', {
      ClientId: clientId,
      AuthFlow: 'REFRESH_TOKEN_AUTH',
      AuthParameters: { REFRESH_TOKEN: tokens.RefreshToken },
    });
    assert.ok(refreshed.AuthenticationResult.AccessToken);

    second.child.kill('SIGINT');
    assert.deepEqual(await second.exited, { code: 0, signal: null });
    assert.match(second.stdout(), /^cognate: SIGINT, shutting down$/m);
  });
});
