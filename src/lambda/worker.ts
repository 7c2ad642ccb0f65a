/**
 * The inside of one warm function instance: a worker thread that loads the handler module once and runs one
 * invocation at a time, as a Lambda execution environment does. The parent (local.ts) owns the deadline and
 * terminates this thread when it passes; the context's getRemainingTimeInMillis counts towards the same
 * deadline. Results cross as JSON text, as Lambda's do, so a handler sees no difference.
 */
import { format } from 'node:util';
import { parentPort, workerData } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';

interface Setup {
  file: string;
  functionName: string;
  functionArn: string;
  region: string;
}

interface Invocation {
  id: number;
  event: string;
  deadline: number;
  requestId: string;
}

type Handler = (event: unknown, context: unknown, callback?: (err?: unknown, result?: unknown) => void) => unknown;

const setup = workerData as Setup;
let currentRequestId = '';

// Lambda's Node.js runtime prefixes console output with the request id and level; the parent adds the function
// name. Console lines travel as messages, so they reach the log before the invocation's result does.
for (const [method, level] of [
  ['log', 'INFO'],
  ['info', 'INFO'],
  ['warn', 'WARN'],
  ['error', 'ERROR'],
  ['debug', 'DEBUG'],
  ['trace', 'TRACE'],
] as const) {
  console[method] = (...args: unknown[]) => {
    parentPort!.postMessage({ log: `${currentRequestId}\t${level}\t${format(...args)}` });
  };
}

let handler: Handler | undefined;

async function loadHandler(): Promise<Handler> {
  if (handler) return handler;
  const mod = (await import(pathToFileURL(setup.file).href)) as { handler?: unknown; default?: { handler?: unknown } };
  const h = mod.handler ?? mod.default?.handler;
  if (typeof h !== 'function') {
    throw Object.assign(new Error(`${setup.functionName}.handler is undefined or not exported`), { name: 'Runtime.HandlerNotFound' });
  }
  handler = h as Handler;
  return handler;
}

function describe(err: unknown): { errorType: string; errorMessage: string } {
  if (err instanceof Error) return { errorType: err.name || 'Error', errorMessage: err.message };
  if (typeof err === 'string') return { errorType: 'string', errorMessage: err };
  return { errorType: typeof err, errorMessage: String(err) };
}

/** Runs the handler the way Lambda's runtime does: a promise it returns, or the callback it calls, whichever settles first. */
function run(h: Handler, event: unknown, inv: Invocation): Promise<unknown> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const done = (err?: unknown, result?: unknown) => {
      if (settled) return;
      settled = true;
      if (err !== undefined && err !== null) reject(err);
      else resolve(result);
    };
    const context = {
      functionName: setup.functionName,
      functionVersion: '$LATEST',
      invokedFunctionArn: setup.functionArn,
      memoryLimitInMB: '128',
      awsRequestId: inv.requestId,
      logGroupName: `/aws/lambda/${setup.functionName}`,
      logStreamName: `cognate/${setup.functionName}`,
      callbackWaitsForEmptyEventLoop: true,
      getRemainingTimeInMillis: () => Math.max(0, inv.deadline - Date.now()),
      done,
      succeed: (result: unknown) => done(undefined, result),
      fail: (err: unknown) => done(err ?? new Error('handled')),
    };
    try {
      const out = h(event, context, done);
      if (out && typeof (out as Promise<unknown>).then === 'function') {
        (out as Promise<unknown>).then(
          (v) => done(undefined, v),
          (e) => done(e ?? new Error('rejected')),
        );
      } else if (h.length < 3 && out !== undefined) {
        done(undefined, out);
      } else if (h.length < 3) {
        done(undefined, undefined);
      }
    } catch (e) {
      done(e);
    }
  });
}

parentPort!.on('message', async (inv: Invocation) => {
  currentRequestId = inv.requestId;
  try {
    const h = await loadHandler();
    const result = await run(h, JSON.parse(inv.event), inv);
    let payload: string;
    try {
      payload = JSON.stringify(result ?? null);
    } catch (e) {
      parentPort!.postMessage({ id: inv.id, ok: false, errorType: 'Runtime.SerializationError', errorMessage: describe(e).errorMessage });
      return;
    }
    parentPort!.postMessage({ id: inv.id, ok: true, payload });
  } catch (e) {
    parentPort!.postMessage({ id: inv.id, ok: false, ...describe(e) });
  }
});
