/** Reading what the test handlers in test/lambdas/ received: each logs its event as one JSON line. */
import { fileURLToPath } from 'node:url';

/** The directory of the compiled test handlers, for `lambdaDir`. */
export const LAMBDA_DIR = fileURLToPath(new URL('../lambdas/', import.meta.url));

/** An ARN naming one of the test handlers. */
export const fnArn = (name: string) => `arn:aws:lambda:us-east-1:123456789012:function:${name}`;

/** Every event the named function logged, oldest first. */
export function eventsOf<T = Record<string, unknown>>(logs: readonly string[], name: string): T[] {
  const prefix = `[lambda ${name}] `;
  const out: T[] = [];
  for (const line of logs) {
    if (!line.startsWith(prefix)) continue;
    const text = line.slice(prefix.length).split('\t')[2];
    if (text?.startsWith('{')) out.push(JSON.parse(text) as T);
  }
  return out;
}
