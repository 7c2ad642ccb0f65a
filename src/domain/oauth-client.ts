import { InvalidOAuthFlowException, InvalidParameterException, ScopeDoesNotExistException } from '../errors.js';
import type { Store } from '../store/store.js';
import type { ClientInput } from './clients.js';
import { isLoopbackHost } from './identity-providers.js';
import { customScopesOf } from './resource-servers.js';

/*
 * The OAuth settings of an app client, checked at CreateUserPoolClient and UpdateUserPoolClient as
 * Cognito checks them. Where the reference gives the service's words they are used; the other
 * messages are ours, each written next to its rule and tested in test/integration/client-oauth-settings.test.ts.
 */

/** The scopes Cognito defines itself; every other scope is `<resource-server-identifier>/<scope-name>`. */
export const STANDARD_SCOPES: ReadonlySet<string> = new Set(['openid', 'email', 'phone', 'profile', 'aws.cognito.signin.user.admin']);

/** The name app clients use for the pool's own users in SupportedIdentityProviders. */
export const COGNITO_PROVIDER = 'COGNITO';

/**
 * Checks what needs no lookup: flows, URLs, the default redirect URI and the openid rule. In Cognito's
 * order of concern: the flows first, then the URLs they need.
 *
 * - client_credentials with code or implicit: InvalidOAuthFlowException "client_credentials flow can
 *   not be selected along with code flow or implicit flow." (Cognito's words, found by public code search).
 * - client_credentials without a client secret: InvalidOAuthFlowException "client_credentials flow can
 *   not be selected if client does not have a client secret." (Cognito's words, found likewise).
 * - client_credentials with a standard scope: InvalidOAuthFlowException "openid is not supported with
 *   client_credentials flow" (Cognito's words for openid, found likewise; the same form for the other
 *   standard scopes, and the exception type, inferred): machine tokens carry custom scopes only.
 * - code or implicit without CallbackURLs: InvalidOAuthFlowException "CallbackUrls can not be empty when
 *   code flow or implicit flow is selected" (Cognito's words, reported by Terraform users).
 * - AllowedOAuthFlowsUserPoolClient true without flows or without scopes: InvalidOAuthFlowException
 *   (our wording): OAuth can be switched on only with something to allow.
 * - email, phone or profile without openid: InvalidParameterException (our wording; the developer guide:
 *   these scopes "need openid").
 * - A callback or logout URL that is http other than on localhost/127.0.0.1/[::1]:
 *   InvalidParameterException "<url> cannot use the HTTP protocol." (Cognito's words, reported in public
 *   code, which also reports localhost and 127.0.0.1 accepted); one that is not absolute or has a
 *   fragment: InvalidParameterException naming it (our wording). App schemes (`myapp://callback`) are
 *   allowed, as Cognito allows them.
 * - DefaultRedirectURI not among the CallbackURLs: InvalidParameterException (our wording).
 */
export function checkOAuthSettings(req: ClientInput, hasSecret: boolean): void {
  const flows = req.AllowedOAuthFlows ?? [];
  const interactive = flows.includes('code') || flows.includes('implicit');
  if (flows.includes('client_credentials')) {
    if (interactive) throw new InvalidOAuthFlowException('client_credentials flow can not be selected along with code flow or implicit flow.');
    if (!hasSecret) throw new InvalidOAuthFlowException('client_credentials flow can not be selected if client does not have a client secret.');
    const standard = (req.AllowedOAuthScopes ?? []).find((s) => STANDARD_SCOPES.has(s));
    if (standard !== undefined) throw new InvalidOAuthFlowException(`${standard} is not supported with client_credentials flow`);
  }
  if (interactive && (req.CallbackURLs ?? []).length === 0) {
    throw new InvalidOAuthFlowException('CallbackUrls can not be empty when code flow or implicit flow is selected');
  }
  if (req.AllowedOAuthFlowsUserPoolClient) {
    if (flows.length === 0) throw new InvalidOAuthFlowException('AllowedOAuthFlows can not be empty when AllowedOAuthFlowsUserPoolClient is true.');
    if ((req.AllowedOAuthScopes ?? []).length === 0) {
      throw new InvalidOAuthFlowException('AllowedOAuthScopes can not be empty when AllowedOAuthFlowsUserPoolClient is true.');
    }
  }
  const scopes = req.AllowedOAuthScopes ?? [];
  if (!scopes.includes('openid') && scopes.some((s) => s === 'email' || s === 'phone' || s === 'profile')) {
    throw new InvalidParameterException('The scopes email, phone and profile can only be allowed together with openid.');
  }
  for (const url of req.CallbackURLs ?? []) checkRedirectUrl(url, 'callback URL');
  for (const url of req.LogoutURLs ?? []) checkRedirectUrl(url, 'logout URL');
  if (req.DefaultRedirectURI !== undefined) {
    checkRedirectUrl(req.DefaultRedirectURI, 'DefaultRedirectURI');
    if (!(req.CallbackURLs ?? []).includes(req.DefaultRedirectURI)) {
      throw new InvalidParameterException('DefaultRedirectURI must be one of the CallbackURLs.');
    }
  }
}

/** Checks one redirect URL (see checkOAuthSettings). */
export function checkRedirectUrl(value: string, what: string): void {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidParameterException(`Invalid ${what} ${value}: it must be an absolute URL.`);
  }
  if (value.includes('#')) throw new InvalidParameterException(`Invalid ${what} ${value}: it must not have a fragment.`);
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw new InvalidParameterException(`${value} cannot use the HTTP protocol.`);
  }
}

/**
 * Checks what needs the pool: every scope is a standard scope or a scope of one of the pool's resource
 * servers (ScopeDoesNotExistException "Invalid scope requested: X", our wording; the model lists the
 * exception), and every SupportedIdentityProviders entry is COGNITO or a provider of the pool
 * (InvalidParameterException "The provider X does not exist for User Pool Y.", Cognito's words as
 * reported in lgallard/terraform-aws-cognito-user-pool#71).
 */
export async function checkOAuthReferences(store: Store, poolId: string, req: ClientInput): Promise<void> {
  const custom = (req.AllowedOAuthScopes ?? []).filter((s) => !STANDARD_SCOPES.has(s));
  if (custom.length > 0) {
    const defined = await customScopesOf(store, poolId);
    for (const s of custom) if (!defined.has(s)) throw new ScopeDoesNotExistException(`Invalid scope requested: ${s}`);
  }
  for (const name of req.SupportedIdentityProviders ?? []) {
    if (name === COGNITO_PROVIDER) continue;
    if (!(await store.getIdentityProvider(poolId, name))) {
      throw new InvalidParameterException(`The provider ${name} does not exist for User Pool ${poolId}.`);
    }
  }
}
