/**
 * POST /oauth2/token with grant_type=client_credentials: openid-client as the machine client, the token
 * verified with aws-jwt-verify and refused by GetUser through the AWS SDK, the scope and client rules, and
 * the PreTokenGeneration trigger, which only its V3_0 version fires for these tokens.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateResourceServerCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolDomainCommand,
  GetUserCommand,
  UpdateResourceServerCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { PreTokenGenerationV3TriggerEvent } from 'aws-lambda';
import { CognitoJwtVerifier } from 'aws-jwt-verify';
import { decodeJwt } from 'jose';
import * as oidc from 'openid-client';
import { createPoolAndClient } from '../helpers/fixtures.js';
import { APP } from '../helpers/oauth.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { eventsOf, fnArn, LAMBDA_DIR } from '../helpers/triggers.js';

const ORDERS_SCOPES = [
  { ScopeName: 'read', ScopeDescription: 'Read orders' },
  { ScopeName: 'write', ScopeDescription: 'Write orders' },
  { ScopeName: 'audit', ScopeDescription: 'Audit orders' },
];

/** A pool with a domain, the resource server `orders`, and three clients: the machine, a web app and a single-page app. */
interface MachineFixture {
  poolId: string;
  issuer: string;
  base: string;
  machineId: string;
  machineSecret: string;
  webId: string;
  webSecret: string;
  spaId: string;
}

describe('the client_credentials grant', () => {
  let s: TestServer;
  let domains = 0;
  before(async () => {
    s = await startServer({ lambdaDir: LAMBDA_DIR, issuerStyle: 'cognito' });
  });
  after(() => s.close());

  async function machineFixture(trigger?: { version: 'V1_0' | 'V2_0' | 'V3_0'; fn: string }): Promise<MachineFixture> {
    const { poolId } = await createPoolAndClient(
      s.sdk,
      trigger ? { LambdaConfig: { PreTokenGenerationConfig: { LambdaVersion: trigger.version, LambdaArn: fnArn(trigger.fn) } } } : {},
    );
    const domain = `machines-${process.pid}-${++domains}`;
    await s.sdk.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: domain }));
    await s.sdk.send(new CreateResourceServerCommand({ UserPoolId: poolId, Identifier: 'orders', Name: 'Orders', Scopes: ORDERS_SCOPES }));
    const machine = await s.sdk.send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: 'machine',
        GenerateSecret: true,
        AllowedOAuthFlows: ['client_credentials'],
        AllowedOAuthScopes: ['orders/read', 'orders/write'],
        AllowedOAuthFlowsUserPoolClient: true,
      }),
    );
    const interactive = {
      UserPoolId: poolId,
      AllowedOAuthFlows: ['code' as const],
      AllowedOAuthScopes: ['openid', 'orders/read'],
      AllowedOAuthFlowsUserPoolClient: true,
      CallbackURLs: [`${APP}/callback`],
      SupportedIdentityProviders: ['COGNITO'],
    };
    const web = await s.sdk.send(new CreateUserPoolClientCommand({ ...interactive, ClientName: 'web', GenerateSecret: true }));
    const spa = await s.sdk.send(new CreateUserPoolClientCommand({ ...interactive, ClientName: 'spa' }));
    return {
      poolId,
      issuer: `https://cognito-idp.us-east-1.amazonaws.com/${poolId}`,
      base: `${s.url}/oauth/${domain}`,
      machineId: machine.UserPoolClient!.ClientId!,
      machineSecret: machine.UserPoolClient!.ClientSecret!,
      webId: web.UserPoolClient!.ClientId!,
      webSecret: web.UserPoolClient!.ClientSecret!,
      spaId: spa.UserPoolClient!.ClientId!,
    };
  }

  /** A plain token request; `auth` is HTTP Basic with these credentials, or the body with client_id only. */
  async function token(f: MachineFixture, body: Record<string, string>, auth: { id: string; secret?: string }) {
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
    const form = new URLSearchParams({ grant_type: 'client_credentials', ...body });
    if (auth.secret !== undefined) headers.authorization = `Basic ${Buffer.from(`${auth.id}:${auth.secret}`).toString('base64')}`;
    else form.set('client_id', auth.id);
    const r = await fetch(`${f.base}/oauth2/token`, { method: 'POST', headers, body: form });
    return { status: r.status, body: (await r.json()) as Record<string, unknown> };
  }
  const machine = (f: MachineFixture) => ({ id: f.machineId, secret: f.machineSecret });

  /**
   * openid-client configured by discovery from the pool's real issuer URL: requests to cognito-idp are
   * answered by this server, so the issuer check is the library's own.
   */
  function discover(f: MachineFixture, secret = f.machineSecret): Promise<oidc.Configuration> {
    const local: oidc.CustomFetch = (url, options) => fetch(url.replace('https://cognito-idp.us-east-1.amazonaws.com', s.url), options as RequestInit);
    return oidc.discovery(new URL(f.issuer), f.machineId, undefined, oidc.ClientSecretBasic(secret), {
      [oidc.customFetch]: local,
      execute: [oidc.allowInsecureRequests],
    });
  }

  async function accessVerifier(f: MachineFixture) {
    const jwks = (await (await fetch(`${s.url}/${f.poolId}/.well-known/jwks.json`)).json()) as Parameters<
      ReturnType<typeof CognitoJwtVerifier.create>['cacheJwks']
    >[0];
    const verifier = CognitoJwtVerifier.create({ userPoolId: f.poolId, tokenUse: 'access', clientId: f.machineId });
    verifier.cacheJwks(jwks);
    return verifier;
  }

  it('gives openid-client an access token with the asked custom scope, the client as its subject and no user, that aws-jwt-verify accepts', async () => {
    const f = await machineFixture();
    const config = await discover(f);
    const tokens = await oidc.clientCredentialsGrant(config, { scope: 'orders/read' });
    assert.equal(tokens.token_type, 'bearer');
    assert.equal(tokens.expires_in, 3600);
    assert.equal(tokens.refresh_token, undefined);
    assert.equal(tokens.id_token, undefined);
    const claims = await (await accessVerifier(f)).verify(tokens.access_token);
    assert.equal(claims.scope, 'orders/read');
    assert.equal(claims.sub, f.machineId);
    assert.equal(claims.client_id, f.machineId);
    assert.equal(claims.token_use, 'access');
    assert.equal(claims.iss, f.issuer);
    assert.equal(claims.version, 2);
    assert.equal(claims.auth_time, claims.iat);
    assert.equal(claims.exp - claims.iat, 3600);
    assert.match(String(claims.jti), /^[0-9a-f-]{36}$/);
    for (const absent of ['username', 'origin_jti', 'event_id', 'cognito:groups', 'aud']) assert.equal(claims[absent], undefined, absent);
  });

  it("answers {access_token, expires_in, token_type} and, without scope, grants all the client's custom scopes", async () => {
    const f = await machineFixture();
    const t = await token(f, {}, machine(f));
    assert.equal(t.status, 200);
    assert.deepEqual(Object.keys(t.body), ['access_token', 'expires_in', 'token_type']);
    assert.equal(t.body.token_type, 'Bearer');
    assert.equal(decodeJwt(t.body.access_token as string).scope, 'orders/read orders/write');
  });

  it('is refused by GetUser with NotAuthorizedException "Access Token does not have required scopes"', async () => {
    const f = await machineFixture();
    const t = await token(f, { scope: 'orders/read' }, machine(f));
    await assert.rejects(s.sdk.send(new GetUserCommand({ AccessToken: t.body.access_token as string })), {
      name: 'NotAuthorizedException',
      message: 'Access Token does not have required scopes',
    });
  });

  it('refuses a scope the client may not use, an unknown one and a standard one with invalid_scope', async () => {
    const f = await machineFixture();
    for (const scope of ['orders/audit', 'orders/nope', 'openid', 'aws.cognito.signin.user.admin', 'orders/read orders/audit']) {
      assert.deepEqual(await token(f, { scope }, machine(f)), { status: 400, body: { error: 'invalid_scope' } }, scope);
    }
    const config = await discover(f);
    await assert.rejects(oidc.clientCredentialsGrant(config, { scope: 'orders/audit' }), (e: unknown) => {
      assert.ok(e instanceof oidc.ResponseBodyError);
      assert.equal(e.error, 'invalid_scope');
      assert.equal(e.status, 400);
      return true;
    });
  });

  it('leaves out an allowed scope its resource server no longer defines, and refuses when nothing is left', async () => {
    const f = await machineFixture();
    await s.sdk.send(new UpdateResourceServerCommand({ UserPoolId: f.poolId, Identifier: 'orders', Name: 'Orders', Scopes: [ORDERS_SCOPES[1]!] }));
    const all = await token(f, {}, machine(f));
    assert.equal(decodeJwt(all.body.access_token as string).scope, 'orders/write');
    const both = await token(f, { scope: 'orders/read orders/write' }, machine(f));
    assert.equal(decodeJwt(both.body.access_token as string).scope, 'orders/write');
    assert.deepEqual(await token(f, { scope: 'orders/read' }, machine(f)), { status: 400, body: { error: 'invalid_scope' } });
  });

  it('refuses a public client and a confidential client without the flow with unauthorized_client', async () => {
    const f = await machineFixture();
    assert.deepEqual(await token(f, { scope: 'orders/read' }, { id: f.spaId }), { status: 400, body: { error: 'unauthorized_client' } });
    assert.deepEqual(await token(f, { scope: 'orders/read' }, { id: f.webId, secret: f.webSecret }), {
      status: 400,
      body: { error: 'unauthorized_client' },
    });
  });

  it('refuses a wrong secret, a missing secret and an unknown client with invalid_client', async () => {
    const f = await machineFixture();
    assert.deepEqual(await token(f, {}, { id: f.machineId, secret: `${f.machineSecret}x` }), { status: 400, body: { error: 'invalid_client' } });
    assert.deepEqual(await token(f, {}, { id: f.machineId }), { status: 400, body: { error: 'invalid_client' } });
    assert.deepEqual(await token(f, {}, { id: 'nosuchclient', secret: 'x' }), { status: 400, body: { error: 'invalid_client' } });
    const config = await discover(f, 'wrong-secret');
    await assert.rejects(oidc.clientCredentialsGrant(config, { scope: 'orders/read' }), (e: unknown) => {
      assert.ok(e instanceof oidc.ResponseBodyError);
      assert.equal(e.error, 'invalid_client');
      return true;
    });
  });

  describe('with a PreTokenGeneration trigger', () => {
    const v3Events = (poolId: string) => eventsOf<PreTokenGenerationV3TriggerEvent>(s.logs, 'preTokenV3').filter((e) => e.userPoolId === poolId);

    it('V3_0 receives TokenGeneration_ClientCredentials with the scopes and aws_client_metadata, and its claims and scopes reach the token', async () => {
      const f = await machineFixture({ version: 'V3_0', fn: 'preTokenV3' });
      const t = await token(f, { scope: 'orders/read orders/write', aws_client_metadata: JSON.stringify({ tenant: 'acme' }) }, machine(f));
      assert.equal(t.status, 200);
      const events = v3Events(f.poolId);
      assert.equal(events.length, 1);
      const e = events[0]!;
      assert.equal(e.version, '3');
      assert.equal(e.triggerSource, 'TokenGeneration_ClientCredentials');
      assert.equal(e.region, 'us-east-1');
      assert.equal(e.userName, null, 'there is no user');
      assert.deepEqual(e.callerContext, { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: f.machineId });
      assert.deepEqual(e.request, {
        userAttributes: {},
        groupConfiguration: { groupsToOverride: [], iamRolesToOverride: [], preferredRole: null },
        scopes: ['orders/read', 'orders/write'],
        clientMetadata: { tenant: 'acme' },
      });
      assert.deepEqual(e.response, { claimsAndScopeOverrideDetails: null });

      const claims = await (await accessVerifier(f)).verify(t.body.access_token as string);
      assert.equal(claims.tenant, 'acme');
      assert.equal(claims.source, 'TokenGeneration_ClientCredentials');
      assert.equal(claims.level, 3);
      assert.deepEqual(claims.regions, ['eu', 'us']);
      assert.equal(claims.scope, 'orders/read orders/audit', 'scopesToAdd and scopesToSuppress applied');
      assert.equal(claims.sub, f.machineId, 'sub is kept');
      assert.equal(claims.client_id, f.machineId, 'client_id is kept');
      assert.equal(claims['cognito:groups'], undefined, 'a machine token gets no groups');
      const notes = s.logs.filter((l) => l.includes(`pool ${f.poolId} PreTokenGeneration: ignored`));
      assert.ok(notes.some((l) => l.includes('claimsToAddOrOverride "sub" in the access token')));
      assert.ok(notes.some((l) => l.includes('groupOverrideDetails')));
      assert.ok(notes.some((l) => l.includes('idTokenGeneration')));
    });

    it('a V3_0 function that throws gives invalid_request and no token; aws_client_metadata that is not a JSON object of strings is invalid_request', async () => {
      const f = await machineFixture({ version: 'V3_0', fn: 'preTokenV3' });
      assert.deepEqual(await token(f, { aws_client_metadata: JSON.stringify({ mode: 'throw' }) }, machine(f)), {
        status: 400,
        body: { error: 'invalid_request' },
      });
      for (const bad of ['not json', '[1]', '{"n":1}']) {
        assert.deepEqual(await token(f, { aws_client_metadata: bad }, machine(f)), { status: 400, body: { error: 'invalid_request' } }, bad);
      }
      assert.equal(v3Events(f.poolId).length, 1, 'only the request with good metadata reached the function');
    });

    it('a token given aws.cognito.signin.user.admin by a V3_0 function is still refused by GetUser: it names no user', async () => {
      const f = await machineFixture({ version: 'V3_0', fn: 'preTokenV3' });
      const t = await token(f, { aws_client_metadata: JSON.stringify({ mode: 'admin' }) }, machine(f));
      assert.equal(decodeJwt(t.body.access_token as string).scope, 'orders/read orders/write aws.cognito.signin.user.admin');
      await assert.rejects(s.sdk.send(new GetUserCommand({ AccessToken: t.body.access_token as string })), {
        name: 'NotAuthorizedException',
        message: 'Invalid Access Token',
      });
    });

    for (const [version, fn] of [
      ['V1_0', 'preTokenV1'],
      ['V2_0', 'preTokenV2'],
    ] as const) {
      it(`${version} is not called for a client_credentials token`, async () => {
        const f = await machineFixture({ version, fn });
        const t = await token(f, { scope: 'orders/read' }, machine(f));
        assert.equal(t.status, 200);
        assert.equal(eventsOf(s.logs, fn).filter((e) => e.userPoolId === f.poolId).length, 0);
        const claims = decodeJwt(t.body.access_token as string);
        assert.equal(claims.tenant, undefined);
        assert.equal(claims.scope, 'orders/read');
      });
    }
  });
});
