/** Every documented default, in one place. Flags override environment, which overrides these. */
export const DEFAULTS = {
  host: '127.0.0.1',
  port: 9229,
  dataDir: './.cognate',
  region: 'us-east-1',
  /** `local`: iss = http://host:port/poolId (tokens verify against this server); `cognito`: iss = https://cognito-idp.{region}.amazonaws.com/poolId. */
  issuerStyle: 'local' as 'local' | 'cognito',
  /** scrypt cost (N). */
  passwordHashCost: 16384,
  /** Largest request body accepted, in bytes. */
  maxBodyBytes: 1024 * 1024,
  /** How long a client may take to send a request's header, in milliseconds (then 408 and the connection closes). */
  headersTimeoutMs: 30_000,
  /** How long a client may take to send a whole request, header and body, in milliseconds (then 408): a body trickled byte by byte pins no memory for longer. */
  requestTimeoutMs: 60_000,
  /** How long an idle keep-alive connection stays open, in milliseconds (longer than the 60 s that load balancers commonly keep idle connections). */
  keepAliveTimeoutMs: 65_000,
  /** On SIGTERM/SIGINT, how long requests in flight may take to be answered before the remaining connections are cut, in milliseconds. */
  shutdownGraceMs: 10_000,
  /** How long an SMS/email MFA code and its session stay valid, in seconds (Cognito: 3 minutes). */
  mfaCodeSeconds: 180,
  /** How long a challenge session without a code (NEW_PASSWORD_REQUIRED) lives, in seconds. */
  challengeSessionSeconds: 180,
  /** Wrong answers to one challenge session before it is thrown away. */
  maxChallengeAttempts: 5,
  /** Where data lives: `sqlite` (embedded, one process) or `postgres` (several instances on one database; needs a database URL, which has no default). */
  store: 'sqlite' as 'sqlite' | 'postgres',
  /** Connections each instance may hold open to PostgreSQL. */
  postgresMaxConnections: 10,
  /** How long to wait for a PostgreSQL connection before failing, in milliseconds. */
  postgresConnectTimeoutMs: 10_000,
  /** SQLite durability: `normal` survives kill -9, `full` also survives power loss. */
  sqliteSynchronous: 'normal' as 'normal' | 'full',
  /** One log line per request. */
  logRequests: true,
  /** The origin browsers may read the outbox (`GET /_cognate/messages`) from; `null`: none (no Access-Control-Allow-Origin on it). */
  outboxCorsOrigin: null as string | null,
  /** How long a trigger's function may run, in milliseconds (Cognito's limit, which AWS does not let you change). */
  lambdaTimeoutMs: 5000,
  /** How often expired challenge sessions, authorization codes and hosted-page sessions are deleted, in milliseconds (0: never). */
  purgeIntervalMs: 60_000,
} as const;
