#!/usr/bin/env node
// Builds from a clean output directory, then runs the compiled tests with Node's built-in runner.
//
//   node scripts/run-tests.mjs            every test (npm test)
//   node scripts/run-tests.mjs --fast     unit, store and integration tests only (npm run test:fast)
//   node scripts/run-tests.mjs TEXT       only the test files whose path contains TEXT
//
// The build starts from an empty dist/, so a test file deleted from test/ cannot keep running from a
// compiled copy left behind by an earlier build.
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

/** What `--fast` runs: the folders whose tests need no spawned processes, real CLIs or fault injection. */
const FAST = ['dist/test/unit/', 'dist/test/store/', 'dist/test/integration/'];

function walk(dir) {
  let out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out = out.concat(walk(p));
    else if (name.endsWith('.test.js')) out.push(p);
  }
  return out;
}

const args = process.argv.slice(2);
const fast = args.includes('--fast');
const filter = args.find((a) => !a.startsWith('--'));

rmSync('dist', { recursive: true, force: true });
const tsc = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', '.'], { stdio: 'inherit' });
if (tsc.status !== 0) process.exit(tsc.status ?? 1);

const files = walk('dist/test')
  .filter((f) => !fast || FAST.some((prefix) => f.startsWith(prefix)))
  .filter((f) => !filter || f.includes(filter))
  .sort();
if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}
const r = spawnSync(process.execPath, ['--test', '--test-concurrency=2', ...files], { stdio: 'inherit' });
process.exit(r.status ?? 1);
