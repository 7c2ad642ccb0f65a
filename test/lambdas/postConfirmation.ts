import type { PostConfirmationTriggerHandler } from 'aws-lambda';

/** Records the confirmation; fails for users whose name says so. */
export const handler: PostConfirmationTriggerHandler = async (event) => {
  console.log(JSON.stringify(event));
  if (event.userName.startsWith('fail')) throw new Error('Welcome mail service is down');
  return event;
};
