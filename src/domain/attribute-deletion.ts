/**
 * Deleting user attributes (AdminDeleteUserAttributes, DeleteUserAttributes), as a pure change of the
 * stored user, so it runs inside the atomic changeUser.
 *
 * Rules, in the words Cognito uses for the same schema checks elsewhere (the API reference states no
 * message for these; our choices): a name the pool's schema does not know is InvalidParameterException
 * "Attributes did not conform to the schema: Type for attribute {NAME} could not be determined" (as
 * UpdateUserAttributes says it); `sub` and required attributes cannot be deleted, "Attributes did not
 * conform to the schema: NAME: The attribute is required" (the text Cognito gives for a missing required
 * attribute, as widely reported); an immutable attribute that has a value cannot be deleted either. A name
 * the user has no value for is no error and changes nothing (as observed by Amplify's tests against
 * Cognito). Deleting `email` or `phone_number` also deletes its `*_verified` flag, which would otherwise
 * speak of an address that is gone.
 */
import { InvalidParameterException } from '../errors.js';
import type { SchemaAttributeType } from '../model/generated.js';
import type { UserRecord } from '../store/store.js';

/** Checks the names against the schema (the first offending name decides the error). */
export function checkDeletable(schema: SchemaAttributeType[], names: string[], existing: Record<string, string>): void {
  const byName = new Map(schema.map((a) => [a.Name!, a]));
  for (const name of names) {
    const def = byName.get(name);
    if (!def) throw new InvalidParameterException(`Attributes did not conform to the schema: Type for attribute {${name}} could not be determined`);
    if (name === 'sub' || def.Required) throw new InvalidParameterException(`Attributes did not conform to the schema: ${name}: The attribute is required`);
    if (def.Mutable === false && existing[name] !== undefined) {
      throw new InvalidParameterException(`Attributes did not conform to the schema: ${name}: Attribute cannot be updated. (changing an immutable attribute)`);
    }
  }
}

/**
 * The user without the named attributes (after `checkDeletable`), or null when none of them is set, so
 * that nothing is written and UserLastModifiedDate stays.
 */
export function withoutAttributes(schema: SchemaAttributeType[], user: UserRecord, names: string[], now: Date): UserRecord | null {
  checkDeletable(schema, names, user.attributes);
  const attributes = { ...user.attributes };
  let changed = false;
  for (const name of names) {
    const gone = [name, ...(name === 'email' || name === 'phone_number' ? [`${name}_verified`] : [])];
    for (const n of gone) {
      if (attributes[n] === undefined) continue;
      delete attributes[n];
      changed = true;
    }
  }
  return changed ? { ...user, attributes, lastModifiedAt: now } : null;
}
