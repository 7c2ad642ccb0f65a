/**
 * CreateUserImportJob: a Created job with its upload URL. The URL is cognate's own, not S3's
 * (domain/imports.ts); the CloudWatch Logs role is kept and shown, never assumed.
 */
import { importJobType, newJobId, newUploadToken } from '../domain/imports.js';
import { requirePool } from '../domain/users.js';
import type { ImportJobRecord } from '../store/store.js';
import { defineOperation } from './operation.js';

export const CreateUserImportJob = defineOperation('CreateUserImportJob', async (input, svc) => {
  const pool = await requirePool(svc.store, input.UserPoolId);
  const job: ImportJobRecord = {
    poolId: pool.id,
    jobId: newJobId(svc),
    jobName: input.JobName,
    roleArn: input.CloudWatchLogsRoleArn,
    uploadToken: newUploadToken(svc),
    status: 'Created',
    createdAt: svc.clock.now(),
    startedAt: null,
    completedAt: null,
    completionMessage: null,
    imported: 0,
    skipped: 0,
    failed: 0,
  };
  await svc.store.createImportJob(job);
  return { UserImportJob: importJobType(svc, job) };
});
