/** GetCSVHeader: the columns of a user import CSV for the pool, in Cognito's order (domain/imports.ts csvHeader). */
import { csvHeader } from '../domain/imports.js';
import { requirePool } from '../domain/users.js';
import { defineOperation } from './operation.js';

export const GetCSVHeader = defineOperation('GetCSVHeader', async (input, svc) => {
  const pool = await requirePool(svc.store, input.UserPoolId);
  return { UserPoolId: pool.id, CSVHeader: csvHeader(pool) };
});
