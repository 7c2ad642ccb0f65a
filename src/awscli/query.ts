/**
 * `--query`: JMESPath with the `jmespath` package (the JMESPath project's JavaScript implementation),
 * loaded only when a query is given. Syntax errors are found by a port of jmespath.py's parser so that
 * they are reported in the AWS CLI's words. The port decides on every query, not only when jmespath.js
 * fails to compile: jmespath.js 0.16 compiles expressions that jmespath.py (and so the AWS CLI) rejects,
 * e.g. `a.`, `a..b`, `a[-]`, `a[--1]` and the unclosed literal `` `bad `` (test/cli/query.test.ts).
 */
import { createRequire } from 'node:module';
import { CliError, EXIT } from './errors.js';
import { checkSyntax, JmesSyntaxError } from './python/jmespath-syntax.js';

interface JmesPath {
  compile(expr: string): unknown;
  search(data: unknown, expr: string): unknown;
}

let lib: JmesPath | null = null;
function jmespath(): JmesPath {
  if (!lib) lib = createRequire(import.meta.url)('jmespath') as JmesPath;
  return lib;
}

/** A --query expression that parsed. */
export interface CompiledQuery {
  expression: string;
}

/** Checks the syntax of a --query expression (`Bad value for --query ...` otherwise). */
export function compileQuery(expression: string): CompiledQuery {
  try {
    checkSyntax(expression);
  } catch (e) {
    if (e instanceof JmesSyntaxError) throw new CliError(`Bad value for --query ${expression}: ${e.message}`, EXIT.USAGE);
    throw e;
  }
  return { expression };
}

/** Evaluates a query against a result. */
export function search(q: CompiledQuery, data: unknown): unknown {
  return jmespath().search(data, q.expression);
}
