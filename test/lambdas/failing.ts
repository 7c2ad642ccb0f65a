import type { Handler } from 'aws-lambda';

/** Fails as `clientMetadata.mode` (or the user name) asks: throw, hang, or answer something that is not the event. */
export const handler: Handler<{ userName: string; request: { clientMetadata?: Record<string, string>; validationData?: Record<string, string> } }> = async (
  event,
) => {
  const mode = event.request.clientMetadata?.mode ?? event.request.validationData?.mode ?? event.userName;
  if (mode === 'throw') throw new Error('Invalid email domain.');
  if (mode === 'hang') await new Promise(() => {});
  if (mode === 'garbage') return 'not an event';
  if (mode === 'bad-response') return { ...event, response: 42 };
  return event;
};
