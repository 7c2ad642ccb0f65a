/**
 * YAML for `--output yaml|yaml-stream` (an emitter that follows ruamel.yaml's safe dumper as the AWS
 * CLI v2 configures it: block style, sorted keys, quoting of strings that would read back as another
 * type) and for `--cli-input-yaml` (parsed with the `yaml` package, loaded only when needed).
 *
 * Reproduces: ruamel.yaml's emitter within the range AWS CLI v2 pins (ruamel.yaml >=0.15.0, <=0.17.21;
 * aws-cli/1.45.11, installed here, has no YAML output, so this port is checked by the golden tests);
 * its scalar analysis is analyze_scalar, which ruamel.yaml took from PyYAML's emitter.py (PyYAML 6.0.3
 * is installed here to compare with).
 */
import { createRequire } from 'node:module';
import { floatRepr, PyFloat } from './pyjson.js';

const IMPLICIT = [
  /^(?:true|True|TRUE|false|False|FALSE)$/,
  /^(?:~|null|Null|NULL)$/,
  /^[-+]?[0-9_]+$/,
  /^0o[0-7_]+$/,
  /^0x[0-9a-fA-F_]+$/,
  /^[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?$/,
  /^[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)$/,
  /^[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?$/,
  /^[-+]?\.(?:inf|Inf|INF)$/,
  /^\.(?:nan|NaN|NAN)$/,
  /^[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)?$/,
  /^<<$/,
];

const BREAKS = '\n\x85\u2028\u2029';
const WS = '\0 \t\r\n\x85\u2028\u2029';
const BEST_WIDTH = 80;

interface Analysis {
  empty: boolean;
  multiline: boolean;
  plain: boolean;
  single: boolean;
}

/** PyYAML/ruamel's analyze_scalar, block context, allow_unicode. */
function analyze(s: string): Analysis {
  if (s === '') return { empty: true, multiline: false, plain: true, single: true };
  const chars = Array.from(s);
  let block = false;
  let lineBreaks = false;
  let special = false;
  let leadingSpace = false,
    leadingBreak = false,
    trailingSpace = false,
    trailingBreak = false;
  let breakSpace = false,
    spaceBreak = false;
  if (s.startsWith('---') || s.startsWith('...')) block = true;
  let preceded = true;
  let followed = chars.length === 1 || WS.includes(chars[1]!);
  let prevSpace = false,
    prevBreak = false;
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    const c = ch.codePointAt(0)!;
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(ch)) block = true;
      if ('?:'.includes(ch) && followed) block = true;
      if (ch === '-' && followed) block = true;
    } else {
      if (ch === ':' && followed) block = true;
      if (ch === '#' && preceded) block = true;
    }
    if (BREAKS.includes(ch)) lineBreaks = true;
    if (!(ch === '\n' || (c >= 0x20 && c <= 0x7e))) {
      const uni = (c === 0x85 || (c >= 0xa0 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) || (c >= 0x10000 && c < 0x10ffff)) && c !== 0xfeff;
      if (!uni) special = true;
    }
    if (ch === ' ') {
      if (i === 0) leadingSpace = true;
      if (i === chars.length - 1) trailingSpace = true;
      if (prevBreak) breakSpace = true;
      prevSpace = true;
      prevBreak = false;
    } else if (BREAKS.includes(ch)) {
      if (i === 0) leadingBreak = true;
      if (i === chars.length - 1) trailingBreak = true;
      if (prevSpace) spaceBreak = true;
      prevSpace = false;
      prevBreak = true;
    } else {
      prevSpace = false;
      prevBreak = false;
    }
    preceded = WS.includes(ch);
    followed = i + 2 >= chars.length || WS.includes(chars[i + 2]!);
  }
  let plain = true;
  let single = true;
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) plain = false;
  if (breakSpace) plain = single = false;
  if (spaceBreak || special) plain = single = false;
  if (lineBreaks) plain = false;
  if (block) plain = false;
  return { empty: false, multiline: lineBreaks, plain, single };
}

const ESCAPES: Record<string, string> = {
  '\0': '0',
  '\x07': 'a',
  '\x08': 'b',
  '\t': 't',
  '\n': 'n',
  '\x0b': 'v',
  '\x0c': 'f',
  '\r': 'r',
  '\x1b': 'e',
  '"': '"',
  '\\': '\\',
  '\x85': 'N',
  '\xa0': '_',
  '\u2028': 'L',
  '\u2029': 'P',
};

/** Writes a scalar the way PyYAML's emitter does, folding long lines at spaces (best width 80). */
class ScalarWriter {
  out = '';
  constructor(
    public column: number,
    private readonly indent: number,
  ) {}
  private write(d: string): void {
    this.out += d;
    this.column += d.length;
  }
  private writeIndent(): void {
    this.out += '\n' + ' '.repeat(this.indent);
    this.column = this.indent;
  }
  plain(text: string): void {
    const t = Array.from(text);
    let spaces = false;
    let start = 0;
    for (let end = 0; end <= t.length; end++) {
      const ch = end < t.length ? t[end] : undefined;
      if (spaces) {
        if (ch !== ' ') {
          if (start + 1 === end && this.column > BEST_WIDTH) this.writeIndent();
          else this.write(t.slice(start, end).join(''));
          start = end;
        }
      } else if (ch === undefined || ch === ' ') {
        this.write(t.slice(start, end).join(''));
        start = end;
      }
      if (ch !== undefined) spaces = ch === ' ';
    }
  }
  single(text: string): void {
    const t = Array.from(text);
    this.write("'");
    let spaces = false;
    let breaks = false;
    let start = 0;
    for (let end = 0; end <= t.length; end++) {
      const ch = end < t.length ? t[end] : undefined;
      if (spaces) {
        if (ch === undefined || ch !== ' ') {
          if (start + 1 === end && this.column > BEST_WIDTH && start !== 0 && end !== t.length) this.writeIndent();
          else this.write(t.slice(start, end).join(''));
          start = end;
        }
      } else if (breaks) {
        if (ch === undefined || !BREAKS.includes(ch)) {
          if (t[start] === '\n') this.out += '\n';
          for (const br of t.slice(start, end)) this.out += br === '\n' ? '\n' : br;
          this.out += ' '.repeat(this.indent);
          this.column = this.indent;
          start = end;
        }
      } else if (ch === undefined || ' \n\x85\u2028\u2029'.includes(ch) || ch === "'") {
        if (start < end) {
          this.write(t.slice(start, end).join(''));
          start = end;
        }
      }
      if (ch === "'") {
        this.write("''");
        start = end + 1;
      }
      if (ch !== undefined) {
        spaces = ch === ' ';
        breaks = BREAKS.includes(ch);
      }
    }
    this.write("'");
  }
  double(text: string): void {
    const t = Array.from(text);
    this.write('"');
    let start = 0;
    for (let end = 0; end <= t.length; end++) {
      const ch = end < t.length ? t[end] : undefined;
      const c = ch?.codePointAt(0) ?? 0;
      if (
        ch === undefined ||
        '"\\\x85\u2028\u2029\ufeff'.includes(ch) ||
        !((c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd))
      ) {
        if (start < end) {
          this.write(t.slice(start, end).join(''));
          start = end;
        }
        if (ch !== undefined) {
          const rep = ESCAPES[ch];
          if (rep !== undefined) this.write('\\' + rep);
          else if (c <= 0xff) this.write('\\x' + c.toString(16).toUpperCase().padStart(2, '0'));
          else if (c <= 0xffff) this.write('\\u' + c.toString(16).toUpperCase().padStart(4, '0'));
          else this.write('\\U' + c.toString(16).toUpperCase().padStart(8, '0'));
          start = end + 1;
        }
      }
      if (end > 0 && end < t.length - 1 && (ch === ' ' || start >= end) && this.column + (end - start) > BEST_WIDTH) {
        const data = t.slice(start, end).join('') + '\\';
        if (start < end) start = end;
        this.write(data);
        this.writeIndent();
        if (t[start] === ' ') this.write('\\');
      }
    }
    this.write('"');
  }
}

/** A string scalar as the emitter writes it; `column` is where it starts, `indent` where continuation lines start. */
export function yamlString(s: string, column = 0, indent = 2, simpleKey = false): string {
  const a = analyze(s);
  const w = new ScalarWriter(column, indent);
  const implicitStr = !(s === '' || IMPLICIT.some((re) => re.test(s)));
  if (implicitStr && a.plain && !(simpleKey && (a.empty || a.multiline))) w.plain(s);
  else if (a.single && !(simpleKey && a.multiline)) w.single(s);
  else w.double(s);
  return w.out;
}

function scalar(v: unknown, column: number, indent: number): string {
  if (v === null || v === undefined) return 'null';
  if (v === true) return 'true';
  if (v === false) return 'false';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : floatRepr(v);
  if (v instanceof PyFloat) return floatRepr(v.value);
  return yamlString(String(v), column, indent);
}

const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof PyFloat);
const sortKeys = (o: Record<string, unknown>) => Object.keys(o).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

function emit(v: unknown, indent: number, lines: string[], prefix: string): void {
  const pad = ' '.repeat(indent);
  if (Array.isArray(v)) {
    if (v.length === 0) {
      lines.push(prefix + '[]');
      return;
    }
    let first = true;
    for (const item of v) {
      const head = first && prefix ? prefix : pad;
      first = false;
      emitItem(item, lines, head + '- ');
    }
    return;
  }
  if (isObj(v)) {
    const keys = sortKeys(v);
    if (keys.length === 0) {
      lines.push(prefix + '{}');
      return;
    }
    let first = true;
    for (const k of keys) {
      const head = first && prefix ? prefix : pad;
      first = false;
      const val = v[k];
      const key = yamlString(k, head.length, indent + 2, true);
      if (Array.isArray(val) && val.length) {
        lines.push(`${head}${key}:`);
        emit(val, indent, lines, '');
      } else if (isObj(val) && Object.keys(val).length) {
        lines.push(`${head}${key}:`);
        emit(val, indent + 2, lines, '');
      } else {
        const lead = `${head}${key}: `;
        lines.push(lead + (Array.isArray(val) ? '[]' : isObj(val) ? '{}' : scalar(val, lead.length, indent + 2)));
      }
    }
    return;
  }
  lines.push(prefix + scalar(v, prefix.length, indent + 2));
}

function emitItem(item: unknown, lines: string[], head: string): void {
  if (Array.isArray(item) && item.length) emit(item, head.length, lines, head);
  else if (isObj(item) && Object.keys(item).length) emit(item, head.length, lines, head);
  else lines.push(head + (Array.isArray(item) ? '[]' : isObj(item) ? '{}' : scalar(item, head.length, head.length)));
}

/** A document in block style, ending with a newline. */
export function dumpYaml(v: unknown): string {
  const lines: string[] = [];
  emit(v, 0, lines, '');
  return lines.join('\n') + '\n';
}

/** `--cli-input-yaml`: YAML 1.2, keys in document order. */
export function parseYaml(text: string): unknown {
  const require = createRequire(import.meta.url);
  const YAML = require('yaml') as typeof import('yaml');
  return YAML.parse(text, { version: '1.2', uniqueKeys: false });
}
