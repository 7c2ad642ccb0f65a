/**
 * The AWS CLI's shorthand syntax (`Name=phone_number,Value=+1555...`), the v2 grammar: a port of
 * awscli/shorthand.py's ShorthandParser (purely syntactic) and BackCompatVisitor (model-driven fix-ups),
 * with the same error texts and caret placement. v1's `key@=file://...` is rejected as v2 does.
 */
import { SHAPES } from '../model/generated.js';
import { setOwn } from './python/pyjson.js';

/** A shorthand syntax error; the message is the AWS CLI's, caret included. */
export class ShorthandParseError extends Error {}

function errorLocation(value: string, index: number): string {
  let consumed = value;
  let remaining = '';
  let spaces = index;
  const before = value.slice(0, index);
  if (before.includes('\n')) spaces = index - before.lastIndexOf('\n') - 1;
  const after = value.slice(index);
  if (after.includes('\n')) {
    const next = index + after.indexOf('\n');
    consumed = value.slice(0, next);
    remaining = value.slice(next);
  }
  return `${consumed}\n${' '.repeat(spaces)}^${remaining}`;
}

class SyntaxErr extends ShorthandParseError {
  constructor(value: string, expected: string, actual: string, index: number) {
    super(`Expected: '${expected}', received: '${actual}' for input:\n${errorLocation(value, index)}`);
  }
}

class DuplicateKeyError extends ShorthandParseError {
  constructor(key: string, value: string, index: number) {
    super(
      `Second instance of key "${key}" encountered for input:\n${errorLocation(value, index)}\nThis is often because there is a preceding "," instead of a space.`,
    );
  }
}

const WHITESPACE = ' \t\n\r\x0b\x0c';
const KEY_CHARS = /[A-Za-z0-9\-_.#/:]/;
const FIRST_VALUE = /((\\,)|[!#-&(-+\--<>-Z\\-z|-\uffff])((\\,)|[\s!#-&(-+\--\\^-|~-\uffff])*/y;
const SECOND_VALUE = /((\\,)|[!#-&(-+\--<>-Z\\-z|-\uffff])((\\,)|[\s!#-&(-+\--<>-\uffff])*/y;
const SINGLE_QUOTED = /'(?:\\'|[^'])*'/y;
const DOUBLE_QUOTED = /"(?:\\"|[^"])*"/y;
const NAMES = new Map<RegExp, string>([
  [SECOND_VALUE, 'second'],
  [SINGLE_QUOTED, 'singled quoted'],
  [DOUBLE_QUOTED, 'double quoted'],
]);

/** A parsed shorthand value: strings, lists and (plain) objects. */
export type Shorthand = string | Shorthand[] | { [k: string]: Shorthand };

/** Parses one shorthand token into an object. */
export class ShorthandParser {
  private s = '';
  private i = 0;

  parse(value: string): Record<string, Shorthand> {
    this.s = value;
    this.i = 0;
    return this.parameter();
  }

  private parameter(): Record<string, Shorthand> {
    const params: Record<string, Shorthand> = {};
    let [key, val] = this.keyval();
    setOwn(params, key, val);
    let last = this.i;
    while (this.i < this.s.length) {
      this.expect(',', true);
      [key, val] = this.keyval();
      if (Object.hasOwn(params, key)) throw new DuplicateKeyError(key, this.s, last + 1);
      setOwn(params, key, val);
      last = this.i;
    }
    return params;
  }

  private keyval(): [string, Shorthand] {
    const key = this.key();
    this.expect('=', true);
    return [key, this.values()];
  }

  private key(): string {
    const start = this.i;
    while (!this.eof() && KEY_CHARS.test(this.s[this.i]!)) this.i++;
    return this.s.slice(start, this.i);
  }

  private values(): Shorthand {
    if (this.eof()) return '';
    if (this.cur() === '[') return this.explicitList();
    if (this.cur() === '{') return this.hashLiteral();
    return this.csvValue();
  }

  private csvValue(): Shorthand {
    const first = this.firstValue();
    this.ws();
    if (this.eof() || this.s[this.i] !== ',') return first;
    this.expect(',', true);
    const list: string[] = [first];
    for (;;) {
      try {
        const current = this.secondValue();
        this.ws();
        if (this.eof()) {
          list.push(current);
          break;
        }
        this.expect(',', true);
        list.push(current);
      } catch (e) {
        if (!(e instanceof SyntaxErr)) throw e;
        if (this.eof()) throw e;
        this.backtrackTo(',');
        break;
      }
    }
    return list.length === 1 ? first : list;
  }

  private value(): string {
    FIRST_VALUE.lastIndex = this.i;
    const m = FIRST_VALUE.exec(this.s);
    if (m) {
      this.i += m[0].length;
      return m[0].replaceAll('\\,', ',').replace(/[\s]+$/, '');
    }
    return '';
  }

  private explicitList(): Shorthand[] {
    this.expect('[', true);
    const values: Shorthand[] = [];
    while (this.cur() !== ']') {
      values.push(this.explicitValues());
      this.ws();
      if (this.cur() !== ']') {
        this.expect(',');
        this.ws();
      }
    }
    this.expect(']');
    return values;
  }

  private explicitValues(): Shorthand {
    if (this.cur() === '[') return this.explicitList();
    if (this.cur() === '{') return this.hashLiteral();
    return this.firstValue();
  }

  private hashLiteral(): Record<string, Shorthand> {
    this.expect('{', true);
    const kv: Record<string, Shorthand> = {};
    while (this.cur() !== '}') {
      const key = this.key();
      this.expect('=', true);
      const v = this.explicitValues();
      this.ws();
      if (this.cur() !== '}') {
        this.expect(',');
        this.ws();
      }
      setOwn(kv, key, v);
    }
    this.expect('}');
    return kv;
  }

  private firstValue(): string {
    if (this.cur() === "'") return this.quoted(SINGLE_QUOTED, "'");
    if (this.cur() === '"') return this.quoted(DOUBLE_QUOTED, '"');
    return this.value();
  }

  private secondValue(): string {
    if (this.cur() === "'") return this.quoted(SINGLE_QUOTED, "'");
    if (this.cur() === '"') return this.quoted(DOUBLE_QUOTED, '"');
    return this.mustConsume(SECOND_VALUE)
      .replaceAll('\\,', ',')
      .replace(/[\s]+$/, '');
  }

  private quoted(re: RegExp, q: string): string {
    const v = this.mustConsume(re).slice(1, -1);
    return v.replaceAll('\\' + q, q).replaceAll('\\\\', '\\');
  }

  private mustConsume(re: RegExp): string {
    re.lastIndex = this.i;
    const m = re.exec(this.s);
    if (m) {
      this.i += m[0].length;
      return m[0];
    }
    throw new SyntaxErr(this.s, `<${NAMES.get(re)}>`, '<none>', this.i);
  }

  private expect(ch: string, consumeWs = false): void {
    if (consumeWs) this.ws();
    if (this.i >= this.s.length) throw new SyntaxErr(this.s, ch, 'EOF', this.i);
    const actual = this.s[this.i]!;
    if (actual !== ch) throw new SyntaxErr(this.s, ch, actual, this.i);
    this.i++;
    if (consumeWs) this.ws();
  }

  private cur(): string | undefined {
    return this.i < this.s.length ? this.s[this.i] : undefined;
  }

  private eof(): boolean {
    return this.i >= this.s.length;
  }

  private backtrackTo(ch: string): void {
    while (this.i >= 0 && this.s[this.i] !== ch) this.i--;
  }

  private ws(): void {
    while (this.i < this.s.length && WHITESPACE.includes(this.s[this.i]!)) this.i++;
  }
}

/**
 * BackCompatVisitor: wraps a scalar in a list where the model wants a list, and turns strings into
 * numbers and booleans for numeric and boolean members (Python's `int()` / `float()` rules).
 */
export function backCompat(value: unknown, shapeName: string): unknown {
  return visit(value, shapeName);
}

/** Python's ValueError/TypeError from `int()`. */
export class IntConversionError extends Error {}

function visit(value: unknown, shapeName: string): unknown {
  const shape = SHAPES[shapeName]!;
  switch (shape.type) {
    case 'structure': {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
      const obj = value as Record<string, unknown>;
      for (const [name, ref] of Object.entries(shape.members)) {
        if (Object.hasOwn(obj, name)) {
          const v = visit(obj[name], ref.shape);
          if (v !== obj[name]) setOwn(obj, name, v);
        }
      }
      return obj;
    }
    case 'list': {
      if (!Array.isArray(value)) return value === undefined || value === null ? value : [value];
      for (let i = 0; i < value.length; i++) value[i] = visit(value[i], shape.member);
      return value;
    }
    case 'map': {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
      const obj = value as Record<string, unknown>;
      for (const k of Object.keys(obj)) setOwn(obj, k, visit(obj[k], shape.value));
      return obj;
    }
    case 'integer':
    case 'long':
      if (value === null || value === undefined) return value;
      return pyInt(value);
    case 'boolean':
      if (typeof value === 'string') {
        if (value.toLowerCase() === 'true') return true;
        if (value.toLowerCase() === 'false') return false;
      }
      return value;
    default:
      return value;
  }
}

/** Python's `int(x)` for a string (surrounding whitespace and underscores between digits allowed). */
export function pyInt(value: unknown): number {
  if (typeof value === 'number') return Math.trunc(value);
  if (typeof value !== 'string') {
    throw new IntConversionError(`int() argument must be a string, a bytes-like object or a real number, not '${Array.isArray(value) ? 'list' : 'dict'}'`);
  }
  const t = value.trim();
  if (!/^[+-]?\d+(_\d+)*$/.test(t)) throw new IntConversionError(`invalid literal for int() with base 10: ${reprShort(value)}`);
  return Number(t.replaceAll('_', ''));
}

function reprShort(s: string): string {
  const q = s.includes("'") && !s.includes('"') ? '"' : "'";
  return q + s.replaceAll('\\', '\\\\') + q;
}
