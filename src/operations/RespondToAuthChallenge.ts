/**
 * RespondToAuthChallenge (unsigned): every challenge the sign-in engine poses (domain/signin/signin.ts),
 * USER_AUTH's SELECT_CHALLENGE, EMAIL_OTP and SMS_OTP included. A wrong code is
 * CodeMismatchException and the session stays usable for a few more tries; an expired or unknown
 * session is NotAuthorizedException "Invalid session for the user, session is expired."
 */
import { SignIn } from '../domain/signin/signin.js';
import { requireClient } from '../domain/clients.js';
import { defineOperation } from './operation.js';

export const RespondToAuthChallenge = defineOperation('RespondToAuthChallenge', async (input, svc) => {
  const client = await requireClient(svc, input.ClientId);
  return new SignIn(svc, input.ClientMetadata ? { challengeMetadata: input.ClientMetadata } : {}).respond({
    client,
    challenge: input.ChallengeName,
    responses: input.ChallengeResponses ?? {},
    session: input.Session,
  });
});
