import { randomInt } from 'node:crypto';
import type { CreateAuthChallengeTriggerHandler } from 'aws-lambda';

/**
 * "Emails" a six-digit code: the code is logged with the answered event (the test's mailbox), the public
 * parameters name where it went, and the code waits in the private parameters for the verifier.
 */
export const handler: CreateAuthChallengeTriggerHandler = async (event) => {
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  event.response.publicChallengeParameters = { email: event.request.userAttributes.email ?? '', attempt: String(event.request.session.length + 1) };
  event.response.privateChallengeParameters = { code };
  event.response.challengeMetadata = `CODE-${event.request.session.length + 1}`;
  console.log(JSON.stringify(event));
  return event;
};
