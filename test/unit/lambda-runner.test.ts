/**
 * The two ways cognate runs a trigger's function: worker threads over a directory of handler files, and the
 * Lambda Invoke API. Real threads and a real HTTP endpoint; the only waits are the functions' own.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseFunctionArn } from '../../src/lambda/arn.js';
import { FunctionAnswerInvalid, FunctionFailed, FunctionNotFound, FunctionTimedOut, FunctionUnavailable } from '../../src/lambda/invoker.js';
import { LocalFunctions } from '../../src/lambda/local.js';
import { InvokeApiFunctions } from '../../src/lambda/remote.js';
import { signatureMatches } from '../helpers/invoke-endpoint.js';

const arn = (name: string) => {
  const ref = parseFunctionArn(`arn:aws:lambda:eu-west-1:123456789012:function:${name}`);
  assert.ok(ref);
  return ref;
};

describe('function ARNs', () => {
  it('a function ARN gives its region, account, name and qualifier', () => {
    assert.deepEqual(parseFunctionArn('arn:aws:lambda:us-east-1:123456789012:function:pre-sign_up:live'), {
      arn: 'arn:aws:lambda:us-east-1:123456789012:function:pre-sign_up:live',
      region: 'us-east-1',
      account: '123456789012',
      name: 'pre-sign_up',
      qualifier: 'live',
    });
  });

  it('a name that could leave the functions directory is not a function ARN', () => {
    for (const bad of [
      'arn:aws:lambda:us-east-1:123456789012:function:../etc/passwd',
      'arn:aws:lambda:us-east-1:123456789012:function:a/b',
      'arn:aws:lambda:us-east-1:123456789012:function:',
      'arn:aws:s3:::bucket',
      'arn:aws:lambda:us-east-1:123456789012:function:ok:bad/qualifier',
    ]) {
      assert.equal(parseFunctionArn(bad), null, bad);
    }
  });
});

describe('functions from a directory', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cognate-fns-'));
  const logs: string[] = [];
  let fns: LocalFunctions;
  const write = (file: string, text: string) => writeFileSync(join(dir, file), text);

  before(() => {
    write(
      'echo.mjs',
      `let calls = 0;
       export const handler = async (event, context) => {
         calls += 1;
         console.log('hello from', context.functionName);
         return { ...event, response: { calls, name: context.functionName, id: context.awsRequestId, left: context.getRemainingTimeInMillis(), arn: context.invokedFunctionArn } };
       };`,
    );
    write('callback.js', `export function handler(event, context, callback) { setTimeout(() => callback(null, { got: event.n * 2 }), 5); }`);
    write('common.cjs', `exports.handler = async (event) => ({ kind: 'cjs', n: event.n });`);
    write('throws.mjs', `export const handler = async () => { throw new TypeError('Invalid email domain.'); };`);
    write('callback-error.mjs', `export const handler = (event, context, callback) => callback(new Error('nope'));`);
    write('hangs.mjs', `export const handler = () => { for (;;) {} };`);
    write('exits.mjs', `export const handler = async () => { process.exit(3); };`);
    write(
      'slow.mjs',
      `import { threadId } from 'node:worker_threads'; export const handler = async () => { await new Promise((r) => setTimeout(r, 150)); return threadId; };`,
    );
    write('no-handler.mjs', `export const other = 1;`);
    write('broken.mjs', `export const handler = async () => {;`);
    write('circular.mjs', `export const handler = async () => { const a = {}; a.a = a; return a; };`);
    fns = new LocalFunctions({ dir, log: (l) => logs.push(l) });
  });

  after(() => fns.close());

  it('an async handler gets the event and a Lambda context, and its result comes back', async () => {
    const out = (await fns.invoke(arn('echo'), { triggerSource: 'PreSignUp_SignUp', response: {} }, { timeoutMs: 5000 })) as {
      triggerSource: string;
      response: { calls: number; name: string; id: string; left: number; arn: string };
    };
    assert.equal(out.triggerSource, 'PreSignUp_SignUp');
    assert.equal(out.response.name, 'echo');
    assert.equal(out.response.arn, 'arn:aws:lambda:eu-west-1:123456789012:function:echo');
    assert.match(out.response.id, /^[0-9a-f-]{36}$/);
    assert.ok(out.response.left > 0 && out.response.left <= 5000, String(out.response.left));
  });

  it('a function stays loaded between calls, as a warm Lambda does', async () => {
    const first = (await fns.invoke(arn('echo'), {}, { timeoutMs: 5000 })) as { response: { calls: number } };
    const second = (await fns.invoke(arn('echo'), {}, { timeoutMs: 5000 })) as { response: { calls: number } };
    assert.equal(second.response.calls, first.response.calls + 1);
  });

  it("a function's console output reaches the server log tagged with its name and request id", async () => {
    const out = (await fns.invoke(arn('echo'), {}, { timeoutMs: 5000 })) as { response: { id: string } };
    assert.ok(logs.includes(`[lambda echo] ${out.response.id}\tINFO\thello from echo`), logs.join('\n'));
  });

  it('callback-style and CommonJS handlers work', async () => {
    assert.deepEqual(await fns.invoke(arn('callback'), { n: 21 }, { timeoutMs: 5000 }), { got: 42 });
    assert.deepEqual(await fns.invoke(arn('common'), { n: 1 }, { timeoutMs: 5000 }), { kind: 'cjs', n: 1 });
  });

  it('a handler that throws or calls back with an error is a function failure with its message', async () => {
    await assert.rejects(fns.invoke(arn('throws'), {}, { timeoutMs: 5000 }), (e: unknown) => {
      assert.ok(e instanceof FunctionFailed);
      assert.equal(e.message, 'Invalid email domain.');
      assert.equal(e.errorType, 'TypeError');
      return true;
    });
    await assert.rejects(fns.invoke(arn('callback-error'), {}, { timeoutMs: 5000 }), { message: 'nope' });
  });

  it('a module without a handler, or one that does not parse, is a function failure', async () => {
    await assert.rejects(fns.invoke(arn('no-handler'), {}, { timeoutMs: 5000 }), (e: unknown) => e instanceof FunctionFailed && /handler/.test(e.message));
    await assert.rejects(fns.invoke(arn('broken'), {}, { timeoutMs: 5000 }), (e: unknown) => e instanceof FunctionFailed && e.errorType === 'SyntaxError');
  });

  it('a result that cannot be serialised is a function failure', async () => {
    await assert.rejects(
      fns.invoke(arn('circular'), {}, { timeoutMs: 5000 }),
      (e: unknown) => e instanceof FunctionFailed && e.errorType === 'Runtime.SerializationError',
    );
  });

  it('a missing function is reported as not found', async () => {
    await assert.rejects(fns.invoke(arn('nowhere'), {}, { timeoutMs: 5000 }), FunctionNotFound);
  });

  it('a function that never returns times out without blocking the server, and the next call gets a fresh instance', async () => {
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 10);
    try {
      await assert.rejects(fns.invoke(arn('hangs'), {}, { timeoutMs: 300 }), FunctionTimedOut);
    } finally {
      clearInterval(ticker);
    }
    assert.ok(ticks >= 10, `the event loop ran ${ticks} timer callbacks while the function spun`);
    assert.ok(
      logs.some((l) => /^\[lambda hangs\] .* Task timed out after 0\.30 seconds$/.test(l)),
      logs.join('\n'),
    );
    await assert.rejects(fns.invoke(arn('hangs'), {}, { timeoutMs: 200 }), FunctionTimedOut);
  });

  it('a function that exits its runtime is unavailable, and the next call starts it again', async () => {
    await assert.rejects(
      fns.invoke(arn('exits'), {}, { timeoutMs: 5000 }),
      (e: unknown) => e instanceof FunctionUnavailable && /exit status 3/.test(e.message),
    );
    await assert.rejects(fns.invoke(arn('exits'), {}, { timeoutMs: 5000 }), FunctionUnavailable);
  });

  it('concurrent calls of one function run in separate instances', async () => {
    const ids = await Promise.all([1, 2, 3].map(() => fns.invoke(arn('slow'), {}, { timeoutMs: 5000 })));
    assert.equal(new Set(ids).size, 3, JSON.stringify(ids));
  });

  it('calls beyond the instance limit wait their turn and all complete', async () => {
    const small = new LocalFunctions({ dir, log: () => {}, maxInstances: 2 });
    try {
      const ids = await Promise.all([1, 2, 3, 4, 5].map(() => small.invoke(arn('slow'), {}, { timeoutMs: 5000 })));
      assert.equal(ids.length, 5);
      assert.ok(new Set(ids).size <= 2, JSON.stringify(ids));
    } finally {
      await small.close();
    }
  });
});

describe('functions behind the Lambda Invoke API', () => {
  const keys = { accessKeyId: 'AKIDLAMBDA', secretAccessKey: 'lambda-secret' };
  let server: Server;
  let endpoint: string;
  const seen: Array<{ path: string; headers: IncomingMessage['headers']; body: string; signatureOk: boolean }> = [];
  let answer: (body: unknown, path: string) => { status: number; headers?: Record<string, string>; body: string; delayMs?: number };

  before(async () => {
    answer = (body) => ({ status: 200, body: JSON.stringify({ echoed: body }) });
    server = createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (c: string) => {
        body += c;
      });
      req.on('end', async () => {
        seen.push({ path: req.url ?? '', headers: req.headers, body, signatureOk: await signatureMatches(req, body, keys) });
        const a = answer(JSON.parse(body), req.url ?? '');
        const send = () => {
          res.writeHead(a.status, { 'content-type': 'application/json', ...a.headers });
          res.end(a.body);
        };
        if (a.delayMs) setTimeout(send, a.delayMs).unref();
        else send();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(() => {
    server.closeAllConnections();
    server.close();
  });

  it('each invocation is a SigV4-signed RequestResponse call for the ARN region, and its payload comes back', async () => {
    const fns = new InvokeApiFunctions({ endpoint, keys });
    const ref = parseFunctionArn('arn:aws:lambda:eu-west-1:123456789012:function:preSignUp:$LATEST');
    assert.ok(ref);
    assert.deepEqual(await fns.invoke(ref, { triggerSource: 'PreSignUp_SignUp' }, { timeoutMs: 5000 }), { echoed: { triggerSource: 'PreSignUp_SignUp' } });
    const call = seen.at(-1)!;
    assert.equal(call.path, '/2015-03-31/functions/preSignUp/invocations?Qualifier=%24LATEST');
    assert.equal(call.headers['x-amz-invocation-type'], 'RequestResponse');
    assert.match(String(call.headers.authorization), /^AWS4-HMAC-SHA256 Credential=AKIDLAMBDA\/\d{8}\/eu-west-1\/lambda\/aws4_request, /);
    assert.equal(call.signatureOk, true, 'the AWS SDK signer computes the same signature');
    const forged = new InvokeApiFunctions({ endpoint, keys: { ...keys, secretAccessKey: 'not-the-secret' } });
    await forged.invoke(ref, {}, { timeoutMs: 5000 });
    assert.equal(seen.at(-1)!.signatureOk, false, 'a request signed with another secret does not pass the check');
  });

  it("a function error from the endpoint is a function failure with the function's message", async () => {
    const fns = new InvokeApiFunctions({ endpoint, keys });
    answer = () => ({
      status: 200,
      headers: { 'x-amz-function-error': 'Unhandled' },
      body: JSON.stringify({ errorType: 'Error', errorMessage: 'Invalid email domain.' }),
    });
    await assert.rejects(fns.invoke(arn('f'), {}, { timeoutMs: 5000 }), (e: unknown) => e instanceof FunctionFailed && e.message === 'Invalid email domain.');
    answer = () => ({
      status: 200,
      headers: { 'x-amz-function-error': 'Unhandled' },
      body: JSON.stringify({ errorMessage: '2026-12-04T00:00:00.000Z abc Task timed out after 5.01 seconds' }),
    });
    await assert.rejects(fns.invoke(arn('f'), {}, { timeoutMs: 5000 }), FunctionTimedOut);
  });

  it('an unknown function, a refused call, an unreadable answer and a slow endpoint are each reported as such', async () => {
    const fns = new InvokeApiFunctions({ endpoint, keys });
    answer = () => ({ status: 404, body: JSON.stringify({ Type: 'User', message: 'Function not found' }) });
    await assert.rejects(fns.invoke(arn('f'), {}, { timeoutMs: 5000 }), FunctionNotFound);
    answer = () => ({ status: 403, body: '{"message":"The security token included in the request is invalid."}' });
    await assert.rejects(fns.invoke(arn('f'), {}, { timeoutMs: 5000 }), FunctionUnavailable);
    answer = () => ({ status: 200, body: 'not json' });
    await assert.rejects(fns.invoke(arn('f'), {}, { timeoutMs: 5000 }), FunctionAnswerInvalid);
    answer = () => ({ status: 200, body: '{}', delayMs: 2000 });
    await assert.rejects(fns.invoke(arn('f'), {}, { timeoutMs: 200 }), FunctionTimedOut);
    const nowhere = new InvokeApiFunctions({ endpoint: 'http://127.0.0.1:1', keys });
    await assert.rejects(nowhere.invoke(arn('f'), {}, { timeoutMs: 5000 }), FunctionUnavailable);
  });
});
