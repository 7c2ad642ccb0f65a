/**
 * The PreTokenGeneration trigger, run once per token issue, after every other check of the sign-in or
 * refresh has passed and before anything is recorded or signed, so that a function that fails leaves no
 * refresh token and no rotated one behind. The rules of its answer are in token-overrides.ts.
 *
 * - Version: `PreTokenGenerationConfig.LambdaVersion` (V1_0 when only the legacy `PreTokenGeneration` ARN
 *   is set); the event's `version` is "1", "2" or "3", and its `response` holds
 *   `claimsOverrideDetails: null` (V1) or `claimsAndScopeOverrideDetails: null` (V2, V3), as Cognito sends
 *   them (reported by users whose handlers met the nulls).
 * - `request`: `userAttributes` (strings, with `sub` and `cognito:user_status`), `groupConfiguration` (the
 *   user's groups, their roles and the preferred role, as the tokens would carry them), `scopes` (V2 and V3
 *   only) and `clientMetadata`: that of the RespondToAuthChallenge call that finished the sign-in, or of
 *   GetTokensFromRefreshToken, and empty after InitiateAuth alone, whose ClientMetadata goes to pre sign-up,
 *   pre authentication and user migration only (API reference).
 * - `triggerSource`: TokenGeneration_Authentication for a sign-in, TokenGeneration_NewPasswordChallenge when
 *   the tokens answer NEW_PASSWORD_REQUIRED directly (a sign-in that goes on to an MFA challenge after the new
 *   password ends as an Authentication; our choice), TokenGeneration_RefreshTokens for REFRESH_TOKEN_AUTH and
 *   GetTokensFromRefreshToken.
 * - Order in a sign-in: PostAuthentication runs first, then this trigger (our choice; the guide names both
 *   "after authentication").
 * Pools without the trigger pay nothing: no group read, no event.
 */
import type { Services } from '../services.js';
import type { ClientRecord, GroupRecord, PoolRecord, UserRecord } from '../store/store.js';
import { ADMIN_SCOPE, type TokenEdits } from '../tokens/tokens.js';
import { eventVersion, groupConfiguration, type PreTokenVersion, tokenOverride } from './token-overrides.js';
import { configuredTrigger, runTrigger, triggerUserAttributes } from './triggers.js';

/** Why tokens are being issued, as the trigger's `triggerSource` says it. */
export type TokenGenerationSource =
  | 'TokenGeneration_Authentication'
  | 'TokenGeneration_NewPasswordChallenge'
  | 'TokenGeneration_AuthenticateDevice'
  | 'TokenGeneration_RefreshTokens'
  | 'TokenGeneration_HostedAuth';

/** What TokenService.issue needs from the trigger: the groups already read, and the answer's claim edits. */
export interface TokenCustomization {
  groups?: readonly GroupRecord[];
  edits?: TokenEdits;
}

/**
 * Runs the pool's PreTokenGeneration function for one issue and returns what to give TokenService.issue
 * (nothing when the pool has no such trigger). Throws the trigger's Cognito exceptions.
 */
export async function preTokenGeneration(
  svc: Services,
  pool: PoolRecord,
  client: ClientRecord,
  user: UserRecord,
  args: { source: TokenGenerationSource; clientMetadata?: Record<string, string>; scopes?: readonly string[] },
): Promise<TokenCustomization> {
  const trigger = configuredTrigger(pool, 'PreTokenGeneration');
  if (!trigger) return {};
  const version: PreTokenVersion = trigger.lambdaVersion === 'V2_0' || trigger.lambdaVersion === 'V3_0' ? trigger.lambdaVersion : 'V1_0';
  const scopes = args.scopes ?? [ADMIN_SCOPE];
  const groups = await svc.store.groupsOfUser(pool.id, user.sub);
  const request: Record<string, unknown> = {
    userAttributes: triggerUserAttributes(user),
    groupConfiguration: groupConfiguration(groups),
  };
  if (version !== 'V1_0') request.scopes = [...scopes];
  request.clientMetadata = args.clientMetadata ?? {};
  const response = await runTrigger(svc, pool, 'PreTokenGeneration', {
    triggerSource: args.source,
    userName: user.username,
    clientId: client.id,
    version: eventVersion(version),
    request,
    response: version === 'V1_0' ? { claimsOverrideDetails: null } : { claimsAndScopeOverrideDetails: null },
  });
  if (!response) return { groups };
  const { edits, ignored } = tokenOverride(version, response, scopes);
  for (const note of ignored) svc.log?.(`pool ${pool.id} PreTokenGeneration: ignored ${note}, as Cognito ignores it`);
  return { groups, edits };
}
