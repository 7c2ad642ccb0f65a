/**
 * AdminDeleteUserAttributes: deletes attributes of a user, as an administrator, in one atomic change
 * (rules and messages in domain/attribute-deletion.ts). Tokens already issued keep their claims; the next
 * ID token lacks the deleted attributes, as the API reference says.
 */
import { checkDeletable, withoutAttributes } from '../domain/attribute-deletion.js';
import { changeUser, requirePool, requireUser } from '../domain/users.js';
import { defineOperation } from './operation.js';

export const AdminDeleteUserAttributes = defineOperation('AdminDeleteUserAttributes', async (input, svc) => {
  const pool = await requirePool(svc.store, input.UserPoolId);
  const user = await requireUser(svc.store, pool, input.Username);
  const schema = pool.settings.SchemaAttributes ?? [];
  checkDeletable(schema, input.UserAttributeNames, user.attributes);
  const now = svc.clock.now();
  await changeUser(svc.store, user, (current) => withoutAttributes(schema, current, input.UserAttributeNames, now));
  return {};
});
