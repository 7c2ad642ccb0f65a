import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
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
import type { Operation, Services } from '../operations/operation.js';

/** What the HTTP layer needs besides the operations. */
export interface HttpOptions {
  services: Services;
  operations: ReadonlyMap<OperationName, Operation<OperationName>>;
  maxBodyBytes: number;
  /** One line per request and per notable event. */
  log: (line: string) => void;
}

const JSON_TYPES = new Set(['application/x-amz-json-1.1', 'application/x-amz-json-1.0']);

const CORS_HEADERS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Expose-Headers': 'x-amzn-RequestId,x-amzn-ErrorType,x-amzn-ErrorMessage,Date',
};

/** Drops keys that could reach an object's prototype when the value is later copied. */
function safeReviver(key: string, value: unknown): unknown {
  return key === '__proto__' || key === 'constructor' || key === 'prototype' ? undefined : value;
}

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

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage, max: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > max) {
      reject(new BodyTooLarge());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) {
        req.removeAllListeners('data');
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * The AWS JSON 1.1 endpoint and the few GET documents beside it. This is the only module that knows
 * HTTP, and the only place where errors become responses.
 */
export class HttpFront {
  constructor(private readonly opts: HttpOptions) {}

  /** Creates (but does not start) a node:http server bound to this front. */
  createServer(): Server {
    const server = createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
      this.handle(req, res).catch((e) => {
        this.opts.log(`unhandled error: ${(e as Error).stack ?? e}`);
        if (!res.headersSent) {
          res.writeHead(500);
          res.end();
        }
      });
    });
    return server;
  }

  private requestId(): string {
    return this.opts.services.random.uuid();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const method = req.method ?? 'GET';
    if (method === 'POST' && (req.url === '/' || req.url?.startsWith('/?'))) {
      await this.handleOperation(req, res, started);
      return;
    }
    if (method === 'OPTIONS') {
      res.writeHead(200, {
        ...CORS_HEADERS,
        'Access-Control-Allow-Methods': 'POST, GET, OPTIONS',
        'Access-Control-Allow-Headers': req.headers['access-control-request-headers'] ?? '*',
        'Access-Control-Max-Age': '86400',
        'Content-Length': '0',
      });
      res.end();
      return;
    }
    if (method === 'GET' || method === 'HEAD') {
      await this.handleGet(req, res, started);
      return;
    }
    this.sendJson(res, 404, { message: 'Not found' }, this.requestId());
  }

  private async handleGet(req: IncomingMessage, res: ServerResponse, started: number): Promise<void> {
    const requestId = this.requestId();
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname;
    let status = 200;
    try {
      if (path === '/health') {
        this.sendJson(res, 200, { status: 'ok' }, requestId);
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

  private async handleOperation(req: IncomingMessage, res: ServerResponse, started: number): Promise<void> {
    const requestId = this.requestId();
    const target = req.headers['x-amz-target'];
    let opName = typeof target === 'string' ? target : '-';
    let status = 200;
    try {
      const body = await readBody(req, this.opts.maxBodyBytes).catch((e) => {
        if (e instanceof BodyTooLarge) {
          res.setHeader('Connection', 'close');
          throw new RequestEntityTooLargeException(`Request body is larger than ${this.opts.maxBodyBytes} bytes.`);
        }
        throw e;
      });
      const targetText = typeof target === 'string' ? target : '';
      const dot = targetText.lastIndexOf('.');
      const prefix = dot > 0 ? targetText.slice(0, dot) : '';
      const name = dot > 0 ? targetText.slice(dot + 1) : '';
      const operation = prefix === TARGET_PREFIX ? this.opts.operations.get(name as OperationName) : undefined;
      if (!operation) {
        throw new UnknownOperationException(typeof target === 'string' ? `The operation ${target} is not supported.` : 'Missing X-Amz-Target header.');
      }
      opName = name;
      const contentType = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
      if (!JSON_TYPES.has(contentType)) {
        throw new UnsupportedMediaTypeException(`Unsupported Content-Type: ${contentType || '(none)'}; expected application/x-amz-json-1.1.`);
      }
      let parsed: unknown = {};
      if (body.length > 0) {
        try {
          parsed = JSON.parse(body.toString('utf8'), safeReviver);
        } catch {
          throw new SerializationException('Malformed request body: not valid JSON.');
        }
      }
      if (parsed === null) parsed = {};
      const model = OPERATION_MODELS[name as OperationName];
      const input = readInput(model.input, parsed);
      validateInput(model.input, input);
      const output = await operation.handle(input as never, this.opts.services);
      this.sendJson(res, 200, output ?? {}, requestId);
    } catch (e) {
      let error: CognitoError;
      if (e instanceof CognitoError) {
        error = e;
      } else {
        this.opts.log(`${opName} failed (request ${requestId}): ${(e as Error)?.stack ?? e}`);
        error = new InternalErrorException(`Internal server error (request ${requestId}).`);
      }
      status = error.status;
      this.sendError(res, error, requestId);
    } finally {
      this.logRequest(opName, status, requestId, started);
    }
  }

  private sendJson(res: ServerResponse, status: number, body: unknown, requestId: string): void {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      ...CORS_HEADERS,
      'Content-Type': 'application/x-amz-json-1.1',
      'Content-Length': Buffer.byteLength(text),
      'x-amzn-RequestId': requestId,
    });
    res.end(text);
  }

  private sendError(res: ServerResponse, error: CognitoError, requestId: string): void {
    // Coral spells the member `Message` on serialisation errors and `message` elsewhere; clients read both.
    const messageKey = error instanceof SerializationException ? 'Message' : 'message';
    const text = JSON.stringify({ __type: error.type, [messageKey]: error.message, ...error.extra() });
    res.writeHead(error.status, {
      ...CORS_HEADERS,
      'Content-Type': 'application/x-amz-json-1.1',
      'Content-Length': Buffer.byteLength(text),
      'x-amzn-RequestId': requestId,
      'x-amzn-ErrorType': `${error.type}:`,
      'x-amzn-ErrorMessage': headerSafe(error.message),
    });
    res.end(text);
  }

  private logRequest(what: string, status: number, requestId: string, started: number): void {
    this.opts.log(`${what} ${status} ${requestId} ${(performance.now() - started).toFixed(1)}ms`);
  }
}

/** The base URL a listening server answers on. */
export function baseUrlOf(server: Server): string {
  const a = server.address() as AddressInfo;
  const host = a.family === 'IPv6' ? `[${a.address}]` : a.address;
  return `http://${host}:${a.port}`;
}
