/**
 * CreateGroup: a group with optional Description, RoleArn and Precedence; GroupExistsException for a
 * name the pool already has. The insert itself is the uniqueness check, so of two concurrent creates one wins.
 * Cognito's quota of 10,000 groups per pool (LimitExceededException) is not enforced.
 */
import { GroupExistsException } from '../errors.js';
import { checkPrecedence, GROUP_EXISTS, groupType } from '../domain/groups.js';
import { requirePool } from '../domain/users.js';
import type { GroupRecord } from '../store/store.js';
import { defineOperation } from './operation.js';

export const CreateGroup = defineOperation('CreateGroup', async (input, svc) => {
  // A validation error, so before any lookup, as the service validates input first.
  checkPrecedence(input.Precedence);
  const pool = await requirePool(svc.store, input.UserPoolId);
  const now = svc.clock.now();
  const group: GroupRecord = {
    poolId: pool.id,
    name: input.GroupName,
    description: input.Description ?? null,
    roleArn: input.RoleArn ?? null,
    precedence: input.Precedence ?? null,
    createdAt: now,
    lastModifiedAt: now,
  };
  if (!(await svc.store.createGroup(group))) throw new GroupExistsException(GROUP_EXISTS);
  return { Group: groupType(group) };
});
