/**
 * The rules of a pre token generation trigger's answer, as the developer guide's pre token generation page
 * states them, turned into claim edits that TokenService applies when it signs (it stays the only signer).
 * Pure: no store, no clock, no function call.
 *
 * What the guide says, and what we do:
 * - V1_0 answers `claimsOverrideDetails {claimsToAddOrOverride, claimsToSuppress, groupOverrideDetails}` and
 *   edits the ID token only; its values are strings. V2_0 and V3_0 answer
 *   `claimsAndScopeOverrideDetails {idTokenGeneration, accessTokenGeneration, groupOverrideDetails}`, whose
 *   values may be strings, numbers, booleans, arrays or JSON objects, except that the ID token's
 *   `phone_number_verified`, `email_verified`, `updated_at` and `address` take no complex object.
 * - "A claim that is both suppressed and overridden is suppressed"; the same rule for a scope both added and
 *   suppressed is our choice.
 * - `groupOverrideDetails` replaces `cognito:groups` in both tokens (and `cognito:roles`,
 *   `cognito:preferred_role` in the ID token), in every version. An object replaces them member by member
 *   (a missing or null member leaves its claim out, so `{}` suppresses the groups, as "an empty object"
 *   does); an absent or null `groupOverrideDetails` keeps them (our reading of "null object": handlers
 *   that never mention groups must not strip them, and Cognito's own events carry
 *   `claimsOverrideDetails: null`).
 * - The claims no trigger can change (the guide's list: acr, amr, aud, at_hash, auth_time, azp,
 *   cognito:username, exp, iat, identities, iss, jti, nbf, nonce, origin_jti, sub, token_use) are left as
 *   they are whether the answer adds, overrides or suppresses them, and so are, by our choice where the guide
 *   gives no list for access tokens: `client_id`, `username` and `scope` there (scopes change through
 *   scopesToAdd / scopesToSuppress), and every `cognito:` claim in both tokens (the group claims change
 *   through groupOverrideDetails, "for group related claims, use groupOverrideDetails instead"). The guide
 *   does not say whether Cognito refuses such an answer or drops the edit; another emulator's notes say it
 *   drops it quietly (unconfirmed), and so do we, naming each one in `ignored` for the server log. A scope
 *   with blank space in it ("You can't add scope values that contain one or more blank-space characters")
 *   is dropped the same way.
 * - An answer of the wrong shape (a member of the wrong type, a V1 value that is not a string) makes the
 *   whole answer InvalidLambdaResponseException `Unrecognizable lambda output`, as the runner treats other
 *   triggers' answers. A null value in claimsToAddOrOverride changes nothing (our choice).
 * - When every scope is suppressed the access token has no `scope` claim (our choice), and the user-pools
 *   API then refuses it as lacking the required scope.
 */
import { InvalidLambdaResponseException } from '../errors.js';
import type { GroupRecord } from '../store/store.js';
import { groupClaims } from '../tokens/group-claims.js';
import type { ClaimEdits, TokenEdits } from '../tokens/tokens.js';

/** The claims no pre token generation answer changes in either token (the developer guide's list). */
export const FIXED_CLAIMS: ReadonlySet<string> = new Set([
  'acr',
  'amr',
  'aud',
  'at_hash',
  'auth_time',
  'azp',
  'cognito:username',
  'exp',
  'iat',
  'identities',
  'iss',
  'jti',
  'nbf',
  'nonce',
  'origin_jti',
  'sub',
  'token_use',
]);

/** Access-token claims that stay as they are besides FIXED_CLAIMS (our choice; see the module comment). */
const FIXED_ACCESS_CLAIMS: ReadonlySet<string> = new Set(['client_id', 'username', 'scope']);

/** ID-token claims that take a scalar value only, in V2_0 and V3_0. */
const SCALAR_ID_CLAIMS: ReadonlySet<string> = new Set(['phone_number_verified', 'email_verified', 'updated_at', 'address']);

/** The pre token generation event version a pool's LambdaVersion sends. */
export type PreTokenVersion = 'V1_0' | 'V2_0' | 'V3_0';

/** The event's `version` member for a LambdaVersion: "1", "2" or "3". */
export function eventVersion(version: PreTokenVersion): string {
  return version === 'V3_0' ? '3' : version === 'V2_0' ? '2' : '1';
}

/** The `groupConfiguration` of an event: the user's groups as the tokens would name them. */
export interface GroupConfiguration {
  groupsToOverride: string[];
  iamRolesToOverride: string[];
  preferredRole: string | null;
}

/** The user's groups as `request.groupConfiguration` carries them (empty lists and a null role without groups). */
export function groupConfiguration(groups: readonly GroupRecord[]): GroupConfiguration {
  const { id } = groupClaims(groups);
  return {
    groupsToOverride: id['cognito:groups'] ?? [],
    iamRolesToOverride: id['cognito:roles'] ?? [],
    preferredRole: id['cognito:preferred_role'] ?? null,
  };
}

/** What an answer does to one issue: the edits for TokenService, and what was dropped as Cognito drops it. */
export interface TokenOverride {
  edits: TokenEdits;
  /** A note for each edit left out (`claimsToAddOrOverride "sub" in the ID token (...)`), for the server log. */
  ignored: string[];
}

const unrecognizable = () => new InvalidLambdaResponseException('Unrecognizable lambda output');

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** An optional object member: undefined when absent or null, else it must be an object. */
function objectMember(parent: Record<string, unknown>, name: string): Record<string, unknown> | undefined {
  const v = parent[name];
  if (v === undefined || v === null) return undefined;
  if (!isObject(v)) throw unrecognizable();
  return v;
}

/** An optional list of strings: empty when absent or null. */
function stringList(parent: Record<string, unknown>, name: string): string[] {
  const v = parent[name];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || !v.every((s) => typeof s === 'string')) throw unrecognizable();
  return v as string[];
}

type Use = 'id' | 'access';

function fixed(use: Use, claim: string): boolean {
  // "__proto__" as an own JSON key would replace an object's prototype wherever it is assigned.
  return claim === '__proto__' || FIXED_CLAIMS.has(claim) || claim.startsWith('cognito:') || (use === 'access' && FIXED_ACCESS_CLAIMS.has(claim));
}

/** One token's claimsToAddOrOverride and claimsToSuppress, checked and filtered. */
function claimEdits(use: Use, part: Record<string, unknown> | undefined, stringsOnly: boolean, ignored: string[]): ClaimEdits {
  const edits: { set: Record<string, unknown>; remove: string[] } = { set: {}, remove: [] };
  if (!part) return edits;
  const add = objectMember(part, 'claimsToAddOrOverride') ?? {};
  const suppress = stringList(part, 'claimsToSuppress');
  const where = use === 'id' ? 'the ID token' : 'the access token';
  for (const [claim, value] of Object.entries(add)) {
    if (value === null || value === undefined) continue;
    if (stringsOnly && typeof value !== 'string') throw unrecognizable();
    if (use === 'id' && SCALAR_ID_CLAIMS.has(claim) && typeof value === 'object') throw unrecognizable();
    if (fixed(use, claim)) ignored.push(`claimsToAddOrOverride "${claim}" in ${where} (a claim no trigger may change)`);
    else if (!suppress.includes(claim)) edits.set[claim] = value;
  }
  for (const claim of suppress) {
    if (fixed(use, claim)) ignored.push(`claimsToSuppress "${claim}" in ${where} (a claim no trigger may change)`);
    else edits.remove.push(claim);
  }
  return edits;
}

/** groupOverrideDetails as edits of both tokens' group claims, or null when the answer keeps the groups. */
function groupEdits(details: Record<string, unknown> | undefined): { id: ClaimEdits; access: ClaimEdits } | null {
  if (!details) return null;
  const groups = stringList(details, 'groupsToOverride');
  const roles = stringList(details, 'iamRolesToOverride');
  const preferred = details.preferredRole;
  if (preferred !== undefined && preferred !== null && typeof preferred !== 'string') throw unrecognizable();
  const id: Record<string, unknown> = {};
  const access: Record<string, unknown> = {};
  if (groups.length > 0) {
    id['cognito:groups'] = groups;
    access['cognito:groups'] = groups;
  }
  if (roles.length > 0) id['cognito:roles'] = roles;
  if (typeof preferred === 'string' && preferred !== '') id['cognito:preferred_role'] = preferred;
  return {
    id: { remove: ['cognito:groups', 'cognito:roles', 'cognito:preferred_role'], set: id },
    access: { remove: ['cognito:groups'], set: access },
  };
}

function merge(a: ClaimEdits, b: ClaimEdits | undefined): ClaimEdits {
  if (!b) return a;
  return { remove: [...(a.remove ?? []), ...(b.remove ?? [])], set: { ...a.set, ...b.set } };
}

/**
 * The edits a pre token generation answer (the `response` of the event the function gave back) makes to
 * one issue. `scopes` are the scopes the access token would carry without the trigger.
 */
export function tokenOverride(version: PreTokenVersion, response: Record<string, unknown>, scopes: readonly string[]): TokenOverride {
  const ignored: string[] = [];
  if (version === 'V1_0') {
    const details = objectMember(response, 'claimsOverrideDetails');
    if (!details) return { edits: {}, ignored };
    const id = claimEdits('id', details, true, ignored);
    const groups = groupEdits(objectMember(details, 'groupOverrideDetails'));
    return { edits: groups ? { id: merge(groups.id, id), access: groups.access } : { id }, ignored };
  }
  const details = objectMember(response, 'claimsAndScopeOverrideDetails');
  if (!details) return { edits: {}, ignored };
  const idPart = objectMember(details, 'idTokenGeneration');
  const accessPart = objectMember(details, 'accessTokenGeneration');
  const id = claimEdits('id', idPart, false, ignored);
  let access = claimEdits('access', accessPart, false, ignored);
  if (accessPart) {
    const add = stringList(accessPart, 'scopesToAdd');
    const suppress = new Set(stringList(accessPart, 'scopesToSuppress'));
    if (add.length > 0 || suppress.size > 0) {
      const next = [...scopes];
      for (const scope of add) {
        if (scope === '' || /\s/.test(scope)) ignored.push(`scopesToAdd "${scope}" (a scope with blank space)`);
        else if (!next.includes(scope)) next.push(scope);
      }
      const kept = next.filter((s) => !suppress.has(s));
      access = kept.length > 0 ? merge(access, { set: { scope: kept.join(' ') } }) : merge(access, { remove: ['scope'] });
    }
  }
  const groups = groupEdits(objectMember(details, 'groupOverrideDetails'));
  return { edits: groups ? { id: merge(groups.id, id), access: merge(groups.access, access) } : { id, access }, ignored };
}
