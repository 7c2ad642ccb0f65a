import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import {
  AdminInitiateAuthCommand,
  AdminSetUserPasswordCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DeleteUserPoolClientCommand,
  DescribeUserPoolClientCommand,
  InitiateAuthCommand,
  ListUserPoolClientsCommand,
  RespondToAuthChallengeCommand,
  type CreateUserPoolClientCommandInput,
} from '@aws-sdk/client-cognito-identity-provider';
import { rawCall, startServer, type TestServer } from '../helpers/server.js';
import { createConfirmedUser, PASSWORD, signIn } from '../helpers/fixtures.js';

const MISSING_POOL = 'us-east-1_AAAAAAAAA';

/** Cognito's SECRET_HASH, computed here independently of the server's code. */
function secretHash(secret: string, username: string, clientId: string): string {
  return createHmac('sha256', secret)
    .update(username + clientId)
    .digest('base64');
}

function payloadOf(jwt: string): Record<string, any> {
  return JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString());
}

describe('CreateUserPoolClient and DescribeUserPoolClient', () => {
  let s: TestServer;
  let poolId: string;
  before(async () => {
    s = await startServer();
    poolId = (await s.sdk.send(new CreateUserPoolCommand({ PoolName: 'clients' }))).UserPool!.Id!;
    await createConfirmedUser(s.sdk, poolId, 'alice', null);
  });
  after(async () => s.close());

  const create = (extra: Partial<CreateUserPoolClientCommandInput> = {}) =>
    s.sdk.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'app', ...extra }));

  it('creates a client with a 26-character lowercase id, no secret and Cognito defaults', async () => {
    const now = s.clock.now();
    const c = (await create()).UserPoolClient!;
    assert.match(c.ClientId!, /^[a-z0-9]{26}$/);
    assert.equal(c.UserPoolId, poolId);
    assert.equal(c.ClientName, 'app');
    assert.equal(c.ClientSecret, undefined);
    assert.equal(c.RefreshTokenValidity, 30);
    assert.equal(c.EnableTokenRevocation, true);
    assert.equal(c.AuthSessionValidity, 3);
    assert.equal(c.AllowedOAuthFlowsUserPoolClient, false);
    assert.equal(c.CreationDate!.getTime(), now.getTime());
    assert.equal(c.LastModifiedDate!.getTime(), now.getTime());
  });

  it('generates a secret with GenerateSecret and shows it in DescribeUserPoolClient', async () => {
    const c = (await create({ GenerateSecret: true })).UserPoolClient!;
    assert.match(c.ClientSecret!, /^[a-z0-9]{51}$/);
    const d = (await s.sdk.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: c.ClientId! }))).UserPoolClient!;
    assert.deepEqual(d, c);
  });

  it('gives every client a different id', async () => {
    const a = (await create()).UserPoolClient!.ClientId;
    const b = (await create()).UserPoolClient!.ClientId;
    assert.notEqual(a, b);
  });

  it('keeps token validities and units, and mints tokens that last that long', async () => {
    const c = (
      await create({
        ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
        AccessTokenValidity: 30,
        IdTokenValidity: 2,
        RefreshTokenValidity: 12,
        TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'hours', RefreshToken: 'hours' },
      })
    ).UserPoolClient!;
    assert.equal(c.AccessTokenValidity, 30);
    assert.equal(c.IdTokenValidity, 2);
    assert.equal(c.RefreshTokenValidity, 12);
    assert.deepEqual(c.TokenValidityUnits, { AccessToken: 'minutes', IdToken: 'hours', RefreshToken: 'hours' });

    const r = await s.sdk.send(
      new InitiateAuthCommand({ ClientId: c.ClientId!, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'alice', PASSWORD } }),
    );
    assert.equal(r.AuthenticationResult!.ExpiresIn, 1800);
    const access = payloadOf(r.AuthenticationResult!.AccessToken!);
    const id = payloadOf(r.AuthenticationResult!.IdToken!);
    assert.equal(access.exp - access.iat, 1800);
    assert.equal(id.exp - id.iat, 7200);

    s.clock.advance(12 * 3600 + 1);
    await assert.rejects(
      s.sdk.send(
        new InitiateAuthCommand({
          ClientId: c.ClientId!,
          AuthFlow: 'REFRESH_TOKEN_AUTH',
          AuthParameters: { REFRESH_TOKEN: r.AuthenticationResult!.RefreshToken! },
        }),
      ),
      { name: 'NotAuthorizedException', message: 'Refresh Token has expired' },
    );
  });

  it('counts token validities in hours (access, ID) and days (refresh) when no unit is given', async () => {
    const c = (await create({ ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'], AccessTokenValidity: 2, IdTokenValidity: 3 })).UserPoolClient!;
    const r = await signIn(s.sdk, c.ClientId!, 'alice');
    const access = payloadOf(r.accessToken);
    const id = payloadOf(r.idToken);
    assert.equal(access.exp - access.iat, 7200);
    assert.equal(id.exp - id.iat, 10800);
  });

  const outOfRange: Array<{ what: string; input: Partial<CreateUserPoolClientCommandInput> }> = [
    { what: 'an access token shorter than 5 minutes', input: { AccessTokenValidity: 299, TokenValidityUnits: { AccessToken: 'seconds' } } },
    { what: 'an access token longer than 1 day', input: { AccessTokenValidity: 2, TokenValidityUnits: { AccessToken: 'days' } } },
    { what: 'an ID token longer than 1 day', input: { IdTokenValidity: 25 } },
    { what: 'an ID token shorter than 5 minutes', input: { IdTokenValidity: 4, TokenValidityUnits: { IdToken: 'minutes' } } },
    { what: 'a refresh token shorter than 60 minutes', input: { RefreshTokenValidity: 59, TokenValidityUnits: { RefreshToken: 'minutes' } } },
    { what: 'a refresh token longer than 10 years', input: { RefreshTokenValidity: 3651 } },
  ];
  for (const c of outOfRange) {
    it(`rejects ${c.what} with InvalidParameterException`, async () => {
      await assert.rejects(create(c.input), (e: Error) => {
        assert.equal(e.name, 'InvalidParameterException');
        assert.match(e.message, /token validity/i);
        return true;
      });
    });
  }

  it('accepts the edges of the ranges: 5 minutes, 1 day, 60 minutes and 10 years', async () => {
    const c = (
      await create({
        AccessTokenValidity: 5,
        IdTokenValidity: 1,
        RefreshTokenValidity: 3650,
        TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'days', RefreshToken: 'days' },
      })
    ).UserPoolClient!;
    assert.equal(c.AccessTokenValidity, 5);
    const d = (await create({ RefreshTokenValidity: 60, TokenValidityUnits: { RefreshToken: 'minutes' } })).UserPoolClient!;
    assert.equal(d.RefreshTokenValidity, 60);
  });

  it('rejects a token validity outside the model range in Coral words', async () => {
    const r = await rawCall(s.url, 'CreateUserPoolClient', { UserPoolId: poolId, ClientName: 'app', AccessTokenValidity: 0 });
    assert.deepEqual(r.body, {
      __type: 'InvalidParameterException',
      message:
        "1 validation error detected: Value '0' at 'accessTokenValidity' failed to satisfy constraint: Member must have value greater than or equal to 1",
    });
  });

  it('rejects ExplicitAuthFlows that mix legacy and ALLOW_ values', async () => {
    await assert.rejects(create({ ExplicitAuthFlows: ['USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }), {
      name: 'InvalidParameterException',
      message: "ExplicitAuthFlows can't have both LEGACY and NEW values at the same time",
    });
  });

  it('accepts legacy ExplicitAuthFlows alone, and USER_PASSWORD_AUTH then signs in', async () => {
    const c = (await create({ ExplicitAuthFlows: ['ADMIN_NO_SRP_AUTH', 'USER_PASSWORD_AUTH'] })).UserPoolClient!;
    assert.deepEqual(c.ExplicitAuthFlows, ['ADMIN_NO_SRP_AUTH', 'USER_PASSWORD_AUTH']);
    const tokens = await signIn(s.sdk, c.ClientId!, 'alice');
    assert.ok(tokens.accessToken);
  });

  it('rejects an unknown auth flow in Coral words', async () => {
    const r = await rawCall(s.url, 'CreateUserPoolClient', { UserPoolId: poolId, ClientName: 'app', ExplicitAuthFlows: ['ALLOW_MAGIC'] });
    assert.equal(r.body.__type, 'InvalidParameterException');
    assert.match(
      r.body.message,
      /^1 validation error detected: Value 'ALLOW_MAGIC' at 'explicitAuthFlows.1.member' failed to satisfy constraint: Member must satisfy enum value set: \[/,
    );
  });

  it('answers ResourceNotFoundException for a pool that does not exist', async () => {
    await assert.rejects(s.sdk.send(new CreateUserPoolClientCommand({ UserPoolId: MISSING_POOL, ClientName: 'app' })), {
      name: 'ResourceNotFoundException',
      message: `User pool ${MISSING_POOL} does not exist.`,
    });
  });

  it('answers ResourceNotFoundException for an unknown client, or a client of another pool', async () => {
    await assert.rejects(s.sdk.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: 'abcdefghijklmnopqrstuvwxyz' })), {
      name: 'ResourceNotFoundException',
      message: 'User pool client abcdefghijklmnopqrstuvwxyz does not exist.',
    });
    const other = (await s.sdk.send(new CreateUserPoolCommand({ PoolName: 'other' }))).UserPool!.Id!;
    const mine = (await create()).UserPoolClient!.ClientId!;
    await assert.rejects(s.sdk.send(new DescribeUserPoolClientCommand({ UserPoolId: other, ClientId: mine })), {
      name: 'ResourceNotFoundException',
      message: `User pool client ${mine} does not exist.`,
    });
  });
});

describe('ListUserPoolClients and DeleteUserPoolClient', () => {
  let s: TestServer;
  let poolId: string;
  const ids: string[] = [];
  before(async () => {
    s = await startServer();
    poolId = (await s.sdk.send(new CreateUserPoolCommand({ PoolName: 'listed' }))).UserPool!.Id!;
    for (const name of ['web', 'ios', 'android']) {
      ids.push(
        (
          await s.sdk.send(
            new CreateUserPoolClientCommand({
              UserPoolId: poolId,
              ClientName: name,
              ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
            }),
          )
        ).UserPoolClient!.ClientId!,
      );
    }
  });
  after(async () => s.close());

  it('pages through the clients with MaxResults and NextToken', async () => {
    const first = await s.sdk.send(new ListUserPoolClientsCommand({ UserPoolId: poolId, MaxResults: 2 }));
    assert.equal(first.UserPoolClients!.length, 2);
    assert.ok(first.NextToken);
    const second = await s.sdk.send(new ListUserPoolClientsCommand({ UserPoolId: poolId, MaxResults: 2, NextToken: first.NextToken }));
    assert.equal(second.UserPoolClients!.length, 1);
    assert.equal(second.NextToken, undefined);
    const all = [...first.UserPoolClients!, ...second.UserPoolClients!];
    assert.deepEqual(all.map((c) => c.ClientId).sort(), [...ids].sort());
    for (const c of all) assert.deepEqual(Object.keys(c).sort(), ['ClientId', 'ClientName', 'UserPoolId']);
    assert.equal(all.find((c) => c.ClientId === ids[1])!.ClientName, 'ios');
  });

  it('lists everything without MaxResults', async () => {
    const all = await s.sdk.send(new ListUserPoolClientsCommand({ UserPoolId: poolId }));
    assert.equal(all.UserPoolClients!.length, 3);
    assert.equal(all.NextToken, undefined);
  });

  it('rejects a NextToken from another listing', async () => {
    const pools = await rawCall(s.url, 'ListUserPools', { MaxResults: 1 });
    assert.equal(pools.status, 200);
    const first = await s.sdk.send(new ListUserPoolClientsCommand({ UserPoolId: poolId, MaxResults: 1 }));
    const other = (await s.sdk.send(new CreateUserPoolCommand({ PoolName: 'other' }))).UserPool!.Id!;
    await assert.rejects(s.sdk.send(new ListUserPoolClientsCommand({ UserPoolId: other, MaxResults: 1, NextToken: first.NextToken })), {
      name: 'InvalidParameterException',
    });
  });

  it('answers ResourceNotFoundException when listing the clients of a pool that does not exist', async () => {
    await assert.rejects(s.sdk.send(new ListUserPoolClientsCommand({ UserPoolId: MISSING_POOL })), {
      name: 'ResourceNotFoundException',
      message: `User pool ${MISSING_POOL} does not exist.`,
    });
  });

  it('deletes a client: it is gone from Describe, List and sign-in, and its refresh tokens stop working', async () => {
    const clientId = (
      await s.sdk.send(
        new CreateUserPoolClientCommand({
          UserPoolId: poolId,
          ClientName: 'temp',
          ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
        }),
      )
    ).UserPoolClient!.ClientId!;
    await createConfirmedUser(s.sdk, poolId, 'bob', null);
    const tokens = await signIn(s.sdk, clientId, 'bob');
    const out = await s.sdk.send(new DeleteUserPoolClientCommand({ UserPoolId: poolId, ClientId: clientId }));
    assert.equal(out.$metadata.httpStatusCode, 200);
    await assert.rejects(s.sdk.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: clientId })), {
      name: 'ResourceNotFoundException',
      message: `User pool client ${clientId} does not exist.`,
    });
    const list = await s.sdk.send(new ListUserPoolClientsCommand({ UserPoolId: poolId }));
    assert.equal(
      list.UserPoolClients!.some((c) => c.ClientId === clientId),
      false,
    );
    await assert.rejects(
      s.sdk.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: tokens.refreshToken } })),
      { name: 'ResourceNotFoundException', message: `User pool client ${clientId} does not exist.` },
    );
    await assert.rejects(s.sdk.send(new DeleteUserPoolClientCommand({ UserPoolId: poolId, ClientId: clientId })), {
      name: 'ResourceNotFoundException',
      message: `User pool client ${clientId} does not exist.`,
    });
  });
});

describe('SECRET_HASH for clients with a secret', () => {
  let s: TestServer;
  let poolId: string;
  let clientId: string;
  let secret: string;
  before(async () => {
    s = await startServer();
    poolId = (await s.sdk.send(new CreateUserPoolCommand({ PoolName: 'secret' }))).UserPool!.Id!;
    const c = (
      await s.sdk.send(
        new CreateUserPoolClientCommand({
          UserPoolId: poolId,
          ClientName: 'server',
          GenerateSecret: true,
          ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_ADMIN_USER_PASSWORD_AUTH'],
        }),
      )
    ).UserPoolClient!;
    clientId = c.ClientId!;
    secret = c.ClientSecret!;
    await createConfirmedUser(s.sdk, poolId, 'carol', null);
  });
  after(async () => s.close());

  const initiate = (params: Record<string, string>) =>
    s.sdk.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'carol', PASSWORD, ...params } }));

  it('refuses InitiateAuth without SECRET_HASH', async () => {
    await assert.rejects(initiate({}), {
      name: 'NotAuthorizedException',
      message: `Client ${clientId} is configured for secret but secret was not received`,
    });
  });

  it('refuses InitiateAuth with a wrong SECRET_HASH', async () => {
    await assert.rejects(initiate({ SECRET_HASH: secretHash('not-the-secret', 'carol', clientId) }), {
      name: 'NotAuthorizedException',
      message: `Unable to verify secret hash for client ${clientId}`,
    });
  });

  it('checks the secret before saying anything about the user', async () => {
    await assert.rejects(
      s.sdk.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'nobody', PASSWORD } })),
      { name: 'NotAuthorizedException', message: `Client ${clientId} is configured for secret but secret was not received` },
    );
  });

  it('signs in with the right SECRET_HASH, and refreshes with one', async () => {
    const r = await initiate({ SECRET_HASH: secretHash(secret, 'carol', clientId) });
    const refresh = r.AuthenticationResult!.RefreshToken!;
    await assert.rejects(
      s.sdk.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: refresh } })),
      { name: 'NotAuthorizedException', message: `Client ${clientId} is configured for secret but secret was not received` },
    );
    const again = await s.sdk.send(
      new InitiateAuthCommand({
        ClientId: clientId,
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        AuthParameters: { REFRESH_TOKEN: refresh, SECRET_HASH: secretHash(secret, 'carol', clientId) },
      }),
    );
    assert.ok(again.AuthenticationResult!.AccessToken);
  });

  it('checks SECRET_HASH on AdminInitiateAuth too', async () => {
    await assert.rejects(
      s.sdk.send(
        new AdminInitiateAuthCommand({
          UserPoolId: poolId,
          ClientId: clientId,
          AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: 'carol', PASSWORD },
        }),
      ),
      { name: 'NotAuthorizedException', message: `Client ${clientId} is configured for secret but secret was not received` },
    );
    const ok = await s.sdk.send(
      new AdminInitiateAuthCommand({
        UserPoolId: poolId,
        ClientId: clientId,
        AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: 'carol', PASSWORD, SECRET_HASH: secretHash(secret, 'carol', clientId) },
      }),
    );
    assert.ok(ok.AuthenticationResult!.IdToken);
  });

  it('checks SECRET_HASH when answering a challenge', async () => {
    await createConfirmedUser(s.sdk, poolId, 'dave', null);
    await s.sdk.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'dave', Password: PASSWORD, Permanent: false }));
    const hash = secretHash(secret, 'dave', clientId);
    const first = await s.sdk.send(
      new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'dave', PASSWORD, SECRET_HASH: hash } }),
    );
    assert.equal(first.ChallengeName, 'NEW_PASSWORD_REQUIRED');
    const respond = (responses: Record<string, string>) =>
      s.sdk.send(
        new RespondToAuthChallengeCommand({
          ClientId: clientId,
          ChallengeName: 'NEW_PASSWORD_REQUIRED',
          Session: first.Session,
          ChallengeResponses: { USERNAME: 'dave', NEW_PASSWORD: 'N3w-Passw0rd!', ...responses },
        }),
      );
    await assert.rejects(respond({}), { name: 'NotAuthorizedException', message: `Client ${clientId} is configured for secret but secret was not received` });
    await assert.rejects(respond({ SECRET_HASH: secretHash(secret, 'eve', clientId) }), {
      name: 'NotAuthorizedException',
      message: `Unable to verify secret hash for client ${clientId}`,
    });
    const done = await respond({ SECRET_HASH: hash });
    assert.ok(done.AuthenticationResult!.AccessToken);
  });
});
