/** A tiny `--name value` / `--name=value` / `--flag` parser for cognate's own commands. */
export interface FlagSpec {
  [name: string]: 'string' | 'boolean';
}

/** A wrong flag or value of cognate's own commands; exits 252 with the usage. */
export class UsageError extends Error {}

/** Parses `--name value`, `--name=value` and boolean `--flag` arguments against a spec; throws UsageError. */
export function parseFlags(argv: string[], spec: FlagSpec): Record<string, string | boolean> {
  const out: Record<string, string | boolean> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) throw new UsageError(`unexpected argument: ${arg}`);
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(2, eq) : arg.slice(2);
    const kind = spec[name];
    if (!kind) throw new UsageError(`unknown option: --${name}`);
    if (kind === 'boolean') {
      out[name] = true;
      continue;
    }
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined) throw new UsageError(`option --${name} needs a value`);
    out[name] = value;
  }
  return out;
}
