/**
 * Python's view of values, as the AWS CLI (a Python program) shows them: `json.loads` with CPython's
 * error messages, `json.dumps` in the two flavours the CLI uses (request bodies and `--output json`),
 * and `str()`/`repr()` for validation messages. Floats parsed from JSON keep their Python type through
 * {@link PyFloat} so that `5.0` stays `5.0` and is reported as `<class 'float'>`.
 *
 * Reproduces: CPython 3.11.7's json module (Lib/json/decoder.py, encoder.py) and its str()/repr().
 */

/** A JSON number written with a fraction or exponent: a Python `float`. */
export class PyFloat {
  constructor(readonly value: number) {}
}

/** Objects that came from JSON text print as `OrderedDict([...])` in Python reprs (object_pairs_hook). */
export const ORDERED = new WeakSet<object>();

/** Thrown by {@link loads}; `message` is CPython's text, e.g. `Expecting value: line 1 column 20 (char 19)`. */
export class PyJSONError extends Error {}

const WS = new Set([' ', '\t', '\n', '\r']);
const NUMBER = /(-?(?:0|[1-9]\d*))(\.\d+)?([eE][-+]?\d+)?/y;

function errmsg(msg: string, doc: string, pos: number): PyJSONError {
  const cps = Array.from(doc.slice(0, pos));
  const cpPos = cps.length;
  let line = 1;
  let lastNl = -1;
  cps.forEach((c, i) => {
    if (c === '\n') {
      line++;
      lastNl = i;
    }
  });
  const col = cpPos - lastNl;
  return new PyJSONError(`${msg}: line ${line} column ${col} (char ${cpPos})`);
}

class StopIteration {
  constructor(readonly idx: number) {}
}

/** One value where one must stand; CPython's "Expecting value" where there is none. */
function scanValue(s: string, idx: number): [unknown, number] {
  try {
    return scan(s, idx);
  } catch (e) {
    if (e instanceof StopIteration) throw errmsg('Expecting value', s, e.idx);
    throw e;
  }
}

/** `json.loads(text, object_pairs_hook=OrderedDict)`. */
export function loads(doc: string): unknown {
  if (doc.startsWith('\ufeff')) throw errmsg('Unexpected UTF-8 BOM (decode using utf-8-sig)', doc, 0);
  const [value, idx] = scanValue(doc, skip(doc, 0));
  const end = skip(doc, idx);
  if (end !== doc.length) throw errmsg('Extra data', doc, end);
  return value;
}

function skip(s: string, i: number): number {
  while (i < s.length && WS.has(s[i]!)) i++;
  return i;
}

function scan(s: string, idx: number): [unknown, number] {
  if (idx >= s.length) throw new StopIteration(idx);
  const c = s[idx]!;
  if (c === '"') return scanString(s, idx + 1);
  if (c === '{') return scanObject(s, idx + 1);
  if (c === '[') return scanArray(s, idx + 1);
  if (c === 'n' && s.startsWith('null', idx)) return [null, idx + 4];
  if (c === 't' && s.startsWith('true', idx)) return [true, idx + 4];
  if (c === 'f' && s.startsWith('false', idx)) return [false, idx + 5];
  if (c === 'N' && s.startsWith('NaN', idx)) return [new PyFloat(NaN), idx + 3];
  if (c === 'I' && s.startsWith('Infinity', idx)) return [new PyFloat(Infinity), idx + 8];
  if (c === '-' && s.startsWith('-Infinity', idx)) return [new PyFloat(-Infinity), idx + 9];
  NUMBER.lastIndex = idx;
  const m = NUMBER.exec(s);
  if (m) {
    const end = idx + m[0].length;
    if (m[2] || m[3]) return [new PyFloat(Number(m[0])), end];
    return [Number(m[1]), end];
  }
  throw new StopIteration(idx);
}

function scanString(s: string, end: number): [string, number] {
  const begin = end - 1;
  let out = '';
  for (;;) {
    let j = end;
    while (j < s.length && s[j] !== '"' && s[j] !== '\\' && s.charCodeAt(j) >= 0x20) j++;
    if (j >= s.length) throw errmsg('Unterminated string starting at', s, begin);
    out += s.slice(end, j);
    const c = s[j]!;
    if (c === '"') return [out, j + 1];
    if (c !== '\\') throw errmsg('Invalid control character at', s, j);
    const esc = s[j + 1];
    if (esc === undefined) throw errmsg('Unterminated string starting at', s, begin);
    if (esc === 'u') {
      const hex = s.slice(j + 2, j + 6);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw errmsg('Invalid \\uXXXX escape', s, j + 1);
      let cp = parseInt(hex, 16);
      end = j + 6;
      if (cp >= 0xd800 && cp <= 0xdbff && s[end] === '\\' && s[end + 1] === 'u') {
        const hex2 = s.slice(end + 2, end + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex2)) throw errmsg('Invalid \\uXXXX escape', s, end + 1);
        const lo = parseInt(hex2, 16);
        if (lo >= 0xdc00 && lo <= 0xdfff) {
          cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
          end += 6;
        }
      }
      out += String.fromCodePoint(cp);
      continue;
    }
    const map: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
    const r = map[esc];
    if (r === undefined) throw errmsg('Invalid \\escape', s, j);
    out += r;
    end = j + 2;
  }
}

function scanObject(s: string, idx: number): [Record<string, unknown>, number] {
  const obj: Record<string, unknown> = {};
  ORDERED.add(obj);
  idx = skip(s, idx);
  if (s[idx] === '}') return [obj, idx + 1];
  for (;;) {
    if (s[idx] !== '"') throw errmsg('Expecting property name enclosed in double quotes', s, idx);
    let key: string;
    [key, idx] = scanString(s, idx + 1);
    idx = skip(s, idx);
    if (s[idx] !== ':') throw errmsg("Expecting ':' delimiter", s, idx);
    idx = skip(s, idx + 1);
    let value: unknown;
    [value, idx] = scanValue(s, idx);
    setOwn(obj, key, value);
    idx = skip(s, idx);
    if (s[idx] === '}') return [obj, idx + 1];
    if (s[idx] !== ',') throw errmsg("Expecting ',' delimiter", s, idx);
    idx = skip(s, idx + 1);
  }
}

function scanArray(s: string, idx: number): [unknown[], number] {
  const arr: unknown[] = [];
  idx = skip(s, idx);
  if (s[idx] === ']') return [arr, idx + 1];
  for (;;) {
    let value: unknown;
    [value, idx] = scanValue(s, idx);
    arr.push(value);
    idx = skip(s, idx);
    if (s[idx] === ']') return [arr, idx + 1];
    if (s[idx] !== ',') throw errmsg("Expecting ',' delimiter", s, idx);
    idx = skip(s, idx + 1);
  }
}

/** Assigns without ever touching the prototype (`__proto__` is an ordinary key here). */
export function setOwn(obj: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Python's `repr(float)`. */
export function floatRepr(n: number): string {
  if (Number.isNaN(n)) return 'nan';
  if (n === Infinity) return 'inf';
  if (n === -Infinity) return '-inf';
  if (Number.isInteger(n) && Math.abs(n) < 1e16) return n.toFixed(1);
  const exp = n === 0 ? 0 : Math.floor(Math.log10(Math.abs(n)));
  if (exp < -4 || exp >= 16) {
    const [mant, e] = n.toExponential().split('e');
    const ev = Number(e);
    return `${mant}e${ev < 0 ? '-' : '+'}${String(Math.abs(ev)).padStart(2, '0')}`;
  }
  return String(n);
}

function floatJson(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return 'Infinity';
  if (n === -Infinity) return '-Infinity';
  return floatRepr(n);
}

const hex4 = (c: number) => '\\u' + c.toString(16).padStart(4, '0');

/** Python's `json.dumps` string encoding; `ascii` is `ensure_ascii`. */
export function jsonString(s: string, ascii: boolean): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    const c = s.charCodeAt(i);
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (c < 0x20) out += hex4(c);
    else if (ascii && c > 0x7e) out += hex4(c);
    else out += ch;
  }
  return out + '"';
}

function scalarJson(v: unknown, ascii: boolean): string | undefined {
  if (v === null || v === undefined) return 'null';
  if (v === true) return 'true';
  if (v === false) return 'false';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : floatJson(v);
  if (v instanceof PyFloat) return floatJson(v.value);
  if (typeof v === 'string') return jsonString(v, ascii);
  if (v instanceof Date) return jsonString(isoformat(v), ascii);
  return undefined;
}

/** `json.dumps(v)` with Python's defaults: `", "` and `": "` separators, ensure_ascii. The request body. */
export function dumpsCompact(v: unknown): string {
  const s = scalarJson(v, true);
  if (s !== undefined) return s;
  if (Array.isArray(v)) return '[' + v.map(dumpsCompact).join(', ') + ']';
  if (v instanceof Uint8Array) return jsonString(Buffer.from(v).toString('latin1'), true);
  const obj = v as Record<string, unknown>;
  return (
    '{' +
    Object.keys(obj)
      .map((k) => jsonString(k, true) + ': ' + dumpsCompact(obj[k]))
      .join(', ') +
    '}'
  );
}

/** `json.dumps(v, indent=4, ensure_ascii=False)`: `--output json`. */
export function dumpsPretty(v: unknown, level = 0): string {
  const s = scalarJson(v, false);
  if (s !== undefined) return s;
  const pad = '    '.repeat(level + 1);
  const close = '    '.repeat(level);
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    return '[\n' + v.map((x) => pad + dumpsPretty(x, level + 1)).join(',\n') + '\n' + close + ']';
  }
  const obj = v as Record<string, unknown>;
  const keys = Object.keys(obj);
  if (keys.length === 0) return '{}';
  return '{\n' + keys.map((k) => pad + jsonString(k, false) + ': ' + dumpsPretty(obj[k], level + 1)).join(',\n') + '\n' + close + '}';
}

/** Python's `datetime.isoformat()` of a timestamp in the local time zone (botocore parses epochs with tzlocal). */
export function isoformat(d: Date): string {
  const ms = d.getTime();
  const off = -d.getTimezoneOffset();
  const local = new Date(ms + off * 60000);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  let s = `${local.getUTCFullYear()}-${p(local.getUTCMonth() + 1)}-${p(local.getUTCDate())}T${p(local.getUTCHours())}:${p(local.getUTCMinutes())}:${p(local.getUTCSeconds())}`;
  const micros = (d as Date & { micros?: number }).micros ?? local.getUTCMilliseconds() * 1000;
  if (micros) s += '.' + p(micros, 6);
  const sign = off < 0 ? '-' : '+';
  return `${s}${sign}${p(Math.floor(Math.abs(off) / 60))}:${p(Math.abs(off) % 60)}`;
}

/** Python's `repr(str)`. */
export function strRepr(s: string): string {
  const q = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = q;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === q || ch === '\\') out += '\\' + ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20 || c === 0x7f) out += '\\x' + c.toString(16).padStart(2, '0');
    else if (c >= 0x80 && c < 0xa0) out += '\\x' + c.toString(16).padStart(2, '0');
    else out += ch;
  }
  return out + q;
}

function bytesRepr(b: Uint8Array): string {
  const hasSingle = b.includes(0x27);
  const hasDouble = b.includes(0x22);
  const q = hasSingle && !hasDouble ? '"' : "'";
  let out = 'b' + q;
  for (const c of b) {
    if (c === q.charCodeAt(0) || c === 0x5c) out += '\\' + String.fromCharCode(c);
    else if (c === 0x0a) out += '\\n';
    else if (c === 0x0d) out += '\\r';
    else if (c === 0x09) out += '\\t';
    else if (c < 0x20 || c >= 0x7f) out += '\\x' + c.toString(16).padStart(2, '0');
    else out += String.fromCharCode(c);
  }
  return out + q;
}

/** Python's `repr()` of a parsed CLI value. */
export function pyRepr(v: unknown): string {
  if (typeof v === 'string') return strRepr(v);
  if (v instanceof Uint8Array) return bytesRepr(v);
  if (Array.isArray(v)) return '[' + v.map(pyRepr).join(', ') + ']';
  if (v !== null && typeof v === 'object' && !(v instanceof PyFloat) && !(v instanceof Date)) {
    const obj = v as Record<string, unknown>;
    if (ORDERED.has(obj)) {
      const keys = Object.keys(obj);
      if (keys.length === 0) return 'OrderedDict()';
      return 'OrderedDict([' + keys.map((k) => `(${strRepr(k)}, ${pyRepr(obj[k])})`).join(', ') + '])';
    }
    return (
      '{' +
      Object.keys(obj)
        .map((k) => `${strRepr(k)}: ${pyRepr(obj[k])}`)
        .join(', ') +
      '}'
    );
  }
  return pyStr(v);
}

/** Python's `str()`. */
export function pyStr(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : floatRepr(v);
  if (v instanceof PyFloat) return floatRepr(v.value);
  if (v instanceof Date) return isoformat(v).replace('T', ' ');
  return pyRepr(v);
}

/** Python's `type(v)` as printed: `<class 'str'>`. */
export function pyType(v: unknown): string {
  if (v === null || v === undefined) return "<class 'NoneType'>";
  if (typeof v === 'boolean') return "<class 'bool'>";
  if (typeof v === 'string') return "<class 'str'>";
  if (typeof v === 'number') return Number.isInteger(v) ? "<class 'int'>" : "<class 'float'>";
  if (v instanceof PyFloat) return "<class 'float'>";
  if (v instanceof Uint8Array) return "<class 'bytes'>";
  if (Array.isArray(v)) return "<class 'list'>";
  if (ORDERED.has(v as object)) return "<class 'collections.OrderedDict'>";
  return "<class 'dict'>";
}
