/** DescribeUserImportJob: one import job of the pool, its state and counts. */
import { importJobType, requireImportJob } from '../domain/imports.js';
import { requirePool } from '../domain/users.js';
import { defineOperation } from './operation.js';

export const DescribeUserImportJob = defineOperation('DescribeUserImportJob', async (input, svc) => {
  const pool = await requirePool(svc.store, input.UserPoolId);
  return { UserImportJob: importJobType(svc, await requireImportJob(svc, pool, input.JobId)) };
});
