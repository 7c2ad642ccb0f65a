/**
 * GetTokensFromRefreshToken (unsigned, by app client): new ID and access tokens for a refresh token, and
 * with the client's RefreshTokenRotation a new refresh token too (domain/signin/refresh.ts has the rules,
 * the grace period and the messages). A client with a secret must send it as ClientSecret. DeviceKey must
 * name the device of a sign-in made on one (domain/devices.ts). ClientMetadata goes to the PreTokenGeneration
 * trigger, the only one this operation runs.
 */
import { checkClientSecret, requireClient } from '../domain/clients.js';
import { assertRefreshAllowed, refreshWithRotation } from '../domain/signin/refresh.js';
import { requirePool } from '../domain/users.js';
import { defineOperation } from './operation.js';

export const GetTokensFromRefreshToken = defineOperation('GetTokensFromRefreshToken', async (input, svc) => {
  const client = await requireClient(svc, input.ClientId);
  checkClientSecret(client, input.ClientSecret);
  assertRefreshAllowed(client, 'GetTokensFromRefreshToken');
  const pool = await requirePool(svc.store, client.poolId);
  return { AuthenticationResult: await refreshWithRotation(svc, pool, client, input.RefreshToken, input.ClientMetadata, input.DeviceKey) };
});
