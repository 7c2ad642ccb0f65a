import { timingSafeEqual } from 'node:crypto';
import {
  amzDate as isoBasic,
  canonicalHeaders,
  canonicalHeaderValue,
  canonicalQuery,
  canonicalRequest,
  credentialScope,
  sha256hex,
  signature as sign,
  stringToSign,
} from '../aws/sigv4.js';
import { IncompleteSignatureException, InvalidSignatureException, MissingAuthenticationTokenException, UnrecognizedClientException } from '../errors.js';

/** How far a request's X-Amz-Date may be from the server's clock, as AWS allows. */
const MAX_SKEW_MS = 5 * 60 * 1000;

/** A raw query string in canonical form: each pair decoded as a server reads it, then re-encoded and sorted. */
function canonicalQueryOf(query: string): string {
  if (!query) return '';
  return canonicalQuery(
    query
      .split('&')
      .filter((p) => p !== '')
      .map((p) => {
        const eq = p.indexOf('=');
        const k = decodeURIComponent((eq < 0 ? p : p.slice(0, eq)).replace(/\+/g, ' '));
        const v = eq < 0 ? '' : decodeURIComponent(p.slice(eq + 1).replace(/\+/g, ' '));
        return [k, v] as const;
      }),
  );
}

/**
 * Checks AWS Signature Version 4 on signed (administrative) operations and on reading the outbox when
 * the server is given credentials (`cognate serve --admin-credentials`); without them cognate accepts
 * any signature, as local emulators do. Errors are the generic AWS ones (their texts are not in any AWS document we found; these
 * are the texts AWS JSON services send).
 */
export class SigV4Verifier {
  constructor(
    /** Secret access keys by access key id. */
    private readonly secrets: ReadonlyMap<string, string>,
    private readonly now: () => Date,
  ) {}

  /** Throws the AWS error for a request whose signature is missing, malformed, stale or wrong; `url` is the request target as sent. */
  verify(req: { method: string; url: string; rawHeaders: string[]; body: Buffer }): void {
    let authorization: string | undefined;
    let amzDate: string | undefined;
    const values = new Map<string, string[]>();
    for (let i = 0; i < req.rawHeaders.length; i += 2) {
      const name = req.rawHeaders[i]!.toLowerCase();
      const value = req.rawHeaders[i + 1]!;
      if (name === 'authorization') authorization = value;
      if (name === 'x-amz-date') amzDate = value;
      const list = values.get(name);
      if (list) list.push(value);
      else values.set(name, [value]);
    }
    if (!authorization) throw new MissingAuthenticationTokenException('Request is missing Authentication Token');
    const m =
      /^AWS4-HMAC-SHA256 Credential=([^/,\s]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request,\s*SignedHeaders=([a-z0-9;-]+),\s*Signature=([0-9a-f]{64})$/.exec(
        authorization.trim(),
      );
    if (!m) {
      throw new IncompleteSignatureException(
        `Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters. Authorization=${authorization.split(' ')[0]}`,
      );
    }
    const [, accessKeyId, scopeDate, region, service, signedHeaders, signature] = m as unknown as string[];
    const secret = this.secrets.get(accessKeyId!);
    if (secret === undefined) throw new UnrecognizedClientException('The security token included in the request is invalid.');
    if (!amzDate || !/^\d{8}T\d{6}Z$/.test(amzDate) || amzDate.slice(0, 8) !== scopeDate) {
      throw new IncompleteSignatureException("Date must be in ISO-8601 'basic format'. Got an X-Amz-Date that does not match the credential scope.");
    }
    const signedAt = Date.UTC(
      +amzDate.slice(0, 4),
      +amzDate.slice(4, 6) - 1,
      +amzDate.slice(6, 8),
      +amzDate.slice(9, 11),
      +amzDate.slice(11, 13),
      +amzDate.slice(13, 15),
    );
    const now = this.now().getTime();
    if (Math.abs(now - signedAt) > MAX_SKEW_MS) {
      throw new InvalidSignatureException(
        `Signature expired: ${amzDate} is now earlier than ${isoBasic(new Date(now - MAX_SKEW_MS))} (${isoBasic(new Date(now))} - 5 min.)`,
      );
    }
    const names = signedHeaders!.split(';');
    if (!names.includes('host')) throw new IncompleteSignatureException('Signature must include the host header.');
    const headers = canonicalHeaders(names.map((n) => [n, (values.get(n) ?? []).map(canonicalHeaderValue).join(',')] as const));
    const q = req.url.indexOf('?');
    const path = q < 0 ? req.url : req.url.slice(0, q);
    const query = q < 0 ? '' : req.url.slice(q + 1);
    // The payload hash is always that of the body received. A client's X-Amz-Content-Sha256 is only
    // checked against it: taken on trust (as it once was), a captured request could be replayed with any
    // body for five minutes, and UNSIGNED-PAYLOAD or STREAMING-* would sign no body at all.
    const payloadHash = sha256hex(req.body);
    const claimed = values.get('x-amz-content-sha256');
    if (claimed !== undefined && (claimed.length !== 1 || claimed[0]!.trim() !== payloadHash)) {
      throw new InvalidSignatureException("The provided 'x-amz-content-sha256' header does not match what was computed.");
    }
    const canonical = canonicalRequest({ method: req.method, path, query: canonicalQueryOf(query), headers, signedHeaders: signedHeaders!, payloadHash });
    const toSign = stringToSign(amzDate, credentialScope(scopeDate!, region!, service!), canonical);
    const expected = sign(secret, scopeDate!, region!, service!, toSign);
    if (!timingSafeEqual(expected, Buffer.from(signature!, 'hex'))) {
      throw new InvalidSignatureException(
        'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
      );
    }
  }
}

/** Parses `AKID:SECRET[,AKID2:SECRET2]` into a map; throws TypeError on a malformed list. */
export function parseCredentialList(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of text.split(',')) {
    const colon = part.indexOf(':');
    if (colon <= 0 || colon === part.length - 1) throw new TypeError('credentials must be ACCESS_KEY_ID:SECRET_ACCESS_KEY[,…]');
    out.set(part.slice(0, colon).trim(), part.slice(colon + 1).trim());
  }
  return out;
}
