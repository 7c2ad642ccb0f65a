/**
 * Just enough of Python's argparse `parse_known_args` to parse the way the AWS CLI does: `--opt value`
 * and `--opt=value`, unambiguous prefixes, `nargs='*'` lists that stop at the next option, the last of a
 * repeated option winning, unknown options left over, and argparse's error texts.
 *
 * Reproduces: CPython 3.11.7's Lib/argparse.py (the Python that runs aws-cli/1.45.11 on this machine).
 */

/** An argparse error; its message is the text after `cognate: error: `. */
export class ArgParseError extends Error {}

/** An optional argument (`--name`). */
export interface OptionDef {
  /** Option string without the leading `--`. */
  name: string;
  dest: string;
  /** `one`: a value; `star`: zero or more values; `optional`: zero or one (then `constValue`); `zero`: a flag. */
  nargs: 'one' | 'star' | 'optional' | 'zero';
  /** For `zero` and `optional` options: the value stored when no value is given. */
  constValue?: unknown;
  choices?: readonly string[];
  required?: boolean;
  /** Called when the option is reached (argparse's `version` action). */
  onSeen?: () => void;
}

/** A positional argument (the command, the operation, `help`). */
export interface PositionalDef {
  dest: string;
  nargs: 'one' | 'optional';
  choices?: readonly string[];
}

/** What parse_known_args returns: option values by dest, positionals, and the tokens nobody claimed. */
export interface ParseResult {
  values: Map<string, unknown>;
  positionals: Map<string, string>;
  extras: string[];
}

const NEGATIVE_NUMBER = /^-\d+$|^-\d*\.\d+$/;

/** argparse's `%-40s | %-40s` listing of choices, with difflib suggestions. */
export function invalidChoice(value: string, choices: readonly string[]): string {
  const msg = ['Invalid choice, valid choices are:\n'];
  for (let i = 0; i < choices.length; i += 2) {
    msg.push(
      choices
        .slice(i, i + 2)
        .map((c) => c.padEnd(40))
        .join(' | '),
    );
  }
  const possible = closeMatches(value, choices);
  if (possible.length) {
    msg.push(`\n\nInvalid choice: ${pyStrRepr(value)}, maybe you meant:\n`);
    for (const w of possible) msg.push(`  * ${w}`);
  }
  return msg.join('\n');
}

function pyStrRepr(s: string): string {
  const q = s.includes("'") && !s.includes('"') ? '"' : "'";
  return q + s.replaceAll('\\', '\\\\') + q;
}

/**
 * `keepDashDash`: pass a `--` on to the extras (as the AWS CLI's first two parsers do, so that the
 * operation parser sees it); otherwise it is dropped and everything after it is positional.
 */
export function parseKnownArgs(args: string[], options: OptionDef[], positionals: PositionalDef[], keepDashDash = false): ParseResult {
  const byName = new Map(options.map((o) => [o.name, o]));
  const values = new Map<string, unknown>();
  const posValues = new Map<string, string>();
  const extras: string[] = [];
  const seen = new Set<OptionDef>();
  const pendingPositionals = [...positionals];

  type Classified = { kind: 'A' } | { kind: 'O'; opt: OptionDef | null; explicit: string | null } | { kind: '--' };
  const classify = (arg: string): Classified => {
    if (arg === '--') return { kind: '--' };
    if (!arg.startsWith('-') || arg === '-') return { kind: 'A' };
    const name = arg.startsWith('--') ? arg.slice(2) : null;
    if (name !== null && byName.has(name)) return { kind: 'O', opt: byName.get(name)!, explicit: null };
    if (arg.includes('=') && name !== null) {
      const eq = name.indexOf('=');
      const opt = byName.get(name.slice(0, eq));
      if (opt) return { kind: 'O', opt, explicit: name.slice(eq + 1) };
    }
    if (name !== null) {
      const eq = name.indexOf('=');
      const prefix = eq >= 0 ? name.slice(0, eq) : name;
      const explicit = eq >= 0 ? name.slice(eq + 1) : null;
      const matches = options.filter((o) => o.name.startsWith(prefix));
      if (matches.length > 1) {
        throw new ArgParseError(`ambiguous option: ${eq >= 0 ? '--' + prefix : arg} could match ${matches.map((m) => '--' + m.name).join(', ')}`);
      }
      if (matches.length === 1) return { kind: 'O', opt: matches[0]!, explicit };
    }
    if (NEGATIVE_NUMBER.test(arg)) return { kind: 'A' };
    if (arg.includes(' ')) return { kind: 'A' };
    return { kind: 'O', opt: null, explicit: null };
  };

  const classes: Classified[] = [];
  let dashdash = -1;
  for (let i = 0; i < args.length; i++) {
    if (dashdash >= 0) {
      classes.push({ kind: 'A' });
      continue;
    }
    const c = classify(args[i]!);
    if (c.kind === '--') dashdash = i;
    classes.push(c);
  }
  const strings = [...args];

  const checkChoice = (dest: string, choices: readonly string[] | undefined, value: string) => {
    if (choices && !choices.includes(value)) throw new ArgParseError(`argument ${dest}: ${invalidChoice(value, choices)}`);
  };

  let i = 0;
  while (i < strings.length) {
    const c = classes[i]!;
    if (c.kind === 'A') {
      // a run of positionals: the next pending positional takes one, the rest are extras
      let j = i;
      while (j < strings.length && classes[j]!.kind === 'A') j++;
      let k = i;
      while (k < j && pendingPositionals.length) {
        const p = pendingPositionals.shift()!;
        checkChoice(p.dest, p.choices, strings[k]!);
        posValues.set(p.dest, strings[k]!);
        k++;
      }
      for (; k < j; k++) extras.push(strings[k]!);
      i = j;
      continue;
    }
    if (c.kind !== 'O') {
      // `--`: ends the values of the option before it; passed on or dropped
      if (keepDashDash) extras.push(strings[i]!);
      i++;
      continue;
    }
    const opt = c.opt;
    if (!opt) {
      extras.push(strings[i]!);
      i++;
      continue;
    }
    seen.add(opt);
    const label = `--${opt.name}`;
    i++;
    if (opt.nargs === 'zero') {
      if (c.explicit !== null) throw new ArgParseError(`argument ${label}: ignored explicit argument '${c.explicit}'`);
      values.set(opt.dest, opt.constValue);
      opt.onSeen?.();
      continue;
    }
    if (c.explicit !== null) {
      const v = opt.nargs === 'star' ? [c.explicit] : c.explicit;
      if (typeof v === 'string') checkChoice(label, opt.choices, v);
      values.set(opt.dest, v);
      opt.onSeen?.();
      continue;
    }
    const taken: string[] = [];
    while (i < strings.length && classes[i]!.kind === 'A') {
      taken.push(strings[i]!);
      i++;
      if (opt.nargs !== 'star') break;
    }
    if (opt.nargs === 'one' && taken.length === 0) throw new ArgParseError(`argument ${label}: expected one argument`);
    if (opt.nargs === 'optional' && taken.length === 0) {
      values.set(opt.dest, opt.constValue);
    } else if (opt.nargs === 'star') {
      values.set(opt.dest, taken);
    } else {
      checkChoice(label, opt.choices, taken[0]!);
      values.set(opt.dest, taken[0]);
    }
    opt.onSeen?.();
  }

  const missing = [
    ...options.filter((o) => o.required && !seen.has(o)).map((o) => '--' + o.name),
    ...pendingPositionals.filter((p) => p.nargs === 'one').map((p) => p.dest),
  ];
  if (missing.length) throw new ArgParseError(`the following arguments are required: ${missing.join(', ')}`);
  return { values, positionals: posValues, extras };
}

/** difflib.get_close_matches(word, possibilities, n=3, cutoff=0.8). */
export function closeMatches(word: string, possibilities: readonly string[], n = 3, cutoff = 0.8): string[] {
  const scored: Array<[number, string]> = [];
  for (const x of possibilities) {
    const r = ratio(x, word);
    if (r >= cutoff) scored.push([r, x]);
  }
  scored.sort((a, b) => b[0] - a[0] || (a[1] < b[1] ? 1 : a[1] > b[1] ? -1 : 0));
  return scored.slice(0, n).map((s) => s[1]);
}

/** SequenceMatcher(None, a, b).ratio() (no junk; the inputs are short). */
function ratio(a: string, b: string): number {
  const b2j = new Map<string, number[]>();
  for (let j = 0; j < b.length; j++) {
    const list = b2j.get(b[j]!) ?? [];
    list.push(j);
    b2j.set(b[j]!, list);
  }
  const longest = (alo: number, ahi: number, blo: number, bhi: number): [number, number, number] => {
    let besti = alo,
      bestj = blo,
      bestsize = 0;
    let j2len = new Map<number, number>();
    for (let i = alo; i < ahi; i++) {
      const newj2len = new Map<number, number>();
      for (const j of b2j.get(a[i]!) ?? []) {
        if (j < blo) continue;
        if (j >= bhi) break;
        const k = (j2len.get(j - 1) ?? 0) + 1;
        newj2len.set(j, k);
        if (k > bestsize) {
          besti = i - k + 1;
          bestj = j - k + 1;
          bestsize = k;
        }
      }
      j2len = newj2len;
    }
    return [besti, bestj, bestsize];
  };
  let matches = 0;
  const queue: Array<[number, number, number, number]> = [[0, a.length, 0, b.length]];
  while (queue.length) {
    const [alo, ahi, blo, bhi] = queue.pop()!;
    const [i, j, k] = longest(alo, ahi, blo, bhi);
    if (k) {
      matches += k;
      if (alo < i && blo < j) queue.push([alo, i, blo, j]);
      if (i + k < ahi && j + k < bhi) queue.push([i + k, ahi, j + k, bhi]);
    }
  }
  const total = a.length + b.length;
  return total ? (2 * matches) / total : 1;
}
