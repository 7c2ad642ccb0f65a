/**
 * From parsed options to request parameters, as the AWS CLI does it: param files (`file://`, `fileb://`),
 * JSON or shorthand for complex members, scalar conversion, `--cli-input-json` / `--cli-input-yaml`
 * merging, and botocore's client-side ParamValidator with its messages.
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { SHAPES } from '../model/generated.js';
import { CliError, EXIT, paramError } from './errors.js';
import { loads, ORDERED, PyFloat, PyJSONError, pyStr, pyType, setOwn } from './python/pyjson.js';
import { backCompat, pyInt, ShorthandParseError, ShorthandParser } from './shorthand.js';
import { typeOf, type ArgDef, type CommandSpec } from './spec.js';

const ERRNO: Record<string, [number, string]> = {
  ENOENT: [2, 'No such file or directory'],
  EACCES: [13, 'Permission denied'],
  EISDIR: [21, 'Is a directory'],
  ENOTDIR: [20, 'Not a directory'],
};

/** os.path.expandvars + expanduser. */
export function expandPath(p: string, env: NodeJS.ProcessEnv): string {
  const vars = p.replace(/\$(\w+|\{[^}]*\})/g, (m, name: string) => {
    const key = name.startsWith('{') ? name.slice(1, -1) : name;
    const v = env[key];
    return v === undefined ? m : v;
  });
  if (vars === '~' || vars.startsWith('~/')) return (env.HOME ?? homedir()) + vars.slice(1);
  return vars;
}

class ParamFileError extends Error {}

/** Loads `file://` (text, universal newlines) or `fileb://` (bytes); null when the value is not a param file. */
export function loadParamFile(value: string, env: NodeJS.ProcessEnv): string | Uint8Array | null {
  const prefix = value.startsWith('file://') ? 'file://' : value.startsWith('fileb://') ? 'fileb://' : null;
  if (!prefix) return null;
  const path = expandPath(value.slice(prefix.length), env);
  let data: Buffer;
  try {
    data = readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? '';
    const [no, text] = ERRNO[code] ?? [5, 'Input/output error'];
    throw new ParamFileError(`Unable to load paramfile ${value}: [Errno ${no}] ${text}: '${path}'`);
  }
  if (prefix === 'fileb://') return new Uint8Array(data);
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(data);
    return text.replace(/\r\n?/g, '\n');
  } catch {
    throw new ParamFileError(
      `Unable to load paramfile (${path}), text contents could not be decoded.  If this is a binary file, please use the fileb:// prefix instead of the file:// prefix.`,
    );
  }
}

/** A Python-ish TypeError/ValueError that escapes to the top level (exit 255), as in the AWS CLI. */
export class UncaughtPythonError extends Error {}

function isComplex(shapeName: string): boolean {
  const s = SHAPES[shapeName]!;
  if (s.type === 'structure' || s.type === 'map') return true;
  if (s.type === 'list') {
    const m = SHAPES[s.member]!;
    return m.type === 'structure' || m.type === 'list' || m.type === 'map';
  }
  return false;
}

function pyStrip(s: string): string {
  return s.replace(/^[\s]+|[\s]+$/g, '');
}

function jsonArg(value: string, cliName: string): unknown {
  try {
    return loads(value);
  } catch (e) {
    if (e instanceof PyJSONError) throw paramError(cliName, `Invalid JSON: ${e.message}\nJSON received: ${value}`);
    throw e;
  }
}

function unpackScalar(shapeName: string, value: unknown): unknown {
  const t = typeOf(shapeName);
  if (t === 'integer' || t === 'long') {
    try {
      return pyInt(value);
    } catch (e) {
      throw new UncaughtPythonError((e as Error).message);
    }
  }
  if (t === 'boolean') {
    if (typeof value === 'string' && value.toLowerCase() === 'false') return false;
    return Boolean(value);
  }
  return value;
}

/** `_unpack_cli_arg` for values that were not shorthand. */
function unpackCliArg(shapeName: string, value: unknown, cliName: string): unknown {
  const t = typeOf(shapeName);
  if (t === 'structure' || t === 'map') {
    if (typeof value !== 'string') throw new UncaughtPythonError(`'${pyType(value)}' object has no attribute 'lstrip'`);
    const l = value.replace(/^\s+/, '');
    if (l.length === 0) throw new UncaughtPythonError('string index out of range');
    if (l[0] === '{') return jsonArg(value, cliName);
    throw paramError(cliName, `Invalid JSON:\n${value}`);
  }
  if (t === 'list') {
    const member = (SHAPES[shapeName] as { member: string }).member;
    if (typeof value === 'string') {
      const l = value.replace(/^\s+/, '');
      if (l.length === 0) throw new UncaughtPythonError('string index out of range');
      if (l[0] === '[') return jsonArg(value, cliName);
    } else if (Array.isArray(value) && value.length === 1) {
      const single = pyStrip(String(value[0]));
      if (single && single[0] === '[') return jsonArg(value[0] as string, cliName);
    }
    const items: unknown[] = typeof value === 'string' ? Array.from(value) : value instanceof Uint8Array ? Array.from(value) : (value as unknown[]);
    return items.map((v) => unpackCliArg(member, v, cliName));
  }
  return unpackScalar(shapeName, value);
}

const shorthand = new ShorthandParser();

/** One option's value, from its tokens to the parameter value. */
export function unpackArgument(arg: ArgDef, raw: unknown, env: NodeJS.ProcessEnv): unknown {
  const cliName = `--${arg.name}`;
  const t = typeOf(arg.shape);
  if (t === 'boolean' && typeof raw === 'boolean') return raw;
  let value: unknown = raw;
  // param files: a single value with a file:// or fileb:// prefix is replaced by the file's contents
  const single = Array.isArray(value) ? (value.length === 1 ? value[0] : undefined) : value;
  if (typeof single === 'string') {
    try {
      const loaded = loadParamFile(single, env);
      if (loaded !== null) value = loaded;
    } catch (e) {
      if (e instanceof ParamFileError) throw paramError(cliName, e.message);
      throw e;
    }
  }
  // shorthand, unless it looks like JSON
  if (isComplex(arg.shape)) {
    const check = Array.isArray(value) && value.length ? value[0] : value;
    if (check instanceof Uint8Array) throw new UncaughtPythonError("'in <string>' requires string as left operand, not int");
    const looksJson = typeof check === 'string' && /^[[{]/.test(pyStrip(check));
    if (!looksJson) {
      try {
        const parsed = Array.isArray(value) ? value.map((v) => shorthand.parse(v as string)) : shorthand.parse(value as string);
        if (Array.isArray(parsed)) {
          const shape = SHAPES[arg.shape]!;
          const member = shape.type === 'list' ? shape.member : arg.shape;
          for (let i = 0; i < parsed.length; i++) parsed[i] = backCompat(parsed[i], member) as Record<string, never>;
          return parsed;
        }
        // the top-level visit writes into a throw-away parent: a lone dict for a list parameter stays a dict
        if (SHAPES[arg.shape]!.type === 'list') return parsed;
        return backCompat(parsed, arg.shape);
      } catch (e) {
        if (e instanceof ShorthandParseError) throw paramError(cliName, e.message);
        throw e;
      }
    }
  }
  return unpackCliArg(arg.shape, value, cliName);
}

/** Builds the request parameters from the parsed options (model order). */
export function buildParams(spec: CommandSpec, parsed: Map<string, unknown>, env: NodeJS.ProcessEnv): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const arg of spec.args) {
    if (!arg.member) continue;
    const raw = parsed.get(arg.name);
    if (raw === undefined || raw === null) continue;
    setOwn(params, arg.member, unpackArgument(arg, raw, env));
  }
  return params;
}

/** The paging options (`--starting-token`, `--page-size`, `--max-items`). */
export function pagingConfig(spec: CommandSpec, parsed: Map<string, unknown>): { startingToken?: string; pageSize?: number; maxItems?: number } {
  const out: { startingToken?: string; pageSize?: number; maxItems?: number } = {};
  const conv = (v: unknown) => {
    try {
      return pyInt(v);
    } catch (e) {
      throw new UncaughtPythonError((e as Error).message);
    }
  };
  if (!spec.paginator) return out;
  const st = parsed.get('starting-token');
  if (typeof st === 'string') out.startingToken = st;
  const ps = parsed.get('page-size');
  if (ps !== undefined) out.pageSize = conv(ps);
  const mi = parsed.get('max-items');
  if (mi !== undefined) out.maxItems = conv(mi);
  return out;
}

/** Loads `--cli-input-json` / `--cli-input-yaml` and adds its keys the command line did not set. */
export async function mergeCliInput(params: Record<string, unknown>, parsed: Map<string, unknown>, env: NodeJS.ProcessEnv): Promise<void> {
  const json = parsed.get('cli-input-json') as string | undefined;
  const yaml = parsed.get('cli-input-yaml') as string | undefined;
  if (json === undefined && yaml === undefined) return;
  if (json !== undefined && yaml !== undefined) throw new CliError('Only one --cli-input- parameter may be specified.', EXIT.USAGE);
  const name = json !== undefined ? 'cli-input-json' : 'cli-input-yaml';
  let text: unknown = json ?? yaml;
  try {
    const loaded = loadParamFile(text as string, env);
    if (loaded !== null) text = loaded;
  } catch (e) {
    if (e instanceof ParamFileError) throw paramError(`--${name}`, e.message);
    throw e;
  }
  if (text instanceof Uint8Array) text = Buffer.from(text).toString('utf8');
  let doc: unknown;
  if (json !== undefined) {
    try {
      doc = loads(text as string);
    } catch (e) {
      if (e instanceof PyJSONError) throw paramError(name, 'Invalid JSON received.');
      throw e;
    }
  } else {
    try {
      const { parseYaml } = await import('./python/yaml.js');
      doc = parseYaml(text as string);
    } catch {
      throw paramError(name, 'Invalid YAML received.');
    }
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc) || doc instanceof PyFloat) {
    throw paramError(`--${name}`, `Invalid type: expecting map, received ${pyType(doc)}`);
  }
  for (const [k, v] of Object.entries(doc as Record<string, unknown>)) {
    if (!Object.hasOwn(params, k)) setOwn(params, k, v);
  }
}

// ---------------------------------------------------------------------------------------------------
// botocore's ParamValidator

const VALID_TYPES: Record<string, string> = {
  string: "<class 'str'>",
  integer: "<class 'int'>",
  long: "<class 'int'>",
  boolean: "<class 'bool'>",
  list: "<class 'list'>, <class 'tuple'>",
  structure: "<class 'dict'>",
  map: "<class 'dict'>",
};

function isDict(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof PyFloat) && !(v instanceof Uint8Array) && !(v instanceof Date);
}

function typeOk(type: string, v: unknown): boolean {
  switch (type) {
    case 'string':
      return typeof v === 'string';
    case 'integer':
    case 'long':
      return (typeof v === 'number' && Number.isInteger(v)) || typeof v === 'boolean';
    case 'boolean':
      return typeof v === 'boolean';
    case 'list':
      return Array.isArray(v);
    case 'structure':
    case 'map':
      return isDict(v);
    default:
      return true;
  }
}

function pyLen(v: string | unknown[]): number {
  return typeof v === 'string' ? Array.from(v).length : v.length;
}

/** Returns the report lines (empty when valid). */
export function validateParams(params: unknown, shapeName: string): string[] {
  const errors: string[] = [];
  const nameOf = (n: string) => (n === '' ? 'input' : n.startsWith('.') ? n.slice(1) : n);
  const visit = (v: unknown, shape: string, name: string) => {
    const s = SHAPES[shape]!;
    if (s.type === 'timestamp' || s.type === 'blob') return;
    if (!typeOk(s.type, v)) {
      errors.push(`Invalid type for parameter ${nameOf(name)}, value: ${pyStr(v)}, type: ${pyType(v)}, valid types: ${VALID_TYPES[s.type]}`);
      return;
    }
    switch (s.type) {
      case 'structure': {
        const obj = v as Record<string, unknown>;
        for (const r of s.required ?? []) {
          if (!Object.hasOwn(obj, r)) errors.push(`Missing required parameter in ${nameOf(name)}: "${r}"`);
        }
        const known: string[] = [];
        for (const k of Object.keys(obj)) {
          if (!Object.hasOwn(s.members, k)) {
            errors.push(`Unknown parameter in ${nameOf(name)}: "${k}", must be one of: ${Object.keys(s.members).join(', ')}`);
          } else known.push(k);
        }
        for (const k of known) visit(obj[k], s.members[k]!.shape, `${name}.${k}`);
        return;
      }
      case 'string':
        if (s.min !== undefined && pyLen(v as string) < s.min)
          errors.push(`Invalid length for parameter ${nameOf(name)}, value: ${pyLen(v as string)}, valid min length: ${s.min}`);
        return;
      case 'list': {
        const arr = v as unknown[];
        if (s.min !== undefined && arr.length < s.min)
          errors.push(`Invalid length for parameter ${nameOf(name)}, value: ${arr.length}, valid min length: ${s.min}`);
        arr.forEach((item, i) => {
          visit(item, s.member, `${name}[${i}]`);
        });
        return;
      }
      case 'map': {
        const obj = v as Record<string, unknown>;
        for (const k of Object.keys(obj)) {
          visit(k, s.key, `${name} (key: ${k})`);
          visit(obj[k], s.value, `${name}.${k}`);
        }
        return;
      }
      case 'integer':
      case 'long': {
        const n = typeof v === 'boolean' ? Number(v) : (v as number);
        if (s.min !== undefined && n < s.min) errors.push(`Invalid value for parameter ${nameOf(name)}, value: ${pyStr(v)}, valid min value: ${s.min}`);
        return;
      }
      default:
        return;
    }
  };
  visit(params, shapeName, '');
  return errors;
}

/** A marker so that validation messages print JSON objects as OrderedDicts. */
export { ORDERED };

/**
 * Blob members as the AWS JSON protocol carries them: base64 text. Bytes (`fileb://`) are encoded; text
 * is read as the AWS CLI v2 reads it: with `cli_binary_format` base64 (v2's default) it must already be
 * base64 ("Invalid base64" otherwise, a parameter error) and is sent as such; with raw-in-base64-out its
 * UTF-8 bytes are encoded. Changes `params` in place; runs after validation, which leaves blobs alone.
 */
export function encodeBlobs(params: Record<string, unknown>, shapeName: string, binaryFormat: string): void {
  const visit = (v: unknown, shape: string): unknown => {
    const s = SHAPES[shape]!;
    if (s.type === 'blob') {
      if (v instanceof Uint8Array) return Buffer.from(v).toString('base64');
      if (typeof v !== 'string') return v;
      if (binaryFormat === 'raw-in-base64-out') return Buffer.from(v, 'utf8').toString('base64');
      if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(v)) throw new CliError(`Invalid base64: "${v}"`, EXIT.USAGE);
      return v;
    }
    if (s.type === 'structure' && v !== null && typeof v === 'object' && !Array.isArray(v)) {
      const obj = v as Record<string, unknown>;
      for (const [k, ref] of Object.entries(s.members)) if (Object.hasOwn(obj, k)) obj[k] = visit(obj[k], ref.shape);
      return obj;
    }
    if (s.type === 'list' && Array.isArray(v)) return v.map((x) => visit(x, s.member));
    if (s.type === 'map' && v !== null && typeof v === 'object' && !Array.isArray(v)) {
      const obj = v as Record<string, unknown>;
      for (const k of Object.keys(obj)) obj[k] = visit(obj[k], s.value);
      return obj;
    }
    return v;
  };
  visit(params, shapeName);
}
