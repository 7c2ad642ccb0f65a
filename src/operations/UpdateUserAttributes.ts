/**
 * UpdateUserAttributes (unsigned, by access token): the user changes their own attributes. A changed
 * email or phone_number becomes unverified, and if the pool auto-verifies it a code goes out (listed in
 * CodeDeliveryDetailsList) for VerifyUserAttribute. Users cannot set email_verified or
 * phone_number_verified themselves (InvalidParameterException, our text): only a code proves an
 * address. An empty value removes the attribute. In pools that sign in with email or phone, an address
 * another user signs in with is AliasExistsException. UserAttributeUpdateSettings (keep the old value
 * until verified) is not applied: the new value takes effect at once (our simplification).
 */
import { sendCode } from '../domain/codes.js';
import { checkAttributes } from '../domain/schema.js';
import { userFromAccessToken } from '../domain/users.js';
import { AliasExistsException, InvalidParameterException } from '../errors.js';
import type { CodeDeliveryDetailsType } from '../model/generated.js';
import { defineOperation } from './operation.js';

export const UpdateUserAttributes = defineOperation('UpdateUserAttributes', async (input, svc) => {
  const { user, pool } = await userFromAccessToken(svc, input.AccessToken);
  for (const a of input.UserAttributes) {
    if (a.Name === 'email_verified' || a.Name === 'phone_number_verified') {
      throw new InvalidParameterException(`Cannot modify the verification status of an attribute: ${a.Name}`);
    }
  }
  checkAttributes(pool.settings.SchemaAttributes ?? [], input.UserAttributes, { creating: false, existing: user.attributes });
  const given = new Map(input.UserAttributes.map((a) => [a.Name, a.Value ?? '']));
  const changed: Array<'email' | 'phone_number'> = [];
  for (const name of ['email', 'phone_number'] as const) {
    const value = given.get(name);
    if (value === undefined || value === user.attributes[name]) continue;
    if (value !== '') changed.push(name);
    if (value === '' || !(pool.settings.UsernameAttributes ?? []).includes(name)) continue;
    const holders = (await svc.store.findUsersByAttribute(pool.id, name, value)).filter((u) => u.sub !== user.sub);
    if (holders.length > 0) throw new AliasExistsException(`An account with the given ${name} already exists.`);
  }
  for (const [name, value] of given) {
    if ((name === 'email' || name === 'phone_number') && user.attributes[name] !== value) {
      if (value === '') delete user.attributes[`${name}_verified`];
      else user.attributes[`${name}_verified`] = 'false';
    }
    if (value === '') delete user.attributes[name];
    else user.attributes[name] = value;
  }
  user.lastModifiedAt = svc.clock.now();
  await svc.store.updateUser(user);
  const auto = pool.settings.AutoVerifiedAttributes ?? [];
  const details: CodeDeliveryDetailsType[] = [];
  for (const name of changed) {
    if (auto.includes(name)) details.push(await sendCode(svc, pool, user, `VERIFY:${name}`, { attribute: name, destination: user.attributes[name]! }));
  }
  return details.length > 0 ? { CodeDeliveryDetailsList: details } : {};
});
