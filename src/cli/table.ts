/**
 * `--output table`: a port of awscli/table.py (MultiTable, Section) and formatter.py's TableFormatter,
 * including proportional column scaling, the vertical layout past the terminal width, east-asian
 * display widths and the colorised styler with colorama's auto-reset sequences.
 */
import { pyStr } from './pyjson.js';

const RESET = '\x1b[0m';

/** Display width: W, F and A (ambiguous) east-asian characters count 2. */
export function textLength(text: string): number {
  let n = 0;
  for (const ch of text) n += wide(ch.codePointAt(0)!) ? 2 : 1;
  return n;
}

// East Asian Width W/F/A ranges (Unicode 14, condensed; A covers Latin-1 and the accented letters Python treats as ambiguous).
const RANGES: Array<[number, number]> = [
  [0xa1, 0xa1], [0xa4, 0xa4], [0xa7, 0xa8], [0xaa, 0xaa], [0xad, 0xae], [0xb0, 0xb4], [0xb6, 0xba], [0xbc, 0xbf],
  [0xc6, 0xc6], [0xd0, 0xd0], [0xd7, 0xd8], [0xde, 0xe1], [0xe6, 0xe6], [0xe8, 0xea], [0xec, 0xed], [0xf0, 0xf0],
  [0xf2, 0xf3], [0xf7, 0xfa], [0xfc, 0xfc], [0xfe, 0xfe], [0x101, 0x101], [0x111, 0x111], [0x113, 0x113], [0x11b, 0x11b],
  [0x126, 0x127], [0x12b, 0x12b], [0x131, 0x133], [0x138, 0x138], [0x13f, 0x142], [0x144, 0x144], [0x148, 0x14b],
  [0x14d, 0x14d], [0x152, 0x153], [0x166, 0x167], [0x16b, 0x16b], [0x1ce, 0x1ce], [0x1d0, 0x1d0], [0x1d2, 0x1d2],
  [0x1d4, 0x1d4], [0x1d6, 0x1d6], [0x1d8, 0x1d8], [0x1da, 0x1da], [0x1dc, 0x1dc], [0x251, 0x251], [0x261, 0x261],
  [0x2c4, 0x2c4], [0x2c7, 0x2c7], [0x2c9, 0x2cb], [0x2cd, 0x2cd], [0x2d0, 0x2d0], [0x2d8, 0x2db], [0x2dd, 0x2dd],
  [0x2df, 0x2df], [0x300, 0x36f], [0x391, 0x3a1], [0x3a3, 0x3a9], [0x3b1, 0x3c1], [0x3c3, 0x3c9], [0x401, 0x401],
  [0x410, 0x44f], [0x451, 0x451], [0x1100, 0x115f], [0x2010, 0x2010], [0x2013, 0x2016], [0x2018, 0x2019], [0x201c, 0x201d],
  [0x2020, 0x2022], [0x2024, 0x2027], [0x2030, 0x2030], [0x2032, 0x2033], [0x2035, 0x2035], [0x203b, 0x203b],
  [0x203e, 0x203e], [0x2074, 0x2074], [0x207f, 0x207f], [0x2081, 0x2084], [0x20ac, 0x20ac], [0x2103, 0x2103],
  [0x2105, 0x2105], [0x2109, 0x2109], [0x2113, 0x2113], [0x2116, 0x2116], [0x2121, 0x2122], [0x2126, 0x2126],
  [0x212b, 0x212b], [0x2153, 0x2154], [0x215b, 0x215e], [0x2160, 0x216b], [0x2170, 0x2179], [0x2189, 0x2189],
  [0x2190, 0x2199], [0x21b8, 0x21b9], [0x21d2, 0x21d2], [0x21d4, 0x21d4], [0x21e7, 0x21e7], [0x2200, 0x2200],
  [0x2202, 0x2203], [0x2207, 0x2208], [0x220b, 0x220b], [0x220f, 0x220f], [0x2211, 0x2211], [0x2215, 0x2215],
  [0x221a, 0x221a], [0x221d, 0x2220], [0x2223, 0x2223], [0x2225, 0x2225], [0x2227, 0x222c], [0x222e, 0x222e],
  [0x2234, 0x2237], [0x223c, 0x223d], [0x2248, 0x2248], [0x224c, 0x224c], [0x2252, 0x2252], [0x2260, 0x2261],
  [0x2264, 0x2267], [0x226a, 0x226b], [0x226e, 0x226f], [0x2282, 0x2283], [0x2286, 0x2287], [0x2295, 0x2295],
  [0x2299, 0x2299], [0x22a5, 0x22a5], [0x22bf, 0x22bf], [0x2312, 0x2312], [0x231a, 0x231b], [0x2329, 0x232a],
  [0x23e9, 0x23ec], [0x23f0, 0x23f0], [0x23f3, 0x23f3], [0x2460, 0x24e9], [0x24eb, 0x254b], [0x2550, 0x2573],
  [0x2580, 0x258f], [0x2592, 0x2595], [0x25a0, 0x25a1], [0x25a3, 0x25a9], [0x25b2, 0x25b3], [0x25b6, 0x25b7],
  [0x25bc, 0x25bd], [0x25c0, 0x25c1], [0x25c6, 0x25c8], [0x25cb, 0x25cb], [0x25ce, 0x25d1], [0x25e2, 0x25e5],
  [0x25ef, 0x25ef], [0x25fd, 0x25fe], [0x2605, 0x2606], [0x2609, 0x2609], [0x260e, 0x260f], [0x2614, 0x2615],
  [0x261c, 0x261c], [0x261e, 0x261e], [0x2640, 0x2640], [0x2642, 0x2642], [0x2648, 0x2653], [0x2660, 0x2661],
  [0x2663, 0x2665], [0x2667, 0x266a], [0x266c, 0x266d], [0x266f, 0x266f], [0x267f, 0x267f], [0x2693, 0x2693],
  [0x269e, 0x269f], [0x26a1, 0x26a1], [0x26aa, 0x26ab], [0x26bd, 0x26bf], [0x26c4, 0x26e1], [0x26e3, 0x26e3],
  [0x26e8, 0x26ff], [0x2705, 0x2705], [0x270a, 0x270b], [0x2728, 0x2728], [0x273d, 0x273d], [0x274c, 0x274c],
  [0x274e, 0x274e], [0x2753, 0x2755], [0x2757, 0x2757], [0x2776, 0x277f], [0x2795, 0x2797], [0x27b0, 0x27b0],
  [0x27bf, 0x27bf], [0x2b1b, 0x2b1c], [0x2b50, 0x2b50], [0x2b55, 0x2b59], [0x2e80, 0x303e], [0x3041, 0x33ff],
  [0x3400, 0x4dbf], [0x4e00, 0x9fff], [0xa000, 0xa4cf], [0xa960, 0xa97f], [0xac00, 0xd7a3], [0xe000, 0xf8ff],
  [0xf900, 0xfaff], [0xfe00, 0xfe19], [0xfe30, 0xfe6f], [0xff01, 0xff60], [0xffe0, 0xffe6], [0xfffd, 0xfffd],
  [0x16fe0, 0x16fe4], [0x17000, 0x18cd5], [0x1b000, 0x1b2fb], [0x1f004, 0x1f004], [0x1f0cf, 0x1f0cf],
  [0x1f100, 0x1f10a], [0x1f110, 0x1f12d], [0x1f130, 0x1f169], [0x1f170, 0x1f1ac], [0x1f200, 0x1f251],
  [0x1f300, 0x1f64f], [0x1f680, 0x1f6ff], [0x1f7e0, 0x1f7eb], [0x1f90c, 0x1f9ff], [0x1fa70, 0x1faff],
  [0x20000, 0x2fffd], [0x30000, 0x3fffd], [0xe0100, 0xe01ef], [0xf0000, 0xffffd], [0x100000, 0x10fffd],
];

function wide(cp: number): boolean {
  if (cp < 0xa1) return false;
  let lo = 0;
  let hi = RANGES.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [a, b] = RANGES[mid]!;
    if (cp < a) hi = mid - 1;
    else if (cp > b) lo = mid + 1;
    else return true;
  }
  return false;
}

function centerText(text: string, length: number, left: string, right: string, textLen: number): string {
  const start = Math.floor(length / 2) - Math.floor(textLen / 2) - 1;
  const soFar = textLength(left) + start + textLen;
  return left + ' '.repeat(Math.max(0, start)) + text + ' '.repeat(Math.max(0, length - textLength(right) - soFar)) + right;
}

function alignLeft(text: string, length: number, left: string, right: string, textLen: number): string {
  const computed = textLen + 2 + textLength(left) + textLength(right);
  const padding = length - computed >= 0 ? 2 : 0;
  const soFar = left.length + padding + textLen;
  return left + ' '.repeat(padding) + text + ' '.repeat(Math.max(0, length - soFar - right.length)) + right;
}

/** Python's round() (half to even). */
function pyRound(x: number): number {
  const r = Math.round(x);
  if (Math.abs(x % 1) === 0.5 && r % 2 !== 0) return r - 1;
  return r;
}

class Section {
  title = '';
  headers: string[] = [];
  rows: string[][] = [];
  indent = 0;
  private maxWidths: number[] = [];

  columnWidths(padding = 0, maxWidth?: number): number[] {
    const unscaled = this.maxWidths.map((w) => w + padding);
    if (maxWidth === undefined || unscaled.length === 0) return unscaled;
    const scale = maxWidth / unscaled.reduce((a, b) => a + b, 0);
    const scaled = unscaled.map((w) => pyRound(scale * w));
    let off = scaled.reduce((a, b) => a + b, 0) - maxWidth;
    while (off !== 0) {
      const order = [...scaled.keys()];
      if (off < 0) order.reverse();
      for (const i of order) {
        if (off > 0) {
          scaled[i]!--;
          off--;
        } else {
          scaled[i]!++;
          off++;
        }
        if (off === 0) break;
      }
    }
    return scaled;
  }

  totalWidth(padding: number, outer: number): number {
    let total = 0;
    for (const w of this.columnWidths()) total += w + padding;
    total += 2 + outer * 2;
    return Math.max(textLength(this.title) + 2 + outer * 2, total);
  }

  addHeader(headers: string[]): void {
    this.update(headers);
    this.headers = headers;
  }

  addRow(row: unknown[]): void {
    const r = row.map((x) => pyStr(x));
    this.rows.push(r);
    this.update(r);
  }

  private update(row: string[]): void {
    if (this.maxWidths.length === 0) this.maxWidths = row.map(textLength);
    else row.forEach((el, i) => (this.maxWidths[i] = Math.max(textLength(el), this.maxWidths[i] ?? 0)));
  }
}

export interface TableOptions {
  color: boolean;
  terminalWidth: number;
}

class MultiTable {
  sections: Section[] = [];
  private current: Section | null = null;
  constructor(private readonly opts: TableOptions) {}

  newSection(title: string, indent: number): void {
    this.current = new Section();
    this.current.title = title;
    this.current.indent = indent;
    this.sections.push(this.current);
  }
  addHeader(h: string[]): void {
    this.current!.addHeader(h);
  }
  addRow(r: unknown[]): void {
    this.current!.addRow(r);
  }

  render(): string {
    let max = this.maxWidth();
    if (max > this.opts.terminalWidth) {
      this.sections = this.sections.map((s) => {
        if (s.rows.length === 1 && s.headers.length) {
          const n = new Section();
          n.title = s.title;
          n.indent = s.indent;
          s.headers.forEach((h, i) => n.addRow([h, s.rows[0]![i]]));
          return n;
        }
        return s;
      });
      max = this.maxWidth();
    }
    const color = this.opts.color;
    // colorama's autoreset appends a reset after every write when colour is on
    const w = (t: string) => (color ? t + RESET : t);
    const indentChar = color ? '\x1b[2m\x1b[33m|' + RESET : '|';
    const rowStyle = (t: string) => (color ? '\x1b[1m\x1b[34m' + t + RESET : t);
    let out = w('-'.repeat(max) + '\n');
    for (const s of this.sections) {
      const width = max - s.indent * 2;
      const line = (text: string) => {
        out += w(indentChar.repeat(s.indent));
        out += w(text);
        out += w(indentChar.repeat(s.indent));
        out += w('\n');
      };
      if (s.title) {
        line(centerText(s.title, width, '|', '|', textLength(s.title)));
        if (!s.headers.length && !s.rows.length) line('+' + '-'.repeat(width - 2) + '+');
      }
      const widths = s.columnWidths(4, width);
      const lineBreak = () => line(widths.map((cw, i) => (i === 0 ? '+' + '-'.repeat(cw - 2) + '+' : '-'.repeat(cw - 1) + '+')).join(''));
      if (s.headers.length) {
        lineBreak();
        line(s.headers.map((h, i) => centerText(h, widths[i]!, i === 0 ? '|' : '', '|', textLength(h))).join(''));
      }
      if (s.rows.length && widths.length) {
        lineBreak();
        for (const row of s.rows) {
          line(widths.map((cw, i) => alignLeft(rowStyle(row[i] ?? ''), cw, i === 0 ? '|' : '', '|', textLength(row[i] ?? ''))).join(''));
        }
        lineBreak();
      }
    }
    return out;
  }

  private maxWidth(): number {
    return Math.max(...this.sections.map((s) => s.totalWidth(4, s.indent)));
  }
}

const isScalar = (v: unknown) => v === null || typeof v !== 'object';
const isDict = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const sorted = (a: Iterable<string>) => [...a].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));

/** Renders a result as the AWS CLI's table; empty string when it prints nothing. */
export function formatTable(title: string, data: unknown, opts: TableOptions): string {
  const t = new MultiTable(opts);
  const groupKeys = (cur: Record<string, unknown>): [string[], string[]] => {
    const headers: string[] = [];
    const more: string[] = [];
    for (const k of Object.keys(cur)) (isScalar(cur[k]) ? headers : more).push(k);
    return [sorted(headers), sorted(more)];
  };
  const build = (title: string | null, cur: unknown, indent = 0): boolean => {
    if (!truthy(cur)) return false;
    if (title !== null) t.newSection(title, indent);
    if (Array.isArray(cur)) {
      if (isDict(cur[0])) {
        const headers = new Set<string>();
        const more = new Set<string>();
        for (const item of cur as Record<string, unknown>[]) {
          const [h, m] = groupKeys(item);
          h.forEach((x) => headers.add(x));
          m.forEach((x) => more.add(x));
        }
        const hs = sorted(headers);
        const ms = sorted(more);
        t.addHeader(hs);
        let first = true;
        for (const el of cur as Record<string, unknown>[]) {
          if (!first && ms.length) {
            t.newSection(title!, indent);
            t.addHeader(hs);
          }
          first = false;
          t.addRow(hs.map((h) => (Object.prototype.hasOwnProperty.call(el, h) ? el[h] : '')));
          for (const r of ms) if (Object.prototype.hasOwnProperty.call(el, r)) build(r, el[r], indent + 1);
        }
      } else {
        for (const item of cur) {
          if (isScalar(item)) t.addRow([item]);
          else if (Array.isArray(item) ? item.every(isScalar) : Object.keys(item as object).every((k) => isScalar((item as Record<string, unknown>)[k]))) {
            t.addRow(Array.isArray(item) ? item : Object.keys(item as object));
          } else build(null, item);
        }
      }
    }
    if (isDict(cur)) {
      const [headers, more] = groupKeys(cur);
      if (headers.length === 1) t.addRow([headers[0], cur[headers[0]!]]);
      else if (headers.length) {
        t.addHeader(headers);
        t.addRow(headers.map((k) => cur[k]));
      }
      for (const r of more) build(r, cur[r], indent + 1);
    }
    return true;
  };
  if (!build(title, data)) return '';
  return t.render();
}

/** Python truthiness. */
export function truthy(v: unknown): boolean {
  if (v === null || v === undefined || v === false || v === 0 || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object') return Object.keys(v as object).length > 0;
  return true;
}
