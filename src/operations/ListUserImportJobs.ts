/**
 * ListUserImportJobs: the pool's import jobs, MaxResults (1-60, required) at a time. Ordered by job id
 * (inferred: the reference names no order), which keeps the PaginationToken stable as jobs are added.
 */
import { afterToken } from '../domain/groups.js';
import { importJobType } from '../domain/imports.js';
import { encodePageToken } from '../domain/paging.js';
import { requirePool } from '../domain/users.js';
import { defineOperation } from './operation.js';

export const ListUserImportJobs = defineOperation('ListUserImportJobs', async (input, svc) => {
  const pool = await requirePool(svc.store, input.UserPoolId);
  const kind = `import-jobs:${pool.id}`;
  const page = await svc.store.listImportJobs(pool.id, input.MaxResults, afterToken(input.PaginationToken, kind));
  return {
    UserImportJobs: page.items.map((j) => importJobType(svc, j)),
    ...(page.next ? { PaginationToken: encodePageToken(page.next, kind) } : {}),
  };
});
