/**
 * `--query` syntax is decided by the port of jmespath.py's parser, not by jmespath.js: jmespath.js 0.16
 * compiles these expressions, which the AWS CLI rejects. If jmespath.js ever rejects all of them, the
 * port can be reduced to wording the errors jmespath.js finds.
 */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';
import { CliError, EXIT } from '../../src/awscli/errors.js';
import { compileQuery } from '../../src/awscli/query.js';

const jmespath = createRequire(import.meta.url)('jmespath') as { compile(e: string): unknown };

describe('--query syntax', () => {
  for (const expression of ['a.', 'a..b', 'a.b.c.', 'a[-]', 'a[--1]', '`bad']) {
    it(`rejects ${expression} as the AWS CLI does, though jmespath.js compiles it`, () => {
      assert.doesNotThrow(() => jmespath.compile(expression));
      assert.throws(
        () => compileQuery(expression),
        (e: unknown) => e instanceof CliError && e.exitCode === EXIT.USAGE && e.message.startsWith(`Bad value for --query ${expression}: `),
      );
    });
  }
});
