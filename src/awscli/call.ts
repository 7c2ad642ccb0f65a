/**
 * One operation call on the wire: the AWS JSON 1.1 request (unsigned for `auth: none` operations,
 * SigV4 otherwise), standard-mode retries (3 attempts, jittered exponential back-off capped at 20 s,
 * the retry suffix in the final error), and botocore's paginator for list operations (page merging,
 * --page-size, --max-items and --starting-token with botocore's resume tokens).
 */
import { TARGET_PREFIX } from '../model/generated.js';
import type { Debug } from './debug.js';
import { redact } from './debug.js';
import { CliError, EXIT } from './errors.js';
import { NetError, send, type HttpResponse } from './http.js';
import { dumpsCompact, setOwn } from './python/pyjson.js';
import { parseError, parseOutput } from './response.js';
import type { CommandSpec } from './spec.js';
import type { CallResult, ClientSettings } from './types.js';

const RETRY_CODES = new Set([
  'RequestTimeout',
  'RequestTimeoutException',
  'PriorRequestNotComplete',
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestThrottledException',
  'TooManyRequestsException',
  'ProvisionedThroughputExceededException',
  'TransactionInProgressException',
  'RequestLimitExceeded',
  'BandwidthLimitExceeded',
  'LimitExceededException',
  'RequestThrottled',
  'SlowDown',
  'EC2ThrottledException',
]);
const RETRY_STATUS = new Set([500, 502, 503, 504]);

/** One command's call: the validated parameters and how to page. */
export interface CallInput {
  spec: CommandSpec;
  params: Record<string, unknown>;
  paging: { startingToken?: string; pageSize?: number; maxItems?: number };
  paginate: boolean;
  client: ClientSettings;
  debug: Debug;
  env: NodeJS.ProcessEnv;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Sends one operation request with retries; returns the parsed (modelled) output or throws. */
export async function request(spec: CommandSpec, params: Record<string, unknown>, client: ClientSettings, debug: Debug): Promise<Record<string, unknown>> {
  const model = spec.model;
  const body = Buffer.from(dumpsCompact(params), 'utf8');
  const url = new URL(client.endpoint.toString());
  if (!url.pathname) url.pathname = '/';
  debug.log('botocore.endpoint', `Making request for OperationModel(name=${model.name}) with params: ${dumpsCompact(redact(params, model.input))}`);
  for (let attempt = 1; ; attempt++) {
    let headers: Array<[string, string]> = [
      ['Host', url.host],
      ['Accept-Encoding', 'identity'],
      ['X-Amz-Target', `${TARGET_PREFIX}.${model.name}`],
      ['Content-Type', 'application/x-amz-json-1.1'],
      ['User-Agent', client.userAgent],
    ];
    if (client.sign) {
      if (!client.credentials) {
        throw new CliError('Unable to locate credentials. You can configure credentials by running "aws configure".', EXIT.CONFIG);
      }
      const { signRequest } = await import('./sigv4.js');
      headers = signRequest(headers, url.pathname, body, client.credentials, client.region, 'cognito-idp', new Date());
    }
    headers.push(['Content-Length', String(body.length)]);
    debug.log(
      'botocore.endpoint',
      `Sending http request: <AWSPreparedRequest stream_output=False, method=POST, url=${url.toString()}, headers={${headers
        .map(
          ([k, v]) =>
            `'${k}': b'${k === 'Authorization' ? v.replace(/Signature=\w+/, 'Signature=' + '*** sensitive ***') : k === 'X-Amz-Security-Token' ? '*** sensitive ***' : v}'`,
        )
        .join(', ')}}>`,
    );
    debug.log('botocore.endpoint', `Request body: ${dumpsCompact(redact(params, model.input))}`);
    let res: HttpResponse;
    try {
      res = await send({
        url,
        headers,
        body,
        connectTimeoutMs: client.connectTimeoutMs,
        readTimeoutMs: client.readTimeoutMs,
        verify: client.verifySsl,
        caBundle: client.caBundle,
        proxy: client.proxy,
      });
    } catch (e) {
      if (!(e instanceof NetError)) throw e;
      debug.log('botocore.retryhandler', `Exception received when sending HTTP request: ${e.message}`);
      const retryable = e.kind !== 'ssl' && e.kind !== 'proxy';
      if (retryable && attempt < client.maxAttempts) {
        await backoff(attempt, debug);
        continue;
      }
      throw new CliError(e.message, EXIT.OTHER);
    }
    const requestId = res.headers.find(([k]) => k.toLowerCase() === 'x-amzn-requestid')?.[1];
    debug.log('urllib3.connectionpool', `${url.protocol}//${url.host} "POST ${url.pathname} HTTP/1.1" ${res.status} ${res.body.length}`);
    debug.log('botocore.parsers', `Response headers: {${res.headers.map(([k, v]) => `'${k}': '${v}'`).join(', ')}}`);
    if (res.status < 300) {
      const out = parseOutput(res.body, model.output);
      debug.log('botocore.parsers', `Response body:\n${dumpsCompact(redact(out, model.output))}`);
      debug.log('botocore.retries.standard', 'Not retrying request.');
      if (requestId) debug.log('awscli.formatter', `RequestId: ${requestId}`);
      return out;
    }
    const err = parseError(res.status, res.body);
    debug.log('botocore.parsers', `Response body:\n${JSON.stringify({ __type: err.code, message: err.message })}`);
    const retryable = RETRY_STATUS.has(res.status) || RETRY_CODES.has(err.code);
    if (retryable && attempt < client.maxAttempts) {
      await backoff(attempt, debug);
      continue;
    }
    if (!retryable) debug.log('botocore.retries.standard', 'Not retrying request.');
    // botocore checks the attempt budget before retryability: any error on the last attempt gets the suffix
    const suffix = attempt >= client.maxAttempts ? ` (reached max retries: ${attempt - 1})` : '';
    throw new CliError(`An error occurred (${err.code}) when calling the ${model.name} operation${suffix}: ${err.message}`, EXIT.SERVICE);
  }
}

async function backoff(attempt: number, debug: Debug): Promise<void> {
  const delay = Math.min(Math.random() * 2 ** (attempt - 1), 20);
  debug.log('botocore.retries.standard', `Retry needed, retrying request after delay of: ${delay}`);
  await sleep(delay * 1000);
}

function encodeToken(token: Record<string, unknown>): string {
  return Buffer.from(dumpsCompact(token), 'utf8').toString('base64');
}

function decodeToken(token: string): [Record<string, unknown>, number] {
  try {
    const obj = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as Record<string, unknown>;
    if (!obj || typeof obj !== 'object' || Array.isArray(obj)) throw new Error('not a token');
    const truncate = typeof obj.boto_truncate_amount === 'number' ? obj.boto_truncate_amount : 0;
    delete obj.boto_truncate_amount;
    return [obj, truncate];
  } catch {
    const parts = token.split('___');
    const last = parts[parts.length - 1]!;
    if (parts.length > 1 && /^\d+$/.test(last)) return [{ __legacy: parts.slice(0, -1).join('___') }, Number(last)];
    throw new CliError(`Bad starting token: ${token}`, EXIT.OTHER);
  }
}

/** The whole call, paging when the operation has a paginator and paging is on. */
export async function call(input: CallInput): Promise<CallResult> {
  const { spec, params, client, debug, paging } = input;
  const pag = spec.paginator;
  if (!input.paginate || !pag) return { kind: 'single', data: await request(spec, params, client, debug) };
  const kwargs: Record<string, unknown> = params;
  if (paging.pageSize !== undefined && pag.limit_key) setOwn(kwargs, pag.limit_key, paging.pageSize);
  let startingTruncation = 0;
  if (paging.startingToken !== undefined) {
    const [tok, trunc] = decodeToken(paging.startingToken);
    if ('__legacy' in tok) setOwn(kwargs, pag.input_token, tok.__legacy);
    else for (const [k, v] of Object.entries(tok)) setOwn(kwargs, k, v);
    startingTruncation = trunc;
  }
  const key = pag.result_key;
  const pages: Array<Record<string, unknown>> = [];
  let total = 0;
  let first = true;
  let previous: unknown;
  let resumeToken: string | undefined;
  for (;;) {
    const page = await request(spec, kwargs, client, debug);
    if (first && paging.startingToken !== undefined) {
      const all = page[key];
      if (Array.isArray(all)) setOwn(page, key, all.slice(startingTruncation));
    } else {
      startingTruncation = 0;
    }
    first = false;
    const items = Array.isArray(page[key]) ? (page[key] as unknown[]) : [];
    const nextValue = page[pag.output_token];
    const truncateAmount = paging.maxItems !== undefined ? total + items.length - paging.maxItems : 0;
    if (truncateAmount > 0) {
      const keep = items.length - truncateAmount;
      setOwn(page, key, items.slice(0, keep));
      pages.push(page);
      const next: Record<string, unknown> = { [pag.input_token]: kwargs[pag.input_token] ?? null };
      next.boto_truncate_amount = keep + startingTruncation;
      resumeToken = encodeToken(next);
      break;
    }
    pages.push(page);
    total += items.length;
    if (nextValue === undefined || nextValue === null) break;
    if (paging.maxItems !== undefined && total === paging.maxItems) {
      resumeToken = encodeToken({ [pag.input_token]: nextValue });
      break;
    }
    if (previous !== undefined && previous === nextValue) {
      throw new CliError(`The same next token was received twice: {'${pag.input_token}': '${String(nextValue)}'}`, EXIT.OTHER);
    }
    setOwn(kwargs, pag.input_token, nextValue);
    previous = nextValue;
  }
  return { kind: 'pages', pages, resultKey: key, resumeToken };
}
