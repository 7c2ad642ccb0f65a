/**
 * A real external OpenID provider for the federation tests: node-oidc-provider on loopback, with its
 * development sign-in pages (any login name and password signs in as that name; a consent page follows).
 * Each account's claims are derived from its name, so a test knows what the provider asserts.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import Provider from 'oidc-provider';

export interface OidcProviderOptions {
  clientId: string;
  clientSecret: string;
  /** Where the provider may send the browser back (cognate's /oauth2/idpresponse). */
  redirectUris: string[];
}

export interface ExternalProvider {
  /** The issuer, `http://127.0.0.1:PORT`, whose discovery document is at `/.well-known/openid-configuration`. */
  issuer: string;
  /** The claims the provider asserts for a login name. */
  claimsOf(login: string): Record<string, unknown>;
  close(): Promise<void>;
}

/** The claims of `login`: the development sign-in makes the login name the subject, stable per name. */
function claimsOf(login: string): Record<string, unknown> {
  return {
    sub: login,
    email: `${login}@idp.example.org`,
    email_verified: true,
    name: `${login[0]?.toUpperCase() ?? ''}${login.slice(1)} External`,
    given_name: login,
  };
}

/** A fresh RS256 signing key (the provider's built-in one is a fixed development key). */
async function signingKey(): Promise<JWK> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  return { ...(await exportJWK(privateKey)), alg: 'RS256', use: 'sig', kid: 'external-1' };
}

export async function startOidcProvider(opts: OidcProviderOptions): Promise<ExternalProvider> {
  let handler: ((req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void) | null = null;
  const server: Server = createServer((req, res) => {
    if (handler) handler(req, res);
    else res.writeHead(503).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: opts.clientId,
        client_secret: opts.clientSecret,
        redirect_uris: opts.redirectUris,
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'given_name'] },
    conformIdTokenClaims: false,
    pkce: { required: () => false },
    ttl: { AuthorizationCode: 60, AccessToken: 3600, IdToken: 3600, Interaction: 600, Session: 3600, Grant: 3600 },
    jwks: { keys: [await signingKey()] },
    cookies: { keys: ['cognate-test-provider-cookie-key'] },
    findAccount: (_ctx, id) => ({ accountId: id, claims: () => claimsOf(id) as { sub: string } }),
    features: { devInteractions: { enabled: true } },
  });
  provider.on('server_error', (_ctx, err) => console.error('oidc-provider:', err));
  handler = provider.callback();
  return {
    issuer,
    claimsOf,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
