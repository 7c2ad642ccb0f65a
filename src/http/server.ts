import { createServer as createNodeServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The limits and deadlines of the HTTP server. */
export interface HttpLimits {
  /** Largest request body kept; past it the request is refused (see `readBody`). */
  maxBodyBytes: number;
  /** Deadline for a request's header, in milliseconds (llhttp answers 408 and closes). */
  headersTimeoutMs: number;
  /** Deadline for a whole request, header and body, in milliseconds (408); at least `headersTimeoutMs`. */
  requestTimeoutMs: number;
  /** Idle keep-alive connections close after this many milliseconds. */
  keepAliveTimeoutMs: number;
}

/** The HTTP server: node:http's, named here so that only src/http/ and src/protocol/ import node:http. */
export type HttpServer = Server;

/** Largest request header section llhttp accepts (431 beyond it). */
const MAX_HEADER_BYTES = 16 * 1024;
/** How long a connection refused mid-body may linger (so the client can read the answer) before it is cut. */
const LINGER_MS = 2_000;

/**
 * HTTP/1.1 on Node's own `node:http` with its strict llhttp parser, which is fuzzed and shared by the
 * whole Node ecosystem: a request that could be framed two ways (obsolete line folding, bare LF, control
 * characters or trailing junk in header values, Content-Length beside Transfer-Encoding, malformed chunks
 * or trailers) is answered 400 and its connection closed. An earlier hand-written parser on `node:net`
 * saved about 9 µs of CPU per request but read such bytes differently from llhttp, which is how requests
 * get smuggled past a proxy; correctness of framing is worth more than those microseconds.
 *
 * This class owns the server: limits, deadlines, keep-alive, reading bodies under the size limit,
 * writing whole answers and the graceful close. What a request means is the protocol's business.
 */
export class HttpHost {
  private server: Server | null = null;
  /** Set by `close()`: every answer from then on says `Connection: close`. */
  private closing = false;

  constructor(readonly limits: HttpLimits) {}

  /** Creates (but does not start) the HTTP/1.1 server; `handle` gets every request. */
  createServer(handle: (req: IncomingMessage, res: ServerResponse) => void): Server {
    const headersTimeout = Math.min(this.limits.headersTimeoutMs, this.limits.requestTimeoutMs);
    const server = createNodeServer(
      {
        insecureHTTPParser: false,
        maxHeaderSize: MAX_HEADER_BYTES,
        headersTimeout,
        requestTimeout: this.limits.requestTimeoutMs,
        // Deadlines are checked on this interval, so it bounds how late they fire.
        connectionsCheckingInterval: Math.max(50, Math.min(1_000, Math.floor(headersTimeout / 4))),
        noDelay: true,
      },
      handle,
    );
    server.keepAliveTimeout = this.limits.keepAliveTimeoutMs;
    this.server = server;
    return server;
  }

  /** Starts listening (the server must have been created); resolves with the base URL it answers on. */
  listen(port: number, host: string): Promise<string> {
    const server = this.server;
    if (!server) throw new TypeError('HttpHost.listen before createServer');
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

  /**
   * Reads a request's body, counting it as it streams in, with callbacks rather than a promise (each
   * promise hop on the hot path cost throughput out of proportion to its CPU time on the benchmark).
   * Past `maxBodyBytes` nothing more is kept and `tooLarge` is called once; a declared Content-Length
   * over the limit is refused before any of the body is read. `done` gets the body, or null when empty.
   */
  readBody(req: IncomingMessage, done: (body: Buffer | null) => void, tooLarge: () => void): void {
    const max = this.limits.maxBodyBytes;
    const declared = req.headers['content-length'];
    if (declared !== undefined && Number(declared) > max) {
      tooLarge();
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
        tooLarge();
        return;
      }
      parts.push(chunk);
    });
    req.on('end', () => {
      if (refused) return;
      done(size === 0 ? null : parts.length === 1 ? parts[0]! : Buffer.concat(parts, size));
    });
  }

  /**
   * Cuts the request's connection a little after the answer is written, not at once: a reset would
   * make the client drop the answer along with the unread body. What the client still sends until then
   * is read and dropped.
   */
  lingerThenClose(req: IncomingMessage, res: ServerResponse): void {
    const socket = req.socket;
    res.once('finish', () => setTimeout(() => socket.destroy(), LINGER_MS).unref());
  }

  /**
   * Writes a whole answer in one go. `headers` is a flat [name, value, ...] list; Content-Length is
   * added, and `Connection: close` when asked or once the server is closing (Node then closes the
   * connection after the answer). Date and keep-alive headers are Node's.
   */
  send(res: ServerResponse, status: number, headers: string[], body: string, close = false): void {
    if (close || this.closing) headers.push('Connection', 'close');
    headers.push('Content-Length', String(Buffer.byteLength(body)));
    res.writeHead(status, headers);
    res.end(body);
  }
}

/** The base URL a listening server answers on. */
export function baseUrlOf(server: Server): string {
  const a = server.address() as AddressInfo;
  const host = a.family === 'IPv6' ? `[${a.address}]` : a.address;
  return `http://${host}:${a.port}`;
}
