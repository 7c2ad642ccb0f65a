import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { GroupRecord, Store, UserRecord } from '../../src/store/store.js';
import { eachStore } from '../helpers/store-contract.js';

/**
 * The groups part of the Store contract (groups and memberships), run against SQLite and PostgreSQL.
 * A suite of its own beside contract.test.ts, written against the interface only.
 */
eachStore('groups', (t) => {
  let store!: Store;
  t.onOpen((s) => {
    store = s;
  });
  const now = new Date('2026-01-01T00:00:00.123Z');
  const later = new Date('2026-01-02T00:00:00.456Z');

  const newPool = () => t.newPool('grp', now);
  const group = (poolId: string, groupName: string, more: Partial<GroupRecord> = {}): GroupRecord => ({
    poolId,
    name: groupName,
    description: null,
    roleArn: null,
    precedence: null,
    createdAt: now,
    lastModifiedAt: now,
    ...more,
  });
  const { newUser } = t;
  const names = (groups: GroupRecord[]) => groups.map((g) => g.name);

  it('stores a group with every member and refuses a second group of the same name in the pool', async () => {
    const p = await newPool();
    const other = await newPool();
    const g = group(p, 'admins', { description: 'The admins', roleArn: 'arn:aws:iam::123456789012:role/admin', precedence: 2147483647 });
    assert.equal(await store.createGroup(g), true);
    assert.equal(await store.createGroup(group(p, 'admins', { description: 'other' })), false);
    assert.equal(await store.createGroup(group(other, 'admins')), true, 'another pool may have a group of the same name');
    assert.deepEqual(await store.getGroup(p, 'admins'), g);
    assert.deepEqual(await store.getGroup(p, 'Admins'), null, 'names are case-sensitive');
    assert.deepEqual(await store.getGroup(p, 'nobody'), null);
    const bare = group(p, 'bare');
    await store.createGroup(bare);
    assert.deepEqual(await store.getGroup(p, 'bare'), bare, 'unset members come back null');
  });

  it('updates the changeable members of a group and keeps its creation date', async () => {
    const p = await newPool();
    await store.createGroup(group(p, 'g', { description: 'd', precedence: 5 }));
    const updated = await store.updateGroup(p, 'g', { description: null, roleArn: 'arn:aws:iam::123456789012:role/r', precedence: 0, lastModifiedAt: later });
    const want = group(p, 'g', { roleArn: 'arn:aws:iam::123456789012:role/r', precedence: 0, lastModifiedAt: later });
    assert.deepEqual(updated, want);
    assert.deepEqual(await store.getGroup(p, 'g'), want);
    assert.equal(await store.updateGroup(p, 'missing', { description: null, roleArn: null, precedence: null, lastModifiedAt: later }), null);
  });

  it('lists groups by name in byte order, page by page', async () => {
    const p = await newPool();
    for (const g of ['b', 'a', 'Z', 'é', 'a-2', 'c']) await store.createGroup(group(p, g));
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page = await store.listGroups(p, 2, after);
      assert.ok(page.items.length <= 2);
      seen.push(...names(page.items));
      if (!page.next) break;
      after = page.next;
    }
    assert.deepEqual(seen, ['Z', 'a', 'a-2', 'b', 'c', 'é']);
    assert.deepEqual(await store.listGroups(p, 60, 'c'), { items: [group(p, 'é')], next: null });
  });

  it('adds a member once, tells a missing group from a missing user, and removes a membership once', async () => {
    const p = await newPool();
    await store.createGroup(group(p, 'g'));
    const u = await newUser(p, 'alice');
    assert.equal(await store.addUserToGroup(p, 'g', u.sub), 'added');
    assert.equal(await store.addUserToGroup(p, 'g', u.sub), 'member');
    assert.equal(await store.addUserToGroup(p, 'nope', u.sub), 'no-group');
    assert.equal(await store.addUserToGroup(p, 'g', '00000000-0000-4000-8000-ffffffffffff'), 'no-user');
    assert.deepEqual(names(await store.groupsOfUser(p, u.sub)), ['g']);
    assert.equal(await store.removeUserFromGroup(p, 'g', u.sub), true);
    assert.equal(await store.removeUserFromGroup(p, 'g', u.sub), false);
    assert.deepEqual(await store.groupsOfUser(p, u.sub), []);
  });

  it("lists a user's groups and a group's users in order, page by page", async () => {
    const p = await newPool();
    for (const g of ['g3', 'g1', 'g2', 'other']) await store.createGroup(group(p, g, { precedence: g === 'g1' ? 9 : null }));
    const users = [];
    for (const name of ['carol', 'alice', 'bob', 'dave']) users.push(await newUser(p, name));
    const [carol, alice, bob, dave] = users as [UserRecord, UserRecord, UserRecord, UserRecord];
    for (const g of ['g3', 'g1', 'g2']) await store.addUserToGroup(p, g, alice.sub);
    for (const u of [carol, alice, bob]) await store.addUserToGroup(p, 'g1', u.sub);
    await store.addUserToGroup(p, 'other', dave.sub);

    const first = await store.listGroupsForUser(p, alice.sub, 2, null);
    assert.deepEqual(names(first.items), ['g1', 'g2']);
    assert.equal(first.items[0]?.precedence, 9, 'a listed group is the whole group');
    const second = await store.listGroupsForUser(p, alice.sub, 2, first.next);
    assert.deepEqual([names(second.items), second.next], [['g3'], null]);
    assert.deepEqual(names(await store.groupsOfUser(p, alice.sub)), ['g1', 'g2', 'g3']);

    const members = await store.listUsersInGroup(p, 'g1', 2, null);
    assert.deepEqual(
      members.items.map((u) => u.username),
      ['alice', 'bob'],
    );
    assert.deepEqual(members.items[0], await store.getUser(p, 'alice'), 'a listed member is the whole user');
    const rest = await store.listUsersInGroup(p, 'g1', 2, members.next);
    assert.deepEqual([rest.items.map((u) => u.username), rest.next], [['carol'], null]);
    assert.deepEqual(await store.listUsersInGroup(p, 'missing', 60, null), { items: [], next: null });
  });

  it('ends the memberships of a deleted group, and a group of the same name starts empty', async () => {
    const p = await newPool();
    await store.createGroup(group(p, 'g'));
    await store.createGroup(group(p, 'h'));
    const u = await newUser(p, 'alice');
    await store.addUserToGroup(p, 'g', u.sub);
    await store.addUserToGroup(p, 'h', u.sub);
    assert.equal(await store.deleteGroup(p, 'g'), true);
    assert.equal(await store.deleteGroup(p, 'g'), false);
    assert.equal(await store.getGroup(p, 'g'), null);
    assert.deepEqual(names(await store.groupsOfUser(p, u.sub)), ['h']);
    await store.createGroup(group(p, 'g'));
    assert.deepEqual((await store.listUsersInGroup(p, 'g', 60, null)).items, []);
  });

  it('ends the memberships of a deleted user, and a new user of the same name is in no group', async () => {
    const p = await newPool();
    await store.createGroup(group(p, 'g'));
    const u = await newUser(p, 'alice');
    await store.addUserToGroup(p, 'g', u.sub);
    // Read (and so cached, in SQLite) before the delete.
    await store.getUser(p, 'alice');
    assert.equal(await store.deleteUser(p, 'alice'), true);
    assert.deepEqual(await store.groupsOfUser(p, u.sub), []);
    assert.deepEqual((await store.listUsersInGroup(p, 'g', 60, null)).items, []);
    const again = await newUser(p, 'alice');
    assert.deepEqual(await store.groupsOfUser(p, again.sub), []);
    assert.deepEqual((await store.listUsersInGroup(p, 'g', 60, null)).items, []);
  });

  it('removes the groups and memberships of a deleted pool', async () => {
    const p = await newPool();
    await store.createGroup(group(p, 'g'));
    const u = await newUser(p, 'alice');
    await store.addUserToGroup(p, 'g', u.sub);
    assert.equal(await store.deletePool(p), true);
    assert.equal(await store.getGroup(p, 'g'), null);
    assert.deepEqual(await store.groupsOfUser(p, u.sub), []);
    // The pool id again: nothing of the old pool comes back.
    await store.createPool({ id: p, name: 'again', createdAt: now, lastModifiedAt: now, settings: {} }, []);
    assert.deepEqual((await store.listGroups(p, 60, null)).items, []);
  });

  it('leaves no membership behind when a group or user is deleted while members are being added', async () => {
    const p = await newPool();
    const users = [];
    for (let i = 0; i < 20; i++) users.push(await newUser(p, `u${i}`));
    await store.createGroup(group(p, 'g'));
    const adds = users.map((u) => store.addUserToGroup(p, 'g', u.sub));
    const deletes = [store.deleteGroup(p, 'g'), store.deleteUser(p, 'u7')];
    const results = await Promise.all([...adds, ...deletes]);
    for (const r of results.slice(0, 20)) assert.ok(['added', 'no-group', 'no-user'].includes(r as string), String(r));
    assert.equal(await store.getGroup(p, 'g'), null);
    for (const u of users) assert.deepEqual(await store.groupsOfUser(p, u.sub), []);
    // A new group of the name has none of them.
    await store.createGroup(group(p, 'g'));
    assert.deepEqual((await store.listUsersInGroup(p, 'g', 60, null)).items, []);
  });

  it('keeps groups and memberships across a close and reopen', { skip: !t.durable && 'the store is in memory' }, async () => {
    const p = await newPool();
    const g = group(p, 'kept', { description: 'd', roleArn: 'arn:aws:iam::123456789012:role/r', precedence: 1 });
    await store.createGroup(g);
    const u = await newUser(p, 'alice');
    await store.addUserToGroup(p, 'kept', u.sub);
    await store.close();
    store = await t.reopen();
    assert.deepEqual(await store.getGroup(p, 'kept'), g);
    assert.deepEqual(await store.groupsOfUser(p, u.sub), [g]);
  });
});
