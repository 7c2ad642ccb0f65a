import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { DeviceRecord, Store, UserRecord } from '../../src/store/store.js';
import { eachStore } from '../helpers/store-contract.js';

/**
 * The devices part of the Store contract (remembered devices and the device key of a sign-in), run
 * against SQLite and PostgreSQL, written against the interface only.
 */
eachStore('devices', (t) => {
  let store!: Store;
  t.onOpen((s) => {
    store = s;
  });
  const now = new Date('2026-01-01T00:00:00.123Z');
  const later = new Date('2026-01-02T00:00:00.456Z');
  const newPool = () => t.newPool('dev', now);
  const { newUser } = t;
  const device = (u: UserRecord, key: string, more: Partial<DeviceRecord> = {}): DeviceRecord => ({
    poolId: u.poolId,
    sub: u.sub,
    key,
    groupKey: '-abcDEF123',
    name: 'Firefox',
    remembered: true,
    salt: 'c2FsdA==',
    verifier: 'dmVyaWZpZXI=',
    lastIp: null,
    createdAt: now,
    lastModifiedAt: now,
    lastAuthenticatedAt: now,
    ...more,
  });
  const keys = (page: { items: DeviceRecord[] }) => page.items.map((d) => d.key);

  it('stores a confirmed device with every member and finds it by key', async () => {
    const p = await newPool();
    const alice = await newUser(p, 'alice');
    const d = device(alice, 'us-east-1_0001', { name: null, remembered: false, lastIp: '192.0.2.1' });
    assert.deepEqual(await store.putDevice(d), d);
    assert.deepEqual(await store.getDevice(p, 'us-east-1_0001'), d);
    assert.equal(await store.getDevice(p, 'us-east-1_0002'), null);
    assert.equal(await store.getDevice(await newPool(), 'us-east-1_0001'), null, 'a key is looked up in its own pool');
  });

  it("confirms the same user's device again keeping its creation date, and refuses another user's key", async () => {
    const p = await newPool();
    const alice = await newUser(p, 'alice');
    const bob = await newUser(p, 'bob');
    await store.putDevice(device(alice, 'k1', { lastIp: '192.0.2.1' }));
    const again = await store.putDevice(
      device(alice, 'k1', { name: 'Chrome', remembered: false, salt: 'bmV3', verifier: 'bmV3dg==', createdAt: later, lastModifiedAt: later }),
    );
    const want = device(alice, 'k1', { name: 'Chrome', remembered: false, salt: 'bmV3', verifier: 'bmV3dg==', lastModifiedAt: later, lastIp: '192.0.2.1' });
    assert.deepEqual(again, want);
    assert.equal(await store.putDevice(device(bob, 'k1', { name: 'stolen' })), null);
    assert.deepEqual(await store.getDevice(p, 'k1'), want, "the other user's attempt changed nothing");
  });

  it('refuses a device of a user who does not exist', async () => {
    const p = await newPool();
    const ghost: UserRecord = { ...(await newUser(p, 'ghost')) };
    await store.deleteUser(p, 'ghost');
    assert.equal(await store.putDevice(device(ghost, 'k1')), null);
    assert.equal(await store.getDevice(p, 'k1'), null);
  });

  it("lists a user's devices by key page by page, remembered only when asked", async () => {
    const p = await newPool();
    const alice = await newUser(p, 'alice');
    const bob = await newUser(p, 'bob');
    for (const [k, remembered] of [
      ['k3', true],
      ['k1', false],
      ['k5', true],
      ['k2', true],
      ['k4', false],
    ] as const) {
      await store.putDevice(device(alice, k, { remembered }));
    }
    await store.putDevice(device(bob, 'k0'));
    const all: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page = await store.listDevices(p, alice.sub, 2, after, false);
      assert.ok(page.items.length <= 2);
      all.push(...keys(page));
      if (!page.next) break;
      after = page.next;
    }
    assert.deepEqual(all, ['k1', 'k2', 'k3', 'k4', 'k5']);
    assert.deepEqual(keys(await store.listDevices(p, alice.sub, 60, null, true)), ['k2', 'k3', 'k5']);
    const first = await store.listDevices(p, alice.sub, 2, null, true);
    assert.deepEqual([keys(first), first.next], [['k2', 'k3'], 'k3']);
    assert.deepEqual(keys(await store.listDevices(p, alice.sub, 2, 'k3', true)), ['k5']);
    assert.deepEqual(keys(await store.listDevices(p, bob.sub, 60, null, false)), ['k0']);
  });

  it("changes the status and sign-in date of the user's own device only", async () => {
    const p = await newPool();
    const alice = await newUser(p, 'alice');
    const bob = await newUser(p, 'bob');
    await store.putDevice(device(alice, 'k1', { lastIp: '192.0.2.1' }));
    assert.equal(await store.setDeviceRemembered(p, bob.sub, 'k1', false, later), null);
    assert.equal(await store.touchDevice(p, bob.sub, 'k1', later, '192.0.2.9'), null);
    assert.deepEqual(
      await store.setDeviceRemembered(p, alice.sub, 'k1', false, later),
      device(alice, 'k1', { remembered: false, lastModifiedAt: later, lastIp: '192.0.2.1' }),
    );
    const touched = await store.touchDevice(p, alice.sub, 'k1', later, null);
    assert.deepEqual(touched, device(alice, 'k1', { remembered: false, lastModifiedAt: later, lastAuthenticatedAt: later, lastIp: '192.0.2.1' }));
    assert.equal((await store.touchDevice(p, alice.sub, 'k1', later, '192.0.2.7'))?.lastIp, '192.0.2.7');
    assert.equal(await store.setDeviceRemembered(p, alice.sub, 'nope', true, later), null);
  });

  it("forgets the user's own device only, and a deleted user's devices go with the user", async () => {
    const p = await newPool();
    const alice = await newUser(p, 'alice');
    const bob = await newUser(p, 'bob');
    await store.putDevice(device(alice, 'k1'));
    await store.putDevice(device(alice, 'k2'));
    assert.equal(await store.deleteDevice(p, bob.sub, 'k1'), false);
    assert.equal(await store.deleteDevice(p, alice.sub, 'k1'), true);
    assert.equal(await store.deleteDevice(p, alice.sub, 'k1'), false);
    assert.equal(await store.getDevice(p, 'k1'), null);
    assert.equal(await store.deleteUser(p, 'alice'), true);
    assert.equal(await store.getDevice(p, 'k2'), null);
    const again = await newUser(p, 'alice');
    assert.deepEqual(keys(await store.listDevices(p, again.sub, 60, null, false)), [], 'a user re-created under the name has none');
  });

  it("keeps a sign-in's device key and group key on its token origin", async () => {
    const p = await newPool();
    const alice = await newUser(p, 'alice');
    const origin = {
      originJti: `jti-dev-${p}`,
      poolId: p,
      clientId: 'client',
      sub: alice.sub,
      username: 'alice',
      refreshTokenHash: `hash-dev-${p}`,
      authTime: now,
      expiresAt: later,
      revokedAt: null,
    };
    await store.createTokenOrigin({ ...origin, deviceKey: 'us-east-1_k', deviceGroupKey: '-grp' });
    await store.createTokenOrigin({ ...origin, originJti: `jti-none-${p}`, refreshTokenHash: `hash-none-${p}` });
    assert.deepEqual(await store.getTokenOrigin(`jti-dev-${p}`), { ...origin, deviceKey: 'us-east-1_k', deviceGroupKey: '-grp' });
    assert.deepEqual((await store.findRefreshToken(`hash-dev-${p}`))?.origin, { ...origin, deviceKey: 'us-east-1_k', deviceGroupKey: '-grp' });
    assert.deepEqual(await store.getTokenOrigin(`jti-none-${p}`), { ...origin, originJti: `jti-none-${p}`, refreshTokenHash: `hash-none-${p}` });
  });

  if (t.durable) {
    it('keeps devices across a restart', async () => {
      const p = await newPool();
      const alice = await newUser(p, 'alice');
      const d = device(alice, 'kept');
      await store.putDevice(d);
      await store.close();
      store = await t.reopen();
      assert.deepEqual(await store.getDevice(p, 'kept'), d);
    });
  }
});
