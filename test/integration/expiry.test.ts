/**
 * The purge of expired rows: sessions of abandoned sign-ins, authorization codes never exchanged and the
 * hosted pages' browser sessions go at the first scheduled sweep after they expire, and nothing earlier.
 * The schedule is injected, so the test runs the sweep when it wants instead of waiting for a timer.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { oauthFixture, signInByForm } from '../helpers/oauth.js';
import { PASSWORD } from '../helpers/fixtures.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { startSrp } from '../helpers/srp-client.js';
import { CreateUserPoolClientCommand } from '@aws-sdk/client-cognito-identity-provider';
import type { Scheduler } from '../../src/domain/expiry.js';

describe('the purge of expired sessions and codes', () => {
  let s: TestServer;
  const scheduled: { intervalMs: number; task: () => void; cancelled: boolean }[] = [];
  const scheduler: Scheduler = (intervalMs, task) => {
    const entry = { intervalMs, task, cancelled: false };
    scheduled.push(entry);
    return {
      cancel: () => {
        entry.cancelled = true;
      },
    };
  };
  before(async () => {
    s = await startServer({}, { scheduler });
  });
  after(() => s.close());

  /** Runs the scheduled task as its timer would, and answers how many rows that sweep deleted. */
  const tick = async () => {
    const previous = s.app.sweeper.last;
    scheduled[0]!.task();
    assert.notEqual(s.app.sweeper.last, previous, 'the scheduled task started a sweep');
    return s.app.sweeper.last;
  };

  it('schedules a sweep once a minute when the server starts listening', () => {
    assert.deepEqual(
      scheduled.map((e) => [e.intervalMs, e.cancelled]),
      [[60_000, false]],
    );
  });

  it('deletes an abandoned SRP sign-in, an unexchanged code and the browser sessions each after it expires', async () => {
    const f = await oauthFixture(s.sdk, s.url);
    const srp = await s.sdk.send(
      new CreateUserPoolClientCommand({ UserPoolId: f.poolId, ClientName: 'srp', ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }),
    );
    // Started and never answered, as an attacker who knows only a user name can do.
    await startSrp(s.sdk, f.poolId, srp.UserPoolClient!.ClientId!, 'alice');
    // A code the app never exchanges, and the browser session of the sign-in that made it.
    const back = new URL(await signInByForm(f, {}, 'alice', PASSWORD));
    assert.ok(back.searchParams.get('code'));

    assert.equal(await tick(), 0, 'nothing has expired yet');
    s.clock.advance(181);
    assert.equal(await tick(), 1, 'the SRP session (three minutes) is gone');
    s.clock.advance(120);
    assert.equal(await tick(), 1, 'the authorization code (five minutes) is gone');
    s.clock.advance(3600);
    assert.equal(await tick(), 1, 'the browser session (one hour) is gone');
    assert.equal(await tick(), 0);
    assert.ok(s.logs.includes('expired rows: purged 1'));

    // The pages work as before: a new sign-in stores what it needs again.
    assert.ok(new URL(await signInByForm(f, {}, 'alice', PASSWORD)).searchParams.get('code'));
  });

  it('cancels the schedule when the server closes', async () => {
    const other = await startServer({}, { scheduler });
    assert.equal(scheduled.at(-1)!.cancelled, false);
    await other.close();
    assert.equal(scheduled.at(-1)!.cancelled, true);
  });
});
