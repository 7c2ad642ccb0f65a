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

/**
 * Builds a new pool's schema from CreateUserPool's `Schema`: standard attributes keep their types and
 * may be made required; other names become `custom:NAME` attributes.
 */
export function buildSchema(requested: SchemaAttributeType[] | undefined): SchemaAttributeType[] {
  const schema = STANDARD_ATTRIBUTES.map((a) => ({ ...a }));
  for (const r of requested ?? []) {
    if (!r.Name) continue;
    if (STANDARD_NAMES.has(r.Name)) {
      const s = schema.find((a) => a.Name === r.Name)!;
      if (r.Required !== undefined) s.Required = r.Required;
      if (r.Mutable !== undefined) s.Mutable = r.Mutable;
      if (r.StringAttributeConstraints) s.StringAttributeConstraints = { ...s.StringAttributeConstraints, ...r.StringAttributeConstraints };
      continue;
    }
    const name = r.Name.startsWith('custom:') ? r.Name : `custom:${r.Name}`;
    if (schema.some((a) => a.Name === name)) {
      throw new InvalidParameterException(`Existing attribute already has name ${name}.`);
    }
    const type = r.AttributeDataType ?? 'String';
    const custom: SchemaAttributeType = {
      Name: name,
      AttributeDataType: type,
      DeveloperOnlyAttribute: r.DeveloperOnlyAttribute ?? false,
      Mutable: r.Mutable ?? true,
      Required: false,
    };
    if (type === 'String') custom.StringAttributeConstraints = r.StringAttributeConstraints ?? {};
    if (type === 'Number') custom.NumberAttributeConstraints = r.NumberAttributeConstraints ?? {};
    if (r.Required) throw new InvalidParameterException('Required custom attributes are not supported currently.');
    schema.push(custom);
  }
  return schema;
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
