/**
 * DeleteUserPoolDomain: the pool's hosted pages and OAuth 2.0 endpoints stop answering at the domain. A
 * domain the pool does not have is InvalidParameterException (our choice of the modelled errors, in the
 * words the service uses for a domain it cannot find on the pool).
 */
import { InvalidParameterException } from '../errors.js';
import { requirePool } from '../domain/users.js';
import { defineOperation } from './operation.js';

export const DeleteUserPoolDomain = defineOperation('DeleteUserPoolDomain', async (input, svc) => {
  const pool = await requirePool(svc.store, input.UserPoolId);
  if (!(await svc.store.deleteDomain(pool.id, input.Domain))) {
    throw new InvalidParameterException(`No such domain or user pool exists.`);
  }
  return {};
});
