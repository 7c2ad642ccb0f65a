import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { ImportJobRecord, Store } from '../../src/store/store.js';
import { eachStore } from '../helpers/store-contract.js';

/**
 * The user-import part of the Store contract (CreateUserImportJob and the jobs' uploads and states), run
 * against SQLite and PostgreSQL, written against the interface only.
 */
eachStore('import jobs', (t) => {
  let store!: Store;
  t.onOpen((s) => {
    store = s;
  });
  const now = new Date('2026-01-01T00:00:00.123Z');
  const later = new Date('2026-01-02T00:00:00.456Z');
  const newPool = () => t.newPool('imp', now);
  let ids = 0;
  const job = (poolId: string, more: Partial<ImportJobRecord> = {}): ImportJobRecord => ({
    poolId,
    jobId: `import-${String(++ids).padStart(10, '0')}`,
    jobName: 'first import',
    roleArn: 'arn:aws:iam::123456789012:role/CognitoImport',
    uploadToken: 'secret-token',
    status: 'Created',
    createdAt: now,
    startedAt: null,
    completedAt: null,
    completionMessage: null,
    imported: 0,
    skipped: 0,
    failed: 0,
    ...more,
  });

  it('stores a new import job with every member and finds it by id', async () => {
    const p = await newPool();
    const j = job(p);
    await store.createImportJob(j);
    assert.deepEqual(await store.getImportJob(j.jobId), j);
    assert.equal(await store.getImportJob('import-missing'), null);
  });

  it('lists a pool’s jobs by id a page at a time, and no other pool’s', async () => {
    const p = await newPool();
    const other = await newPool();
    const a = job(p);
    const b = job(p);
    const c = job(p);
    await store.createImportJob(c);
    await store.createImportJob(a);
    await store.createImportJob(b);
    await store.createImportJob(job(other));
    const first = await store.listImportJobs(p, 2, null);
    assert.deepEqual(
      first.items.map((j) => j.jobId),
      [a.jobId, b.jobId],
    );
    assert.equal(first.next, b.jobId);
    const second = await store.listImportJobs(p, 2, first.next!);
    assert.deepEqual(second.items, [c]);
    assert.equal(second.next, null);
  });

  it('keeps an uploaded CSV while the job is Created, the last upload winning', async () => {
    const p = await newPool();
    const j = job(p);
    await store.createImportJob(j);
    assert.equal(await store.getImportCsv(j.jobId), null);
    assert.equal(await store.putImportCsv(j.jobId, 'a,b\n1,2\n'), true);
    assert.equal(await store.putImportCsv(j.jobId, 'a,b\n3,"4,5"\n'), true);
    assert.equal(await store.getImportCsv(j.jobId), 'a,b\n3,"4,5"\n');
    assert.equal(await store.putImportCsv('import-missing', 'x'), false);
  });

  it('changes a job only from the state the caller saw, so one of two starts wins', async () => {
    const p = await newPool();
    const j = job(p);
    await store.createImportJob(j);
    const running = { ...j, status: 'InProgress' as const, startedAt: later };
    assert.deepEqual(await store.updateImportJob(running, 'Created'), running);
    assert.equal(await store.updateImportJob({ ...j, status: 'InProgress', startedAt: now }, 'Created'), null);
    const done = {
      ...running,
      status: 'Succeeded' as const,
      completedAt: later,
      completionMessage: 'Import Job Completed Successfully.',
      imported: 2,
      skipped: 1,
      failed: 3,
    };
    assert.deepEqual(await store.updateImportJob(done, 'InProgress'), done);
    assert.deepEqual(await store.getImportJob(j.jobId), done);
  });

  it('refuses an upload once the job has left Created', async () => {
    const p = await newPool();
    const j = job(p);
    await store.createImportJob(j);
    await store.updateImportJob({ ...j, status: 'InProgress', startedAt: later }, 'Created');
    assert.equal(await store.putImportCsv(j.jobId, 'late'), false);
    assert.equal(await store.getImportCsv(j.jobId), null);
  });

  it('forgets a pool’s jobs with the pool', async () => {
    const p = await newPool();
    const j = job(p);
    await store.createImportJob(j);
    assert.equal(await store.deletePool(p), true);
    assert.equal(await store.getImportJob(j.jobId), null);
  });
});
