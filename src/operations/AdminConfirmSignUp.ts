/** AdminConfirmSignUp: UNCONFIRMED becomes CONFIRMED (then the PostConfirmation trigger); any other status is refused in Cognito's words. */
import { NotAuthorizedException } from '../errors.js';
import { changeUser, requirePool, requireUser } from '../domain/users.js';
import { postConfirmation } from '../domain/sign-up-triggers.js';
import { defineOperation } from './operation.js';

export const AdminConfirmSignUp = defineOperation('AdminConfirmSignUp', async (input, svc) => {
  const pool = await requirePool(svc.store, input.UserPoolId);
  const user = await requireUser(svc.store, pool, input.Username);
  const now = svc.clock.now();
  const confirmed = await changeUser(svc.store, user, (current) => {
    if (current.status !== 'UNCONFIRMED') throw new NotAuthorizedException(`User cannot be confirmed. Current status is ${current.status}`);
    return { ...current, status: 'CONFIRMED', lastModifiedAt: now };
  });
  await postConfirmation(svc, pool, confirmed, 'ConfirmSignUp', input.ClientMetadata ? { clientMetadata: input.ClientMetadata } : {});
  return {};
});
