/**
 * AdminUpdateUserAttributes. A changed email or phone_number becomes unverified unless the same request
 * sets its *_verified attribute (administrators may mark addresses verified directly). An empty value
 * removes the attribute.
 */
import { checkAttributes } from '../domain/schema.js';
import { requirePool, requireUser } from '../domain/users.js';
import { defineOperation } from './operation.js';

export const AdminUpdateUserAttributes = defineOperation('AdminUpdateUserAttributes', async (input, svc) => {
  const pool = await requirePool(svc.store, input.UserPoolId);
  const user = await requireUser(svc.store, pool, input.Username);
  checkAttributes(pool.settings.SchemaAttributes ?? [], input.UserAttributes, { creating: false, existing: user.attributes });
  const given = new Map(input.UserAttributes.map((a) => [a.Name, a.Value ?? '']));
  for (const [name, value] of given) {
    if ((name === 'email' || name === 'phone_number') && user.attributes[name] !== value && !given.has(`${name}_verified`)) {
      user.attributes[`${name}_verified`] = 'false';
    }
    if (value === '') delete user.attributes[name];
    else user.attributes[name] = value;
  }
  user.lastModifiedAt = svc.clock.now();
  await svc.store.updateUser(user);
  return {};
});
