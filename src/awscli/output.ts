/**
 * Output formats: json (Python's json.dumps, indent 4), text (awscli/text.py), and the lazily loaded
 * table and yaml formatters. `{}` prints nothing in every format.
 */
import { dumpsPretty, pyStr } from './python/pyjson.js';

const isDict = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const isContainer = (v: unknown) => v !== null && typeof v === 'object';
const sorted = (a: Iterable<string>) => [...a].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));

/** `--output json`: json.dumps(indent=4, ensure_ascii=False) and a newline; nothing for `{}`. */
export function formatJson(data: unknown): string {
  if (isDict(data) && Object.keys(data).length === 0) return '';
  return dumpsPretty(data) + '\n';
}

/** `--output text`: awscli/text.py. */
export function formatText(data: unknown): string {
  const out: string[] = [];
  const fmt = (item: unknown, identifier: string | null, scalarKeys: string[] | null) => {
    if (isDict(item)) fmtDict(scalarKeys, item, identifier);
    else if (Array.isArray(item)) fmtList(item, identifier);
    else out.push(pyStr(item) + '\n');
  };
  const fmtScalarList = (els: unknown[], identifier: string | null) => {
    if (identifier !== null) for (const el of els) out.push(`${identifier.toUpperCase()}\t${pyStr(el)}\n`);
    else out.push(els.map(pyStr).join('\t') + '\n');
  };
  const fmtList = (item: unknown[], identifier: string | null) => {
    if (item.length === 0) return;
    if (item.some(isDict)) {
      const keys = new Set<string>();
      for (const el of item) if (isDict(el)) for (const [k, v] of Object.entries(el)) if (!isContainer(v)) keys.add(k);
      const all = sorted(keys);
      for (const el of item) fmt(el, identifier, all);
    } else if (item.some(Array.isArray)) {
      const scalars = item.filter((el) => !isContainer(el));
      const nonScalars = item.filter(isContainer);
      if (scalars.length) fmtScalarList(scalars, identifier);
      for (const ns of nonScalars) fmt(ns, identifier, null);
    } else fmtScalarList(item, identifier);
  };
  const fmtDict = (scalarKeys: string[] | null, item: Record<string, unknown>, identifier: string | null) => {
    const scalars: string[] = [];
    const nonScalars: Array<[string, unknown]> = [];
    if (scalarKeys === null) {
      for (const k of sorted(Object.keys(item))) {
        if (isContainer(item[k])) nonScalars.push([k, item[k]]);
        else scalars.push(pyStr(item[k]));
      }
    } else {
      for (const k of scalarKeys) scalars.push(Object.hasOwn(item, k) ? pyStr(item[k]) : '');
      const ks = new Set(scalarKeys);
      for (const k of sorted(Object.keys(item).filter((x) => !ks.has(x)))) nonScalars.push([k, item[k]]);
    }
    if (scalars.length) {
      if (identifier !== null) scalars.unshift(identifier.toUpperCase());
      out.push(scalars.join('\t') + '\n');
    }
    for (const [k, v] of nonScalars) fmt(v, k, null);
  };
  fmt(data, null, null);
  return out.join('');
}

/** `--output yaml` and `yaml-stream`; a scalar result is printed as JSON. */
export async function formatYaml(data: unknown, stream: boolean): Promise<string> {
  if (isDict(data) && Object.keys(data).length === 0) return '';
  const { dumpYaml } = await import('./python/yaml.js');
  if (stream) return dumpYaml([data]);
  if (!isContainer(data)) return dumpsPretty(data) + '\n';
  return dumpYaml(data);
}

/** `--output table` (the table code is loaded only here). */
export async function formatTableOutput(title: string, data: unknown, color: boolean, terminalWidth: number): Promise<string> {
  const { formatTable } = await import('./python/table.js');
  return formatTable(title, data, { color, terminalWidth });
}
