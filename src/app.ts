import { parseCredentialList, SigV4Verifier } from './protocol/sigv4.js';
import { SystemClock, type Clock } from './clock.js';
import { DEFAULTS } from './defaults.js';
import { ExpiredRowSweeper, type Scheduler } from './domain/expiry.js';
import { Outbox } from './domain/outbox.js';
import { ScryptHasher } from './domain/passwords.js';
import type { CodeEncryptor, Services } from './services.js';
import { buildRegistry } from './operations/registry.js';
import { HttpHost, type HttpServer } from './http/server.js';
import { AwsJsonFront } from './protocol/server.js';
import { CryptoRandom, type Random } from './random.js';
import type { FunctionInvoker } from './lambda/invoker.js';
import { LocalFunctions } from './lambda/local.js';
import { InvokeApiFunctions } from './lambda/remote.js';
import { KmsCodeEncryptor } from './aws/kms-encryption.js';
import { PostgresStore } from './store/postgres/store.js';
import { SqliteStore } from './store/sqlite/store.js';
import type { PoolKeyRecord, Store } from './store/store.js';
import { TokenService } from './tokens/tokens.js';

/** Everything `cognate serve` can be told. */
export interface ServerConfig {
  host: string;
  port: number;
  dataDir: string;
  region: string;
  issuerStyle: 'local' | 'cognito';
  /** The base URL tokens name as issuer in `local` style; defaults to the address the server listens on. */
  publicUrl?: string;
  passwordHashCost: number;
  maxBodyBytes: number;
  /** Deadline for a request's header, in milliseconds. */
  headersTimeoutMs: number;
  /** Deadline for a whole request (header and body), in milliseconds; at least `headersTimeoutMs`. */
  requestTimeoutMs: number;
  /** Idle keep-alive connections close after this many milliseconds. */
  keepAliveTimeoutMs: number;
  /** How long `close()` lets requests in flight finish before it cuts their connections, in milliseconds. */
  shutdownGraceMs: number;
  mfaCodeSeconds: number;
  challengeSessionSeconds: number;
  maxChallengeAttempts: number;
  sqliteSynchronous: 'normal' | 'full';
  /** `sqlite` (embedded) or `postgres` (several instances on one database, at `databaseUrl`). */
  store: 'sqlite' | 'postgres';
  /** The PostgreSQL database (`postgres://user:password@host:port/database`); required with store `postgres`. */
  databaseUrl?: string;
  postgresMaxConnections: number;
  postgresConnectTimeoutMs: number;
  /** Whether to write one log line per request (`serve --quiet` turns it off; failures and the outbox still log). */
  logRequests: boolean;
  /** `AKID:SECRET[,…]`: when set, signed operations and reading the outbox must carry a valid SigV4 signature made with one of these. */
  adminCredentials?: string;
  /** The origin browsers may read the outbox from; null: none. */
  outboxCorsOrigin: string | null;
  /** Trigger functions are `DIR/NAME.mjs|.js|.cjs`, run in worker threads; exclusive with `lambdaEndpointUrl`. */
  lambdaDir?: string;
  /** Trigger functions are invoked through the Lambda Invoke API at this URL. */
  lambdaEndpointUrl?: string;
  /** The keys Invoke API calls are signed with (the server's AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY; `test`/`test` without them). */
  lambdaKeys?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** How long a trigger's function may run, in milliseconds. */
  lambdaTimeoutMs: number;
  /** The KMS endpoint the custom sender triggers' codes are encrypted with; absent: AWS KMS in the key's region. */
  kmsEndpointUrl?: string;
  /** The keys KMS calls are signed with (the server's AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY; `test`/`test` without them). */
  kmsKeys?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** How often expired sessions and codes are deleted while listening, in milliseconds; 0: never. */
  purgeIntervalMs: number;
}

/** The server's configuration when nothing is said: src/defaults.ts. */
export const DEFAULT_CONFIG: ServerConfig = { ...DEFAULTS };

/**
 * The configured store, not yet known to work: a PostgresStore connects and migrates in the background
 * and its first query waits for that. `cognate serve` opens it with `PostgresStore.open` instead, to
 * fail before it listens.
 */
function openStore(cfg: ServerConfig, log: (line: string) => void): Store {
  if (cfg.store === 'postgres') {
    if (!cfg.databaseUrl) throw new TypeError('store postgres needs a databaseUrl');
    return new PostgresStore({ url: cfg.databaseUrl, maxConnections: cfg.postgresMaxConnections, connectTimeoutMs: cfg.postgresConnectTimeoutMs });
  }
  return new SqliteStore({ dataDir: cfg.dataDir, synchronous: cfg.sqliteSynchronous, log });
}

/** A running (or ready to run) cognate service. */
export interface App {
  services: Services;
  store: Store;
  /** Deletes expired sessions and codes, every `purgeIntervalMs` once listening. */
  sweeper: ExpiredRowSweeper;
  /** The HTTP server (node:http), created but listening only after `listen()`. */
  server: HttpServer;
  /** Listens and resolves with the base URL. */
  listen(): Promise<string>;
  /**
   * Stops accepting connections, answers the requests in flight (cutting what is left after
   * `shutdownGraceMs`), then closes the store.
   */
  close(): Promise<void>;
}

/**
 * Wires store, tokens, operations, the AWS JSON protocol and the HTTP server together. Clock, randomness, store and log are
 * injectable for tests.
 */
export function createApp(
  config: Partial<ServerConfig> = {},
  deps: {
    clock?: Clock;
    random?: Random;
    store?: Store;
    log?: (line: string) => void;
    /** Makes each new pool's two RSA key pairs (default: fresh RSA-2048 pairs). */
    generateKeys?: (poolId: string) => Promise<PoolKeyRecord[]>;
    /** Runs trigger functions (default: from `lambdaDir` or `lambdaEndpointUrl`, else none). */
    functions?: FunctionInvoker;
    /** Encrypts codes for the custom sender triggers (default: KMS at `kmsEndpointUrl`). */
    encryptor?: CodeEncryptor;
    /** Runs the periodic purge of expired rows (default: an unref'd setInterval). */
    scheduler?: Scheduler;
  } = {},
): App {
  const cfg: ServerConfig = { ...DEFAULT_CONFIG, ...config };
  const clock = deps.clock ?? new SystemClock();
  const random = deps.random ?? new CryptoRandom();
  const log = deps.log ?? ((line: string) => process.stdout.write(`${new Date().toISOString()} ${line}\n`));
  const store = deps.store ?? openStore(cfg, log);
  const functions =
    deps.functions ??
    (cfg.lambdaDir
      ? new LocalFunctions({ dir: cfg.lambdaDir, log })
      : cfg.lambdaEndpointUrl
        ? new InvokeApiFunctions({ endpoint: cfg.lambdaEndpointUrl, keys: cfg.lambdaKeys ?? { accessKeyId: 'test', secretAccessKey: 'test' } })
        : undefined);
  let baseUrl = cfg.publicUrl ?? `http://${cfg.host}:${cfg.port}`;
  const issuerFor = (poolId: string): string => {
    if (cfg.issuerStyle === 'cognito') {
      const region = poolId.slice(0, poolId.indexOf('_'));
      return `https://cognito-idp.${region}.amazonaws.com/${poolId}`;
    }
    return `${baseUrl}/${poolId}`;
  };
  const services: Services = {
    store,
    clock,
    random,
    tokens: new TokenService(store, clock, random, issuerFor, deps.generateKeys),
    passwords: new ScryptHasher(random, cfg.passwordHashCost),
    outbox: new Outbox(store, clock, log),
    settings: {
      region: cfg.region,
      mfaCodeSeconds: cfg.mfaCodeSeconds,
      challengeSessionSeconds: cfg.challengeSessionSeconds,
      maxChallengeAttempts: cfg.maxChallengeAttempts,
      lambdaTimeoutMs: cfg.lambdaTimeoutMs,
      publicBaseUrl: () => baseUrl,
    },
    log,
    ...(functions ? { functions } : {}),
    encryptor:
      deps.encryptor ??
      new KmsCodeEncryptor({
        keys: cfg.kmsKeys ?? { accessKeyId: 'test', secretAccessKey: 'test' },
        ...(cfg.kmsEndpointUrl ? { endpoint: cfg.kmsEndpointUrl } : {}),
      }),
  };
  const http = new HttpHost({
    maxBodyBytes: cfg.maxBodyBytes,
    headersTimeoutMs: cfg.headersTimeoutMs,
    requestTimeoutMs: cfg.requestTimeoutMs,
    keepAliveTimeoutMs: cfg.keepAliveTimeoutMs,
  });
  const front = new AwsJsonFront(
    {
      services,
      operations: buildRegistry(),
      log,
      logRequests: cfg.logRequests,
      outboxCorsOrigin: cfg.outboxCorsOrigin,
      publicBaseUrl: () => baseUrl,
      ...(cfg.adminCredentials ? { sigv4: new SigV4Verifier(parseCredentialList(cfg.adminCredentials), () => clock.now()) } : {}),
    },
    http,
  );
  const server = http.createServer((req, res) => front.handle(req, res));
  const sweeper = new ExpiredRowSweeper(store, clock, log, cfg.purgeIntervalMs, deps.scheduler);
  return {
    services,
    store,
    sweeper,
    server,
    listen: async () => {
      const actual = await http.listen(cfg.port, cfg.host);
      if (!cfg.publicUrl) baseUrl = actual;
      sweeper.start();
      return actual;
    },
    close: async () => {
      await http.close(cfg.shutdownGraceMs);
      await sweeper.stop();
      await functions?.close();
      await store.close();
    },
  };
}
