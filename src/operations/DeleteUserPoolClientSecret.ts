/** DeleteUserPoolClientSecret: ends one of a client's secrets; the last one stays (see withoutSecret). */
import { requireClient, withoutSecret } from '../domain/clients.js';
import { requirePool } from '../domain/users.js';
import { ResourceNotFoundException } from '../errors.js';
import { defineOperation } from './operation.js';

export const DeleteUserPoolClientSecret = defineOperation('DeleteUserPoolClientSecret', async (input, svc) => {
  await requirePool(svc.store, input.UserPoolId);
  await requireClient(svc, input.ClientId, input.UserPoolId);
  const now = svc.clock.now();
  const stored = await svc.store.changeClient(input.ClientId, (current) => withoutSecret(current, input.ClientSecretId, now));
  if (!stored) throw new ResourceNotFoundException(`User pool client ${input.ClientId} does not exist.`);
  return {};
});
