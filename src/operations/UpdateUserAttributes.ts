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
import { changeSignedInUser, userFromAccessToken, usersWithAttribute } from '../domain/users.js';
import { AliasExistsException, InvalidParameterException } from '../errors.js';
import type { CodeDeliveryDetailsType } from '../model/generated.js';
import type { UserRecord } from '../store/store.js';
import { defineOperation } from './operation.js';

const ADDRESSES = ['email', 'phone_number'] as const;

/** The user with the given attributes applied; a changed address loses its verified flag. */
function applyAttributes(user: UserRecord, given: Map<string, string>): UserRecord {
  const attributes = { ...user.attributes };
  for (const [name, value] of given) {
    if ((name === 'email' || name === 'phone_number') && attributes[name] !== value) {
      if (value === '') delete attributes[`${name}_verified`];
      else attributes[`${name}_verified`] = 'false';
    }
    if (value === '') delete attributes[name];
    else attributes[name] = value;
  }
  return { ...user, attributes };
}

export const UpdateUserAttributes = defineOperation('UpdateUserAttributes', async (input, svc) => {
  const { user, pool } = await userFromAccessToken(svc, input.AccessToken);
  for (const a of input.UserAttributes) {
    if (a.Name === 'email_verified' || a.Name === 'phone_number_verified') {
      throw new InvalidParameterException(`Cannot modify the verification status of an attribute: ${a.Name}`);
    }
  }
  const schema = pool.settings.SchemaAttributes ?? [];
  const written = checkAttributes(schema, input.UserAttributes, { creating: false, existing: user.attributes });
  const given = new Map(written.map((a) => [a.Name, a.Value ?? '']));
  for (const name of ADDRESSES) {
    const value = given.get(name);
    if (value === undefined || value === '' || value === user.attributes[name] || !(pool.settings.UsernameAttributes ?? []).includes(name)) continue;
    const holders = (await usersWithAttribute(svc.store, pool, name, value)).filter((u) => u.sub !== user.sub);
    if (holders.length > 0) throw new AliasExistsException(`An account with the given ${name} already exists.`);
  }
  const now = svc.clock.now();
  // The addresses this request changes, decided on the user as stored at the change.
  let changed: Array<(typeof ADDRESSES)[number]> = [];
  const stored = await changeSignedInUser(svc.store, user, (current) => {
    checkAttributes(schema, input.UserAttributes, { creating: false, existing: current.attributes });
    changed = ADDRESSES.filter((name) => {
      const value = given.get(name);
      return value !== undefined && value !== '' && value !== current.attributes[name];
    });
    return { ...applyAttributes(current, given), lastModifiedAt: now };
  });
  const auto = pool.settings.AutoVerifiedAttributes ?? [];
  const details: CodeDeliveryDetailsType[] = [];
  for (const name of changed) {
    if (auto.includes(name))
      details.push(
        await sendCode(
          svc,
          pool,
          stored,
          `VERIFY:${name}`,
          { attribute: name, destination: stored.attributes[name]! },
          { source: 'UpdateUserAttribute', ...(input.ClientMetadata ? { clientMetadata: input.ClientMetadata } : {}) },
        ),
      );
  }
  return details.length > 0 ? { CodeDeliveryDetailsList: details } : {};
});
