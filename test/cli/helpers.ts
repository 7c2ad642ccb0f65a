/** Test helpers for the command line: a capture server that records requests, and a spawned `cognate`. */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const COGNATE = fileURLToPath(new URL('../../../bin/cognate.js', import.meta.url));

export interface Captured {
  method: string;
  url: string;
  /** Header names and values in the order they were sent. */
  headers: Array<[string, string]>;
  body: string;
}

export interface Reply {
  status?: number;
  body?: string;
  headers?: Record<string, string>;
  delayMs?: number;
  /** Close the connection without answering. */
  hangUp?: boolean;
}

/** A local HTTP server answering each request from a queue (or a default reply), recording what it got. */
export class CaptureServer {
  readonly requests: Captured[] = [];
  private queue: Reply[] = [];
  private server: Server;
  url = '';
  defaultReply: Reply = { status: 200, body: '{}' };
  /** Chooses a reply by request (for example by the endpoint path a case uses); overrides the queue. */
  replyFor?: (c: Captured) => Reply | undefined;

  constructor() {
    this.server = createServer((req, res) => this.handle(req, res));
  }

  async start(): Promise<this> {
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    const addr = this.server.address() as { port: number };
    this.url = `http://127.0.0.1:${addr.port}`;
    return this;
  }

  /** Replies for the next requests, in order. */
  reply(...replies: Reply[]): void {
    this.queue.push(...replies);
  }

  reset(): void {
    this.requests.length = 0;
    this.queue = [];
    this.defaultReply = { status: 200, body: '{}' };
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const headers: Array<[string, string]> = [];
      for (let i = 0; i < req.rawHeaders.length; i += 2) headers.push([req.rawHeaders[i]!, req.rawHeaders[i + 1]!]);
      this.requests.push({ method: req.method ?? '', url: req.url ?? '', headers, body: Buffer.concat(chunks).toString('utf8') });
      const r = this.replyFor?.(this.requests.at(-1)!) ?? this.queue.shift() ?? this.defaultReply;
      const answer = () => {
        if (r.hangUp) {
          req.socket.destroy();
          return;
        }
        res.writeHead(r.status ?? 200, {
          'Content-Type': 'application/x-amz-json-1.1',
          'x-amzn-RequestId': '11111111-2222-3333-4444-555555555555',
          ...(r.headers ?? {}),
        });
        res.end(r.body ?? '{}');
      };
      if (r.delayMs) setTimeout(answer, r.delayMs);
      else answer();
    });
  }
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A fresh case directory with an empty HOME, like the reference's capture environment. */
export function caseDir(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'cognate-cli-'));
  mkdirSync(join(dir, 'home', '.aws'), { recursive: true });
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

/** The reference's environment: only PATH, HOME, LANG, the config file paths, test credentials and region. */
export function baseEnv(dir: string, extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: join(dir, 'home'),
    LANG: 'C.UTF-8',
    AWS_CONFIG_FILE: join(dir, 'home', '.aws', 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'home', '.aws', 'credentials'),
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_EC2_METADATA_DISABLED: 'true',
    TZ: 'UTC',
  };
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

/** Runs a command to completion with stdin closed, stdout and stderr pipes. */
export async function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, timeoutMs = 30_000): Promise<CliResult> {
  const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (d: Buffer) => out.push(d));
  child.stderr.on('data', (d: Buffer) => err.push(d));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const [code] = (await once(child, 'close')) as [number | null];
  clearTimeout(timer);
  return { code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}

export function cognate(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<CliResult> {
  return run(process.execPath, [COGNATE, ...args], cwd, env);
}

/** The v2 usage-error text with `cognate` for `aws`. */
export function usage(line: string): string {
  return `\nusage: cognate [options] <command> <subcommand> [<subcommand> ...] [parameters]\nTo see help text, you can run:\n\n  cognate help\n  cognate <command> help\n  cognate <command> <subcommand> help\n\n${line}\n\n`;
}

export const GET_USER_BODY =
  '{"Username": "alice", "UserAttributes": [{"Name": "sub", "Value": "9f8e7d6c-5b4a-4321-8765-0123456789ab"}, {"Name": "email_verified", "Value": "true"}, {"Name": "phone_number", "Value": "+15555550100"}, {"Name": "email", "Value": "alice@example.com"}], "MFAOptions": [{"DeliveryMedium": "SMS", "AttributeName": "phone_number"}], "PreferredMfaSetting": "SMS_MFA", "UserMFASettingList": ["SMS_MFA"]}';
