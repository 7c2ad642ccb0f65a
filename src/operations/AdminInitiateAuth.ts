/** AdminInitiateAuth (signed): ADMIN_USER_PASSWORD_AUTH/ADMIN_NO_SRP_AUTH, USER_SRP_AUTH, CUSTOM_AUTH, USER_AUTH and REFRESH_TOKEN_AUTH. */
import { SignIn } from '../domain/signin/signin.js';
import { requireClient } from '../domain/clients.js';
import { requirePool } from '../domain/users.js';
import { defineOperation } from './operation.js';

export const AdminInitiateAuth = defineOperation('AdminInitiateAuth', async (input, svc) => {
  await requirePool(svc.store, input.UserPoolId);
  const client = await requireClient(svc, input.ClientId, input.UserPoolId);
  return new SignIn(svc, input.ClientMetadata ? { signInMetadata: input.ClientMetadata } : {}).initiate({
    client,
    flow: input.AuthFlow,
    params: input.AuthParameters ?? {},
    admin: true,
  });
});
