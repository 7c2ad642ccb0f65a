/**
 * A deterministic, seeded fuzzer of the AWS JSON 1.1 front door and every operation behind it.
 *
 * Against one server with a realistic fixture it sends, for every operation in OPERATION_MODELS,
 * (a) model-guided mutations of a valid request and (b) raw protocol abuse, eight at a time, and
 * checks every answer: 400 with a modelled or protocol `__type` and a clean message (or 200 when the
 * mutated request is in fact valid; 413 for a body over the limit), a request id, never a 500, a
 * hang or a dropped connection; GET /health after each operation's batch.
 *
 * How stored state is shown intact. The fixture is split in two:
 * - protected objects: pool A's settings and MFA configuration, its two app clients (one with a
 *   secret), and five users in different states (alice: CONFIRMED with phone and legacy SMS MFA on;
 *   bob: CONFIRMED without phone; carol: FORCE_CHANGE_PASSWORD; dave: UNCONFIRMED; erin: disabled),
 *   plus alice's access token. Only read-only operations (AdminGetUser, GetUser, ListUsers, Describe*,
 *   List*, GetUserPoolMfaConfig) name them; no mutation value ever names them (the look-alike ids and
 *   tokens come from pool B or are made up), so no request that legitimately succeeds can touch them.
 * - scratch objects: one user per state-changing operation (its base request names only that user),
 *   scratch pools for UpdateUserPool/SetUserPoolMfaConfig and DeleteUserPool, a scratch client for
 *   DeleteUserPoolClient, scratch groups (one kept, one to delete) for the group operations, and pool B (the "another pool" of the look-alikes) which mutations may
 *   update or even delete.
 * Before the run the protected objects are snapshotted (AdminGetUser, DescribeUserPool,
 * GetUserPoolMfaConfig, DescribeUserPoolClient, GetUser); after it they must be equal (but for the
 * pool's EstimatedNumberOfUsers, which successful SignUp/AdminCreateUser mutations rightly raise),
 * alice's token must still work, and each protected user must still sign in as their state says.
 *
 * The scratch objects come in three sets with the same shape (buildScratch): the first answers each
 * operation's unmutated base request, sent first, which must succeed (that keeps the fixture honest:
 * a fuzzer whose every request fails at the first check finds nothing); the mutations start from the
 * second, so codes, sessions and deletable objects are still live when they arrive; the third is
 * raced, every base request eight times at once, where consume-once operations must succeed once.
 *
 * Look-alike credentials (tampered, truncated, alg "none" or ID tokens for access tokens, other
 * sessions, wrong codes, secret hashes and passwords) must be refused, not merely answered: a 200 to
 * one of them fails the run. A last test moves the clock past token, session and refresh-token
 * lifetimes and sends every base request again.
 *
 * The run is bounded and repeatable: seed SEED, about 6,500 requests, some 6 s on two cores.
 */
import assert from 'node:assert/strict';
import { Agent } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { randomBytes } from 'node:crypto';
import { secretHash } from '../../src/domain/clients.js';
import { g, modPowN, N, padHex } from '../../src/domain/srp.js';
import { totpCode, totpStep } from '../../src/domain/totp.js';
import { OPERATION_MODELS, TARGET_PREFIX, type OperationName } from '../../src/model/generated.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { mutations, Prng, problemWith, runPool, send, type Expect, type FuzzCase, type LookAlikes, type Outcome, type RawRequest } from './fuzz-lib.js';

/** A certificate ARN for custom domains (nothing is fetched). */
const CERT_ARN = 'arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000';

/** The suite runs this seed; FUZZ_SEED=<hex> explores others (a failure message names its seed). */
const SEED = process.env.FUZZ_SEED ? Number.parseInt(process.env.FUZZ_SEED, 16) : 0x0c09a7e;
const CONCURRENCY = 8;
const PASSWORD = 'Passw0rd!';
const SMS = { SnsCallerArn: 'arn:aws:iam::123456789012:role/cognito-sms', ExternalId: 'cognate-fuzz' };
const FLOWS = ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH'];
const JSON_HEADERS = { 'Content-Type': 'application/x-amz-json-1.1' };
const OPERATIONS = Object.keys(OPERATION_MODELS) as OperationName[];
/** The ARN of a pool, as the tagging operations take it (the region is the pool id's prefix). */
const arnOf = (poolId: string) => `arn:aws:cognito-idp:${poolId.split('_')[0]}:123456789012:userpool/${poolId}`;

interface Tokens {
  accessToken: string;
  idToken: string;
  refreshToken: string;
}

/** Everything the fixture made, by role. */
interface Fixture {
  poolA: string;
  clientPub: string;
  clientSec: string;
  clientSecSecret: string;
  poolB: string;
  clientB: string;
  userB: string;
  tokensB: Tokens;
  /** A pool that tracks devices (MFA off), and its client. */
  poolD: string;
  clientD: string;
  aliceTokens: Tokens;
  /** Every scratch user's tokens, by username (both scratch sets). */
  tokens: Map<string, Tokens>;
  /** Every live challenge session the fixture opened. */
  sessions: string[];
}

/**
 * The objects one set of base requests changes. There are two sets: the first answers the unmutated
 * base requests (which must succeed, and so use up codes, sessions and deletable objects); the
 * second is what the mutations start from, still live when they arrive.
 */
/** ProviderDetails of an OIDC provider (never contacted by these requests). */
const OIDC_DETAILS = {
  client_id: 'fuzz-client',
  client_secret: 'fuzz-secret',
  authorize_scopes: 'openid',
  attributes_request_method: 'GET',
  oidc_issuer: 'https://issuer.example.com',
};

/** The CloudWatch Logs role the import jobs name (cognate keeps it, never assumes it). */
const IMPORT_ROLE = 'arn:aws:iam::123456789012:role/CognitoImport';

interface Scratch {
  /** Suffix of every scratch username and name in the set. */
  tag: string;
  poolUpd: string;
  /** A pool without a domain, for CreateUserPoolDomain. */
  poolDom: string;
  poolDel: string;
  clientScratch: string;
  /** A confidential client in poolUpd for UpdateUserPoolClient and the client-secret operations. */
  clientUpd: string;
  /** One-shot values (codes, sessions, secrets) the bases need. */
  values: Record<string, string>;
}

const PROTECTED_USERS = ['alice', 'bob', 'carol', 'dave', 'erin'];

/**
 * Operations whose base request uses up what it names (a code, a session, a user): one success per base.
 * Not ChangePassword: racing changes from one old password to one new password all succeed, leaving the
 * same state as one would (each caller proved the old password; nothing is lost).
 */
const CONSUME_ONCE = new Set<OperationName>([
  'RespondToAuthChallenge',
  'AdminRespondToAuthChallenge',
  'ConfirmSignUp',
  'ConfirmForgotPassword',
  'VerifyUserAttribute',
  'VerifySoftwareToken',
  'DeleteUser',
  'AdminDeleteUser',
  'DeleteUserPool',
  'DeleteUserPoolClient',
  'SignUp',
  'AdminCreateUser',
  'CreateGroup',
  'DeleteGroup',
  // The client starts with one secret and may have two: of eight racing adds one lands; the one
  // deletable secret is deleted once.
  'AddUserPoolClientSecret',
  'DeleteUserPoolClientSecret',
  'ForgetDevice',
  'AdminForgetDevice',
]);

describe('robustness: a seeded fuzzer over every operation', () => {
  let s: TestServer;
  let agent: Agent;
  let fx: Fixture;

  const target = (op: string) => `${TARGET_PREFIX}.${op}`;
  const opRequest = (op: string, body: string): RawRequest => ({ headers: { ...JSON_HEADERS, 'X-Amz-Target': target(op) }, body });

  /** A fixture call that must succeed. */
  async function call(op: OperationName, body: Record<string, unknown>): Promise<any> {
    const o = await send(s.url, agent, opRequest(op, JSON.stringify(body)));
    if ('error' in o || o.status !== 200) throw new Error(`fixture ${op} failed: ${JSON.stringify(o)}`);
    return JSON.parse(o.text);
  }

  /** A call whose answer matters (status and __type) rather than success. */
  async function attempt(op: OperationName, body: Record<string, unknown>): Promise<{ status: number; body: any }> {
    const o = await send(s.url, agent, opRequest(op, JSON.stringify(body)));
    if ('error' in o) throw new Error(`${op}: ${o.error}`);
    return { status: o.status, body: JSON.parse(o.text) };
  }

  async function lastCode(poolId: string, username: string): Promise<string> {
    const o = await send(s.url, agent, { method: 'GET', path: `/_cognate/messages?poolId=${poolId}&username=${encodeURIComponent(username)}`, headers: {} });
    if ('error' in o) throw new Error(o.error);
    const m = (JSON.parse(o.text) as { messages: Array<{ code: string }> }).messages.at(-1);
    if (!m) throw new Error(`no message for ${username}`);
    return m.code;
  }

  async function confirmedUser(poolId: string, username: string, phone: string | null = '+15555551234'): Promise<void> {
    await call('AdminCreateUser', {
      UserPoolId: poolId,
      Username: username,
      MessageAction: 'SUPPRESS',
      UserAttributes: phone
        ? [
            { Name: 'phone_number', Value: phone },
            { Name: 'phone_number_verified', Value: 'true' },
          ]
        : [],
    });
    await call('AdminSetUserPassword', { UserPoolId: poolId, Username: username, Password: PASSWORD, Permanent: true });
  }

  async function signIn(clientId: string, username: string, secret?: string): Promise<Tokens> {
    const AuthParameters: Record<string, string> = { USERNAME: username, PASSWORD };
    if (secret) AuthParameters.SECRET_HASH = secretHash(secret, username, clientId);
    const r = await call('InitiateAuth', { ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters });
    const a = r.AuthenticationResult;
    if (!a) throw new Error(`sign-in of ${username} was challenged: ${r.ChallengeName}`);
    return { accessToken: a.AccessToken, idToken: a.IdToken, refreshToken: a.RefreshToken };
  }

  async function scratchUser(username: string, phone = '+15555551234', secret = false): Promise<Tokens> {
    await confirmedUser(fx.poolA, username, phone);
    const tokens = secret ? await signIn(fx.clientSec, username, fx.clientSecSecret) : await signIn(fx.clientPub, username);
    fx.tokens.set(username, tokens);
    return tokens;
  }

  async function buildFixture(): Promise<void> {
    const poolA = (
      await call('CreateUserPool', {
        PoolName: 'fuzz-a',
        MfaConfiguration: 'OPTIONAL',
        SmsConfiguration: SMS,
        AutoVerifiedAttributes: ['phone_number'],
      })
    ).UserPool.Id as string;
    await call('SetUserPoolMfaConfig', {
      UserPoolId: poolA,
      MfaConfiguration: 'OPTIONAL',
      SmsMfaConfiguration: { SmsConfiguration: SMS },
      SoftwareTokenMfaConfiguration: { Enabled: true },
    });
    const clientPub = (await call('CreateUserPoolClient', { UserPoolId: poolA, ClientName: 'public', ExplicitAuthFlows: FLOWS })).UserPoolClient.ClientId;
    const sec = (await call('CreateUserPoolClient', { UserPoolId: poolA, ClientName: 'confidential', GenerateSecret: true, ExplicitAuthFlows: FLOWS }))
      .UserPoolClient;
    const poolB = (await call('CreateUserPool', { PoolName: 'fuzz-b', MfaConfiguration: 'OFF' })).UserPool.Id as string;
    const clientB = (await call('CreateUserPoolClient', { UserPoolId: poolB, ClientName: 'b', ExplicitAuthFlows: FLOWS })).UserPoolClient.ClientId;
    fx = {
      poolA,
      clientPub,
      clientSec: sec.ClientId,
      clientSecSecret: sec.ClientSecret,
      poolB,
      clientB,
      userB: 'bea',
      tokensB: undefined as never,
      poolD: '',
      clientD: '',
      aliceTokens: undefined as never,
      tokens: new Map(),
      sessions: [],
    };
    await confirmedUser(poolB, 'bea');
    fx.tokensB = await signIn(clientB, 'bea');
    fx.poolD = (
      await call('CreateUserPool', { PoolName: 'fuzz-d', MfaConfiguration: 'OFF', DeviceConfiguration: { DeviceOnlyRememberedOnUserPrompt: false } })
    ).UserPool.Id;
    fx.clientD = (await call('CreateUserPoolClient', { UserPoolId: fx.poolD, ClientName: 'd', ExplicitAuthFlows: FLOWS })).UserPoolClient.ClientId;

    // The protected users.
    await confirmedUser(poolA, 'alice', '+15555550001');
    fx.aliceTokens = await signIn(clientPub, 'alice');
    await call('AdminSetUserSettings', { UserPoolId: poolA, Username: 'alice', MFAOptions: [{ DeliveryMedium: 'SMS', AttributeName: 'phone_number' }] });
    await confirmedUser(poolA, 'bob', null);
    await call('AdminCreateUser', { UserPoolId: poolA, Username: 'carol', TemporaryPassword: 'TempPassw0rd!', MessageAction: 'SUPPRESS' });
    await call('SignUp', { ClientId: clientPub, Username: 'dave', Password: PASSWORD, UserAttributes: [{ Name: 'phone_number', Value: '+15555550004' }] });
    await confirmedUser(poolA, 'erin', '+15555550005');
    await call('AdminDisableUser', { UserPoolId: poolA, Username: 'erin' });
  }

  /** One scratch set: a user per state-changing operation, scratch pools and client, live codes and sessions. */
  async function buildScratch(tag: string): Promise<Scratch> {
    const { poolA, clientPub } = fx;
    const n = (name: string) => `${name}${tag}`;
    const sc: Scratch = {
      tag,
      poolUpd: (await call('CreateUserPool', { PoolName: n('fuzz-update'), MfaConfiguration: 'OFF' })).UserPool.Id,
      poolDel: (await call('CreateUserPool', { PoolName: n('fuzz-delete') })).UserPool.Id,
      poolDom: (await call('CreateUserPool', { PoolName: n('fuzz-domain') })).UserPool.Id,
      clientScratch: (await call('CreateUserPoolClient', { UserPoolId: poolA, ClientName: n('scratch') })).UserPoolClient.ClientId,
      clientUpd: '',
      values: {},
    };
    sc.clientUpd = (await call('CreateUserPoolClient', { UserPoolId: sc.poolUpd, ClientName: n('upd'), GenerateSecret: true })).UserPoolClient.ClientId;
    sc.values.secretId = (await call('ListUserPoolClientSecrets', { UserPoolId: sc.poolUpd, ClientId: sc.clientUpd })).ClientSecrets[0].ClientSecretId;
    await call('CreateUserPoolDomain', { UserPoolId: sc.poolUpd, Domain: n('fuzzkeep') });
    await call('CreateUserPoolDomain', { UserPoolId: sc.poolUpd, Domain: `del${tag}.example.com`, CustomDomainConfig: { CertificateArn: CERT_ARN } });
    for (const u of [
      n('u-ast'),
      n('u-sump'),
      n('u-sus'),
      n('u-gso'),
      n('u-cp'),
      n('u-uua'),
      n('u-du'),
      n('u-guavc'),
      n('u-rt'),
      n('u-ia'),
      n('u-aia'),
      n('u-dua'),
      n('u-guaf'),
      n('u-gtfrt'),
    ])
      await scratchUser(u);
    await scratchUser(n('u-rt2'), '+15555551234', true);
    for (const u of [
      n('u-asump'),
      n('u-asus'),
      n('u-augso'),
      n('u-adu'),
      n('u-asup'),
      n('u-auua'),
      n('u-adis'),
      n('u-aen'),
      n('u-fp'),
      n('u-cfp'),
      n('u-rtac'),
      n('u-aautg'),
      n('u-arufg'),
      n('u-adua'),
      n('u-arup'),
    ])
      await confirmedUser(poolA, u);
    // Groups: one kept (read, updated, joined and left), one to delete; u-arufg starts as a member.
    for (const g of [n('g-keep'), n('g-del')]) await call('CreateGroup', { UserPoolId: poolA, GroupName: g });
    await call('AdminAddUserToGroup', { UserPoolId: poolA, Username: n('u-arufg'), GroupName: n('g-keep') });
    await call('AdminDisableUser', { UserPoolId: poolA, Username: n('u-aen') });
    // OAuth management: a resource server and an identity provider kept (read, updated, linked), one of
    // each to delete; u-alpu is linked by the base request, u-adpu starts linked.
    for (const id of [n('rs-keep'), n('rs-del')]) {
      await call('CreateResourceServer', { UserPoolId: sc.poolUpd, Identifier: id, Name: id, Scopes: [{ ScopeName: 'read', ScopeDescription: 'Read' }] });
    }
    for (const name of [n('idpkeep'), n('idpdel')]) {
      await call('CreateIdentityProvider', {
        UserPoolId: poolA,
        ProviderName: name,
        ProviderType: 'OIDC',
        ProviderDetails: OIDC_DETAILS,
        IdpIdentifiers: [n(`${name}-id`)],
      });
    }
    for (const u of [n('u-alpu'), n('u-adpu')]) await confirmedUser(poolA, u);
    await call('AdminLinkProviderForUser', {
      UserPoolId: poolA,
      DestinationUser: { ProviderName: 'Cognito', ProviderAttributeValue: n('u-adpu') },
      SourceUser: { ProviderName: n('idpkeep'), ProviderAttributeName: 'Cognito_Subject', ProviderAttributeValue: n('ext-adpu') },
    });
    for (const u of [n('u-acsu'), n('u-csu'), n('u-rcc')]) {
      await call('SignUp', { ClientId: clientPub, Username: u, Password: PASSWORD, UserAttributes: [{ Name: 'phone_number', Value: '+15555551234' }] });
    }
    sc.values.signUpCode = await lastCode(poolA, n('u-csu'));
    await call('ForgotPassword', { ClientId: clientPub, Username: n('u-cfp') });
    sc.values.forgotCode = await lastCode(poolA, n('u-cfp'));
    const vua = await scratchUser(n('u-vua'));
    await call('GetUserAttributeVerificationCode', { AccessToken: vua.accessToken, AttributeName: 'phone_number' });
    sc.values.verifyCode = await lastCode(poolA, n('u-vua'));
    const vst = await scratchUser(n('u-vst'));
    sc.values.totpSecret = (await call('AssociateSoftwareToken', { AccessToken: vst.accessToken })).SecretCode;
    // A live SMS_MFA challenge.
    await call('AdminSetUserSettings', { UserPoolId: poolA, Username: n('u-rtac'), MFAOptions: [{ DeliveryMedium: 'SMS', AttributeName: 'phone_number' }] });
    const challenge = await call('InitiateAuth', { ClientId: clientPub, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: n('u-rtac'), PASSWORD } });
    assert.equal(challenge.ChallengeName, 'SMS_MFA');
    sc.values.smsSession = challenge.Session;
    fx.sessions.push(challenge.Session);
    sc.values.smsCode = await lastCode(poolA, n('u-rtac'));
    // A live NEW_PASSWORD_REQUIRED challenge.
    await call('AdminCreateUser', { UserPoolId: poolA, Username: n('u-artac'), TemporaryPassword: 'TempPassw0rd!', MessageAction: 'SUPPRESS' });
    const npr = await call('AdminInitiateAuth', {
      UserPoolId: poolA,
      ClientId: clientPub,
      AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: n('u-artac'), PASSWORD: 'TempPassw0rd!' },
    });
    assert.equal(npr.ChallengeName, 'NEW_PASSWORD_REQUIRED');
    sc.values.nprSession = npr.Session;
    fx.sessions.push(npr.Session);
    // Devices in pool D: a sign-in whose new device ConfirmDevice confirms; a user with a confirmed device
    // (read and set remembered or not); one device each for ForgetDevice and AdminForgetDevice.
    for (const [u, confirm] of [
      ['u-cd', false],
      ['u-dev', true],
      ['u-fd', true],
      ['u-afd', true],
    ] as const) {
      await confirmedUser(fx.poolD, n(u), null);
      const a = (await call('InitiateAuth', { ClientId: fx.clientD, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: n(u), PASSWORD } }))
        .AuthenticationResult;
      sc.values[`${u}:token`] = a.AccessToken;
      sc.values[`${u}:key`] = a.NewDeviceMetadata.DeviceKey;
      if (confirm) await call('ConfirmDevice', { AccessToken: a.AccessToken, DeviceKey: a.NewDeviceMetadata.DeviceKey, DeviceName: 'fuzz' });
    }
    // Import jobs in pool A: one to describe, one to start, and one InProgress (StartUserImportJob runs a job
    // within its request, so only the store can leave one running) to stop.
    for (const name of ['describe', 'start', 'stop']) {
      sc.values[`job:${name}`] = (
        await call('CreateUserImportJob', { UserPoolId: poolA, JobName: n(name), CloudWatchLogsRoleArn: IMPORT_ROLE })
      ).UserImportJob.JobId;
    }
    const stoppable = (await s.app.services.store.getImportJob(sc.values['job:stop']!))!;
    await s.app.services.store.updateImportJob({ ...stoppable, status: 'InProgress', startedAt: stoppable.createdAt }, 'Created');
    return sc;
  }

  /** Valid requests, one or more per operation, changing only the objects of one scratch set. */
  function bases(sc: Scratch): Record<OperationName, Array<Record<string, unknown>>> {
    const A = fx.poolA;
    const n = (name: string) => `${name}${sc.tag}`;
    const tok = (u: string) => fx.tokens.get(u)!.accessToken;
    const mfaOptions = [{ DeliveryMedium: 'SMS', AttributeName: 'phone_number' }];
    const srpA = padHex(modPowN(g, BigInt(`0x${randomBytes(32).toString('hex')}`)));
    return {
      CreateUserPool: [
        {
          PoolName: 'fuzz-new',
          MfaConfiguration: 'OFF',
          Policies: { PasswordPolicy: { MinimumLength: 8, RequireNumbers: true } },
          UserPoolTags: { team: 'fuzz' },
        },
      ],
      DescribeUserPool: [{ UserPoolId: A }],
      ListUserPools: [{ MaxResults: 10 }],
      UpdateUserPool: [{ UserPoolId: sc.poolUpd, MfaConfiguration: 'OPTIONAL', SmsConfiguration: SMS, AutoVerifiedAttributes: ['phone_number'] }],
      DeleteUserPool: [{ UserPoolId: sc.poolDel }],
      SetUserPoolMfaConfig: [{ UserPoolId: sc.poolUpd, MfaConfiguration: 'OPTIONAL', SoftwareTokenMfaConfiguration: { Enabled: true } }],
      GetUserPoolMfaConfig: [{ UserPoolId: A }],
      CreateUserPoolClient: [
        {
          UserPoolId: A,
          ClientName: 'fuzz-client',
          GenerateSecret: false,
          ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
          AccessTokenValidity: 60,
          TokenValidityUnits: { AccessToken: 'minutes' },
        },
      ],
      DescribeUserPoolClient: [{ UserPoolId: A, ClientId: fx.clientSec }],
      ListUserPoolClients: [{ UserPoolId: A, MaxResults: 10 }],
      DeleteUserPoolClient: [{ UserPoolId: A, ClientId: sc.clientScratch }],
      AdminCreateUser: [
        {
          UserPoolId: A,
          Username: n('fuzz-created'),
          TemporaryPassword: 'TempPassw0rd!',
          MessageAction: 'SUPPRESS',
          UserAttributes: [
            { Name: 'phone_number', Value: '+15555551234' },
            { Name: 'email', Value: 'fuzz@example.com' },
          ],
          DesiredDeliveryMediums: ['SMS'],
        },
      ],
      AdminGetUser: [{ UserPoolId: A, Username: 'alice' }],
      AdminDeleteUser: [{ UserPoolId: A, Username: n('u-adu') }],
      ListUsers: [{ UserPoolId: A, Filter: 'username = "alice"', Limit: 5, AttributesToGet: ['phone_number'] }],
      AdminSetUserPassword: [{ UserPoolId: A, Username: n('u-asup'), Password: 'Fr3shPassw0rd!', Permanent: true }],
      AdminConfirmSignUp: [{ UserPoolId: A, Username: n('u-acsu') }],
      AdminUpdateUserAttributes: [
        {
          UserPoolId: A,
          Username: n('u-auua'),
          UserAttributes: [
            { Name: 'phone_number', Value: '+15555550199' },
            { Name: 'name', Value: 'Fuzz' },
          ],
        },
      ],
      AdminDisableUser: [{ UserPoolId: A, Username: n('u-adis') }],
      AdminEnableUser: [{ UserPoolId: A, Username: n('u-aen') }],
      GetUser: [{ AccessToken: fx.aliceTokens.accessToken }],
      InitiateAuth: [
        {
          ClientId: fx.clientSec,
          AuthFlow: 'USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: n('u-ia'), PASSWORD, SECRET_HASH: secretHash(fx.clientSecSecret, n('u-ia'), fx.clientSec) },
        },
        { ClientId: fx.clientPub, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: fx.tokens.get(n('u-ia'))!.refreshToken } },
        { ClientId: fx.clientPub, AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME: n('u-ia'), SRP_A: srpA } },
      ],
      AdminInitiateAuth: [{ UserPoolId: A, ClientId: fx.clientPub, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME: n('u-aia'), PASSWORD } }],
      RespondToAuthChallenge: [
        {
          ClientId: fx.clientPub,
          ChallengeName: 'SMS_MFA',
          Session: sc.values.smsSession,
          ChallengeResponses: { USERNAME: n('u-rtac'), SMS_MFA_CODE: sc.values.smsCode },
        },
      ],
      AdminRespondToAuthChallenge: [
        {
          UserPoolId: A,
          ClientId: fx.clientPub,
          ChallengeName: 'NEW_PASSWORD_REQUIRED',
          Session: sc.values.nprSession,
          ChallengeResponses: { USERNAME: n('u-artac'), NEW_PASSWORD: 'N3wPassw0rd!' },
        },
      ],
      GlobalSignOut: [{ AccessToken: tok(n('u-gso')) }],
      AdminUserGlobalSignOut: [{ UserPoolId: A, Username: n('u-augso') }],
      RevokeToken: [
        { Token: fx.tokens.get(n('u-rt'))!.refreshToken, ClientId: fx.clientPub },
        { Token: fx.tokens.get(n('u-rt2'))!.refreshToken, ClientId: fx.clientSec, ClientSecret: fx.clientSecSecret },
      ],
      SetUserSettings: [{ AccessToken: tok(n('u-sus')), MFAOptions: mfaOptions }],
      AdminSetUserSettings: [{ UserPoolId: A, Username: n('u-asus'), MFAOptions: mfaOptions }],
      SetUserMFAPreference: [{ AccessToken: tok(n('u-sump')), SMSMfaSettings: { Enabled: true, PreferredMfa: true } }],
      AdminSetUserMFAPreference: [
        { UserPoolId: A, Username: n('u-asump'), SMSMfaSettings: { Enabled: true, PreferredMfa: false }, SoftwareTokenMfaSettings: { Enabled: false } },
      ],
      AssociateSoftwareToken: [{ AccessToken: tok(n('u-ast')) }],
      VerifySoftwareToken: [{ AccessToken: tok(n('u-vst')), UserCode: totpCode(sc.values.totpSecret!, totpStep(s.clock.now())), FriendlyDeviceName: 'phone' }],
      SignUp: [
        {
          ClientId: fx.clientSec,
          SecretHash: secretHash(fx.clientSecSecret, n('fuzz-signup'), fx.clientSec),
          Username: n('fuzz-signup'),
          Password: PASSWORD,
          UserAttributes: [{ Name: 'phone_number', Value: '+15555551234' }],
        },
      ],
      ConfirmSignUp: [{ ClientId: fx.clientPub, Username: n('u-csu'), ConfirmationCode: sc.values.signUpCode }],
      ResendConfirmationCode: [{ ClientId: fx.clientPub, Username: n('u-rcc') }],
      ForgotPassword: [{ ClientId: fx.clientSec, Username: n('u-fp'), SecretHash: secretHash(fx.clientSecSecret, n('u-fp'), fx.clientSec) }],
      ConfirmForgotPassword: [{ ClientId: fx.clientPub, Username: n('u-cfp'), ConfirmationCode: sc.values.forgotCode, Password: 'An0therPassw0rd!' }],
      ChangePassword: [{ AccessToken: tok(n('u-cp')), PreviousPassword: PASSWORD, ProposedPassword: 'Chang3dPassw0rd!' }],
      UpdateUserAttributes: [{ AccessToken: tok(n('u-uua')), UserAttributes: [{ Name: 'name', Value: 'Fuzz' }] }],
      GetUserAttributeVerificationCode: [{ AccessToken: tok(n('u-guavc')), AttributeName: 'phone_number' }],
      VerifyUserAttribute: [{ AccessToken: tok(n('u-vua')), AttributeName: 'phone_number', Code: sc.values.verifyCode }],
      DeleteUser: [{ AccessToken: tok(n('u-du')) }],
      CreateGroup: [{ UserPoolId: A, GroupName: n('g-new'), Description: 'fuzz', RoleArn: 'arn:aws:iam::123456789012:role/fuzz', Precedence: 1 }],
      GetGroup: [{ UserPoolId: A, GroupName: n('g-keep') }],
      ListGroups: [{ UserPoolId: A, Limit: 5 }],
      UpdateGroup: [{ UserPoolId: A, GroupName: n('g-keep'), Description: 'updated', RoleArn: 'arn:aws:iam::123456789012:role/fuzz2', Precedence: 3 }],
      DeleteGroup: [{ UserPoolId: A, GroupName: n('g-del') }],
      AdminAddUserToGroup: [{ UserPoolId: A, Username: n('u-aautg'), GroupName: n('g-keep') }],
      AdminRemoveUserFromGroup: [{ UserPoolId: A, Username: n('u-arufg'), GroupName: n('g-keep') }],
      AdminListGroupsForUser: [{ UserPoolId: A, Username: 'alice', Limit: 5 }],
      ListUsersInGroup: [{ UserPoolId: A, GroupName: n('g-keep'), Limit: 5 }],
      AddCustomAttributes: [
        { UserPoolId: sc.poolUpd, CustomAttributes: [{ Name: 'fuzz', AttributeDataType: 'String', StringAttributeConstraints: { MaxLength: '64' } }] },
      ],
      UpdateUserPoolClient: [{ UserPoolId: sc.poolUpd, ClientId: sc.clientUpd, ClientName: 'renamed', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'] }],
      AddUserPoolClientSecret: [{ UserPoolId: sc.poolUpd, ClientId: sc.clientUpd }],
      DeleteUserPoolClientSecret: [{ UserPoolId: sc.poolUpd, ClientId: sc.clientUpd, ClientSecretId: sc.values.secretId }],
      ListUserPoolClientSecrets: [{ UserPoolId: A, ClientId: fx.clientSec }],
      TagResource: [{ ResourceArn: arnOf(sc.poolUpd), Tags: { fuzz: 'yes', team: 'fuzz' } }],
      UntagResource: [{ ResourceArn: arnOf(sc.poolUpd), TagKeys: ['fuzz'] }],
      ListTagsForResource: [{ ResourceArn: arnOf(A) }],
      AdminDeleteUserAttributes: [{ UserPoolId: A, Username: n('u-adua'), UserAttributeNames: ['phone_number'] }],
      DeleteUserAttributes: [{ AccessToken: tok(n('u-dua')), UserAttributeNames: ['phone_number'] }],
      AdminResetUserPassword: [{ UserPoolId: A, Username: n('u-arup') }],
      GetUserAuthFactors: [{ AccessToken: tok(n('u-guaf')) }],
      GetTokensFromRefreshToken: [{ ClientId: fx.clientPub, RefreshToken: fx.tokens.get(n('u-gtfrt'))!.refreshToken }],
      CreateResourceServer: [
        { UserPoolId: sc.poolUpd, Identifier: n('https://api.example.com/new'), Name: 'new', Scopes: [{ ScopeName: 'write', ScopeDescription: 'Write' }] },
      ],
      DescribeResourceServer: [{ UserPoolId: sc.poolUpd, Identifier: n('rs-keep') }],
      ListResourceServers: [{ UserPoolId: sc.poolUpd, MaxResults: 5 }],
      UpdateResourceServer: [
        { UserPoolId: sc.poolUpd, Identifier: n('rs-keep'), Name: 'renamed', Scopes: [{ ScopeName: 'admin', ScopeDescription: 'Admin' }] },
      ],
      DeleteResourceServer: [{ UserPoolId: sc.poolUpd, Identifier: n('rs-del') }],
      CreateIdentityProvider: [
        {
          UserPoolId: A,
          ProviderName: n('idpnew'),
          ProviderType: 'OIDC',
          ProviderDetails: OIDC_DETAILS,
          AttributeMapping: { email: 'email' },
          IdpIdentifiers: [n('idpnew-id')],
        },
      ],
      DescribeIdentityProvider: [{ UserPoolId: A, ProviderName: n('idpkeep') }],
      ListIdentityProviders: [{ UserPoolId: A, MaxResults: 5 }],
      UpdateIdentityProvider: [
        {
          UserPoolId: A,
          ProviderName: n('idpkeep'),
          ProviderDetails: { ...OIDC_DETAILS, authorize_scopes: 'openid email' },
          AttributeMapping: { email: 'email' },
        },
      ],
      DeleteIdentityProvider: [{ UserPoolId: A, ProviderName: n('idpdel') }],
      GetIdentityProviderByIdentifier: [{ UserPoolId: A, IdpIdentifier: n('idpkeep-id') }],
      AdminLinkProviderForUser: [
        {
          UserPoolId: A,
          DestinationUser: { ProviderName: 'Cognito', ProviderAttributeValue: n('u-alpu') },
          SourceUser: { ProviderName: n('idpkeep'), ProviderAttributeName: 'Cognito_Subject', ProviderAttributeValue: n('ext-alpu') },
        },
      ],
      AdminDisableProviderForUser: [
        { UserPoolId: A, User: { ProviderName: n('idpkeep'), ProviderAttributeName: 'Cognito_Subject', ProviderAttributeValue: n('ext-adpu') } },
      ],
      SetUICustomization: [{ UserPoolId: sc.poolUpd, ClientId: sc.clientUpd, CSS: '.label-customizable { font-weight: 400; }' }],
      GetUICustomization: [{ UserPoolId: A, ClientId: 'ALL' }],
      CreateUserPoolDomain: [{ UserPoolId: sc.poolDom, Domain: n('fuzznew'), ManagedLoginVersion: 2 }],
      DescribeUserPoolDomain: [{ Domain: n('fuzzkeep') }],
      UpdateUserPoolDomain: [{ UserPoolId: sc.poolUpd, Domain: n('fuzzkeep'), ManagedLoginVersion: 2 }],
      DeleteUserPoolDomain: [{ UserPoolId: sc.poolUpd, Domain: `del${sc.tag}.example.com` }],
      GetSigningCertificate: [{ UserPoolId: A }],
      ConfirmDevice: [
        {
          AccessToken: sc.values['u-cd:token'],
          DeviceKey: sc.values['u-cd:key'],
          DeviceName: 'fuzz',
          DeviceSecretVerifierConfig: { Salt: 'c2FsdA==', PasswordVerifier: 'dmVyaWZpZXI=' },
        },
      ],
      GetDevice: [{ AccessToken: sc.values['u-dev:token'], DeviceKey: sc.values['u-dev:key'] }],
      ListDevices: [{ AccessToken: sc.values['u-dev:token'], Limit: 5 }, { AccessToken: fx.aliceTokens.accessToken }],
      ForgetDevice: [{ AccessToken: sc.values['u-fd:token'], DeviceKey: sc.values['u-fd:key'] }],
      UpdateDeviceStatus: [{ AccessToken: sc.values['u-dev:token'], DeviceKey: sc.values['u-dev:key'], DeviceRememberedStatus: 'remembered' }],
      AdminGetDevice: [{ UserPoolId: fx.poolD, Username: n('u-dev'), DeviceKey: sc.values['u-dev:key'] }],
      AdminListDevices: [
        { UserPoolId: fx.poolD, Username: n('u-dev'), Limit: 5 },
        { UserPoolId: A, Username: 'alice' },
      ],
      AdminForgetDevice: [{ UserPoolId: fx.poolD, Username: n('u-afd'), DeviceKey: sc.values['u-afd:key'] }],
      AdminUpdateDeviceStatus: [{ UserPoolId: fx.poolD, Username: n('u-dev'), DeviceKey: sc.values['u-dev:key'], DeviceRememberedStatus: 'remembered' }],
      GetCSVHeader: [{ UserPoolId: A }],
      CreateUserImportJob: [{ UserPoolId: A, JobName: n('fuzz-import'), CloudWatchLogsRoleArn: IMPORT_ROLE }],
      DescribeUserImportJob: [{ UserPoolId: A, JobId: sc.values['job:describe'] }],
      ListUserImportJobs: [{ UserPoolId: A, MaxResults: 2 }],
      StartUserImportJob: [{ UserPoolId: A, JobId: sc.values['job:start'] }],
      StopUserImportJob: [{ UserPoolId: A, JobId: sc.values['job:stop'] }],
    };
  }

  /** `text` with the character at `i` replaced by a different one. */
  function flip(text: string, i: number): string {
    return `${text.slice(0, i)}${text[i] === 'A' ? 'B' : 'A'}${text.slice(i + 1)}`;
  }
  /** JWT surgery for the token look-alikes. */
  function tamperSignature(jwt: string): string {
    const [h, p, sig] = jwt.split('.');
    if (!sig) return `${jwt}x`;
    return `${h}.${p}.${flip(sig, 5)}`;
  }
  function tamperPayload(jwt: string): string {
    const [h, p, sig] = jwt.split('.');
    if (!p) return `${jwt}.x`;
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
    claims.username = 'alice';
    claims.exp = 4102444800;
    return `${h}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${sig}`;
  }
  function algNone(jwt: string): string {
    const p = jwt.split('.')[1] ?? '';
    return `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${p}.`;
  }

  /**
   * Look-alike values per member name. None of them names a protected object: ids and tokens come from
   * pool B, from the same scratch user (its ID token), or are made up.
   */
  const lookAlikes: LookAlikes = (member, original) => {
    const o = typeof original === 'string' ? original : '';
    const all = (mustFail: boolean, values: unknown[]) => values.map((value) => ({ value, mustFail }));
    return [...all(false, maybe(member, o)), ...all(true, forged(member, o))];
  };

  /** Look-alikes that may succeed: another pool's objects are real, and RevokeToken forgives unknown tokens. */
  function maybe(member: string, o: string): unknown[] {
    switch (member) {
      case 'UserPoolId':
        return [fx.poolB];
      case 'ClientId':
        return [fx.clientB];
      case 'Username':
      case 'USERNAME':
        return [fx.userB, 'nobody-here', `${o}\u0000`, o.toUpperCase(), `${o} `];
      case 'AccessToken':
        return [fx.tokensB.accessToken];
      case 'Token': {
        const own = [...fx.tokens.values()].find((t) => t.refreshToken === o);
        return [fx.tokensB.refreshToken, o.slice(0, -4), flip(o, o.length - 1), own?.idToken ?? 'y'];
      }
      case 'SRP_A':
        // A ≡ 0 (mod N) gets its PASSWORD_VERIFIER challenge; domain/srp.ts refuses it at the verifier step.
        return ['f'.repeat(2048), '0', padHex(0n), padHex(N), padHex(2n * N)];
      default:
        return [];
    }
  }

  /** Look-alikes that must be refused: forged, truncated, tampered, of the wrong kind, or made up. */
  function forged(member: string, o: string): unknown[] {
    const tokenLike = (t: string) => [t.slice(0, -7), tamperSignature(t), tamperPayload(t), algNone(t), `${t}.${t.split('.')[2] ?? ''}`];
    const differs = (values: string[]) => values.filter((v) => v !== o);
    switch (member) {
      case 'UserPoolId':
        return differs(['us-east-1_ZZZZZZZZZ', o.toLowerCase(), `${o} `, `eu-west-1_${o.split('_')[1] ?? 'X'}`]);
      case 'ClientId':
        return differs(['a'.repeat(26), o.toUpperCase(), `${o}x`]);
      case 'AccessToken': {
        const own = [...fx.tokens.values()].find((t) => t.accessToken === o) ?? fx.aliceTokens;
        return [own.idToken, own.refreshToken, ...tokenLike(o), 'eyJhbGciOiJSUzI1NiJ9.e30.c2ln'];
      }
      case 'Token': {
        const own = [...fx.tokens.values()].find((t) => t.refreshToken === o);
        return [own?.accessToken ?? 'x'];
      }
      case 'REFRESH_TOKEN':
      case 'RefreshToken': {
        const own = [...fx.tokens.values()].find((t) => t.refreshToken === o);
        return [fx.tokensB.refreshToken, own?.accessToken ?? 'x', own?.idToken ?? 'y', o.slice(0, -4), flip(o, o.length - 1)];
      }
      case 'Session':
        return [o.slice(0, -10), flip(o, 20), fx.sessions.find((x) => x !== o)!, 'A'.repeat(44)];
      case 'SecretHash':
      case 'SECRET_HASH':
        return [secretHash(fx.clientSecSecret, 'someone-else', fx.clientSec), secretHash('wrong-secret', 'nobody', fx.clientSec), 'AAAA', '!!!not-base64!!!'];
      case 'ClientSecret':
        return ['wrong-secret', o.slice(0, -1)];
      case 'ConfirmationCode':
      case 'Code':
      case 'UserCode':
      case 'SMS_MFA_CODE':
        return differs(['000000', '999999', '12345a', `${o}0`]);
      case 'PASSWORD':
      case 'PreviousPassword':
        return ['Wr0ngPassw0rd!', o.toLowerCase()];
      case 'SRP_A':
        return ['zz', 'f'.repeat(2049)];
      default:
        return [];
    }
  }

  /** The protected objects, as read-only operations see them. */
  async function snapshot(): Promise<unknown> {
    const pool = (await call('DescribeUserPool', { UserPoolId: fx.poolA })).UserPool;
    delete pool.EstimatedNumberOfUsers;
    const users: Record<string, unknown> = {};
    for (const u of PROTECTED_USERS) users[u] = await call('AdminGetUser', { UserPoolId: fx.poolA, Username: u });
    return {
      pool,
      users,
      mfa: await call('GetUserPoolMfaConfig', { UserPoolId: fx.poolA }),
      clients: [
        await call('DescribeUserPoolClient', { UserPoolId: fx.poolA, ClientId: fx.clientPub }),
        await call('DescribeUserPoolClient', { UserPoolId: fx.poolA, ClientId: fx.clientSec }),
      ],
      secrets: await call('ListUserPoolClientSecrets', { UserPoolId: fx.poolA, ClientId: fx.clientSec }),
      tags: await call('ListTagsForResource', { ResourceArn: arnOf(fx.poolA) }),
      aliceSelf: await call('GetUser', { AccessToken: fx.aliceTokens.accessToken }),
    };
  }

  /** Protocol abuse for one operation: bodies, headers and sizes no SDK would send. */
  function abuseCases(op: OperationName, base: Record<string, unknown>, rng: Prng): FuzzCase[] {
    const json = JSON.stringify(base);
    const t = target(op);
    const c = (label: string, headers: Record<string, string>, body: string | Buffer | undefined, expect: Expect): FuzzCase => ({
      op,
      label,
      request: { headers, body },
      expect,
    });
    const withType = { ...JSON_HEADERS, 'X-Amz-Target': t };
    const max = 1024 * 1024;
    const key = Object.keys(base)[0] ?? 'Fuzz';
    // A valid JSON document whose serialised size is exactly `size` bytes.
    const sized = (size: number) => {
      const head = `{"${key}":"`;
      const tail = `"${json.length > 2 ? `,${json.slice(1, -1)}` : ''}}`;
      return head + 'a'.repeat(size - head.length - tail.length) + tail;
    };
    return [
      c('invalid JSON', withType, '{"a": nope}', 'operation'),
      c('truncated JSON', withType, json.slice(0, Math.max(1, Math.floor(json.length / 2))), 'operation'),
      c('trailing garbage', withType, `${json}}`, 'operation'),
      c('JSON array body', withType, JSON.stringify([base]), 'operation'),
      c('JSON string body', withType, JSON.stringify(json), 'operation'),
      c('JSON number body', withType, '42', 'operation'),
      c('JSON true body', withType, 'true', 'operation'),
      c('JSON null body', withType, 'null', 'operation'),
      c('empty body', withType, undefined, 'operation'),
      c('whitespace body', withType, ' \n\t ', 'operation'),
      c('byte-order mark before the JSON', withType, `\uFEFF${json}`, 'operation'),
      c(
        'invalid UTF-8',
        withType,
        Buffer.concat([Buffer.from(json.slice(0, -1)), Buffer.from([0x2c, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d])]),
        'operation',
      ),
      c('NUL bytes', withType, Buffer.from([0, 0, 0, 0]), 'operation'),
      c('text/plain', { 'Content-Type': 'text/plain', 'X-Amz-Target': t }, json, 'mediaType'),
      c('application/json', { 'Content-Type': 'application/json', 'X-Amz-Target': t }, json, 'mediaType'),
      c('no Content-Type', { 'X-Amz-Target': t }, json, 'mediaType'),
      c('empty Content-Type', { 'Content-Type': '', 'X-Amz-Target': t }, json, 'mediaType'),
      c('charset parameter', { 'Content-Type': 'application/x-amz-json-1.1; charset=utf-8', 'X-Amz-Target': t }, json, 'operation'),
      c('no X-Amz-Target', JSON_HEADERS, json, 'unknownOperation'),
      c('empty X-Amz-Target', { ...JSON_HEADERS, 'X-Amz-Target': '' }, json, 'unknownOperation'),
      c('X-Amz-Target without prefix', { ...JSON_HEADERS, 'X-Amz-Target': op }, json, 'unknownOperation'),
      c('X-Amz-Target with another prefix', { ...JSON_HEADERS, 'X-Amz-Target': `AWSCognitoIdentityService.${op}` }, json, 'unknownOperation'),
      c('X-Amz-Target in lower case', { ...JSON_HEADERS, 'X-Amz-Target': `${TARGET_PREFIX}.${op.toLowerCase()}` }, json, 'unknownOperation'),
      c('X-Amz-Target with a trailing dot', { ...JSON_HEADERS, 'X-Amz-Target': `${t}.` }, json, 'unknownOperation'),
      c('X-Amz-Target of 8 KiB with Latin-1 letters', { ...JSON_HEADERS, 'X-Amz-Target': `${t}${'\u00e9'.repeat(8192)}` }, json, 'unknownOperation'),
      c(
        'X-Amz-Target naming a prototype member',
        { ...JSON_HEADERS, 'X-Amz-Target': `${TARGET_PREFIX}.${rng.pick(['__proto__', 'constructor', 'toString', 'hasOwnProperty'])}` },
        json,
        'unknownOperation',
      ),
      c('body just under 1 MiB', withType, sized(max - rng.int(64)), 'operation'),
      c('body of exactly 1 MiB', withType, sized(max), 'operation'),
      c('body one byte over 1 MiB', withType, sized(max + 1), 'tooLarge'),
      c('body of 3 MiB', withType, sized(3 * max), 'tooLarge'),
    ];
  }

  /** Runs cases eight at a time and returns a line per failed check. */
  async function runCases(cases: FuzzCase[]): Promise<string[]> {
    const outcomes = await runPool(
      cases.map((c) => () => send(s.url, agent, c.request)),
      CONCURRENCY,
    );
    requestsSent += cases.length;
    const failures: string[] = [];
    outcomes.forEach((o, i) => {
      const c = cases[i]!;
      if (process.env.FUZZ_VERBOSE && !('error' in o)) {
        const key = `${c.op} ${o.status} ${o.status === 200 ? '' : (JSON.parse(o.text) as { __type?: string }).__type}`;
        tally.set(key, (tally.get(key) ?? 0) + 1);
      }
      const p = problemWith(c.op, c.expect, o);
      if (p) failures.push(`${c.op} [${c.label}]: ${p}`);
    });
    return failures;
  }

  async function healthy(): Promise<Outcome> {
    requestsSent++;
    return send(s.url, agent, { method: 'GET', path: '/health', headers: {} });
  }

  let requestsSent = 0;
  const tally = new Map<string, number>();
  let before_: unknown;
  let checkSet: Scratch;
  let mutationSet: Scratch;
  let raceSet: Scratch;

  before(async () => {
    s = await startServer();
    agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    await buildFixture();
    checkSet = await buildScratch('');
    mutationSet = await buildScratch('-m');
    raceSet = await buildScratch('-r');
    before_ = await snapshot();
  });
  after(async () => {
    agent.destroy();
    await s.close();
  });

  it('answers every mutated and abusive request with a modelled error or success, never a 500, and keeps serving', async () => {
    const started = performance.now();
    const rng = new Prng(SEED);
    const checks = bases(checkSet);
    const all = bases(mutationSet);
    const failures: string[] = [];
    for (const op of OPERATIONS) {
      const opBases = all[op];
      assert.ok(opBases && opBases.length > 0, `no base request for ${op}`);
      // The unmodified requests first: each must succeed, or the fixture is not what it claims.
      for (const base of checks[op]) {
        const o = await send(s.url, agent, opRequest(op, JSON.stringify(base)));
        requestsSent++;
        if ('error' in o || o.status !== 200) failures.push(`${op} [base request]: ${'error' in o ? o.error : `${o.status} ${o.text.slice(0, 300)}`}`);
      }
      const cases: FuzzCase[] = [];
      for (const base of opBases) {
        for (const m of mutations(op, base, rng, lookAlikes))
          cases.push({ op, label: m.label, request: opRequest(op, m.body), expect: m.mustFail ? 'failure' : 'operation' });
      }
      cases.push(...abuseCases(op, opBases[0]!, rng));
      failures.push(...(await runCases(cases)));
      const h = await healthy();
      if ('error' in h || h.status !== 200) {
        failures.push(`GET /health after ${op}: ${'error' in h ? h.error : h.status}`);
        break;
      }
    }

    // Many at once: 200 requests in flight together on fresh connections, valid and not.
    const burstAgent = new Agent({ keepAlive: false, maxSockets: Infinity });
    const burst: FuzzCase[] = Array.from({ length: 200 }, (_, i) => {
      const op = OPERATIONS[i % OPERATIONS.length]!;
      const body = i % 3 === 0 ? JSON.stringify(all[op][0]) : i % 3 === 1 ? '{"broken":' : JSON.stringify({ Fuzz: i });
      return { op, label: `burst ${i}`, request: opRequest(op, body), expect: 'operation' };
    });
    const burstOutcomes = await Promise.all(burst.map((c) => send(s.url, burstAgent, c.request)));
    burstAgent.destroy();
    requestsSent += burst.length;
    burstOutcomes.forEach((o, i) => {
      const p = problemWith(burst[i]!.op, 'operation', o);
      if (p) failures.push(`${burst[i]!.op} [${burst[i]!.label}]: ${p}`);
    });
    const h = await healthy();
    if ('error' in h || h.status !== 200) failures.push('GET /health after the burst failed');

    // Races: every base request of a third scratch set eight times at once. Codes, sessions and
    // refresh tokens are consumed once, however many arrive together.
    const races = bases(raceSet);
    for (const op of OPERATIONS) {
      const cases = races[op].flatMap((base, i) =>
        Array.from(
          { length: CONCURRENCY },
          (_, k): FuzzCase => ({
            op,
            label: `race ${i + 1}.${k + 1}`,
            request: opRequest(op, JSON.stringify(base)),
            expect: 'operation',
          }),
        ),
      );
      const outcomes = await Promise.all(cases.map((c) => send(s.url, agent, c.request)));
      requestsSent += cases.length;
      outcomes.forEach((o, i) => {
        const p = problemWith(op, 'operation', o);
        if (p) failures.push(`${op} [${cases[i]!.label}]: ${p}`);
      });
      if (CONSUME_ONCE.has(op)) {
        const wins = outcomes.filter((o) => !('error' in o) && o.status === 200).length;
        if (wins !== races[op].length) failures.push(`${op}: ${wins} of ${cases.length} racing requests succeeded; wanted exactly ${races[op].length}`);
      }
    }

    const seconds = (performance.now() - started) / 1000;
    console.log(`fuzz: seed ${SEED.toString(16)}, ${requestsSent} requests in ${seconds.toFixed(1)} s, ${failures.length} failures`);
    if (process.env.FUZZ_VERBOSE) {
      for (const f of failures) console.log(f);
      for (const [k, n] of [...tally].sort()) console.log(`tally ${k} ${n}`);
    }
    assert.deepEqual(failures.slice(0, 60), [], `${failures.length} responses failed the checks (seed ${SEED.toString(16)})`);
    const unexpected = s.logs.filter((l) => / failed \(request /.test(l) || l.startsWith('unhandled error'));
    assert.deepEqual(unexpected.slice(0, 10), [], 'the server logged unexpected failures');
  });

  it('leaves the protected fixture exactly as it was', async () => {
    assert.deepEqual(await snapshot(), before_);
    // And each protected user still signs in as their state says.
    const alice = await call('InitiateAuth', { ClientId: fx.clientPub, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'alice', PASSWORD } });
    assert.equal(alice.ChallengeName, 'SMS_MFA');
    const bob = await call('InitiateAuth', { ClientId: fx.clientPub, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'bob', PASSWORD } });
    assert.ok(bob.AuthenticationResult?.AccessToken);
    const carol = await call('AdminInitiateAuth', {
      UserPoolId: fx.poolA,
      ClientId: fx.clientPub,
      AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: 'carol', PASSWORD: 'TempPassw0rd!' },
    });
    assert.equal(carol.ChallengeName, 'NEW_PASSWORD_REQUIRED');
    const dave = await attempt('InitiateAuth', { ClientId: fx.clientPub, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'dave', PASSWORD } });
    assert.equal(dave.body.__type, 'UserNotConfirmedException');
    const erin = await attempt('InitiateAuth', { ClientId: fx.clientPub, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'erin', PASSWORD } });
    assert.deepEqual([erin.body.__type, erin.body.message], ['NotAuthorizedException', 'User is disabled.']);
  });

  it('answers every base request the same way once tokens, codes and sessions have expired', async () => {
    const failures: string[] = [];
    // Past the access tokens' hour and the challenge sessions' minutes, then past the refresh tokens' 30 days.
    for (const seconds of [2 * 3600, 31 * 86400]) {
      s.clock.advance(seconds);
      const cases: FuzzCase[] = [];
      for (const set of [checkSet, mutationSet]) {
        const all = bases(set);
        for (const op of OPERATIONS) {
          all[op].forEach((base, i) => {
            cases.push({
              op,
              label: `base ${i + 1} of set '${set.tag}' after ${seconds} s`,
              request: opRequest(op, JSON.stringify(base)),
              expect: 'operation',
            });
          });
        }
      }
      failures.push(...(await runCases(cases)));
    }
    assert.deepEqual(failures, []);
    const expired = await attempt('GetUser', { AccessToken: fx.aliceTokens.accessToken });
    assert.deepEqual([expired.status, expired.body.__type, expired.body.message], [400, 'NotAuthorizedException', 'Access Token has expired']);
  });
});
