import { Http1Server, type Http1Request, type Http1Response } from './http1.js';
import {
  CognitoError,
  InternalErrorException,
  RequestEntityTooLargeException,
  SerializationException,
  UnknownOperationException,
  UnsupportedMediaTypeException,
} from '../errors.js';
import { OPERATION_MODELS, TARGET_PREFIX, type OperationName } from '../model/generated.js';
import { readInput, validateInput } from '../model/validate.js';
import type { Operation, Services } from '../operations/operation.js';
import type { SigV4Verifier } from './sigv4.js';

/** What the HTTP layer needs besides the operations. */
export interface HttpOptions {
  services: Services;
  operations: ReadonlyMap<OperationName, Operation<OperationName>>;
  maxBodyBytes: number;
  /** Notable events: failures, the outbox. */
  log: (line: string) => void;
  /** One line per request (operation, status, request id, milliseconds); off with `serve --quiet`. */
  logRequests?: boolean;
  /** Checks SigV4 on signed operations; absent, any signature (or none) is accepted, as emulators do. */
  sigv4?: SigV4Verifier;
}

const JSON_TYPES = new Set(['application/x-amz-json-1.1', 'application/x-amz-json-1.0']);

const CORS_HEADERS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Expose-Headers': 'x-amzn-RequestId,x-amzn-ErrorType,x-amzn-ErrorMessage,Date',
};

/** Longest x-amzn-ErrorMessage we send; the body always carries the whole message. */
const MAX_ERROR_HEADER = 1024;

/**
 * Header values must be Latin-1 without line breaks, and short: a validation message quotes the
 * offending value, which may be nearly a megabyte, and clients refuse headers past 16 KiB or so.
 */
function headerSafe(text: string): string {
  const safe = text.replace(/[^\x20-\x7e]/g, '?');
  return safe.length > MAX_ERROR_HEADER ? `${safe.slice(0, MAX_ERROR_HEADER - 3)}...` : safe;
}

/** The two request headers an operation call needs besides the body. */
interface OperationHeaders {
  target: string | undefined;
  contentType: string | undefined;
}

/** Reads the operation headers in one pass over the raw header list. */
function operationHeaders(raw: string[]): OperationHeaders {
  const out: OperationHeaders = { target: undefined, contentType: undefined };
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    if (name.length === 12 && name.toLowerCase() === 'x-amz-target') out.target ??= raw[i + 1];
    else if (name.length === 12 && name.toLowerCase() === 'content-type') out.contentType ??= raw[i + 1];
  }
  return out;
}

/**
 * The AWS JSON 1.1 endpoint and the few GET documents beside it. This is the only module that knows
 * HTTP, and the only place where errors become responses.
 */
export class HttpFront {
  constructor(private readonly opts: HttpOptions) {}

  /** Creates (but does not start) an HTTP/1.1 server bound to this front. */
  createServer(): Http1Server {
    return new Http1Server((req, res) => this.handle(req, res), {
      maxBodyBytes: this.opts.maxBodyBytes,
      onError: (e) => this.opts.log(`unhandled error: ${(e as Error)?.stack ?? e}`),
    });
  }

  private requestId(): string {
    return this.opts.services.random.uuid();
  }

  private handle(req: Http1Request, res: Http1Response): void {
    const started = this.opts.logRequests === false ? 0 : performance.now();
    const method = req.method;
    if (method === 'POST' && (req.url === '/' || req.url.startsWith('/?'))) {
      this.handleOperation(req, res, started);
      return;
    }
    if (method === 'OPTIONS') {
      const allowHeaders = req.header('access-control-request-headers');
      res.send(200, [
        'Access-Control-Allow-Origin', '*',
        'Access-Control-Expose-Headers', CORS_HEADERS['Access-Control-Expose-Headers'],
        'Access-Control-Allow-Methods', 'POST, GET, OPTIONS',
        'Access-Control-Allow-Headers', allowHeaders === undefined ? '*' : headerSafe(allowHeaders),
        'Access-Control-Max-Age', '86400',
      ], '');
      return;
    }
    if (method === 'GET' || method === 'HEAD') {
      this.handleGet(req, res, started).catch((e) => {
        this.opts.log(`unhandled error: ${(e as Error).stack ?? e}`);
        res.send(500, [], '');
      });
      return;
    }
    this.sendJson(res, 404, { message: 'Not found' }, this.requestId());
  }

  private async handleGet(req: Http1Request, res: Http1Response, started: number): Promise<void> {
    const requestId = this.requestId();
    const url = new URL(req.url, 'http://localhost');
    const path = url.pathname;
    let status = 200;
    try {
      if (path === '/health') {
        const health = this.opts.services.store.health?.() ?? { ok: true };
        this.sendJson(res, health.ok ? 200 : (status = 503), health.ok ? { status: 'ok' } : { status: 'unhealthy', message: health.detail }, requestId);
        return;
      }
      if (path === '/_cognate/messages') {
        const filter: { poolId?: string; username?: string } = {};
        const poolId = url.searchParams.get('poolId');
        const username = url.searchParams.get('username');
        if (poolId !== null) filter.poolId = poolId;
        if (username !== null) filter.username = username;
        const messages = await this.opts.services.store.listMessages(filter);
        this.sendJson(res, 200, {
          messages: messages.map((m) => ({
            poolId: m.poolId, username: m.username, deliveryMedium: m.medium, destination: m.destination, code: m.code,
            message: m.message, createdAt: m.createdAt.toISOString(),
          })),
        }, requestId);
        return;
      }
      const wellKnown = /^\/([\w-]+_[0-9a-zA-Z]+)\/\.well-known\/(jwks\.json|openid-configuration)$/.exec(path);
      if (wellKnown) {
        const poolId = wellKnown[1]!;
        const jwks = await this.opts.services.tokens.jwks(poolId);
        if (!jwks) {
          status = 404;
          this.sendJson(res, 404, { message: `User pool ${poolId} does not exist.` }, requestId);
          return;
        }
        if (wellKnown[2] === 'jwks.json') {
          this.sendJson(res, 200, jwks, requestId);
        } else {
          const issuer = this.opts.services.tokens.issuerFor(poolId);
          this.sendJson(res, 200, {
            id_token_signing_alg_values_supported: ['RS256'],
            issuer,
            jwks_uri: `${issuer}/.well-known/jwks.json`,
            scopes_supported: ['openid', 'email', 'phone', 'profile'],
            subject_types_supported: ['public'],
          }, requestId);
        }
        return;
      }
      status = 404;
      this.sendJson(res, 404, { message: 'Not found' }, requestId);
    } catch (e) {
      status = 500;
      this.opts.log(`GET ${path} failed (request ${requestId}): ${(e as Error).stack ?? e}`);
      this.sendJson(res, 500, { message: `Internal error (request ${requestId})` }, requestId);
    } finally {
      this.logRequest(`GET ${path}`, status, requestId, started);
    }
  }

  /**
   * The hot path, written with callbacks rather than async/await: routing, parsing and validating run
   * synchronously as the request arrives, and only the operation itself is awaited. Measured on the
   * benchmark, each promise hop between the request's arrival and the response's write cost throughput
   * out of proportion to its own CPU time.
   */
  private handleOperation(req: Http1Request, res: Http1Response, started: number): void {
    const requestId = this.requestId();
    const headers = operationHeaders(req.rawHeaders);
    if (req.tooLarge) {
      const target = headers.target;
      const opName = typeof target === 'string' ? target.slice(target.lastIndexOf('.') + 1) : '-';
      this.fail(res, new RequestEntityTooLargeException(`Request body is larger than ${this.opts.maxBodyBytes} bytes.`), requestId, opName, started);
      return;
    }
    this.runOperation(req, headers, res, req.body.length > 0 ? req.body : null, requestId, started);
  }

  private runOperation(req: Http1Request, headers: OperationHeaders, res: Http1Response, body: Buffer | null, requestId: string, started: number): void {
    const target = headers.target;
    let opName = typeof target === 'string' ? target : '-';
    let pending: Promise<unknown>;
    try {
      const targetText = typeof target === 'string' ? target : '';
      const dot = targetText.lastIndexOf('.');
      const prefix = dot > 0 ? targetText.slice(0, dot) : '';
      const name = dot > 0 ? targetText.slice(dot + 1) : '';
      const operation = prefix === TARGET_PREFIX ? this.opts.operations.get(name as OperationName) : undefined;
      if (!operation) {
        throw new UnknownOperationException(typeof target === 'string' ? `The operation ${target} is not supported.` : 'Missing X-Amz-Target header.');
      }
      opName = name;
      const contentType = headers.contentType;
      if (contentType === undefined || !JSON_TYPES.has(contentType.split(';')[0]!.trim().toLowerCase())) {
        throw new UnsupportedMediaTypeException(`Unsupported Content-Type: ${contentType || '(none)'}; expected application/x-amz-json-1.1.`);
      }
      const model = OPERATION_MODELS[name as OperationName];
      // AWS authenticates before it reads the body; token-authorised operations carry no signature.
      if (this.opts.sigv4 && model.auth === 'sigv4') this.opts.sigv4.verify({ url: req.url, rawHeaders: req.rawHeaders, body: body ?? Buffer.alloc(0) });
      let parsed: unknown = {};
      if (body !== null && body.length > 0) {
        try {
          // No reviver (it disables V8's fast JSON path): a "__proto__" key parses as a plain own
          // property, and readInput copies only modelled members (maps skip "__proto__").
          parsed = JSON.parse(body.toString('utf8'));
        } catch {
          throw new SerializationException('Malformed request body: not valid JSON.');
        }
      }
      if (parsed === null) parsed = {};
      const input = readInput(model.input, parsed);
      validateInput(model.input, input);
      pending = operation.handle(input as never, this.opts.services);
    } catch (e) {
      this.fail(res, e, requestId, opName, started);
      return;
    }
    pending.then(
      (output) => {
        this.sendJson(res, 200, output ?? {}, requestId);
        this.logRequest(opName, 200, requestId, started);
      },
      (e) => this.fail(res, e, requestId, opName, started),
    );
  }

  /** Turns any failure into a wire error; anything not a CognitoError is logged and hidden. */
  private fail(res: Http1Response, e: unknown, requestId: string, opName: string, started: number): void {
    let error: CognitoError;
    if (e instanceof CognitoError) {
      error = e;
    } else {
      this.opts.log(`${opName} failed (request ${requestId}): ${(e as Error)?.stack ?? e}`);
      error = new InternalErrorException(`Internal server error (request ${requestId}).`);
    }
    this.sendError(res, error, requestId);
    this.logRequest(opName, error.status, requestId, started);
  }

  private sendJson(res: Http1Response, status: number, body: unknown, requestId: string): void {
    res.send(status, [
      'Access-Control-Allow-Origin', '*',
      'Access-Control-Expose-Headers', CORS_HEADERS['Access-Control-Expose-Headers'],
      'Content-Type', 'application/x-amz-json-1.1',
      'x-amzn-RequestId', requestId,
    ], JSON.stringify(body));
  }

  private sendError(res: Http1Response, error: CognitoError, requestId: string): void {
    // Coral spells the member `Message` on serialisation errors and `message` elsewhere; clients read both.
    const messageKey = error instanceof SerializationException ? 'Message' : 'message';
    res.send(error.status, [
      'Access-Control-Allow-Origin', '*',
      'Access-Control-Expose-Headers', CORS_HEADERS['Access-Control-Expose-Headers'],
      'Content-Type', 'application/x-amz-json-1.1',
      'x-amzn-RequestId', requestId,
      'x-amzn-ErrorType', `${error.type}:`,
      'x-amzn-ErrorMessage', headerSafe(error.message),
    ], JSON.stringify({ __type: error.type, [messageKey]: error.message, ...error.extra() }));
  }

  private logRequest(what: string, status: number, requestId: string, started: number): void {
    if (this.opts.logRequests === false) return;
    this.opts.log(`${what} ${status} ${requestId} ${(performance.now() - started).toFixed(1)}ms`);
  }
}

/** The base URL a listening server answers on. */
export function baseUrlOf(server: Http1Server): string {
  const a = server.address();
  const host = a.family === 'IPv6' ? `[${a.address}]` : a.address;
  return `http://${host}:${a.port}`;
}
