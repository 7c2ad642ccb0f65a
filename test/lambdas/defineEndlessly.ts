import type { DefineAuthChallengeTriggerHandler } from 'aws-lambda';

/** Never decides: always one more custom challenge (for the limit on rounds). */
export const handler: DefineAuthChallengeTriggerHandler = async (event) => {
  event.response.challengeName = 'CUSTOM_CHALLENGE';
  event.response.issueTokens = false;
  event.response.failAuthentication = false;
  return event;
};
