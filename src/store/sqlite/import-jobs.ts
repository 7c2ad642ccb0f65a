import type Database from 'better-sqlite3';
import { pageOf } from '../common.js';
import type { ImportJobRecord, ImportJobStatus, Page } from '../store.js';
import type { GuardedStatement, SqliteGuard } from './guard.js';

/* User import jobs in SQLite (table of migration step 13). Kept apart from store.ts, which delegates to it
   one line per method. */

interface ImportJobRow {
  job_id: string;
  pool_id: string;
  job_name: string;
  role_arn: string;
  upload_token: string;
  status: string;
  created_at: number;
  started_at: number | null;
  completed_at: number | null;
  completion_message: string | null;
  imported: number;
  skipped: number;
  failed: number;
}

const COLUMNS =
  'job_id, pool_id, job_name, role_arn, upload_token, status, created_at, started_at, completed_at, completion_message, imported, skipped, failed';

const date = (ms: number | null): Date | null => (ms === null ? null : new Date(ms));

const jobFromRow = (r: ImportJobRow): ImportJobRecord => ({
  poolId: r.pool_id,
  jobId: r.job_id,
  jobName: r.job_name,
  roleArn: r.role_arn,
  uploadToken: r.upload_token,
  status: r.status as ImportJobStatus,
  createdAt: new Date(r.created_at),
  startedAt: date(r.started_at),
  completedAt: date(r.completed_at),
  completionMessage: r.completion_message,
  imported: r.imported,
  skipped: r.skipped,
  failed: r.failed,
});

/** The import-job statements, prepared once. Nothing is cached: jobs are read by their operations only. */
export class SqliteImportJobs {
  private readonly s;

  constructor(db: Database.Database, guard: SqliteGuard) {
    const p = (sql: string): GuardedStatement => guard.statement(db.prepare(sql));
    this.s = {
      create: p(`INSERT INTO import_jobs (${COLUMNS}) VALUES (@job_id, @pool_id, @job_name, @role_arn, @upload_token, @status, @created_at,
        @started_at, @completed_at, @completion_message, @imported, @skipped, @failed)`),
      get: p(`SELECT ${COLUMNS} FROM import_jobs WHERE job_id = ?`),
      list: p(`SELECT ${COLUMNS} FROM import_jobs WHERE pool_id = ? AND job_id > ? ORDER BY job_id LIMIT ?`),
      putCsv: p(`UPDATE import_jobs SET csv = ? WHERE job_id = ? AND status = 'Created'`),
      getCsv: p('SELECT csv FROM import_jobs WHERE job_id = ?'),
      update: p(`UPDATE import_jobs SET status = @status, started_at = @started_at, completed_at = @completed_at,
        completion_message = @completion_message, imported = @imported, skipped = @skipped, failed = @failed
        WHERE job_id = @job_id AND status = @from RETURNING ${COLUMNS}`),
    };
  }

  private static params(j: ImportJobRecord): Record<string, unknown> {
    return {
      job_id: j.jobId,
      pool_id: j.poolId,
      job_name: j.jobName,
      role_arn: j.roleArn,
      upload_token: j.uploadToken,
      status: j.status,
      created_at: j.createdAt.getTime(),
      started_at: j.startedAt?.getTime() ?? null,
      completed_at: j.completedAt?.getTime() ?? null,
      completion_message: j.completionMessage,
      imported: j.imported,
      skipped: j.skipped,
      failed: j.failed,
    };
  }

  create(job: ImportJobRecord): void {
    this.s.create.run(SqliteImportJobs.params(job));
  }

  get(jobId: string): ImportJobRecord | null {
    const r = this.s.get.get(jobId) as ImportJobRow | undefined;
    return r ? jobFromRow(r) : null;
  }

  list(poolId: string, limit: number, after: string | null): Page<ImportJobRecord> {
    const rows = this.s.list.all(poolId, after ?? '', limit + 1) as ImportJobRow[];
    return pageOf(rows.map(jobFromRow), limit, (j) => j.jobId);
  }

  putCsv(jobId: string, csv: string): boolean {
    return this.s.putCsv.run(csv, jobId).changes > 0;
  }

  getCsv(jobId: string): string | null {
    const r = this.s.getCsv.get(jobId) as { csv: string | null } | undefined;
    return r?.csv ?? null;
  }

  update(job: ImportJobRecord, from: ImportJobStatus): ImportJobRecord | null {
    const params = SqliteImportJobs.params(job);
    const r = this.s.update.get({
      job_id: params.job_id,
      status: params.status,
      started_at: params.started_at,
      completed_at: params.completed_at,
      completion_message: params.completion_message,
      imported: params.imported,
      skipped: params.skipped,
      failed: params.failed,
      from,
    }) as ImportJobRow | undefined;
    return r ? jobFromRow(r) : null;
  }
}
