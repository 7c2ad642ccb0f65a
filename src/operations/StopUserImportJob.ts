/**
 * StopUserImportJob: stops a Pending or InProgress job (Stopped, with the counts so far); any other state is
 * InvalidParameterException (domain/imports.ts). cognate runs a job within StartUserImportJob, so a job is
 * InProgress only while another request runs it.
 */
import { importJobType, notStoppable, requireImportJob } from '../domain/imports.js';
import { requirePool } from '../domain/users.js';
import { defineOperation } from './operation.js';

export const StopUserImportJob = defineOperation('StopUserImportJob', async (input, svc) => {
  const pool = await requirePool(svc.store, input.UserPoolId);
  const job = await requireImportJob(svc, pool, input.JobId);
  if (job.status !== 'Pending' && job.status !== 'InProgress') throw notStoppable();
  const stopped = await svc.store.updateImportJob(
    { ...job, status: 'Stopped', completedAt: svc.clock.now(), completionMessage: 'Import Job Stopped.' },
    job.status,
  );
  if (!stopped) throw notStoppable();
  return { UserImportJob: importJobType(svc, stopped) };
});
