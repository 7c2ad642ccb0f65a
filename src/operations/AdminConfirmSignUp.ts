/** AdminConfirmSignUp: UNCONFIRMED becomes CONFIRMED; any other status is refused in Cognito's words. */
import { NotAuthorizedException } from '../errors.js';
import { requirePool, requireUser } from '../domain/users.js';
import { defineOperation } from './operation.js';

export const AdminConfirmSignUp = defineOperation('AdminConfirmSignUp', async (input, svc) => {
  const pool = await requirePool(svc.store, input.UserPoolId);
  const user = await requireUser(svc.store, pool, input.Username);
  if (user.status !== 'UNCONFIRMED') throw new NotAuthorizedException(`User cannot be confirmed. Current status is ${user.status}`);
  user.status = 'CONFIRMED';
  user.lastModifiedAt = svc.clock.now();
  await svc.store.updateUser(user);
  return {};
});
