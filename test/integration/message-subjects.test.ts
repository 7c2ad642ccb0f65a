/**
 * Email subjects in the outbox: Cognito's defaults, the pool's templates (VerificationMessageTemplate /
 * EmailVerificationSubject, InviteMessageTemplate.EmailSubject) and the CustomMessage trigger's
 * `emailSubject`; SMS messages have none.
 */
import assert from 'node:assert/strict';
import { AdminCreateUserCommand, AdminSetUserSettingsCommand, InitiateAuthCommand, SignUpCommand } from '@aws-sdk/client-cognito-identity-provider';
import { after, before, describe, it } from 'node:test';
import { createConfirmedUser, createPoolAndClient, PASSWORD } from '../helpers/fixtures.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { fnArn, LAMBDA_DIR } from '../helpers/triggers.js';

interface OutboxMessage {
  deliveryMedium: string;
  subject: string | null;
  message: string;
  code: string | null;
}

async function outbox(s: TestServer, poolId: string, username: string): Promise<OutboxMessage[]> {
  const res = await fetch(`${s.url}/_cognate/messages?poolId=${encodeURIComponent(poolId)}&username=${encodeURIComponent(username)}`);
  return ((await res.json()) as { messages: OutboxMessage[] }).messages;
}

describe('email subjects in the outbox', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer({ lambdaDir: LAMBDA_DIR, lambdaTimeoutMs: 5000 });
  });
  after(() => s.close());

  async function signUp(pool: Record<string, unknown>, username: string): Promise<OutboxMessage> {
    const { poolId, clientId } = await createPoolAndClient(s.sdk, { AutoVerifiedAttributes: ['email'], UsernameAttributes: [], ...pool });
    await s.sdk.send(
      new SignUpCommand({ ClientId: clientId, Username: username, Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }] }),
    );
    const [m] = await outbox(s, poolId, username);
    assert.ok(m, 'a message was sent');
    return m;
  }

  async function invite(pool: Record<string, unknown>, username: string): Promise<OutboxMessage> {
    const { poolId } = await createPoolAndClient(s.sdk, pool);
    await s.sdk.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: username,
        DesiredDeliveryMediums: ['EMAIL'],
        UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }],
      }),
    );
    const [m] = await outbox(s, poolId, username);
    assert.ok(m, 'an invitation was sent');
    return m;
  }

  it("gives a verification email Cognito's default subject, Your verification code", async () => {
    const m = await signUp({}, 'ann');
    assert.equal(m.deliveryMedium, 'EMAIL');
    assert.equal(m.subject, 'Your verification code');
  });

  it("takes the subject from the pool's VerificationMessageTemplate, or else from EmailVerificationSubject", async () => {
    const templated = await signUp(
      { VerificationMessageTemplate: { DefaultEmailOption: 'CONFIRM_WITH_CODE', EmailSubject: 'Confirm your Example account', EmailMessage: 'Code: {####}' } },
      'bob',
    );
    assert.equal(templated.subject, 'Confirm your Example account');
    assert.match(templated.message, /^Code: \d{6}$/);
    const legacy = await signUp({ EmailVerificationSubject: 'Your Example code' }, 'cat');
    assert.equal(legacy.subject, 'Your Example code');
  });

  it("gives an invitation Cognito's default subject, Your temporary password, or the InviteMessageTemplate's", async () => {
    assert.equal((await invite({}, 'dan')).subject, 'Your temporary password');
    const custom = await invite({ AdminCreateUserConfig: { InviteMessageTemplate: { EmailSubject: 'Welcome to Example' } } }, 'eve');
    assert.equal(custom.subject, 'Welcome to Example');
  });

  it("uses the CustomMessage trigger's emailSubject", async () => {
    const m = await signUp({ LambdaConfig: { CustomMessage: fnArn('customMessage') }, EmailVerificationSubject: 'Not this one' }, 'fay');
    assert.equal(m.subject, 'CustomMessage_SignUp');
    assert.match(m.message, /^<p>\[CustomMessage_SignUp\] \d{6}<\/p>$/);
    const invitation = await invite({ LambdaConfig: { CustomMessage: fnArn('customMessage') } }, 'gus');
    assert.equal(invitation.subject, 'Welcome to Example Corp');
  });

  it('keeps the pool subject when the CustomMessage trigger answers no emailSubject', async () => {
    // A function that gives the event back unchanged (the PostConfirmation test handler does) words nothing.
    const m = await signUp({ LambdaConfig: { CustomMessage: fnArn('postConfirmation') }, EmailVerificationSubject: 'Pool subject' }, 'hal');
    assert.equal(m.subject, 'Pool subject');
  });

  it('gives an SMS no subject', async () => {
    const { poolId, clientId } = await createPoolAndClient(s.sdk);
    await createConfirmedUser(s.sdk, poolId, 'ivy');
    await s.sdk.send(
      new AdminSetUserSettingsCommand({ UserPoolId: poolId, Username: 'ivy', MFAOptions: [{ DeliveryMedium: 'SMS', AttributeName: 'phone_number' }] }),
    );
    await s.sdk.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'ivy', PASSWORD } }));
    const [m] = await outbox(s, poolId, 'ivy');
    assert.equal(m?.deliveryMedium, 'SMS');
    assert.equal(m?.subject, null);
  });
});
