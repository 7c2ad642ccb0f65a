import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { createApp, type App, type ServerConfig } from '../../src/app.js';
import { FakeClock } from '../../src/clock.js';
import type { Scheduler } from '../../src/domain/expiry.js';
import { SqliteStore } from '../../src/store/sqlite/store.js';
import type { PoolKeyRecord, Store } from '../../src/store/store.js';
import { generatePoolKeys } from '../../src/tokens/tokens.js';

/** A cognate server on a free port with an in-memory store, a fake clock, cheap password hashing and (unless asked otherwise) recycled pool keys. */
export interface TestServer {
  app: App;
  url: string;
  clock: FakeClock;
  /** Log lines the server wrote. */
  logs: string[];
  /** An AWS SDK v3 client pointed at the server (dummy credentials, us-east-1). */
  sdk: CognitoIdentityProviderClient;
  close(): Promise<void>;
}

/** How a test server is built beyond its configuration. */
export interface TestServerOptions {
  /** Fresh RSA keys for every pool (slow); by default pools share a few keys generated once per process. */
  freshKeys?: boolean;
  /** A store to use instead of a new in-memory SQLite store (fault injection, PostgreSQL). */
  store?: Store;
  /** A clock to share with other servers (several instances behind one load balancer); default: a new FakeClock at now. */
  clock?: FakeClock;
  /** Runs the periodic purge of expired rows instead of a timer. */
  scheduler?: Scheduler;
}

let sharedKeys: Promise<PoolKeyRecord[]> | null = null;
let poolsMade = 0;

/**
 * Key pairs for a new pool taken from four pairs generated once per test process. RSA generation is
 * most of CreateUserPool's cost and most tests do not care which key signs; each pool still signs
 * access and ID tokens with different keys.
 */
async function recycledPoolKeys(poolId: string): Promise<PoolKeyRecord[]> {
  sharedKeys ??= Promise.all([generatePoolKeys('shared'), generatePoolKeys('shared')]).then((sets) => sets.flat());
  const pairs = await sharedKeys;
  const k = poolsMade++;
  return [
    { ...pairs[k % pairs.length]!, poolId, use: 'access' },
    { ...pairs[(k + 1) % pairs.length]!, poolId, use: 'id' },
  ];
}

export async function startServer(config: Partial<ServerConfig> = {}, options: TestServerOptions = {}): Promise<TestServer> {
  const clock = options.clock ?? new FakeClock(new Date());
  const logs: string[] = [];
  const dataDir = config.dataDir ?? ':memory:';
  const store = options.store ?? new SqliteStore({ dataDir });
  const app = createApp(
    { port: 0, passwordHashCost: 1024, ...config, dataDir },
    {
      clock,
      store,
      log: (l) => logs.push(l),
      ...(options.freshKeys ? {} : { generateKeys: recycledPoolKeys }),
      ...(options.scheduler ? { scheduler: options.scheduler } : {}),
    },
  );
  const url = await app.listen();
  const sdk = new CognitoIdentityProviderClient({
    endpoint: url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    maxAttempts: 1,
  });
  return {
    app,
    url,
    clock,
    logs,
    sdk,
    close: async () => {
      sdk.destroy();
      await app.close();
    },
  };
}

/** Sends a raw AWS JSON 1.1 request and returns status, headers and parsed body. */
export async function rawCall(
  url: string,
  operation: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; body: any }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-amz-json-1.1',
      'X-Amz-Target': `AWSCognitoIdentityProviderService.${operation}`,
      ...headers,
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
}
