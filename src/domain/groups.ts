import { InvalidParameterException, ResourceNotFoundException } from '../errors.js';
import type { GroupType } from '../model/generated.js';
import type { GroupRecord, PoolRecord, Store } from '../store/store.js';
import { decodePageToken } from './paging.js';
import { epochSeconds } from './users.js';

/* Rules of user-pool groups shared by the nine group operations. */

/**
 * Cognito's word for a group that is not there (ResourceNotFoundException). The reference leaves the
 * text unconfirmed; "Group not found." is what the service is reported to answer (inferred).
 */
export const GROUP_NOT_FOUND = 'Group not found.';

/** The text of GroupExistsException (as moto and the other emulators answer; AWS's own text unconfirmed). */
export const GROUP_EXISTS = 'A group with the name already exists.';

/** The group, or ResourceNotFoundException "Group not found.". */
export async function requireGroup(store: Store, pool: PoolRecord, name: string): Promise<GroupRecord> {
  const group = await store.getGroup(pool.id, name);
  if (!group) throw new ResourceNotFoundException(GROUP_NOT_FOUND);
  return group;
}

/** The wire GroupType. Unset Description, RoleArn and Precedence are left out, not sent as null (CLI example of create-group). */
export function groupType(g: GroupRecord): GroupType {
  return {
    GroupName: g.name,
    UserPoolId: g.poolId,
    ...(g.description !== null ? { Description: g.description } : {}),
    ...(g.roleArn !== null ? { RoleArn: g.roleArn } : {}),
    ...(g.precedence !== null ? { Precedence: g.precedence } : {}),
    LastModifiedDate: epochSeconds(g.lastModifiedAt),
    CreationDate: epochSeconds(g.createdAt),
  };
}

/** Precedence is a Java int on the service side: the model gives only the minimum (0), the documentation the maximum. */
const MAX_PRECEDENCE = 2 ** 31 - 1;

/**
 * Refuses a Precedence above 2^31-1 in the service's validation wording (inferred: the model does not
 * carry the maximum, so the generic validation cannot).
 */
export function checkPrecedence(precedence: number | undefined): void {
  if (precedence !== undefined && precedence > MAX_PRECEDENCE) {
    throw new InvalidParameterException(
      `1 validation error detected: Value '${precedence}' at 'precedence' failed to satisfy constraint: Member must have value less than or equal to ${MAX_PRECEDENCE}`,
    );
  }
}

/** A list operation's page size: Limit 1-60; 0 or absent means the maximum, 60 (inferred: the default is undocumented). */
export function pageSize(limit: number | undefined): number {
  return limit === undefined || limit === 0 ? 60 : limit;
}

/** The key to continue after from a NextToken of the given listing, or InvalidParameterException for a token of anything else. */
export function afterToken(token: string | undefined, kind: string): string | null {
  if (token === undefined) return null;
  const after = decodePageToken(token, kind);
  if (after === null) throw new InvalidParameterException('Invalid pagination token.');
  return after;
}
