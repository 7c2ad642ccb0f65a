/** GetUserPoolMfaConfig. */
import { mfaConfigOf } from '../domain/pools.js';
import { requirePool } from '../domain/users.js';
import { defineOperation } from './operation.js';

export const GetUserPoolMfaConfig = defineOperation('GetUserPoolMfaConfig', async (input, svc) => {
  return mfaConfigOf(await requirePool(svc.store, input.UserPoolId));
});
