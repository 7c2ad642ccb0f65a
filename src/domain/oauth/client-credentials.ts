import type { Services } from '../../services.js';
import type { ClientRecord, PoolRecord } from '../../store/store.js';
import type { ClaimEdits } from '../../tokens/tokens.js';
import { hasSecret } from '../clients.js';
import { STANDARD_SCOPES } from '../oauth-client.js';
import { customScopesOf } from '../resource-servers.js';
import { eventVersion, tokenOverride } from '../token-overrides.js';
import { configuredTrigger, runTrigger } from '../triggers.js';
import { requirePool } from '../users.js';
import { OAuthError } from './errors.js';
import { asGrantError } from './token.js';

/*
 * POST /oauth2/token with grant_type=client_credentials (the reference's sections 3.4, 3.9, 3.10, 4.6): a
 * confidential client trades its own credentials for an access token of its custom scopes, with no user.
 *
 * - The client has authenticated (authenticateClient) before this runs. A client whose AllowedOAuthFlows
 *   lack client_credentials is unauthorized_client; every public client is one of these, since Cognito
 *   refuses that flow to a client without a secret (InvalidOAuthFlowException at CreateUserPoolClient).
 *   A client with the flow whose AllowedOAuthFlowsUserPoolClient is off is invalid_grant (reported for
 *   Cognito in a Stack Overflow answer).
 * - `scope`: space-separated custom scopes. A scope the client is not allowed, or a standard one (openid,
 *   aws.cognito.signin.user.admin...), is invalid_scope: the reference reports that requesting a scope
 *   removed from the client issues no token, and client libraries expect invalid_scope for it. An allowed
 *   scope whose resource server no longer defines it is left out ("inactive; requests for it are ignored").
 *   No `scope` means all the client's active custom scopes; nothing left to grant is invalid_scope.
 * - `aws_client_metadata`: URL-encoded JSON of string values, given to the trigger as `clientMetadata`;
 *   anything else there is invalid_request (our choice).
 * - The pool's PreTokenGeneration fires only in version V3_0 ("V3 also covers client-credentials tokens";
 *   V1_0 and V2_0 are not called). Its event is version "3", triggerSource
 *   TokenGeneration_ClientCredentials, with `scopes` and `clientMetadata`; `userName` null, empty
 *   `userAttributes` and a `groupConfiguration` of empty lists and a null role (inferred: there is no user,
 *   and handlers written for user events can still read the members). Its access-token claims and scopes
 *   apply as to a user's token; its ID-token part and groupOverrideDetails change nothing (no ID token, no
 *   groups) and are logged as ignored. A function that fails is invalid_request, no token issued.
 * - The answer is `{access_token, expires_in, token_type}`: no ID token and no refresh token.
 */

/** What the token endpoint answers for client_credentials, members in Cognito's order. */
export interface ClientCredentialsResponse {
  access_token: string;
  expires_in: number;
  token_type: 'Bearer';
}

/** grant_type=client_credentials for an authenticated client. */
export async function clientCredentialsGrant(svc: Services, client: ClientRecord, form: URLSearchParams): Promise<ClientCredentialsResponse> {
  if (!(client.settings.AllowedOAuthFlows ?? []).includes('client_credentials') || !hasSecret(client)) throw new OAuthError('unauthorized_client');
  if (client.settings.AllowedOAuthFlowsUserPoolClient !== true) throw new OAuthError('invalid_grant', 'the client is not enabled for OAuth flows');
  const scope = await machineScopes(svc, client, form.get('scope'));
  const clientMetadata = metadataOf(form.get('aws_client_metadata'));
  const pool = await requirePool(svc.store, client.poolId);
  const edits = await preTokenGenerationForClient(svc, pool, client, scope, clientMetadata).catch(asGrantError);
  const t = await svc.tokens.issueClientAccessToken({ client, scope, ...(edits ? { edits } : {}) });
  return { access_token: t.AccessToken, expires_in: t.ExpiresIn, token_type: 'Bearer' };
}

/** The scopes a client_credentials token carries (see above). */
async function machineScopes(svc: Services, client: ClientRecord, asked: string | null): Promise<string[]> {
  const allowed = (client.settings.AllowedOAuthScopes ?? []).filter((s) => !STANDARD_SCOPES.has(s));
  let wanted = allowed;
  if (asked !== null && asked.trim() !== '') {
    wanted = [...new Set(asked.split(' ').filter((s) => s !== ''))];
    const refused = wanted.find((s) => !allowed.includes(s));
    if (refused !== undefined) throw new OAuthError('invalid_scope', `the client may not ask for ${refused}`);
  }
  const defined = await customScopesOf(svc.store, client.poolId);
  const granted = wanted.filter((s) => defined.has(s));
  if (granted.length === 0) throw new OAuthError('invalid_scope', 'no scope to grant');
  return granted;
}

/** `aws_client_metadata` as the trigger's clientMetadata: a JSON object of strings, or nothing. */
function metadataOf(raw: string | null): Record<string, string> {
  if (raw === null || raw === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new OAuthError('invalid_request', 'aws_client_metadata is not JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || !Object.values(parsed).every((v) => typeof v === 'string')) {
    throw new OAuthError('invalid_request', 'aws_client_metadata must be a JSON object of strings');
  }
  const out: Record<string, string> = {};
  // Own keys only, and never "__proto__", which would replace the object's prototype.
  for (const [k, v] of Object.entries(parsed as Record<string, string>)) if (k !== '__proto__') out[k] = v;
  return out;
}

/**
 * The pool's V3_0 PreTokenGeneration for a client_credentials token: the access token's claim edits, or
 * undefined when the pool has no V3_0 function (or this server runs none). Throws the trigger's Cognito
 * exceptions.
 */
async function preTokenGenerationForClient(
  svc: Services,
  pool: PoolRecord,
  client: ClientRecord,
  scopes: readonly string[],
  clientMetadata: Record<string, string>,
): Promise<ClaimEdits | undefined> {
  if (configuredTrigger(pool, 'PreTokenGeneration')?.lambdaVersion !== 'V3_0') return undefined;
  const response = await runTrigger(svc, pool, 'PreTokenGeneration', {
    triggerSource: 'TokenGeneration_ClientCredentials',
    userName: null,
    clientId: client.id,
    version: eventVersion('V3_0'),
    request: {
      userAttributes: {},
      groupConfiguration: { groupsToOverride: [], iamRolesToOverride: [], preferredRole: null },
      scopes: [...scopes],
      clientMetadata,
    },
    response: { claimsAndScopeOverrideDetails: null },
  });
  if (!response) return undefined;
  const { edits, ignored } = tokenOverride('V3_0', response, scopes);
  for (const note of ignored) svc.log?.(`pool ${pool.id} PreTokenGeneration: ignored ${note}, as Cognito ignores it`);
  const access = edits.access ?? {};
  const set: Record<string, unknown> = {};
  let groups = false;
  for (const [claim, value] of Object.entries(access.set ?? {})) {
    if (claim.startsWith('cognito:')) groups = true;
    else set[claim] = value;
  }
  if (groups) svc.log?.(`pool ${pool.id} PreTokenGeneration: ignored groupOverrideDetails (a client_credentials token has no groups)`);
  if (edits.id && (Object.keys(edits.id.set ?? {}).length > 0 || (edits.id.remove ?? []).some((c) => !c.startsWith('cognito:')))) {
    svc.log?.(`pool ${pool.id} PreTokenGeneration: ignored idTokenGeneration (a client_credentials grant issues no ID token)`);
  }
  return { set, remove: (access.remove ?? []).filter((c) => !c.startsWith('cognito:')) };
}
