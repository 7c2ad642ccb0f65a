/**
 * Functions from a directory, run as warm Lambda instances would be: `DIR/NAME.mjs`, `.js` or `.cjs`, exporting
 * `handler(event, context)`. Each instance is a worker thread that keeps its module loaded between calls and
 * runs one invocation at a time; a busy function gets another instance, up to `maxInstances`, then callers
 * wait in line. The server's event loop never runs function code, so a function that loops forever costs
 * its own thread until the deadline, when the instance is terminated and the caller told it timed out.
 * Console output goes to the server log, one line at a time, tagged with the function name.
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { FunctionRef } from './arn.js';
import { FunctionFailed, FunctionNotFound, type FunctionInvoker, FunctionTimedOut, FunctionUnavailable, type InvokeOptions } from './invoker.js';

const EXTENSIONS = ['.mjs', '.js', '.cjs'];

interface Instance {
  worker: Worker;
  pending?: { id: number; settle: (outcome: Outcome) => void };
}

type Outcome = { ok: true; payload: string } | { ok: false; errorType: string; errorMessage: string } | { lost: string };

interface Pool {
  fn: FunctionRef;
  file: string;
  idle: Instance[];
  all: Set<Instance>;
  waiting: Array<(i: Instance) => void>;
}

export interface LocalFunctionsOptions {
  dir: string;
  log: (line: string) => void;
  /** Instances per function at most; further calls wait for one to be free. */
  maxInstances?: number;
  /** Heap limit of one instance, in MB, so a runaway function cannot take the server's memory. */
  maxHeapMb?: number;
}

export class LocalFunctions implements FunctionInvoker {
  private readonly dir: string;
  private readonly pools = new Map<string, Pool>();
  private nextId = 1;
  private closed = false;

  constructor(private readonly options: LocalFunctionsOptions) {
    this.dir = resolve(options.dir);
  }

  /** The module file of a function, or null when the directory has none. */
  private fileOf(name: string): string | null {
    for (const ext of EXTENSIONS) {
      const file = join(this.dir, name + ext);
      if (existsSync(file)) return file;
    }
    return null;
  }

  async invoke(fn: FunctionRef, event: unknown, options: InvokeOptions): Promise<unknown> {
    if (this.closed) throw new FunctionUnavailable('The function runner is shut down.');
    const pool = this.poolOf(fn);
    const instance = await this.acquire(pool);
    const requestId = randomUUID();
    const deadline = Date.now() + options.timeoutMs;
    const id = this.nextId++;
    const outcome = await new Promise<Outcome>((settle) => {
      const timer = setTimeout(() => settle({ lost: 'timeout' }), options.timeoutMs);
      timer.unref();
      instance.pending = {
        id,
        settle: (o) => {
          clearTimeout(timer);
          settle(o);
        },
      };
      instance.worker.postMessage({ id, event: JSON.stringify(event), deadline, requestId });
    });
    instance.pending = undefined;
    if ('lost' in outcome) {
      // The instance is in an unknown state (still running, or gone): never reuse it.
      this.discard(pool, instance);
      if (outcome.lost === 'timeout') {
        this.options.log(`[lambda ${fn.name}] ${requestId} Task timed out after ${(options.timeoutMs / 1000).toFixed(2)} seconds`);
        throw new FunctionTimedOut(`${fn.name} timed out after ${options.timeoutMs} ms`);
      }
      throw new FunctionUnavailable(outcome.lost);
    }
    this.release(pool, instance);
    if (!outcome.ok) {
      this.options.log(`[lambda ${fn.name}] ${requestId} ${outcome.errorType}: ${outcome.errorMessage}`);
      throw new FunctionFailed(outcome.errorMessage, outcome.errorType);
    }
    return JSON.parse(outcome.payload) as unknown;
  }

  private poolOf(fn: FunctionRef): Pool {
    let pool = this.pools.get(fn.name);
    // A file added after a failed call is found on the next one; a removed file ends its instances when they fail.
    if (!pool) {
      const file = this.fileOf(fn.name);
      if (!file) throw new FunctionNotFound(`Function not found: ${fn.arn}`);
      pool = { fn, file, idle: [], all: new Set(), waiting: [] };
      this.pools.set(fn.name, pool);
    }
    return pool;
  }

  private acquire(pool: Pool): Promise<Instance> {
    const idle = pool.idle.pop();
    if (idle) {
      idle.worker.ref();
      return Promise.resolve(idle);
    }
    if (pool.all.size < (this.options.maxInstances ?? 8)) return Promise.resolve(this.start(pool));
    return new Promise((resolve) => pool.waiting.push(resolve));
  }

  private release(pool: Pool, instance: Instance): void {
    const next = pool.waiting.shift();
    if (next) next(instance);
    else {
      instance.worker.unref();
      pool.idle.push(instance);
    }
  }

  private discard(pool: Pool, instance: Instance): void {
    pool.all.delete(instance);
    pool.idle = pool.idle.filter((i) => i !== instance);
    void instance.worker.terminate();
    // Someone waiting for an instance gets a fresh one in its place.
    const next = pool.waiting.shift();
    if (next && !this.closed) next(this.start(pool));
  }

  private start(pool: Pool): Instance {
    const fn = pool.fn;
    const worker = new Worker(new URL('./worker.js', import.meta.url), {
      workerData: { file: pool.file, functionName: fn.name, functionArn: fn.arn, region: fn.region },
      env: {
        ...process.env,
        AWS_LAMBDA_FUNCTION_NAME: fn.name,
        AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
        AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '128',
        AWS_REGION: fn.region || process.env.AWS_REGION || 'us-east-1',
      },
      stdout: true,
      stderr: true,
      resourceLimits: { maxOldGenerationSizeMb: this.options.maxHeapMb ?? 256 },
    });
    const instance: Instance = { worker };
    pool.all.add(instance);
    this.tagOutput(fn.name, worker);
    worker.on('message', (m: ({ id: number } & Outcome) | { log: string }) => {
      if ('log' in m) this.options.log(`[lambda ${fn.name}] ${m.log}`);
      else if (instance.pending && instance.pending.id === m.id) instance.pending.settle(m);
    });
    const lost = (why: string) => {
      pool.all.delete(instance);
      pool.idle = pool.idle.filter((i) => i !== instance);
      instance.pending?.settle({ lost: why });
    };
    worker.on('error', (e) => lost(`Runtime error: ${e instanceof Error ? e.message : String(e)}`));
    worker.on('exit', (code) => lost(`Runtime exited with error: exit status ${code}`));
    return instance;
  }

  private tagOutput(name: string, worker: Worker): void {
    for (const stream of [worker.stdout, worker.stderr]) {
      let buffered = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        buffered += chunk;
        let nl = buffered.indexOf('\n');
        while (nl >= 0) {
          this.options.log(`[lambda ${name}] ${buffered.slice(0, nl)}`);
          buffered = buffered.slice(nl + 1);
          nl = buffered.indexOf('\n');
        }
      });
      stream.on('end', () => {
        if (buffered) this.options.log(`[lambda ${name}] ${buffered}`);
      });
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const all = [...this.pools.values()].flatMap((p) => [...p.all]);
    this.pools.clear();
    await Promise.all(all.map((i) => i.worker.terminate()));
  }
}
