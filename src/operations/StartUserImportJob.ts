/**
 * StartUserImportJob: runs the job's uploaded CSV within the request (cognate has no queue; the answer
 * already shows the finished job). The job goes Created -> InProgress -> Succeeded, or Failed when nothing
 * was uploaded or the header is not the pool's; a job not in Created is InvalidParameterException (inferred).
 * Each compare-and-set on the status means that of two instances starting one job, one runs it.
 */
import { IMPORT_INTERRUPTED, IMPORT_NOT_STARTABLE, importJobType, requireImportJob, runImport } from '../domain/imports.js';
import { requirePool } from '../domain/users.js';
import { InvalidParameterException } from '../errors.js';
import { defineOperation } from './operation.js';

export const StartUserImportJob = defineOperation('StartUserImportJob', async (input, svc) => {
  const pool = await requirePool(svc.store, input.UserPoolId);
  const job = await requireImportJob(svc, pool, input.JobId);
  if (job.status !== 'Created') throw new InvalidParameterException(IMPORT_NOT_STARTABLE);
  const running = await svc.store.updateImportJob({ ...job, status: 'InProgress', startedAt: svc.clock.now() }, 'Created');
  if (!running) throw new InvalidParameterException(IMPORT_NOT_STARTABLE);
  let outcome: Awaited<ReturnType<typeof runImport>>;
  try {
    outcome = await runImport(svc, pool, await svc.store.getImportCsv(job.jobId));
  } catch (e) {
    // A store failure mid-run: the users imported so far stay (each was one insert), and the job ends
    // Failed rather than InProgress for ever, so that it can be looked at and a new one created.
    await svc.store
      .updateImportJob({ ...running, status: 'Failed', completedAt: svc.clock.now(), completionMessage: IMPORT_INTERRUPTED }, 'InProgress')
      .catch(() => null);
    throw e;
  }
  const { counts, message, ok } = outcome;
  const done = { ...running, ...counts, status: ok ? ('Succeeded' as const) : ('Failed' as const), completedAt: svc.clock.now(), completionMessage: message };
  // A StopUserImportJob from another instance may have ended the job meanwhile: its state then stands.
  const stored = (await svc.store.updateImportJob(done, 'InProgress')) ?? (await requireImportJob(svc, pool, job.jobId));
  return { UserImportJob: importJobType(svc, stored) };
});
