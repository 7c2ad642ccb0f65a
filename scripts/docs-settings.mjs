#!/usr/bin/env node
// Writes the table of `cognate serve` settings into README.md from src/commands/settings.ts (compiled
// to dist/ first by `npm run docs:settings`). test/cli/settings-docs.test.ts fails while they differ.
import { readFileSync, writeFileSync } from 'node:fs';
import { withReadmeSettings } from '../dist/src/commands/settings.js';

const path = new URL('../README.md', import.meta.url);
const before = readFileSync(path, 'utf8');
const after = withReadmeSettings(before);
if (after !== before) writeFileSync(path, after);
console.log(after === before ? 'README.md: serve settings already up to date' : 'README.md: serve settings updated');
