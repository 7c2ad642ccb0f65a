/**
 * Choice-based sign-in (AuthFlow USER_AUTH) through the AWS SDK: SELECT_CHALLENGE, the passwordless
 * EMAIL_OTP and SMS_OTP factors with codes from the outbox, PASSWORD and PASSWORD_SRP, and what the client,
 * the pool's sign-in policy, MFA and PreventUserExistenceErrors change.
 */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import {
  AdminInitiateAuthCommand,
  AdminRespondToAuthChallengeCommand,
  AdminSetUserMFAPreferenceCommand,
  AdminUpdateUserAttributesCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  GetUserAuthFactorsCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  type AuthFactorType,
  type ChallengeNameType,
  type CreateUserPoolCommandInput,
} from '@aws-sdk/client-cognito-identity-provider';
import type { CustomMessageTriggerEvent, PostAuthenticationTriggerEvent, PreAuthenticationTriggerEvent } from 'aws-lambda';
import { CognitoJwtVerifier } from 'aws-jwt-verify';
import { createConfirmedUser, PASSWORD, PHONE, SMS_CONFIGURATION } from '../helpers/fixtures.js';
import { EMAIL, lastMessage, messageCount, otherCode } from '../helpers/mfa.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { FastSrpClient, nowString } from '../helpers/srp-client.js';
import { eventsOf, fnArn, LAMBDA_DIR } from '../helpers/triggers.js';

const ALL_FACTORS: AuthFactorType[] = ['PASSWORD', 'EMAIL_OTP', 'SMS_OTP'];

/** A pool allowing `factors` first (MFA OPTIONAL with SMS), a USER_AUTH client, and a user with a verified email and phone. */
async function passwordlessPool(s: TestServer, factors: AuthFactorType[] = ALL_FACTORS, pool: Partial<CreateUserPoolCommandInput> = {}, username = 'alice') {
  const created = await s.sdk.send(
    new CreateUserPoolCommand({
      PoolName: 'passwordless',
      MfaConfiguration: 'OPTIONAL',
      SmsConfiguration: SMS_CONFIGURATION,
      Policies: { SignInPolicy: { AllowedFirstAuthFactors: factors } },
      ...pool,
    }),
  );
  const poolId = created.UserPool!.Id!;
  const client = await s.sdk.send(
    new CreateUserPoolClientCommand({
      UserPoolId: poolId,
      ClientName: 'app',
      ExplicitAuthFlows: ['ALLOW_USER_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      PreventUserExistenceErrors: 'ENABLED',
    }),
  );
  await createConfirmedUser(s.sdk, poolId, username);
  await s.sdk.send(
    new AdminUpdateUserAttributesCommand({
      UserPoolId: poolId,
      Username: username,
      UserAttributes: [
        { Name: 'email', Value: EMAIL },
        { Name: 'email_verified', Value: 'true' },
        { Name: 'phone_number_verified', Value: 'true' },
      ],
    }),
  );
  return { poolId, clientId: client.UserPoolClient!.ClientId!, username };
}

describe('USER_AUTH: choice-based sign-in', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer({ issuerStyle: 'cognito' });
  });
  after(async () => s.close());

  const initiate = (clientId: string, params: Record<string, string>) =>
    s.sdk.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_AUTH', AuthParameters: params }));
  const respond = (clientId: string, name: string, session: string | undefined, responses: Record<string, string>) =>
    s.sdk.send(
      new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: name as ChallengeNameType, Session: session, ChallengeResponses: responses }),
    );

  async function verifyTokens(poolId: string, clientId: string, result: { AccessToken?: string; IdToken?: string } | undefined, username: string) {
    assert.ok(result?.AccessToken && result.IdToken, 'expected tokens');
    const jwks = await (await fetch(`${s.url}/${poolId}/.well-known/jwks.json`)).json();
    const access = CognitoJwtVerifier.create({ userPoolId: poolId, tokenUse: 'access', clientId });
    access.cacheJwks(jwks as never);
    assert.equal((await access.verify(result.AccessToken)).username, username);
    const id = CognitoJwtVerifier.create({ userPoolId: poolId, tokenUse: 'id', clientId });
    id.cacheJwks(jwks as never);
    assert.equal((await id.verify(result.IdToken))['cognito:username'], username);
  }

  it('answers SELECT_CHALLENGE with every factor the user has and the pool allows, and an empty ChallengeParameters', async () => {
    const u = await passwordlessPool(s);
    const r = await initiate(u.clientId, { USERNAME: u.username });
    assert.equal(r.ChallengeName, 'SELECT_CHALLENGE');
    assert.deepEqual(r.AvailableChallenges, ['PASSWORD', 'PASSWORD_SRP', 'EMAIL_OTP', 'SMS_OTP']);
    assert.deepEqual(r.ChallengeParameters, {});
    assert.ok(r.Session);
    assert.equal(r.AuthenticationResult, undefined);
  });

  it('signs in without a password by EMAIL_OTP: the code from the outbox gives tokens that aws-jwt-verify accepts', async () => {
    const u = await passwordlessPool(s);
    const select = await initiate(u.clientId, { USERNAME: u.username });
    const sent = await respond(u.clientId, 'SELECT_CHALLENGE', select.Session, { USERNAME: u.username, ANSWER: 'EMAIL_OTP' });
    assert.equal(sent.ChallengeName, 'EMAIL_OTP');
    assert.deepEqual(sent.ChallengeParameters, { CODE_DELIVERY_DELIVERY_MEDIUM: 'EMAIL', CODE_DELIVERY_DESTINATION: 'a***@e***' });
    const m = await lastMessage(s.url, u.poolId, u.username);
    assert.equal(m.destination, EMAIL);
    const done = await respond(u.clientId, 'EMAIL_OTP', sent.Session, { USERNAME: u.username, EMAIL_OTP_CODE: m.code });
    assert.equal(done.ChallengeName, undefined);
    assert.ok(done.AuthenticationResult?.RefreshToken);
    await verifyTokens(u.poolId, u.clientId, done.AuthenticationResult, u.username);
  });

  it('goes straight to SMS_OTP with PREFERRED_CHALLENGE=SMS_OTP and signs in with SMS_OTP_CODE', async () => {
    const u = await passwordlessPool(s);
    const sent = await initiate(u.clientId, { USERNAME: u.username, PREFERRED_CHALLENGE: 'SMS_OTP' });
    assert.equal(sent.ChallengeName, 'SMS_OTP');
    assert.deepEqual(sent.ChallengeParameters, { CODE_DELIVERY_DELIVERY_MEDIUM: 'SMS', CODE_DELIVERY_DESTINATION: '+*******1234' });
    const m = await lastMessage(s.url, u.poolId, u.username);
    assert.equal(m.destination, PHONE);
    const done = await respond(u.clientId, 'SMS_OTP', sent.Session, { USERNAME: u.username, SMS_OTP_CODE: m.code });
    await verifyTokens(u.poolId, u.clientId, done.AuthenticationResult, u.username);
  });

  it('refuses a wrong code with CodeMismatchException and still takes the right one in the same session', async () => {
    const u = await passwordlessPool(s);
    const sent = await initiate(u.clientId, { USERNAME: u.username, PREFERRED_CHALLENGE: 'EMAIL_OTP' });
    const { code } = await lastMessage(s.url, u.poolId, u.username);
    await assert.rejects(respond(u.clientId, 'EMAIL_OTP', sent.Session, { USERNAME: u.username, EMAIL_OTP_CODE: otherCode(code) }), {
      name: 'CodeMismatchException',
      message: 'Invalid code or auth state for the user.',
    });
    const done = await respond(u.clientId, 'EMAIL_OTP', sent.Session, { USERNAME: u.username, EMAIL_OTP_CODE: code });
    assert.ok(done.AuthenticationResult?.AccessToken);
  });

  it('ends the session after five wrong codes, so the right code no longer works', async () => {
    const u = await passwordlessPool(s);
    const sent = await initiate(u.clientId, { USERNAME: u.username, PREFERRED_CHALLENGE: 'EMAIL_OTP' });
    const { code } = await lastMessage(s.url, u.poolId, u.username);
    for (let i = 0; i < 5; i++) {
      await assert.rejects(respond(u.clientId, 'EMAIL_OTP', sent.Session, { USERNAME: u.username, EMAIL_OTP_CODE: otherCode(code) }), {
        name: 'CodeMismatchException',
      });
    }
    await assert.rejects(respond(u.clientId, 'EMAIL_OTP', sent.Session, { USERNAME: u.username, EMAIL_OTP_CODE: code }), {
      name: 'NotAuthorizedException',
      message: 'Invalid session for the user, session is expired.',
    });
  });

  it('signs in directly with PREFERRED_CHALLENGE=PASSWORD and the password, and refuses a wrong one', async () => {
    const u = await passwordlessPool(s);
    const done = await initiate(u.clientId, { USERNAME: u.username, PREFERRED_CHALLENGE: 'PASSWORD', PASSWORD });
    assert.equal(done.ChallengeName, undefined);
    await verifyTokens(u.poolId, u.clientId, done.AuthenticationResult, u.username);
    await assert.rejects(initiate(u.clientId, { USERNAME: u.username, PREFERRED_CHALLENGE: 'PASSWORD', PASSWORD: 'wrong' }), {
      name: 'NotAuthorizedException',
      message: 'Incorrect username or password.',
    });
    await assert.rejects(initiate(u.clientId, { USERNAME: u.username, PREFERRED_CHALLENGE: 'PASSWORD' }), {
      name: 'InvalidParameterException',
      message: 'Missing required parameter PASSWORD',
    });
  });

  it('signs in with the password through SELECT_CHALLENGE ANSWER=PASSWORD', async () => {
    const u = await passwordlessPool(s);
    const select = await initiate(u.clientId, { USERNAME: u.username });
    const done = await respond(u.clientId, 'SELECT_CHALLENGE', select.Session, { USERNAME: u.username, ANSWER: 'PASSWORD', PASSWORD });
    await verifyTokens(u.poolId, u.clientId, done.AuthenticationResult, u.username);
  });

  it('signs in by SRP: SELECT_CHALLENGE ANSWER=PASSWORD_SRP with SRP_A, then PASSWORD_VERIFIER', async () => {
    const u = await passwordlessPool(s);
    const select = await initiate(u.clientId, { USERNAME: u.username });
    const srp = new FastSrpClient(u.poolId);
    const verifier = await respond(u.clientId, 'SELECT_CHALLENGE', select.Session, { USERNAME: u.username, ANSWER: 'PASSWORD_SRP', SRP_A: srp.A.toString(16) });
    assert.equal(verifier.ChallengeName, 'PASSWORD_VERIFIER');
    const p = verifier.ChallengeParameters!;
    assert.equal(p.USER_ID_FOR_SRP, u.username);
    const timestamp = nowString();
    const key = srp.key(p.USER_ID_FOR_SRP!, PASSWORD, p.SRP_B!, p.SALT!);
    const signature = createHmac('sha256', key)
      .update(
        Buffer.concat([Buffer.from(u.poolId.split('_')[1]!), Buffer.from(p.USER_ID_FOR_SRP!), Buffer.from(p.SECRET_BLOCK!, 'base64'), Buffer.from(timestamp)]),
      )
      .digest('base64');
    const done = await respond(u.clientId, 'PASSWORD_VERIFIER', undefined, {
      USERNAME: p.USER_ID_FOR_SRP!,
      PASSWORD_CLAIM_SECRET_BLOCK: p.SECRET_BLOCK!,
      TIMESTAMP: timestamp,
      PASSWORD_CLAIM_SIGNATURE: signature,
    });
    await verifyTokens(u.poolId, u.clientId, done.AuthenticationResult, u.username);
  });

  it('refuses USER_AUTH on a client without ALLOW_USER_AUTH', async () => {
    const u = await passwordlessPool(s);
    const other = await s.sdk.send(new CreateUserPoolClientCommand({ UserPoolId: u.poolId, ClientName: 'old', ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH'] }));
    await assert.rejects(initiate(other.UserPoolClient!.ClientId!, { USERNAME: u.username }), {
      name: 'InvalidParameterException',
      message: 'USER_AUTH flow not enabled for this client',
    });
  });

  it('offers only the password factors in a pool that allows only PASSWORD, refuses an EMAIL_OTP answer and sends nothing', async () => {
    const u = await passwordlessPool(s, ['PASSWORD']);
    const before = await messageCount(s.url, u.poolId, u.username);
    const select = await initiate(u.clientId, { USERNAME: u.username, PREFERRED_CHALLENGE: 'EMAIL_OTP' });
    assert.equal(select.ChallengeName, 'SELECT_CHALLENGE');
    assert.deepEqual(select.AvailableChallenges, ['PASSWORD', 'PASSWORD_SRP']);
    await assert.rejects(respond(u.clientId, 'SELECT_CHALLENGE', select.Session, { USERNAME: u.username, ANSWER: 'EMAIL_OTP' }), {
      name: 'InvalidParameterException',
      message: 'Invalid ANSWER: EMAIL_OTP is not one of PASSWORD, PASSWORD_SRP.',
    });
    assert.equal(await messageCount(s.url, u.poolId, u.username), before);
    // The refused answer left the session usable.
    const done = await respond(u.clientId, 'SELECT_CHALLENGE', select.Session, { USERNAME: u.username, ANSWER: 'PASSWORD', PASSWORD });
    assert.ok(done.AuthenticationResult?.AccessToken);
  });

  it('does not offer an OTP factor for an unverified address', async () => {
    const u = await passwordlessPool(s);
    await s.sdk.send(
      new AdminUpdateUserAttributesCommand({ UserPoolId: u.poolId, Username: u.username, UserAttributes: [{ Name: 'email_verified', Value: 'false' }] }),
    );
    const select = await initiate(u.clientId, { USERNAME: u.username });
    assert.deepEqual(select.AvailableChallenges, ['PASSWORD', 'PASSWORD_SRP', 'SMS_OTP']);
  });

  it('asks no MFA after a passwordless sign-in, offers no passwordless factor to a user with MFA, and GetUserAuthFactors agrees', async () => {
    const u = await passwordlessPool(s);
    const sent = await initiate(u.clientId, { USERNAME: u.username, PREFERRED_CHALLENGE: 'EMAIL_OTP' });
    const { code } = await lastMessage(s.url, u.poolId, u.username);
    const done = await respond(u.clientId, 'EMAIL_OTP', sent.Session, { USERNAME: u.username, EMAIL_OTP_CODE: code });
    const accessToken = done.AuthenticationResult!.AccessToken!;
    const factors = await s.sdk.send(new GetUserAuthFactorsCommand({ AccessToken: accessToken }));
    assert.deepEqual(factors.ConfiguredUserAuthFactors, ['PASSWORD', 'EMAIL_OTP', 'SMS_OTP']);

    await s.sdk.send(
      new AdminSetUserMFAPreferenceCommand({ UserPoolId: u.poolId, Username: u.username, SMSMfaSettings: { Enabled: true, PreferredMfa: true } }),
    );
    const select = await initiate(u.clientId, { USERNAME: u.username, PREFERRED_CHALLENGE: 'EMAIL_OTP' });
    assert.equal(select.ChallengeName, 'SELECT_CHALLENGE');
    assert.deepEqual(select.AvailableChallenges, ['PASSWORD', 'PASSWORD_SRP']);
    const after = await s.sdk.send(new GetUserAuthFactorsCommand({ AccessToken: accessToken }));
    assert.deepEqual(after.ConfiguredUserAuthFactors, ['PASSWORD']);
    // The password factor follows the pool's MFA rules.
    const mfa = await initiate(u.clientId, { USERNAME: u.username, PREFERRED_CHALLENGE: 'PASSWORD', PASSWORD });
    assert.equal(mfa.ChallengeName, 'SMS_MFA');
  });

  it('offers no passwordless factor in a pool that requires MFA', async () => {
    const u = await passwordlessPool(s, ALL_FACTORS, { MfaConfiguration: 'ON' });
    const select = await initiate(u.clientId, { USERNAME: u.username });
    assert.deepEqual(select.AvailableChallenges, ['PASSWORD', 'PASSWORD_SRP']);
  });

  it('works through AdminInitiateAuth and AdminRespondToAuthChallenge', async () => {
    const u = await passwordlessPool(s);
    const select = await s.sdk.send(
      new AdminInitiateAuthCommand({ UserPoolId: u.poolId, ClientId: u.clientId, AuthFlow: 'USER_AUTH', AuthParameters: { USERNAME: u.username } }),
    );
    assert.deepEqual(select.AvailableChallenges, ['PASSWORD', 'PASSWORD_SRP', 'EMAIL_OTP', 'SMS_OTP']);
    const admin = (name: ChallengeNameType, session: string | undefined, responses: Record<string, string>) =>
      s.sdk.send(
        new AdminRespondToAuthChallengeCommand({
          UserPoolId: u.poolId,
          ClientId: u.clientId,
          ChallengeName: name,
          Session: session,
          ChallengeResponses: responses,
        }),
      );
    const sent = await admin('SELECT_CHALLENGE', select.Session, { USERNAME: u.username, ANSWER: 'SMS_OTP' });
    assert.equal(sent.ChallengeName, 'SMS_OTP');
    const { code } = await lastMessage(s.url, u.poolId, u.username);
    const done = await admin('SMS_OTP', sent.Session, { USERNAME: u.username, SMS_OTP_CODE: code });
    await verifyTokens(u.poolId, u.clientId, done.AuthenticationResult, u.username);
  });

  it('hides a name no user has behind the same answers when PreventUserExistenceErrors is on, and sends nothing', async () => {
    const u = await passwordlessPool(s);
    const select = await initiate(u.clientId, { USERNAME: 'nobody' });
    assert.equal(select.ChallengeName, 'SELECT_CHALLENGE');
    assert.deepEqual(select.AvailableChallenges, ['PASSWORD', 'PASSWORD_SRP', 'EMAIL_OTP', 'SMS_OTP']);
    const sent = await respond(u.clientId, 'SELECT_CHALLENGE', select.Session, { USERNAME: 'nobody', ANSWER: 'EMAIL_OTP' });
    assert.equal(sent.ChallengeName, 'EMAIL_OTP');
    assert.equal(sent.ChallengeParameters?.CODE_DELIVERY_DELIVERY_MEDIUM, 'EMAIL');
    assert.match(sent.ChallengeParameters?.CODE_DELIVERY_DESTINATION ?? '', /^n\*\*\*@[a-z]\*\*\*$/);
    await assert.rejects(respond(u.clientId, 'EMAIL_OTP', sent.Session, { USERNAME: 'nobody', EMAIL_OTP_CODE: '123456' }), {
      name: 'CodeMismatchException',
      message: 'Invalid code or auth state for the user.',
    });
    assert.equal(await messageCount(s.url, u.poolId, 'nobody'), 0);
    await assert.rejects(initiate(u.clientId, { USERNAME: 'nobody', PREFERRED_CHALLENGE: 'PASSWORD', PASSWORD }), {
      name: 'NotAuthorizedException',
      message: 'Incorrect username or password.',
    });
  });

  it('answers UserNotFoundException for a name no user has when the client does not hide existence', async () => {
    const u = await passwordlessPool(s);
    const open = await s.sdk.send(
      new CreateUserPoolClientCommand({
        UserPoolId: u.poolId,
        ClientName: 'open',
        ExplicitAuthFlows: ['ALLOW_USER_AUTH'],
        PreventUserExistenceErrors: 'LEGACY',
      }),
    );
    await assert.rejects(initiate(open.UserPoolClient!.ClientId!, { USERNAME: 'nobody' }), { name: 'UserNotFoundException', message: 'User does not exist.' });
  });

  it('needs SECRET_HASH on InitiateAuth and on every answer for a client with a secret', async () => {
    const u = await passwordlessPool(s);
    const made = await s.sdk.send(
      new CreateUserPoolClientCommand({ UserPoolId: u.poolId, ClientName: 'secret', ExplicitAuthFlows: ['ALLOW_USER_AUTH'], GenerateSecret: true }),
    );
    const clientId = made.UserPoolClient!.ClientId!;
    const hash = createHmac('sha256', made.UserPoolClient!.ClientSecret!)
      .update(u.username + clientId)
      .digest('base64');
    await assert.rejects(initiate(clientId, { USERNAME: u.username }), {
      name: 'NotAuthorizedException',
      message: `Client ${clientId} is configured for secret but secret was not received`,
    });
    const select = await initiate(clientId, { USERNAME: u.username, SECRET_HASH: hash });
    await assert.rejects(respond(clientId, 'SELECT_CHALLENGE', select.Session, { USERNAME: u.username, ANSWER: 'EMAIL_OTP' }), {
      name: 'NotAuthorizedException',
      message: `Client ${clientId} is configured for secret but secret was not received`,
    });
    const sent = await respond(clientId, 'SELECT_CHALLENGE', select.Session, { USERNAME: u.username, ANSWER: 'EMAIL_OTP', SECRET_HASH: hash });
    const { code } = await lastMessage(s.url, u.poolId, u.username);
    const done = await respond(clientId, 'EMAIL_OTP', sent.Session, { USERNAME: u.username, EMAIL_OTP_CODE: code, SECRET_HASH: hash });
    await verifyTokens(u.poolId, clientId, done.AuthenticationResult, u.username);
  });

  it('refuses a sign-in policy without PASSWORD, and one-time passwords in the LITE tier', async () => {
    await assert.rejects(s.sdk.send(new CreateUserPoolCommand({ PoolName: 'x', Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['EMAIL_OTP'] } } })), {
      name: 'InvalidParameterException',
      message: 'AllowedFirstAuthFactors must include PASSWORD.',
    });
    await assert.rejects(
      s.sdk.send(
        new CreateUserPoolCommand({ PoolName: 'x', UserPoolTier: 'LITE', Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'EMAIL_OTP'] } } }),
      ),
      { name: 'FeatureUnavailableInTierException' },
    );
  });
});

describe('USER_AUTH and the triggers', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer({ lambdaDir: LAMBDA_DIR });
  });
  after(async () => s.close());

  it('runs PreAuthentication at InitiateAuth, CustomMessage_Authentication for the SMS code and PostAuthentication at the end', async () => {
    const u = await passwordlessPool(s, ALL_FACTORS, {
      LambdaConfig: { PreAuthentication: fnArn('preAuthentication'), PostAuthentication: fnArn('postAuthentication'), CustomMessage: fnArn('customMessage') },
    });
    const of = <T>(name: string) => eventsOf<T & { userPoolId: string }>(s.logs, name).filter((e) => e.userPoolId === u.poolId);
    const sent = await s.sdk.send(
      new InitiateAuthCommand({ ClientId: u.clientId, AuthFlow: 'USER_AUTH', AuthParameters: { USERNAME: u.username, PREFERRED_CHALLENGE: 'SMS_OTP' } }),
    );
    assert.equal(of<PreAuthenticationTriggerEvent>('preAuthentication').length, 1);
    assert.equal(of<PostAuthenticationTriggerEvent>('postAuthentication').length, 0);
    const custom = of<CustomMessageTriggerEvent>('customMessage');
    assert.equal(custom.at(-1)?.triggerSource, 'CustomMessage_Authentication');
    const m = await lastMessage(s.url, u.poolId, u.username);
    assert.equal(m.message, `Example Corp sign-in code: ${m.code}`);
    const done = await s.sdk.send(
      new RespondToAuthChallengeCommand({
        ClientId: u.clientId,
        ChallengeName: 'SMS_OTP',
        Session: sent.Session,
        ChallengeResponses: { USERNAME: u.username, SMS_OTP_CODE: m.code },
      }),
    );
    assert.ok(done.AuthenticationResult?.AccessToken);
    assert.equal(of<PreAuthenticationTriggerEvent>('preAuthentication').length, 1);
    assert.equal(of<PostAuthenticationTriggerEvent>('postAuthentication').length, 1);
  });
});
