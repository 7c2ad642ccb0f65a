/**
 * Signing one outgoing request with AWS Signature Version 4, as botocore does: every header but User-Agent
 * and the transport headers is signed. Used by the command line (src/awscli/sigv4.ts) and by the service's
 * own outgoing calls (the Lambda Invoke API), so both sign the same way; the verifier shares the core below.
 */
import {
  ALGORITHM,
  amzDate as toAmzDate,
  canonicalHeaders,
  canonicalHeaderValue,
  canonicalQuery,
  canonicalRequest,
  credentialScope,
  sha256hex,
  signature,
  stringToSign,
} from './sigv4.js';

/** The keys a request is signed with. */
export interface SigningKeys {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

const UNSIGNED = new Set(['user-agent', 'expect', 'transfer-encoding', 'x-amzn-trace-id', 'accept-encoding', 'content-length']);

/**
 * A query string in SigV4's canonical form (names and values RFC 3986-encoded, sorted): send exactly
 * this as the URL's query, and the server's canonical form is the same.
 */
export function canonicalQueryString(params: ReadonlyArray<readonly [string, string]>): string {
  return canonicalQuery(params);
}

/**
 * Adds X-Amz-Date, X-Amz-Security-Token (with a session token) and Authorization, in that order.
 * `request` is a POST with no query unless it says otherwise (`query` in canonical form, see above).
 */
export function signRequest(
  headers: Array<[string, string]>,
  path: string,
  body: Buffer,
  creds: SigningKeys,
  region: string,
  service: string,
  now: Date,
  request: { method?: string; query?: string } = {},
): Array<[string, string]> {
  const amzDate = toAmzDate(now);
  const date = amzDate.slice(0, 8);
  const out: Array<[string, string]> = [...headers, ['X-Amz-Date', amzDate]];
  if (creds.sessionToken) out.push(['X-Amz-Security-Token', creds.sessionToken]);
  const signed = out
    .filter(([k]) => !UNSIGNED.has(k.toLowerCase()))
    .map(([k, v]) => [k.toLowerCase(), canonicalHeaderValue(v)] as [string, string])
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const signedHeaders = signed.map(([k]) => k).join(';');
  const canonical = canonicalRequest({
    method: request.method ?? 'POST',
    path,
    query: request.query ?? '',
    headers: canonicalHeaders(signed),
    signedHeaders,
    payloadHash: sha256hex(body),
  });
  const scope = credentialScope(date, region, service);
  const sig = signature(creds.secretAccessKey, date, region, service, stringToSign(amzDate, scope, canonical)).toString('hex');
  out.push(['Authorization', `${ALGORITHM} Credential=${creds.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${sig}`]);
  return out;
}
