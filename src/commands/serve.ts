import { createApp, DEFAULT_CONFIG, type ServerConfig } from '../app.js';
import { describeDatabaseUrl, PostgresStore } from '../store/postgres.js';
import { parseCredentialList } from '../protocol/sigv4.js';
import { parseFlags, UsageError } from './flags.js';

const SPEC = {
  host: 'string', port: 'string', 'data-dir': 'string', region: 'string', 'issuer-style': 'string', 'public-url': 'string',
  sync: 'string', store: 'string', 'database-url': 'string', 'admin-credentials': 'string', 'outbox-cors-origin': 'string',
  quiet: 'boolean', help: 'boolean',
} as const;

const HELP = `usage: cognate serve [--host 127.0.0.1] [--port 9229] [--data-dir ./.cognate] [--region us-east-1]
                     [--issuer-style local|cognito] [--public-url URL] [--sync normal|full]
                     [--store sqlite|postgres] [--database-url postgres://USER:PASSWORD@HOST:PORT/DB]
                     [--admin-credentials ACCESS_KEY_ID:SECRET_ACCESS_KEY[,…]] [--outbox-cors-origin ORIGIN] [--quiet]

  --store postgres keeps the data in PostgreSQL at --database-url, so that several instances can serve
  one set of pools; give each the same --public-url (or --issuer-style cognito). Default: sqlite, in --data-dir.
  --admin-credentials makes the signed (administrative) operations, and reading the outbox
  (GET /_cognate/messages, cognate messages), check their SigV4 signature against these keys; without
  it any signature is accepted and the outbox is open to anyone who can reach the server, as local
  emulators do. --outbox-cors-origin lets browser pages from that one origin (https://host[:port], or *)
  read the outbox; by default no origin may.

environment: COGNATE_HOST, COGNATE_PORT, COGNATE_DATA_DIR, COGNATE_REGION, COGNATE_ISSUER_STYLE,
             COGNATE_PUBLIC_URL, COGNATE_SYNC, COGNATE_STORE, COGNATE_DATABASE_URL, COGNATE_ADMIN_CREDENTIALS,
             COGNATE_OUTBOX_CORS_ORIGIN
             (flags win over environment, environment over defaults)
`;

const ENV_KEYS = new Set([
  'COGNATE_HOST', 'COGNATE_PORT', 'COGNATE_DATA_DIR', 'COGNATE_REGION', 'COGNATE_ISSUER_STYLE', 'COGNATE_PUBLIC_URL', 'COGNATE_SYNC',
  'COGNATE_STORE', 'COGNATE_DATABASE_URL', 'COGNATE_ADMIN_CREDENTIALS', 'COGNATE_OUTBOX_CORS_ORIGIN',
]);
/**
 * Read by other cognate commands (`cognate messages`) and by the test suite (the PostgreSQL it tests
 * against); known, so one shell can export them and still run the server.
 */
const OTHER_COMMANDS_ENV_KEYS = new Set(['COGNATE_ENDPOINT_URL', 'COGNATE_TEST_DATABASE_URL']);

/** Resolves the server configuration: flags over environment over defaults; unknown keys are errors. */
export function resolveServeConfig(argv: string[], env: NodeJS.ProcessEnv): { config: ServerConfig; quiet: boolean; help: boolean } {
  const flags = parseFlags(argv, SPEC);
  for (const key of Object.keys(env)) {
    if (key.startsWith('COGNATE_') && !ENV_KEYS.has(key) && !OTHER_COMMANDS_ENV_KEYS.has(key)) throw new UsageError(`unknown environment variable ${key}`);
  }
  const pick = (flag: keyof typeof SPEC, envName: string): string | undefined => {
    const v = flags[flag];
    return typeof v === 'string' ? v : env[envName];
  };
  const config: ServerConfig = { ...DEFAULT_CONFIG };
  const host = pick('host', 'COGNATE_HOST');
  if (host) config.host = host;
  const port = pick('port', 'COGNATE_PORT');
  if (port !== undefined) {
    const n = Number(port);
    if (!Number.isInteger(n) || n < 0 || n > 65535) throw new UsageError(`invalid port: ${port}`);
    config.port = n;
  }
  const credentials = pick('admin-credentials', 'COGNATE_ADMIN_CREDENTIALS');
  if (credentials) {
    try {
      parseCredentialList(credentials);
    } catch (e) {
      throw new UsageError(`invalid --admin-credentials: ${(e as Error).message}`);
    }
    config.adminCredentials = credentials;
  }
  const corsOrigin = pick('outbox-cors-origin', 'COGNATE_OUTBOX_CORS_ORIGIN');
  if (corsOrigin) {
    let origin: string | null = null;
    try {
      origin = new URL(corsOrigin).origin;
    } catch {
      // reported below
    }
    if (corsOrigin !== '*' && origin !== corsOrigin) throw new UsageError(`invalid outbox CORS origin: ${corsOrigin} (an origin such as https://app.example.com, or *)`);
    config.outboxCorsOrigin = corsOrigin;
  }
  const dataDir = pick('data-dir', 'COGNATE_DATA_DIR');
  if (dataDir) config.dataDir = dataDir;
  const region = pick('region', 'COGNATE_REGION');
  if (region) {
    if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region)) throw new UsageError(`invalid region: ${region}`);
    config.region = region;
  }
  const style = pick('issuer-style', 'COGNATE_ISSUER_STYLE');
  if (style) {
    if (style !== 'local' && style !== 'cognito') throw new UsageError(`invalid issuer style: ${style} (local or cognito)`);
    config.issuerStyle = style;
  }
  const publicUrl = pick('public-url', 'COGNATE_PUBLIC_URL');
  if (publicUrl) config.publicUrl = publicUrl.replace(/\/+$/, '');
  const sync = pick('sync', 'COGNATE_SYNC');
  if (sync) {
    if (sync !== 'normal' && sync !== 'full') throw new UsageError(`invalid sync mode: ${sync} (normal or full)`);
    config.sqliteSynchronous = sync;
  }
  const store = pick('store', 'COGNATE_STORE');
  if (store) {
    if (store !== 'sqlite' && store !== 'postgres') throw new UsageError(`invalid store: ${store} (sqlite or postgres)`);
    config.store = store;
  }
  const databaseUrl = pick('database-url', 'COGNATE_DATABASE_URL');
  if (databaseUrl) {
    let protocol = '';
    try {
      protocol = new URL(databaseUrl).protocol;
    } catch {
      // reported below
    }
    if (protocol !== 'postgres:' && protocol !== 'postgresql:') {
      throw new UsageError('invalid database URL (postgres://USER:PASSWORD@HOST:PORT/DATABASE)');
    }
    config.databaseUrl = databaseUrl;
  }
  if (config.store === 'postgres' && !config.databaseUrl) throw new UsageError('--store postgres needs --database-url (or COGNATE_DATABASE_URL)');
  return { config, quiet: flags.quiet === true, help: flags.help === true };
}

/**
 * `cognate serve`: runs until SIGTERM or SIGINT, then shuts down gracefully: no new connections, idle
 * keep-alive connections closed, requests in flight answered (with `Connection: close`), connections
 * still open after `shutdownGraceMs` (10 s) cut, the store closed, exit 0.
 */
export async function runServe(argv: string[]): Promise<number> {
  let resolved;
  try {
    resolved = resolveServeConfig(argv, process.env);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`cognate serve: ${e.message}\n\n${HELP}`);
      return 252;
    }
    throw e;
  }
  if (resolved.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const cfg = resolved.config;
  // Opened (connected and migrated) before listening, so an unreachable database fails the start with
  // one line and exit 255 rather than every request with InternalErrorException.
  const store = cfg.store === 'postgres'
    ? await PostgresStore.open({ url: cfg.databaseUrl!, maxConnections: cfg.postgresMaxConnections, connectTimeoutMs: cfg.postgresConnectTimeoutMs })
    : undefined;
  const app = createApp({ ...cfg, logRequests: !resolved.quiet }, store ? { store } : {});
  let url: string;
  try {
    url = await app.listen();
  } catch (e) {
    await app.store.close();
    throw e;
  }
  const where = cfg.store === 'postgres' ? describeDatabaseUrl(cfg.databaseUrl!) : cfg.dataDir;
  process.stdout.write(`cognate listening on ${url} (data in ${where}, region ${cfg.region})\n`);
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      process.off('SIGTERM', onTerm);
      process.off('SIGINT', onInt);
      process.stdout.write(`cognate: ${signal}, shutting down\n`);
      // A backstop, should anything keep the process alive after the connections and the store are
      // closed; unref'd, so it never delays a clean exit. A second signal ends the process at once.
      setTimeout(() => {
        process.stderr.write(`cognate: still not stopped ${(cfg.shutdownGraceMs + SHUTDOWN_BACKSTOP_MS) / 1000} s after ${signal}; exiting\n`);
        process.exit(1);
      }, cfg.shutdownGraceMs + SHUTDOWN_BACKSTOP_MS).unref();
      resolve();
    };
    const onTerm = () => stop('SIGTERM');
    const onInt = () => stop('SIGINT');
    process.on('SIGTERM', onTerm);
    process.on('SIGINT', onInt);
  });
  // Stops accepting, answers what is in flight (cut after shutdownGraceMs), then closes the store.
  await app.close();
  return 0;
}

/** How long after the grace period the process may take to close its store before it exits anyway. */
const SHUTDOWN_BACKSTOP_MS = 5_000;
