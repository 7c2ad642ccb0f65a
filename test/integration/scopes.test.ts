import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AdminGetUserCommand, GetUserCommand, InitiateAuthCommand, SetUserSettingsCommand } from '@aws-sdk/client-cognito-identity-provider';
import { mintTokens } from '../../src/domain/signin/tokens.js';
import { signedInUser } from '../helpers/fixtures.js';
import { startServer, type TestServer } from '../helpers/server.js';

const ADMIN = 'aws.cognito.signin.user.admin';

function claims(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString());
}

async function rejection(p: Promise<unknown>): Promise<{ name: string; message: string }> {
  try {
    await p;
  } catch (e) {
    return { name: (e as Error).name, message: (e as Error).message };
  }
  throw new Error('expected a rejection');
}

describe('scopes in access tokens', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
  });
  after(() => s.close());

  /** Tokens as the OAuth 2.0 token endpoint mints them, with the given scopes. */
  async function oauthTokens(poolId: string, clientId: string, username: string, scope: string[]) {
    const svc = s.app.services;
    const client = (await svc.store.getClient(clientId))!;
    const user = (await svc.store.getUser(poolId, username))!;
    return mintTokens(svc, client, user, svc.clock.now(), { withRefresh: true, scope, nonce: 'n-123' });
  }

  it('gives an API sign-in the scope aws.cognito.signin.user.admin', async () => {
    const u = await signedInUser(s.sdk, 'api-user');
    assert.equal(claims(u.accessToken).scope, ADMIN);
  });

  it('refuses GetUser and SetUserSettings an access token without aws.cognito.signin.user.admin, and changes nothing', async () => {
    const u = await signedInUser(s.sdk, 'openid-only');
    const t = await oauthTokens(u.poolId, u.clientId, u.username, ['openid', 'email']);
    assert.equal(claims(t.AccessToken!).scope, 'openid email');
    assert.equal(claims(t.IdToken!).nonce, 'n-123');
    assert.equal(typeof claims(t.IdToken!).at_hash, 'string');
    const refused = { name: 'NotAuthorizedException', message: 'Access Token does not have required scopes' };
    assert.deepEqual(await rejection(s.sdk.send(new GetUserCommand({ AccessToken: t.AccessToken! }))), refused);
    assert.deepEqual(
      await rejection(
        s.sdk.send(new SetUserSettingsCommand({ AccessToken: t.AccessToken!, MFAOptions: [{ DeliveryMedium: 'SMS', AttributeName: 'phone_number' }] })),
      ),
      refused,
    );
    const stored = await s.sdk.send(new AdminGetUserCommand({ UserPoolId: u.poolId, Username: u.username }));
    assert.equal(stored.MFAOptions, undefined);
  });

  it('lets an OAuth access token with aws.cognito.signin.user.admin switch SMS MFA on with SetUserSettings', async () => {
    const u = await signedInUser(s.sdk, 'oauth-admin');
    const t = await oauthTokens(u.poolId, u.clientId, u.username, ['openid', ADMIN]);
    await s.sdk.send(new SetUserSettingsCommand({ AccessToken: t.AccessToken!, MFAOptions: [{ DeliveryMedium: 'SMS', AttributeName: 'phone_number' }] }));
    const me = await s.sdk.send(new GetUserCommand({ AccessToken: t.AccessToken! }));
    assert.deepEqual(me.MFAOptions, [{ DeliveryMedium: 'SMS', AttributeName: 'phone_number' }]);
  });

  it('keeps the OAuth scopes when the refresh token is used', async () => {
    const u = await signedInUser(s.sdk, 'oauth-refresh');
    const t = await oauthTokens(u.poolId, u.clientId, u.username, ['openid', 'profile']);
    const r = await s.sdk.send(
      new InitiateAuthCommand({ ClientId: u.clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: t.RefreshToken! } }),
    );
    assert.equal(claims(r.AuthenticationResult!.AccessToken!).scope, 'openid profile');
    assert.equal(claims(r.AuthenticationResult!.IdToken!).nonce, undefined);
  });
});
