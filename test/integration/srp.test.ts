import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  ChangePasswordCommand,
  CreateUserPoolClientCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  SetUserMFAPreferenceCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { SqliteStore } from '../../src/store/sqlite/store.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { createConfirmedUser, createPoolAndClient, PASSWORD, signedInUser } from '../helpers/fixtures.js';
import { lastMessage } from '../helpers/mfa.js';
import { FastSrpClient, startSrp } from '../helpers/srp-client.js';

const NEW_PASSWORD = 'N3w-Passw0rd!';
const WRONG = { name: 'NotAuthorizedException', message: 'Incorrect username or password.' };

describe('USER_SRP_AUTH and PASSWORD_VERIFIER', () => {
  let s: TestServer;
  let poolId: string;
  let clientId: string;
  before(async () => {
    s = await startServer();
    ({ poolId } = await createPoolAndClient(s.sdk));
    // A client created without ExplicitAuthFlows allows SRP, as Cognito's default does.
    clientId = (await s.sdk.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'spa' }))).UserPoolClient!.ClientId!;
  });
  after(async () => s.close());

  const verify = (responses: Record<string, string>, id = clientId) =>
    s.sdk.send(new RespondToAuthChallengeCommand({ ClientId: id, ChallengeName: 'PASSWORD_VERIFIER', ChallengeResponses: responses }));

  it('answers with PASSWORD_VERIFIER (SALT, SECRET_BLOCK, SRP_B, USERNAME, USER_ID_FOR_SRP; no Session) and issues tokens for a valid signature', async () => {
    await createConfirmedUser(s.sdk, poolId, 'alice', null);
    const { first, responses } = await startSrp(s.sdk, poolId, clientId, 'alice');
    assert.equal(first.ChallengeName, 'PASSWORD_VERIFIER');
    assert.equal(first.Session, undefined);
    const p = first.ChallengeParameters!;
    assert.deepEqual(Object.keys(p).sort(), ['SALT', 'SECRET_BLOCK', 'SRP_B', 'USERNAME', 'USER_ID_FOR_SRP']);
    assert.equal(p.USERNAME, 'alice');
    assert.equal(p.USER_ID_FOR_SRP, 'alice');
    assert.match(p.SALT!, /^[0-9a-f]+$/);
    assert.match(p.SRP_B!, /^[0-9a-f]+$/);
    assert.match(p.SECRET_BLOCK!, /^[A-Za-z0-9+/]+=*$/);
    const done = await verify(responses(PASSWORD));
    assert.deepEqual(done.ChallengeParameters, {});
    assert.ok(done.AuthenticationResult?.AccessToken && done.AuthenticationResult.RefreshToken);
  });

  it('refuses a wrong password with "Incorrect username or password." and spends the secret block', async () => {
    await createConfirmedUser(s.sdk, poolId, 'bert', null);
    const { responses } = await startSrp(s.sdk, poolId, clientId, 'bert');
    await assert.rejects(verify(responses('Wr0ng-pass!')), WRONG);
    await assert.rejects(verify(responses(PASSWORD)), { name: 'NotAuthorizedException', message: 'Invalid session for the user, session is expired.' });
  });

  it("refuses a TIMESTAMP in another format with Cognito's message", async () => {
    await createConfirmedUser(s.sdk, poolId, 'cleo', null);
    const { responses } = await startSrp(s.sdk, poolId, clientId, 'cleo');
    await assert.rejects(verify(responses(PASSWORD, new Date().toISOString())), {
      name: 'InvalidParameterException',
      message: 'TIMESTAMP format should be EEE MMM d HH:mm:ss z yyyy in english.',
    });
  });

  it('refuses a tampered signature', async () => {
    await createConfirmedUser(s.sdk, poolId, 'dora', null);
    const { responses } = await startSrp(s.sdk, poolId, clientId, 'dora');
    const r = responses(PASSWORD);
    const sig = Buffer.from(r.PASSWORD_CLAIM_SIGNATURE!, 'base64');
    sig[0]! ^= 1;
    await assert.rejects(verify({ ...r, PASSWORD_CLAIM_SIGNATURE: sig.toString('base64') }), WRONG);
  });

  it('refuses USER_SRP_AUTH on a client whose ExplicitAuthFlows leave it out', async () => {
    const { clientId: pwOnly } = await createPoolAndClient(s.sdk);
    await assert.rejects(
      s.sdk.send(
        new InitiateAuthCommand({
          ClientId: pwOnly,
          AuthFlow: 'USER_SRP_AUTH',
          AuthParameters: { USERNAME: 'x', SRP_A: new FastSrpClient(poolId).A.toString(16) },
        }),
      ),
      { name: 'InvalidParameterException', message: 'USER_SRP_AUTH flow not enabled for this client' },
    );
  });

  it('answers an unknown user with UserNotFoundException at the first step', async () => {
    await assert.rejects(startSrp(s.sdk, poolId, clientId, 'nobody'), { name: 'UserNotFoundException', message: 'User does not exist.' });
  });

  it('uses the generated username as USER_ID_FOR_SRP in pools that sign in with email', async () => {
    const { poolId: emailPool } = await createPoolAndClient(s.sdk, { UsernameAttributes: ['email'] });
    const spa = (await s.sdk.send(new CreateUserPoolClientCommand({ UserPoolId: emailPool, ClientName: 'spa' }))).UserPoolClient!.ClientId!;
    await createConfirmedUser(s.sdk, emailPool, 'erin@example.com', null);
    const { first, responses } = await startSrp(s.sdk, emailPool, spa, 'erin@example.com');
    assert.match(first.ChallengeParameters!.USER_ID_FOR_SRP!, /^[0-9a-f-]{36}$/);
    assert.ok((await verify(responses(PASSWORD), spa)).AuthenticationResult);
  });

  it('cannot sign in a user whose password predates SRP support until the password is set again', async () => {
    await createConfirmedUser(s.sdk, poolId, 'finn', null);
    (s.app.store as SqliteStore).db.prepare('UPDATE users SET srp_salt = NULL, srp_verifier = NULL, srp_password_hash = NULL WHERE username = ?').run('finn');
    const old = await startSrp(s.sdk, poolId, clientId, 'finn');
    await assert.rejects(verify(old.responses(PASSWORD)), WRONG);
    await s.sdk.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'finn', Password: PASSWORD, Permanent: true }));
    const again = await startSrp(s.sdk, poolId, clientId, 'finn');
    assert.ok((await verify(again.responses(PASSWORD))).AuthenticationResult);
  });

  it('refuses a verifier made for an earlier password hash', async () => {
    await createConfirmedUser(s.sdk, poolId, 'gail', null);
    (s.app.store as SqliteStore).db.prepare("UPDATE users SET srp_password_hash = 'scrypt$other' WHERE username = ?").run('gail');
    const { responses } = await startSrp(s.sdk, poolId, clientId, 'gail');
    await assert.rejects(verify(responses(PASSWORD)), WRONG);
  });

  it('follows ChangePassword: the old password fails and the new one signs in', async () => {
    const u = await signedInUser(s.sdk, 'hank', null);
    const spa = (await s.sdk.send(new CreateUserPoolClientCommand({ UserPoolId: u.poolId, ClientName: 'spa' }))).UserPoolClient!.ClientId!;
    await s.sdk.send(new ChangePasswordCommand({ AccessToken: u.accessToken, PreviousPassword: PASSWORD, ProposedPassword: NEW_PASSWORD }));
    const a = await startSrp(s.sdk, u.poolId, spa, 'hank');
    await assert.rejects(verify(a.responses(PASSWORD), spa), WRONG);
    const b = await startSrp(s.sdk, u.poolId, spa, 'hank');
    assert.ok((await verify(b.responses(NEW_PASSWORD), spa)).AuthenticationResult);
  });

  it('leads to NEW_PASSWORD_REQUIRED for a temporary password, and the chosen password then works with SRP', async () => {
    await s.sdk.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'iris', TemporaryPassword: PASSWORD, MessageAction: 'SUPPRESS' }));
    const { responses } = await startSrp(s.sdk, poolId, clientId, 'iris');
    const challenge = await verify(responses(PASSWORD));
    assert.equal(challenge.ChallengeName, 'NEW_PASSWORD_REQUIRED');
    await s.sdk.send(
      new RespondToAuthChallengeCommand({
        ClientId: clientId,
        ChallengeName: 'NEW_PASSWORD_REQUIRED',
        Session: challenge.Session,
        ChallengeResponses: { USERNAME: 'iris', NEW_PASSWORD },
      }),
    );
    const next = await startSrp(s.sdk, poolId, clientId, 'iris');
    assert.ok((await verify(next.responses(NEW_PASSWORD))).AuthenticationResult);
  });

  it('leads to SMS_MFA for a user with SMS MFA on', async () => {
    await createConfirmedUser(s.sdk, poolId, 'jack');
    const pw = await s.sdk.send(
      new InitiateAuthCommand({
        ClientId: clientId,
        AuthFlow: 'USER_SRP_AUTH',
        AuthParameters: { USERNAME: 'jack', SRP_A: new FastSrpClient(poolId).A.toString(16) },
      }),
    );
    assert.equal(pw.ChallengeName, 'PASSWORD_VERIFIER');
    const { responses } = await startSrp(s.sdk, poolId, clientId, 'jack');
    const tokens = await verify(responses(PASSWORD));
    await s.sdk.send(new SetUserMFAPreferenceCommand({ AccessToken: tokens.AuthenticationResult!.AccessToken, SMSMfaSettings: { Enabled: true } }));
    const again = await startSrp(s.sdk, poolId, clientId, 'jack');
    const mfa = await verify(again.responses(PASSWORD));
    assert.equal(mfa.ChallengeName, 'SMS_MFA');
    const { code } = await lastMessage(s.url, poolId, 'jack');
    const done = await s.sdk.send(
      new RespondToAuthChallengeCommand({
        ClientId: clientId,
        ChallengeName: 'SMS_MFA',
        Session: mfa.Session,
        ChallengeResponses: { USERNAME: 'jack', SMS_MFA_CODE: code },
      }),
    );
    assert.ok(done.AuthenticationResult);
  });

  it('refuses an unconfirmed user with UserNotConfirmedException once the password is proven', async () => {
    await s.sdk.send(new SignUpCommand({ ClientId: clientId, Username: 'kate', Password: PASSWORD }));
    const { responses } = await startSrp(s.sdk, poolId, clientId, 'kate');
    await assert.rejects(verify(responses(PASSWORD)), { name: 'UserNotConfirmedException', message: 'User is not confirmed.' });
  });
});
