/**
 * DeleteUserAttributes (unsigned, by access token): the signed-in user deletes attributes of their own,
 * in one atomic change that checks the user's state again (rules and messages in
 * domain/attribute-deletion.ts).
 */
import { checkDeletable, withoutAttributes } from '../domain/attribute-deletion.js';
import { changeSignedInUser, userFromAccessToken } from '../domain/users.js';
import { defineOperation } from './operation.js';

export const DeleteUserAttributes = defineOperation('DeleteUserAttributes', async (input, svc) => {
  const { user, pool } = await userFromAccessToken(svc, input.AccessToken);
  const schema = pool.settings.SchemaAttributes ?? [];
  checkDeletable(schema, input.UserAttributeNames, user.attributes);
  const now = svc.clock.now();
  await changeSignedInUser(svc.store, user, (current) => withoutAttributes(schema, current, input.UserAttributeNames, now));
  return {};
});
