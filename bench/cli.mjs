#!/usr/bin/env node
// Median wall time of `cognate cognito-idp set-user-settings …` against `aws cognito-idp set-user-settings …`,
// both against the same local server in one run, and their ratio (target: cognate <= 0.2 x aws).
// Usage: npm run bench:cli [-- RUNS]   (default 15 runs each, interleaved)
import { execFileSync, spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const runs = Number(process.argv[2] ?? 15);
const cognateBin = fileURLToPath(new URL('../bin/cognate.js', import.meta.url));

const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'Content-Type': 'application/x-amz-json-1.1', 'x-amzn-RequestId': '11111111-2222-3333-4444-555555555555' });
    res.end('{}');
  });
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const url = `http://127.0.0.1:${server.address().port}`;
const home = mkdtempSync(join(tmpdir(), 'cognate-bench-'));
const env = {
  PATH: process.env.PATH,
  HOME: home,
  LANG: 'C.UTF-8',
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
  AWS_DEFAULT_REGION: 'us-east-1',
  AWS_EC2_METADATA_DISABLED: 'true',
};
const args = [
  'cognito-idp',
  'set-user-settings',
  '--access-token',
  'TOKEN123',
  '--mfa-options',
  'DeliveryMedium=SMS,AttributeName=phone_number',
  '--endpoint-url',
  url,
];

let haveAws = true;
try {
  execFileSync('aws', ['--version'], { stdio: 'ignore', env });
} catch {
  haveAws = false;
}

// the server runs in this process, so the children must run asynchronously
function time(cmd, argv) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(cmd, argv, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      if (code !== 0) reject(new Error(`${cmd} exited ${code}: ${err}`));
      else resolve(ms);
    });
  });
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const cognateTimes = [];
const awsTimes = [];
await time(process.execPath, [cognateBin, ...args]); // warm the file system cache
if (haveAws) await time('aws', args);
for (let i = 0; i < runs; i++) {
  cognateTimes.push(await time(process.execPath, [cognateBin, ...args]));
  if (haveAws) awsTimes.push(await time('aws', args));
}
server.close();

const c = median(cognateTimes);
console.log(`cognate cognito-idp set-user-settings: median ${c.toFixed(1)} ms over ${runs} runs`);
if (haveAws) {
  const a = median(awsTimes);
  console.log(`aws     cognito-idp set-user-settings: median ${a.toFixed(1)} ms over ${runs} runs`);
  const ratio = c / a;
  console.log(`ratio cognate/aws: ${ratio.toFixed(3)} (target <= 0.2: ${ratio <= 0.2 ? 'met' : 'NOT met'})`);
} else {
  console.log('aws is not installed: no ratio');
}
