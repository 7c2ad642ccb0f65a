/**
 * YAML for `--output yaml|yaml-stream` (an emitter that follows ruamel.yaml's safe dumper as the AWS
 * CLI v2 configures it: block style, sorted keys, quoting of strings that would read back as another
 * type) and for `--cli-input-yaml` (parsed with the `yaml` package, loaded only when needed).
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

function doubleQuoted(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (c === 0) out += '\\0';
    else if (c < 0x20 || c === 0x7f || (c >= 0x80 && c < 0xa0)) out += '\\x' + c.toString(16).toUpperCase().padStart(2, '0');
    else if (c === 0xfeff) out += '\\uFEFF';
    else out += ch;
  }
  return out + '"';
}

/** A string scalar as ruamel writes it in block context. */
export function yamlString(s: string): string {
  if (s === '') return "''";
  let special = false;
  let plain = true;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '\n' || c === 0x85 || c === 0x2028 || c === 0x2029) special = true;
    else if (!(c >= 0x20 && c <= 0x7e) && !(c === 0x85 || (c >= 0xa0 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) || c >= 0x10000) || c === 0xfeff) special = true;
  }
  if (special) return doubleQuoted(s);
  if (s.startsWith('---') || s.startsWith('...')) plain = false;
  if ('#,[]{}&*!|>\'"%@`'.includes(s[0]!)) plain = false;
  if ('?:-'.includes(s[0]!) && (s.length === 1 || s[1] === ' ')) plain = false;
  if (s.startsWith(' ') || s.endsWith(' ')) plain = false;
  if (/: |:$| #/.test(s)) plain = false;
  if (plain && IMPLICIT.some((re) => re.test(s))) plain = false;
  if (plain) return s;
  return "'" + s.replaceAll("'", "''") + "'";
}

function scalar(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (v === true) return 'true';
  if (v === false) return 'false';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : floatRepr(v);
  if (v instanceof PyFloat) return floatRepr(v.value);
  return yamlString(String(v));
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
      emitItem(item, indent, lines, head + '- ');
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
      const key = yamlString(k);
      if (Array.isArray(val) && val.length) {
        lines.push(`${head}${key}:`);
        emit(val, indent, lines, '');
      } else if (isObj(val) && Object.keys(val).length) {
        lines.push(`${head}${key}:`);
        emit(val, indent + 2, lines, '');
      } else {
        lines.push(`${head}${key}: ${Array.isArray(val) ? '[]' : isObj(val) ? '{}' : scalar(val)}`);
      }
    }
    return;
  }
  lines.push(prefix + scalar(v));
}

function emitItem(item: unknown, indent: number, lines: string[], head: string): void {
  if (Array.isArray(item) && item.length) emit(item, head.length, lines, head);
  else if (isObj(item) && Object.keys(item).length) emit(item, head.length, lines, head);
  else lines.push(head + (Array.isArray(item) ? '[]' : isObj(item) ? '{}' : scalar(item)));
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
