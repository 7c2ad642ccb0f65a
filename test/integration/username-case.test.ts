import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminGetUserCommand,
  AdminSetUserPasswordCommand,
  AdminUpdateUserAttributesCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  ForgotPasswordCommand,
  RespondToAuthChallengeCommand,
  SignUpCommand,
  type CognitoIdentityProviderClient,
  type CreateUserPoolCommandInput,
} from '@aws-sdk/client-cognito-identity-provider';
import { decodeJwt } from 'jose';
import { FakeClock } from '../../src/clock.js';
import { PASSWORD, signIn } from '../helpers/fixtures.js';
import { freshSchema, skipWithoutPostgres, type TestSchema } from '../helpers/postgres.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { startSrp } from '../helpers/srp-client.js';

const NOT_FOUND = { name: 'UserNotFoundException', message: 'User does not exist.' };

async function pool(sdk: CognitoIdentityProviderClient, extra: Partial<CreateUserPoolCommandInput> = {}) {
  const p = await sdk.send(new CreateUserPoolCommand({ PoolName: 'case', UsernameConfiguration: { CaseSensitive: false }, ...extra }));
  const poolId = p.UserPool!.Id!;
  const c = await sdk.send(
    new CreateUserPoolClientCommand({
      UserPoolId: poolId,
      ClientName: 'app',
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    }),
  );
  return { poolId, clientId: c.UserPoolClient!.ClientId! };
}

async function confirmedUser(sdk: CognitoIdentityProviderClient, poolId: string, username: string, attrs: Array<{ Name: string; Value: string }> = []) {
  const out = await sdk.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: username, MessageAction: 'SUPPRESS', UserAttributes: attrs }));
  await sdk.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: username, Password: PASSWORD, Permanent: true }));
  return out.User!;
}

/** Creates the same name in several letter cases at once; resolves with how many were created and the errors of the rest. */
async function createAtOnce(create: (name: string) => Promise<unknown>, names: string[]) {
  const results = await Promise.allSettled(names.map(create));
  const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => `${r.reason.name}: ${r.reason.message}`);
  return { created: results.filter((r) => r.status === 'fulfilled').length, refused };
}

const CASES = ['Quinn', 'QUINN', 'quinn', 'qUINN', 'QuInN', 'quiNN', 'QUInn', 'qUiNn'];

describe('UsernameConfiguration.CaseSensitive=false: usernames and aliases ignore letter case', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
  });
  after(async () => s.close());

  it('finds the user in any case and keeps the case it was created with', async () => {
    const p = await pool(s.sdk);
    const made = await confirmedUser(s.sdk, p.poolId, 'Zoe');
    assert.equal(made.Username, 'Zoe');
    for (const name of ['zoe', 'ZOE', 'zOe']) {
      assert.equal((await s.sdk.send(new AdminGetUserCommand({ UserPoolId: p.poolId, Username: name }))).Username, 'Zoe');
    }
    const tokens = await signIn(s.sdk, p.clientId, 'ZOE');
    assert.equal(decodeJwt(tokens.accessToken).username, 'Zoe');
    assert.equal(decodeJwt(tokens.idToken)['cognito:username'], 'Zoe');
    const srp = await startSrp(s.sdk, p.poolId, p.clientId, 'zOE');
    assert.equal(srp.first.ChallengeParameters!.USER_ID_FOR_SRP, 'Zoe');
    const done = await s.sdk.send(
      new RespondToAuthChallengeCommand({ ClientId: p.clientId, ChallengeName: 'PASSWORD_VERIFIER', ChallengeResponses: srp.responses(PASSWORD) }),
    );
    assert.ok(done.AuthenticationResult?.AccessToken);
    await s.sdk.send(new AdminDeleteUserCommand({ UserPoolId: p.poolId, Username: 'zoE' }));
    await assert.rejects(s.sdk.send(new AdminGetUserCommand({ UserPoolId: p.poolId, Username: 'Zoe' })), NOT_FOUND);
  });

  it('refuses a username that differs from a taken one only in case, in AdminCreateUser and SignUp', async () => {
    const p = await pool(s.sdk);
    await confirmedUser(s.sdk, p.poolId, 'Yara');
    await assert.rejects(s.sdk.send(new AdminCreateUserCommand({ UserPoolId: p.poolId, Username: 'YARA', MessageAction: 'SUPPRESS' })), {
      name: 'UsernameExistsException',
      message: 'User account already exists',
    });
    await assert.rejects(s.sdk.send(new SignUpCommand({ ClientId: p.clientId, Username: 'yara', Password: PASSWORD })), {
      name: 'UsernameExistsException',
      message: 'User already exists',
    });
  });

  it('signs in with the email and preferred_username aliases in any case', async () => {
    const p = await pool(s.sdk, { AliasAttributes: ['email', 'preferred_username'] });
    await confirmedUser(s.sdk, p.poolId, 'xena', [
      { Name: 'email', Value: 'Xena@Example.com' },
      { Name: 'email_verified', Value: 'true' },
      { Name: 'preferred_username', Value: 'WarriorPrincess' },
    ]);
    assert.equal(decodeJwt((await signIn(s.sdk, p.clientId, 'xena@example.COM')).accessToken).username, 'xena');
    assert.equal(decodeJwt((await signIn(s.sdk, p.clientId, 'warriorprincess')).accessToken).username, 'xena');
    const forgot = await s.sdk.send(new ForgotPasswordCommand({ ClientId: p.clientId, Username: 'XENA@EXAMPLE.COM' }));
    assert.equal(forgot.CodeDeliveryDetails?.Destination, 'X***@E***');
    // A second user may not take the verified email in another case.
    await confirmedUser(s.sdk, p.poolId, 'yves');
    await assert.rejects(
      s.sdk.send(
        new AdminUpdateUserAttributesCommand({
          UserPoolId: p.poolId,
          Username: 'yves',
          UserAttributes: [
            { Name: 'email', Value: 'xena@example.com' },
            { Name: 'email_verified', Value: 'true' },
          ],
        }),
      ),
      { name: 'AliasExistsException', message: 'An account with the given email already exists.' },
    );
  });

  it('signs in with an email username in any case and refuses the same email in another case', async () => {
    const p = await pool(s.sdk, { UsernameAttributes: ['email'] });
    const made = await confirmedUser(s.sdk, p.poolId, 'wes@example.com');
    assert.equal(decodeJwt((await signIn(s.sdk, p.clientId, 'WES@example.com')).accessToken).username, made.Username);
    await assert.rejects(s.sdk.send(new SignUpCommand({ ClientId: p.clientId, Username: 'Wes@Example.com', Password: PASSWORD })), {
      name: 'UsernameExistsException',
      message: 'An account with the given email already exists.',
    });
  });

  it('creates exactly one of many concurrent AdminCreateUser and SignUp requests for one name in different cases', async () => {
    const p = await pool(s.sdk);
    const admin = await createAtOnce(
      (name) => s.sdk.send(new AdminCreateUserCommand({ UserPoolId: p.poolId, Username: name, MessageAction: 'SUPPRESS' })),
      CASES,
    );
    assert.equal(admin.created, 1);
    assert.deepEqual(new Set(admin.refused), new Set(['UsernameExistsException: User account already exists']));
    const signUps = await createAtOnce((name) => s.sdk.send(new SignUpCommand({ ClientId: p.clientId, Username: `${name}2`, Password: PASSWORD })), CASES);
    assert.equal(signUps.created, 1);
    assert.deepEqual(new Set(signUps.refused), new Set(['UsernameExistsException: User already exists']));
  });

  it('keeps names that differ in case apart in a case-sensitive pool (the API default)', async () => {
    const p = await pool(s.sdk, { UsernameConfiguration: undefined });
    await confirmedUser(s.sdk, p.poolId, 'Vic');
    await confirmedUser(s.sdk, p.poolId, 'vic');
    await assert.rejects(s.sdk.send(new AdminGetUserCommand({ UserPoolId: p.poolId, Username: 'VIC' })), NOT_FOUND);
    assert.equal(decodeJwt((await signIn(s.sdk, p.clientId, 'Vic')).accessToken).username, 'Vic');
    assert.equal(decodeJwt((await signIn(s.sdk, p.clientId, 'vic')).accessToken).username, 'vic');
  });
});

describe('UsernameConfiguration.CaseSensitive=false on two instances sharing PostgreSQL', { skip: skipWithoutPostgres }, () => {
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

  it('creates exactly one of concurrent requests for one name in different cases, spread over both instances', async () => {
    const p = await pool(a.sdk);
    const admin = await createAtOnce(
      (name) => [a, b][CASES.indexOf(name) % 2]!.sdk.send(new AdminCreateUserCommand({ UserPoolId: p.poolId, Username: name, MessageAction: 'SUPPRESS' })),
      CASES,
    );
    assert.equal(admin.created, 1);
    assert.deepEqual(new Set(admin.refused), new Set(['UsernameExistsException: User account already exists']));
    const signUps = await createAtOnce(
      (name) => [a, b][CASES.indexOf(name) % 2]!.sdk.send(new SignUpCommand({ ClientId: p.clientId, Username: `${name}2`, Password: PASSWORD })),
      CASES,
    );
    assert.equal(signUps.created, 1);
    assert.deepEqual(new Set(signUps.refused), new Set(['UsernameExistsException: User already exists']));
    const made = await b.sdk.send(new AdminGetUserCommand({ UserPoolId: p.poolId, Username: 'QUINN' }));
    assert.ok(CASES.includes(made.Username!));
  });
});
