/** CreateUserPool: a new pool with Cognito's defaults and its two signing keys. */
import { describePool, newPoolSettings } from '../domain/pools.js';
import { newPoolId } from '../random.js';
import { defineOperation } from './operation.js';

export const CreateUserPool = defineOperation('CreateUserPool', async (input, svc) => {
  const settings = newPoolSettings(input);
  const id = newPoolId(svc.random, svc.settings.region);
  const now = svc.clock.now();
  const pool = { id, name: input.PoolName, createdAt: now, lastModifiedAt: now, settings };
  await svc.store.createPool(pool, await svc.tokens.newPoolKeys(id));
  return { UserPool: describePool(pool, svc.settings.region, 0) };
});
