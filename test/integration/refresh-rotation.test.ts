/**
 * GetTokensFromRefreshToken with and without the client's RefreshTokenRotation, and the
 * ALLOW_REFRESH_TOKEN_AUTH switch for both ways of refreshing, through the AWS SDK.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AdminDisableUserCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DescribeUserPoolClientCommand,
  GetTokensFromRefreshTokenCommand,
  GetUserCommand,
  InitiateAuthCommand,
  RevokeTokenCommand,
  type CreateUserPoolClientCommandInput,
} from '@aws-sdk/client-cognito-identity-provider';
import { FakeClock } from '../../src/clock.js';
import { secretHash } from '../../src/domain/clients.js';
import { createConfirmedUser, PASSWORD } from '../helpers/fixtures.js';
import { freshSchema, skipWithoutPostgres, type TestSchema } from '../helpers/postgres.js';
import { rawCall, startServer, type TestServer } from '../helpers/server.js';

const REUSED = { name: 'RefreshTokenReuseException', message: 'This refresh token has been invalidated by refresh token rotation.' };
const NOT_ENABLED = { name: 'InvalidParameterException', message: 'REFRESH_TOKEN_AUTH flow not enabled for this client' };
const claims = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString());

describe('GetTokensFromRefreshToken and RefreshTokenRotation', () => {
  let s: TestServer;
  let poolId: string;
  let n = 0;
  before(async () => {
    s = await startServer();
    poolId = (await s.sdk.send(new CreateUserPoolCommand({ PoolName: 'refresh' }))).UserPool!.Id!;
  });
  after(() => s.close());

  async function client(extra: Partial<CreateUserPoolClientCommandInput>): Promise<{ clientId: string; secret?: string }> {
    const c = await s.sdk.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'app', ...extra }));
    return { clientId: c.UserPoolClient!.ClientId!, secret: c.UserPoolClient!.ClientSecret };
  }
  /** A new confirmed user signed in through the client; returns its name and tokens. */
  async function signedIn(clientId: string, secret?: string) {
    const username = `user${++n}`;
    await createConfirmedUser(s.sdk, poolId, username);
    const r = await s.sdk.send(
      new InitiateAuthCommand({
        ClientId: clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: username, PASSWORD, ...(secret ? { SECRET_HASH: secretHash(secret, username, clientId) } : {}) },
      }),
    );
    const a = r.AuthenticationResult!;
    return { username, accessToken: a.AccessToken!, idToken: a.IdToken!, refreshToken: a.RefreshToken! };
  }
  const refresh = (clientId: string, refreshToken: string, secret?: string) =>
    s.sdk.send(new GetTokensFromRefreshTokenCommand({ ClientId: clientId, RefreshToken: refreshToken, ...(secret ? { ClientSecret: secret } : {}) }));
  const rotating = (grace?: number) =>
    client({
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'],
      RefreshTokenRotation: { Feature: 'ENABLED', ...(grace === undefined ? {} : { RetryGracePeriodSeconds: grace }) },
    });

  it('keeps RefreshTokenRotation as given and shows it in DescribeUserPoolClient; a grace over 60 seconds is refused', async () => {
    const { clientId } = await rotating(30);
    const d = await s.sdk.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: clientId }));
    assert.deepEqual(d.UserPoolClient!.RefreshTokenRotation, { Feature: 'ENABLED', RetryGracePeriodSeconds: 30 });
    await assert.rejects(client({ RefreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds: 61 } }), {
      name: 'InvalidParameterException',
      message:
        "1 validation error detected: Value '61' at 'refreshTokenRotation.retryGracePeriodSeconds' failed to satisfy constraint: Member must have value less than or equal to 60",
    });
  });

  it('without rotation returns new ID and access tokens of the same sign-in, and no refresh token; the token keeps working', async () => {
    const { clientId } = await client({ ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] });
    const u = await signedIn(clientId);
    s.clock.advance(60);
    const out = await refresh(clientId, u.refreshToken);
    const a = out.AuthenticationResult!;
    assert.equal(a.RefreshToken, undefined);
    assert.equal(a.TokenType, 'Bearer');
    assert.equal(a.ExpiresIn, 3600);
    assert.equal(claims(a.AccessToken!).origin_jti, claims(u.accessToken).origin_jti);
    assert.equal(claims(a.AccessToken!).auth_time, claims(u.accessToken).auth_time);
    assert.equal(claims(a.IdToken!)['cognito:username'], u.username);
    assert.ok((await s.sdk.send(new GetUserCommand({ AccessToken: a.AccessToken! }))).Username);
    assert.ok((await refresh(clientId, u.refreshToken)).AuthenticationResult?.AccessToken);
  });

  it('with rotation and no grace issues a new refresh token; the old one is refused at once, the new one works and rotates', async () => {
    const { clientId } = await rotating();
    const u = await signedIn(clientId);
    const first = (await refresh(clientId, u.refreshToken)).AuthenticationResult!;
    assert.ok(first.RefreshToken);
    assert.notEqual(first.RefreshToken, u.refreshToken);
    await assert.rejects(refresh(clientId, u.refreshToken), REUSED);
    const second = (await refresh(clientId, first.RefreshToken!)).AuthenticationResult!;
    assert.ok(second.RefreshToken);
    await assert.rejects(refresh(clientId, first.RefreshToken!), REUSED);
    assert.equal(claims(second.AccessToken!).origin_jti, claims(u.accessToken).origin_jti);
  });

  it('keeps the replaced token usable for RetryGracePeriodSeconds, without extending it, then refuses it', async () => {
    const { clientId } = await rotating(30);
    const u = await signedIn(clientId);
    const first = (await refresh(clientId, u.refreshToken)).AuthenticationResult!;
    s.clock.advance(20);
    const retry = (await refresh(clientId, u.refreshToken)).AuthenticationResult!;
    assert.ok(retry.RefreshToken);
    assert.notEqual(retry.RefreshToken, first.RefreshToken);
    s.clock.advance(11);
    await assert.rejects(refresh(clientId, u.refreshToken), REUSED);
    // Both replacements were issued and stay usable.
    assert.ok((await refresh(clientId, first.RefreshToken!)).AuthenticationResult?.RefreshToken);
    assert.ok((await refresh(clientId, retry.RefreshToken!)).AuthenticationResult?.RefreshToken);
  });

  it('lets exactly one of many concurrent requests with one refresh token win when there is no grace', async () => {
    const { clientId } = await rotating(0);
    const u = await signedIn(clientId);
    const results = await Promise.allSettled(Array.from({ length: 16 }, () => refresh(clientId, u.refreshToken)));
    const won = results.filter((r) => r.status === 'fulfilled');
    assert.equal(won.length, 1);
    for (const r of results) if (r.status === 'rejected') assert.equal((r.reason as Error).name, 'RefreshTokenReuseException');
    const next = (won[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof refresh>>>).value.AuthenticationResult!.RefreshToken!;
    assert.ok((await refresh(clientId, next)).AuthenticationResult?.AccessToken);
  });

  it('revokes the whole sign-in when RevokeToken is given a rotated refresh token', async () => {
    const { clientId } = await rotating();
    const u = await signedIn(clientId);
    const next = (await refresh(clientId, u.refreshToken)).AuthenticationResult!;
    await s.sdk.send(new RevokeTokenCommand({ ClientId: clientId, Token: next.RefreshToken! }));
    await assert.rejects(s.sdk.send(new GetUserCommand({ AccessToken: u.accessToken })), {
      name: 'NotAuthorizedException',
      message: 'Access Token has been revoked',
    });
    await assert.rejects(refresh(clientId, next.RefreshToken!), { name: 'NotAuthorizedException', message: 'Refresh Token has been revoked' });
  });

  it("refuses an unknown token, another client's token, and a disabled user's", async () => {
    const { clientId } = await rotating();
    const other = await rotating();
    const u = await signedIn(clientId);
    const invalid = { name: 'NotAuthorizedException', message: 'Invalid Refresh Token.' };
    await assert.rejects(refresh(clientId, 'A'.repeat(128)), invalid);
    await assert.rejects(refresh(other.clientId, u.refreshToken), invalid);
    await s.sdk.send(new AdminDisableUserCommand({ UserPoolId: poolId, Username: u.username }));
    await assert.rejects(refresh(clientId, u.refreshToken), { name: 'NotAuthorizedException' });
    await assert.rejects(refresh('nosuchclient0000000000000a', u.refreshToken), { name: 'ResourceNotFoundException' });
  });

  it('requires the client secret of a client that has one, sent as ClientSecret', async () => {
    const { clientId, secret } = await client({ GenerateSecret: true, ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] });
    const u = await signedIn(clientId, secret);
    await assert.rejects(refresh(clientId, u.refreshToken), {
      name: 'NotAuthorizedException',
      message: `Client ${clientId} is configured for secret but secret was not received`,
    });
    await assert.rejects(refresh(clientId, u.refreshToken, `${secret!}x`), {
      name: 'NotAuthorizedException',
      message: `Unable to verify client secret for client ${clientId}`,
    });
    assert.ok((await refresh(clientId, u.refreshToken, secret)).AuthenticationResult?.AccessToken);
  });

  describe('ALLOW_REFRESH_TOKEN_AUTH', () => {
    const refreshAuth = (clientId: string, refreshToken: string) =>
      s.sdk.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: refreshToken } }));

    it('refuses both ways of refreshing to a client whose ExplicitAuthFlows leave it out', async () => {
      const { clientId } = await client({ ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'] });
      const u = await signedIn(clientId);
      await assert.rejects(refreshAuth(clientId, u.refreshToken), NOT_ENABLED);
      await assert.rejects(refresh(clientId, u.refreshToken), NOT_ENABLED);
      const raw = await rawCall(s.url, 'InitiateAuth', { ClientId: clientId, AuthFlow: 'REFRESH_TOKEN', AuthParameters: { REFRESH_TOKEN: u.refreshToken } });
      assert.deepEqual([raw.status, raw.body], [400, { __type: 'InvalidParameterException', message: NOT_ENABLED.message }]);
    });

    it('lets a legacy-flow client refresh, and lets a client created without ExplicitAuthFlows past the switch (its default flows include ALLOW_REFRESH_TOKEN_AUTH)', async () => {
      const legacy = await client({ ExplicitAuthFlows: ['USER_PASSWORD_AUTH'] });
      const u = await signedIn(legacy.clientId);
      // A client on the legacy flow names predates the switch and refreshes as it always did.
      assert.ok((await refreshAuth(legacy.clientId, u.refreshToken)).AuthenticationResult?.AccessToken);
      assert.ok((await refresh(legacy.clientId, u.refreshToken)).AuthenticationResult?.AccessToken);
      const { clientId } = await client({});
      const d = await s.sdk.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: clientId }));
      assert.equal(d.UserPoolClient!.ExplicitAuthFlows, undefined);
      // The default flows have no password flow to sign in with here; a refresh of the legacy client's token
      // through this client is still refused as another client's, not as a disabled flow.
      await assert.rejects(refresh(clientId, u.refreshToken), { name: 'NotAuthorizedException', message: 'Invalid Refresh Token.' });
    });

    it('refuses REFRESH_TOKEN_AUTH to a client that rotates refresh tokens, which must use GetTokensFromRefreshToken', async () => {
      const { clientId } = await client({
        ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
        RefreshTokenRotation: { Feature: 'ENABLED' },
      });
      const u = await signedIn(clientId);
      await assert.rejects(refreshAuth(clientId, u.refreshToken), NOT_ENABLED);
      assert.ok((await refresh(clientId, u.refreshToken)).AuthenticationResult?.RefreshToken);
    });

    it('refuses with REFRESH_TOKEN_AUTH a token that rotation replaced, once its grace is over', async () => {
      const c = await client({ ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'], RefreshTokenRotation: { Feature: 'DISABLED' } });
      const u = await signedIn(c.clientId);
      // Rotation is switched on for a while (the record is changed directly; UpdateUserPoolClient is not part of this change).
      const stored = (await s.app.store.getClient(c.clientId))!;
      await s.app.store.changeClient(c.clientId, (cur) => ({ ...cur, settings: { ...cur.settings, RefreshTokenRotation: { Feature: 'ENABLED' } } }));
      const next = (await refresh(c.clientId, u.refreshToken)).AuthenticationResult!;
      await s.app.store.changeClient(c.clientId, (cur) => ({ ...cur, settings: stored.settings }));
      await assert.rejects(refreshAuth(c.clientId, u.refreshToken), { name: 'NotAuthorizedException', message: 'Invalid Refresh Token' });
      assert.ok((await refreshAuth(c.clientId, next.RefreshToken!)).AuthenticationResult?.AccessToken);
    });
  });
});

describe('refresh-token rotation on two instances over one PostgreSQL database', { skip: skipWithoutPostgres }, () => {
  let schema: TestSchema;
  let a: TestServer;
  let b: TestServer;
  before(async () => {
    schema = freshSchema();
    const clock = new FakeClock(new Date());
    a = await startServer({ publicUrl: 'http://cognate.example.test' }, { store: await schema.open(), clock });
    b = await startServer({ publicUrl: 'http://cognate.example.test' }, { store: await schema.open(), clock });
  });
  after(async () => {
    await a?.close();
    await b?.close();
    await schema?.drop();
  });

  it('lets exactly one of concurrent refreshes with one token, sent to both instances, win when there is no grace', async () => {
    const poolId = (await a.sdk.send(new CreateUserPoolCommand({ PoolName: 'shared' }))).UserPool!.Id!;
    const clientId = (
      await a.sdk.send(
        new CreateUserPoolClientCommand({
          UserPoolId: poolId,
          ClientName: 'app',
          ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'],
          RefreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds: 0 },
        }),
      )
    ).UserPoolClient!.ClientId!;
    await createConfirmedUser(a.sdk, poolId, 'pat');
    const signedIn = await a.sdk.send(
      new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'pat', PASSWORD } }),
    );
    const token = signedIn.AuthenticationResult!.RefreshToken!;
    const results = await Promise.allSettled(
      Array.from({ length: 16 }, (_, i) => (i % 2 ? a : b).sdk.send(new GetTokensFromRefreshTokenCommand({ ClientId: clientId, RefreshToken: token }))),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    assert.equal(won.length, 1, results.map((r) => r.status).join(' '));
    for (const r of results) if (r.status === 'rejected') assert.equal((r.reason as Error).name, 'RefreshTokenReuseException');
  });
});
