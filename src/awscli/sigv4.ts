/**
 * AWS Signature Version 4 for one request (an AWS JSON POST with a body, or cognate's outbox GET), with
 * node:crypto only: the headers botocore signs (everything but User-Agent and the transport headers).
 */
import { createHash, createHmac } from 'node:crypto';
import type { Credentials } from './config.js';

const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data, 'utf8').digest();
const sha256hex = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

const UNSIGNED = new Set(['user-agent', 'expect', 'transfer-encoding', 'x-amzn-trace-id', 'accept-encoding', 'content-length']);

/** RFC 3986 encoding, as SigV4's canonical query string wants it. */
function uriEncode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * A query string in SigV4's canonical form (names and values RFC 3986-encoded, sorted): send exactly
 * this as the URL's query, and the server's canonical form is the same.
 */
export function canonicalQueryString(params: ReadonlyArray<readonly [string, string]>): string {
  return params
    .map(([k, v]) => [uriEncode(k), uriEncode(v)] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

/**
 * Adds X-Amz-Date, X-Amz-Security-Token (with a session token) and Authorization, in that order.
 * `request` is a POST with no query unless it says otherwise (`query` in canonical form, see above).
 */
export function signRequest(
  headers: Array<[string, string]>,
  path: string,
  body: Buffer,
  creds: Credentials,
  region: string,
  service: string,
  now: Date,
  request: { method?: string; query?: string } = {},
): Array<[string, string]> {
  const amzDate = now.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  const date = amzDate.slice(0, 8);
  const out: Array<[string, string]> = [...headers, ['X-Amz-Date', amzDate]];
  if (creds.sessionToken) out.push(['X-Amz-Security-Token', creds.sessionToken]);
  const signed = out
    .filter(([k]) => !UNSIGNED.has(k.toLowerCase()))
    .map(([k, v]) => [k.toLowerCase(), v.trim().replace(/\s+/g, ' ')] as [string, string])
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const signedHeaders = signed.map(([k]) => k).join(';');
  const canonical = [request.method ?? 'POST', path || '/', request.query ?? '', signed.map(([k, v]) => `${k}:${v}\n`).join(''), signedHeaders, sha256hex(body)].join('\n');
  const scope = `${date}/${region}/${service}/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256hex(canonical)].join('\n');
  const kDate = hmac('AWS4' + creds.secretAccessKey, date);
  const kSigning = hmac(hmac(hmac(kDate, region), service), 'aws4_request');
  const signature = createHmac('sha256', kSigning).update(toSign, 'utf8').digest('hex');
  out.push(['Authorization', `AWS4-HMAC-SHA256 Credential=${creds.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`]);
  return out;
}
