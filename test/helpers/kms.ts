/**
 * A KMS on this machine for the custom sender tests: moto's server (`moto_server`), started on a free port
 * for one test file and stopped after it. Tests skip, saying why, where moto_server is not installed.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { KMS } from '@aws-crypto/client-node';
import { freePort } from './cognate-process.js';

/** The `skip` option for tests that need a local KMS: a reason when moto_server is not installed, else false. */
export const skipWithoutMoto: string | false = (() => {
  try {
    execFileSync('moto_server', ['--help'], { stdio: 'ignore', timeout: 30_000 });
    return false;
  } catch {
    return 'skipped: moto_server (pip install "moto[server]") not installed, and the custom sender tests need it as KMS';
  }
})();

/** The keys the tests sign KMS calls with; moto accepts any. */
export const KMS_KEYS = { accessKeyId: 'AKIDKMSTEST', secretAccessKey: 'kms-test-secret' };

export interface LocalKms {
  url: string;
  /** A KMS client pointed at it. */
  client: KMS;
  /** Creates a symmetric key and returns its ARN. */
  createKey(): Promise<string>;
  close(): Promise<void>;
}

/** Starts moto_server on a free port of 127.0.0.1 and waits until it answers. */
export async function startLocalKms(timeoutMs = 20_000): Promise<LocalKms> {
  const port = await freePort();
  const child: ChildProcess = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  let ready = false;
  while (!ready && Date.now() < deadline && child.exitCode === null) {
    ready = await fetch(`${url}/moto-api/`).then(
      (r) => r.status < 500,
      () => false,
    );
    // Readiness poll of a child process, bounded by the deadline.
    if (!ready) await new Promise((r) => setTimeout(r, 50));
  }
  if (!ready) {
    child.kill('SIGKILL');
    throw new Error(`moto_server did not start within ${timeoutMs} ms: ${stderr}`);
  }
  const client = new KMS({ endpoint: url, region: 'us-east-1', credentials: KMS_KEYS, maxAttempts: 1 });
  return {
    url,
    client,
    createKey: async () => (await client.createKey({ Description: 'cognate custom sender test' })).KeyMetadata!.Arn!,
    close: async () => {
      client.destroy();
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await once(child, 'close');
      }
    },
  };
}
