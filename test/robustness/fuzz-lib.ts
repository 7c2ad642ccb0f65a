/**
 * The machinery of the robustness fuzzer (test/robustness/fuzz.test.ts): a seeded PRNG, a raw HTTP
 * client that can send anything (no Content-Type, duplicate keys, a megabyte), a bounded-concurrency
 * runner, the model-guided mutation generator, and the check every response must pass.
 *
 * Nothing here is random in the Math.random sense: the same seed gives the same requests in the
 * same order, so a failure names a case that can be replayed.
 */
import { type Agent, request, type IncomingHttpHeaders } from 'node:http';
import { OPERATION_MODELS, SHAPES, type OperationName } from '../../src/model/generated.js';
import type { ShapeModel } from '../../src/model/types.js';
import { compilePattern } from '../../src/model/validate.js';

/** mulberry32: small, fast, good enough to pick mutations, and identical on every platform. */
export class Prng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
  /** `n` distinct items (fewer if there are fewer), in a seed-determined order. */
  sample<T>(items: readonly T[], n: number): T[] {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [copy[i], copy[j]] = [copy[j]!, copy[i]!];
    }
    return copy.slice(0, n);
  }
}

// ---------------------------------------------------------------------------------------------
// HTTP

export interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}
export type Outcome = Reply | { error: string };

/** What to send: headers are sent exactly as given (no Content-Type unless named). */
export interface RawRequest {
  method?: string;
  path?: string;
  headers: Record<string, string>;
  body?: string | Buffer;
}

/** Sends one request over `agent` and resolves with the reply or the socket error; never rejects. */
export function send(base: string, agent: Agent, r: RawRequest): Promise<Outcome> {
  return new Promise((resolve) => {
    const body = r.body === undefined ? undefined : Buffer.isBuffer(r.body) ? r.body : Buffer.from(r.body, 'utf8');
    const headers: Record<string, string | number> = { ...r.headers };
    if (body) headers['Content-Length'] = body.length;
    let done = false;
    const finish = (o: Outcome) => {
      if (!done) {
        done = true;
        resolve(o);
      }
    };
    const req = request(new URL(r.path ?? '/', base), { method: r.method ?? 'POST', agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => finish({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', (e) => finish({ error: e.message }));
    });
    req.on('error', (e) => finish({ error: `${(e as NodeJS.ErrnoException).code ?? ''} ${e.message}` }));
    req.end(body);
  });
}

/** Runs `tasks` with at most `limit` in flight; results keep the tasks' order. */
export async function runPool<T>(tasks: Array<() => Promise<T>>, limit: number): Promise<T[]> {
  const out: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      out[i] = await tasks[i]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return out;
}

// ---------------------------------------------------------------------------------------------
// The check every response must pass

/** Errors the protocol layer may answer for any operation, whatever its model lists. */
export const PROTOCOL_ERRORS = new Set([
  'SerializationException',
  'UnknownOperationException',
  'UnsupportedMediaTypeException',
  'RequestEntityTooLargeException',
  'InvalidParameterException',
]);

const STACK_MARKERS = ['    at ', '.ts:', '.js:'];

/**
 * What a case may legitimately get back: `operation` a modelled error or success; `failure` a
 * modelled error only (forged credentials); the others one protocol error.
 */
export type Expect = 'operation' | 'failure' | 'tooLarge' | 'unknownOperation' | 'mediaType';

/**
 * Returns what is wrong with a response, or null. `op` is the operation the request was meant for
 * (its modelled errors are allowed); `expect` narrows the acceptable answers for protocol abuse.
 */
export function problemWith(op: OperationName | null, expect: Expect, o: Outcome): string | null {
  if ('error' in o) return `no HTTP response: ${o.error}`;
  if (!o.headers['x-amzn-requestid']) return `status ${o.status} without x-amzn-RequestId`;
  let body: unknown;
  try {
    body = JSON.parse(o.text);
  } catch {
    return `status ${o.status} with a body that is not JSON: ${o.text.slice(0, 200)}`;
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return `status ${o.status} with a non-object body`;
  if (o.status === 200) {
    if (expect !== 'operation') return `200 where ${expect === 'failure' ? 'a refusal of a forged value' : expect} was expected`;
    return null;
  }
  const wantStatus = expect === 'tooLarge' ? 413 : 400;
  if (o.status !== wantStatus) return `status ${o.status} (wanted ${wantStatus}${expect === 'operation' ? ' or 200' : ''}): ${o.text.slice(0, 300)}`;
  const b = body as Record<string, unknown>;
  const type = b.__type;
  if (typeof type !== 'string') return `error body without a string __type: ${o.text.slice(0, 200)}`;
  const wanted: Record<Exclude<Expect, 'operation' | 'failure'>, string> = {
    tooLarge: 'RequestEntityTooLargeException',
    unknownOperation: 'UnknownOperationException',
    mediaType: 'UnsupportedMediaTypeException',
  };
  if (expect !== 'operation' && expect !== 'failure' && type !== wanted[expect]) return `__type ${type} where ${wanted[expect]} was expected`;
  if (type === 'InternalErrorException') return `InternalErrorException: ${o.text.slice(0, 300)}`;
  const modelled = op ? (OPERATION_MODELS[op].errors as readonly string[]).includes(type) : false;
  if (!modelled && !PROTOCOL_ERRORS.has(type)) return `__type ${type} is not among ${op ?? 'the protocol'}'s errors: ${o.text.slice(0, 300)}`;
  const message = b.message ?? b.Message;
  if (typeof message !== 'string' || message.length === 0) return `${type} without a non-empty message`;
  const marker = STACK_MARKERS.find((m) => message.includes(m));
  if (marker) return `${type} message contains a stack-trace marker ${JSON.stringify(marker)}: ${message.slice(0, 300)}`;
  if (o.headers['x-amzn-errortype'] !== `${type}:`) return `x-amzn-ErrorType ${String(o.headers['x-amzn-errortype'])} does not match ${type}`;
  return null;
}

// ---------------------------------------------------------------------------------------------
// Mutations

/** Text spliced into the JSON as is (numbers JSON.stringify cannot write, such as 1e400). */
export class Raw {
  constructor(readonly text: string) {}
}

const REMOVE = Symbol('remove');
type Path = Array<string | number>;

/** One request of the stream: the operation it targets, a label to find it by, and what it sends. */
export interface FuzzCase {
  op: OperationName;
  label: string;
  request: RawRequest;
  expect: Expect;
}

/**
 * Values that look like the real thing, per member name (ids, tokens, codes): see fuzz.test.ts. Each
 * says whether the request must then fail: a tampered token or a wrong code answered with 200 is a
 * hole, not robustness.
 */
export type LookAlikes = (member: string, original: unknown) => Array<{ value: unknown; mustFail: boolean }>;

function shapeOf(name: string): ShapeModel {
  const s = SHAPES[name];
  if (!s) throw new TypeError(`unknown shape ${name}`);
  return s;
}

/** Serialises a value, splicing Raw texts in where they stand. */
export function toJson(value: unknown): string {
  const raws: string[] = [];
  const text = JSON.stringify(value, (_k, v: unknown) => {
    if (v instanceof Raw) {
      raws.push(v.text);
      return `@@RAW${raws.length - 1}@@`;
    }
    return v;
  });
  return text.replace(/"@@RAW(\d+)@@"/g, (_m, i: string) => raws[Number(i)]!);
}

function setAt(root: unknown, path: Path, value: unknown): unknown {
  const copy = structuredCloneKeepingRaw(root);
  let node = copy as Record<string | number, unknown>;
  for (let i = 0; i < path.length - 1; i++) node = node[path[i]!] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (value === REMOVE) {
    if (Array.isArray(node)) node.splice(last as number, 1);
    else delete node[last];
  } else {
    // defineProperty, so that a "__proto__" key becomes an own member rather than a prototype.
    Object.defineProperty(node, last, { value, enumerable: true, writable: true, configurable: true });
  }
  return copy;
}

function structuredCloneKeepingRaw(v: unknown): unknown {
  if (v instanceof Raw) return v;
  if (Array.isArray(v)) return v.map(structuredCloneKeepingRaw);
  if (typeof v === 'object' && v !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v))
      Object.defineProperty(out, k, { value: structuredCloneKeepingRaw(x), enumerable: true, writable: true, configurable: true });
    return out;
  }
  return v;
}

/** Strings that have broken parsers, regexes, databases and log lines before. */
const NASTY_STRINGS = [
  'ünïcødé',
  '🙂🙃',
  '\u202Eevil\u202C',
  'a\u0000b',
  '\u0007\u001b[31mred',
  '\ud800',
  '\udfff',
  'ｆｕｌｌ',
  '𝔘𝔫𝔦𝔠𝔬𝔡𝔢',
  'a\r\nb',
  '\\',
  '"\'<>&',
  '$' + '{x}',
  '%s%n%x',
  '../../etc/passwd',
  "' OR 1=1 --",
  'null',
  'undefined',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  ' ',
  '\t',
  'e\u0301',
  '\uFEFF',
  '\u200B',
  '0',
  '-1',
  'true',
  '[]',
  '{}',
];
const NASTY_NUMBERS: unknown[] = [
  -1,
  0,
  -2147483649,
  2147483648,
  2 ** 53 + 1,
  1e308,
  -1e308,
  1.5,
  1e-7,
  new Raw('1e400'),
  new Raw('-0'),
  new Raw('123456789012345678901234567890'),
];

function deepObject(depth: number): Raw {
  return new Raw(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`);
}
function deepArray(depth: number): Raw {
  return new Raw(`${'['.repeat(depth)}${']'.repeat(depth)}`);
}

const STRING_SAMPLES = [
  'fuzz',
  'a',
  'Fuzz-1',
  'arn:aws:iam::123456789012:role/fuzz',
  'arn:aws:lambda:us-east-1:123456789012:function:fuzz',
  '+15555550100',
  'fuzz@example.com',
  'https://example.com/cb',
  '1',
  'phone_number',
  'email',
  'aws.cognito.signin.user.admin',
  'Your code is {####}',
  'Your username is {username} and temporary password is {####}.',
  'us-east-1_AAAAAAAAA',
];

/** A model-valid-looking value for a shape (valid where the model can say so; used for absent members). */
export function generate(shapeName: string, rng: Prng, depth = 0, nasty = false): unknown {
  const s = shapeOf(shapeName);
  // With `nasty`, leaves are now and then replaced by strings and numbers that have broken code before.
  if (nasty && rng.next() < 0.3) {
    if (s.type === 'string') return rng.pick(NASTY_STRINGS);
    if (s.type === 'integer' || s.type === 'long' || s.type === 'double' || s.type === 'float') return rng.pick(NASTY_NUMBERS);
  }
  switch (s.type) {
    case 'structure': {
      const out: Record<string, unknown> = {};
      const required = new Set(s.required ?? []);
      for (const [name, ref] of Object.entries(s.members)) {
        if (required.has(name) || (depth < 3 && rng.next() < 0.5)) out[name] = generate(ref.shape, rng, depth + 1, nasty);
      }
      return out;
    }
    case 'list': {
      const n = Math.max(s.min ?? 0, Math.min(s.max ?? 2, 1 + rng.int(2)));
      return Array.from({ length: n }, () => generate(s.member, rng, depth + 1, nasty));
    }
    case 'map': {
      const key = generate(s.key, rng, depth + 1, nasty);
      const out: Record<string, unknown> = {};
      Object.defineProperty(out, typeof key === 'string' ? key : 'k', { value: generate(s.value, rng, depth + 1, nasty), enumerable: true });
      return out;
    }
    case 'string': {
      if (s.enum) return rng.pick(s.enum);
      const fits = (v: string) =>
        (s.min === undefined || v.length >= s.min) && (s.max === undefined || v.length <= s.max) && (!s.pattern || compilePattern(s.pattern).test(v));
      const ok = STRING_SAMPLES.filter(fits);
      if (ok.length > 0) return rng.pick(ok);
      return 'a'.repeat(Math.max(1, s.min ?? 1));
    }
    case 'integer':
    case 'long': {
      const lo = s.min ?? 0;
      const hi = s.max ?? lo + 100;
      return lo + rng.int(Math.min(hi - lo, 1000) + 1);
    }
    case 'double':
    case 'float':
      return (s.min ?? 0) + 0.5;
    case 'boolean':
      return rng.next() < 0.5;
    case 'timestamp':
      return 1767225600;
    case 'blob':
      return 'AAAA';
  }
}

type Kind = 'string' | 'number' | 'boolean' | 'list' | 'object';
function kindOf(s: ShapeModel): Kind {
  switch (s.type) {
    case 'structure':
    case 'map':
      return 'object';
    case 'list':
      return 'list';
    case 'boolean':
      return 'boolean';
    case 'string':
    case 'blob':
      return 'string';
    default:
      return 'number';
  }
}
const WRONG_TYPE: Record<Kind, unknown> = { string: 'fuzz', number: 12345, boolean: true, list: ['fuzz'], object: { Fuzz: 'x' } };

/** Mutations of one value of shape `s` (the member is named `member`; `original` is its base value). */
function valueMutations(s: ShapeModel, member: string, original: unknown, rng: Prng, lookAlikes: LookAlikes): Array<[string, unknown, boolean?]> {
  const out: Array<[string, unknown, boolean?]> = [
    ['removed', REMOVE],
    ['null', null],
  ];
  const kind = kindOf(s);
  for (const k of Object.keys(WRONG_TYPE) as Kind[]) if (k !== kind) out.push([`as ${k}`, WRONG_TYPE[k]]);
  out.push(['deep object', deepObject(rng.pick([64, 3000, 20000]))]);
  out.push(['deep array', deepArray(rng.pick([64, 3000, 20000]))]);
  switch (s.type) {
    case 'string': {
      out.push(['empty string', '']);
      const max = s.max ?? 2048;
      out.push(['one over max length', 'x'.repeat(max + 1)]);
      out.push(['very long', rng.pick(['é', 'a', '🙂']).repeat(rng.pick([70_000, 200_000]))]);
      for (const n of rng.sample(NASTY_STRINGS, 8)) out.push([`string ${JSON.stringify(n)}`, n]);
      if (typeof original === 'string' && original.length > 0) out.push(['original with a nasty suffix', original + rng.pick(NASTY_STRINGS)]);
      break;
    }
    case 'integer':
    case 'long':
    case 'double':
    case 'float':
      for (const n of rng.sample(NASTY_NUMBERS, 5)) out.push([`number ${n instanceof Raw ? n.text : n}`, n]);
      break;
    case 'list': {
      out.push(['empty list', []]);
      out.push(['list of null', [null]]);
      const element = Array.isArray(original) && original.length > 0 ? original[0] : generate(s.member, rng);
      out.push(['list of 120', Array.from({ length: 120 }, () => element)]);
      out.push(['list of wrong types', [1, 'x', true, {}, []]]);
      break;
    }
    case 'map': {
      out.push(['empty map', {}]);
      out.push(['map with prototype keys', new Raw('{"__proto__":"x","constructor":"y","toString":"z","hasOwnProperty":"w","prototype":"v"}')]);
      out.push(['map of 200 keys', Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`k${i}`, 'v']))]);
      out.push(['map with non-string values', { a: 1, b: true, c: null, d: {} }]);
      if (typeof original === 'object' && original !== null) {
        out.push(['original map plus __proto__', new Raw(`{"__proto__":{"polluted":"yes"},${toJson(original).slice(1)}`)]);
      }
      break;
    }
    case 'structure':
      out.push(['empty structure', {}]);
      out.push(['structure with unknown members', { Fuzz: 1, fuzz: 'x', __proto__x: {} }]);
      break;
    default:
      break;
  }
  lookAlikes(member, original).forEach(({ value, mustFail }, i) => {
    out.push([`look-alike ${i + 1}`, value, mustFail]);
  });
  return out;
}

/**
 * Every mutation of a valid request `base` for `op`: each present member (and each nested member,
 * list element and map entry) replaced by the values above; each absent optional top-level member
 * added with a model-valid value and with a wrong type; unknown and prototype-named members.
 */
export function mutations(
  op: OperationName,
  base: Record<string, unknown>,
  rng: Prng,
  lookAlikes: LookAlikes,
): Array<{ label: string; body: string; mustFail?: boolean }> {
  const inputShape = OPERATION_MODELS[op].input;
  const out: Array<{ label: string; body: string; mustFail?: boolean }> = [];
  const walk = (shapeName: string, value: unknown, path: Path, member: string) => {
    const s = shapeOf(shapeName);
    if (path.length > 0) {
      for (const [what, v, mustFail] of valueMutations(s, member, value, rng, lookAlikes)) {
        out.push({ label: `${path.join('.')} ${what}`, body: toJson(setAt(base, path, v)), ...(mustFail ? { mustFail } : {}) });
      }
    }
    if (s.type === 'structure' && typeof value === 'object' && value !== null) {
      for (const [name, ref] of Object.entries(s.members)) {
        const v = (value as Record<string, unknown>)[name];
        if (v !== undefined) walk(ref.shape, v, [...path, name], name);
      }
    } else if (s.type === 'list' && Array.isArray(value)) {
      value.forEach((v, i) => {
        walk(s.member, v, [...path, i], member);
      });
    } else if (s.type === 'map' && typeof value === 'object' && value !== null) {
      for (const [k, v] of Object.entries(value)) walk(s.value, v, [...path, k], k);
    }
  };
  walk(inputShape, base, [], '');

  const input = shapeOf(inputShape);
  if (input.type !== 'structure') throw new TypeError(`${op} input is not a structure`);
  for (const [name, ref] of Object.entries(input.members)) {
    if (name in base) continue;
    out.push({ label: `${name} added`, body: toJson({ ...base, [name]: generate(ref.shape, rng) }) });
    out.push({ label: `${name} added again`, body: toJson({ ...base, [name]: generate(ref.shape, rng) }) });
    out.push({ label: `${name} added with nasty leaves`, body: toJson({ ...base, [name]: generate(ref.shape, rng, 0, true) }) });
    const kind = kindOf(shapeOf(ref.shape));
    const wrong = rng.pick((Object.keys(WRONG_TYPE) as Kind[]).filter((k) => k !== kind));
    out.push({ label: `${name} added as ${wrong}`, body: toJson({ ...base, [name]: WRONG_TYPE[wrong] }) });
  }

  const text = toJson(base);
  const inner = text.slice(1, -1);
  out.push({ label: 'unknown members', body: `{"FuzzUnknown":{"x":[1,2,{"y":null}]},"":"",${inner ? `${inner},` : ''}"zzz":1}` });
  const members = Object.keys(base);
  if (members.length > 0) {
    const m = rng.pick(members);
    const lower = m.charAt(0).toLowerCase() + m.slice(1);
    out.push({
      label: `${m} sent only in lower camel case`,
      body: toJson({ ...Object.fromEntries(Object.entries(base).filter(([k]) => k !== m)), [lower]: base[m] }),
    });
    // A required member hidden behind the prototype must not be found there.
    const rest = toJson(Object.fromEntries(Object.entries(base).filter(([k]) => k !== m))).slice(1, -1);
    out.push({ label: `${m} moved under __proto__`, body: `{"__proto__":${toJson({ [m]: base[m] })}${rest ? `,${rest}` : ''}}` });
    out.push({ label: `${m} moved under constructor.prototype`, body: `{"constructor":{"prototype":${toJson({ [m]: base[m] })}}${rest ? `,${rest}` : ''}}` });
    // Duplicate keys: JSON.parse keeps the last; the first is a look-alike or junk.
    const first = lookAlikes(m, base[m])[0]?.value ?? 'fuzz';
    out.push({ label: `${m} duplicated (junk first)`, body: `{${toJson({ [m]: first }).slice(1, -1)},${inner}}` });
    out.push({ label: `${m} duplicated (junk last)`, body: `{${inner},${toJson({ [m]: first }).slice(1, -1)}}` });
  }
  out.push({ label: 'prototype keys only', body: '{"__proto__":{"isAdmin":true},"constructor":{"name":"x"},"prototype":{}}' });
  return out;
}
