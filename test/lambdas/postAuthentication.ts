import type { PostAuthenticationTriggerHandler } from 'aws-lambda';

/** Records each sign-in; fails for users named postfail-*. */
export const handler: PostAuthenticationTriggerHandler = async (event) => {
  console.log(JSON.stringify(event));
  if (event.userName.startsWith('postfail')) throw new Error('Audit log unavailable');
  return event;
};
