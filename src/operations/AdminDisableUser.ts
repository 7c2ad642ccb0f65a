/**
 * AdminDisableUser: the user can no longer sign in, and, as Cognito documents ("deactivates a user
 * profile and revokes all access tokens for the user"), every sign-in the user had is revoked: its
 * access, ID and refresh tokens stay refused after AdminEnableUser ("Access Token has been revoked",
 * "Refresh Token has been revoked"). The user is disabled first and revoked second; a sign-in that
 * races with it re-reads the user after recording its own tokens (domain/signin/tokens.ts issueTokens), so no
 * sign-in made before the disable survives it.
 */
import { changeUser, requirePool, requireUser } from '../domain/users.js';
import { defineOperation } from './operation.js';

export const AdminDisableUser = defineOperation('AdminDisableUser', async (input, svc) => {
  const pool = await requirePool(svc.store, input.UserPoolId);
  const user = await requireUser(svc.store, pool, input.Username);
  const now = svc.clock.now();
  await changeUser(svc.store, user, (current) => (current.enabled ? { ...current, enabled: false, lastModifiedAt: now } : null));
  await svc.store.revokeUserTokenOrigins(pool.id, user.sub, now);
  return {};
});
