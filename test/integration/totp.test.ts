import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AdminGetUserCommand,
  AssociateSoftwareTokenCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  SetUserMFAPreferenceCommand,
  VerifySoftwareTokenCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { startServer, type TestServer } from '../helpers/server.js';
import { PASSWORD, signedInUser, type SignedInUser } from '../helpers/fixtures.js';
import { offerAllFactors, otherCode, setUpTotp, totpAt } from '../helpers/mfa.js';

describe('TOTP: AssociateSoftwareToken, VerifySoftwareToken and the SOFTWARE_TOKEN_MFA challenge', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
  });
  after(async () => s.close());

  const initiate = (u: SignedInUser) =>
    s.sdk.send(new InitiateAuthCommand({ ClientId: u.clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: u.username, PASSWORD } }));
  const answer = (u: SignedInUser, session: string | undefined, code: string) =>
    s.sdk.send(
      new RespondToAuthChallengeCommand({
        ClientId: u.clientId,
        ChallengeName: 'SOFTWARE_TOKEN_MFA',
        Session: session,
        ChallengeResponses: { USERNAME: u.username, SOFTWARE_TOKEN_MFA_CODE: code },
      }),
    );

  /** A signed-in user in a TOTP-offering pool with TOTP set up, enabled and preferred. */
  async function totpUser(): Promise<SignedInUser & { secret: string }> {
    const u = await signedInUser(s.sdk, 'tina', null);
    await offerAllFactors(s.sdk, u.poolId);
    const secret = await setUpTotp(s.sdk, s.clock, u.accessToken);
    await s.sdk.send(new SetUserMFAPreferenceCommand({ AccessToken: u.accessToken, SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } }));
    return { ...u, secret };
  }

  it('issues a 32-character base32 secret and no session when called with an access token', async () => {
    const u = await signedInUser(s.sdk);
    const out = await s.sdk.send(new AssociateSoftwareTokenCommand({ AccessToken: u.accessToken }));
    assert.match(out.SecretCode!, /^[A-Z2-7]{32}$/);
    assert.equal(out.Session, undefined);
  });

  it("refuses a wrong code with EnableSoftwareTokenMFAException and accepts the authenticator's code", async () => {
    const u = await signedInUser(s.sdk);
    const { SecretCode } = await s.sdk.send(new AssociateSoftwareTokenCommand({ AccessToken: u.accessToken }));
    const code = totpAt(SecretCode!, s.clock);
    await assert.rejects(s.sdk.send(new VerifySoftwareTokenCommand({ AccessToken: u.accessToken, UserCode: otherCode(code) })), {
      name: 'EnableSoftwareTokenMFAException',
      message: 'Code mismatch and fail enable Software Token MFA',
    });
    const ok = await s.sdk.send(new VerifySoftwareTokenCommand({ AccessToken: u.accessToken, UserCode: code }));
    assert.equal(ok.Status, 'SUCCESS');
  });

  it('refuses VerifySoftwareToken before any AssociateSoftwareToken with SoftwareTokenMFANotFoundException', async () => {
    const u = await signedInUser(s.sdk);
    await assert.rejects(s.sdk.send(new VerifySoftwareTokenCommand({ AccessToken: u.accessToken, UserCode: '123456' })), {
      name: 'SoftwareTokenMFANotFoundException',
      message: 'Software Token MFA does not exist for the user.',
    });
  });

  it('does not turn TOTP MFA on by verifying alone; SetUserMFAPreference does', async () => {
    const u = await signedInUser(s.sdk, 'vera', null);
    await offerAllFactors(s.sdk, u.poolId);
    await setUpTotp(s.sdk, s.clock, u.accessToken);
    const before = await s.sdk.send(new AdminGetUserCommand({ UserPoolId: u.poolId, Username: u.username }));
    assert.equal(before.UserMFASettingList, undefined);
    assert.equal((await initiate(u)).ChallengeName, undefined);
    await s.sdk.send(new SetUserMFAPreferenceCommand({ AccessToken: u.accessToken, SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } }));
    const after = await s.sdk.send(new AdminGetUserCommand({ UserPoolId: u.poolId, Username: u.username }));
    assert.deepEqual(after.UserMFASettingList, ['SOFTWARE_TOKEN_MFA']);
    assert.equal(after.PreferredMfaSetting, 'SOFTWARE_TOKEN_MFA');
  });

  it('refuses to enable TOTP that was associated but not verified', async () => {
    const u = await signedInUser(s.sdk);
    await s.sdk.send(new AssociateSoftwareTokenCommand({ AccessToken: u.accessToken }));
    await assert.rejects(s.sdk.send(new SetUserMFAPreferenceCommand({ AccessToken: u.accessToken, SoftwareTokenMfaSettings: { Enabled: true } })), {
      name: 'InvalidParameterException',
      message: 'User has not verified software token mfa',
    });
  });

  it('signs in with the current code and refuses the same code a second time', async () => {
    const u = await totpUser();
    const first = await initiate(u);
    assert.equal(first.ChallengeName, 'SOFTWARE_TOKEN_MFA');
    const code = totpAt(u.secret, s.clock);
    const done = await answer(u, first.Session, code);
    assert.ok(done.AuthenticationResult?.AccessToken);
    const again = await initiate(u);
    await assert.rejects(answer(u, again.Session, code), { name: 'CodeMismatchException', message: 'Invalid code or auth state for the user.' });
  });

  it('accepts a code one step old or one step ahead, and refuses one two steps old', async () => {
    const u = await totpUser();
    s.clock.advance(120);
    const stale = await initiate(u);
    await assert.rejects(answer(u, stale.Session, totpAt(u.secret, s.clock, -2)), { name: 'CodeMismatchException' });
    const behind = await initiate(u);
    assert.ok((await answer(u, behind.Session, totpAt(u.secret, s.clock, -1))).AuthenticationResult);
    const ahead = await initiate(u);
    assert.ok((await answer(u, ahead.Session, totpAt(u.secret, s.clock, 1))).AuthenticationResult);
  });

  it('refuses a code older than the last one accepted, even inside the drift window', async () => {
    const u = await totpUser();
    s.clock.advance(120);
    const a = await initiate(u);
    await answer(u, a.Session, totpAt(u.secret, s.clock, 0));
    const b = await initiate(u);
    await assert.rejects(answer(u, b.Session, totpAt(u.secret, s.clock, -1)), { name: 'CodeMismatchException' });
  });

  it('keeps the verified authenticator working while a new association is pending', async () => {
    const u = await totpUser();
    await s.sdk.send(new AssociateSoftwareTokenCommand({ AccessToken: u.accessToken }));
    s.clock.advance(60);
    const r = await initiate(u);
    assert.ok((await answer(u, r.Session, totpAt(u.secret, s.clock))).AuthenticationResult);
  });
});
