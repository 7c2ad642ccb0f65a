import type { PreSignUpTriggerHandler } from 'aws-lambda';

/** For federated sign-ups: verifies the email the provider asserted; refuses users whose name says "blocked". */
export const handler: PreSignUpTriggerHandler = async (event) => {
  console.log(JSON.stringify(event));
  if (event.userName.includes('blocked')) throw new Error('External user refused.');
  if (event.triggerSource === 'PreSignUp_ExternalProvider') event.response.autoVerifyEmail = true;
  return event;
};
