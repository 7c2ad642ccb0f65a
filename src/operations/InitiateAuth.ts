/** InitiateAuth (unsigned): USER_PASSWORD_AUTH, USER_SRP_AUTH, CUSTOM_AUTH, USER_AUTH and REFRESH_TOKEN_AUTH/REFRESH_TOKEN, and the challenges that follow. */
import { SignIn } from '../domain/signin/signin.js';
import { requireClient } from '../domain/clients.js';
import { defineOperation } from './operation.js';

export const InitiateAuth = defineOperation('InitiateAuth', async (input, svc) => {
  const client = await requireClient(svc, input.ClientId);
  return new SignIn(svc, input.ClientMetadata ? { signInMetadata: input.ClientMetadata } : {}).initiate({
    client,
    flow: input.AuthFlow,
    params: input.AuthParameters ?? {},
    admin: false,
  });
});
