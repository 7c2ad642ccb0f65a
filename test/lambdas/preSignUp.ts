import type { PreSignUpTriggerHandler } from 'aws-lambda';

/** Auto-confirms users of example.com and verifies their email; refuses other domains by throwing. */
export const handler: PreSignUpTriggerHandler = async (event) => {
  console.log(JSON.stringify(event));
  const email = event.request.userAttributes.email ?? '';
  if (email.endsWith('@blocked.example')) throw new Error('Invalid email domain.');
  if (email.endsWith('@example.com')) {
    event.response.autoConfirmUser = true;
    event.response.autoVerifyEmail = true;
  }
  return event;
};
