import { InvalidParameterException, SerializationException } from '../errors.js';
import { SHAPES } from './generated.js';
import type { ShapeModel } from './types.js';

/**
 * Input checking in the two passes Cognito's front end (Coral) makes.
 *
 * 1. `readInput` checks JSON types against the shape and answers SerializationException, as Coral's
 *    deserialiser does ("Start of structure or map found where not expected."). Unknown members are
 *    dropped, as Coral ignores them; integers are truncated as Coral's TruncatingBigNumber does.
 * 2. `validateInput` applies the model's constraints and answers one InvalidParameterException that lists
 *    every violation in Coral's words: "2 validation errors detected: Value 'x' at 'userPoolId' failed to
 *    satisfy constraint: ...; ...". Values of sensitive shapes are left out ("Value at 'accessToken'").
 *    Member paths lower only the first letter (MFAOptions -> mFAOptions) and list elements are
 *    1-based `name.N.member` (inferred from Coral's conventions; reference §1.2).
 */

const patternCache = new Map<string, RegExp>();

/** Compiles a model (Java) pattern to a whole-string JavaScript RegExp, once per pattern. */
export function compilePattern(pattern: string): RegExp {
  let re = patternCache.get(pattern);
  if (!re) {
    let flags = 'u';
    let body = pattern;
    if (body.startsWith('(?s)')) {
      body = body.slice(4);
      flags += 's';
    }
    re = new RegExp(`^(?:${body})$`, flags);
    patternCache.set(pattern, re);
  }
  return re;
}

function shape(name: string): ShapeModel {
  const s = SHAPES[name];
  if (!s) throw new TypeError(`unknown shape ${name}`);
  return s;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function jsonKind(v: unknown): 'object' | 'array' | 'string' | 'number' | 'boolean' {
  if (Array.isArray(v)) return 'array';
  return typeof v as 'object' | 'string' | 'number' | 'boolean';
}

const SCALAR_NAMES = { string: 'STRING_VALUE', number: 'NUMBER_VALUE' } as const;

function scalarMismatch(v: unknown, target: string): SerializationException {
  const kind = jsonKind(v);
  if (kind === 'object') return new SerializationException('Start of structure or map found where not expected.');
  if (kind === 'array') return new SerializationException('Start of list found where not expected.');
  const token = kind === 'boolean' ? (v ? 'TRUE_VALUE' : 'FALSE_VALUE') : SCALAR_NAMES[kind as 'string' | 'number'];
  return new SerializationException(`${token} can not be converted to ${target}`);
}

/**
 * Reads a parsed JSON value as the given shape: checks JSON types, drops unknown members and nulls.
 * Throws SerializationException on a type mismatch.
 */
export function readInput(shapeName: string, value: unknown): unknown {
  const s = shape(shapeName);
  switch (s.type) {
    case 'structure': {
      if (!isPlainObject(value)) throw new SerializationException('Expected map or null');
      const out: Record<string, unknown> = {};
      for (const [member, ref] of Object.entries(s.members)) {
        const v = value[member];
        if (v === undefined || v === null) continue;
        out[member] = readInput(ref.shape, v);
      }
      return out;
    }
    case 'list': {
      if (isPlainObject(value)) throw new SerializationException('Start of structure or map found where not expected.');
      if (!Array.isArray(value)) throw new SerializationException('Expected list or null');
      return value.map((v) => (v === null ? null : readInput(s.member, v)));
    }
    case 'map': {
      if (!isPlainObject(value)) throw new SerializationException('Expected map or null');
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) {
        if (v === null) continue;
        out[k] = readInput(s.value, v);
      }
      return out;
    }
    case 'string':
      if (typeof value !== 'string') throw scalarMismatch(value, 'a String');
      return value;
    case 'integer':
    case 'long':
    case 'double':
    case 'float': {
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        throw scalarMismatch(value, s.type === 'long' ? 'a Long' : s.type === 'integer' ? 'an Integer' : 'a Double');
      }
      return s.type === 'integer' || s.type === 'long' ? Math.trunc(value) : value;
    }
    case 'boolean':
      if (typeof value !== 'boolean') throw scalarMismatch(value, 'a Boolean');
      return value;
    case 'timestamp':
      if (typeof value !== 'number' || !Number.isFinite(value)) throw scalarMismatch(value, 'a Date');
      return value;
    case 'blob':
      if (typeof value !== 'string') throw scalarMismatch(value, 'a ByteBuffer');
      return value;
  }
}

function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

function describeValue(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map((x) => (typeof x === 'object' && x !== null ? JSON.stringify(x) : String(x))).join(', ')}]`;
  if (typeof v === 'object' && v !== null) return JSON.stringify(v);
  return String(v);
}

function problem(path: string, value: unknown, sensitive: boolean, constraint: string): string {
  const shown = sensitive ? '' : value === undefined || value === null ? 'null' : `'${describeValue(value)}'`;
  const valuePart = shown === '' ? 'Value' : `Value ${shown}`;
  return `${valuePart} at '${path}' failed to satisfy constraint: ${constraint}`;
}

function collect(shapeName: string, value: unknown, path: string, out: string[]): void {
  const s = shape(shapeName);
  const sensitive = 'sensitive' in s && s.sensitive === true;
  if (value === undefined || value === null) return;
  switch (s.type) {
    case 'structure': {
      const obj = value as Record<string, unknown>;
      const required = new Set(s.required ?? []);
      for (const [member, ref] of Object.entries(s.members)) {
        const childPath = path ? `${path}.${lowerFirst(member)}` : lowerFirst(member);
        const v = obj[member];
        if ((v === undefined || v === null) && required.has(member)) {
          const childSensitive = (SHAPES[ref.shape] as { sensitive?: boolean }).sensitive === true;
          out.push(problem(childPath, null, childSensitive, 'Member must not be null'));
          continue;
        }
        collect(ref.shape, v, childPath, out);
      }
      return;
    }
    case 'list': {
      const arr = value as unknown[];
      if (s.min !== undefined && arr.length < s.min) out.push(problem(path, arr, sensitive, `Member must have length greater than or equal to ${s.min}`));
      if (s.max !== undefined && arr.length > s.max) out.push(problem(path, arr, sensitive, `Member must have length less than or equal to ${s.max}`));
      arr.forEach((v, i) => collect(s.member, v, `${path}.${i + 1}.member`, out));
      return;
    }
    case 'map': {
      const obj = value as Record<string, unknown>;
      const n = Object.keys(obj).length;
      if (s.min !== undefined && n < s.min) out.push(problem(path, obj, sensitive, `Member must have length greater than or equal to ${s.min}`));
      if (s.max !== undefined && n > s.max) out.push(problem(path, obj, sensitive, `Member must have length less than or equal to ${s.max}`));
      for (const [k, v] of Object.entries(obj)) {
        collect(s.key, k, `${path}.${k}.key`, out);
        collect(s.value, v, `${path}.${k}.value`, out);
      }
      return;
    }
    case 'string': {
      const str = value as string;
      // Length counts code points, as Java's validators do for these models.
      const len = [...str].length;
      if (s.min !== undefined && len < s.min) out.push(problem(path, str, sensitive, `Member must have length greater than or equal to ${s.min}`));
      if (s.max !== undefined && len > s.max) out.push(problem(path, str, sensitive, `Member must have length less than or equal to ${s.max}`));
      if (s.enum && !s.enum.includes(str)) out.push(problem(path, str, sensitive, `Member must satisfy enum value set: [${s.enum.join(', ')}]`));
      else if (s.pattern && !compilePattern(s.pattern).test(str)) {
        out.push(problem(path, str, sensitive, `Member must satisfy regular expression pattern: ${s.pattern}`));
      }
      return;
    }
    case 'integer':
    case 'long':
    case 'double':
    case 'float': {
      const n = value as number;
      if (s.min !== undefined && n < s.min) out.push(problem(path, n, false, `Member must have value greater than or equal to ${s.min}`));
      if (s.max !== undefined && n > s.max) out.push(problem(path, n, false, `Member must have value less than or equal to ${s.max}`));
      return;
    }
    default:
      return;
  }
}

/** Lists the model-constraint violations of an input, in Coral's words, without throwing. */
export function constraintViolations(shapeName: string, value: unknown): string[] {
  const out: string[] = [];
  collect(shapeName, value, '', out);
  return out;
}

/** Throws one InvalidParameterException naming every constraint the input breaks. */
export function validateInput(shapeName: string, value: unknown): void {
  const problems = constraintViolations(shapeName, value);
  if (problems.length === 0) return;
  const head = problems.length === 1 ? '1 validation error detected: ' : `${problems.length} validation errors detected: `;
  throw new InvalidParameterException(head + problems.join('; '));
}
