/**
 * The canonical-request core of AWS Signature Version 4, shared by the client's signer
 * (src/awscli/sigv4.ts) and the server's verifier (src/protocol/sigv4.ts), so that both compute the
 * same bytes: the canonical request, the string to sign, the signing key and the RFC 3986 encoding of
 * query names and values. node:crypto only; which headers to sign and what to accept stay with the
 * signer and the verifier.
 */
import { createHash, createHmac } from 'node:crypto';

/** The only algorithm cognate signs with and accepts. */
export const ALGORITHM = 'AWS4-HMAC-SHA256';

const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data, 'utf8').digest();

/** Hex SHA-256 of a body or a canonical request. */
export const sha256hex = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

/** RFC 3986 encoding of one query-string name or value, as SigV4's canonical query string wants it. */
export function uriEncode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** A query in SigV4's canonical form: names and values RFC 3986-encoded, sorted by name then value. */
export function canonicalQuery(params: ReadonlyArray<readonly [string, string]>): string {
  return params
    .map(([k, v]) => [uriEncode(k), uriEncode(v)] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

/** A header value in canonical form: trimmed, runs of whitespace folded to one space. */
export function canonicalHeaderValue(v: string): string {
  return v.trim().replace(/\s+/g, ' ');
}

/** The canonical headers block: one `name:value\n` line per entry (names lower-case, in the order given). */
export function canonicalHeaders(entries: ReadonlyArray<readonly [string, string]>): string {
  return entries.map(([k, v]) => `${k}:${v}\n`).join('');
}

/** `YYYYMMDDTHHMMSSZ`, the X-Amz-Date form of a time. */
export function amzDate(d: Date): string {
  return d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/** The canonical request (method, path, canonical query, canonical headers, signed header names, payload hash). */
export function canonicalRequest(r: { method: string; path: string; query: string; headers: string; signedHeaders: string; payloadHash: string }): string {
  return [r.method, r.path || '/', r.query, r.headers, r.signedHeaders, r.payloadHash].join('\n');
}

/** `date/region/service/aws4_request`. */
export function credentialScope(date: string, region: string, service: string): string {
  return `${date}/${region}/${service}/aws4_request`;
}

/** The string to sign: algorithm, X-Amz-Date, credential scope and the canonical request's hash. */
export function stringToSign(amzDateValue: string, scope: string, canonical: string): string {
  return [ALGORITHM, amzDateValue, scope, sha256hex(canonical)].join('\n');
}

/** The signature (raw bytes) of a string to sign with the key derived from the secret for date, region and service. */
export function signature(secret: string, date: string, region: string, service: string, toSign: string): Buffer {
  const kSigning = hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), service), 'aws4_request');
  return createHmac('sha256', kSigning).update(toSign, 'utf8').digest();
}
