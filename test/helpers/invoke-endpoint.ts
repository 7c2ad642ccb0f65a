/**
 * A Lambda Invoke API endpoint for tests, as AWS SAM's local endpoint would be: it runs the handlers of
 * test/lambdas/ in this process and checks every call's SigV4 signature by signing the request again with
 * the AWS SDK's own signer (@smithy/signature-v4).
 */
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SignatureV4 } from '@smithy/signature-v4';

const bytes = (d: string | ArrayBuffer | ArrayBufferView): string | Buffer =>
  typeof d === 'string' ? d : ArrayBuffer.isView(d) ? Buffer.from(d.buffer, d.byteOffset, d.byteLength) : Buffer.from(d);

/** The SDK signer's checksum interface over node:crypto (HMAC when given a key). */
class Sha256 {
  private readonly h: Hash | Hmac;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.h = secret ? createHmac('sha256', bytes(secret)) : createHash('sha256');
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.h.update(bytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return this.h.digest();
  }
  reset(): void {}
}

/** Whether a received request carries the signature the AWS SDK computes for it with `keys`. */
export async function signatureMatches(req: IncomingMessage, body: string, keys: { accessKeyId: string; secretAccessKey: string }): Promise<boolean> {
  const url = new URL(req.url ?? '/', 'http://x');
  const auth = String(req.headers.authorization ?? '');
  const m = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]+)$/.exec(auth);
  if (!m || m[1] !== keys.accessKeyId) return false;
  const signedHeaders = m[5]!.split(';');
  const headers: Record<string, string> = {};
  for (const h of signedHeaders) headers[h] = String(req.headers[h]);
  const signer = new SignatureV4({ credentials: keys, region: m[3]!, service: m[4]!, sha256: Sha256, applyChecksum: false });
  const date = String(req.headers['x-amz-date']);
  const when = new Date(`${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}T${date.slice(9, 11)}:${date.slice(11, 13)}:${date.slice(13, 15)}Z`);
  const query: Record<string, string> = {};
  for (const [k, v] of url.searchParams) query[k] = v;
  const signed = await signer.sign(
    { method: req.method ?? 'POST', protocol: 'http:', hostname: 'x', path: url.pathname, query, headers, body },
    { signingDate: when, unsignableHeaders: new Set(Object.keys(req.headers).filter((h) => !signedHeaders.includes(h))) },
  );
  return signed.headers.authorization === auth;
}

export interface InvokeCall {
  functionName: string;
  qualifier: string | null;
  invocationType: string;
  signatureOk: boolean;
  event: Record<string, unknown>;
  /** What the function answered, once it has (a hanging one never does). */
  response?: unknown;
}

export interface InvokeEndpoint {
  url: string;
  calls: InvokeCall[];
  close(): Promise<void>;
}

/** Starts the endpoint on a free loopback port; it answers only requests signed with `keys`. */
export async function startInvokeEndpoint(dir: string, keys: { accessKeyId: string; secretAccessKey: string }): Promise<InvokeEndpoint> {
  const calls: InvokeCall[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => {
      body += c;
    });
    req.on('end', async () => {
      const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(payload));
      };
      const url = new URL(req.url ?? '/', 'http://x');
      const m = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/.exec(url.pathname);
      if (req.method !== 'POST' || !m) return send(404, { message: 'Unknown path' });
      const signatureOk = await signatureMatches(req, body, keys);
      const event = JSON.parse(body) as Record<string, unknown>;
      const functionName = decodeURIComponent(m[1]!);
      const call: InvokeCall = {
        functionName,
        qualifier: url.searchParams.get('Qualifier'),
        invocationType: String(req.headers['x-amz-invocation-type']),
        signatureOk,
        event,
      };
      calls.push(call);
      if (!signatureOk) return send(403, { message: 'The request signature we calculated does not match the signature you provided.' });
      let mod: { handler?: (e: unknown, c: unknown) => Promise<unknown> };
      try {
        mod = (await import(pathToFileURL(join(dir, `${functionName}.js`)).href)) as typeof mod;
      } catch {
        return send(404, { Type: 'User', message: `Function not found: ${functionName}` }, { 'x-amzn-errortype': 'ResourceNotFoundException' });
      }
      try {
        const context = { functionName, awsRequestId: 'invoke-endpoint', getRemainingTimeInMillis: () => 5000 };
        call.response = (await mod.handler!(event, context)) ?? null;
        send(200, call.response);
      } catch (e) {
        const err = e as Error;
        send(200, { errorType: err.name, errorMessage: err.message, trace: [] }, { 'x-amz-function-error': 'Unhandled' });
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
