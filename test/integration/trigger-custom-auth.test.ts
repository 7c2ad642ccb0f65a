/**
 * CUSTOM_AUTH through the AWS SDK and amazon-cognito-identity-js: DefineAuthChallenge, CreateAuthChallenge and
 * VerifyAuthChallengeResponse drive a passwordless email-code sign-in, with and without the password first.
 */
import assert from 'node:assert/strict';
import {
  AdminInitiateAuthCommand,
  AdminUpdateUserAttributesCommand,
  CreateUserPoolClientCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import acijs from 'amazon-cognito-identity-js';
import type { ICognitoUserPoolData } from 'amazon-cognito-identity-js';
import type { CreateAuthChallengeTriggerEvent, DefineAuthChallengeTriggerEvent, VerifyAuthChallengeResponseTriggerEvent } from 'aws-lambda';
import { CognitoJwtVerifier } from 'aws-jwt-verify';
import { after, before, describe, it } from 'node:test';
import { createConfirmedUser, createPoolAndClient, PASSWORD } from '../helpers/fixtures.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { eventsOf, fnArn, LAMBDA_DIR } from '../helpers/triggers.js';

const { AuthenticationDetails, CognitoUser, CognitoUserPool } = acijs;

const TRIGGERS = {
  DefineAuthChallenge: fnArn('defineAuthChallenge'),
  CreateAuthChallenge: fnArn('createAuthChallenge'),
  VerifyAuthChallengeResponse: fnArn('verifyAuthChallengeResponse'),
};

describe('the CUSTOM_AUTH flow and its three triggers', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer({ lambdaDir: LAMBDA_DIR, issuerStyle: 'cognito' });
  });
  after(() => s.close());

  const define = (poolId: string) => eventsOf<DefineAuthChallengeTriggerEvent>(s.logs, 'defineAuthChallenge').filter((e) => e.userPoolId === poolId);
  const created = (poolId: string) => eventsOf<CreateAuthChallengeTriggerEvent>(s.logs, 'createAuthChallenge').filter((e) => e.userPoolId === poolId);
  const verified = (poolId: string) =>
    eventsOf<VerifyAuthChallengeResponseTriggerEvent>(s.logs, 'verifyAuthChallengeResponse').filter((e) => e.userPoolId === poolId);
  /** The code the last CreateAuthChallenge "emailed". */
  const lastCode = (poolId: string) => created(poolId).at(-1)!.response.privateChallengeParameters.code!;

  /** A pool with the three triggers (or others) and a client that allows CUSTOM_AUTH. */
  async function customPool(triggers: Record<string, string> = TRIGGERS) {
    const { poolId } = await createPoolAndClient(s.sdk, { LambdaConfig: triggers });
    const c = await s.sdk.send(
      new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'custom', ExplicitAuthFlows: ['ALLOW_CUSTOM_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }),
    );
    return { poolId, clientId: c.UserPoolClient!.ClientId! };
  }

  async function emailUser(sdk: CognitoIdentityProviderClient, poolId: string, username: string) {
    await createConfirmedUser(sdk, poolId, username, null);
    await sdk.send(
      new AdminUpdateUserAttributesCommand({
        UserPoolId: poolId,
        Username: username,
        UserAttributes: [
          { Name: 'email', Value: `${username}@example.com` },
          { Name: 'email_verified', Value: 'true' },
        ],
      }),
    );
  }
  const answer = (clientId: string, session: string | undefined, username: string, code: string, meta?: Record<string, string>) =>
    s.sdk.send(
      new RespondToAuthChallengeCommand({
        ClientId: clientId,
        ChallengeName: 'CUSTOM_CHALLENGE',
        Session: session,
        ChallengeResponses: { USERNAME: username, ANSWER: code },
        ClientMetadata: meta,
      }),
    );

  it('signs a user in with an emailed code: a wrong answer gets a new challenge, the right one tokens that verify', async () => {
    const { poolId, clientId } = await customPool();
    await emailUser(s.sdk, poolId, 'alice');
    const first = await s.sdk.send(
      new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'CUSTOM_AUTH', AuthParameters: { USERNAME: 'alice' }, ClientMetadata: { from: 'initiate' } }),
    );
    assert.equal(first.ChallengeName, 'CUSTOM_CHALLENGE');
    assert.deepEqual(first.ChallengeParameters, { email: 'alice@example.com', attempt: '1', USERNAME: 'alice' });
    const [d0] = define(poolId);
    assert.equal(d0!.triggerSource, 'DefineAuthChallenge_Authentication');
    assert.equal(d0!.userName, 'alice');
    assert.deepEqual(d0!.request.session, []);
    assert.deepEqual(d0!.request.clientMetadata, {}, "InitiateAuth's metadata does not reach the challenge triggers");
    assert.equal(created(poolId)[0]!.request.challengeName, 'CUSTOM_CHALLENGE');

    const wrong = await answer(clientId, first.Session, 'alice', '-wrong-', { step: 'one' });
    assert.equal(wrong.ChallengeName, 'CUSTOM_CHALLENGE');
    assert.notEqual(wrong.Session, first.Session);
    const [v0] = verified(poolId);
    assert.equal(v0!.triggerSource, 'VerifyAuthChallengeResponse_Authentication');
    assert.equal(v0!.request.challengeAnswer, '-wrong-');
    assert.deepEqual(v0!.request.privateChallengeParameters, { code: created(poolId)[0]!.response.privateChallengeParameters.code });
    assert.deepEqual(v0!.request.clientMetadata, { step: 'one' });
    assert.deepEqual(define(poolId)[1]!.request.session, [{ challengeName: 'CUSTOM_CHALLENGE', challengeResult: false, challengeMetadata: 'CODE-1' }]);

    await assert.rejects(answer(clientId, first.Session, 'alice', lastCode(poolId)), {
      name: 'NotAuthorizedException',
      message: 'Invalid session for the user, session is expired.',
    });
    const done = await answer(clientId, wrong.Session, 'alice', lastCode(poolId));
    assert.ok(done.AuthenticationResult?.RefreshToken);
    const verifier = CognitoJwtVerifier.create({ userPoolId: poolId, tokenUse: 'access', clientId });
    verifier.cacheJwks((await (await fetch(`${s.url}/${poolId}/.well-known/jwks.json`)).json()) as Parameters<typeof verifier.cacheJwks>[0]);
    const payload = await verifier.verify(done.AuthenticationResult!.AccessToken!);
    assert.equal(payload.username, 'alice');
    assert.deepEqual(
      define(poolId)[2]!.request.session.map((x) => [x.challengeName, x.challengeResult, x.challengeMetadata]),
      [
        ['CUSTOM_CHALLENGE', false, 'CODE-1'],
        ['CUSTOM_CHALLENGE', true, 'CODE-2'],
      ],
    );
  });

  it('DefineAuthChallenge ends the sign-in after three wrong codes', async () => {
    const { poolId, clientId } = await customPool();
    await emailUser(s.sdk, poolId, 'bob');
    let r = await s.sdk.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'CUSTOM_AUTH', AuthParameters: { USERNAME: 'bob' } }));
    r = await answer(clientId, r.Session, 'bob', 'x');
    r = await answer(clientId, r.Session, 'bob', 'y');
    await assert.rejects(answer(clientId, r.Session, 'bob', 'z'), { name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
  });

  it('amazon-cognito-identity-js signs in passwordless, and with the password first (SRP_A, then PASSWORD_VERIFIER)', async () => {
    const { poolId } = await createPoolAndClient(s.sdk, { LambdaConfig: TRIGGERS });
    const spa = await s.sdk.send(
      new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'spa', ExplicitAuthFlows: ['ALLOW_CUSTOM_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }),
    );
    const userPool = new CognitoUserPool({ UserPoolId: poolId, ClientId: spa.UserPoolClient!.ClientId!, endpoint: s.url } as ICognitoUserPoolData);
    await emailUser(s.sdk, poolId, 'carol');
    const signInWith = (password: string | undefined) =>
      new Promise<{ ok: boolean; username?: string; error?: string }>((resolve) => {
        const user = new CognitoUser({ Username: 'carol', Pool: userPool });
        user.setAuthenticationFlowType('CUSTOM_AUTH');
        const callbacks = {
          onSuccess: (session: { getAccessToken(): { payload: Record<string, unknown> } }) =>
            resolve({ ok: true, username: String(session.getAccessToken().payload.username) }),
          onFailure: (e: { code?: string }) => resolve({ ok: false, error: e.code }),
          customChallenge(params: Record<string, string>) {
            assert.equal(params.email, 'carol@example.com');
            user.sendCustomChallengeAnswer(lastCode(poolId), callbacks);
          },
        };
        const details = new AuthenticationDetails(password === undefined ? { Username: 'carol' } : { Username: 'carol', Password: password });
        if (password === undefined) user.initiateAuth(details, callbacks);
        else user.authenticateUser(details, callbacks);
      });
    assert.deepEqual(await signInWith(undefined), { ok: true, username: 'carol' });
    const before = define(poolId).length;
    assert.deepEqual(await signInWith(PASSWORD), { ok: true, username: 'carol' });
    const sessions = define(poolId)
      .slice(before)
      .map((e) => e.request.session.map((x) => `${x.challengeName}:${x.challengeResult}`).join(','));
    assert.deepEqual(sessions, ['SRP_A:true', 'SRP_A:true,PASSWORD_VERIFIER:true', 'SRP_A:true,PASSWORD_VERIFIER:true,CUSTOM_CHALLENGE:true']);
    assert.deepEqual(await signInWith('Wr0ng-password!'), { ok: false, error: 'NotAuthorizedException' });
  });

  it('AdminInitiateAuth starts the same flow', async () => {
    const { poolId, clientId } = await customPool();
    await emailUser(s.sdk, poolId, 'dan');
    const r = await s.sdk.send(
      new AdminInitiateAuthCommand({ UserPoolId: poolId, ClientId: clientId, AuthFlow: 'CUSTOM_AUTH', AuthParameters: { USERNAME: 'dan' } }),
    );
    assert.equal(r.ChallengeName, 'CUSTOM_CHALLENGE');
    const done = await answer(clientId, r.Session, 'dan', lastCode(poolId));
    assert.ok(done.AuthenticationResult?.IdToken);
  });

  it('a DefineAuthChallenge that never decides is stopped after eight challenges', async () => {
    const { poolId, clientId } = await customPool({ ...TRIGGERS, DefineAuthChallenge: fnArn('defineEndlessly') });
    await emailUser(s.sdk, poolId, 'erin');
    let r = await s.sdk.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'CUSTOM_AUTH', AuthParameters: { USERNAME: 'erin' } }));
    for (let i = 1; i < 8; i++) {
      r = await answer(clientId, r.Session, 'erin', 'nope');
      assert.equal(r.ChallengeName, 'CUSTOM_CHALLENGE');
    }
    await assert.rejects(answer(clientId, r.Session, 'erin', 'nope'), { name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
  });

  it('runs the three functions with userNotFound for an unknown user when the client hides user existence, and never issues tokens', async () => {
    const { poolId } = await customPool();
    const hiding = await s.sdk.send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: 'hiding',
        PreventUserExistenceErrors: 'ENABLED',
        ExplicitAuthFlows: ['ALLOW_CUSTOM_AUTH'],
      }),
    );
    const clientId = hiding.UserPoolClient!.ClientId!;
    let r = await s.sdk.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'CUSTOM_AUTH', AuthParameters: { USERNAME: 'ghost' } }));
    assert.equal(r.ChallengeName, 'CUSTOM_CHALLENGE');
    assert.deepEqual(r.ChallengeParameters, { email: '', attempt: '1', USERNAME: 'ghost' });
    assert.equal(define(poolId).at(-1)!.request.userNotFound, true);
    assert.deepEqual(define(poolId).at(-1)!.request.userAttributes, {});
    assert.equal(created(poolId).at(-1)!.request.userNotFound, true);
    assert.equal(created(poolId).at(-1)!.userName, 'ghost');
    r = await answer(clientId, r.Session, 'ghost', 'wrong');
    assert.equal(r.ChallengeName, 'CUSTOM_CHALLENGE');
    assert.equal(verified(poolId).at(-1)!.request.userNotFound, true);
    // Even a right answer, which makes DefineAuthChallenge ask for tokens, ends in the generic refusal.
    await assert.rejects(answer(clientId, r.Session, 'ghost', lastCode(poolId)), {
      name: 'NotAuthorizedException',
      message: 'Incorrect username or password.',
    });
    assert.equal(define(poolId).at(-1)!.request.session.at(-1)!.challengeResult, true);
    // With the password first (amazon-cognito-identity-js, SRP_A): the decoy PASSWORD_VERIFIER, then the generic refusal.
    const userPool = new CognitoUserPool({ UserPoolId: poolId, ClientId: clientId, endpoint: s.url } as ICognitoUserPoolData);
    const ghost = new CognitoUser({ Username: 'ghost', Pool: userPool });
    ghost.setAuthenticationFlowType('CUSTOM_AUTH');
    const before = define(poolId).length;
    const failure = await new Promise<{ code?: string; message?: string }>((resolve) =>
      ghost.authenticateUser(new AuthenticationDetails({ Username: 'ghost', Password: PASSWORD }), {
        onSuccess: () => resolve({ code: 'unexpected success' }),
        onFailure: (e: { code?: string; message?: string }) => resolve(e),
        customChallenge: () => resolve({ code: 'unexpected challenge' }),
      }),
    );
    assert.equal(failure.code, 'NotAuthorizedException');
    assert.equal(failure.message, 'Incorrect username or password.');
    assert.deepEqual(
      define(poolId)
        .slice(before)
        .map((e) => [e.request.userNotFound, e.request.session.map((x) => x.challengeName).join(',')]),
      [[true, 'SRP_A']],
    );
  });

  it('refuses CUSTOM_AUTH without a DefineAuthChallenge function, on a client that does not allow it, and for unknown users', async () => {
    const plain = await createPoolAndClient(s.sdk);
    await createConfirmedUser(s.sdk, plain.poolId, 'fay', null);
    await assert.rejects(s.sdk.send(new InitiateAuthCommand({ ClientId: plain.clientId, AuthFlow: 'CUSTOM_AUTH', AuthParameters: { USERNAME: 'fay' } })), {
      name: 'InvalidParameterException',
      message: 'CUSTOM_AUTH flow not enabled for this client',
    });
    const open = await s.sdk.send(new CreateUserPoolClientCommand({ UserPoolId: plain.poolId, ClientName: 'defaults' }));
    await assert.rejects(
      s.sdk.send(new InitiateAuthCommand({ ClientId: open.UserPoolClient!.ClientId!, AuthFlow: 'CUSTOM_AUTH', AuthParameters: { USERNAME: 'fay' } })),
      { name: 'InvalidParameterException', message: 'Custom auth lambda trigger is not configured for the user pool.' },
    );
    const { poolId } = await createPoolAndClient(s.sdk, { LambdaConfig: TRIGGERS });
    const custom = await s.sdk.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'c', ExplicitAuthFlows: ['ALLOW_CUSTOM_AUTH'] }));
    await assert.rejects(
      s.sdk.send(new InitiateAuthCommand({ ClientId: custom.UserPoolClient!.ClientId!, AuthFlow: 'CUSTOM_AUTH', AuthParameters: { USERNAME: 'nobody' } })),
      { name: 'UserNotFoundException' },
    );
  });
});
