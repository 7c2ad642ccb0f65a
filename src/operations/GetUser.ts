/** GetUser: the signed-in user's own view, authorised by the access token alone. */
import { attributeList, mfaOptionsOf, mfaSettingsOf, userFromAccessToken } from '../domain/users.js';
import { defineOperation } from './operation.js';

export const GetUser = defineOperation('GetUser', async (input, svc) => {
  const { user } = await userFromAccessToken(svc, input.AccessToken);
  return { Username: user.username, UserAttributes: attributeList(user), ...mfaOptionsOf(user), ...mfaSettingsOf(user) };
});
