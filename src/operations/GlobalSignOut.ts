/**
 * GlobalSignOut: revokes every sign-in of the user, so each of their access tokens then fails with
 * "Access Token has been revoked" and each refresh token with "Refresh Token has been revoked".
 */
import { userFromAccessToken } from '../domain/users.js';
import { defineOperation } from './operation.js';

export const GlobalSignOut = defineOperation('GlobalSignOut', async (input, svc) => {
  const { user, pool } = await userFromAccessToken(svc, input.AccessToken);
  await svc.store.revokeUserTokenOrigins(pool.id, user.sub, svc.clock.now());
  return {};
});
