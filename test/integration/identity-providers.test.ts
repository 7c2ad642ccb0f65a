import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminDisableProviderForUserCommand,
  AdminGetUserCommand,
  AdminLinkProviderForUserCommand,
  AdminUpdateUserAttributesCommand,
  CreateIdentityProviderCommand,
  CreateUserPoolClientCommand,
  DeleteIdentityProviderCommand,
  DescribeIdentityProviderCommand,
  DescribeUserPoolClientCommand,
  GetIdentityProviderByIdentifierCommand,
  ListIdentityProvidersCommand,
  UpdateIdentityProviderCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { identitiesOf } from '../../src/domain/identity-providers.js';
import { noMfa } from '../../src/domain/users.js';
import { createConfirmedUser, createPoolAndClient, signIn } from '../helpers/fixtures.js';
import { rawCall, startServer, type TestServer } from '../helpers/server.js';

const OIDC = {
  client_id: 'rp',
  client_secret: 'rp-secret',
  authorize_scopes: 'openid email',
  attributes_request_method: 'GET',
  oidc_issuer: 'https://issuer.example.com',
};

describe('Identity providers through the AWS SDK v3', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
  });
  after(async () => s.close());

  async function newPool(): Promise<{ poolId: string; clientId: string }> {
    return createPoolAndClient(s.sdk, { MfaConfiguration: 'OFF' });
  }
  async function oidc(poolId: string, ProviderName = 'MyOIDC', more: { IdpIdentifiers?: string[]; AttributeMapping?: Record<string, string> } = {}) {
    return (await s.sdk.send(new CreateIdentityProviderCommand({ UserPoolId: poolId, ProviderName, ProviderType: 'OIDC', ProviderDetails: OIDC, ...more })))
      .IdentityProvider!;
  }

  describe('CreateIdentityProvider, DescribeIdentityProvider, ListIdentityProviders', () => {
    it('creates an OIDC provider, maps username to sub by default, and describes it', async () => {
      const { poolId } = await newPool();
      const created = await oidc(poolId, 'MyOIDC', { AttributeMapping: { email: 'email' }, IdpIdentifiers: ['example.com'] });
      const at = s.clock.now();
      assert.deepEqual(created, {
        UserPoolId: poolId,
        ProviderName: 'MyOIDC',
        ProviderType: 'OIDC',
        ProviderDetails: OIDC,
        AttributeMapping: { username: 'sub', email: 'email' },
        IdpIdentifiers: ['example.com'],
        LastModifiedDate: at,
        CreationDate: at,
      });
      const described = await s.sdk.send(new DescribeIdentityProviderCommand({ UserPoolId: poolId, ProviderName: 'MyOIDC' }));
      assert.deepEqual(described.IdentityProvider, created);
    });

    it('adds the computed endpoint keys of a Google provider to its ProviderDetails', async () => {
      const { poolId } = await newPool();
      const p = await s.sdk.send(
        new CreateIdentityProviderCommand({
          UserPoolId: poolId,
          ProviderName: 'Google',
          ProviderType: 'Google',
          ProviderDetails: { client_id: 'g', client_secret: 'gs', authorize_scopes: 'profile email openid' },
        }),
      );
      assert.equal(p.IdentityProvider!.ProviderDetails!.authorize_url, 'https://accounts.google.com/o/oauth2/v2/auth');
      assert.equal(p.IdentityProvider!.ProviderDetails!.client_id, 'g');
      assert.deepEqual(p.IdentityProvider!.AttributeMapping, { username: 'sub' });
    });

    it('stores a SAML provider with a metadata URL and lists it', async () => {
      const { poolId } = await newPool();
      await s.sdk.send(
        new CreateIdentityProviderCommand({
          UserPoolId: poolId,
          ProviderName: 'Corp-SAML',
          ProviderType: 'SAML',
          ProviderDetails: { MetadataURL: 'https://idp.example.com/metadata.xml', IDPSignout: 'false' },
        }),
      );
      const list = await s.sdk.send(new ListIdentityProvidersCommand({ UserPoolId: poolId }));
      assert.deepEqual(
        list.Providers!.map((p) => [p.ProviderName, p.ProviderType]),
        [['Corp-SAML', 'SAML']],
      );
    });

    for (const [label, type, details, message] of [
      ['OIDC without oidc_issuer', 'OIDC', { ...OIDC, oidc_issuer: undefined }, 'The ProviderDetails of a OIDC provider must include oidc_issuer.'],
      ['OIDC without client_id', 'OIDC', { ...OIDC, client_id: undefined }, 'The ProviderDetails of a OIDC provider must include client_id.'],
      ['OIDC with attributes_request_method PUT', 'OIDC', { ...OIDC, attributes_request_method: 'PUT' }, 'attributes_request_method must be GET or POST.'],
      ['OIDC with an http issuer', 'OIDC', { ...OIDC, oidc_issuer: 'http://issuer.example.com' }, 'oidc_issuer must be an https URL.'],
      [
        'OIDC with only some manual endpoints',
        'OIDC',
        { ...OIDC, authorize_url: 'https://issuer.example.com/a' },
        'authorize_url, token_url, attributes_url and jwks_uri must be given together.',
      ],
      ['OIDC with an unknown key', 'OIDC', { ...OIDC, colour: 'blue' }, 'colour is not a valid ProviderDetails key for a OIDC provider.'],
      [
        'SAML with neither metadata',
        'SAML',
        { IDPSignout: 'true' },
        'The ProviderDetails of a SAML provider must include exactly one of MetadataURL and MetadataFile.',
      ],
      [
        'Apple without private_key',
        'SignInWithApple',
        { client_id: 'a', team_id: 't', key_id: 'k', authorize_scopes: 'email' },
        'The ProviderDetails of a SignInWithApple provider must include private_key.',
      ],
    ] as const) {
      it(`refuses ${label} with InvalidParameterException`, async () => {
        const { poolId } = await newPool();
        const name = type === 'OIDC' || type === 'SAML' ? 'Provider1' : type;
        const ProviderDetails = Object.fromEntries(Object.entries(details).filter(([, v]) => v !== undefined)) as Record<string, string>;
        await assert.rejects(s.sdk.send(new CreateIdentityProviderCommand({ UserPoolId: poolId, ProviderName: name, ProviderType: type, ProviderDetails })), {
          name: 'InvalidParameterException',
          message,
        });
        assert.deepEqual((await s.sdk.send(new ListIdentityProvidersCommand({ UserPoolId: poolId }))).Providers, []);
      });
    }

    it('accepts an http issuer on localhost, for providers run on this machine', async () => {
      const { poolId } = await newPool();
      await s.sdk.send(
        new CreateIdentityProviderCommand({
          UserPoolId: poolId,
          ProviderName: 'Local',
          ProviderType: 'OIDC',
          ProviderDetails: { ...OIDC, oidc_issuer: 'http://127.0.0.1:4000' },
        }),
      );
    });

    it('refuses a social provider not named as its type, and the name Cognito', async () => {
      const { poolId } = await newPool();
      const details = { client_id: 'g', client_secret: 'gs', authorize_scopes: 'email' };
      await assert.rejects(
        s.sdk.send(new CreateIdentityProviderCommand({ UserPoolId: poolId, ProviderName: 'MyGoogle', ProviderType: 'Google', ProviderDetails: details })),
        {
          name: 'InvalidParameterException',
          message: 'Provider MyGoogle cannot be of type Google.',
        },
      );
      await assert.rejects(
        s.sdk.send(new CreateIdentityProviderCommand({ UserPoolId: poolId, ProviderName: 'COGNITO', ProviderType: 'OIDC', ProviderDetails: OIDC })),
        {
          name: 'InvalidParameterException',
        },
      );
    });

    it('refuses a ProviderName with an underscore through the model pattern', async () => {
      const { poolId } = await newPool();
      const r = await rawCall(s.url, 'CreateIdentityProvider', { UserPoolId: poolId, ProviderName: 'my_idp', ProviderType: 'OIDC', ProviderDetails: OIDC });
      assert.equal(r.status, 400);
      assert.equal(r.body.__type, 'InvalidParameterException');
      assert.match(r.body.message, /at 'providerName' failed to satisfy constraint: Member must satisfy regular expression pattern/);
    });

    it('refuses a mapping onto an attribute the pool does not have', async () => {
      const { poolId } = await newPool();
      await assert.rejects(oidc(poolId, 'MyOIDC', { AttributeMapping: { 'custom:nope': 'x' } }), {
        name: 'InvalidParameterException',
        message: 'custom:nope is not an attribute of the user pool and cannot be mapped.',
      });
    });

    it('refuses a mapping onto an immutable attribute or sub, as mapped attributes are written at every sign-in', async () => {
      const { poolId } = await createPoolAndClient(s.sdk, {
        MfaConfiguration: 'OFF',
        Schema: [{ Name: 'fixed', AttributeDataType: 'String', Mutable: false }],
      });
      await assert.rejects(oidc(poolId, 'MyOIDC', { AttributeMapping: { 'custom:fixed': 'x' } }), {
        name: 'InvalidParameterException',
        message: 'custom:fixed cannot be mapped: mapped attributes are written at every sign-in and must be mutable.',
      });
      await assert.rejects(oidc(poolId, 'MyOIDC', { AttributeMapping: { sub: 'sub' } }), { name: 'InvalidParameterException' });
    });

    it('refuses a second provider of the same name, or with an identifier another has, with DuplicateProviderException', async () => {
      const { poolId } = await newPool();
      await oidc(poolId, 'MyOIDC', { IdpIdentifiers: ['example.com'] });
      await assert.rejects(oidc(poolId, 'MyOIDC'), {
        name: 'DuplicateProviderException',
        message: 'A provider with the name MyOIDC already exists in this user pool.',
      });
      await assert.rejects(oidc(poolId, 'Other', { IdpIdentifiers: ['new.example', 'example.com'] }), { name: 'DuplicateProviderException' });
      // Nothing of the refused provider was kept: its other identifier is still free.
      await oidc(poolId, 'Third', { IdpIdentifiers: ['new.example'] });
      assert.deepEqual(
        (await s.sdk.send(new ListIdentityProvidersCommand({ UserPoolId: poolId }))).Providers!.map((p) => p.ProviderName),
        ['MyOIDC', 'Third'],
      );
    });

    it('lists providers by name a page at a time', async () => {
      const { poolId } = await newPool();
      for (const n of ['Ccc', 'Aaa', 'Bbb']) await oidc(poolId, n);
      const first = await s.sdk.send(new ListIdentityProvidersCommand({ UserPoolId: poolId, MaxResults: 2 }));
      assert.deepEqual(
        first.Providers!.map((p) => p.ProviderName),
        ['Aaa', 'Bbb'],
      );
      const second = await s.sdk.send(new ListIdentityProvidersCommand({ UserPoolId: poolId, MaxResults: 2, NextToken: first.NextToken }));
      assert.deepEqual(
        second.Providers!.map((p) => p.ProviderName),
        ['Ccc'],
      );
      assert.equal(second.NextToken, undefined);
    });
  });

  describe('GetIdentityProviderByIdentifier, UpdateIdentityProvider, DeleteIdentityProvider', () => {
    it('finds a provider by one of its identifiers, and answers ResourceNotFoundException for an unknown one', async () => {
      const { poolId } = await newPool();
      await oidc(poolId, 'MyOIDC', { IdpIdentifiers: ['a.example', 'b.example'] });
      const found = await s.sdk.send(new GetIdentityProviderByIdentifierCommand({ UserPoolId: poolId, IdpIdentifier: 'b.example' }));
      assert.equal(found.IdentityProvider!.ProviderName, 'MyOIDC');
      await assert.rejects(s.sdk.send(new GetIdentityProviderByIdentifierCommand({ UserPoolId: poolId, IdpIdentifier: 'c.example' })), {
        name: 'ResourceNotFoundException',
        message: 'No identity provider has the identifier c.example.',
      });
    });

    it('updates the members given and keeps the others; the new identifiers replace the old', async () => {
      const { poolId } = await newPool();
      await oidc(poolId, 'MyOIDC', { IdpIdentifiers: ['a.example'], AttributeMapping: { email: 'email' } });
      s.clock.advance(1000);
      const updated = await s.sdk.send(
        new UpdateIdentityProviderCommand({
          UserPoolId: poolId,
          ProviderName: 'MyOIDC',
          ProviderDetails: { ...OIDC, authorize_scopes: 'openid' },
          IdpIdentifiers: ['z.example'],
        }),
      );
      const p = updated.IdentityProvider!;
      assert.equal(p.ProviderDetails!.authorize_scopes, 'openid');
      assert.deepEqual(p.AttributeMapping, { username: 'sub', email: 'email' });
      assert.deepEqual(p.IdpIdentifiers, ['z.example']);
      assert.ok(p.LastModifiedDate!.getTime() > p.CreationDate!.getTime());
      await assert.rejects(s.sdk.send(new GetIdentityProviderByIdentifierCommand({ UserPoolId: poolId, IdpIdentifier: 'a.example' })), {
        name: 'ResourceNotFoundException',
      });
    });

    it('refuses an update to an identifier another provider holds, changing nothing', async () => {
      const { poolId } = await newPool();
      await oidc(poolId, 'One', { IdpIdentifiers: ['one.example'] });
      await oidc(poolId, 'Two', { IdpIdentifiers: ['two.example'] });
      await assert.rejects(s.sdk.send(new UpdateIdentityProviderCommand({ UserPoolId: poolId, ProviderName: 'Two', IdpIdentifiers: ['one.example'] })), {
        name: 'DuplicateProviderException',
      });
      const two = await s.sdk.send(new DescribeIdentityProviderCommand({ UserPoolId: poolId, ProviderName: 'Two' }));
      assert.deepEqual(two.IdentityProvider!.IdpIdentifiers, ['two.example']);
    });

    it('refuses ProviderDetails invalid for the provider type on update', async () => {
      const { poolId } = await newPool();
      await oidc(poolId);
      await assert.rejects(s.sdk.send(new UpdateIdentityProviderCommand({ UserPoolId: poolId, ProviderName: 'MyOIDC', ProviderDetails: { client_id: 'x' } })), {
        name: 'InvalidParameterException',
      });
    });

    it('deletes a provider and takes it out of the app clients that supported it', async () => {
      const { poolId } = await newPool();
      await oidc(poolId);
      const client = await s.sdk.send(
        new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'web', SupportedIdentityProviders: ['COGNITO', 'MyOIDC'] }),
      );
      await s.sdk.send(new DeleteIdentityProviderCommand({ UserPoolId: poolId, ProviderName: 'MyOIDC' }));
      await assert.rejects(s.sdk.send(new DescribeIdentityProviderCommand({ UserPoolId: poolId, ProviderName: 'MyOIDC' })), {
        name: 'ResourceNotFoundException',
        message: 'Identity provider MyOIDC does not exist.',
      });
      const after = await s.sdk.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: client.UserPoolClient!.ClientId! }));
      assert.deepEqual(after.UserPoolClient!.SupportedIdentityProviders, ['COGNITO']);
      await assert.rejects(s.sdk.send(new DeleteIdentityProviderCommand({ UserPoolId: poolId, ProviderName: 'MyOIDC' })), {
        name: 'ResourceNotFoundException',
      });
    });
  });

  describe('AdminLinkProviderForUser, AdminDisableProviderForUser', () => {
    const link = (poolId: string, username: string, providerName: string, subject: string) =>
      s.sdk.send(
        new AdminLinkProviderForUserCommand({
          UserPoolId: poolId,
          DestinationUser: { ProviderName: 'Cognito', ProviderAttributeValue: username },
          SourceUser: { ProviderName: providerName, ProviderAttributeName: 'Cognito_Subject', ProviderAttributeValue: subject },
        }),
      );

    it('links an external identity to a user: identities shows it and the store finds the user by it', async () => {
      const { poolId } = await newPool();
      await oidc(poolId);
      await createConfirmedUser(s.sdk, poolId, 'alice');
      await link(poolId, 'alice', 'MyOIDC', 'ext-123');
      const user = await s.sdk.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'alice' }));
      const identities = JSON.parse(user.UserAttributes!.find((a) => a.Name === 'identities')!.Value!);
      assert.deepEqual(identities, [
        {
          userId: 'ext-123',
          providerName: 'MyOIDC',
          providerType: 'OIDC',
          issuer: 'https://issuer.example.com',
          primary: false,
          dateCreated: s.clock.now().getTime(),
        },
      ]);
      const found = await s.app.services.store.findUserByProviderIdentity(poolId, 'MyOIDC', 'ext-123');
      assert.equal(found?.username, 'alice');
      assert.equal(await s.app.services.store.findUserByProviderIdentity(poolId, 'MyOIDC', 'ext-999'), null);
    });

    it("puts a linked user's identities in the ID token as an array, primary and dateCreated as strings", async () => {
      const { poolId, clientId } = await newPool();
      await oidc(poolId);
      await createConfirmedUser(s.sdk, poolId, 'alice');
      await link(poolId, 'alice', 'MyOIDC', 'ext-9');
      const tokens = await signIn(s.sdk, clientId, 'alice');
      const claims = JSON.parse(Buffer.from(tokens.idToken.split('.')[1]!, 'base64url').toString());
      assert.deepEqual(claims.identities, [
        {
          userId: 'ext-9',
          providerName: 'MyOIDC',
          providerType: 'OIDC',
          issuer: 'https://issuer.example.com',
          primary: 'false',
          dateCreated: String(s.clock.now().getTime()),
        },
      ]);
    });

    it('links the same identity twice without a second entry', async () => {
      const { poolId } = await newPool();
      await oidc(poolId);
      await createConfirmedUser(s.sdk, poolId, 'alice');
      await link(poolId, 'alice', 'MyOIDC', 'ext-1');
      await link(poolId, 'alice', 'MyOIDC', 'ext-1');
      const user = await s.app.services.store.getUser(poolId, 'alice');
      assert.equal(identitiesOf(user!).length, 1);
    });

    it('refuses an identity already linked to another user with AliasExistsException', async () => {
      const { poolId } = await newPool();
      await oidc(poolId);
      await createConfirmedUser(s.sdk, poolId, 'alice');
      await createConfirmedUser(s.sdk, poolId, 'bob');
      await link(poolId, 'alice', 'MyOIDC', 'ext-1');
      await assert.rejects(link(poolId, 'bob', 'MyOIDC', 'ext-1'), {
        name: 'AliasExistsException',
        message: 'The external identity MyOIDC:ext-1 is already linked to another user.',
      });
      assert.equal(identitiesOf((await s.app.services.store.getUser(poolId, 'bob'))!).length, 0);
    });

    it('refuses to merge an identity that already is a federated user of its own', async () => {
      const { poolId } = await newPool();
      const provider = await oidc(poolId);
      const now = s.clock.now();
      await s.app.services.store.createUser({
        poolId,
        username: 'MyOIDC_ext-7',
        sub: '11111111-1111-4111-8111-111111111111',
        status: 'EXTERNAL_PROVIDER',
        enabled: true,
        passwordHash: null,
        temporaryPasswordExpiresAt: null,
        attributes: {
          sub: '11111111-1111-4111-8111-111111111111',
          identities: JSON.stringify([
            { userId: 'ext-7', providerName: provider.ProviderName, providerType: 'OIDC', issuer: null, primary: true, dateCreated: 1 },
          ]),
        },
        mfa: noMfa(),
        createdAt: now,
        lastModifiedAt: now,
      });
      await createConfirmedUser(s.sdk, poolId, 'alice');
      await assert.rejects(link(poolId, 'alice', 'MyOIDC', 'ext-7'), {
        name: 'InvalidParameterException',
        message: 'Merging is not currently supported, provide a SourceUser that has not been signed up in order to link',
      });
      assert.equal((await s.app.services.store.findUserByProviderIdentity(poolId, 'MyOIDC', 'ext-7'))?.username, 'MyOIDC_ext-7');
    });

    it('refuses an unknown destination user, an unknown provider and a sixth link', async () => {
      const { poolId } = await newPool();
      await oidc(poolId);
      await assert.rejects(link(poolId, 'nobody', 'MyOIDC', 'ext-1'), { name: 'UserNotFoundException', message: 'User does not exist.' });
      await createConfirmedUser(s.sdk, poolId, 'alice');
      await assert.rejects(link(poolId, 'alice', 'Nope', 'ext-1'), {
        name: 'InvalidParameterException',
        message: `The provider Nope does not exist for User Pool ${poolId}.`,
      });
      for (let i = 0; i < 5; i++) await link(poolId, 'alice', 'MyOIDC', `ext-${i}`);
      await assert.rejects(link(poolId, 'alice', 'MyOIDC', 'ext-5'), { name: 'LimitExceededException' });
    });

    it('refuses a source attribute other than Cognito_Subject', async () => {
      const { poolId } = await newPool();
      await oidc(poolId);
      await createConfirmedUser(s.sdk, poolId, 'alice');
      await assert.rejects(
        s.sdk.send(
          new AdminLinkProviderForUserCommand({
            UserPoolId: poolId,
            DestinationUser: { ProviderName: 'Cognito', ProviderAttributeValue: 'alice' },
            SourceUser: { ProviderName: 'MyOIDC', ProviderAttributeName: 'email', ProviderAttributeValue: 'a@example.com' },
          }),
        ),
        { name: 'InvalidParameterException' },
      );
    });

    it('unlinks an identity with AdminDisableProviderForUser, so the store no longer finds the user by it', async () => {
      const { poolId } = await newPool();
      await oidc(poolId);
      await createConfirmedUser(s.sdk, poolId, 'alice');
      await link(poolId, 'alice', 'MyOIDC', 'ext-1');
      await link(poolId, 'alice', 'MyOIDC', 'ext-2');
      await s.sdk.send(
        new AdminDisableProviderForUserCommand({
          UserPoolId: poolId,
          User: { ProviderName: 'MyOIDC', ProviderAttributeName: 'Cognito_Subject', ProviderAttributeValue: 'ext-1' },
        }),
      );
      const store = s.app.services.store;
      assert.equal(await store.findUserByProviderIdentity(poolId, 'MyOIDC', 'ext-1'), null);
      assert.equal((await store.findUserByProviderIdentity(poolId, 'MyOIDC', 'ext-2'))?.username, 'alice');
      assert.deepEqual(
        identitiesOf((await store.getUser(poolId, 'alice'))!).map((i) => i.userId),
        ['ext-2'],
      );
      await assert.rejects(
        s.sdk.send(
          new AdminDisableProviderForUserCommand({
            UserPoolId: poolId,
            User: { ProviderName: 'MyOIDC', ProviderAttributeName: 'Cognito_Subject', ProviderAttributeValue: 'ext-1' },
          }),
        ),
        { name: 'UserNotFoundException', message: 'User does not exist.' },
      );
    });

    it('refuses to write the identities attribute directly, through AdminUpdateUserAttributes or AdminCreateUser', async () => {
      const { poolId } = await newPool();
      await createConfirmedUser(s.sdk, poolId, 'alice');
      const forged = JSON.stringify([{ userId: 'x', providerName: 'MyOIDC', providerType: 'OIDC', issuer: null, primary: false, dateCreated: 1 }]);
      const refusal = { name: 'InvalidParameterException', message: 'Cannot modify the identities attribute: link identities with AdminLinkProviderForUser.' };
      await assert.rejects(
        s.sdk.send(new AdminUpdateUserAttributesCommand({ UserPoolId: poolId, Username: 'alice', UserAttributes: [{ Name: 'identities', Value: forged }] })),
        refusal,
      );
      await assert.rejects(
        s.sdk.send(
          new AdminCreateUserCommand({
            UserPoolId: poolId,
            Username: 'mallory',
            MessageAction: 'SUPPRESS',
            UserAttributes: [{ Name: 'identities', Value: forged }],
          }),
        ),
        refusal,
      );
      assert.equal(await s.app.services.store.findUserByProviderIdentity(poolId, 'MyOIDC', 'x'), null);
    });

    it('disables a native user named with ProviderName Cognito', async () => {
      const { poolId } = await newPool();
      await createConfirmedUser(s.sdk, poolId, 'alice');
      await s.sdk.send(new AdminDisableProviderForUserCommand({ UserPoolId: poolId, User: { ProviderName: 'Cognito', ProviderAttributeValue: 'alice' } }));
      const user = await s.sdk.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'alice' }));
      assert.equal(user.Enabled, false);
    });

    it('frees the identity when the user is deleted', async () => {
      const { poolId } = await newPool();
      await oidc(poolId);
      await createConfirmedUser(s.sdk, poolId, 'alice');
      await createConfirmedUser(s.sdk, poolId, 'bob');
      await link(poolId, 'alice', 'MyOIDC', 'ext-1');
      await s.sdk.send(new AdminDeleteUserCommand({ UserPoolId: poolId, Username: 'alice' }));
      await link(poolId, 'bob', 'MyOIDC', 'ext-1');
      assert.equal((await s.app.services.store.findUserByProviderIdentity(poolId, 'MyOIDC', 'ext-1'))?.username, 'bob');
    });
  });
});
