import type { GroupRecord } from '../store/store.js';

/** The group claims of one token issue: `cognito:groups` in both tokens, the role claims in the ID token only. */
export interface GroupClaims {
  'cognito:groups'?: string[];
  'cognito:roles'?: string[];
  'cognito:preferred_role'?: string;
}

/** Null precedence ranks below every number (AWS's Precedence doc: lower values take precedence over higher or null ones). */
function rank(g: GroupRecord): number {
  return g.precedence ?? Number.POSITIVE_INFINITY;
}

/**
 * The claims a user's groups put in tokens, by the rules of AWS's Precedence documentation:
 * - `cognito:groups`: every group's name. Cognito does not document the order; we list by precedence
 *   (0 first, unranked last), then by name, so the highest-ranked group comes first (inferred).
 * - `cognito:roles`: the role ARNs of the groups that have one, in the same order, each once (inferred:
 *   groups without a role add nothing).
 * - `cognito:preferred_role`: the role of the highest-ranked group *that has a role*. When several
 *   groups with roles share that rank, "neither takes precedence": their role is used if they all name
 *   the same one, and the claim is left out if they differ. Unranked groups tie with each other.
 * A user in no group gets none of the three claims (and no role in any group, no role claims).
 */
export function groupClaims(groups: readonly GroupRecord[]): { access: GroupClaims; id: GroupClaims } {
  if (groups.length === 0) return { access: {}, id: {} };
  const ordered = [...groups].sort((a, b) => rank(a) - rank(b) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const names = ordered.map((g) => g.name);
  const withRole = ordered.filter((g) => g.roleArn !== null);
  const roles = [...new Set(withRole.map((g) => g.roleArn!))];
  const id: GroupClaims = { 'cognito:groups': names };
  if (roles.length > 0) {
    id['cognito:roles'] = roles;
    const top = rank(withRole[0]!);
    const preferred = new Set(withRole.filter((g) => rank(g) === top).map((g) => g.roleArn!));
    if (preferred.size === 1) id['cognito:preferred_role'] = [...preferred][0]!;
  }
  return { access: { 'cognito:groups': names }, id };
}
