/**
 * A small HTTP/1.1 client over node:net / node:tls: exact control of the request headers (the AWS CLI
 * sends exactly Host, Accept-Encoding, X-Amz-Target, Content-Type, User-Agent, Content-Length), connect
 * and read timeouts, CA bundles, `--no-verify-ssl`, and HTTP(S) proxies with CONNECT.
 */
import { connect as netConnect, type Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';

/** A complete HTTP response. */
export interface HttpResponse {
  status: number;
  reason: string;
  headers: Array<[string, string]>;
  body: Buffer;
}

/** How a request failed below HTTP. */
export type NetFailure = 'connect' | 'closed' | 'read-timeout' | 'connect-timeout' | 'ssl' | 'proxy';

/** A transport failure, with the AWS CLI's message for it. */
export class NetError extends Error {
  constructor(
    readonly kind: NetFailure,
    message: string,
  ) {
    super(message);
  }
}

/** One request and the transport settings it is sent with. */
export interface SendOptions {
  url: URL;
  headers: Array<[string, string]>;
  body: Buffer;
  connectTimeoutMs: number;
  readTimeoutMs: number;
  verify: boolean;
  caBundle?: string;
  proxy?: URL;
}

const SSL_REASONS: Record<string, string> = {
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'unable to get local issuer certificate',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'unable to get local issuer certificate',
  UNABLE_TO_GET_ISSUER_CERT: 'unable to get issuer certificate',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed certificate',
  SELF_SIGNED_CERT_IN_CHAIN: 'self-signed certificate in certificate chain',
  CERT_HAS_EXPIRED: 'certificate has expired',
  CERT_NOT_YET_VALID: 'certificate is not yet valid',
};

function sslMessage(url: string, e: NodeJS.ErrnoException): string {
  if (e.code === 'ENOENT') return `SSL validation failed for ${url} [Errno 2] No such file or directory`;
  if (e.code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return `SSL validation failed for ${url} [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: Hostname mismatch, certificate is not valid for '${new URL(url).hostname}'. (_ssl.c:992)`;
  }
  const reason = SSL_REASONS[e.code ?? ''] ?? e.message;
  return `SSL validation failed for ${url} [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: ${reason} (_ssl.c:992)`;
}

/** Sends one request and reads the whole response. */
export async function send(opts: SendOptions): Promise<HttpResponse> {
  const { url } = opts;
  const fullUrl = url.toString();
  const https = url.protocol === 'https:';
  const port = Number(url.port || (https ? 443 : 80));
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let ca: Buffer | undefined;
  if (https && opts.verify && opts.caBundle) {
    const { readFileSync } = await import('node:fs');
    try {
      ca = readFileSync(opts.caBundle);
    } catch (e) {
      throw new NetError('ssl', sslMessage(fullUrl, e as NodeJS.ErrnoException));
    }
  }

  return new Promise<HttpResponse>((resolve, reject) => {
    let settled = false;
    let connectTimer: NodeJS.Timeout | undefined;
    let socket: Socket | TLSSocket;
    const fail = (err: NetError) => {
      if (settled) return;
      settled = true;
      if (connectTimer) clearTimeout(connectTimer);
      socket?.destroy();
      reject(err);
    };
    const connectError = () => new NetError('connect', `Could not connect to the endpoint URL: "${fullUrl}"`);

    const startTls = async (raw?: Socket) => {
      const tls = await import('node:tls');
      const s = tls.connect({ host, port, socket: raw, servername: /^[\d.]+$|:/.test(host) ? undefined : host, rejectUnauthorized: opts.verify, ca });
      return s;
    };

    const onConnected = (s: Socket | TLSSocket) => {
      if (connectTimer) clearTimeout(connectTimer);
      if (opts.readTimeoutMs > 0) {
        s.setTimeout(opts.readTimeoutMs, () => fail(new NetError('read-timeout', `Read timeout on endpoint URL: "${fullUrl}"`)));
      }
      const target = opts.proxy && !https ? fullUrl : url.pathname + url.search;
      let head = `POST ${target} HTTP/1.1\r\n`;
      for (const [k, v] of opts.headers) head += `${k}: ${v}\r\n`;
      head += '\r\n';
      s.write(Buffer.concat([Buffer.from(head, 'latin1'), opts.body]));
      readResponse(
        s,
        (r) => {
          if (settled) return;
          settled = true;
          s.setTimeout(0);
          s.destroy();
          resolve(r);
        },
        () => fail(new NetError('closed', `Connection was closed before we received a valid response from endpoint URL: "${fullUrl}".`)),
      );
    };

    const armConnectTimer = () => {
      if (opts.connectTimeoutMs > 0) {
        connectTimer = setTimeout(() => fail(new NetError('connect-timeout', `Connect timeout on endpoint URL: "${fullUrl}"`)), opts.connectTimeoutMs);
      }
    };

    armConnectTimer();
    if (opts.proxy) {
      const proxyUrl = opts.proxy;
      const proxyLabel = `${proxyUrl.protocol}//${proxyUrl.host}`;
      const proxyFail = () => fail(new NetError('proxy', `Failed to connect to proxy URL: "${proxyLabel}"`));
      const raw = netConnect({ host: proxyUrl.hostname, port: Number(proxyUrl.port || 80) });
      socket = raw;
      raw.once('error', proxyFail);
      raw.once('connect', () => {
        if (!https) {
          raw.removeAllListeners('error');
          raw.on('error', () => fail(connectError()));
          onConnected(raw);
          return;
        }
        raw.write(`CONNECT ${host}:${port} HTTP/1.1\r\nHost: ${host}:${port}\r\n\r\n`);
        let buf = Buffer.alloc(0);
        const onData = (d: Buffer) => {
          buf = Buffer.concat([buf, d]);
          const end = buf.indexOf('\r\n\r\n');
          if (end < 0) return;
          raw.off('data', onData);
          const status = Number(/^HTTP\/\d\.\d (\d{3})/.exec(buf.toString('latin1'))?.[1] ?? 0);
          if (status !== 200) return proxyFail();
          raw.removeAllListeners('error');
          void startTls(raw).then((s) => {
            socket = s;
            s.once('error', (e: NodeJS.ErrnoException) => fail(new NetError('ssl', sslMessage(fullUrl, e))));
            s.once('secureConnect', () => {
              s.removeAllListeners('error');
              s.on('error', () => fail(connectError()));
              onConnected(s);
            });
          });
        };
        raw.on('data', onData);
        raw.once('close', proxyFail);
      });
      return;
    }
    if (https) {
      void startTls().then((s) => {
        socket = s;
        let tcpUp = false;
        s.once('connect', () => (tcpUp = true));
        s.once('error', (e: NodeJS.ErrnoException) => {
          if (!tcpUp || e.code === 'ECONNREFUSED' || e.code === 'ECONNRESET') fail(connectError());
          else fail(new NetError('ssl', sslMessage(fullUrl, e)));
        });
        s.once('secureConnect', () => {
          s.removeAllListeners('error');
          s.on('error', () => fail(connectError()));
          onConnected(s);
        });
      });
      return;
    }
    const s = netConnect({ host, port });
    socket = s;
    s.once('error', () => fail(connectError()));
    s.once('connect', () => onConnected(s));
  });
}

/** Reads one HTTP/1.1 response (Content-Length, chunked, or until close). */
function readResponse(s: Socket, done: (r: HttpResponse) => void, closed: () => void): void {
  let buf = Buffer.alloc(0);
  let head: { status: number; reason: string; headers: Array<[string, string]>; bodyStart: number } | null = null;
  const tryParse = (atEnd: boolean): boolean => {
    if (!head) {
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) return false;
      const lines = buf.subarray(0, end).toString('latin1').split('\r\n');
      const m = /^HTTP\/\d(?:\.\d)? (\d{3})(?: (.*))?$/.exec(lines[0] ?? '');
      if (!m) {
        closed();
        return true;
      }
      const headers = lines.slice(1).map((l) => {
        const i = l.indexOf(':');
        return [l.slice(0, i).trim(), l.slice(i + 1).trim()] as [string, string];
      });
      head = { status: Number(m[1]), reason: m[2] ?? '', headers, bodyStart: end + 4 };
      if (head.status === 100) {
        buf = buf.subarray(head.bodyStart);
        head = null;
        return tryParse(atEnd);
      }
    }
    const h = head;
    const get = (name: string) => h.headers.find(([k]) => k.toLowerCase() === name)?.[1];
    const body = buf.subarray(h.bodyStart);
    const te = get('transfer-encoding');
    if (te?.toLowerCase().includes('chunked')) {
      const parts: Buffer[] = [];
      let i = 0;
      for (;;) {
        const nl = body.indexOf('\r\n', i);
        if (nl < 0) return false;
        const size = parseInt(body.subarray(i, nl).toString('latin1'), 16);
        if (Number.isNaN(size)) return false;
        if (size === 0) {
          done({ status: h.status, reason: h.reason, headers: h.headers, body: Buffer.concat(parts) });
          return true;
        }
        if (body.length < nl + 2 + size + 2) return false;
        parts.push(body.subarray(nl + 2, nl + 2 + size));
        i = nl + 2 + size + 2;
      }
    }
    const cl = get('content-length');
    if (cl !== undefined) {
      const n = Number(cl);
      if (body.length >= n) {
        done({ status: h.status, reason: h.reason, headers: h.headers, body: body.subarray(0, n) });
        return true;
      }
      return false;
    }
    if (h.status === 204 || h.status === 304) {
      done({ status: h.status, reason: h.reason, headers: h.headers, body: Buffer.alloc(0) });
      return true;
    }
    if (atEnd) {
      done({ status: h.status, reason: h.reason, headers: h.headers, body });
      return true;
    }
    return false;
  };
  s.on('data', (d: Buffer) => {
    buf = Buffer.concat([buf, d]);
    tryParse(false);
  });
  s.once('end', () => {
    if (!tryParse(true)) closed();
  });
  s.once('close', () => {
    if (!tryParse(true)) closed();
  });
}
