import type { CustomMessageTriggerHandler } from 'aws-lambda';

/** Rewords every message; `clientMetadata.shape` asks for a message that breaks Cognito's rules. */
export const handler: CustomMessageTriggerHandler = async (event) => {
  console.log(JSON.stringify(event));
  const code = event.request.codeParameter;
  if (event.request.clientMetadata?.shape === 'no-code') {
    event.response.emailMessage = 'Welcome, no code here';
    event.response.smsMessage = 'Welcome, no code here';
    return event;
  }
  switch (event.triggerSource) {
    case 'CustomMessage_Authentication':
      event.response.smsMessage = `Example Corp sign-in code: ${code}`;
      break;
    case 'CustomMessage_AdminCreateUser':
      event.response.smsMessage = `Welcome ${event.request.usernameParameter}, your password is ${code}`;
      event.response.emailMessage = `Welcome ${event.request.usernameParameter}, your password is ${code}`;
      event.response.emailSubject = 'Welcome to Example Corp';
      break;
    default:
      event.response.smsMessage = `[${event.triggerSource}] ${code}`;
      event.response.emailMessage = `<p>[${event.triggerSource}] ${code}</p>`;
      event.response.emailSubject = `${event.triggerSource}`;
  }
  return event;
};
