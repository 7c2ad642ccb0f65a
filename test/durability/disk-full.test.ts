import assert from 'node:assert/strict';
import { join } from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { freePort, startServeProcess, type ServeProcess } from '../helpers/cognate-process.js';
import { PASSWORD, PHONE } from '../helpers/fixtures.js';
import { rawCall } from '../helpers/server.js';
import { fillDisk, freeDisk, withTmpfs } from '../helpers/tmpfs.js';

// `cognate serve` with its data directory on a small tmpfs that the test fills to the last byte: writes
// must be refused with a clear error (never a hang, a crash or a lost acknowledged write), reads must go
// on, and writes must succeed again once space is freed. Needs root for the mount; skipped otherwise.

const running: ServeProcess[] = [];
afterEach(() => {
  // A failed test may leave a child behind; it must not outlive the file (nor keep its tmpfs busy).
  for (const p of running.splice(0)) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
});

async function serve(dataDir: string, port = '0'): Promise<ServeProcess> {
  const p = await startServeProcess(['--port', port, '--data-dir', dataDir, '--quiet']);
  running.push(p);
  return p;
}

async function stop(p: ServeProcess): Promise<void> {
  p.child.kill('SIGTERM');
  assert.deepEqual(await p.exited, { code: 0, signal: null });
}

/** Calls an operation and fails the test unless it answers 200. */
async function call(url: string, operation: string, body: unknown): Promise<any> {
  const r = await rawCall(url, operation, body);
  assert.equal(r.status, 200, `${operation}: ${JSON.stringify(r.body)}`);
  return r.body;
}

const DISK_FULL = 'The change was not stored: the disk holding the user pool data is full.';
const SMS = [{ DeliveryMedium: 'SMS', AttributeName: 'phone_number' }];

/** A pool, a password client and a confirmed user with a phone number, signed in; `others` plain users. */
async function setUp(url: string, others: string[]): Promise<{ poolId: string; token: string }> {
  const poolId: string = (await call(url, 'CreateUserPool', { PoolName: 'full' })).UserPool.Id;
  const clientId: string = (
    await call(url, 'CreateUserPoolClient', {
      UserPoolId: poolId,
      ClientName: 'app',
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    })
  ).UserPoolClient.ClientId;
  await call(url, 'AdminCreateUser', {
    UserPoolId: poolId,
    Username: 'me',
    MessageAction: 'SUPPRESS',
    UserAttributes: [{ Name: 'phone_number', Value: PHONE }],
  });
  await call(url, 'AdminSetUserPassword', { UserPoolId: poolId, Username: 'me', Password: PASSWORD, Permanent: true });
  const auth = await call(url, 'InitiateAuth', { ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'me', PASSWORD } });
  for (const u of others) await call(url, 'AdminCreateUser', { UserPoolId: poolId, Username: u, MessageAction: 'SUPPRESS' });
  return { poolId, token: auth.AuthenticationResult.AccessToken };
}

const nameOf = (user: { UserAttributes: { Name: string; Value: string }[] }) => user.UserAttributes.find((a) => a.Name === 'name')?.Value;

describe('a full disk under the data directory', () => {
  it('refuses writes with InternalErrorException saying so, serves reads, accepts writes again once space is freed, and loses no acknowledged write', async (t) => {
    await withTmpfs(t, '8m', async (mount) => {
      const dataDir = join(mount, 'data');
      const port = String(await freePort());
      const server = await serve(dataDir, port);
      const url = server.url;
      const USERS = ['u0', 'u1', 'u2'];
      const { poolId, token } = await setUp(url, USERS);

      // What was acknowledged: each user's last `name`, the MFA switch, the users created.
      const names = new Map<string, string>();
      let mfaOn = false;
      const created: string[] = [];
      let n = 0;
      /** One write of each kind: an attribute update, an MFA switch, a new user. */
      const writes = async () => {
        const i = ++n;
        const username = USERS[i % USERS.length]!;
        const update = await rawCall(url, 'AdminUpdateUserAttributes', {
          UserPoolId: poolId,
          Username: username,
          UserAttributes: [{ Name: 'name', Value: `v${i}` }],
        });
        if (update.status === 200) names.set(username, `v${i}`);
        const on = i % 2 === 1;
        const mfa = await rawCall(url, 'SetUserSettings', { AccessToken: token, MFAOptions: on ? SMS : [] });
        if (mfa.status === 200) mfaOn = on;
        const create = await rawCall(url, 'AdminCreateUser', { UserPoolId: poolId, Username: `new-${i}`, MessageAction: 'SUPPRESS' });
        if (create.status === 200) created.push(`new-${i}`);
        return [update, mfa, create];
      };
      /** Every acknowledged write is what the server reads back. */
      const verify = async (at: string) => {
        for (const u of USERS) {
          assert.equal(nameOf(await call(at, 'AdminGetUser', { UserPoolId: poolId, Username: u })), names.get(u), `name of ${u}`);
        }
        assert.deepEqual((await call(at, 'GetUser', { AccessToken: token })).MFAOptions, mfaOn ? SMS : undefined);
        const listed = new Set<string>();
        let next: string | undefined;
        do {
          const page = await call(at, 'ListUsers', { UserPoolId: poolId, Limit: 60, ...(next ? { PaginationToken: next } : {}) });
          for (const u of page.Users) listed.add(u.Username);
          next = page.PaginationToken;
        } while (next);
        assert.deepEqual(
          created.filter((u) => !listed.has(u)),
          [],
          'acknowledged users missing',
        );
      };

      const ROUNDS = 12;
      for (let r = 0; r < ROUNDS; r++) for (const w of await writes()) assert.equal(w.status, 200, JSON.stringify(w.body));
      const before = 3 * ROUNDS;

      const filler = fillDisk(mount);
      let refused = 0;
      for (let r = 0; r < ROUNDS; r++) {
        for (const w of await writes()) {
          assert.equal(w.status, 500, `a write on a full disk answered ${w.status}: ${JSON.stringify(w.body)}`);
          assert.deepEqual(w.body, { __type: 'InternalErrorException', message: DISK_FULL });
          refused++;
        }
      }
      // Reads go on, and show the last acknowledged state, not the refused writes.
      await verify(url);
      assert.equal((await fetch(`${url}/health`)).status, 200);

      freeDisk(filler);
      for (let r = 0; r < ROUNDS; r++) for (const w of await writes()) assert.equal(w.status, 200, JSON.stringify(w.body));
      const afterwards = 3 * ROUNDS;
      await verify(url);

      const log = server.stdout();
      assert.match(log, new RegExp(`the disk holding ${join(dataDir, 'cognate.db')} is full \\(SQLITE_FULL\\): writes are refused until space is freed`));
      assert.match(log, new RegExp(`writes to ${join(dataDir, 'cognate.db')} succeed again; ${refused} were refused while the disk was full`));

      await stop(server);
      const again = await serve(dataDir, port);
      await verify(again.url);
      t.diagnostic(
        `acknowledged ${before} writes before the disk filled, ${afterwards} after it was freed; refused ${refused}; all ${before + afterwards} present after a restart`,
      );
      await stop(again);
    });
  });

  it('keeps every acknowledged write when the server is killed during a disk-full episode', async (t) => {
    await withTmpfs(t, '8m', async (mount) => {
      const dataDir = join(mount, 'data');
      const port = String(await freePort());
      const first = await serve(dataDir, port);
      const COUNTERS = ['c0', 'c1', 'c2'];
      const { poolId, token } = await setUp(first.url, COUNTERS);

      // Four writers, each sending numbered values to its own target one after the other: three counters
      // (AdminUpdateUserAttributes) and the MFA switch (SetUserSettings, on for odd numbers). A controller,
      // run after each answer, fills the disk, frees it, fills it again and kills the server once every
      // writer has had writes refused in the second episode, while the others' requests may be in flight.
      type Writer = { name: string; sent: number; acked: number; refused: number[]; phaseAcks: number; phaseRefusals: number; inFlight: number | null };
      const writers: Writer[] = [...COUNTERS, 'mfa'].map((name) => ({ name, sent: 0, acked: 0, refused: [], phaseAcks: 0, phaseRefusals: 0, inFlight: null }));
      type Phase = 'before' | 'full' | 'freed' | 'full again' | 'killed';
      let current: Phase = 'before';
      /** Read through a call: the phase changes under the writers' feet, between their awaits. */
      const phase = (): Phase => current;
      let filler: string | null = null;
      const counts = { before: 0, full: 0, freed: 0, fullAgain: 0 };
      const enter = (next: Phase) => {
        current = next;
        for (const w of writers) w.phaseAcks = w.phaseRefusals = 0;
      };
      const control = () => {
        if (phase() === 'before' && writers.every((w) => w.phaseAcks >= 10)) {
          filler = fillDisk(mount);
          enter('full');
        } else if (phase() === 'full' && writers.every((w) => w.phaseRefusals >= 3)) {
          freeDisk(filler!);
          enter('freed');
        } else if (phase() === 'freed' && writers.every((w) => w.phaseAcks >= 5)) {
          filler = fillDisk(mount);
          enter('full again');
        } else if (phase() === 'full again' && writers.every((w) => w.phaseRefusals >= 3)) {
          enter('killed');
          first.child.kill('SIGKILL');
        }
      };
      const MAX_REQUESTS = 2000;
      let requests = 0;
      const run = async (w: Writer) => {
        while (phase() !== 'killed' && requests++ < MAX_REQUESTS) {
          const value = ++w.sent;
          const sentIn = phase();
          w.inFlight = value;
          const body =
            w.name === 'mfa'
              ? { AccessToken: token, MFAOptions: value % 2 === 1 ? SMS : [] }
              : { UserPoolId: poolId, Username: w.name, UserAttributes: [{ Name: 'name', Value: String(value) }] };
          let r;
          try {
            r = await rawCall(first.url, w.name === 'mfa' ? 'SetUserSettings' : 'AdminUpdateUserAttributes', body);
          } catch (e) {
            if (phase() === 'killed') return; // in flight at the kill: stored or not, either is right
            throw e;
          }
          w.inFlight = null;
          if (r.status === 200) {
            w.acked = value;
            w.phaseAcks++;
            if (phase() === 'before') counts.before++;
            else if (phase() === 'freed') counts.freed++;
            else if (phase() === 'full' || phase() === 'full again') counts[phase() === 'full' ? 'full' : 'fullAgain']++; // a write that won the race with the filler
          } else {
            assert.equal(r.status, 500, JSON.stringify(r.body));
            assert.deepEqual(r.body, { __type: 'InternalErrorException', message: DISK_FULL });
            const full = (p: Phase) => p === 'full' || p === 'full again' || p === 'killed';
            assert.ok(full(sentIn) || full(phase()), `refused while the disk had space (sent and answered ${phase()})`);
            w.refused.push(value);
            w.phaseRefusals++;
          }
          control();
        }
      };
      await Promise.all(writers.map(run));
      assert.equal(phase(), 'killed', `the loop ended after ${requests} requests in phase ${phase()}`);
      assert.deepEqual(await first.exited, { code: null, signal: 'SIGKILL' });

      freeDisk(filler!);
      const second = await serve(dataDir, port);
      const lost: string[] = [];
      for (const w of writers) {
        // The last acknowledged value, or the one in flight at the kill (never answered); never a refused one.
        const allowed = [w.acked, ...(w.inFlight !== null ? [w.inFlight] : [])];
        if (w.name === 'mfa') {
          const stored = (await call(second.url, 'GetUser', { AccessToken: token })).MFAOptions;
          const ok = allowed.some((v) => JSON.stringify(stored) === JSON.stringify(v % 2 === 1 ? SMS : undefined));
          if (!ok) lost.push(`mfa: stored ${JSON.stringify(stored)}, acknowledged ${w.acked}, in flight ${w.inFlight}`);
        } else {
          const stored = Number(nameOf(await call(second.url, 'AdminGetUser', { UserPoolId: poolId, Username: w.name })));
          if (!allowed.includes(stored)) lost.push(`${w.name}: stored ${stored}, acknowledged ${w.acked}, in flight ${w.inFlight}`);
        }
      }
      assert.deepEqual(lost, []);
      const refusals = writers.reduce((s, w) => s + w.refused.length, 0);
      t.diagnostic(
        `acknowledged ${counts.before} before the disk filled, ${counts.freed} between the two episodes (${counts.full + counts.fullAgain} more won the race with the filler); refused ${refusals}; ` +
          `${writers.filter((w) => w.inFlight !== null).length} in flight at the kill; every writer's last acknowledged value found after the restart`,
      );
      await stop(second);
    });
  });
});
