import { OAuthError } from './errors.js';

/*
 * The `prompt` parameter of /oauth2/authorize. The reference (3.2) says only that Cognito's managed login
 * takes it with OIDC's values and that what it does is unconfirmed, so cognate does what OpenID Connect
 * Core 1.0 section 3.1.2.1 specifies (our choice):
 * - `login`: the sign-in page even when the browser has a session;
 * - `none`: no page at all: back to the app with the code when the browser has a session, else with
 *   `error=login_required`;
 * - `consent` and `select_account`: accepted and without effect (the pages ask no consent, and a browser
 *   session holds one user);
 * - `none` together with another value, or a value OIDC does not define: `invalid_request`.
 */

/** The values of a `prompt` parameter. */
export type Prompt = 'none' | 'login' | 'consent' | 'select_account';

const PROMPTS: ReadonlySet<string> = new Set<Prompt>(['none', 'login', 'consent', 'select_account']);

/** The prompt values asked (none when the parameter is absent); OAuthError invalid_request for a bad one. */
export function promptOf(q: URLSearchParams): ReadonlySet<Prompt> {
  const raw = q.get('prompt');
  if (raw === null) return new Set();
  const values = new Set(raw.split(' ').filter((v) => v !== ''));
  for (const v of values) if (!PROMPTS.has(v)) throw new OAuthError('invalid_request', `prompt ${v} is not supported`);
  if (values.has('none') && values.size > 1) throw new OAuthError('invalid_request', 'prompt none cannot be combined with other values');
  return values as Set<Prompt>;
}
