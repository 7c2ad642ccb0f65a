import assert from 'node:assert/strict';
import {
  AdminUpdateUserAttributesCommand,
  AssociateSoftwareTokenCommand,
  SetUserPoolMfaConfigCommand,
  VerifySoftwareTokenCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { totpCode, totpStep } from '../../src/domain/totp.js';
import type { FakeClock } from '../../src/clock.js';

export const EMAIL = 'alice@example.com';

/** The newest message in the outbox for a user (fails if there is none). */
export async function lastMessage(
  url: string,
  poolId: string,
  username: string,
): Promise<{ code: string; destination: string; deliveryMedium: string; message: string }> {
  const res = await fetch(`${url}/_cognate/messages?poolId=${encodeURIComponent(poolId)}&username=${encodeURIComponent(username)}`);
  const { messages } = (await res.json()) as { messages: Array<{ code: string; destination: string; deliveryMedium: string; message: string }> };
  const m = messages.at(-1);
  assert.ok(m, `no message in the outbox for ${username}`);
  return m;
}

/** How many messages the outbox holds for a user. */
export async function messageCount(url: string, poolId: string, username: string): Promise<number> {
  const res = await fetch(`${url}/_cognate/messages?poolId=${encodeURIComponent(poolId)}&username=${encodeURIComponent(username)}`);
  return ((await res.json()) as { messages: unknown[] }).messages.length;
}

/** The TOTP code of a secret `offsetSteps` steps from the clock's now. */
export function totpAt(secret: string, clock: FakeClock | { now(): Date }, offsetSteps = 0): string {
  return totpCode(secret, totpStep(clock.now()) + offsetSteps);
}

/** A code guaranteed to differ from `code`. */
export function otherCode(code: string): string {
  return code === '000000' ? '111111' : '000000';
}

/** Turns on TOTP (and email MFA) in a pool, keeping its MFA mode. */
export async function offerAllFactors(sdk: CognitoIdentityProviderClient, poolId: string, mode: 'OPTIONAL' | 'ON' = 'OPTIONAL'): Promise<void> {
  await sdk.send(
    new SetUserPoolMfaConfigCommand({
      UserPoolId: poolId,
      MfaConfiguration: mode,
      SoftwareTokenMfaConfiguration: { Enabled: true },
      EmailMfaConfiguration: { Message: 'Your sign-in code is {####}.', Subject: 'Sign-in code' },
    }),
  );
}

/** Gives a user an email address. */
export async function giveEmail(sdk: CognitoIdentityProviderClient, poolId: string, username: string, email = EMAIL): Promise<void> {
  await sdk.send(
    new AdminUpdateUserAttributesCommand({
      UserPoolId: poolId,
      Username: username,
      UserAttributes: [
        { Name: 'email', Value: email },
        { Name: 'email_verified', Value: 'true' },
      ],
    }),
  );
}

/** Associates and verifies a software token with an access token; returns the secret. Uses the step after now, leaving now's code unused. */
export async function setUpTotp(sdk: CognitoIdentityProviderClient, clock: FakeClock, accessToken: string): Promise<string> {
  const { SecretCode } = await sdk.send(new AssociateSoftwareTokenCommand({ AccessToken: accessToken }));
  const out = await sdk.send(
    new VerifySoftwareTokenCommand({ AccessToken: accessToken, UserCode: totpAt(SecretCode!, clock, -1), FriendlyDeviceName: 'phone' }),
  );
  assert.equal(out.Status, 'SUCCESS');
  return SecretCode!;
}
