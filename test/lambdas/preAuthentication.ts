import type { PreAuthenticationTriggerHandler } from 'aws-lambda';

/** Refuses users named blocked-*, and any sign-in whose InitiateAuth ClientMetadata says deny. */
export const handler: PreAuthenticationTriggerHandler = async (event) => {
  console.log(JSON.stringify(event));
  if (event.userName.startsWith('blocked') || event.request.validationData?.deny === 'yes') throw new Error('Sign-in is not allowed now');
  return event;
};
