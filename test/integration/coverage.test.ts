import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { OPERATION_MODELS } from '../../src/model/generated.js';

// This file runs from dist/test/integration/; the sources it reads are in test/integration/.
const SOURCES = new URL('../../../test/integration/', import.meta.url);

describe('Integration coverage', () => {
  it('drives every operation of the model through an AWS SDK command in some integration test', () => {
    const sent = new Set<string>();
    for (const file of readdirSync(SOURCES).filter((f) => f.endsWith('.test.ts'))) {
      const text = readFileSync(new URL(file, SOURCES), 'utf8');
      for (const m of text.matchAll(/new (\w+)Command\(/g)) sent.add(m[1]!);
    }
    const missing = Object.keys(OPERATION_MODELS).filter((op) => !sent.has(op));
    assert.deepEqual(missing, [], `operations no integration test sends through the SDK: ${missing.join(', ')}`);
  });
});
