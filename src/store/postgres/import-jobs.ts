import { pageOf } from '../common.js';
import type { ImportJobRecord, ImportJobStatus, Page } from '../store.js';
import type { Query } from './groups.js';

/* User import jobs in PostgreSQL (table of migration step 13). Kept apart from store.ts, which delegates
   to it one line per method. */

interface ImportJobRow {
  job_id: string;
  pool_id: string;
  job_name: string;
  role_arn: string;
  upload_token: string;
  status: string;
  created_at: Date;
  started_at: Date | null;
  completed_at: Date | null;
  completion_message: string | null;
  imported: string;
  skipped: string;
  failed: string;
}

const COLUMNS =
  'job_id, pool_id, job_name, role_arn, upload_token, status, created_at, started_at, completed_at, completion_message, imported, skipped, failed';

const jobFromRow = (r: ImportJobRow): ImportJobRecord => ({
  poolId: r.pool_id,
  jobId: r.job_id,
  jobName: r.job_name,
  roleArn: r.role_arn,
  uploadToken: r.upload_token,
  status: r.status as ImportJobStatus,
  createdAt: r.created_at,
  startedAt: r.started_at,
  completedAt: r.completed_at,
  completionMessage: r.completion_message,
  // BIGINT comes back as a string; a job's counts stay far below 2^53.
  imported: Number(r.imported),
  skipped: Number(r.skipped),
  failed: Number(r.failed),
});

/** Nothing is cached: another instance may start or stop a job at any time. */
export class PostgresImportJobs {
  constructor(private readonly q: Query) {}

  async create(j: ImportJobRecord): Promise<void> {
    await this.q(`INSERT INTO import_jobs (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`, [
      j.jobId,
      j.poolId,
      j.jobName,
      j.roleArn,
      j.uploadToken,
      j.status,
      j.createdAt,
      j.startedAt,
      j.completedAt,
      j.completionMessage,
      j.imported,
      j.skipped,
      j.failed,
    ]);
  }

  async get(jobId: string): Promise<ImportJobRecord | null> {
    const { rows } = await this.q<ImportJobRow>(`SELECT ${COLUMNS} FROM import_jobs WHERE job_id = $1`, [jobId]);
    return rows[0] ? jobFromRow(rows[0]) : null;
  }

  async list(poolId: string, limit: number, after: string | null): Promise<Page<ImportJobRecord>> {
    const { rows } = await this.q<ImportJobRow>(`SELECT ${COLUMNS} FROM import_jobs WHERE pool_id = $1 AND job_id > $2 ORDER BY job_id LIMIT $3`, [
      poolId,
      after ?? '',
      limit + 1,
    ]);
    return pageOf(rows.map(jobFromRow), limit, (j) => j.jobId);
  }

  async putCsv(jobId: string, csv: string): Promise<boolean> {
    const r = await this.q(`UPDATE import_jobs SET csv = $1 WHERE job_id = $2 AND status = 'Created'`, [csv, jobId]);
    return (r.rowCount ?? 0) > 0;
  }

  async getCsv(jobId: string): Promise<string | null> {
    const { rows } = await this.q<{ csv: string | null }>('SELECT csv FROM import_jobs WHERE job_id = $1', [jobId]);
    return rows[0]?.csv ?? null;
  }

  async update(j: ImportJobRecord, from: ImportJobStatus): Promise<ImportJobRecord | null> {
    const { rows } = await this.q<ImportJobRow>(
      `UPDATE import_jobs SET status = $2, started_at = $3, completed_at = $4, completion_message = $5, imported = $6, skipped = $7, failed = $8
      WHERE job_id = $1 AND status = $9 RETURNING ${COLUMNS}`,
      [j.jobId, j.status, j.startedAt, j.completedAt, j.completionMessage, j.imported, j.skipped, j.failed, from],
    );
    return rows[0] ? jobFromRow(rows[0]) : null;
  }
}
