import assert from 'node:assert/strict';
import { it } from 'node:test';
import { noMfa } from '../../src/domain/users.js';
import { eachStore } from '../helpers/store-contract.js';
import type { PoolRecord, Store, UserRecord } from '../../src/store/store.js';

/**
 * The contract every Store implementation keeps. It is written against the interface only, so the
 * PostgreSQL store can run the same suite.
 */
eachStore('', (t) => {
  let store!: Store;
  t.onOpen((s) => {
    store = s;
  });
  let n = 0;
  const now = new Date('2026-01-01T00:00:00Z');
  const poolId = () => `us-east-1_pool${String(++n).padStart(5, '0')}`;

  const pool = (id: string): PoolRecord => ({ id, name: `pool ${id}`, createdAt: now, lastModifiedAt: now, settings: { MfaConfiguration: 'OFF' } });
  const user = (p: string, username: string, attrs: Record<string, string> = {}): UserRecord => {
    const sub = `${username}-${Math.random().toString(16).slice(2)}-0000-0000-000000000000`.slice(0, 36);
    return {
      poolId: p,
      username,
      sub,
      status: 'CONFIRMED',
      enabled: true,
      passwordHash: 'scrypt$1$x$y',
      temporaryPasswordExpiresAt: null,
      attributes: { sub, ...attrs },
      mfa: noMfa(),
      createdAt: now,
      lastModifiedAt: now,
    };
  };

  it('stores a pool and returns it until it is deleted, with everything in it', async () => {
    const id = poolId();
    await store.createPool(pool(id), [{ poolId: id, use: 'access', kid: 'k1', privateJwk: '{}', publicJwk: '{}' }]);
    assert.equal((await store.getPool(id))?.name, `pool ${id}`);
    assert.equal((await store.getPoolKeys(id)).length, 1);
    await store.createUser(user(id, 'alice'));
    await store.createClient({ id: `client${n}`, poolId: id, name: 'c', secrets: [], createdAt: now, lastModifiedAt: now, settings: {} });
    assert.equal(await store.deletePool(id), true);
    assert.equal(await store.getPool(id), null);
    assert.equal(await store.getUser(id, 'alice'), null);
    assert.equal(await store.getClient(`client${n}`), null);
    assert.equal(await store.deletePool(id), false);
  });

  it('shows a pool change to the next read', async () => {
    const id = poolId();
    await store.createPool(pool(id), []);
    await store.getPool(id);
    const changed = await store.changePool(id, (p) => ({ ...p, name: 'renamed', settings: { ...p.settings, MfaConfiguration: 'ON' } }));
    assert.equal(changed?.name, 'renamed');
    const again = await store.getPool(id);
    assert.equal(again?.name, 'renamed');
    assert.equal(again?.settings.MfaConfiguration, 'ON');
    assert.equal(await store.changePool('us-east-1_missing00', (p) => p), null);
  });

  it('applies concurrent tag changes of one pool one after another, so none is lost', async () => {
    const id = poolId();
    await store.createPool(pool(id), []);
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        store.changePool(id, (p) => ({ ...p, settings: { ...p.settings, UserPoolTags: { ...(p.settings.UserPoolTags ?? {}), [`k${i}`]: `v${i}` } } })),
      ),
    );
    const tags = (await store.getPool(id))?.settings.UserPoolTags ?? {};
    assert.equal(Object.keys(tags).length, 20);
    assert.equal(tags.k7, 'v7');
  });

  it('stores nothing when a pool change refuses or returns null', async () => {
    const id = poolId();
    await store.createPool(pool(id), []);
    await assert.rejects(
      store.changePool(id, (p) => {
        p.settings.UserPoolTags = { leaked: 'yes' };
        throw new Error('refused');
      }),
      /refused/,
    );
    const unchanged = await store.changePool(id, () => null);
    assert.equal(unchanged?.settings.UserPoolTags, undefined);
    assert.equal((await store.getPool(id))?.settings.UserPoolTags, undefined);
    await assert.rejects(
      store.changePool(id, (p) => ({ ...p, id: 'us-east-1_other0000' })),
      TypeError,
    );
  });

  it("keeps a client's secrets in order with their ids and dates, and applies concurrent secret changes one after another", async () => {
    const id = poolId();
    await store.createPool(pool(id), []);
    const cid = `${id}-secrets`;
    const first = { id: `${cid}--1`, value: 'first-secret-value-0123456789', createdAt: new Date(now.getTime() + 1) };
    await store.createClient({ id: cid, poolId: id, name: 'c', secrets: [first], createdAt: now, lastModifiedAt: now, settings: {} });
    assert.deepEqual((await store.getClient(cid))?.secrets, [first]);
    // Eight concurrent "add a secret if there are fewer than two": exactly one lands.
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) =>
        store.changeClient(cid, (c) => {
          if (c.secrets.length >= 2) throw new Error('limit');
          return {
            ...c,
            secrets: [...c.secrets, { id: `${cid}--${i + 2}`, value: `second-secret-${i}-0123456789`, createdAt: new Date(now.getTime() + 2) }],
          };
        }),
      ),
    );
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    const both = (await store.getClient(cid))!.secrets;
    assert.equal(both.length, 2);
    assert.deepEqual(both[0], first);
    assert.equal(both[1]!.createdAt.getTime(), now.getTime() + 2);
    const after = await store.changeClient(cid, (c) => ({ ...c, secrets: c.secrets.slice(1), name: 'rotated' }));
    assert.deepEqual([after?.name, after?.secrets.length, after?.secrets[0]?.id], ['rotated', 1, both[1]!.id]);
    assert.equal((await store.getClient(cid))?.secrets[0]?.value, both[1]!.value);
    assert.equal(await store.changeClient('no-such-client', (c) => c), null);
    await assert.rejects(
      store.changeClient(cid, (c) => ({ ...c, poolId: 'us-east-1_other0000' })),
      TypeError,
    );
  });

  it('refuses a second user with the same username and keeps the first', async () => {
    const id = poolId();
    await store.createPool(pool(id), []);
    const first = user(id, 'bob', { email: 'bob@example.com' });
    assert.equal(await store.createUser(first), true);
    assert.equal(await store.createUser(user(id, 'bob', { email: 'other@example.com' })), false);
    assert.equal((await store.getUser(id, 'bob'))?.attributes.email, 'bob@example.com');
  });

  it('finds a user by its username key and refuses a second user with the same key, also when created at once', async () => {
    const id = poolId();
    await store.createPool(pool(id), []);
    const zoe = { ...user(id, 'Zoe'), usernameKey: 'zoe' };
    assert.equal(await store.createUser(zoe), true);
    assert.equal((await store.getUserByUsernameKey(id, 'zoe'))?.username, 'Zoe');
    assert.equal((await store.getUserByUsernameKey(id, 'zoe'))?.usernameKey, 'zoe');
    assert.equal(await store.getUserByUsernameKey(id, 'Zoe'), null);
    assert.equal((await store.getUser(id, 'Zoe'))?.sub, zoe.sub);
    assert.equal(await store.createUser({ ...user(id, 'ZOE'), usernameKey: 'zoe' }), false);
    // A user without a key is found by its exact username.
    await store.createUser(user(id, 'Plain'));
    assert.equal((await store.getUserByUsernameKey(id, 'Plain'))?.username, 'Plain');
    assert.equal((await store.getUserByUsernameKey(id, 'Plain'))?.usernameKey, undefined);
    const racing = await Promise.all(['Max', 'MAX', 'max', 'mAx', 'maX'].map((n) => store.createUser({ ...user(id, n), usernameKey: 'max' })));
    assert.equal(racing.filter(Boolean).length, 1);
    // The key stays what it was made with through changes.
    const changed = await store.changeUser(id, zoe.sub, (c) => ({ ...c, attributes: { ...c.attributes, email: 'z@example.com' } }));
    assert.equal(changed?.usernameKey, 'zoe');
    assert.equal((await store.getUserByUsernameKey(id, 'zoe'))?.attributes.email, 'z@example.com');
  });

  it('finds users by email and preferred_username ignoring case when asked, and exactly otherwise', async () => {
    const id = poolId();
    await store.createPool(pool(id), []);
    const u = user(id, 'erin', { email: 'Erin@Example.com', preferred_username: 'ErinP' });
    await store.createUser(u);
    assert.equal((await store.findUsersByAttribute(id, 'email', 'erin@example.com')).length, 0);
    assert.equal((await store.findUsersByAttribute(id, 'email', 'ERIN@example.COM', { ignoreCase: true }))[0]?.username, 'erin');
    assert.equal((await store.findUsersByAttribute(id, 'preferred_username', 'erinp', { ignoreCase: true }))[0]?.username, 'erin');
    await store.changeUser(id, u.sub, (c) => ({ ...c, attributes: { ...c.attributes, preferred_username: 'Other', email: 'New@Example.com' } }));
    assert.equal((await store.findUsersByAttribute(id, 'preferred_username', 'erinp', { ignoreCase: true })).length, 0);
    assert.equal((await store.findUsersByAttribute(id, 'preferred_username', 'OTHER', { ignoreCase: true }))[0]?.username, 'erin');
    assert.equal((await store.findUsersByAttribute(id, 'email', 'new@example.com', { ignoreCase: true }))[0]?.username, 'erin');
    await assert.rejects(store.findUsersByAttribute(id, 'name', 'x', { ignoreCase: true }), TypeError);
  });

  it('hands out copies: changing a returned user changes nothing stored', async () => {
    const id = poolId();
    await store.createPool(pool(id), []);
    const u = user(id, 'carol');
    await store.createUser(u);
    const got = await store.getUser(id, 'carol');
    got!.attributes.email = 'mutated@example.com';
    got!.mfa.legacySms = true;
    const again = await store.getUserBySub(id, u.sub);
    assert.equal(again?.attributes.email, undefined);
    assert.equal(again?.mfa.legacySms, false);
  });

  it('finds a user by sub, by username and by attribute after updates to indexed and plain columns', async () => {
    const id = poolId();
    await store.createPool(pool(id), []);
    const u = user(id, 'dave', { email: 'dave@example.com' });
    await store.createUser(u);
    await store.getUser(id, 'dave');
    await store.changeUser(id, u.sub, (c) => ({ ...c, mfa: { ...c.mfa, legacySms: true } }));
    assert.equal((await store.getUserBySub(id, u.sub))?.mfa.legacySms, true);
    await store.changeUser(id, u.sub, (c) => ({ ...c, attributes: { ...c.attributes, email: 'new@example.com' } }));
    assert.equal((await store.findUsersByAttribute(id, 'email', 'dave@example.com')).length, 0);
    assert.equal((await store.findUsersByAttribute(id, 'email', 'new@example.com'))[0]?.username, 'dave');
    const again = await store.getUser(id, 'dave');
    assert.equal(again?.attributes.email, 'new@example.com');
    assert.equal(again?.mfa.legacySms, true);
    assert.equal(again?.createdAt.getTime(), now.getTime());
  });

  it('applies concurrent changes of one user one after another, each to what the one before stored', async () => {
    const id = poolId();
    await store.createPool(pool(id), []);
    const u = user(id, 'cathy', { 'custom:n': '0' });
    await store.createUser(u);
    // Fifty changes started at once, each adding one to a counter and setting a flag of its own.
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        store.changeUser(id, u.sub, (c) => ({
          ...c,
          attributes: { ...c.attributes, 'custom:n': String(Number(c.attributes['custom:n']) + 1), [`custom:f${i}`]: 'x' },
        })),
      ),
    );
    const after = (await store.getUser(id, 'cathy'))!;
    assert.equal(after.attributes['custom:n'], '50');
    assert.equal(Object.keys(after.attributes).filter((k) => k.startsWith('custom:f')).length, 50);
  });

  it('stores nothing when a change refuses, or returns null, and says null for a user that is not there', async () => {
    const id = poolId();
    await store.createPool(pool(id), []);
    const u = user(id, 'dora');
    await store.createUser(u);
    await assert.rejects(
      store.changeUser(id, u.sub, (c) => {
        c.enabled = false;
        throw new Error('refused');
      }),
      /refused/,
    );
    assert.equal((await store.getUser(id, 'dora'))?.enabled, true);
    const unchanged = await store.changeUser(id, u.sub, () => null);
    assert.equal(unchanged?.enabled, true);
    assert.equal(await store.changeUser(id, 'no-such-sub', (c) => c), null);
    await assert.rejects(
      store.changeUser(id, u.sub, (c) => ({ ...c, username: 'other' })),
      TypeError,
    );
    assert.equal((await store.getUser(id, 'dora'))?.username, 'dora');
  });

  it('does not find a deleted user by its old sub after the name is taken again', async () => {
    const id = poolId();
    await store.createPool(pool(id), []);
    const old = user(id, 'erin');
    await store.createUser(old);
    await store.getUserBySub(id, old.sub);
    assert.equal(await store.deleteUser(id, 'erin'), true);
    const fresh = user(id, 'erin');
    await store.createUser(fresh);
    assert.equal(await store.getUserBySub(id, old.sub), null);
    assert.equal((await store.getUserBySub(id, fresh.sub))?.sub, fresh.sub);
    assert.equal(await store.deleteUser(id, 'nobody'), false);
  });

  it('lists users in username order, page by page, and filters by attribute, prefix and status', async () => {
    const id = poolId();
    await store.createPool(pool(id), []);
    await store.createUsers(['u3', 'u1', 'u2', 'v1'].map((name) => user(id, name, { email: `${name}@example.com` })));
    const first = await store.listUsers(id, 2, null, null);
    assert.deepEqual(
      first.items.map((u) => u.username),
      ['u1', 'u2'],
    );
    const second = await store.listUsers(id, 2, first.next, null);
    assert.deepEqual(
      second.items.map((u) => u.username),
      ['u3', 'v1'],
    );
    assert.equal(second.next, null);
    const prefix = await store.listUsers(id, 10, null, { attribute: 'email', op: '^=', value: 'u' });
    assert.deepEqual(
      prefix.items.map((u) => u.username),
      ['u1', 'u2', 'u3'],
    );
    const exact = await store.listUsers(id, 10, null, { attribute: 'username', op: '=', value: 'v1' });
    assert.deepEqual(
      exact.items.map((u) => u.username),
      ['v1'],
    );
    const disabled = await store.listUsers(id, 10, null, { attribute: 'status', op: '=', value: 'Disabled' });
    assert.equal(disabled.items.length, 0);
    assert.equal(await store.countUsers(id), 4);
  });

  it("revokes one sign-in or all of a user's, and tells at once", async () => {
    const id = poolId();
    await store.createPool(pool(id), []);
    const origin = (jti: string, sub: string) => ({
      originJti: jti,
      poolId: id,
      clientId: 'c',
      sub,
      username: 'u',
      refreshTokenHash: `hash-${jti}`,
      authTime: now,
      expiresAt: new Date(now.getTime() + 3600_000),
      revokedAt: null,
    });
    await store.createTokenOrigin(origin(`${id}-a`, 'sub-1'));
    await store.createTokenOrigin(origin(`${id}-b`, 'sub-1'));
    await store.createTokenOrigin(origin(`${id}-c`, 'sub-2'));
    assert.equal((await store.getTokenOrigin(`${id}-a`))?.revokedAt, null);
    assert.equal((await store.getTokenOriginByRefreshHash(`hash-${id}-b`))?.originJti, `${id}-b`);
    assert.equal(await store.revokeTokenOrigin(`${id}-a`, now), true);
    assert.notEqual((await store.getTokenOrigin(`${id}-a`))?.revokedAt, null);
    await store.getTokenOrigin(`${id}-b`);
    assert.equal(await store.revokeUserTokenOrigins(id, 'sub-1', now), 1);
    assert.notEqual((await store.getTokenOrigin(`${id}-b`))?.revokedAt, null);
    assert.equal((await store.getTokenOrigin(`${id}-c`))?.revokedAt, null);
  });

  it('rotates a refresh token: the new one is current, the old one usable until its grace ends, then never again', async () => {
    const id = poolId();
    await store.createPool(pool(id), []);
    const jti = `${id}-rot`;
    await store.createTokenOrigin({
      originJti: jti,
      poolId: id,
      clientId: 'c',
      sub: 'sub-1',
      username: 'u',
      refreshTokenHash: `first-${id}`,
      authTime: now,
      expiresAt: new Date(now.getTime() + 3600_000),
      revokedAt: null,
    });
    assert.deepEqual(await store.findRefreshToken(`first-${id}`).then((t) => [t?.origin.originJti, t?.replacedUntil]), [jti, null]);
    assert.equal(await store.findRefreshToken(`nothing-${id}`), null);
    const grace = new Date(now.getTime() + 30_000);
    assert.equal(await store.rotateRefreshToken(jti, `first-${id}`, `second-${id}`, now, grace), true);
    assert.equal((await store.findRefreshToken(`first-${id}`))?.replacedUntil?.getTime(), grace.getTime());
    assert.deepEqual(await store.findRefreshToken(`second-${id}`).then((t) => [t?.origin.originJti, t?.replacedUntil]), [jti, null]);
    // Both find the origin, so revoking by either token reaches the whole sign-in.
    assert.equal((await store.getTokenOriginByRefreshHash(`second-${id}`))?.originJti, jti);
    // A retry within the grace wins again, and does not extend the grace.
    const later = new Date(now.getTime() + 10_000);
    assert.equal(await store.rotateRefreshToken(jti, `first-${id}`, `retry-${id}`, later, new Date(later.getTime() + 30_000)), true);
    assert.equal((await store.findRefreshToken(`first-${id}`))?.replacedUntil?.getTime(), grace.getTime());
    // After the grace: refused, nothing stored.
    const over = new Date(grace.getTime() + 1);
    assert.equal(await store.rotateRefreshToken(jti, `first-${id}`, `late-${id}`, over, new Date(over.getTime() + 30_000)), false);
    assert.equal(await store.findRefreshToken(`late-${id}`), null);
    // Rotating the second token without grace: replaced at once.
    assert.equal(await store.rotateRefreshToken(jti, `second-${id}`, `third-${id}`, over, new Date(0)), true);
    assert.equal(await store.rotateRefreshToken(jti, `second-${id}`, `fourth-${id}`, over, new Date(0)), false);
    // Deleting the pool takes the rotated tokens with it.
    await store.deletePool(id);
    assert.equal(await store.findRefreshToken(`third-${id}`), null);
  });

  it('lets exactly one of many concurrent rotations of one refresh token without grace win', async () => {
    const id = poolId();
    await store.createPool(pool(id), []);
    const jti = `${id}-race`;
    await store.createTokenOrigin({
      originJti: jti,
      poolId: id,
      clientId: 'c',
      sub: 'sub-1',
      username: 'u',
      refreshTokenHash: `race-${id}`,
      authTime: now,
      expiresAt: new Date(now.getTime() + 3600_000),
      revokedAt: null,
    });
    for (const round of ['first', 'second']) {
      const from = round === 'first' ? `race-${id}` : `won-${id}`;
      const results = await Promise.all(Array.from({ length: 12 }, (_, i) => store.rotateRefreshToken(jti, from, `${round}-${i}-${id}`, now, new Date(0))));
      assert.equal(results.filter(Boolean).length, 1, `${round} round: ${results}`);
      const winner = results.indexOf(true);
      // Only the winner's token was stored.
      for (let i = 0; i < results.length; i++) assert.equal((await store.findRefreshToken(`${round}-${i}-${id}`)) !== null, i === winner);
      if (round === 'first') assert.equal(await store.rotateRefreshToken(jti, `first-${winner}-${id}`, `won-${id}`, now, new Date(0)), true);
    }
  });

  it('lets exactly one caller consume a challenge session and counts claimed answers up to the limit', async () => {
    const id = poolId();
    await store.createPool(pool(id), []);
    await store.putChallengeSession({
      id: `${id}-session`,
      poolId: id,
      clientId: 'c',
      username: 'u',
      challenge: 'SMS_MFA',
      code: '123456',
      attempts: 0,
      expiresAt: new Date(now.getTime() + 180_000),
      data: { k: 1 },
    });
    assert.equal((await store.claimChallengeAttempt(`${id}-session`, 5))?.attempts, 1);
    assert.equal((await store.getChallengeSession(`${id}-session`))?.attempts, 1);
    const claims = await Promise.all(Array.from({ length: 10 }, () => store.claimChallengeAttempt(`${id}-session`, 5)));
    assert.deepEqual(claims.map((c) => c?.attempts ?? null).sort(), [2, 3, 4, 5, null, null, null, null, null, null].sort());
    assert.equal(await store.claimChallengeAttempt(`${id}-session`, 5), null);
    assert.equal((await store.getChallengeSession(`${id}-session`))?.attempts, 5);
    assert.equal(await store.claimChallengeAttempt('no-such-session', 5), null);
    const results = await Promise.all([store.consumeChallengeSession(`${id}-session`), store.consumeChallengeSession(`${id}-session`)]);
    assert.deepEqual(results.sort(), [false, true]);
    assert.equal(await store.getChallengeSession(`${id}-session`), null);
  });

  it('keeps the outbox in order and filters it', async () => {
    const id = poolId();
    await store.createPool(pool(id), []);
    const m = (username: string, code: string) => ({
      poolId: id,
      username,
      medium: 'SMS' as const,
      destination: '+15555551234',
      code,
      message: `code ${code}`,
      createdAt: now,
    });
    await store.addMessage(m('a', '1'));
    await store.addMessage(m('b', '2'));
    await store.addMessage(m('a', '3'));
    assert.deepEqual(
      (await store.listMessages({ poolId: id, username: 'a' })).map((x) => x.code),
      ['1', '3'],
    );
    assert.deepEqual(
      (await store.listMessages({ poolId: id })).map((x) => x.code),
      ['1', '2', '3'],
    );
  });

  it("orders and pages users byte for byte, whatever the database's collation", async () => {
    const id = poolId();
    await store.createPool(pool(id), []);
    await store.createUsers(['é', 'a', 'Z', 'B', 'a.b', 'a-b'].map((name) => user(id, name)));
    const order = ['B', 'Z', 'a', 'a-b', 'a.b', 'é'];
    assert.deepEqual(
      (await store.listUsers(id, 10, null, null)).items.map((u) => u.username),
      order,
    );
    const page = await store.listUsers(id, 3, null, null);
    assert.equal(page.next, 'a');
    assert.deepEqual(
      (await store.listUsers(id, 10, page.next, null)).items.map((u) => u.username),
      order.slice(3),
    );
    const prefix = await store.listUsers(id, 10, null, { attribute: 'username', op: '^=', value: 'a' });
    assert.deepEqual(
      prefix.items.map((u) => u.username),
      ['a', 'a-b', 'a.b'],
    );
  });

  it('filters users on any attribute, on the confirmation status and on Enabled or Disabled', async () => {
    const id = poolId();
    await store.createPool(pool(id), []);
    await store.createUsers([
      user(id, 'p1', { given_name: 'Ann' }),
      { ...user(id, 'p2', { given_name: 'Anna' }), enabled: false, status: 'UNCONFIRMED' },
      user(id, 'p3'),
    ]);
    const names = async (f: Parameters<Store['listUsers']>[3]) => (await store.listUsers(id, 10, null, f)).items.map((u) => u.username);
    assert.deepEqual(await names({ attribute: 'given_name', op: '=', value: 'Ann' }), ['p1']);
    assert.deepEqual(await names({ attribute: 'given_name', op: '^=', value: 'Ann' }), ['p1', 'p2']);
    assert.deepEqual(await names({ attribute: 'cognito:user_status', op: '=', value: 'UNCONFIRMED' }), ['p2']);
    assert.deepEqual(await names({ attribute: 'status', op: '=', value: 'Disabled' }), ['p2']);
    assert.deepEqual(await names({ attribute: 'status', op: '=', value: 'Enabled' }), ['p1', 'p3']);
    assert.deepEqual(await names({ attribute: 'status', op: '=', value: 'enabled' }), []);
    assert.deepEqual(
      (await store.findUsersByAttribute(id, 'given_name', 'Anna')).map((u) => u.username),
      ['p2'],
    );
  });

  it('lists pools and clients in id order, page by page', async () => {
    const ids = [poolId(), poolId(), poolId()];
    for (const id of [...ids].reverse()) await store.createPool(pool(id), []);
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const page: Awaited<ReturnType<Store['listPools']>> = await store.listPools(1, after);
      seen.push(...page.items.map((p) => p.id));
      after = page.next;
    } while (after !== null && seen.length < 10_000);
    assert.deepEqual(
      seen.filter((id) => ids.includes(id)),
      ids,
    );
    const client = (cid: string) => ({ id: cid, poolId: ids[0]!, name: cid, secrets: [], createdAt: now, lastModifiedAt: now, settings: {} });
    for (const cid of ['c3', 'c1', 'c2'].map((c) => `${ids[0]}-${c}`)) await store.createClient(client(cid));
    const first = await store.listClients(ids[0]!, 2, null);
    assert.deepEqual(
      first.items.map((c) => c.name),
      [`${ids[0]}-c1`, `${ids[0]}-c2`],
    );
    assert.deepEqual(
      (await store.listClients(ids[0]!, 2, first.next)).items.map((c) => c.name),
      [`${ids[0]}-c3`],
    );
    const shh = { id: `${ids[0]}-c1--0`, value: 'shh', createdAt: now };
    await store.changeClient(`${ids[0]}-c1`, (c) => ({ ...c, name: 'renamed', secrets: [shh] }));
    assert.deepEqual([(await store.getClient(`${ids[0]}-c1`))?.name, (await store.getClient(`${ids[0]}-c1`))?.secrets], ['renamed', [shh]]);
    assert.equal(await store.deleteClient(`${ids[0]}-c1`), true);
    assert.equal(await store.deleteClient(`${ids[0]}-c1`), false);
  });

  it('keeps one code per user and purpose, counts claimed attempts up to the limit and lets it be consumed once', async () => {
    const id = poolId();
    await store.createPool(pool(id), []);
    const code = (c: string) => ({
      poolId: id,
      sub: 'sub-1',
      purpose: 'FORGOT_PASSWORD',
      code: c,
      attempts: 0,
      createdAt: now,
      expiresAt: new Date(now.getTime() + 3600_000),
      data: { medium: 'EMAIL', attribute: 'email', destination: 'a***@e***' },
    });
    await store.issueCode(id, 'sub-1', 'FORGOT_PASSWORD', (previous) => {
      assert.equal(previous, null);
      return code('111111');
    });
    await store.issueCode(id, 'sub-1', 'FORGOT_PASSWORD', (previous) => {
      assert.equal(previous?.code, '111111');
      return code('222222');
    });
    await store.issueCode(id, 'sub-1', 'VERIFY:email', () => ({ ...code('333333'), purpose: 'VERIFY:email' }));
    await assert.rejects(
      store.issueCode(id, 'sub-1', 'VERIFY:email', () => {
        throw new Error('refused');
      }),
      /refused/,
    );
    assert.equal((await store.getCode(id, 'sub-1', 'VERIFY:email'))?.code, '333333');
    assert.equal((await store.getCode(id, 'sub-1', 'FORGOT_PASSWORD'))?.code, '222222');
    assert.deepEqual((await store.getCode(id, 'sub-1', 'FORGOT_PASSWORD'))?.data, code('x').data);
    assert.equal((await store.claimCodeAttempt(id, 'sub-1', 'FORGOT_PASSWORD', 3))?.attempts, 1);
    assert.equal((await store.claimCodeAttempt(id, 'sub-1', 'FORGOT_PASSWORD', 3))?.code, '222222');
    assert.equal(await store.claimCodeAttempt(id, 'sub-1', 'SIGN_UP', 3), null);
    const claims = await Promise.all([1, 2, 3].map(() => store.claimCodeAttempt(id, 'sub-1', 'FORGOT_PASSWORD', 3)));
    assert.deepEqual(claims.map((c) => c?.attempts ?? null).sort(), [3, null, null].sort());
    assert.equal((await store.getCode(id, 'sub-1', 'FORGOT_PASSWORD'))?.attempts, 3);
    assert.equal(await store.consumeCode(id, 'sub-1', 'FORGOT_PASSWORD', '111111'), false);
    const results = await Promise.all([1, 2, 3].map(() => store.consumeCode(id, 'sub-1', 'FORGOT_PASSWORD', '222222')));
    assert.deepEqual(results.sort(), [false, false, true]);
    assert.equal(await store.getCode(id, 'sub-1', 'FORGOT_PASSWORD'), null);
    await store.deleteCodes(id, 'sub-1');
    assert.equal(await store.getCode(id, 'sub-1', 'VERIFY:email'), null);
  });

  it('issues concurrent codes of one user and purpose one after another, each seeing the one before', async () => {
    const id = poolId();
    await store.createPool(pool(id), []);
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        store.issueCode(id, 'sub-9', 'SIGN_UP', (previous) => ({
          poolId: id,
          sub: 'sub-9',
          purpose: 'SIGN_UP',
          code: String(i).padStart(6, '0'),
          attempts: 0,
          createdAt: now,
          expiresAt: new Date(now.getTime() + 60_000),
          data: { requests: Number(previous?.data.requests ?? 0) + 1 },
        })),
      ),
    );
    assert.equal((await store.getCode(id, 'sub-9', 'SIGN_UP'))?.data.requests, 12);
  });

  it('keeps an SRP verifier and accepts each TOTP step once, later steps only', async () => {
    const id = poolId();
    await store.createPool(pool(id), []);
    await store.createUser(user(id, 'gina'));
    assert.equal(await store.getSrpVerifier(id, 'gina'), null);
    assert.equal(await store.setSrpVerifier(id, 'gina', { salt: 'ab', verifier: 'cd', passwordHash: 'scrypt$1$x$y' }), true);
    assert.deepEqual(await store.getSrpVerifier(id, 'gina'), { salt: 'ab', verifier: 'cd', passwordHash: 'scrypt$1$x$y' });
    // A verifier of a password that is no longer the user's is not kept.
    assert.equal(await store.setSrpVerifier(id, 'gina', { salt: 'ef', verifier: '01', passwordHash: 'scrypt$1$old$z' }), false);
    assert.deepEqual(await store.getSrpVerifier(id, 'gina'), { salt: 'ab', verifier: 'cd', passwordHash: 'scrypt$1$x$y' });
    const step = 59_000_000;
    assert.deepEqual((await Promise.all([store.claimTotpStep(id, 'gina', step), store.claimTotpStep(id, 'gina', step)])).sort(), [false, true]);
    assert.equal(await store.claimTotpStep(id, 'gina', step - 1), false);
    assert.equal(await store.claimTotpStep(id, 'gina', step + 1), true);
    assert.equal(await store.claimTotpStep(id, 'nobody', step + 2), false);
  });

  it('serves every user of a pool larger than its caches', async () => {
    const id = poolId();
    await store.createPool(pool(id), []);
    const users = Array.from({ length: 25_000 }, (_, i) => user(id, `bulk${String(i).padStart(5, '0')}`));
    await store.createUsers(users);
    for (const u of users) await store.getUserBySub(id, u.sub);
    for (const i of [0, 1, 12_345, 24_999]) {
      assert.equal((await store.getUserBySub(id, users[i]!.sub))?.username, users[i]!.username);
      await store.changeUser(id, users[i]!.sub, (c) => ({ ...c, status: 'RESET_REQUIRED' }));
      assert.equal((await store.getUser(id, users[i]!.username))?.status, 'RESET_REQUIRED');
    }
  });

  it('keeps what it acknowledged across a close and reopen', { skip: !t.durable && 'the store is in memory' }, async () => {
    const id = poolId();
    await store.createPool(pool(id), []);
    const u = user(id, 'frank');
    await store.createUser(u);
    await store.changeUser(id, u.sub, (c) => ({ ...c, mfa: { ...c.mfa, legacySms: true }, lockout: { failures: 2, lastFailureAt: 5, lockedUntil: null } }));
    await store.close();
    store = await t.reopen();
    assert.equal((await store.getUserBySub(id, u.sub))?.mfa.legacySms, true);
    assert.deepEqual((await store.getUserBySub(id, u.sub))?.lockout, { failures: 2, lastFailureAt: 5, lockedUntil: null });
  });
});
