import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateIdentityProviderCommand,
  CreateResourceServerCommand,
  CreateUserPoolClientCommand,
  type CreateUserPoolClientCommandInput,
  DeleteResourceServerCommand,
  DescribeUserPoolClientCommand,
  UpdateUserPoolClientCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { createPoolAndClient } from '../helpers/fixtures.js';
import { startServer, type TestServer } from '../helpers/server.js';

/** A complete, valid code-flow configuration. */
const WEB: Omit<CreateUserPoolClientCommandInput, 'UserPoolId' | 'ClientName'> = {
  AllowedOAuthFlowsUserPoolClient: true,
  AllowedOAuthFlows: ['code'],
  AllowedOAuthScopes: ['openid', 'email', 'profile'],
  CallbackURLs: ['https://app.example.com/callback', 'http://localhost:3000/callback'],
  LogoutURLs: ['https://app.example.com/signed-out'],
  DefaultRedirectURI: 'https://app.example.com/callback',
  SupportedIdentityProviders: ['COGNITO'],
};

describe('App client OAuth settings through the AWS SDK v3', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
  });
  after(async () => s.close());

  async function newPool(): Promise<string> {
    return (await createPoolAndClient(s.sdk, { MfaConfiguration: 'OFF' })).poolId;
  }
  const create = (poolId: string, settings: Partial<CreateUserPoolClientCommandInput>) =>
    s.sdk.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'web', ...settings }));

  it('stores and returns a complete code-flow configuration', async () => {
    const poolId = await newPool();
    const c = (await create(poolId, WEB)).UserPoolClient!;
    for (const [k, v] of Object.entries(WEB)) assert.deepEqual((c as Record<string, unknown>)[k], v, k);
    const described = await s.sdk.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: c.ClientId! }));
    assert.deepEqual(described.UserPoolClient!.CallbackURLs, WEB.CallbackURLs);
  });

  it('accepts app schemes and loopback http callbacks, and implicit with code', async () => {
    const poolId = await newPool();
    await create(poolId, {
      ...WEB,
      AllowedOAuthFlows: ['code', 'implicit'],
      CallbackURLs: ['myapp://callback', 'http://127.0.0.1:8080/cb', 'http://[::1]:8080/cb'],
      DefaultRedirectURI: 'myapp://callback',
    });
  });

  describe('flows', () => {
    it('refuses client_credentials together with code with InvalidOAuthFlowException', async () => {
      const poolId = await newPool();
      await assert.rejects(create(poolId, { ...WEB, GenerateSecret: true, AllowedOAuthFlows: ['client_credentials', 'code'] }), {
        name: 'InvalidOAuthFlowException',
        message: 'client_credentials flow can not be selected along with code flow or implicit flow.',
      });
    });

    it('refuses client_credentials for a client without a secret, on create and on update', async () => {
      const poolId = await newPool();
      await s.sdk.send(
        new CreateResourceServerCommand({ UserPoolId: poolId, Identifier: 'api', Name: 'api', Scopes: [{ ScopeName: 'read', ScopeDescription: 'r' }] }),
      );
      const machine = { AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ['client_credentials' as const], AllowedOAuthScopes: ['api/read'] };
      const message = 'client_credentials flow can not be selected if client does not have a client secret.';
      await assert.rejects(create(poolId, machine), { name: 'InvalidOAuthFlowException', message });
      const pub = (await create(poolId, {})).UserPoolClient!.ClientId!;
      await assert.rejects(s.sdk.send(new UpdateUserPoolClientCommand({ UserPoolId: poolId, ClientId: pub, ...machine })), {
        name: 'InvalidOAuthFlowException',
        message,
      });
      const conf = (await create(poolId, { ...machine, GenerateSecret: true })).UserPoolClient!;
      assert.deepEqual(conf.AllowedOAuthFlows, ['client_credentials']);
      await s.sdk.send(new UpdateUserPoolClientCommand({ UserPoolId: poolId, ClientId: conf.ClientId!, ...machine }));
    });

    it('refuses standard scopes for a client_credentials client', async () => {
      const poolId = await newPool();
      await assert.rejects(
        create(poolId, {
          GenerateSecret: true,
          AllowedOAuthFlowsUserPoolClient: true,
          AllowedOAuthFlows: ['client_credentials'],
          AllowedOAuthScopes: ['openid', 'email'],
        }),
        { name: 'InvalidOAuthFlowException', message: 'openid is not supported with client_credentials flow' },
      );
      await assert.rejects(
        create(poolId, { GenerateSecret: true, AllowedOAuthFlows: ['client_credentials'], AllowedOAuthScopes: ['aws.cognito.signin.user.admin'] }),
        { name: 'InvalidOAuthFlowException', message: 'aws.cognito.signin.user.admin is not supported with client_credentials flow' },
      );
    });

    it('refuses code or implicit without callback URLs, in the words Cognito uses', async () => {
      const poolId = await newPool();
      await assert.rejects(create(poolId, { ...WEB, CallbackURLs: undefined, DefaultRedirectURI: undefined }), {
        name: 'InvalidOAuthFlowException',
        message: 'CallbackUrls can not be empty when code flow or implicit flow is selected',
      });
    });

    it('refuses OAuth switched on without flows or without scopes', async () => {
      const poolId = await newPool();
      await assert.rejects(create(poolId, { AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthScopes: ['openid'] }), {
        name: 'InvalidOAuthFlowException',
        message: 'AllowedOAuthFlows can not be empty when AllowedOAuthFlowsUserPoolClient is true.',
      });
      await assert.rejects(create(poolId, { ...WEB, AllowedOAuthScopes: [] }), {
        name: 'InvalidOAuthFlowException',
        message: 'AllowedOAuthScopes can not be empty when AllowedOAuthFlowsUserPoolClient is true.',
      });
    });
  });

  describe('scopes', () => {
    it('accepts the scopes of a resource server of the pool, and refuses an unknown one with ScopeDoesNotExistException', async () => {
      const poolId = await newPool();
      await s.sdk.send(
        new CreateResourceServerCommand({
          UserPoolId: poolId,
          Identifier: 'https://api.example.com',
          Name: 'api',
          Scopes: [{ ScopeName: 'read', ScopeDescription: 'r' }],
        }),
      );
      await create(poolId, { ...WEB, AllowedOAuthScopes: ['openid', 'https://api.example.com/read'] });
      await assert.rejects(create(poolId, { ...WEB, AllowedOAuthScopes: ['openid', 'https://api.example.com/write'] }), {
        name: 'ScopeDoesNotExistException',
        message: 'Invalid scope requested: https://api.example.com/write',
      });
      await assert.rejects(create(poolId, { ...WEB, AllowedOAuthScopes: ['openid', 'admin'] }), { name: 'ScopeDoesNotExistException' });
    });

    it('keeps a client scope whose resource server was deleted, and refuses it when the client is updated with it', async () => {
      const poolId = await newPool();
      await s.sdk.send(
        new CreateResourceServerCommand({ UserPoolId: poolId, Identifier: 'api', Name: 'api', Scopes: [{ ScopeName: 'read', ScopeDescription: 'r' }] }),
      );
      const c = (await create(poolId, { ...WEB, AllowedOAuthScopes: ['openid', 'api/read'] })).UserPoolClient!;
      await s.sdk.send(new DeleteResourceServerCommand({ UserPoolId: poolId, Identifier: 'api' }));
      const kept = await s.sdk.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: c.ClientId! }));
      assert.deepEqual(kept.UserPoolClient!.AllowedOAuthScopes, ['openid', 'api/read']);
      await assert.rejects(
        s.sdk.send(new UpdateUserPoolClientCommand({ UserPoolId: poolId, ClientId: c.ClientId!, ...WEB, AllowedOAuthScopes: ['openid', 'api/read'] })),
        {
          name: 'ScopeDoesNotExistException',
        },
      );
    });

    it('refuses email, phone or profile without openid', async () => {
      const poolId = await newPool();
      await assert.rejects(create(poolId, { ...WEB, AllowedOAuthScopes: ['email'] }), {
        name: 'InvalidParameterException',
        message: 'The scopes email, phone and profile can only be allowed together with openid.',
      });
      await create(poolId, { ...WEB, AllowedOAuthScopes: ['aws.cognito.signin.user.admin'] });
    });
  });

  describe('redirect URLs', () => {
    for (const [label, url, message] of [
      ['http on another host', 'http://app.example.com/cb', 'http://app.example.com/cb cannot use the HTTP protocol.'],
      ['a fragment', 'https://app.example.com/cb#x', 'Invalid callback URL https://app.example.com/cb#x: it must not have a fragment.'],
      ['a relative URL', '/callback', 'Invalid callback URL /callback: it must be an absolute URL.'],
    ] as const) {
      it(`refuses a callback URL with ${label} with InvalidParameterException`, async () => {
        const poolId = await newPool();
        await assert.rejects(create(poolId, { ...WEB, CallbackURLs: [url], DefaultRedirectURI: undefined }), { name: 'InvalidParameterException', message });
      });
    }

    it('refuses an http logout URL on another host', async () => {
      const poolId = await newPool();
      await assert.rejects(create(poolId, { ...WEB, LogoutURLs: ['http://app.example.com/bye'] }), {
        name: 'InvalidParameterException',
        message: 'http://app.example.com/bye cannot use the HTTP protocol.',
      });
    });

    it('refuses a DefaultRedirectURI that is not one of the CallbackURLs', async () => {
      const poolId = await newPool();
      await assert.rejects(create(poolId, { ...WEB, DefaultRedirectURI: 'https://other.example.com/cb' }), {
        name: 'InvalidParameterException',
        message: 'DefaultRedirectURI must be one of the CallbackURLs.',
      });
    });
  });

  describe('identity providers', () => {
    it('accepts COGNITO and providers of the pool, and refuses an unknown provider', async () => {
      const poolId = await newPool();
      await s.sdk.send(
        new CreateIdentityProviderCommand({
          UserPoolId: poolId,
          ProviderName: 'MyOIDC',
          ProviderType: 'OIDC',
          ProviderDetails: { client_id: 'c', authorize_scopes: 'openid', attributes_request_method: 'GET', oidc_issuer: 'https://issuer.example.com' },
        }),
      );
      await create(poolId, { ...WEB, SupportedIdentityProviders: ['COGNITO', 'MyOIDC'] });
      await assert.rejects(create(poolId, { ...WEB, SupportedIdentityProviders: ['COGNITO', 'Google'] }), {
        name: 'InvalidParameterException',
        message: `The provider Google does not exist for User Pool ${poolId}.`,
      });
    });
  });

  it('leaves a client unchanged when an update is refused', async () => {
    const poolId = await newPool();
    const c = (await create(poolId, WEB)).UserPoolClient!;
    await assert.rejects(
      s.sdk.send(
        new UpdateUserPoolClientCommand({
          UserPoolId: poolId,
          ClientId: c.ClientId!,
          ...WEB,
          CallbackURLs: ['http://evil.example/cb'],
          DefaultRedirectURI: undefined,
        }),
      ),
      { name: 'InvalidParameterException' },
    );
    const after = await s.sdk.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: c.ClientId! }));
    assert.deepEqual(after.UserPoolClient!.CallbackURLs, WEB.CallbackURLs);
  });
});
