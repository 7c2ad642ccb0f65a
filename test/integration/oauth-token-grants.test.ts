/**
 * The token endpoint beyond the first exchange, driven through the hosted sign-in form without a browser:
 * the PreTokenGeneration trigger at the code exchange (TokenGeneration_HostedAuth) and at refresh,
 * refresh-token rotation at grant_type=refresh_token, and /oauth2/revoke for a client with revocation off.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateUserPoolClientCommand, type CreateUserPoolClientCommandInput } from '@aws-sdk/client-cognito-identity-provider';
import type { PreTokenGenerationV2TriggerEvent } from 'aws-lambda';
import { decodeJwt } from 'jose';
import { PASSWORD } from '../helpers/fixtures.js';
import { oauthFixture, type OAuthFixture, signInByForm } from '../helpers/oauth.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { eventsOf, fnArn, LAMBDA_DIR } from '../helpers/triggers.js';

type Answer = { status: number; body: Record<string, string> };

describe('the token endpoint: triggers, rotation and revocation', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer({ lambdaDir: LAMBDA_DIR });
  });
  after(() => s.close());

  async function post(f: OAuthFixture, path: string, body: Record<string, string>): Promise<{ status: number; text: string }> {
    const r = await fetch(`${f.base}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${f.clientId}:${f.clientSecret}`).toString('base64')}`,
      },
      body: new URLSearchParams(body),
    });
    return { status: r.status, text: await r.text() };
  }
  async function token(f: OAuthFixture, body: Record<string, string>): Promise<Answer> {
    const r = await post(f, '/oauth2/token', body);
    return { status: r.status, body: JSON.parse(r.text) as Record<string, string> };
  }
  /** Signs alice in through the form and exchanges the code; the token endpoint's answer. */
  async function signedIn(f: OAuthFixture, scope = 'openid email'): Promise<Answer> {
    const location = await signInByForm(f, { scope }, 'alice', PASSWORD);
    const code = new URL(location).searchParams.get('code')!;
    return token(f, { grant_type: 'authorization_code', code, redirect_uri: f.callback });
  }
  /** Another confidential client of the fixture's pool with the same OAuth settings and these extras. */
  async function sibling(f: OAuthFixture, extra: Partial<CreateUserPoolClientCommandInput>): Promise<OAuthFixture> {
    const c = await s.sdk.send(
      new CreateUserPoolClientCommand({
        UserPoolId: f.poolId,
        ClientName: 'sibling',
        GenerateSecret: true,
        AllowedOAuthFlows: ['code'],
        AllowedOAuthScopes: ['openid', 'email'],
        AllowedOAuthFlowsUserPoolClient: true,
        CallbackURLs: [f.callback],
        SupportedIdentityProviders: ['COGNITO'],
        ...extra,
      }),
    );
    return { ...f, clientId: c.UserPoolClient!.ClientId!, clientSecret: c.UserPoolClient!.ClientSecret! };
  }

  describe('PreTokenGeneration', () => {
    let f: OAuthFixture;
    before(async () => {
      f = await oauthFixture(s.sdk, s.url, undefined, 'alice', {
        LambdaConfig: { PreTokenGenerationConfig: { LambdaVersion: 'V2_0', LambdaArn: fnArn('preTokenV2') } },
      });
    });
    const events = () => eventsOf<PreTokenGenerationV2TriggerEvent>(s.logs, 'preTokenV2').filter((e) => e.userPoolId === f.poolId);

    it('fires once for a hosted sign-in, at the code exchange, with TokenGeneration_HostedAuth and the granted scopes', async () => {
      const location = await signInByForm(f, { scope: 'openid email' }, 'alice', PASSWORD);
      assert.equal(events().length, 0, 'the sign-in form itself mints no tokens');
      const t = await token(f, { grant_type: 'authorization_code', code: new URL(location).searchParams.get('code')!, redirect_uri: f.callback });
      assert.equal(t.status, 200);
      const all = events();
      assert.equal(all.length, 1);
      const e = all[0]!;
      assert.equal(e.triggerSource, 'TokenGeneration_HostedAuth');
      assert.equal(e.version, '2');
      assert.equal(e.userName, 'alice');
      assert.equal(e.callerContext.clientId, f.clientId);
      assert.deepEqual(e.request.scopes, ['openid', 'email']);
      assert.equal(e.request.userAttributes.email, 'alice@example.com');
      assert.deepEqual(e.request.clientMetadata, {});

      const access = decodeJwt(t.body.access_token!);
      assert.equal(access.tenant, 'acme');
      assert.equal(access.source, 'TokenGeneration_HostedAuth');
      assert.equal(access.scope, 'openid email orders/read', 'scopesToAdd and scopesToSuppress applied to the granted scopes');
      assert.deepEqual(access['cognito:groups'], ['premium']);
      assert.equal(decodeJwt(t.body.id_token!).tenant, 'acme');
    });

    it('fires with TokenGeneration_RefreshTokens at grant_type=refresh_token, and its claims reach the new tokens', async () => {
      const first = await signedIn(f);
      const before = events().length;
      const t = await token(f, { grant_type: 'refresh_token', refresh_token: first.body.refresh_token! });
      assert.equal(t.status, 200);
      const all = events();
      assert.equal(all.length, before + 1);
      assert.equal(all.at(-1)!.triggerSource, 'TokenGeneration_RefreshTokens');
      assert.deepEqual(all.at(-1)!.request.scopes, ['openid', 'email']);
      const access = decodeJwt(t.body.access_token!);
      assert.equal(access.source, 'TokenGeneration_RefreshTokens');
      assert.equal(access.scope, 'openid email orders/read');
    });
  });

  describe('refresh-token rotation', () => {
    let f: OAuthFixture;
    before(async () => {
      f = await oauthFixture(s.sdk, s.url);
    });

    it('without rotation answers new ID and access tokens and no refresh token', async () => {
      const first = await signedIn(f);
      const t = await token(f, { grant_type: 'refresh_token', refresh_token: first.body.refresh_token! });
      assert.equal(t.status, 200);
      assert.deepEqual(Object.keys(t.body), ['id_token', 'access_token', 'expires_in', 'token_type']);
      assert.equal((await token(f, { grant_type: 'refresh_token', refresh_token: first.body.refresh_token! })).status, 200, 'the token stays valid');
    });

    it('with rotation answers a new refresh token; the old one works within its grace period and is invalid_grant after it', async () => {
      const rot = await sibling(f, { RefreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds: 10 } });
      const first = await signedIn(rot);
      assert.equal(first.status, 200);
      const r1 = first.body.refresh_token!;
      const second = await token(rot, { grant_type: 'refresh_token', refresh_token: r1 });
      assert.equal(second.status, 200);
      assert.deepEqual(Object.keys(second.body), ['id_token', 'access_token', 'refresh_token', 'expires_in', 'token_type']);
      const r2 = second.body.refresh_token!;
      assert.notEqual(r2, r1);
      assert.equal(decodeJwt(second.body.access_token!).origin_jti, decodeJwt(first.body.access_token!).origin_jti, 'the same sign-in');

      s.clock.advance(5);
      const retry = await token(rot, { grant_type: 'refresh_token', refresh_token: r1 });
      assert.equal(retry.status, 200, 'a retry within the grace period');
      assert.ok(retry.body.refresh_token);

      s.clock.advance(6);
      assert.deepEqual(await token(rot, { grant_type: 'refresh_token', refresh_token: r1 }), { status: 400, body: { error: 'invalid_grant' } });
      const latest = await token(rot, { grant_type: 'refresh_token', refresh_token: retry.body.refresh_token! });
      assert.equal(latest.status, 200, 'the newest refresh token works');
    });

    it('with rotation and no grace refuses the old refresh token at once', async () => {
      const rot = await sibling(f, { RefreshTokenRotation: { Feature: 'ENABLED' } });
      const first = await signedIn(rot);
      const second = await token(rot, { grant_type: 'refresh_token', refresh_token: first.body.refresh_token! });
      assert.equal(second.status, 200);
      assert.deepEqual(await token(rot, { grant_type: 'refresh_token', refresh_token: first.body.refresh_token! }), {
        status: 400,
        body: { error: 'invalid_grant' },
      });
      assert.equal((await token(rot, { grant_type: 'refresh_token', refresh_token: second.body.refresh_token! })).status, 200);
    });

    it('refuses a client without ALLOW_REFRESH_TOKEN_AUTH with unauthorized_client', async () => {
      const noRefresh = await sibling(f, { ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH'] });
      const first = await signedIn(noRefresh);
      assert.equal(first.status, 200);
      assert.deepEqual(await token(noRefresh, { grant_type: 'refresh_token', refresh_token: first.body.refresh_token! }), {
        status: 400,
        body: { error: 'unauthorized_client' },
      });
    });
  });

  describe('/oauth2/revoke', () => {
    let f: OAuthFixture;
    before(async () => {
      f = await oauthFixture(s.sdk, s.url);
    });

    it('answers invalid_request for a client with EnableTokenRevocation off, and revokes nothing', async () => {
      const off = await sibling(f, { EnableTokenRevocation: false });
      const first = await signedIn(off);
      const refreshToken = first.body.refresh_token!;
      const r = await post(off, '/oauth2/revoke', { token: refreshToken });
      assert.equal(r.status, 400);
      assert.deepEqual(JSON.parse(r.text), { error: 'invalid_request' });
      const again = await token(off, { grant_type: 'refresh_token', refresh_token: refreshToken });
      assert.equal(again.status, 200, 'the refresh token still works');
    });

    it('answers unsupported_token_type for an access token, and 200 for a refresh token it then refuses', async () => {
      const first = await signedIn(f);
      const jwt = await post(f, '/oauth2/revoke', { token: first.body.access_token! });
      assert.equal(jwt.status, 400);
      assert.deepEqual(JSON.parse(jwt.text), { error: 'unsupported_token_type' });
      const ok = await post(f, '/oauth2/revoke', { token: first.body.refresh_token! });
      assert.deepEqual(ok, { status: 200, text: '' });
      assert.deepEqual(await token(f, { grant_type: 'refresh_token', refresh_token: first.body.refresh_token! }), {
        status: 400,
        body: { error: 'invalid_grant' },
      });
    });
  });
});
