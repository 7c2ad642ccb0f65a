/**
 * The PreTokenGeneration trigger in its three versions, through the AWS SDK and amazon-cognito-identity-js:
 * the events it receives at sign-in, after NEW_PASSWORD_REQUIRED and at refresh, and what its answer does to
 * the ID and access tokens (verified with aws-jwt-verify), their scopes and their group claims; and once
 * with the function behind the Lambda Invoke API.
 */
import assert from 'node:assert/strict';
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminSetUserSettingsCommand,
  AdminUpdateUserAttributesCommand,
  CreateGroupCommand,
  CreateUserPoolClientCommand,
  DescribeUserPoolCommand,
  GetTokensFromRefreshTokenCommand,
  GetUserCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  UpdateUserPoolCommand,
  type CreateUserPoolCommandInput,
} from '@aws-sdk/client-cognito-identity-provider';
import acijs from 'amazon-cognito-identity-js';
import type { CognitoUserSession, ICognitoUserPoolData } from 'amazon-cognito-identity-js';
import type { PreTokenGenerationTriggerEvent, PreTokenGenerationV2TriggerEvent } from 'aws-lambda';
import { CognitoJwtVerifier } from 'aws-jwt-verify';
import { decodeJwt } from 'jose';
import { after, before, describe, it } from 'node:test';
import { createConfirmedUser, createPoolAndClient, PASSWORD, PHONE, signIn } from '../helpers/fixtures.js';
import { startInvokeEndpoint, type InvokeEndpoint } from '../helpers/invoke-endpoint.js';
import { lastMessage } from '../helpers/mfa.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { eventsOf, fnArn, LAMBDA_DIR } from '../helpers/triggers.js';

const { AuthenticationDetails, CognitoRefreshToken, CognitoUser, CognitoUserPool } = acijs;

const ADMIN_SCOPE = 'aws.cognito.signin.user.admin';
const EDITOR_ROLE = 'arn:aws:iam::123456789012:role/editor';

describe('the PreTokenGeneration trigger', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer({ lambdaDir: LAMBDA_DIR, issuerStyle: 'cognito' });
  });
  after(() => s.close());

  const v1Pool = (config: Partial<CreateUserPoolCommandInput> = {}) =>
    createPoolAndClient(s.sdk, { LambdaConfig: { PreTokenGenerationConfig: { LambdaVersion: 'V1_0', LambdaArn: fnArn('preTokenV1') } }, ...config });
  const v2Pool = (version: 'V2_0' | 'V3_0' = 'V2_0') =>
    createPoolAndClient(s.sdk, { LambdaConfig: { PreTokenGenerationConfig: { LambdaVersion: version, LambdaArn: fnArn('preTokenV2') } } });
  const v1Events = (poolId: string) => eventsOf<PreTokenGenerationTriggerEvent>(s.logs, 'preTokenV1').filter((e) => e.userPoolId === poolId);
  const v2Events = (poolId: string) => eventsOf<PreTokenGenerationV2TriggerEvent>(s.logs, 'preTokenV2').filter((e) => e.userPoolId === poolId);

  /** A confirmed user with an email, in a group with a role. */
  async function member(poolId: string, username: string): Promise<void> {
    await createConfirmedUser(s.sdk, poolId, username);
    await s.sdk.send(
      new AdminUpdateUserAttributesCommand({ UserPoolId: poolId, Username: username, UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }] }),
    );
    await s.sdk
      .send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'staff', Precedence: 1, RoleArn: 'arn:aws:iam::123456789012:role/staff' }))
      .catch(() => {});
    await s.sdk.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: username, GroupName: 'staff' }));
  }

  async function verifiers(poolId: string, clientId: string) {
    const jwks = (await (await fetch(`${s.url}/${poolId}/.well-known/jwks.json`)).json()) as Parameters<
      ReturnType<typeof CognitoJwtVerifier.create>['cacheJwks']
    >[0];
    const access = CognitoJwtVerifier.create({ userPoolId: poolId, tokenUse: 'access', clientId });
    const id = CognitoJwtVerifier.create({ userPoolId: poolId, tokenUse: 'id', clientId });
    access.cacheJwks(jwks);
    id.cacheJwks(jwks);
    return { access, id };
  }

  it('V1_0 receives the user, their groups and an empty clientMetadata, and edits the ID token only', async () => {
    const { poolId, clientId } = await v1Pool();
    await member(poolId, 'alice');
    const tokens = await signIn(s.sdk, clientId, 'alice');
    const [e] = v1Events(poolId);
    assert.equal(e!.version, '1');
    assert.equal(e!.triggerSource, 'TokenGeneration_Authentication');
    assert.equal(e!.userName, 'alice');
    assert.equal(e!.callerContext.clientId, clientId);
    assert.equal(e!.request.userAttributes.email, 'alice@example.com');
    assert.equal(e!.request.userAttributes['cognito:user_status'], 'CONFIRMED');
    assert.ok(e!.request.userAttributes.sub);
    assert.deepEqual(e!.request.groupConfiguration, {
      groupsToOverride: ['staff'],
      iamRolesToOverride: ['arn:aws:iam::123456789012:role/staff'],
      preferredRole: 'arn:aws:iam::123456789012:role/staff',
    });
    assert.deepEqual(e!.request.clientMetadata, {});
    assert.equal('scopes' in e!.request, false, 'V1 events have no scopes');
    assert.deepEqual(e!.response, { claimsOverrideDetails: null }, 'Cognito sends the response member as null');

    const { access, id } = await verifiers(poolId, clientId);
    const idt = await id.verify(tokens.idToken);
    assert.equal(idt.tenant, 'acme');
    assert.equal(idt.source, 'TokenGeneration_Authentication');
    assert.equal(idt.email, undefined, 'claimsToSuppress removed the email');
    assert.equal(idt.hidden, undefined, 'a claim both added and suppressed is suppressed');
    assert.deepEqual(idt['cognito:groups'], ['staff']);
    const at = await access.verify(tokens.accessToken);
    assert.equal(at.tenant, undefined, 'V1 does not touch the access token');
    assert.equal(at.scope, ADMIN_SCOPE);
  });

  it('V1_0 groupOverrideDetails replaces the groups in both tokens, and an empty object removes them', async () => {
    const { poolId, clientId } = await v1Pool();
    await member(poolId, 'groups-bob');
    await member(poolId, 'nogroups-carol');
    const bob = await signIn(s.sdk, clientId, 'groups-bob');
    const bobId = decodeJwt(bob.idToken);
    assert.deepEqual(bobId['cognito:groups'], ['editors', 'viewers']);
    assert.deepEqual(bobId['cognito:roles'], [EDITOR_ROLE]);
    assert.equal(bobId['cognito:preferred_role'], EDITOR_ROLE);
    assert.deepEqual(decodeJwt(bob.accessToken)['cognito:groups'], ['editors', 'viewers']);
    const carol = await signIn(s.sdk, clientId, 'nogroups-carol');
    const carolId = decodeJwt(carol.idToken);
    for (const claim of ['cognito:groups', 'cognito:roles', 'cognito:preferred_role']) assert.equal(carolId[claim], undefined, claim);
    assert.equal(decodeJwt(carol.accessToken)['cognito:groups'], undefined);
    assert.equal(carolId.tenant, 'acme');
  });

  it("ignores an answer's edits of the claims Cognito keeps (sub, iss, cognito:*, token_use...) and logs them", async () => {
    const { poolId, clientId } = await v1Pool();
    await member(poolId, 'reserved-dan');
    const tokens = await signIn(s.sdk, clientId, 'reserved-dan');
    const { id } = await verifiers(poolId, clientId);
    const idt = await id.verify(tokens.idToken);
    assert.notEqual(idt.sub, 'forged');
    assert.equal(idt['cognito:username'], 'reserved-dan');
    assert.deepEqual(idt['cognito:groups'], ['staff']);
    assert.equal(idt.token_use, 'id');
    assert.equal(idt.aud, clientId);
    assert.equal(idt.tenant, 'acme', 'the allowed part of the answer still applies');
    const notes = s.logs.filter((l) => l.includes(`pool ${poolId} PreTokenGeneration: ignored`));
    assert.ok(notes.some((l) => l.includes('claimsToAddOrOverride "sub" in the ID token')));
    assert.ok(notes.some((l) => l.includes('claimsToSuppress "token_use" in the ID token')));
  });

  it('a V1_0 value that is not a string is InvalidLambdaResponseException, and a throw is UserLambdaValidationException; no tokens', async () => {
    const { poolId, clientId } = await v1Pool();
    await member(poolId, 'number-erin');
    await member(poolId, 'throw-frank');
    await assert.rejects(signIn(s.sdk, clientId, 'number-erin'), { name: 'InvalidLambdaResponseException', message: 'Unrecognizable lambda output' });
    await assert.rejects(signIn(s.sdk, clientId, 'throw-frank'), {
      name: 'UserLambdaValidationException',
      message: 'PreTokenGeneration failed with error No tenant for this user.',
    });
  });

  it('the legacy LambdaConfig.PreTokenGeneration sends V1_0 events', async () => {
    const { poolId, clientId } = await createPoolAndClient(s.sdk, { LambdaConfig: { PreTokenGeneration: fnArn('preTokenV1') } });
    await member(poolId, 'gina');
    const tokens = await signIn(s.sdk, clientId, 'gina');
    assert.equal(v1Events(poolId)[0]!.version, '1');
    assert.equal(decodeJwt(tokens.idToken).tenant, 'acme');
  });

  it('keeps PreTokenGeneration and PreTokenGenerationConfig in step, and refuses two different functions', async () => {
    const describe = async (poolId: string) => (await s.sdk.send(new DescribeUserPoolCommand({ UserPoolId: poolId }))).UserPool!.LambdaConfig;
    const legacy = await createPoolAndClient(s.sdk, { LambdaConfig: { PreTokenGeneration: fnArn('preTokenV1') } });
    assert.deepEqual(await describe(legacy.poolId), {
      PreTokenGeneration: fnArn('preTokenV1'),
      PreTokenGenerationConfig: { LambdaVersion: 'V1_0', LambdaArn: fnArn('preTokenV1') },
    });
    const versioned = await v2Pool();
    assert.deepEqual(await describe(versioned.poolId), {
      PreTokenGenerationConfig: { LambdaVersion: 'V2_0', LambdaArn: fnArn('preTokenV2') },
      PreTokenGeneration: fnArn('preTokenV2'),
    });
    await assert.rejects(
      s.sdk.send(
        new UpdateUserPoolCommand({
          UserPoolId: versioned.poolId,
          LambdaConfig: { PreTokenGeneration: fnArn('preTokenV1'), PreTokenGenerationConfig: { LambdaVersion: 'V2_0', LambdaArn: fnArn('preTokenV2') } },
        }),
      ),
      { name: 'InvalidParameterException', message: 'PreTokenGeneration and PreTokenGenerationConfig.LambdaArn must be the same function.' },
    );
    assert.equal((await describe(versioned.poolId))!.PreTokenGenerationConfig!.LambdaVersion, 'V2_0');
  });

  it('V2_0 puts claims of every JSON type and its scopes in the access token, verified by aws-jwt-verify', async () => {
    const { poolId, clientId } = await v2Pool();
    await member(poolId, 'hank');
    const tokens = await signIn(s.sdk, clientId, 'hank');
    const [e] = v2Events(poolId);
    assert.equal(e!.version, '2');
    assert.equal(e!.triggerSource, 'TokenGeneration_Authentication');
    assert.deepEqual(e!.request.scopes, [ADMIN_SCOPE]);
    assert.deepEqual(e!.request.groupConfiguration.groupsToOverride, ['staff']);
    assert.deepEqual(e!.response, { claimsAndScopeOverrideDetails: null });

    const { access, id } = await verifiers(poolId, clientId);
    const at = await access.verify(tokens.accessToken);
    assert.equal(at.tenant, 'acme');
    assert.equal(at.level, 3);
    assert.equal(at.beta, true);
    assert.deepEqual(at.roles, ['reader', 'writer']);
    assert.deepEqual(at.plan, { name: 'gold' });
    assert.equal(at.scope, `${ADMIN_SCOPE} orders/read`, 'orders/write was added and suppressed; a scope with a space is dropped');
    assert.equal(at.client_id, clientId);
    assert.notEqual(at.sub, 'forged');
    assert.equal(at.event_id, undefined);
    assert.deepEqual(at['cognito:groups'], ['premium']);
    const idt = await id.verify(tokens.idToken);
    assert.equal(idt.tenant, 'acme');
    assert.equal(idt.phone_number, undefined);
    assert.deepEqual(idt['cognito:groups'], ['premium']);
    assert.equal(idt['cognito:roles'], undefined, 'the override named no roles');
    // The token still works for the user-pools API: its admin scope is there.
    const me = await s.sdk.send(new GetUserCommand({ AccessToken: tokens.accessToken }));
    assert.equal(me.Username, 'hank');
  });

  it('V2_0 suppressing the admin scope gives a token the user-pools API refuses', async () => {
    const { poolId, clientId } = await v2Pool();
    await member(poolId, 'noadmin-ivy');
    const tokens = await signIn(s.sdk, clientId, 'noadmin-ivy');
    assert.equal(decodeJwt(tokens.accessToken).scope, undefined);
    await assert.rejects(s.sdk.send(new GetUserCommand({ AccessToken: tokens.accessToken })), {
      name: 'NotAuthorizedException',
      message: 'Access Token does not have required scopes',
    });
  });

  it('V3_0 sends version "3" events and customises user tokens as V2_0 does', async () => {
    const { poolId, clientId } = await v2Pool('V3_0');
    await member(poolId, 'jack');
    const tokens = await signIn(s.sdk, clientId, 'jack');
    assert.equal(v2Events(poolId)[0]!.version, '3');
    assert.equal(decodeJwt(tokens.accessToken).tenant, 'acme');
  });

  it('REFRESH_TOKEN_AUTH and GetTokensFromRefreshToken fire TokenGeneration_RefreshTokens; only the latter passes ClientMetadata', async () => {
    const { poolId, clientId } = await v2Pool();
    await member(poolId, 'kate');
    const tokens = await signIn(s.sdk, clientId, 'kate');
    const refreshed = await s.sdk.send(
      new InitiateAuthCommand({
        ClientId: clientId,
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        AuthParameters: { REFRESH_TOKEN: tokens.refreshToken },
        ClientMetadata: { mode: 'ignored' },
      }),
    );
    const a = decodeJwt(refreshed.AuthenticationResult!.AccessToken!);
    assert.equal(a.source, 'TokenGeneration_RefreshTokens');
    assert.equal(a.scope, `${ADMIN_SCOPE} orders/read`);
    const viaGet = await s.sdk.send(
      new GetTokensFromRefreshTokenCommand({ ClientId: clientId, RefreshToken: tokens.refreshToken, ClientMetadata: { app: 'web' } }),
    );
    assert.equal(decodeJwt(viaGet.AuthenticationResult!.AccessToken!).source, 'TokenGeneration_RefreshTokens');
    const events = v2Events(poolId);
    assert.deepEqual(
      events.map((e) => e.triggerSource),
      ['TokenGeneration_Authentication', 'TokenGeneration_RefreshTokens', 'TokenGeneration_RefreshTokens'],
    );
    assert.deepEqual(events[1]!.request.clientMetadata, {}, "InitiateAuth's ClientMetadata does not reach the trigger");
    assert.deepEqual(events[2]!.request.clientMetadata, { app: 'web' });
    assert.deepEqual(events[2]!.request.scopes, [ADMIN_SCOPE], 'the scopes before the trigger, not those it added');
  });

  it('a function that throws at GetTokensFromRefreshToken rotates nothing: the refresh token keeps working', async () => {
    const { poolId } = await v2Pool();
    const rotating = (
      await s.sdk.send(
        new CreateUserPoolClientCommand({
          UserPoolId: poolId,
          ClientName: 'rotating',
          ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'],
          RefreshTokenRotation: { Feature: 'ENABLED' },
        }),
      )
    ).UserPoolClient!.ClientId!;
    await member(poolId, 'liam');
    const tokens = await signIn(s.sdk, rotating, 'liam');
    await assert.rejects(
      s.sdk.send(new GetTokensFromRefreshTokenCommand({ ClientId: rotating, RefreshToken: tokens.refreshToken, ClientMetadata: { mode: 'throw' } })),
      { name: 'UserLambdaValidationException', message: 'PreTokenGeneration failed with error Entitlements service unavailable.' },
    );
    const again = await s.sdk.send(new GetTokensFromRefreshTokenCommand({ ClientId: rotating, RefreshToken: tokens.refreshToken }));
    assert.ok(again.AuthenticationResult?.RefreshToken);
  });

  it("answering NEW_PASSWORD_REQUIRED fires TokenGeneration_NewPasswordChallenge with the answer's ClientMetadata", async () => {
    const { poolId, clientId } = await v1Pool({ MfaConfiguration: 'OFF' });
    await s.sdk.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: 'mia',
        TemporaryPassword: 'Temp-Passw0rd',
        MessageAction: 'SUPPRESS',
        UserAttributes: [{ Name: 'phone_number', Value: PHONE }],
      }),
    );
    const first = await s.sdk.send(
      new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'mia', PASSWORD: 'Temp-Passw0rd' } }),
    );
    assert.equal(first.ChallengeName, 'NEW_PASSWORD_REQUIRED');
    assert.equal(v1Events(poolId).length, 0);
    const done = await s.sdk.send(
      new RespondToAuthChallengeCommand({
        ClientId: clientId,
        ChallengeName: 'NEW_PASSWORD_REQUIRED',
        Session: first.Session,
        ChallengeResponses: { USERNAME: 'mia', NEW_PASSWORD: PASSWORD },
        ClientMetadata: { step: 'new-password' },
      }),
    );
    const [e] = v1Events(poolId);
    assert.equal(e!.triggerSource, 'TokenGeneration_NewPasswordChallenge');
    assert.deepEqual(e!.request.clientMetadata, { step: 'new-password' });
    assert.deepEqual(e!.request.groupConfiguration, { groupsToOverride: [], iamRolesToOverride: [], preferredRole: null });
    assert.equal(decodeJwt(done.AuthenticationResult!.IdToken!).source, 'TokenGeneration_NewPasswordChallenge');
  });

  it('after an MFA challenge, fires TokenGeneration_Authentication with the ClientMetadata of the answer, after PostAuthentication', async () => {
    const { poolId, clientId } = await createPoolAndClient(s.sdk, {
      LambdaConfig: { PreTokenGeneration: fnArn('preTokenV1'), PostAuthentication: fnArn('postAuthentication') },
    });
    await member(poolId, 'pia');
    await s.sdk.send(
      new AdminSetUserSettingsCommand({ UserPoolId: poolId, Username: 'pia', MFAOptions: [{ DeliveryMedium: 'SMS', AttributeName: 'phone_number' }] }),
    );
    const first = await s.sdk.send(
      new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'pia', PASSWORD } }),
    );
    assert.equal(first.ChallengeName, 'SMS_MFA');
    assert.equal(v1Events(poolId).length, 0);
    const { code } = await lastMessage(s.url, poolId, 'pia');
    const done = await s.sdk.send(
      new RespondToAuthChallengeCommand({
        ClientId: clientId,
        ChallengeName: 'SMS_MFA',
        Session: first.Session,
        ChallengeResponses: { USERNAME: 'pia', SMS_MFA_CODE: code },
        ClientMetadata: { step: 'mfa' },
      }),
    );
    const [e] = v1Events(poolId);
    assert.equal(e!.triggerSource, 'TokenGeneration_Authentication');
    assert.deepEqual(e!.request.clientMetadata, { step: 'mfa' });
    assert.equal(decodeJwt(done.AuthenticationResult!.IdToken!).tenant, 'acme');
    const order = s.logs.filter((l) => l.startsWith('[lambda postAuthentication]') || l.startsWith('[lambda preTokenV1]')).filter((l) => l.includes(poolId));
    assert.deepEqual(
      order.map((l) => l.slice(1, l.indexOf(']'))),
      ['lambda postAuthentication', 'lambda preTokenV1'],
    );
  });

  it('amazon-cognito-identity-js signs in with SRP and refreshes its session, both customised by a V2_0 function', async () => {
    const { poolId } = await v2Pool();
    const spa = (
      await s.sdk.send(
        new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'spa', ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }),
      )
    ).UserPoolClient!.ClientId!;
    await member(poolId, 'nora');
    const userPool = new CognitoUserPool({ UserPoolId: poolId, ClientId: spa, endpoint: s.url } as ICognitoUserPoolData);
    const user = new CognitoUser({ Username: 'nora', Pool: userPool });
    const session = await new Promise<CognitoUserSession>((resolve, reject) =>
      user.authenticateUser(new AuthenticationDetails({ Username: 'nora', Password: PASSWORD }), { onSuccess: resolve, onFailure: reject }),
    );
    assert.equal(session.getAccessToken().payload.tenant, 'acme');
    assert.equal(session.getAccessToken().payload.scope, `${ADMIN_SCOPE} orders/read`);
    assert.deepEqual(session.getIdToken().payload['cognito:groups'], ['premium']);
    const refreshed = await new Promise<CognitoUserSession>((resolve, reject) =>
      user.refreshSession(new CognitoRefreshToken({ RefreshToken: session.getRefreshToken().getToken() }), (err: Error | null, r: CognitoUserSession) =>
        err ? reject(err) : resolve(r),
      ),
    );
    assert.equal(refreshed.getAccessToken().payload.source, 'TokenGeneration_RefreshTokens');
    assert.deepEqual(
      v2Events(poolId).map((e) => [e.triggerSource, e.callerContext.clientId]),
      [
        ['TokenGeneration_Authentication', spa],
        ['TokenGeneration_RefreshTokens', spa],
      ],
    );
  });
});

describe('the PreTokenGeneration trigger through the Lambda Invoke API', () => {
  const keys = { accessKeyId: 'AKIDINVOKER', secretAccessKey: 'invoker-secret' };
  let endpoint: InvokeEndpoint;
  let s: TestServer;
  before(async () => {
    endpoint = await startInvokeEndpoint(LAMBDA_DIR, keys);
    s = await startServer({ lambdaEndpointUrl: endpoint.url, lambdaKeys: keys });
  });
  after(async () => {
    await s.close();
    await endpoint.close();
  });

  it('signs each RequestResponse invocation, and the V2_0 answer reaches the access token', async () => {
    const { poolId, clientId } = await createPoolAndClient(s.sdk, {
      LambdaConfig: { PreTokenGenerationConfig: { LambdaVersion: 'V2_0', LambdaArn: `${fnArn('preTokenV2')}:live` } },
    });
    await createConfirmedUser(s.sdk, poolId, 'olga');
    const tokens = await signIn(s.sdk, clientId, 'olga');
    await s.sdk.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: tokens.refreshToken } }));
    assert.equal(decodeJwt(tokens.accessToken).tenant, 'acme');
    const calls = endpoint.calls.filter((c) => c.event.userPoolId === poolId);
    assert.deepEqual(
      calls.map((c) => [c.functionName, c.qualifier, c.event.triggerSource, c.event.version, c.signatureOk, c.invocationType]),
      [
        ['preTokenV2', 'live', 'TokenGeneration_Authentication', '2', true, 'RequestResponse'],
        ['preTokenV2', 'live', 'TokenGeneration_RefreshTokens', '2', true, 'RequestResponse'],
      ],
    );
  });
});
