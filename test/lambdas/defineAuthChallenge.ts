import type { DefineAuthChallengeTriggerHandler } from 'aws-lambda';

/**
 * A passwordless email-code sign-in (optionally after the password, when the client starts with SRP_A): one
 * code challenge at a time, tokens after a right answer, failure after three wrong ones.
 */
export const handler: DefineAuthChallengeTriggerHandler = async (event) => {
  console.log(JSON.stringify(event));
  const session = event.request.session;
  const last = session.at(-1);
  const wrong = session.filter((s) => s.challengeName === 'CUSTOM_CHALLENGE' && !s.challengeResult).length;
  if (session.length === 1 && last?.challengeName === 'SRP_A') {
    event.response.challengeName = 'PASSWORD_VERIFIER';
  } else if (last?.challengeName === 'CUSTOM_CHALLENGE' && last.challengeResult) {
    event.response.issueTokens = true;
    event.response.failAuthentication = false;
  } else if (wrong >= 3) {
    event.response.issueTokens = false;
    event.response.failAuthentication = true;
  } else {
    event.response.challengeName = 'CUSTOM_CHALLENGE';
    event.response.issueTokens = false;
    event.response.failAuthentication = false;
  }
  return event;
};
