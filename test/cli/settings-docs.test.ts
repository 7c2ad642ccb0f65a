/**
 * README.md's table of `cognate serve` settings is generated from src/commands/settings.ts; this fails
 * when the two differ (run `npm run docs:settings` to regenerate it).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { withReadmeSettings } from '../../src/commands/settings.js';

// This file runs from dist/test/cli/; README.md is at the repository root.
const README = new URL('../../../README.md', import.meta.url);

describe('README.md: serve settings', () => {
  it('matches the table generated from src/commands/settings.ts (npm run docs:settings)', () => {
    const readme = readFileSync(README, 'utf8');
    assert.equal(readme, withReadmeSettings(readme));
  });
});
