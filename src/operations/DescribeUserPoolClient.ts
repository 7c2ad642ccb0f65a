/** DescribeUserPoolClient. */
import { describeClient, requireClient } from '../domain/clients.js';
import { requirePool } from '../domain/users.js';
import { defineOperation } from './operation.js';

export const DescribeUserPoolClient = defineOperation('DescribeUserPoolClient', async (input, svc) => {
  await requirePool(svc.store, input.UserPoolId);
  return { UserPoolClient: describeClient(await requireClient(svc, input.ClientId, input.UserPoolId)) };
});
