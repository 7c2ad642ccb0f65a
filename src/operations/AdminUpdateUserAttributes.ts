/**
 * AdminUpdateUserAttributes. A changed email or phone_number becomes unverified unless the same request
 * sets its *_verified attribute (administrators may mark addresses verified directly). An empty value
 * removes the attribute.
 *
 * An email or phone number another user signs in with is refused with AliasExistsException: in pools
 * where it is a username attribute, any holder counts; where it is an alias, only a verified holder,
 * and only if this request leaves the new value verified. (Our choice where AWS's documentation is silent:
 * AdminUpdateUserAttributes has no ForceAliasCreation, so the holder is never unseated.)
 */
import { AliasExistsException } from '../errors.js';
import { checkAttributes } from '../domain/schema.js';
import { changeUser, requirePool, requireUser, usersWithAttribute } from '../domain/users.js';
import { defineOperation } from './operation.js';

export const AdminUpdateUserAttributes = defineOperation('AdminUpdateUserAttributes', async (input, svc) => {
  const pool = await requirePool(svc.store, input.UserPoolId);
  const user = await requireUser(svc.store, pool, input.Username);
  const schema = pool.settings.SchemaAttributes ?? [];
  const written = checkAttributes(schema, input.UserAttributes, { creating: false, existing: user.attributes });
  const given = new Map(written.map((a) => [a.Name, a.Value ?? '']));
  for (const name of ['email', 'phone_number'] as const) {
    const value = given.get(name);
    if (value === undefined || value === '' || value === user.attributes[name]) continue;
    const asUsername = (pool.settings.UsernameAttributes ?? []).includes(name);
    const asAlias = (pool.settings.AliasAttributes ?? []).includes(name) && given.get(`${name}_verified`) === 'true';
    if (!asUsername && !asAlias) continue;
    const holders = (await usersWithAttribute(svc.store, pool, name, value)).filter(
      (u) => u.sub !== user.sub && (asUsername || u.attributes[`${name}_verified`] === 'true'),
    );
    if (holders.length > 0) throw new AliasExistsException(`An account with the given ${name} already exists.`);
  }
  const now = svc.clock.now();
  await changeUser(svc.store, user, (current) => {
    checkAttributes(schema, input.UserAttributes, { creating: false, existing: current.attributes });
    const attributes = { ...current.attributes };
    for (const [name, value] of given) {
      if ((name === 'email' || name === 'phone_number') && attributes[name] !== value && !given.has(`${name}_verified`)) {
        attributes[`${name}_verified`] = 'false';
      }
      if (value === '') delete attributes[name];
      else attributes[name] = value;
    }
    return { ...current, attributes, lastModifiedAt: now };
  });
  return {};
});
