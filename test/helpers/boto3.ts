/** Runs a Python boto3 driver script against a server, isolated from the machine's AWS configuration. */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startServer, type TestServer } from './server.js';

/** Runs `python3 DRIVER URL` with an empty AWS config and no AWS_* variables, and parses the JSON it prints. */
export async function runBoto3Driver(driver: string, url: string): Promise<Record<string, any>> {
  const configDir = mkdtempSync(join(tmpdir(), 'cognate-boto3-'));
  try {
    writeFileSync(join(configDir, 'config'), '');
    const env: NodeJS.ProcessEnv = {};
    for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('AWS_')) env[k] = v;
    Object.assign(env, {
      AWS_CONFIG_FILE: join(configDir, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: join(configDir, 'config'),
      AWS_EC2_METADATA_DISABLED: 'true',
    });
    const stdout = await new Promise<string>((resolve, reject) => {
      execFile('python3', [driver, url], { env, timeout: 60_000 }, (err, out, stderr) => {
        if (err) reject(new Error(`python3 ${driver} failed (${err.code}):\n${stderr}`));
        else resolve(out);
      });
    });
    return JSON.parse(stdout) as Record<string, any>;
  } finally {
    rmSync(configDir, { recursive: true, force: true });
  }
}

/**
 * For a suite over one driver in test/compat/ (given by file name): before the suite, starts a server, runs
 * the driver against it and hands the summary (and the server, for its logs) to `receive`; after, closes it.
 */
export function useBoto3Driver(driverFile: string, receive: (summary: Record<string, any>, server: TestServer) => void): void {
  // The drivers are plain Python, kept in test/compat/ (this file runs from dist/test/helpers/).
  const driver = fileURLToPath(new URL(`../../../test/compat/${driverFile}`, import.meta.url));
  let server: TestServer | undefined;
  before(async () => {
    server = await startServer();
    receive(await runBoto3Driver(driver, server.url), server);
  });
  after(() => server?.close());
}
