import assert from 'node:assert/strict';
import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { AdminCreateUserCommand, AdminSetUserPasswordCommand, GetUserCommand, InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { SignJWT } from 'jose';
import { CognitoJwtVerifier, JwtVerifier } from 'aws-jwt-verify';
import { validateCognitoJwtFields } from 'aws-jwt-verify/cognito-verifier';
import { startServer, type TestServer } from '../helpers/server.js';
import { createPoolAndClient, PASSWORD, PHONE } from '../helpers/fixtures.js';

type Jwks = { keys: Array<{ kty: string; [member: string]: string }> };

function partsOf(jwt: string): { header: Record<string, unknown>; payload: Record<string, unknown> } {
  const [h, p] = jwt.split('.');
  return { header: JSON.parse(Buffer.from(h!, 'base64url').toString()), payload: JSON.parse(Buffer.from(p!, 'base64url').toString()) };
}

async function getJson(url: string): Promise<{ status: number; body: any }> {
  const res = await fetch(url);
  return { status: res.status, body: await res.json() };
}

/** A pool and client on `s`, a user with the given attributes, and one sign-in. */
async function issued(s: TestServer, attributes: Array<{ Name: string; Value: string }>) {
  const { poolId, clientId } = await createPoolAndClient(s.sdk, { MfaConfiguration: 'OFF' });
  await s.sdk.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'alice', MessageAction: 'SUPPRESS', UserAttributes: attributes }));
  await s.sdk.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'alice', Password: PASSWORD, Permanent: true }));
  const r = await s.sdk.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'alice', PASSWORD } }));
  const jwks = (await getJson(`${s.url}/${poolId}/.well-known/jwks.json`)).body as Jwks;
  return { poolId, clientId, accessToken: r.AuthenticationResult!.AccessToken!, idToken: r.AuthenticationResult!.IdToken!, jwks };
}

const EMAIL = [
  { Name: 'email', Value: 'alice@example.com' },
  { Name: 'email_verified', Value: 'true' },
];

describe('Tokens with Cognito-style issuers, verified by aws-jwt-verify', () => {
  let s: TestServer;
  let t: Awaited<ReturnType<typeof issued>>;
  before(async () => {
    s = await startServer({ issuerStyle: 'cognito' }, { freshKeys: true });
    t = await issued(s, EMAIL);
  });
  after(async () => s.close());

  it('passes CognitoJwtVerifier for the access token, with client id and scope checks', async () => {
    const verifier = CognitoJwtVerifier.create({ userPoolId: t.poolId, tokenUse: 'access', clientId: t.clientId, scope: 'aws.cognito.signin.user.admin' });
    verifier.cacheJwks(t.jwks);
    const payload = await verifier.verify(t.accessToken);
    assert.equal(payload.iss, `https://cognito-idp.us-east-1.amazonaws.com/${t.poolId}`);
    assert.equal(payload.username, 'alice');
  });

  it('passes CognitoJwtVerifier for the ID token, with the client id as audience', async () => {
    const verifier = CognitoJwtVerifier.create({ userPoolId: t.poolId, tokenUse: 'id', clientId: t.clientId });
    verifier.cacheJwks(t.jwks);
    const payload = await verifier.verify(t.idToken);
    assert.equal(payload['cognito:username'], 'alice');
    assert.equal(payload.email, 'alice@example.com');
  });

  it('fails CognitoJwtVerifier for the wrong token use, another client, or a tampered payload', async () => {
    const access = CognitoJwtVerifier.create({ userPoolId: t.poolId, tokenUse: 'access', clientId: t.clientId });
    access.cacheJwks(t.jwks);
    await assert.rejects(access.verify(t.idToken));
    const otherClient = CognitoJwtVerifier.create({ userPoolId: t.poolId, tokenUse: 'access', clientId: 'abcdefghijklmnopqrstuvwxyz' });
    otherClient.cacheJwks(t.jwks);
    await assert.rejects(otherClient.verify(t.accessToken));
    const [h, p, sig] = t.accessToken.split('.');
    const payload = JSON.parse(Buffer.from(p!, 'base64url').toString());
    payload.username = 'mallory';
    await assert.rejects(access.verify([h, Buffer.from(JSON.stringify(payload)).toString('base64url'), sig].join('.')));
  });

  it('has a {kid, alg: RS256} header with no typ, and signs access and ID tokens with different keys of the JWKS', () => {
    const access = partsOf(t.accessToken).header;
    const id = partsOf(t.idToken).header;
    assert.deepEqual(Object.keys(access), ['kid', 'alg']);
    assert.deepEqual(Object.keys(id), ['kid', 'alg']);
    assert.equal(access.alg, 'RS256');
    assert.match(access.kid as string, /^[A-Za-z0-9+/]{43}=$/);
    assert.notEqual(access.kid, id.kid);
    assert.deepEqual(t.jwks.keys.map((k) => k.kid).sort(), [access.kid, id.kid].sort());
  });

  it('publishes a JWKS of two RSA signing keys in Cognito member order', () => {
    assert.equal(t.jwks.keys.length, 2);
    for (const k of t.jwks.keys) {
      assert.deepEqual(Object.keys(k), ['kid', 'alg', 'kty', 'e', 'n', 'use']);
      assert.equal(k.alg, 'RS256');
      assert.equal(k.kty, 'RSA');
      assert.equal(k.e, 'AQAB');
      assert.equal(k.use, 'sig');
      assert.equal(Buffer.from(k.n!, 'base64url').length, 256);
      assert.equal('d' in k, false);
    }
  });

  it('puts access-token claims in the real order, with no aud', () => {
    const p = partsOf(t.accessToken).payload;
    assert.deepEqual(Object.keys(p), ['sub', 'iss', 'client_id', 'origin_jti', 'event_id', 'token_use', 'scope', 'auth_time', 'exp', 'iat', 'jti', 'username']);
    assert.equal(p.token_use, 'access');
    assert.equal(p.scope, 'aws.cognito.signin.user.admin');
    assert.equal(p.client_id, t.clientId);
    assert.equal(p.username, 'alice');
    assert.equal(p.exp, (p.iat as number) + 3600);
    assert.equal(p.auth_time, p.iat);
  });

  it('puts ID-token claims in the real order, attributes interleaved as Cognito does', () => {
    const p = partsOf(t.idToken).payload;
    assert.deepEqual(Object.keys(p), [
      'sub',
      'email_verified',
      'iss',
      'cognito:username',
      'origin_jti',
      'aud',
      'event_id',
      'token_use',
      'auth_time',
      'exp',
      'iat',
      'jti',
      'email',
    ]);
    assert.equal(p.email_verified, true);
    assert.equal(p.aud, t.clientId);
    assert.equal(p.token_use, 'id');
  });

  it('ties the two tokens of one sign-in together: same sub, origin_jti, event_id and times, different jti', () => {
    const a = partsOf(t.accessToken).payload;
    const i = partsOf(t.idToken).payload;
    for (const claim of ['sub', 'iss', 'origin_jti', 'event_id', 'auth_time', 'iat', 'exp']) assert.equal(i[claim], a[claim], claim);
    assert.notEqual(i.jti, a.jti);
    for (const claim of ['sub', 'origin_jti', 'event_id', 'jti'])
      assert.match(String(a[claim]), /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  it('serves an openid-configuration naming the issuer of its tokens and the JWKS beside it', async () => {
    const { status, body } = await getJson(`${s.url}/${t.poolId}/.well-known/openid-configuration`);
    assert.equal(status, 200);
    assert.equal(body.issuer, partsOf(t.accessToken).payload.iss);
    assert.equal(body.jwks_uri, `${body.issuer}/.well-known/jwks.json`);
    assert.deepEqual(body.id_token_signing_alg_values_supported, ['RS256']);
    assert.deepEqual(body.subject_types_supported, ['public']);
  });

  it('answers 404 for the documents of a pool that does not exist', async () => {
    assert.equal((await fetch(`${s.url}/us-east-1_AAAAAAAAA/.well-known/jwks.json`)).status, 404);
    assert.equal((await fetch(`${s.url}/us-east-1_AAAAAAAAA/.well-known/openid-configuration`)).status, 404);
  });

  it('keeps the same keys across sign-ins and gives another pool other keys', async () => {
    const other = await issued(s, []);
    assert.notDeepEqual(other.jwks.keys.map((k) => k.kid).sort(), t.jwks.keys.map((k) => k.kid).sort());
    const again = (await getJson(`${s.url}/${t.poolId}/.well-known/jwks.json`)).body as Jwks;
    assert.deepEqual(again, t.jwks);
  });
});

describe('ID-token attribute claims', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer({ issuerStyle: 'cognito' });
  });
  after(async () => s.close());

  it('carries every attribute but sub once, *_verified as booleans, custom attributes as strings', async () => {
    const t = await issued(s, [
      ...EMAIL,
      { Name: 'phone_number', Value: PHONE },
      { Name: 'phone_number_verified', Value: 'false' },
      { Name: 'given_name', Value: 'Alice' },
    ]);
    const p = partsOf(t.idToken).payload;
    assert.equal(p.phone_number, PHONE);
    assert.equal(p.phone_number_verified, false);
    assert.equal(p.given_name, 'Alice');
    assert.equal(p.email_verified, true);
    assert.deepEqual(Object.keys(p).sort(), [
      'aud',
      'auth_time',
      'cognito:username',
      'email',
      'email_verified',
      'event_id',
      'exp',
      'given_name',
      'iat',
      'iss',
      'jti',
      'origin_jti',
      'phone_number',
      'phone_number_verified',
      'sub',
      'token_use',
    ]);
  });
});

describe('Tokens with local issuers', () => {
  let s: TestServer;
  let t: Awaited<ReturnType<typeof issued>>;
  before(async () => {
    s = await startServer();
    t = await issued(s, EMAIL);
  });
  after(async () => s.close());

  it('names this server in iss, and the openid-configuration points at a JWKS it serves', async () => {
    const iss = partsOf(t.accessToken).payload.iss;
    assert.equal(iss, `${s.url}/${t.poolId}`);
    const config = (await getJson(`${s.url}/${t.poolId}/.well-known/openid-configuration`)).body;
    assert.equal(config.issuer, iss);
    const jwks = await getJson(config.jwks_uri);
    assert.equal(jwks.status, 200);
    assert.deepEqual(jwks.body, t.jwks);
  });

  it('passes aws-jwt-verify as a generic JWT with the Cognito claim checks', async () => {
    const verifier = JwtVerifier.create({
      issuer: `${s.url}/${t.poolId}`,
      audience: null,
      jwksUri: `${s.url}/${t.poolId}/.well-known/jwks.json`,
      customJwtCheck: ({ payload }) => validateCognitoJwtFields(payload, { tokenUse: 'access', clientId: t.clientId }),
    });
    // aws-jwt-verify fetches JWKS over HTTPS only; hand it the document this server published.
    verifier.cacheJwks(t.jwks);
    const payload = await verifier.verify(t.accessToken);
    assert.equal(payload.username, 'alice');
    const idVerifier = JwtVerifier.create({
      issuer: `${s.url}/${t.poolId}`,
      audience: t.clientId,
      jwksUri: `${s.url}/${t.poolId}/.well-known/jwks.json`,
      customJwtCheck: ({ payload }) => validateCognitoJwtFields(payload, { tokenUse: 'id', clientId: t.clientId }),
    });
    idVerifier.cacheJwks(t.jwks);
    assert.equal((await idVerifier.verify(t.idToken))['cognito:username'], 'alice');
  });

  it('is refused by CognitoJwtVerifier, which accepts only amazonaws.com issuers (use issuerStyle cognito for that)', async () => {
    const verifier = CognitoJwtVerifier.create({ userPoolId: t.poolId, tokenUse: 'access', clientId: t.clientId });
    verifier.cacheJwks(t.jwks);
    await assert.rejects(verifier.verify(t.accessToken), /issuer/i);
  });
});

describe('Access-token checks on GetUser', () => {
  let s: TestServer;
  let t: Awaited<ReturnType<typeof issued>>;
  let claims: Record<string, unknown>;
  let accessKid: string;
  before(async () => {
    s = await startServer();
    t = await issued(s, EMAIL);
    claims = partsOf(t.accessToken).payload;
    accessKid = partsOf(t.accessToken).header.kid as string;
  });
  after(async () => s.close());

  const getUser = (token: string) => s.sdk.send(new GetUserCommand({ AccessToken: token }));
  /** The pool's own access-signing key, read from the store as only the server should. */
  const poolAccessKey = async () => {
    const row = (await s.app.store.getPoolKeys(t.poolId)).find((k) => k.use === 'access')!;
    return createPrivateKey({ key: JSON.parse(row.privateJwk), format: 'jwk' });
  };

  it('accepts the token it issued', async () => {
    assert.equal((await getUser(t.accessToken)).Username, 'alice');
  });

  it('refuses a changed payload under a signature it has already verified and remembered', async () => {
    assert.equal((await getUser(t.accessToken)).Username, 'alice');
    const [header, , signature] = t.accessToken.split('.');
    const changed = Buffer.from(JSON.stringify({ ...claims, exp: Number(claims.exp) + 3600 })).toString('base64url');
    await assert.rejects(getUser(`${header}.${changed}.${signature}`), { name: 'NotAuthorizedException', message: 'Invalid Access Token' });
    assert.equal((await getUser(t.accessToken)).Username, 'alice');
  });

  it('refuses a token signed by another key under the pool kid', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const forged = await new SignJWT(claims).setProtectedHeader({ kid: accessKid, alg: 'RS256' }).sign(privateKey);
    await assert.rejects(getUser(forged), { name: 'NotAuthorizedException', message: 'Invalid Access Token' });
  });

  it('refuses an unsigned (alg none) token', async () => {
    const header = Buffer.from(JSON.stringify({ kid: accessKid, alg: 'none' })).toString('base64url');
    const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
    await assert.rejects(getUser(`${header}.${body}.`), { name: 'NotAuthorizedException', message: 'Invalid Access Token' });
  });

  it('refuses an HS256 token keyed with the public JWKS modulus (algorithm confusion)', async () => {
    const n = t.jwks.keys.find((k) => k.kid === accessKid)!.n!;
    const forged = await new SignJWT(claims).setProtectedHeader({ kid: accessKid, alg: 'HS256' }).sign(new TextEncoder().encode(n));
    await assert.rejects(getUser(forged), { name: 'NotAuthorizedException', message: 'Invalid Access Token' });
  });

  it('refuses a token of the pool signed with its key but without the admin scope', async () => {
    const narrow = await new SignJWT({ ...claims, scope: 'openid email' }).setProtectedHeader({ kid: accessKid, alg: 'RS256' }).sign(await poolAccessKey());
    await assert.rejects(getUser(narrow), { name: 'NotAuthorizedException', message: 'Access Token does not have required scopes' });
  });

  it('refuses a token whose iss names the pool in the other issuer style', async () => {
    const cognitoStyle = await new SignJWT({ ...claims, iss: `https://cognito-idp.us-east-1.amazonaws.com/${t.poolId}` })
      .setProtectedHeader({ kid: accessKid, alg: 'RS256' })
      .sign(await poolAccessKey());
    await assert.rejects(getUser(cognitoStyle), { name: 'NotAuthorizedException', message: 'Invalid Access Token' });
  });

  it('refuses a token from another server with "Invalid Access Token"', async () => {
    const other = await startServer();
    try {
      const foreign = await issued(other, []);
      await assert.rejects(getUser(foreign.accessToken), { name: 'NotAuthorizedException', message: 'Invalid Access Token' });
    } finally {
      await other.close();
    }
  });
});
