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
 *    1-based `name.N.member` (inferred from the conventions of AWS's Coral validation messages).
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

type Reader = (value: unknown) => unknown;
const readers = new Map<string, Reader>();

/**
 * A reader per shape, built once: member lists and child readers are resolved ahead of time, so a
 * request pays only for the checks themselves (this runs on every request).
 */
function readerFor(shapeName: string): Reader {
  const existing = readers.get(shapeName);
  if (existing) return existing;
  // Registered before its children are built, so a shape that contains itself resolves lazily.
  let impl: Reader = () => {
    throw new TypeError(`reader for ${shapeName} used while being built`);
  };
  const reader: Reader = (v) => impl(v);
  readers.set(shapeName, reader);
  impl = buildReader(shape(shapeName));
  return reader;
}

function buildReader(s: ShapeModel): Reader {
  switch (s.type) {
    case 'structure': {
      const members = Object.entries(s.members).map(([name, ref]) => [name, readerFor(ref.shape)] as const);
      return (value) => {
        if (!isPlainObject(value)) throw new SerializationException('Expected map or null');
        const out: Record<string, unknown> = {};
        for (const [member, read] of members) {
          const v = value[member];
          if (v === undefined || v === null) continue;
          out[member] = read(v);
        }
        return out;
      };
    }
    case 'list': {
      const read = readerFor(s.member);
      return (value) => {
        if (isPlainObject(value)) throw new SerializationException('Start of structure or map found where not expected.');
        if (!Array.isArray(value)) throw new SerializationException('Expected list or null');
        return value.map((v) => (v === null ? null : read(v)));
      };
    }
    case 'map': {
      const read = readerFor(s.value);
      return (value) => {
        if (!isPlainObject(value)) throw new SerializationException('Expected map or null');
        const out: Record<string, unknown> = {};
        for (const k of Object.keys(value)) {
          const v = value[k];
          // Assigning "__proto__" would set the prototype rather than add a key.
          if (v === null || k === '__proto__') continue;
          out[k] = read(v);
        }
        return out;
      };
    }
    case 'string':
      return (value) => {
        if (typeof value !== 'string') throw scalarMismatch(value, 'a String');
        return value;
      };
    case 'integer':
    case 'long':
    case 'double':
    case 'float': {
      const whole = s.type === 'integer' || s.type === 'long';
      const target = s.type === 'long' ? 'a Long' : s.type === 'integer' ? 'an Integer' : 'a Double';
      return (value) => {
        if (typeof value !== 'number' || !Number.isFinite(value)) throw scalarMismatch(value, target);
        return whole ? Math.trunc(value) : value;
      };
    }
    case 'boolean':
      return (value) => {
        if (typeof value !== 'boolean') throw scalarMismatch(value, 'a Boolean');
        return value;
      };
    case 'timestamp':
      return (value) => {
        if (typeof value !== 'number' || !Number.isFinite(value)) throw scalarMismatch(value, 'a Date');
        return value;
      };
    case 'blob':
      return (value) => {
        if (typeof value !== 'string') throw scalarMismatch(value, 'a ByteBuffer');
        return value;
      };
  }
}

/**
 * Reads a parsed JSON value as the given shape: checks JSON types, drops unknown members and null
 * members (null list elements stay, for validateInput to report).
 * Throws SerializationException on a type mismatch.
 */
export function readInput(shapeName: string, value: unknown): unknown {
  return readerFor(shapeName)(value);
}

type Checker = (value: unknown) => boolean;
const checkers = new Map<string, Checker>();

/** Code points in a string (Java counts them, not UTF-16 units), without building an array. */
function codePoints(str: string): number {
  let n = str.length;
  for (let i = 0; i < str.length; i++) {
    const c = str.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) n--;
  }
  return n;
}

/**
 * A yes/no constraint check per shape, built once. Valid input (nearly every request) is answered by
 * this alone; only invalid input pays for the message-building walk below.
 */
function checkerFor(shapeName: string): Checker {
  const existing = checkers.get(shapeName);
  if (existing) return existing;
  let impl: Checker = () => false;
  const checker: Checker = (v) => impl(v);
  checkers.set(shapeName, checker);
  impl = buildChecker(shape(shapeName));
  return checker;
}

function buildChecker(s: ShapeModel): Checker {
  switch (s.type) {
    case 'structure': {
      const required = new Set(s.required ?? []);
      const members = Object.entries(s.members).map(([name, ref]) => [name, required.has(name), checkerFor(ref.shape)] as const);
      return (value) => {
        const obj = value as Record<string, unknown>;
        for (const [name, isRequired, check] of members) {
          const v = obj[name];
          if (v === undefined || v === null) {
            if (isRequired) return false;
            continue;
          }
          if (!check(v)) return false;
        }
        return true;
      };
    }
    case 'list': {
      const check = checkerFor(s.member);
      const { min, max } = s;
      return (value) => {
        const arr = value as unknown[];
        if ((min !== undefined && arr.length < min) || (max !== undefined && arr.length > max)) return false;
        // Every list in the model is dense: a null element is a violation, not a value to skip.
        for (const v of arr) if (v === null || v === undefined || !check(v)) return false;
        return true;
      };
    }
    case 'map': {
      const checkKey = checkerFor(s.key);
      const checkValue = checkerFor(s.value);
      const { min, max } = s;
      return (value) => {
        const keys = Object.keys(value as object);
        if ((min !== undefined && keys.length < min) || (max !== undefined && keys.length > max)) return false;
        for (const k of keys) {
          if (!checkKey(k) || !checkValue((value as Record<string, unknown>)[k])) return false;
        }
        return true;
      };
    }
    case 'string': {
      const { min, max } = s;
      const allowed = s.enum ? new Set(s.enum) : null;
      const re = s.pattern && !s.enum ? compilePattern(s.pattern) : null;
      return (value) => {
        const str = value as string;
        if (min !== undefined || max !== undefined) {
          // UTF-16 length bounds the code-point count from both sides; count only when it matters.
          const units = str.length;
          const sure = (min === undefined || Math.ceil(units / 2) >= min) && (max === undefined || units <= max);
          if (!sure) {
            const len = codePoints(str);
            if ((min !== undefined && len < min) || (max !== undefined && len > max)) return false;
          }
        }
        if (allowed && !allowed.has(str)) return false;
        if (re && !re.test(str)) return false;
        return true;
      };
    }
    case 'integer':
    case 'long':
    case 'double':
    case 'float': {
      const { min, max } = s;
      return (value) => !((min !== undefined && (value as number) < min) || (max !== undefined && (value as number) > max));
    }
    default:
      return () => true;
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
      arr.forEach((v, i) => {
        const childPath = `${path}.${i + 1}.member`;
        if (v === null || v === undefined) {
          // As Coral words it for a null in a (dense) list: "Value null at 'tags.1.member' ... must not be null".
          const memberSensitive = (SHAPES[s.member] as { sensitive?: boolean }).sensitive === true;
          out.push(problem(childPath, null, memberSensitive, 'Member must not be null'));
        } else {
          collect(s.member, v, childPath, out);
        }
      });
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
      const len = codePoints(str);
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
  if (checkerFor(shapeName)(value)) return;
  const problems = constraintViolations(shapeName, value);
  if (problems.length === 0) return;
  const head = problems.length === 1 ? '1 validation error detected: ' : `${problems.length} validation errors detected: `;
  throw new InvalidParameterException(head + problems.join('; '));
}
