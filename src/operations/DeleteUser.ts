/**
 * DeleteUser (unsigned, by access token): the user deletes their own account and pending codes are
 * dropped. Tokens are left to fail on their own, as after AdminDeleteUser: an access token of the
 * deleted user meets UserNotFoundException "User does not exist.", a refresh token "Invalid Refresh Token".
 */
import { userFromAccessToken } from '../domain/users.js';
import { defineOperation } from './operation.js';

export const DeleteUser = defineOperation('DeleteUser', async (input, svc) => {
  const { user, pool } = await userFromAccessToken(svc, input.AccessToken);
  await svc.store.deleteUser(pool.id, user.username);
  await svc.store.deleteCodes(pool.id, user.sub);
  return {};
});
