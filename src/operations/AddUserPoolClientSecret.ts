/**
 * AddUserPoolClientSecret: a second secret for a confidential client, for a rotation without
 * downtime; either secret then works in SECRET_HASH and client authentication. The value is echoed
 * only when cognate generated it, as Cognito documents. Limits and refusals: see withAddedSecret.
 */
import { describeSecret, requireClient, withAddedSecret } from '../domain/clients.js';
import { requirePool } from '../domain/users.js';
import { ResourceNotFoundException } from '../errors.js';
import { newClientSecret } from '../random.js';
import type { ClientSecretRecord } from '../store/store.js';
import { defineOperation } from './operation.js';

export const AddUserPoolClientSecret = defineOperation('AddUserPoolClientSecret', async (input, svc) => {
  await requirePool(svc.store, input.UserPoolId);
  await requireClient(svc, input.ClientId, input.UserPoolId);
  const value = input.ClientSecret ?? newClientSecret(svc.random);
  const now = svc.clock.now();
  const out: { added?: ClientSecretRecord } = {};
  const stored = await svc.store.changeClient(input.ClientId, (current) => {
    const next = withAddedSecret(current, value, now);
    out.added = next.added;
    return next.client;
  });
  if (!stored || !out.added) throw new ResourceNotFoundException(`User pool client ${input.ClientId} does not exist.`);
  return { ClientSecretDescriptor: describeSecret(out.added, input.ClientSecret === undefined) };
});
