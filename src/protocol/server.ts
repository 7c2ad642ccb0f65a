import type { IncomingMessage, ServerResponse } from 'node:http';
import { isImportUpload, serveImportUpload } from './imports.js';
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
import type { HttpHost } from '../http/server.js';
import type { Operation } from '../operations/operation.js';
import type { Services } from '../services.js';
import { MAX_JSON_DEPTH, nestsDeeperThan } from './json-depth.js';
import { domainBaseUrl, domainOfRequest, hostName } from './oauth/addressing.js';
import { OAuthFront } from './oauth/front.js';
import type { SigV4Verifier } from './sigv4.js';

/** What the protocol needs besides the HTTP server it answers through. */
export interface ProtocolOptions {
  services: Services;
  operations: ReadonlyMap<OperationName, Operation<OperationName>>;
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
  /** The server's public base URL (the domains' endpoints in discovery documents hang under it). */
  publicBaseUrl?: () => string;
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

/**
 * The AWS JSON 1.1 endpoint and the few GET documents beside it (health, JWKS, openid-configuration,
 * the outbox): routing by X-Amz-Target, and the only place where errors become responses. The HTTP
 * server itself (limits, deadlines, reading bodies, graceful close) is src/http/server.ts.
 */
export class AwsJsonFront {
  /** The endpoints of the pools' domains (hosted pages, OAuth 2.0). */
  private readonly oauth: OAuthFront;

  constructor(
    private readonly opts: ProtocolOptions,
    private readonly http: HttpHost,
  ) {
    this.oauth = new OAuthFront(opts.services, http, opts.log, opts.logRequests !== false, opts.operations);
  }

  private requestId(): string {
    return this.opts.services.random.uuid();
  }

  /** Every request; a fault of ours never escapes to crash the process. */
  handle(req: IncomingMessage, res: ServerResponse): void {
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
    if (isImportUpload(method, url)) {
      serveImportUpload(req, res, this.opts.services, (r, status, headers, body, close) => this.send(r, status, headers, body, close), this.opts.log);
      return;
    }
    // After the AWS JSON hot path: a request to a pool's domain (src/protocol/oauth/addressing.ts).
    const domainRequest = domainOfRequest(hostName(req.headers.host), url);
    if (domainRequest) {
      this.oauth.handle(req, res, domainRequest);
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
      this.send(
        res,
        200,
        [
          'Access-Control-Allow-Origin',
          origin,
          'Access-Control-Expose-Headers',
          EXPOSE_HEADERS,
          'Access-Control-Allow-Methods',
          'POST, GET, OPTIONS',
          'Access-Control-Allow-Headers',
          allowHeaders === undefined ? '*' : headerSafe(allowHeaders),
          'Access-Control-Max-Age',
          '86400',
        ],
        '',
      );
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
        if (!health.ok) status = 503;
        this.sendJson(res, status, health.ok ? { status: 'ok' } : { status: 'unhealthy', message: health.detail }, requestId);
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
        this.sendJson(
          res,
          200,
          {
            messages: messages.map((m) => ({
              poolId: m.poolId,
              username: m.username,
              deliveryMedium: m.medium,
              destination: m.destination,
              code: m.code,
              subject: m.subject,
              message: m.message,
              createdAt: m.createdAt.toISOString(),
            })),
          },
          requestId,
          origin,
        );
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
          this.sendJson(res, 200, await this.discovery(poolId), requestId);
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
   * The pool's openid-configuration. Once the pool has a domain it lists the OAuth 2.0 endpoints there,
   * in the path-based form (src/protocol/oauth/addressing.ts), members in the order of Cognito's document
   * (alphabetical); revocation_endpoint is added (whether Cognito lists it is unconfirmed; libraries
   * look for it there).
   */
  private async discovery(poolId: string): Promise<Record<string, unknown>> {
    const issuer = this.opts.services.tokens.issuerFor(poolId);
    const domains = this.opts.publicBaseUrl ? await this.opts.services.store.domainsOfPool(poolId) : [];
    const base = domains[0] && this.opts.publicBaseUrl ? domainBaseUrl(this.opts.publicBaseUrl(), domains[0].domain) : null;
    return {
      ...(base ? { authorization_endpoint: `${base}/oauth2/authorize` } : {}),
      id_token_signing_alg_values_supported: ['RS256'],
      issuer,
      jwks_uri: `${issuer}/.well-known/jwks.json`,
      ...(base ? { response_types_supported: ['code', 'token'], revocation_endpoint: `${base}/oauth2/revoke` } : {}),
      scopes_supported: ['openid', 'email', 'phone', 'profile'],
      subject_types_supported: ['public'],
      ...(base
        ? {
            token_endpoint: `${base}/oauth2/token`,
            token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
            userinfo_endpoint: `${base}/oauth2/userInfo`,
          }
        : {}),
    };
  }

  /**
   * The hot path, written with callbacks rather than async/await: routing, parsing and validating run
   * synchronously as the body arrives, and only the operation itself is awaited. Measured on the
   * benchmark, each promise hop between the request's arrival and the response's write cost throughput
   * out of proportion to its own CPU time.
   *
   * A body past the HTTP server's size limit is answered 413 and its connection closed.
   */
  private handleOperation(req: IncomingMessage, res: ServerResponse, started: number): void {
    const requestId = this.requestId();
    const headers = operationHeaders(req.rawHeaders);
    this.http.readBody(
      req,
      (body) => this.runOperation(req, headers, res, body, requestId, started),
      () => this.refuseTooLarge(req, res, headers, requestId, started),
    );
  }

  /** Answers 413 and closes the connection; what the client still sends is read and dropped until then. */
  private refuseTooLarge(req: IncomingMessage, res: ServerResponse, headers: OperationHeaders, requestId: string, started: number): void {
    const target = headers.target;
    const opName = typeof target === 'string' ? target.slice(target.lastIndexOf('.') + 1) : '-';
    this.http.lingerThenClose(req, res);
    this.fail(res, new RequestEntityTooLargeException(`Request body is larger than ${this.http.limits.maxBodyBytes} bytes.`), requestId, opName, started, true);
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
      if (this.opts.sigv4 && model.auth === 'sigv4')
        this.opts.sigv4.verify({ method: 'POST', url: req.url!, rawHeaders: req.rawHeaders, body: body ?? EMPTY_BODY });
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
    return bare === OUTBOX_PATH ? (this.opts.outboxCorsOrigin ?? null) : '*';
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
      'Content-Type',
      'application/x-amz-json-1.1',
      'x-amzn-RequestId',
      requestId,
      'x-amzn-ErrorType',
      `${error.type}:`,
      'x-amzn-ErrorMessage',
      headerSafe(error.message),
    );
    this.send(res, error.status, headers, JSON.stringify({ __type: error.type, [messageKey]: error.message, ...error.extra() }), close);
  }

  private send(res: ServerResponse, status: number, headers: string[], body: string, close = false): void {
    this.http.send(res, status, headers, body, close);
  }

  private logRequest(what: string, status: number, requestId: string, started: number): void {
    if (this.opts.logRequests === false) return;
    this.opts.log(`${what} ${status} ${requestId} ${(performance.now() - started).toFixed(1)}ms`);
  }
}
