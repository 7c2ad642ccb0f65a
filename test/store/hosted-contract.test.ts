import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { AuthorizationCodeRecord, DomainRecord, Store } from '../../src/store/store.js';
import { eachStore } from '../helpers/store-contract.js';

/**
 * The hosted-ui part of the Store contract (domains, authorization codes, hosted-page sessions, the
 * scope of a token origin), run against SQLite and PostgreSQL, written against the interface only.
 */
eachStore('domains and OAuth state', (t) => {
  let store!: Store;
  t.onOpen((s) => {
    store = s;
  });
  let n = 0;
  const now = new Date('2026-01-01T00:00:00.123Z');
  const later = new Date('2026-01-02T00:00:00.456Z');

  const newPool = async () => {
    n++;
    return t.newPool('oau', now);
  };
  const domain = (poolId: string, name: string, more: Partial<DomainRecord> = {}): DomainRecord => ({
    domain: name,
    poolId,
    certificateArn: null,
    managedLoginVersion: 1,
    version: '20260101000000',
    createdAt: now,
    lastModifiedAt: now,
    ...more,
  });
  const code = (poolId: string, hash: string): AuthorizationCodeRecord => ({
    codeHash: hash,
    poolId,
    clientId: 'client1',
    sub: '00000000-0000-4000-8000-000000000001',
    username: 'alice',
    redirectUri: 'https://app.example.com/cb',
    scope: ['openid', 'email'],
    nonce: 'n-0S6_WzA2Mj',
    codeChallenge: null,
    authTime: now,
    expiresAt: later,
  });

  it('stores a domain, finds it by name and by pool, and refuses the same name for another pool', async () => {
    const p = await newPool();
    const other = await newPool();
    const d = domain(p, `prefix-${n}`);
    assert.equal(await store.createDomain(d), 'created');
    assert.deepEqual(await store.getDomain(d.domain), d);
    assert.deepEqual(await store.domainsOfPool(p), [d]);
    assert.equal(await store.createDomain(domain(other, d.domain)), 'taken');
    assert.deepEqual(await store.domainsOfPool(other), []);
  });

  it('keeps at most one prefix and one custom domain per pool, prefix listed first', async () => {
    const p = await newPool();
    assert.equal(await store.createDomain(domain(p, `zz-first-${n}`)), 'created');
    assert.equal(await store.createDomain(domain(p, `zz-second-${n}`)), 'pool-has-one');
    const custom = domain(p, `auth${n}.example.com`, { certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/x' });
    assert.equal(await store.createDomain(custom), 'created');
    assert.deepEqual(
      (await store.domainsOfPool(p)).map((d) => d.domain),
      [`zz-first-${n}`, `auth${n}.example.com`],
    );
  });

  it('updates a domain of its pool only, and deletes it', async () => {
    const p = await newPool();
    const other = await newPool();
    const d = domain(p, `upd-${n}`);
    await store.createDomain(d);
    assert.equal(await store.updateDomain(other, d.domain, { certificateArn: null, managedLoginVersion: 2, version: 'v2', lastModifiedAt: later }), null);
    const updated = await store.updateDomain(p, d.domain, { certificateArn: null, managedLoginVersion: 2, version: '20260102000000', lastModifiedAt: later });
    assert.deepEqual(updated, { ...d, managedLoginVersion: 2, version: '20260102000000', lastModifiedAt: later });
    assert.equal(await store.deleteDomain(other, d.domain), false);
    assert.equal(await store.deleteDomain(p, d.domain), true);
    assert.equal(await store.getDomain(d.domain), null);
  });

  it("deletes a pool's domain with the pool, freeing the name", async () => {
    const p = await newPool();
    await store.createDomain(domain(p, `gone-${n}`));
    await store.deletePool(p);
    assert.equal(await store.getDomain(`gone-${n}`), null);
    const again = await newPool();
    assert.equal(await store.createDomain(domain(again, `gone-${n - 1}`)), 'created');
  });

  it('gives an authorization code to exactly one of several concurrent consumers', async () => {
    const p = await newPool();
    const c = code(p, `hash-${n}`);
    await store.putAuthorizationCode(c);
    const got = await Promise.all([1, 2, 3, 4].map(() => store.consumeAuthorizationCode(c.codeHash)));
    assert.deepEqual(
      got.filter((g) => g !== null),
      [c],
    );
    assert.equal(await store.consumeAuthorizationCode(c.codeHash), null);
  });

  it('stores, replaces and deletes a hosted-page session', async () => {
    const p = await newPool();
    const s = { idHash: `sess-${n}`, poolId: p, data: { csrf: 'abc', pending: { clientId: 'x' } }, expiresAt: later };
    await store.putHostedSession(s);
    assert.deepEqual(await store.getHostedSession(s.idHash), s);
    await store.putHostedSession({ ...s, data: { csrf: 'def', sub: 'u' } });
    assert.deepEqual((await store.getHostedSession(s.idHash))?.data, { csrf: 'def', sub: 'u' });
    await store.deleteHostedSession(s.idHash);
    assert.equal(await store.getHostedSession(s.idHash), null);
  });

  it('gives a hosted-page session to exactly one of several concurrent takers, and deletes it', async () => {
    const p = await newPool();
    const s = { idHash: `take-${n}`, poolId: p, data: { federation: { provider: 'Ext' } }, expiresAt: later };
    await store.putHostedSession(s);
    const got = await Promise.all([1, 2, 3, 4].map(() => store.takeHostedSession(s.idHash)));
    assert.deepEqual(
      got.filter((g) => g !== null),
      [s],
    );
    assert.equal(await store.getHostedSession(s.idHash), null);
    assert.equal(await store.takeHostedSession(s.idHash), null);
  });

  it('purges expired challenge sessions, codes and browser sessions in batches, and keeps the rest', async () => {
    const p = await newPool();
    // Expiries in 2000, before anything else this file stores, so the counts are this test's alone.
    const cut = new Date('2000-01-01T00:00:00.000Z');
    const at = (ms: number) => new Date(cut.getTime() + ms);
    const challenge = (id: string, expiresAt: Date) =>
      store.putChallengeSession({ id, poolId: p, clientId: 'c', username: 'u', challenge: 'SMS_MFA', code: '1', attempts: 0, expiresAt, data: {} });
    for (const i of [1, 2, 3]) await challenge(`gone-${n}-${i}`, at(-i * 1000));
    await challenge(`live-${n}`, cut);
    for (const i of [1, 2]) await store.putAuthorizationCode({ ...code(p, `gone-code-${n}-${i}`), expiresAt: at(-i) });
    await store.putAuthorizationCode({ ...code(p, `live-code-${n}`), expiresAt: at(1) });
    for (const i of [1, 2]) await store.putHostedSession({ idHash: `gone-sess-${n}-${i}`, poolId: p, data: {}, expiresAt: at(-i) });
    const live = { idHash: `live-sess-${n}`, poolId: p, data: { csrf: 'x' }, expiresAt: cut };
    await store.putHostedSession(live);

    assert.equal(await store.purgeExpired(cut, 2), 6);
    assert.equal(await store.purgeExpired(cut, 2), 1, 'the third challenge session waited for the next batch');
    assert.equal(await store.purgeExpired(cut, 2), 0);
    for (const i of [1, 2, 3]) assert.equal(await store.getChallengeSession(`gone-${n}-${i}`), null);
    assert.equal((await store.getChallengeSession(`live-${n}`))?.id, `live-${n}`, 'a row that expires at the cut is not yet expired');
    assert.equal(await store.consumeAuthorizationCode(`gone-code-${n}-1`), null);
    assert.equal((await store.consumeAuthorizationCode(`live-code-${n}`))?.codeHash, `live-code-${n}`);
    assert.equal(await store.getHostedSession(`gone-sess-${n}-2`), null);
    assert.deepEqual(await store.getHostedSession(live.idHash), live);
  });

  it("keeps a token origin's OAuth scope, and none for an API sign-in", async () => {
    const p = await newPool();
    const base = { poolId: p, clientId: 'c', sub: 's', username: 'u', authTime: now, expiresAt: later, revokedAt: null };
    await store.createTokenOrigin({ ...base, originJti: `oj-a-${n}`, refreshTokenHash: `rh-a-${n}`, scope: 'openid email' });
    await store.createTokenOrigin({ ...base, originJti: `oj-b-${n}`, refreshTokenHash: `rh-b-${n}` });
    assert.equal((await store.getTokenOrigin(`oj-a-${n}`))?.scope, 'openid email');
    assert.equal((await store.findRefreshToken(`rh-a-${n}`))?.origin.scope, 'openid email');
    assert.equal((await store.getTokenOrigin(`oj-b-${n}`))?.scope ?? null, null);
  });

  it('keeps domains and codes across a restart', { skip: !t.durable && 'the store is in memory' }, async () => {
    const p = await newPool();
    const d = domain(p, `kept-${n}`);
    await store.createDomain(d);
    const c = code(p, `kept-${n}`);
    await store.putAuthorizationCode(c);
    await store.close();
    store = await t.reopen();
    assert.deepEqual(await store.getDomain(d.domain), d);
    assert.deepEqual(await store.consumeAuthorizationCode(c.codeHash), c);
  });
});
