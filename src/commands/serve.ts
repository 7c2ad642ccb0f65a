import { createApp } from '../app.js';
import { describeDatabaseUrl, PostgresStore } from '../store/postgres/store.js';
import { UsageError } from './flags.js';
import { resolveServeConfig, serveHelp } from './settings.js';

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
      process.stderr.write(`cognate serve: ${e.message}\n\n${serveHelp()}`);
      return 252;
    }
    throw e;
  }
  if (resolved.help) {
    process.stdout.write(serveHelp());
    return 0;
  }
  const cfg = resolved.config;
  // Opened (connected and migrated) before listening, so an unreachable database fails the start with
  // one line and exit 255 rather than every request with InternalErrorException.
  const store =
    cfg.store === 'postgres'
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
