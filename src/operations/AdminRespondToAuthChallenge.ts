/** AdminRespondToAuthChallenge (signed): as RespondToAuthChallenge, with the pool named. */
import { SignIn } from '../domain/signin/signin.js';
import { requireClient } from '../domain/clients.js';
import { requirePool } from '../domain/users.js';
import { defineOperation } from './operation.js';

export const AdminRespondToAuthChallenge = defineOperation('AdminRespondToAuthChallenge', async (input, svc) => {
  await requirePool(svc.store, input.UserPoolId);
  const client = await requireClient(svc, input.ClientId, input.UserPoolId);
  return new SignIn(svc, input.ClientMetadata ? { challengeMetadata: input.ClientMetadata } : {}).respond({
    client,
    challenge: input.ChallengeName,
    responses: input.ChallengeResponses ?? {},
    session: input.Session,
  });
});
