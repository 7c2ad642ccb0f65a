/**
 * Pagination tokens: the last key of a page, tagged with what is being listed and base64url-encoded,
 * so a token from one listing is not accepted by another.
 */
export function encodePageToken(lastKey: string, kind: string): string {
  return Buffer.from(JSON.stringify([kind, lastKey])).toString('base64url');
}

/** The last key inside a token, or null if the token is not one of ours for this listing. */
export function decodePageToken(token: string, kind: string): string | null {
  try {
    const v = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    return Array.isArray(v) && v[0] === kind && typeof v[1] === 'string' ? v[1] : null;
  } catch {
    return null;
  }
}
