/**
 * The settings of `cognate serve`, declared once: flag, environment variable, default, meaning and how
 * a value is checked and applied. `resolveServeConfig`, the `--help` text and the README's table of
 * settings (`npm run docs:settings`; test/cli/settings-docs.test.ts fails when README.md differs) are
 * all made from this table. The defaults themselves stay in src/defaults.ts.
 */
import { statSync } from 'node:fs';
import { DEFAULT_CONFIG, type ServerConfig } from '../app.js';
import { DEFAULTS } from '../defaults.js';
import { parseCredentialList } from '../protocol/sigv4.js';
import { parseFlags, UsageError, type FlagSpec } from './flags.js';

/** One setting of `cognate serve`. */
export interface ServeSetting {
  /** The flag, without `--`. */
  flag: string;
  /** The environment variable that sets it when the flag is absent. */
  env?: string;
  /** What the usage line shows after the flag (`--port 9229`, `--sync normal|full`); none for a switch. */
  arg?: string;
  /** The default, as the README states it. */
  default: string;
  /** What it means, for the README (Markdown). */
  meaning: string;
  /** Starts a new line of the usage text (the usage is laid out by hand, so that it reads well). */
  usageBreak?: boolean;
  /** Also applied when the value is empty (otherwise an empty value leaves the default). */
  parseEmpty?: boolean;
  /** Checks a value and sets it in the configuration; throws UsageError on a bad value. Absent for a switch. */
  apply?: (config: ServerConfig, value: string) => void;
}

const code = (v: unknown) => `\`${String(v)}\``;

/** In the order of the usage text and the README table; values are checked in this order too. */
export const SERVE_SETTINGS: readonly ServeSetting[] = [
  {
    flag: 'host',
    env: 'COGNATE_HOST',
    arg: DEFAULTS.host,
    default: code(DEFAULTS.host),
    meaning: 'address to listen on',
    apply: (c, v) => {
      c.host = v;
    },
  },
  {
    flag: 'port',
    env: 'COGNATE_PORT',
    arg: String(DEFAULTS.port),
    default: code(DEFAULTS.port),
    meaning: 'port (0 picks a free one)',
    parseEmpty: true,
    apply: (c, v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0 || n > 65535) throw new UsageError(`invalid port: ${v}`);
      c.port = n;
    },
  },
  {
    flag: 'data-dir',
    env: 'COGNATE_DATA_DIR',
    arg: DEFAULTS.dataDir,
    default: code(DEFAULTS.dataDir),
    meaning: 'where the SQLite database lives',
    apply: (c, v) => {
      c.dataDir = v;
    },
  },
  {
    flag: 'region',
    env: 'COGNATE_REGION',
    arg: DEFAULTS.region,
    default: code(DEFAULTS.region),
    meaning: 'region in pool ids and ARNs',
    apply: (c, v) => {
      if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(v)) throw new UsageError(`invalid region: ${v}`);
      c.region = v;
    },
  },
  {
    flag: 'issuer-style',
    env: 'COGNATE_ISSUER_STYLE',
    arg: 'local|cognito',
    default: code(DEFAULTS.issuerStyle),
    usageBreak: true,
    meaning: '`local`: `iss` is `http://host:port/POOL_ID`; `cognito`: `https://cognito-idp.REGION.amazonaws.com/POOL_ID`',
    apply: (c, v) => {
      if (v !== 'local' && v !== 'cognito') throw new UsageError(`invalid issuer style: ${v} (local or cognito)`);
      c.issuerStyle = v;
    },
  },
  {
    flag: 'public-url',
    env: 'COGNATE_PUBLIC_URL',
    arg: 'URL',
    default: 'the listening address',
    meaning: 'base URL used in `local` issuers',
    apply: (c, v) => {
      c.publicUrl = v.replace(/\/+$/, '');
    },
  },
  {
    flag: 'sync',
    env: 'COGNATE_SYNC',
    arg: 'normal|full',
    default: code(DEFAULTS.sqliteSynchronous),
    meaning: '`normal`: every acknowledged write survives a killed server; `full`: also a power cut (slower writes)',
    apply: (c, v) => {
      if (v !== 'normal' && v !== 'full') throw new UsageError(`invalid sync mode: ${v} (normal or full)`);
      c.sqliteSynchronous = v;
    },
  },
  {
    flag: 'store',
    env: 'COGNATE_STORE',
    arg: 'sqlite|postgres',
    default: code(DEFAULTS.store),
    usageBreak: true,
    meaning: '`sqlite`: one process, data in `--data-dir`; `postgres`: data in PostgreSQL at `--database-url`',
    apply: (c, v) => {
      if (v !== 'sqlite' && v !== 'postgres') throw new UsageError(`invalid store: ${v} (sqlite or postgres)`);
      c.store = v;
    },
  },
  {
    flag: 'database-url',
    env: 'COGNATE_DATABASE_URL',
    arg: 'postgres://USER:PASSWORD@HOST:PORT/DB',
    default: 'none',
    meaning: '`postgres://USER:PASSWORD@HOST:PORT/DATABASE`; required with `--store postgres`',
    apply: (c, v) => {
      let protocol = '';
      try {
        protocol = new URL(v).protocol;
      } catch {
        // reported below
      }
      if (protocol !== 'postgres:' && protocol !== 'postgresql:') {
        throw new UsageError('invalid database URL (postgres://USER:PASSWORD@HOST:PORT/DATABASE)');
      }
      c.databaseUrl = v;
    },
  },
  {
    flag: 'admin-credentials',
    env: 'COGNATE_ADMIN_CREDENTIALS',
    arg: 'ACCESS_KEY_ID:SECRET_ACCESS_KEY[,…]',
    default: 'none',
    usageBreak: true,
    meaning: '`ACCESS_KEY_ID:SECRET_ACCESS_KEY[,…]`: signed operations, and reading the outbox, must carry a valid SigV4 signature made with one of these keys',
    apply: (c, v) => {
      try {
        parseCredentialList(v);
      } catch (e) {
        throw new UsageError(`invalid --admin-credentials: ${(e as Error).message}`);
      }
      c.adminCredentials = v;
    },
  },
  {
    flag: 'outbox-cors-origin',
    env: 'COGNATE_OUTBOX_CORS_ORIGIN',
    arg: 'ORIGIN',
    default: DEFAULTS.outboxCorsOrigin === null ? 'none' : code(DEFAULTS.outboxCorsOrigin),
    meaning: 'the one origin (`https://host[:port]`, or `*`) whose browser pages may read the outbox; by default none may',
    apply: (c, v) => {
      let origin: string | null = null;
      try {
        origin = new URL(v).origin;
      } catch {
        // reported below
      }
      if (v !== '*' && origin !== v) throw new UsageError(`invalid outbox CORS origin: ${v} (an origin such as https://app.example.com, or *)`);
      c.outboxCorsOrigin = v;
    },
  },
  {
    flag: 'lambda-dir',
    env: 'COGNATE_LAMBDA_DIR',
    arg: 'DIR',
    default: 'none',
    usageBreak: true,
    meaning:
      "run the pools' trigger functions from this directory: the function named in a trigger's ARN is `DIR/NAME.mjs`, `.js` or `.cjs`, exporting `handler(event, context)`",
    apply: (c, v) => {
      let dir = false;
      try {
        dir = statSync(v).isDirectory();
      } catch {
        // reported below
      }
      if (!dir) throw new UsageError(`--lambda-dir ${v}: not a directory`);
      c.lambdaDir = v;
    },
  },
  {
    flag: 'lambda-endpoint-url',
    env: 'AWS_ENDPOINT_URL_LAMBDA',
    arg: 'URL',
    default: 'none',
    meaning:
      "invoke the pools' trigger functions through the Lambda Invoke API at this URL (AWS SAM local, LocalStack, AWS), signed with the server's `AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY`",
    apply: (c, v) => {
      let url: URL;
      try {
        url = new URL(v);
      } catch {
        throw new UsageError(`invalid --lambda-endpoint-url: ${v}`);
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`invalid --lambda-endpoint-url: ${v} (http or https)`);
      c.lambdaEndpointUrl = v;
    },
  },
  {
    flag: 'kms-endpoint-url',
    env: 'AWS_ENDPOINT_URL_KMS',
    arg: 'URL',
    default: "AWS KMS in the key's region",
    meaning:
      "the KMS that encrypts codes for the pools' CustomSMSSender and CustomEmailSender triggers under their `KMSKeyID` (`moto_server`, LocalStack, AWS), signed with the server's `AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY`",
    apply: (c, v) => {
      let url: URL;
      try {
        url = new URL(v);
      } catch {
        throw new UsageError(`invalid --kms-endpoint-url: ${v}`);
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`invalid --kms-endpoint-url: ${v} (http or https)`);
      c.kmsEndpointUrl = v;
    },
  },
  { flag: 'quiet', default: DEFAULTS.logRequests ? 'off' : 'on', meaning: 'no request log' },
];

/** The flags `cognate serve` takes: every setting, and --help. */
const FLAGS: FlagSpec = Object.fromEntries([...SERVE_SETTINGS.map((s) => [s.flag, s.apply ? 'string' : 'boolean'] as const), ['help', 'boolean'] as const]);

const ENV_KEYS = new Set(SERVE_SETTINGS.flatMap((s) => (s.env ? [s.env] : [])));
/**
 * Read by other cognate commands (`cognate messages`) and by the test suite (the PostgreSQL it tests
 * against); known, so one shell can export them and still run the server.
 */
const OTHER_COMMANDS_ENV_KEYS = new Set(['COGNATE_ENDPOINT_URL', 'COGNATE_TEST_DATABASE_URL']);

/** Resolves the server configuration: flags over environment over defaults; unknown keys are errors. */
export function resolveServeConfig(argv: string[], env: NodeJS.ProcessEnv): { config: ServerConfig; quiet: boolean; help: boolean } {
  const flags = parseFlags(argv, FLAGS);
  for (const key of Object.keys(env)) {
    if (key.startsWith('COGNATE_') && !ENV_KEYS.has(key) && !OTHER_COMMANDS_ENV_KEYS.has(key)) throw new UsageError(`unknown environment variable ${key}`);
  }
  const config: ServerConfig = { ...DEFAULT_CONFIG };
  for (const s of SERVE_SETTINGS) {
    if (!s.apply) continue;
    const v = flags[s.flag];
    const value = typeof v === 'string' ? v : s.env ? env[s.env] : undefined;
    if (value === undefined || (value === '' && !s.parseEmpty)) continue;
    s.apply(config, value);
  }
  if (config.lambdaDir && config.lambdaEndpointUrl) throw new UsageError('--lambda-dir and --lambda-endpoint-url cannot be used together');
  if (config.lambdaEndpointUrl && env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) {
    config.lambdaKeys = {
      accessKeyId: env.AWS_ACCESS_KEY_ID,
      secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
      ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
    };
  }
  if (env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) {
    config.kmsKeys = {
      accessKeyId: env.AWS_ACCESS_KEY_ID,
      secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
      ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
    };
  }
  if (config.store === 'postgres' && !config.databaseUrl) throw new UsageError('--store postgres needs --database-url (or COGNATE_DATABASE_URL)');
  return { config, quiet: flags.quiet === true, help: flags.help === true };
}

const usageArg = (s: ServeSetting) => `[--${s.flag}${s.arg ? ` ${s.arg}` : ''}]`;

/** Names joined by ', ', wrapped before `width` columns, continuation lines indented by `indent`. */
function wrapList(names: string[], indent: number, width: number): string {
  const lines: string[] = [];
  let line = '';
  for (const [i, name] of names.entries()) {
    const item = i < names.length - 1 ? `${name},` : name;
    if (line && indent + line.length + 1 + item.length > width) {
      lines.push(line);
      line = item;
    } else line = line ? `${line} ${item}` : item;
  }
  lines.push(line);
  return lines.join(`\n${' '.repeat(indent)}`);
}

/** `cognate serve --help` (also printed after a usage error). */
export function serveHelp(): string {
  const head = 'usage: cognate serve ';
  const usageLines: string[][] = [];
  for (const s of SERVE_SETTINGS) {
    if (s.usageBreak || usageLines.length === 0) usageLines.push([]);
    usageLines[usageLines.length - 1]!.push(usageArg(s));
  }
  const usage = head + usageLines.map((l) => l.join(' ')).join(`\n${' '.repeat(head.length)}`);
  const envHead = 'environment: ';
  const envNames = SERVE_SETTINGS.flatMap((s) => (s.env ? [s.env] : []));
  return `${usage}

  --store postgres keeps the data in PostgreSQL at --database-url, so that several instances can serve
  one set of pools; give each the same --public-url (or --issuer-style cognito). Default: sqlite, in --data-dir.
  --admin-credentials makes the signed (administrative) operations, and reading the outbox
  (GET /_cognate/messages, cognate messages), check their SigV4 signature against these keys; without
  it any signature is accepted and the outbox is open to anyone who can reach the server, as local
  emulators do. --outbox-cors-origin lets browser pages from that one origin (https://host[:port], or *)
  read the outbox; by default no origin may.

${envHead}${wrapList(envNames, envHead.length, 112)}
             (flags win over environment, environment over defaults)
`;
}

/** Where the generated section of README.md starts and ends. */
export const README_MARKERS = { begin: '<!-- serve-settings:begin (npm run docs:settings) -->', end: '<!-- serve-settings:end -->' } as const;

/** The README's usage line and table of serve settings, as Markdown (between {@link README_MARKERS}). */
export function readmeSettings(): string {
  const usage = `\`cognate serve ${SERVE_SETTINGS.map(usageArg).join(' ')}\``;
  const row = (cells: string[]) => `|${cells.map((c) => (c ? ` ${c} ` : ' ')).join('|')}|`;
  const rows = SERVE_SETTINGS.map((s) => row([`\`--${s.flag}\``, s.env ? `\`${s.env}\`` : '', s.default, s.meaning]));
  return [usage, '', '| flag | environment | default | meaning |', '|---|---|---|---|', ...rows].join('\n');
}

/** README.md's text with its settings section replaced by the generated one; throws if the markers are missing. */
export function withReadmeSettings(readme: string): string {
  const b = readme.indexOf(README_MARKERS.begin);
  const e = readme.indexOf(README_MARKERS.end);
  if (b < 0 || e < b) throw new TypeError(`README.md lacks the markers ${README_MARKERS.begin} … ${README_MARKERS.end}`);
  return `${readme.slice(0, b + README_MARKERS.begin.length)}\n${readmeSettings()}\n${readme.slice(e)}`;
}
