import { InvalidParameterException } from '../errors.js';
import type { AttributeType, SchemaAttributeType } from '../model/generated.js';

const str = (name: string, mutable = true, min = '0', max = '2048'): SchemaAttributeType => ({
  Name: name,
  AttributeDataType: 'String',
  DeveloperOnlyAttribute: false,
  Mutable: mutable,
  Required: false,
  StringAttributeConstraints: { MinLength: min, MaxLength: max },
});
const bool = (name: string): SchemaAttributeType => ({
  Name: name,
  AttributeDataType: 'Boolean',
  DeveloperOnlyAttribute: false,
  Mutable: true,
  Required: false,
});

/** The standard attributes every pool has, in the order Cognito lists them. */
export const STANDARD_ATTRIBUTES: SchemaAttributeType[] = [
  { ...str('sub', false, '1', '2048'), Required: true },
  str('name'),
  str('given_name'),
  str('family_name'),
  str('middle_name'),
  str('nickname'),
  str('preferred_username'),
  str('profile'),
  str('picture'),
  str('website'),
  str('email'),
  bool('email_verified'),
  str('gender'),
  str('birthdate', true, '10', '10'),
  str('zoneinfo'),
  str('locale'),
  str('phone_number'),
  bool('phone_number_verified'),
  str('address'),
  {
    Name: 'updated_at',
    AttributeDataType: 'Number',
    DeveloperOnlyAttribute: false,
    Mutable: true,
    Required: false,
    NumberAttributeConstraints: { MinValue: '0' },
  },
  str('identities'),
];

const STANDARD_NAMES = new Set(STANDARD_ATTRIBUTES.map((a) => a.Name!));

/** A pool has at most this many custom attributes, developer-only ones included [DG-quotas]. */
export const MAX_CUSTOM_ATTRIBUTES = 50;

/** Whether a schema attribute is a custom one (`custom:NAME` or, developer-only, `dev:custom:NAME`). */
export function isCustomAttribute(name: string): boolean {
  return name.startsWith('custom:') || name.startsWith('dev:custom:');
}

/**
 * A length or value bound as Cognito accepts it: a whole non-negative number written in decimal (the
 * model carries bounds as strings). Anything else is InvalidParameterException in Cognito's words.
 */
function bound(value: string | undefined, what: 'StringAttributeConstraints' | 'NumberAttributeConstraints', name: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[0-9]{1,10}$/.test(value)) throw new InvalidParameterException(`Invalid ${what} for schema attribute ${name}`);
  return Number(value);
}

/**
 * Checks the constraints given for one attribute, with the messages Cognito gives (as moto's tests
 * record them): non-numeric or negative bounds, a length over 2048, a minimum above the maximum.
 */
function checkConstraints(r: SchemaAttributeType, type: string, name: string): void {
  if (type === 'String' && r.StringAttributeConstraints) {
    const min = bound(r.StringAttributeConstraints.MinLength, 'StringAttributeConstraints', name);
    const max = bound(r.StringAttributeConstraints.MaxLength, 'StringAttributeConstraints', name);
    if ((min ?? 0) > 2048 || (max ?? 0) > 2048) {
      throw new InvalidParameterException(`user.${name}: String attributes cannot have a length of more than 2048`);
    }
    if (min !== undefined && max !== undefined && min > max) {
      throw new InvalidParameterException(`user.${name}: Max length cannot be less than min length.`);
    }
  }
  if (type === 'Number' && r.NumberAttributeConstraints) {
    const min = bound(r.NumberAttributeConstraints.MinValue, 'NumberAttributeConstraints', name);
    const max = bound(r.NumberAttributeConstraints.MaxValue, 'NumberAttributeConstraints', name);
    if (min !== undefined && max !== undefined && min > max) {
      throw new InvalidParameterException(`user.${name}: Max value cannot be less than min value.`);
    }
  }
}

/**
 * The schema entry of a custom attribute from CreateUserPool's `Schema` or AddCustomAttributes:
 * `Name: "x"` becomes `custom:x`, or `dev:custom:x` when developer-only (a name given with its
 * `custom:` prefix is not prefixed twice). Cognito requires the data type and refuses required custom
 * attributes.
 */
export function customAttributeFrom(r: SchemaAttributeType): SchemaAttributeType {
  if (!r.Name) throw new InvalidParameterException('Invalid schema attribute: Name is required.');
  const base = r.Name.startsWith('custom:') ? r.Name.slice('custom:'.length) : r.Name;
  const name = `${r.DeveloperOnlyAttribute ? 'dev:' : ''}custom:${base}`;
  const type = r.AttributeDataType;
  if (!type) throw new InvalidParameterException('Invalid AttributeDataType input, consider using the provided AttributeDataType enum.');
  if (r.Required) throw new InvalidParameterException('Required custom attributes are not supported currently.');
  checkConstraints(r, type, name);
  const custom: SchemaAttributeType = {
    Name: name,
    AttributeDataType: type,
    DeveloperOnlyAttribute: r.DeveloperOnlyAttribute ?? false,
    Mutable: r.Mutable ?? true,
    Required: false,
  };
  if (type === 'String') custom.StringAttributeConstraints = r.StringAttributeConstraints ?? {};
  if (type === 'Number') custom.NumberAttributeConstraints = r.NumberAttributeConstraints ?? {};
  return custom;
}

/** The other spelling of a custom attribute's name (`custom:x` and `dev:custom:x` are one attribute). */
function twinName(name: string): string {
  return name.startsWith('dev:') ? name.slice('dev:'.length) : `dev:${name}`;
}

/**
 * Adds custom attributes to a schema (CreateUserPool, AddCustomAttributes): an attribute of the same
 * name, in either spelling, is `custom:x: Existing attribute already has name <existing>.` as Cognito
 * answers AddCustomAttributes; more than MAX_CUSTOM_ATTRIBUTES in all is InvalidParameterException
 * (the message is ours: the references give the limit, not the text).
 */
export function withCustomAttributes(schema: SchemaAttributeType[], requested: SchemaAttributeType[]): SchemaAttributeType[] {
  const out = [...schema];
  for (const r of requested) {
    const added = customAttributeFrom(r);
    const plain = added.Name!.replace(/^dev:/, '');
    const existing = out.find((a) => a.Name === added.Name || a.Name === twinName(added.Name!));
    if (existing) throw new InvalidParameterException(`${plain}: Existing attribute already has name ${existing.Name}.`);
    out.push(added);
  }
  const count = out.filter((a) => isCustomAttribute(a.Name!)).length;
  if (count > MAX_CUSTOM_ATTRIBUTES) {
    throw new InvalidParameterException(`A user pool can have at most ${MAX_CUSTOM_ATTRIBUTES} custom attributes; this would make ${count}.`);
  }
  return out;
}

/**
 * Builds a new pool's schema from CreateUserPool's `Schema`: standard attributes keep their data type
 * (another type, or DeveloperOnlyAttribute, is refused in Cognito's words) and may be made required,
 * immutable or given tighter string lengths; other names become custom attributes.
 */
export function buildSchema(requested: SchemaAttributeType[] | undefined): SchemaAttributeType[] {
  const schema = STANDARD_ATTRIBUTES.map((a) => ({ ...a }));
  const custom: SchemaAttributeType[] = [];
  for (const r of requested ?? []) {
    if (r.Name && STANDARD_NAMES.has(r.Name)) {
      const s = schema.find((a) => a.Name === r.Name)!;
      if ((r.AttributeDataType !== undefined && r.AttributeDataType !== s.AttributeDataType) || r.DeveloperOnlyAttribute) {
        throw new InvalidParameterException(`You can not change AttributeDataType or set developerOnlyAttribute for standard schema attribute ${r.Name}`);
      }
      checkConstraints(r, s.AttributeDataType!, r.Name);
      if (r.Required !== undefined) s.Required = r.Required;
      if (r.Mutable !== undefined) s.Mutable = r.Mutable;
      if (r.StringAttributeConstraints && s.AttributeDataType === 'String') {
        s.StringAttributeConstraints = { ...s.StringAttributeConstraints, ...r.StringAttributeConstraints };
      }
      if (r.NumberAttributeConstraints && s.AttributeDataType === 'Number') {
        s.NumberAttributeConstraints = { ...s.NumberAttributeConstraints, ...r.NumberAttributeConstraints };
      }
      continue;
    }
    custom.push(r);
  }
  return withCustomAttributes(schema, custom);
}

/** E.164 as Cognito accepts it: a plus sign and digits. */
const PHONE = /^\+[0-9]{4,20}$/;
/** A permissive address check: something@something, no spaces. */
const EMAIL = /^[^\s@]+@[^\s@]+$/;

/**
 * Checks attributes written by an administrator or a user against the pool's schema, with Cognito's
 * InvalidParameterException messages. `creating` also enforces the schema's required attributes.
 * Returns the attributes to store: Boolean values (`email_verified`, `phone_number_verified`, custom
 * Boolean attributes) are accepted in any letter case, as Cognito accepts `True`, and stored lower case.
 */
export function checkAttributes(
  schema: SchemaAttributeType[],
  attributes: AttributeType[],
  opts: { creating: boolean; existing?: Record<string, string> },
): AttributeType[] {
  const out: AttributeType[] = [];
  const byName = new Map(schema.map((a) => [a.Name!, a]));
  for (const a of attributes) {
    const def = byName.get(a.Name);
    if (!def) throw new InvalidParameterException(`Attributes did not conform to the schema: Type for attribute {${a.Name}} could not be determined`);
    if (a.Name === 'sub') throw new InvalidParameterException('Cannot modify an already provided sub attribute');
    // The developer guide: `identities` cannot be written directly; links are made by AdminLinkProviderForUser
    // and federated sign-in (our wording, modelled on the sub message).
    if (a.Name === 'identities') throw new InvalidParameterException('Cannot modify the identities attribute: link identities with AdminLinkProviderForUser.');
    if (!opts.creating && def.Mutable === false && opts.existing?.[a.Name] !== undefined) {
      throw new InvalidParameterException(
        `Attributes did not conform to the schema: ${a.Name}: Attribute cannot be updated. (changing an immutable attribute)`,
      );
    }
    const value = a.Value ?? '';
    if (a.Name === 'phone_number' && value !== '' && !PHONE.test(value)) throw new InvalidParameterException('Invalid phone number format.');
    if (a.Name === 'email' && value !== '' && !EMAIL.test(value)) throw new InvalidParameterException('Invalid email address format.');
    const lower = def.AttributeDataType === 'Boolean' ? value.toLowerCase() : value;
    if (def.AttributeDataType === 'Boolean' && lower !== 'true' && lower !== 'false') {
      throw new InvalidParameterException(`Attributes did not conform to the schema: ${a.Name}: Attribute value must be true or false`);
    }
    out.push(def.AttributeDataType === 'Boolean' ? { ...a, Value: lower } : a);
    if (def.AttributeDataType === 'Number' && value !== '' && !/^-?[0-9]+(\.[0-9]+)?$/.test(value)) {
      throw new InvalidParameterException(`Attributes did not conform to the schema: ${a.Name}: Number must be numeric`);
    }
    const max = Number(def.StringAttributeConstraints?.MaxLength ?? 2048);
    if (def.AttributeDataType === 'String' && [...value].length > max) {
      throw new InvalidParameterException(`Attributes did not conform to the schema: ${a.Name}: String must be no longer than ${max} characters`);
    }
  }
  if (opts.creating) {
    const given = new Set(attributes.map((a) => a.Name));
    for (const def of schema) {
      if (def.Required && def.Name !== 'sub' && !given.has(def.Name!)) {
        throw new InvalidParameterException(`Attributes did not conform to the schema: ${def.Name}: The attribute ${def.Name} is required`);
      }
    }
  }
  return out;
}
