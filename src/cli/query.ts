/**
 * `--query`: JMESPath with the `jmespath` package (the JMESPath project's JavaScript implementation),
 * loaded only when a query is given. Parse errors are reported in jmespath.py's words.
 */
import { createRequire } from 'node:module';
import { CliError, EXIT } from './errors.js';

interface JmesPath {
  compile(expr: string): unknown;
  search(data: unknown, expr: string): unknown;
  tokenize(expr: string): Array<{ type: string; value: unknown; start: number }>;
}

let lib: JmesPath | null = null;
function jmespath(): JmesPath {
  if (!lib) lib = createRequire(import.meta.url)('jmespath') as JmesPath;
  return lib;
}

export interface CompiledQuery {
  expression: string;
}

export function compileQuery(expression: string): CompiledQuery {
  const bad = (detail: string) => new CliError(`Bad value for --query ${expression}: ${detail}`, EXIT.USAGE);
  if (expression === '') throw bad('Invalid JMESPath expression: cannot be empty.');
  const j = jmespath();
  try {
    j.compile(expression);
  } catch (e) {
    const msg = (e as Error).message;
    if ((e as Error).name === 'LexerError') {
      const pos = Number(/position (\d+)/.exec(msg)?.[1] ?? expression.length);
      throw bad(`Bad jmespath expression: Unknown token ${JSON.stringify(expression[pos] ?? '')}:\n${expression}\n${' '.repeat(pos)}^`);
    }
    if (/EOF/.test(msg)) {
      throw bad(`Invalid jmespath expression: Incomplete expression:\n"${expression}"\n${' '.repeat(expression.length + 1)}^`);
    }
    const m = /type: (\w+), value: (.*)$/.exec(msg) ?? /Invalid token \((\w+)\): "(.*)"$/.exec(msg);
    let pos = 0;
    let type = 'UNKNOWN';
    let value = '';
    if (m) {
      type = m[1]!.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase();
      value = m[2]!;
      try {
        const tok = j.tokenize(expression).find((t) => t.type === m[1] && String(t.value) === value);
        if (tok) pos = tok.start;
      } catch {
        pos = 0;
      }
    }
    throw bad(`invalid token: Parse error at column ${pos}, token "${value}" (${type}), for expression:\n"${expression}"\n${' '.repeat(pos + 1)}^`);
  }
  return { expression };
}

export function search(q: CompiledQuery, data: unknown): unknown {
  return jmespath().search(data, q.expression);
}
