/** DeleteUserPool: the pool and everything in it; refused while deletion protection is active. */
import { InvalidParameterException } from '../errors.js';
import { requirePool } from '../domain/users.js';
import { defineOperation } from './operation.js';

export const DeleteUserPool = defineOperation('DeleteUserPool', async (input, svc) => {
  const pool = await requirePool(svc.store, input.UserPoolId);
  if (pool.settings.DeletionProtection === 'ACTIVE') {
    throw new InvalidParameterException(
      'The user pool cannot be deleted because deletion protection is activated. Deletion protection must be inactivated first.',
    );
  }
  await svc.store.deletePool(pool.id);
  svc.tokens.forgetPool(pool.id);
  return {};
});
