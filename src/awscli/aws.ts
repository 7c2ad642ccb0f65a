/**
 * `cognate [global options] cognito-idp <operation> [options]`: the AWS-CLI-v2-compatible command line.
 * The steps and the error that wins follow the AWS CLI's processing order (observed by running the AWS CLI v1 with each combination of errors): top-level
 * arguments, --query/--endpoint-url/timeouts, operation lookup, operation arguments, parameter
 * unpacking, --cli-input-*, skeletons, client settings (profile, region, retries, endpoint),
 * validation, the request with retries, and output.
 */
import { ArgParseError, parseKnownArgs, type OptionDef } from './python/argparse.js';
import { loadConfig, resolveCredentials, resolveProfile, setting, type Profile } from './config.js';
import { CliError, EXIT, unknownOptions, usageError } from './errors.js';
import { buildParams, encodeBlobs, mergeCliInput, pagingConfig, UncaughtPythonError, validateParams } from './params.js';
import { dumpsPretty, pyRepr } from './python/pyjson.js';
import { commandSpec, OPERATION_BY_CLI_NAME, optionDefs, type CommandSpec } from './spec.js';
import { Debug } from './debug.js';
import type { ClientSettings, Io } from './types.js';

/** The version printed by `--version` and sent in the User-Agent. */
export const VERSION = '0.1.0';

class VersionExit extends Error {}

/** The `--version` line (also the start of the User-Agent). */
export function versionLine(): string {
  return `cognate/${VERSION} Node.js/${process.versions.node} ${process.platform}/${process.arch}`;
}

const OUTPUTS = ['json', 'text', 'table', 'yaml', 'yaml-stream'] as const;

function globalOptions(onVersion: () => void): OptionDef[] {
  return [
    { name: 'debug', dest: 'debug', nargs: 'zero', constValue: true },
    { name: 'endpoint-url', dest: 'endpoint_url', nargs: 'one' },
    { name: 'no-verify-ssl', dest: 'verify_ssl', nargs: 'zero', constValue: false },
    { name: 'no-paginate', dest: 'paginate', nargs: 'zero', constValue: false },
    { name: 'output', dest: 'output', nargs: 'one', choices: OUTPUTS },
    { name: 'query', dest: 'query', nargs: 'one' },
    { name: 'profile', dest: 'profile', nargs: 'one' },
    { name: 'region', dest: 'region', nargs: 'one' },
    { name: 'version', dest: 'version', nargs: 'zero', constValue: true, onSeen: onVersion },
    { name: 'color', dest: 'color', nargs: 'one', choices: ['on', 'off', 'auto'] },
    { name: 'no-sign-request', dest: 'sign_request', nargs: 'zero', constValue: false },
    { name: 'ca-bundle', dest: 'ca_bundle', nargs: 'one' },
    { name: 'cli-read-timeout', dest: 'read_timeout', nargs: 'one' },
    { name: 'cli-connect-timeout', dest: 'connect_timeout', nargs: 'one' },
    { name: 'cli-binary-format', dest: 'cli_binary_format', nargs: 'one', choices: ['base64', 'raw-in-base64-out'] },
    { name: 'no-cli-pager', dest: 'pager', nargs: 'zero', constValue: false },
    { name: 'cli-auto-prompt', dest: 'auto_prompt', nargs: 'zero', constValue: true },
    { name: 'no-cli-auto-prompt', dest: 'auto_prompt', nargs: 'zero', constValue: false },
  ];
}

/** Python's `int()` of an option value, with its error. */
function pyIntOption(v: string): number {
  const t = v.trim();
  if (!/^[+-]?\d+(_\d+)*$/.test(t)) throw new CliError(`invalid literal for int() with base 10: ${pyRepr(v)}`, EXIT.OTHER);
  return Number(t.replaceAll('_', ''));
}

/** The global options after parsing. */
export interface Globals {
  debug: boolean;
  endpointUrl?: string;
  verifySsl: boolean;
  paginate: boolean;
  output?: string;
  query?: string;
  profile?: string;
  region?: string;
  color: 'on' | 'off' | 'auto';
  signRequest: boolean;
  caBundle?: string;
  readTimeout: number;
  connectTimeout: number;
  pager: boolean;
  /** `--cli-binary-format`: how a blob given as text is read (v2: `base64` by default). */
  binaryFormat?: string;
}

/** Entry point; returns the exit code. */
export async function runAws(argv: string[], io: Io): Promise<number> {
  const debug = new Debug(io.stderr, argv.includes('--debug'));
  try {
    return await run(argv, io, debug);
  } catch (e) {
    return report(e, io, debug);
  }
}

function report(e: unknown, io: Io, debug: Debug): number {
  if (e instanceof CliError) {
    if (debug.on && !e.raw) debug.log('awscli.clidriver', `Exiting with rc ${e.exitCode}`);
    io.stderr.write(e.raw ? e.message : `\n${e.message}\n`);
    return e.exitCode;
  }
  if (e instanceof UncaughtPythonError) {
    io.stderr.write(`\n${e.message}\n`);
    return EXIT.OTHER;
  }
  debug.log('awscli.clidriver', `Exception caught in main(): ${(e as Error)?.stack ?? String(e)}`);
  io.stderr.write(`\n${(e as Error)?.message ?? String(e)}\n`);
  return EXIT.OTHER;
}

async function run(argv: string[], io: Io, debug: Debug): Promise<number> {
  const { env } = io;
  // 1. top-level arguments
  let top;
  try {
    top = parseKnownArgs(
      argv,
      globalOptions(() => {
        throw new VersionExit();
      }),
      [{ dest: 'command', nargs: 'one', choices: ['cognito-idp'] }],
      true,
    );
  } catch (e) {
    if (e instanceof VersionExit) {
      io.stdout.write(versionLine() + '\n');
      return EXIT.OK;
    }
    if (e instanceof ArgParseError) throw usageError(e.message);
    throw e;
  }
  const v = top.values;
  const g: Globals = {
    debug: v.get('debug') === true,
    endpointUrl: v.get('endpoint_url') as string | undefined,
    verifySsl: v.get('verify_ssl') !== false,
    paginate: v.get('paginate') !== false,
    output: v.get('output') as string | undefined,
    query: v.get('query') as string | undefined,
    profile: v.get('profile') as string | undefined,
    region: v.get('region') as string | undefined,
    color: (v.get('color') as Globals['color'] | undefined) ?? 'auto',
    signRequest: v.get('sign_request') !== false,
    caBundle: v.get('ca_bundle') as string | undefined,
    binaryFormat: v.get('cli_binary_format') as string | undefined,
    readTimeout: 60,
    connectTimeout: 60,
    pager: v.get('pager') !== false,
  };
  debug.on = g.debug;
  debug.log('awscli.clidriver', `CLI version: ${versionLine()}`);
  debug.log('awscli.clidriver', `Arguments entered to CLI: ${debug.redactArgv(argv)}`);

  // 2. post-processing of the top-level arguments
  let compiledQuery: unknown;
  if (g.query !== undefined) {
    const { compileQuery } = await import('./query.js');
    compiledQuery = compileQuery(g.query);
  }
  if (g.endpointUrl !== undefined && !/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(g.endpointUrl)) {
    throw new CliError(
      `Bad value for --endpoint-url "${g.endpointUrl}": scheme is missing.  Must be of the form http://<hostname>/ or https://<hostname>/`,
      EXIT.USAGE,
    );
  }
  const rt = v.get('read_timeout');
  if (typeof rt === 'string') g.readTimeout = pyIntOption(rt);
  const ct = v.get('connect_timeout');
  if (typeof ct === 'string') g.connectTimeout = pyIntOption(ct);

  // 3. the operation
  const operations = [...OPERATION_BY_CLI_NAME.keys()].sort();
  let svc;
  try {
    svc = parseKnownArgs(top.extras, [], [{ dest: 'operation', nargs: 'one', choices: [...operations, 'help'] }], true);
  } catch (e) {
    if (e instanceof ArgParseError) throw usageError(e.message);
    throw e;
  }
  const opName = svc.positionals.get('operation')!;
  if (opName === 'help') {
    const { serviceHelp, showHelp } = await import('./help.js');
    await showHelp(serviceHelp(), io);
    return EXIT.OK;
  }
  const operation = OPERATION_BY_CLI_NAME.get(opName)!;
  const spec = commandSpec(operation);

  // 4. the operation's arguments
  const rest = svc.extras;
  if (rest.length === 1 && rest[0] === 'help') return showOperationHelp(spec, io);
  const skelAt = rest.indexOf('--generate-cli-skeleton');
  const relax = rest.includes('--cli-input-json') || rest.includes('--cli-input-yaml') || (skelAt >= 0 && rest[skelAt + 1] !== 'output');
  let parsed;
  try {
    parsed = parseKnownArgs(rest, optionDefs(spec, relax), [{ dest: 'help', nargs: 'optional' }]);
  } catch (e) {
    if (e instanceof ArgParseError) throw usageError(e.message);
    throw e;
  }
  const helpWord = parsed.positionals.get('help');
  if (helpWord === 'help') return showOperationHelp(spec, io);
  const leftovers = [...parsed.extras];
  if (helpWord !== undefined) leftovers.push(helpWord);
  if (leftovers.length) throw unknownOptions(leftovers);

  // paging: a hand-set token or limit turns automatic paging off
  let paginate = g.paginate && spec.paginator !== undefined;
  if (spec.paginator) {
    for (const a of spec.args) if (a.undocumented && parsed.values.get(a.name) !== undefined) paginate = false;
    if (!paginate) {
      // a PaginationError in the AWS CLI (exit 255); zero values do not count (Python truthiness)
      const used = ['starting-token', 'page-size', 'max-items'].filter((n) => {
        const value = parsed.values.get(n);
        return typeof value === 'string' && value !== '' && (n === 'starting-token' || !/^\s*[+-]?0+\s*$/.test(value));
      });
      if (used.length) {
        throw new CliError(
          `Error during pagination: Cannot specify --no-paginate along with pagination arguments: ${used.map((u) => '--' + u).join(', ')}`,
          EXIT.OTHER,
        );
      }
    }
  }

  // 5. parameter values, 6. --cli-input-*, input skeletons
  const params = buildParams(spec, parsed.values, env);
  const paging = pagingConfig(spec, parsed.values);
  await mergeCliInput(params, parsed.values, env);
  const skeleton = parsed.values.get('generate-cli-skeleton') as string | undefined;
  if (skeleton === 'input' || skeleton === 'yaml-input') {
    const { generateSkeleton, yamlInputSkeleton } = await import('./skeleton.js');
    if (skeleton === 'input') {
      io.stdout.write(dumpsPrettyAscii(generateSkeleton(spec.model.input, false)) + '\n');
    } else {
      io.stdout.write(yamlInputSkeleton(spec.model.input));
    }
    return EXIT.OK;
  }

  // 7. client settings
  const client = await resolveClient(g, env, spec, debug);

  // 8./9. validation, then the output skeleton
  const cfgValidation = setting(client.profile, 'parameter_validation');
  if (cfgValidation === undefined || cfgValidation.toLowerCase() !== 'false') {
    const problems = validateParams(params, spec.model.input);
    if (problems.length) throw new CliError(`Parameter validation failed:\n${problems.join('\n')}`, EXIT.USAGE);
  }
  encodeBlobs(params, spec.model.input, g.binaryFormat ?? setting(client.profile, 'cli_binary_format') ?? 'base64');
  if (skeleton === 'output') {
    const { generateSkeleton } = await import('./skeleton.js');
    const out = spec.model.output ? generateSkeleton(spec.model.output, true) : {};
    if (out && typeof out === 'object' && Object.keys(out).length) io.stdout.write(dumpsPretty(out) + '\n');
    return EXIT.OK;
  }

  // 10. the request
  const { call } = await import('./call.js');
  const result = await call({ spec, params, paging, paginate, client, debug, env });

  // 11. output
  const output = g.output ?? env.AWS_DEFAULT_OUTPUT ?? setting(client.profile, 'output') ?? 'json';
  if (!(OUTPUTS as readonly string[]).includes(output)) throw new CliError(`Unknown output type: ${output}`, EXIT.OTHER);
  const { render } = await import('./render.js');
  const text = await render({ operation, result, output, query: compiledQuery, color: g.color, stdout: io.stdout });
  if (text) await writeOutput(text, g, client.profile, io);
  return EXIT.OK;
}

function dumpsPrettyAscii(v: unknown): string {
  // json.dumps(indent=4) with the default ensure_ascii=True
  return dumpsPretty(v).replace(/[\u007f-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}

async function showOperationHelp(spec: CommandSpec, io: Io): Promise<number> {
  const { operationHelp, showHelp } = await import('./help.js');
  await showHelp(operationHelp(spec), io);
  return EXIT.OK;
}

async function writeOutput(text: string, g: Globals, profile: Profile, io: Io): Promise<void> {
  if (!io.stdout.isTTY || !g.pager) {
    io.stdout.write(text);
    return;
  }
  const pager = io.env.AWS_PAGER ?? setting(profile, 'cli_pager') ?? io.env.PAGER ?? 'less';
  if (pager === '') {
    io.stdout.write(text);
    return;
  }
  const { runPager } = await import('./pager.js');
  await runPager(pager, text, io.env);
}

async function resolveClient(g: Globals, env: NodeJS.ProcessEnv, spec: CommandSpec, debug: Debug): Promise<ClientSettings> {
  const config = loadConfig(env);
  const profile = resolveProfile(g.profile, env, config);
  if (profile.explicit && !profile.exists) throw new CliError(`The config profile (${profile.name}) could not be found`, EXIT.OTHER);
  const region = g.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? setting(profile, 'region');
  if (region === undefined) {
    throw new CliError('You must specify a region. You can also configure your region by running "aws configure".', EXIT.CONFIG);
  }
  if (region !== '' && !/^[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$/.test(region)) {
    throw new CliError(`Provided region_name '${region}' doesn't match a supported format.`, EXIT.OTHER);
  }
  // retries
  const mode = env.AWS_RETRY_MODE ?? setting(profile, 'retry_mode') ?? 'standard';
  if (mode !== 'standard' && mode !== 'adaptive') {
    throw new CliError(`Invalid value provided to "mode": "${mode}" must be one of: "standard" or "adaptive"`, EXIT.OTHER);
  }
  const attemptsRaw = env.AWS_MAX_ATTEMPTS ?? setting(profile, 'max_attempts');
  const maxAttempts = attemptsRaw === undefined ? 3 : pyIntOption(attemptsRaw);
  // endpoint: the flag, then (as AWS CLI v1 and the SDKs do) the configured endpoints
  let endpointText = g.endpointUrl;
  const ignoreConfigured = (env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS ?? setting(profile, 'ignore_configured_endpoint_urls') ?? '').toLowerCase() === 'true';
  if (endpointText === undefined && !ignoreConfigured) {
    const svcSection = setting(profile, 'services');
    const svc = svcSection ? config.services.get(svcSection)?.cognito_identity_provider : undefined;
    endpointText =
      env.AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER ??
      env.AWS_ENDPOINT_URL ??
      (typeof svc === 'object' ? svc.endpoint_url : undefined) ??
      setting(profile, 'endpoint_url');
    if (endpointText !== undefined && !/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(endpointText)) {
      throw new CliError(`Invalid endpoint: ${endpointText}`, EXIT.OTHER);
    }
  }
  let endpoint: URL;
  if (endpointText !== undefined && /^https?:\/\//i.test(endpointText)) {
    let u: URL | null = null;
    try {
      u = new URL(endpointText);
    } catch {
      u = null;
    }
    if (!u?.hostname) throw new CliError(`Invalid endpoint: ${endpointText}`, EXIT.OTHER);
    endpoint = u;
  } else {
    if (region === '') throw new CliError('Invalid endpoint: https://cognito-idp..amazonaws.com', EXIT.OTHER);
    const fips = (env.AWS_USE_FIPS_ENDPOINT ?? setting(profile, 'use_fips_endpoint') ?? '').toLowerCase() === 'true';
    const dual = (env.AWS_USE_DUALSTACK_ENDPOINT ?? setting(profile, 'use_dualstack_endpoint') ?? '').toLowerCase() === 'true';
    const suffix = dual ? 'api.aws' : region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
    endpoint = new URL(`https://cognito-idp${fips ? '-fips' : ''}.${region}.${suffix}/`);
  }
  debug.log('botocore.regions', `Endpoint provider result: ${endpoint.toString().replace(/\/$/, '')}`);
  // TLS, timeouts, proxies
  const caBundle = g.caBundle ?? env.AWS_CA_BUNDLE ?? setting(profile, 'ca_bundle');
  const sign = spec.model.auth !== 'none' && g.signRequest;
  const credentials = sign ? resolveCredentials(profile, g.profile !== undefined, env) : null;
  if (credentials) debug.log('botocore.credentials', `Found credentials (${credentials.source})`);
  return {
    region: region || 'us-east-1',
    endpoint,
    profile,
    config,
    credentials,
    sign,
    maxAttempts,
    verifySsl: g.verifySsl,
    caBundle: caBundle ? caBundle.replace(/^~(?=$|\/)/, env.HOME ?? '~') : undefined,
    readTimeoutMs: g.readTimeout * 1000,
    connectTimeoutMs: g.connectTimeout * 1000,
    proxy: proxyFor(endpoint, env),
    userAgent: `${versionLine()} command/cognito-idp.${spec.cliName}`,
  };
}

function proxyFor(endpoint: URL, env: NodeJS.ProcessEnv): URL | undefined {
  const https = endpoint.protocol === 'https:';
  const raw = https ? (env.HTTPS_PROXY ?? env.https_proxy) : (env.HTTP_PROXY ?? env.http_proxy);
  if (!raw) return undefined;
  const noProxy = env.NO_PROXY ?? env.no_proxy ?? '';
  const host = endpoint.hostname;
  for (const entry of noProxy
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    if (entry === '*') return undefined;
    const e = entry.replace(/^\./, '').replace(/:\d+$/, '');
    if (host === e || host.endsWith('.' + e)) return undefined;
  }
  try {
    return new URL(/^[a-z]+:\/\//i.test(raw) ? raw : `http://${raw}`);
  } catch {
    return undefined;
  }
}
