import { execFileSync } from 'node:child_process';

/** Whether a command runs at all (exit status aside). */
function runs(command: string, args: string[]): boolean {
  try {
    execFileSync(command, args, { stdio: 'ignore', timeout: 30_000 });
    return true;
  } catch (e) {
    return typeof (e as { status?: unknown }).status === 'number';
  }
}

/** The `skip` option for tests that drive the real AWS CLI: a reason when `aws` is not installed, else false. */
export const skipWithoutAwsCli: string | false = runs('aws', ['--version']) ? false : 'skipped: aws CLI not installed';

/** The `skip` option for tests that drive boto3: a reason when python3 cannot import boto3, else false. */
export const skipWithoutBoto3: string | false = runs('python3', ['-c', 'import boto3']) ? false : 'skipped: boto3 (python3) not installed';
