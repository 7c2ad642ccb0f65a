/**
 * UpdateGroup: changes Description, RoleArn and Precedence. AWS's documentation says it "updates any of
 * the properties" given; members left out keep their values (inferred, as the emulators do), so a set
 * member cannot be cleared through it. Tokens already issued keep their claims.
 */
import { ResourceNotFoundException } from '../errors.js';
import { checkPrecedence, GROUP_NOT_FOUND, groupType, requireGroup } from '../domain/groups.js';
import { requirePool } from '../domain/users.js';
import { defineOperation } from './operation.js';

export const UpdateGroup = defineOperation('UpdateGroup', async (input, svc) => {
  checkPrecedence(input.Precedence);
  const pool = await requirePool(svc.store, input.UserPoolId);
  const current = await requireGroup(svc.store, pool, input.GroupName);
  // Each member is written from the request or from the group as read: two concurrent updates of
  // different members can overwrite each other's, as with any last-writer-wins settings update.
  const updated = await svc.store.updateGroup(pool.id, current.name, {
    description: input.Description ?? current.description,
    roleArn: input.RoleArn ?? current.roleArn,
    precedence: input.Precedence ?? current.precedence,
    lastModifiedAt: svc.clock.now(),
  });
  if (!updated) throw new ResourceNotFoundException(GROUP_NOT_FOUND);
  return { Group: groupType(updated) };
});
