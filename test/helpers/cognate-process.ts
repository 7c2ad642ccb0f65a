import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { fileURLToPath } from 'node:url';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';

/** The repository root (this file runs from dist/test/helpers/). */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** The `cognate` executable, as `npm start` and the README run it. */
export const COGNATE_BIN = fileURLToPath(new URL('../../../bin/cognate.js', import.meta.url));

/** The parent's environment without any COGNATE_* (an unknown one is an error) or node:test's own markers. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!k.startsWith('COGNATE_') && !k.startsWith('NODE_TEST')) env[k] = v;
  }
  return { ...env, ...extra };
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs `cognate ARGS` to completion (bounded by `timeoutMs`) and returns exit code and output. */
export async function runCognate(args: string[], env: Record<string, string> = {}, timeoutMs = 20_000): Promise<RunResult> {
  const child = spawn(process.execPath, [COGNATE_BIN, ...args], { cwd: REPO_ROOT, env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  const out = collect(child);
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const [code, signal] = (await once(child, 'close')) as [number | null, NodeJS.Signals | null];
  clearTimeout(timer);
  return { code, signal, stdout: out.stdout(), stderr: out.stderr() };
}

/** A `cognate serve` child process that announced its URL and answers GET /health. */
export interface ServeProcess {
  child: ChildProcess;
  url: string;
  stdout(): string;
  stderr(): string;
  /** Resolves when the process has exited (and its output is complete). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Spawns `cognate serve ARGS`, reads the URL from its "cognate listening on URL" line and waits until
 * GET /health answers 200. Fails if the process exits or is not ready within `timeoutMs`.
 */
export async function startServeProcess(args: string[], env: Record<string, string> = {}, timeoutMs = 15_000): Promise<ServeProcess> {
  const child = spawn(process.execPath, [COGNATE_BIN, 'serve', ...args], { cwd: REPO_ROOT, env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  const out = collect(child);
  const exited = once(child, 'close').then(([code, signal]) => ({ code: code as number | null, signal: signal as NodeJS.Signals | null }));
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  const deadline = Date.now() + timeoutMs;
  const fail = (why: string): never => {
    child.kill('SIGKILL');
    throw new Error(`cognate serve ${args.join(' ')}: ${why}\nstdout: ${out.stdout()}\nstderr: ${out.stderr()}`);
  };
  let url: string | undefined;
  while (Date.now() < deadline && !gone) {
    url ??= /cognate listening on (http:\/\/\S+)/.exec(out.stdout())?.[1];
    if (url) {
      const ok = await fetch(`${url}/health`).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ok) return { child, url, stdout: out.stdout, stderr: out.stderr, exited };
    }
    // Readiness poll of a child process, bounded by the deadline.
    await new Promise((r) => setTimeout(r, 25));
  }
  return fail(gone ? 'exited before it was ready' : `not ready within ${timeoutMs} ms`);
}

/** A TCP port that was free a moment ago (listen on 0, read it, close). */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as { port: number }).port;
  server.close();
  await once(server, 'close');
  return port;
}

function collect(child: ChildProcess): { stdout(): string; stderr(): string } {
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  return { stdout: () => stdout, stderr: () => stderr };
}

/** What useServeProcess gives a suite once its `before` hook has run. */
export interface ServedSuite {
  /** The server's base URL. */
  readonly url: string;
  /** An AWS SDK v3 client pointed at it (dummy credentials, us-east-1, no retries). */
  readonly sdk: CognitoIdentityProviderClient;
}

/**
 * For the suite it is called in: `cognate serve` (tokens in Cognito's issuer style) on a fresh data
 * directory named after `prefix`, started before the suite's tests and stopped, directory removed, after.
 */
export function useServeProcess(prefix: string): ServedSuite {
  let serve: ServeProcess | undefined;
  let sdk: CognitoIdentityProviderClient | undefined;
  let dataDir = '';
  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), prefix));
    serve = await startServeProcess(['--port', '0', '--data-dir', dataDir, '--issuer-style', 'cognito', '--quiet']);
    sdk = new CognitoIdentityProviderClient({
      endpoint: serve.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
      maxAttempts: 1,
    });
  });
  after(async () => {
    sdk?.destroy();
    if (serve) {
      serve.child.kill('SIGTERM');
      await serve.exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  });
  return {
    get url() {
      if (!serve) throw new Error("useServeProcess: the server starts in the suite's before hook");
      return serve.url;
    },
    get sdk() {
      if (!sdk) throw new Error("useServeProcess: the server starts in the suite's before hook");
      return sdk;
    },
  };
}
