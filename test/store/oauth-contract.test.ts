import assert from 'node:assert/strict';
import { it } from 'node:test';
import { AliasExistsException } from '../../src/errors.js';
import type { IdentityProviderRecord, ResourceServerRecord, Store } from '../../src/store/store.js';
import { eachStore } from '../helpers/store-contract.js';

/**
 * The OAuth management part of the Store contract (resource servers, identity providers with their
 * identifiers, UI customizations, and the users' external identities), run against SQLite and
 * PostgreSQL, written against the interface only.
 */
eachStore('OAuth management', (t) => {
  let store!: Store;
  t.onOpen((s) => {
    store = s;
  });
  const now = new Date('2026-01-01T00:00:00.123Z');
  const later = new Date('2026-01-02T00:00:00.456Z');

  const newPool = () => t.newPool('oau', now);
  const server = (poolId: string, identifier: string, more: Partial<ResourceServerRecord> = {}): ResourceServerRecord => ({
    poolId,
    identifier,
    name: identifier,
    scopes: [{ ScopeName: 'read', ScopeDescription: 'Read' }],
    ...more,
  });
  const provider = (poolId: string, providerName: string, idpIdentifiers: string[] = []): IdentityProviderRecord => ({
    poolId,
    name: providerName,
    type: 'OIDC',
    details: { client_id: 'c', authorize_scopes: 'openid', attributes_request_method: 'GET', oidc_issuer: 'https://issuer.example.com' },
    attributeMapping: { username: 'sub' },
    idpIdentifiers,
    createdAt: now,
    lastModifiedAt: now,
  });
  const identities = (...keys: Array<[string, string]>) =>
    JSON.stringify(keys.map(([providerName, userId]) => ({ userId, providerName, providerType: 'OIDC', issuer: null, primary: false, dateCreated: 1 })));
  const { newUser } = t;

  it('stores resource servers, refuses a second of the same identifier, lists them by identifier and updates and deletes them', async () => {
    const p = await newPool();
    assert.equal(await store.createResourceServer(server(p, 'b')), true);
    assert.equal(await store.createResourceServer(server(p, 'b', { name: 'other' })), false);
    assert.equal(await store.createResourceServer(server(p, 'a', { scopes: [] })), true);
    assert.equal(await store.createResourceServer(server(p, 'c')), true);
    assert.deepEqual(await store.getResourceServer(p, 'b'), server(p, 'b'));
    const first = await store.listResourceServers(p, 2, null);
    assert.deepEqual(
      first.items.map((s) => s.identifier),
      ['a', 'b'],
    );
    assert.deepEqual(
      (await store.listResourceServers(p, 2, first.next)).items.map((s) => s.identifier),
      ['c'],
    );
    assert.equal((await store.allResourceServers(p)).length, 3);
    const changed = server(p, 'b', { name: 'B', scopes: [{ ScopeName: 'write', ScopeDescription: 'Write' }] });
    assert.deepEqual(await store.updateResourceServer(changed), changed);
    assert.deepEqual(await store.getResourceServer(p, 'b'), changed);
    assert.equal(await store.updateResourceServer(server(p, 'missing')), null);
    assert.equal(await store.deleteResourceServer(p, 'b'), true);
    assert.equal(await store.deleteResourceServer(p, 'b'), false);
    assert.equal(await store.getResourceServer(p, 'b'), null);
  });

  it('stores identity providers with identifiers unique in the pool, and stores nothing of a refused one', async () => {
    const p = await newPool();
    const other = await newPool();
    assert.equal(await store.createIdentityProvider(provider(p, 'One', ['one.example', 'shared.example'])), null);
    assert.equal(await store.createIdentityProvider(provider(p, 'One')), 'name-taken');
    assert.equal(await store.createIdentityProvider(provider(p, 'Two', ['two.example', 'shared.example'])), 'identifier-taken');
    assert.equal(await store.getIdentityProvider(p, 'Two'), null);
    assert.equal(await store.getIdentityProviderByIdentifier(p, 'two.example'), null, 'the refused provider left no identifier');
    assert.equal(await store.createIdentityProvider(provider(other, 'Two', ['shared.example'])), null, 'another pool may use the identifier');
    assert.deepEqual(await store.getIdentityProvider(p, 'One'), provider(p, 'One', ['one.example', 'shared.example']));
    assert.equal((await store.getIdentityProviderByIdentifier(p, 'shared.example'))?.name, 'One');
    assert.equal((await store.getIdentityProviderByIdentifier(other, 'shared.example'))?.name, 'Two');
  });

  it('changes a provider and its identifiers atomically, refusing an identifier another provider holds', async () => {
    const p = await newPool();
    await store.createIdentityProvider(provider(p, 'One', ['one.example']));
    await store.createIdentityProvider(provider(p, 'Two', ['two.example']));
    const changed = await store.changeIdentityProvider(p, 'Two', (c) => ({
      ...c,
      idpIdentifiers: ['new.example'],
      attributeMapping: { email: 'email' },
      lastModifiedAt: later,
    }));
    assert.deepEqual(changed, { ...provider(p, 'Two', ['new.example']), attributeMapping: { email: 'email' }, lastModifiedAt: later });
    assert.equal(await store.getIdentityProviderByIdentifier(p, 'two.example'), null);
    assert.equal((await store.getIdentityProviderByIdentifier(p, 'new.example'))?.name, 'Two');
    assert.equal(await store.changeIdentityProvider(p, 'Two', (c) => ({ ...c, idpIdentifiers: ['one.example'], lastModifiedAt: now })), 'identifier-taken');
    assert.deepEqual((await store.getIdentityProvider(p, 'Two'))?.idpIdentifiers, ['new.example']);
    assert.equal((await store.getIdentityProviderByIdentifier(p, 'new.example'))?.name, 'Two', 'the refused change kept the old identifiers');
    assert.equal(await store.changeIdentityProvider(p, 'Nobody', (c) => c), null);
  });

  it('lists providers by name and deletes one with its identifiers', async () => {
    const p = await newPool();
    for (const name of ['Ccc', 'Aaa', 'Bbb']) await store.createIdentityProvider(provider(p, name, [`${name}.example`]));
    const first = await store.listIdentityProviders(p, 2, null);
    assert.deepEqual(
      first.items.map((x) => x.name),
      ['Aaa', 'Bbb'],
    );
    assert.deepEqual(
      (await store.listIdentityProviders(p, 2, first.next)).items.map((x) => x.name),
      ['Ccc'],
    );
    assert.equal(await store.deleteIdentityProvider(p, 'Bbb'), true);
    assert.equal(await store.deleteIdentityProvider(p, 'Bbb'), false);
    assert.equal(await store.getIdentityProviderByIdentifier(p, 'Bbb.example'), null);
    assert.equal(await store.createIdentityProvider(provider(p, 'Ddd', ['Bbb.example'])), null, 'the identifier is free again');
  });

  it('stores UI customizations per client id, keeping the first creation date, with the logo bytes as given', async () => {
    const p = await newPool();
    const logo = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 255]);
    const first = await store.putUICustomization({ poolId: p, clientId: 'ALL', css: '.a{}', image: logo, createdAt: now, lastModifiedAt: now });
    assert.deepEqual(first, { poolId: p, clientId: 'ALL', css: '.a{}', image: logo, createdAt: now, lastModifiedAt: now });
    const second = await store.putUICustomization({ poolId: p, clientId: 'ALL', css: null, image: null, createdAt: later, lastModifiedAt: later });
    assert.deepEqual(second, { poolId: p, clientId: 'ALL', css: null, image: null, createdAt: now, lastModifiedAt: later });
    assert.equal(await store.getUICustomization(p, 'client1'), null);
    await store.putUICustomization({ poolId: p, clientId: 'client1', css: '.b{}', image: null, createdAt: now, lastModifiedAt: now });
    assert.equal((await store.getUICustomization(p, 'client1'))?.css, '.b{}');
    assert.deepEqual(await store.getUICustomization(p, 'ALL'), second);
    assert.equal(await store.deleteUICustomization(p, 'client1'), true);
    assert.equal(await store.deleteUICustomization(p, 'client1'), false);
    assert.equal(await store.getUICustomization(p, 'client1'), null);
    assert.deepEqual(await store.getUICustomization(p, 'ALL'), second, 'the pool-wide one stays');
  });

  it('finds a user by an external identity in its identities attribute, as created and as changed', async () => {
    const p = await newPool();
    const fed = await newUser(p, 'MyOIDC_ext-1', { identities: identities(['MyOIDC', 'ext-1']) });
    assert.equal((await store.findUserByProviderIdentity(p, 'MyOIDC', 'ext-1'))?.sub, fed.sub);
    assert.equal(await store.findUserByProviderIdentity(p, 'MyOIDC', 'ext-2'), null);
    assert.equal(await store.findUserByProviderIdentity(p, 'Other', 'ext-1'), null);
    const alice = await newUser(p, 'alice');
    await store.changeUser(p, alice.sub, (u) => ({ ...u, attributes: { ...u.attributes, identities: identities(['MyOIDC', 'ext-2'], ['Google', '42']) } }));
    assert.equal((await store.findUserByProviderIdentity(p, 'Google', '42'))?.username, 'alice');
    assert.equal((await store.findUserByProviderIdentity(p, 'MyOIDC', 'ext-2'))?.username, 'alice');
    // A change that leaves identities alone keeps the index; one that drops an entry frees it.
    await store.changeUser(p, alice.sub, (u) => ({ ...u, enabled: false }));
    assert.equal((await store.findUserByProviderIdentity(p, 'Google', '42'))?.enabled, false);
    await store.changeUser(p, alice.sub, (u) => ({ ...u, attributes: { ...u.attributes, identities: identities(['Google', '42']) } }));
    assert.equal(await store.findUserByProviderIdentity(p, 'MyOIDC', 'ext-2'), null);
  });

  it('refuses a user write that names an identity another user holds, storing nothing of it', async () => {
    const p = await newPool();
    await newUser(p, 'alice', { identities: identities(['MyOIDC', 'ext-1']) });
    const bob = await newUser(p, 'bob');
    await assert.rejects(
      store.changeUser(p, bob.sub, (u) => ({ ...u, attributes: { ...u.attributes, identities: identities(['MyOIDC', 'ext-1']), name: 'Bob' } })),
      (e) => e instanceof AliasExistsException && e.message === 'The external identity MyOIDC:ext-1 is already linked to another user.',
    );
    const stored = await store.getUser(p, 'bob');
    assert.equal(stored?.attributes.identities, undefined);
    assert.equal(stored?.attributes.name, undefined);
    assert.equal((await store.findUserByProviderIdentity(p, 'MyOIDC', 'ext-1'))?.username, 'alice');
    const other = await newPool();
    await newUser(other, 'carol', { identities: identities(['MyOIDC', 'ext-1']) });
    assert.equal((await store.findUserByProviderIdentity(other, 'MyOIDC', 'ext-1'))?.username, 'carol', 'pools are apart');
  });

  it('lets exactly one of two concurrent links of one identity win', async () => {
    const p = await newPool();
    const a = await newUser(p, 'a');
    const b = await newUser(p, 'b');
    const link = (sub: string) => store.changeUser(p, sub, (u) => ({ ...u, attributes: { ...u.attributes, identities: identities(['MyOIDC', 'race']) } }));
    const results = await Promise.allSettled([link(a.sub), link(b.sub)]);
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    const winner = await store.findUserByProviderIdentity(p, 'MyOIDC', 'race');
    assert.ok(winner && (winner.username === 'a' || winner.username === 'b'));
  });

  it('frees the identities of a deleted user and of a deleted pool', async () => {
    const p = await newPool();
    await newUser(p, 'alice', { identities: identities(['MyOIDC', 'ext-1']) });
    assert.equal(await store.deleteUser(p, 'alice'), true);
    assert.equal(await store.findUserByProviderIdentity(p, 'MyOIDC', 'ext-1'), null);
    await newUser(p, 'bob', { identities: identities(['MyOIDC', 'ext-1']) });
    await store.createResourceServer(server(p, 'api'));
    await store.createIdentityProvider(provider(p, 'MyOIDC', ['x.example']));
    await store.putUICustomization({ poolId: p, clientId: 'ALL', css: null, image: null, createdAt: now, lastModifiedAt: now });
    assert.equal(await store.deletePool(p), true);
    await store.createPool({ id: p, name: 'again', createdAt: now, lastModifiedAt: now, settings: {} }, []);
    assert.equal(await store.findUserByProviderIdentity(p, 'MyOIDC', 'ext-1'), null);
    assert.equal(await store.getResourceServer(p, 'api'), null);
    assert.equal(await store.getIdentityProviderByIdentifier(p, 'x.example'), null);
    assert.equal(await store.getUICustomization(p, 'ALL'), null);
  });

  it('keeps all of it across a close and reopen', { skip: !t.durable && 'the store is in memory' }, async () => {
    const p = await newPool();
    await store.createResourceServer(server(p, 'api'));
    await store.createIdentityProvider(provider(p, 'MyOIDC', ['x.example']));
    const logo = Buffer.from([0xff, 0xd8, 0xff, 1]);
    await store.putUICustomization({ poolId: p, clientId: 'ALL', css: '.a{}', image: logo, createdAt: now, lastModifiedAt: now });
    await newUser(p, 'alice', { identities: identities(['MyOIDC', 'ext-1']) });
    await store.close();
    store = await t.reopen();
    assert.deepEqual(await store.getResourceServer(p, 'api'), server(p, 'api'));
    assert.equal((await store.getIdentityProviderByIdentifier(p, 'x.example'))?.name, 'MyOIDC');
    assert.deepEqual((await store.getUICustomization(p, 'ALL'))?.image, logo);
    assert.equal((await store.findUserByProviderIdentity(p, 'MyOIDC', 'ext-1'))?.username, 'alice');
  });
});
