/**
 * How a pool's domain is addressed locally. Cognito serves a domain at
 * `https://<prefix>.auth.<region>.amazoncognito.com` (or a custom name); cognate answers at two
 * addresses on its own port, both the same endpoints:
 *
 * - path-based, needing no name resolution: `http://HOST:PORT/oauth/<domain>/oauth2/authorize`,
 *   `/oauth/<domain>/login`, `/oauth/<domain>/logout`, `/oauth/<domain>/oauth2/token`, ... This is what
 *   the pool's discovery document lists, so a library that starts from discovery works anywhere.
 * - host-based: `http://<domain>.auth.<region>.localhost:PORT/oauth2/authorize`, ... Browsers resolve every
 *   `*.localhost` name to the loopback address (curl does too; Node's resolver may not), which gives the
 *   same root paths Cognito has. A custom domain is reached by its own name in the Host header (e.g.
 *   through /etc/hosts), with the same paths.
 *
 * Cookies of the path-based form are scoped to `/oauth/<domain>/`, so two pools' domains on one host
 * keep their sessions apart.
 */

/** The first segment of the path-based form. */
export const PATH_PREFIX = '/oauth/';

/** The endpoints' base URL for a domain, in the path-based form, from the server's public base URL. */
export function domainBaseUrl(serverBase: string, domain: string): string {
  return `${serverBase.replace(/\/$/, '')}${PATH_PREFIX}${domain}`;
}

/** A request addressed to a domain: which domain, the path within it, and the cookie path to use. */
export interface DomainRequest {
  domain: string;
  /** The path under the domain's root, starting with '/', e.g. `/oauth2/authorize`. */
  path: string;
  /** Where the domain's root is on this host: `/oauth/<domain>/` or `/`. */
  root: string;
}

const HOST_FORM = /^([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)\.auth\.[a-z0-9-]+\.localhost$/;
const DOMAIN_NAME = /^[a-z0-9](?:[a-z0-9.-]{0,61}[a-z0-9])?$/;

/**
 * The domain a request is for, or null when it is not addressed to one. `host` is the Host header
 * without the port; `customHost` says whether a host other than the server's own names a custom domain
 * (checked by the caller against the store).
 */
export function domainOfRequest(host: string, path: string): DomainRequest | null {
  if (path.startsWith(PATH_PREFIX)) {
    const rest = path.slice(PATH_PREFIX.length);
    const slash = rest.indexOf('/');
    const domain = slash < 0 ? rest : rest.slice(0, slash);
    if (!DOMAIN_NAME.test(domain)) return null;
    return { domain, path: slash < 0 ? '/' : rest.slice(slash), root: `${PATH_PREFIX}${domain}/` };
  }
  const m = HOST_FORM.exec(host.toLowerCase());
  if (m) return { domain: m[1]!, path, root: '/' };
  return null;
}

/** The Host header without its port. */
export function hostName(hostHeader: string | undefined): string {
  if (!hostHeader) return '';
  if (hostHeader.startsWith('[')) return hostHeader.slice(0, hostHeader.indexOf(']') + 1);
  const colon = hostHeader.lastIndexOf(':');
  return colon < 0 ? hostHeader : hostHeader.slice(0, colon);
}
