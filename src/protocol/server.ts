import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
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
import type { Operation } from '../operations/operation.js';
import type { Services } from '../services.js';
import { MAX_JSON_DEPTH, nestsDeeperThan } from './json-depth.js';
import type { SigV4Verifier } from './sigv4.js';

/** What the HTTP layer needs besides the operations. */
export interface HttpOptions {
  services: Services;
  operations: ReadonlyMap<OperationName, Operation<OperationName>>;
  maxBodyBytes: number;
  /** Deadline for a request's header, in milliseconds (llhttp answers 408 and closes). */
  headersTimeoutMs: number;
  /** Deadline for a whole request, header and body, in milliseconds (408); at least `headersTimeoutMs`. */
  requestTimeoutMs: number;
  /** Idle keep-alive connections close after this many milliseconds. */
  keepAliveTimeoutMs: number;
  /** Notable events: failures, the outbox. */
  log: (line: string) => void;
  /** One line per request (operation, status, request id, milliseconds); off with `serve --quiet`. */
  logRequests?: boolean;
  /**
   * Checks SigV4 on signed operations and on reading the outbox; absent, any signature (or none) is
   * accepted and the outbox is open, as emulators do.
   */
  sigv4?: SigV4Verifier;
  /** The one origin browsers may read the outbox from (`Access-Control-Allow-Origin`); absent, none. */
  outboxCorsOrigin?: string | null;
}

const JSON_TYPES = new Set(['application/x-amz-json-1.1', 'application/x-amz-json-1.0']);

/** Response headers browsers may read, on every answer that allows an origin. */
const EXPOSE_HEADERS = 'x-amzn-RequestId,x-amzn-ErrorType,x-amzn-ErrorMessage,Date';

/** The outbox: the codes every SMS and email carried, so reading it is as good as receiving them. */
const OUTBOX_PATH = '/_cognate/messages';

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

const EMPTY_BODY = Buffer.alloc(0);

/** Largest request header section llhttp accepts (431 beyond it). */
const MAX_HEADER_BYTES = 16 * 1024;
/** How long a connection refused mid-body may linger (so the client can read the 413) before it is cut. */
const LINGER_MS = 2_000;

/**
 * The AWS JSON 1.1 endpoint and the few GET documents beside it. This is the only module that knows
 * HTTP, and the only place where errors become responses.
 *
 * HTTP/1.1 is Node's own `node:http` with its strict llhttp parser, which is fuzzed and shared by the
 * whole Node ecosystem: a request that could be framed two ways (obsolete line folding, bare LF, control
 * characters or trailing junk in header values, Content-Length beside Transfer-Encoding, malformed chunks
 * or trailers) is answered 400 and its connection closed. An earlier hand-written parser on `node:net`
 * saved about 9 µs of CPU per request but read such bytes differently from llhttp, which is how requests
 * get smuggled past a proxy; correctness of framing is worth more than those microseconds.
 */
export class HttpFront {
  private server: Server | null = null;
  /** Set by `close()`: every answer from then on says `Connection: close`. */
  private closing = false;

  constructor(private readonly opts: HttpOptions) {}

  /** Creates (but does not start) the HTTP/1.1 server bound to this front. */
  createServer(): Server {
    const headersTimeout = Math.min(this.opts.headersTimeoutMs, this.opts.requestTimeoutMs);
    const server = createHttpServer({
      insecureHTTPParser: false,
      maxHeaderSize: MAX_HEADER_BYTES,
      headersTimeout,
      requestTimeout: this.opts.requestTimeoutMs,
      // Deadlines are checked on this interval, so it bounds how late they fire.
      connectionsCheckingInterval: Math.max(50, Math.min(1_000, Math.floor(headersTimeout / 4))),
      noDelay: true,
    }, (req, res) => this.handle(req, res));
    server.keepAliveTimeout = this.opts.keepAliveTimeoutMs;
    this.server = server;
    return server;
  }

  /** Starts listening; resolves with the base URL the server answers on. */
  listen(port: number, host: string): Promise<string> {
    const server = this.server ?? this.createServer();
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve(baseUrlOf(server));
      });
    });
  }

  /**
   * Stops accepting connections and closes idle keep-alive ones (node:http's `close()` does both);
   * requests in flight are answered, with `Connection: close`, and their connections close after the
   * answer. Resolves when every connection is gone; after `graceMs` whatever is left is cut.
   */
  close(graceMs: number): Promise<void> {
    const server = this.server;
    this.closing = true;
    if (!server?.listening) return Promise.resolve();
    return new Promise((resolve) => {
      // One turn later: a request that reached its socket in the same poll as the signal that called us
      // is read first, so its connection is busy, not idle, when server.close() closes the idle ones.
      setImmediate(() => {
        const force = setTimeout(() => server.closeAllConnections(), graceMs);
        server.close(() => {
          clearTimeout(force);
          resolve();
        });
      });
    });
  }

  private requestId(): string {
    return this.opts.services.random.uuid();
  }

  /** Every request; a fault of ours never escapes to crash the process. */
  private handle(req: IncomingMessage, res: ServerResponse): void {
    try {
      this.route(req, res);
    } catch (e) {
      this.opts.log(`unhandled error: ${(e as Error)?.stack ?? e}`);
      if (!res.headersSent) this.send(res, 500, [], '', true);
      else res.destroy();
    }
  }

  private route(req: IncomingMessage, res: ServerResponse): void {
    const started = this.opts.logRequests === false ? 0 : performance.now();
    const method = req.method;
    const url = req.url!;
    if (method === 'POST' && (url === '/' || url.startsWith('/?'))) {
      this.handleOperation(req, res, started);
      return;
    }
    if (method === 'OPTIONS') {
      // The AWS JSON endpoint answers any origin, as Cognito does for browser apps; the outbox only
      // the one configured, if any.
      const origin = this.corsOrigin(url);
      if (origin === null) {
        this.send(res, 200, [], '');
        return;
      }
      const allowHeaders = req.headers['access-control-request-headers'];
      this.send(res, 200, [
        'Access-Control-Allow-Origin', origin,
        'Access-Control-Expose-Headers', EXPOSE_HEADERS,
        'Access-Control-Allow-Methods', 'POST, GET, OPTIONS',
        'Access-Control-Allow-Headers', allowHeaders === undefined ? '*' : headerSafe(allowHeaders),
        'Access-Control-Max-Age', '86400',
      ], '');
      return;
    }
    if (method === 'GET' || method === 'HEAD') {
      this.handleGet(req, res, started).catch((e) => {
        this.opts.log(`unhandled error: ${(e as Error).stack ?? e}`);
        if (!res.headersSent) this.send(res, 500, [], '');
      });
      return;
    }
    this.sendJson(res, 404, { message: 'Not found' }, this.requestId());
  }

  private async handleGet(req: IncomingMessage, res: ServerResponse, started: number): Promise<void> {
    const requestId = this.requestId();
    const url = new URL(req.url!, 'http://localhost');
    const path = url.pathname;
    let status = 200;
    try {
      if (path === '/health') {
        const health = this.opts.services.store.health?.() ?? { ok: true };
        this.sendJson(res, health.ok ? 200 : (status = 503), health.ok ? { status: 'ok' } : { status: 'unhealthy', message: health.detail }, requestId);
        return;
      }
      if (path === OUTBOX_PATH) {
        const origin = this.opts.outboxCorsOrigin ?? null;
        if (this.opts.sigv4) {
          try {
            this.opts.sigv4.verify({ method: req.method!, url: req.url!, rawHeaders: req.rawHeaders, body: EMPTY_BODY });
          } catch (e) {
            if (!(e instanceof CognitoError)) throw e;
            status = e.status;
            this.sendError(res, e, requestId, false, origin);
            return;
          }
        }
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
        }, requestId, origin);
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
      this.sendJson(res, 500, { message: `Internal error (request ${requestId})` }, requestId, this.corsOrigin(path));
    } finally {
      this.logRequest(`GET ${path}`, status, requestId, started);
    }
  }

  /**
   * The hot path, written with callbacks rather than async/await: routing, parsing and validating run
   * synchronously as the body arrives, and only the operation itself is awaited. Measured on the
   * benchmark, each promise hop between the request's arrival and the response's write cost throughput
   * out of proportion to its own CPU time.
   *
   * The body is counted as it streams in: past `maxBodyBytes` nothing more is kept, the request is
   * answered 413 and its connection closed (a declared Content-Length over the limit is refused before
   * any of the body is read).
   */
  private handleOperation(req: IncomingMessage, res: ServerResponse, started: number): void {
    const requestId = this.requestId();
    const headers = operationHeaders(req.rawHeaders);
    const max = this.opts.maxBodyBytes;
    const declared = req.headers['content-length'];
    if (declared !== undefined && Number(declared) > max) {
      this.refuseTooLarge(req, res, headers, requestId, started);
      return;
    }
    let parts: Buffer[] = [];
    let size = 0;
    let refused = false;
    req.on('data', (chunk: Buffer) => {
      if (refused) return;
      size += chunk.length;
      if (size > max) {
        refused = true;
        parts = [];
        this.refuseTooLarge(req, res, headers, requestId, started);
        return;
      }
      parts.push(chunk);
    });
    req.on('end', () => {
      if (refused) return;
      const body = size === 0 ? null : parts.length === 1 ? parts[0]! : Buffer.concat(parts, size);
      this.runOperation(req, headers, res, body, requestId, started);
    });
  }

  /** Answers 413 and closes the connection; what the client still sends is read and dropped until then. */
  private refuseTooLarge(req: IncomingMessage, res: ServerResponse, headers: OperationHeaders, requestId: string, started: number): void {
    const target = headers.target;
    const opName = typeof target === 'string' ? target.slice(target.lastIndexOf('.') + 1) : '-';
    const socket = req.socket;
    // Not cut at once: a reset would make the client drop the answer along with the unread body.
    res.once('finish', () => setTimeout(() => socket.destroy(), LINGER_MS).unref());
    this.fail(res, new RequestEntityTooLargeException(`Request body is larger than ${this.opts.maxBodyBytes} bytes.`), requestId, opName, started, true);
  }

  private runOperation(req: IncomingMessage, headers: OperationHeaders, res: ServerResponse, body: Buffer | null, requestId: string, started: number): void {
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
      if (this.opts.sigv4 && model.auth === 'sigv4') this.opts.sigv4.verify({ method: 'POST', url: req.url!, rawHeaders: req.rawHeaders, body: body ?? EMPTY_BODY });
      let parsed: unknown = {};
      if (body !== null && body.length > 0) {
        if (nestsDeeperThan(body, MAX_JSON_DEPTH)) {
          throw new SerializationException(`Malformed request body: JSON nested deeper than ${MAX_JSON_DEPTH} levels.`);
        }
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
  private fail(res: ServerResponse, e: unknown, requestId: string, opName: string, started: number, close = false): void {
    let error: CognitoError;
    if (e instanceof CognitoError) {
      error = e;
    } else {
      this.opts.log(`${opName} failed (request ${requestId}): ${(e as Error)?.stack ?? e}`);
      error = new InternalErrorException(`Internal server error (request ${requestId}).`);
    }
    this.sendError(res, error, requestId, close);
    this.logRequest(opName, error.status, requestId, started);
  }

  /** The origin browsers may read `path` from: any for the AWS endpoint and the public documents, for the outbox only the configured one. */
  private corsOrigin(path: string): string | null {
    const bare = path.indexOf('?') < 0 ? path : path.slice(0, path.indexOf('?'));
    return bare === OUTBOX_PATH ? this.opts.outboxCorsOrigin ?? null : '*';
  }

  private sendJson(res: ServerResponse, status: number, body: unknown, requestId: string, origin: string | null = '*'): void {
    const headers = origin === null ? [] : ['Access-Control-Allow-Origin', origin, 'Access-Control-Expose-Headers', EXPOSE_HEADERS];
    headers.push('Content-Type', 'application/x-amz-json-1.1', 'x-amzn-RequestId', requestId);
    this.send(res, status, headers, JSON.stringify(body));
  }

  private sendError(res: ServerResponse, error: CognitoError, requestId: string, close = false, origin: string | null = '*'): void {
    // Coral spells the member `Message` on serialisation errors and `message` elsewhere; clients read both.
    const messageKey = error instanceof SerializationException ? 'Message' : 'message';
    const headers = origin === null ? [] : ['Access-Control-Allow-Origin', origin, 'Access-Control-Expose-Headers', EXPOSE_HEADERS];
    headers.push(
      'Content-Type', 'application/x-amz-json-1.1',
      'x-amzn-RequestId', requestId,
      'x-amzn-ErrorType', `${error.type}:`,
      'x-amzn-ErrorMessage', headerSafe(error.message),
    );
    this.send(res, error.status, headers, JSON.stringify({ __type: error.type, [messageKey]: error.message, ...error.extra() }), close);
  }

  /**
   * Writes a whole answer in one go. `headers` is a flat [name, value, ...] list; Content-Length is
   * added, and `Connection: close` when asked or once the server is closing (Node then closes the
   * connection after the answer). Date and keep-alive headers are Node's.
   */
  private send(res: ServerResponse, status: number, headers: string[], body: string, close = false): void {
    if (close || this.closing) headers.push('Connection', 'close');
    headers.push('Content-Length', String(Buffer.byteLength(body)));
    res.writeHead(status, headers);
    res.end(body);
  }

  private logRequest(what: string, status: number, requestId: string, started: number): void {
    if (this.opts.logRequests === false) return;
    this.opts.log(`${what} ${status} ${requestId} ${(performance.now() - started).toFixed(1)}ms`);
  }
}

/** The HTTP server a front creates: node:http's, named here so that only this module imports node:http. */
export type HttpServer = Server;

/** The base URL a listening server answers on. */
export function baseUrlOf(server: Server): string {
  const a = server.address() as AddressInfo;
  const host = a.family === 'IPv6' ? `[${a.address}]` : a.address;
  return `http://${host}:${a.port}`;
}
