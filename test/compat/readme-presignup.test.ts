/**
 * The README's one-minute trigger example, run as written: its handler file in a folder, `cognate serve
 * --lambda-dir` on that folder, and its shell block with the real `aws` CLI. Only the port differs.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { cleanEnv, REPO_ROOT, type ServeProcess, startServeProcess } from '../helpers/cognate-process.js';
import { skipWithoutAwsCli } from '../helpers/tools.js';

const HEADING = '#### In one minute: a PreSignUp that auto-confirms';

/** The fenced blocks of the README's section under `heading`, in order, with their languages. */
function blocksUnder(heading: string): { lang: string; body: string }[] {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf(heading);
  assert.ok(start >= 0, `README has "${heading}"`);
  const rest = readme.slice(start + heading.length);
  const end = rest.search(/\n#{2,4} /);
  const section = end < 0 ? rest : rest.slice(0, end);
  return [...section.matchAll(/```(\w+)\n([\s\S]*?)```/g)].map((m) => ({ lang: m[1]!, body: m[2]! }));
}

describe("the README's one-minute PreSignUp example", { skip: skipWithoutAwsCli }, () => {
  let dir: string;
  let server: ServeProcess;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cognate-minute-'));
    const [handler] = blocksUnder(HEADING).filter((b) => b.lang === 'js');
    const file = /^\/\/ (lambdas\/\S+\.mjs):/.exec(handler!.body)?.[1];
    assert.ok(file, 'the handler block names its file in its first line');
    mkdirSync(join(dir, 'lambdas'));
    writeFileSync(join(dir, file), handler!.body);
    server = await startServeProcess(['--port', '0', '--data-dir', join(dir, 'data'), '--lambda-dir', join(dir, 'lambdas')]);
  });
  after(async () => {
    server?.child.kill('SIGTERM');
    await server?.exited;
    rmSync(dir, { recursive: true, force: true });
  });

  it('confirms the user that signs up and verifies their email, as the README says', async () => {
    const script = blocksUnder(HEADING).filter((b) => b.lang === 'sh' && b.body.includes('sign-up'));
    assert.equal(script.length, 1);
    const body = script[0]!.body.replace('http://127.0.0.1:9229', server.url);
    assert.notEqual(body, script[0]!.body, 'the block addresses the default port');
    const env = cleanEnv({ AWS_CONFIG_FILE: join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials') });
    const out = await new Promise<string>((resolve, reject) => {
      execFile('bash', ['-euo', 'pipefail', '-c', body], { cwd: dir, env, timeout: 60_000 }, (err, stdout, stderr) =>
        err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout),
      );
    });
    assert.match(out, /"UserConfirmed": true/);
    assert.match(out, /^CONFIRMED\ttrue$/m);
    assert.match(server.stdout(), /SignUp 200/);
  });
});
