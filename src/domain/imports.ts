import { timingSafeEqual } from 'node:crypto';
import { CognitoError, InvalidParameterException, ResourceNotFoundException, UsernameExistsException } from '../errors.js';
import type { AttributeType, UserImportJobType } from '../model/generated.js';
import { randomString } from '../random.js';
import type { Services } from '../services.js';
import type { ImportJobRecord, PoolRecord, UserRecord } from '../store/store.js';
import { claimVerifiedAliases } from './aliases.js';
import { epochSeconds, newUserIdentity, noMfa } from './users.js';

/*
 * Bulk user import from a CSV file (developer guide, "Importing users into a user pool from a CSV file",
 * "Creating the user import CSV file"; the API reference of the *UserImportJob operations and GetCSVHeader).
 *
 * Choices the references leave open, or that cognate makes because it has no S3 (inferred):
 * - The PreSignedUrl is cognate's own: `PUT {public base URL}/_cognate/import/{JobId}?token=…` with a random
 *   token of 32 alphanumerics (protocol/imports.ts serves it). It takes uploads while the job is Created.
 * - StartUserImportJob runs the whole job within the request: the answer already shows Succeeded (or Failed)
 *   and the counts. Each user is one insert, so a user is imported whole or not at all.
 * - A job started with nothing uploaded ends Failed, "No CSV file was uploaded for the job." A header that is
 *   not the pool's (a column missing, unknown or twice), a file that is not CSV (a quote left open), or a pool
 *   without auto-verified attributes (the guide: "the import job will not start") end Failed too, and no
 *   user is imported.
 * - cognito:mfa_enabled true turns SMS MFA on for the user (as SetUserSettings' SMS MFAOptions do, as the
 *   user migration trigger's import does) and needs a phone_number; without one the row fails.
 * - A row whose username is taken is skipped (SkippedUsers) and the existing user left alone; a row that
 *   breaks a rule (no username, bad cognito:mfa_enabled, no verified auto-verified contact, an attribute the
 *   schema refuses, a wrong number of fields, a verified email or phone alias another user holds verified,
 *   as AdminCreateUser without ForceAliasCreation refuses it) counts in FailedUsers.
 * - StopUserImportJob stops only a Pending or InProgress job; any other is InvalidParameterException
 *   "Job is not in a state that can be stopped." A stop goes straight to Stopped (no Stopping: nothing runs
 *   in the background), and a job never becomes Expired.
 * - The header's order is the documentation's sample: the standard attributes in schema order (no sub, no
 *   identities), the custom ones, then cognito:mfa_enabled and cognito:username.
 */

/** The longest CSV an upload may carry (inferred: enough for tens of thousands of users, small enough to hold in memory). */
export const MAX_IMPORT_CSV_BYTES = 10 * 1024 * 1024;

/** A finished job's CompletionMessage, and the texts of the refusals (all inferred; AWS publishes none). */
export const IMPORT_SUCCEEDED = 'Import Job Completed Successfully.';
export const IMPORT_NO_FILE = 'No CSV file was uploaded for the job.';
export const IMPORT_BAD_HEADER = 'The CSV header does not match the user pool attributes.';
export const IMPORT_INTERRUPTED = 'The import job was interrupted by an internal error.';
export const IMPORT_NOT_CSV = 'The uploaded file is not a valid CSV file.';
export const IMPORT_NO_AUTO_VERIFIED = 'The user pool has no auto-verified attributes.';
export const IMPORT_NOT_STOPPABLE = 'Job is not in a state that can be stopped.';
export const IMPORT_NOT_STARTABLE = 'Job is not in Created state and cannot be started.';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const NOT_IMPORTED = new Set(['sub', 'identities']);

/** GetCSVHeader's columns for the pool. */
export function csvHeader(pool: PoolRecord): string[] {
  const names = (pool.settings.SchemaAttributes ?? []).map((a) => a.Name!).filter((n) => !NOT_IMPORTED.has(n));
  const standard = names.filter((n) => !n.startsWith('custom:'));
  const custom = names.filter((n) => n.startsWith('custom:'));
  return [...standard, ...custom, 'cognito:mfa_enabled', 'cognito:username'];
}

/** A new job id, `import-` and 10 alphanumerics. */
export function newJobId(svc: Pick<Services, 'random'>): string {
  return `import-${randomString(svc.random, 10, ALNUM)}`;
}

/** A new upload token: 32 alphanumerics (190 bits). */
export function newUploadToken(svc: Pick<Services, 'random'>): string {
  return randomString(svc.random, 32, ALNUM);
}

/** The job with this id in this pool, or ResourceNotFoundException. */
export async function requireImportJob(svc: Pick<Services, 'store'>, pool: PoolRecord, jobId: string): Promise<ImportJobRecord> {
  const job = await svc.store.getImportJob(jobId);
  if (!job || job.poolId !== pool.id) throw new ResourceNotFoundException(`Import job ${jobId} does not exist.`);
  return job;
}

/** The path of a job's upload URL on cognate's HTTP server (protocol/imports.ts serves it). */
export const IMPORT_UPLOAD_PATH = '/_cognate/import/';

/** A job's PreSignedUrl under the server's public base URL. */
export function uploadUrl(baseUrl: string, job: ImportJobRecord): string {
  return `${baseUrl.replace(/\/$/, '')}${IMPORT_UPLOAD_PATH}${job.jobId}?token=${job.uploadToken}`;
}

/** The wire UserImportJobType, its PreSignedUrl under the server's public base URL. */
export function importJobType(svc: Pick<Services, 'settings'>, job: ImportJobRecord): UserImportJobType {
  return {
    JobName: job.jobName,
    JobId: job.jobId,
    UserPoolId: job.poolId,
    PreSignedUrl: uploadUrl(svc.settings.publicBaseUrl?.() ?? 'http://localhost', job),
    CreationDate: epochSeconds(job.createdAt),
    ...(job.startedAt ? { StartDate: epochSeconds(job.startedAt) } : {}),
    ...(job.completedAt ? { CompletionDate: epochSeconds(job.completedAt) } : {}),
    Status: job.status,
    CloudWatchLogsRoleArn: job.roleArn,
    ImportedUsers: job.imported,
    SkippedUsers: job.skipped,
    FailedUsers: job.failed,
    ...(job.completionMessage ? { CompletionMessage: job.completionMessage } : {}),
  };
}

/** Whether `given` is the job's upload token, compared in constant time. */
export function uploadTokenMatches(job: ImportJobRecord, given: string): boolean {
  const a = Buffer.from(job.uploadToken);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Splits CSV text into rows of fields (RFC 4180: quoted fields may hold commas, line breaks and doubled
 * quotes; CRLF or LF ends a row; blank lines are dropped). Null when a quote is left open or text follows
 * a closing quote.
 */
export function parseCsv(text: string): string[][] | null {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let quoted = false;
  let wasQuoted = false;
  const endRow = () => {
    row.push(field);
    if (!(row.length === 1 && row[0] === '' && !wasQuoted)) rows.push(row);
    row = [];
    field = '';
    wasQuoted = false;
  };
  for (; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c !== '"') field += c;
      else if (text[i + 1] === '"') {
        field += '"';
        i++;
      } else {
        quoted = false;
        const next = text[i + 1];
        if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') return null;
      }
    } else if (c === '"') {
      if (field !== '') return null;
      quoted = true;
      wasQuoted = true;
    } else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRow();
    } else field += c;
  }
  if (quoted) return null;
  if (field !== '' || row.length > 0 || wasQuoted) endRow();
  return rows;
}

/** What a run of a job counted. */
export interface ImportCounts {
  imported: number;
  skipped: number;
  failed: number;
}

const BOOLEAN = /^(true|false)$/i;

/** One row as attributes, or a failure (a rule of "Formatting the CSV file" broken). */
function rowAttributes(pool: PoolRecord, header: string[], fields: string[]): { username: string; attributes: AttributeType[]; mfa: boolean } | null {
  if (fields.length !== header.length) return null;
  const value = new Map(header.map((h, i) => [h, fields[i]!]));
  const username = value.get('cognito:username') ?? '';
  const mfaText = value.get('cognito:mfa_enabled') ?? '';
  if (username === '' || !BOOLEAN.test(mfaText)) return null;
  const attributes: AttributeType[] = [];
  for (const [name, v] of value) {
    if (name.startsWith('cognito:') || v === '') continue;
    attributes.push({ Name: name, Value: v });
  }
  const verified = (name: string) => (value.get(name) ?? '').toLowerCase() === 'true';
  if (verified('email_verified') && !value.get('email')) return null;
  if (verified('phone_number_verified') && !value.get('phone_number')) return null;
  const auto = pool.settings.AutoVerifiedAttributes ?? [];
  if (!auto.some((a) => verified(`${a}_verified`))) return null;
  const mfa = mfaText.toLowerCase() === 'true';
  if (mfa && !value.get('phone_number')) return null;
  return { username, attributes, mfa };
}

/** Imports one row: 'imported', 'skipped' (username taken) or 'failed'. Never throws a CognitoError. */
async function importRow(svc: Services, pool: PoolRecord, header: string[], fields: string[]): Promise<keyof ImportCounts> {
  const row = rowAttributes(pool, header, fields);
  if (!row) return 'failed';
  try {
    const { username, usernameKey, sub, attrs } = await newUserIdentity(svc, pool, row.username, row.attributes, 'User account already exists');
    const now = svc.clock.now();
    await claimVerifiedAliases(svc, pool, attrs, false, now);
    const user: UserRecord = {
      poolId: pool.id,
      username,
      ...(usernameKey !== username ? { usernameKey } : {}),
      sub,
      status: 'RESET_REQUIRED',
      enabled: true,
      passwordHash: null,
      temporaryPasswordExpiresAt: null,
      attributes: attrs,
      mfa: row.mfa ? { ...noMfa(), legacySms: true } : noMfa(),
      createdAt: now,
      lastModifiedAt: now,
    };
    return (await svc.store.createUser(user)) ? 'imported' : 'skipped';
  } catch (e) {
    if (!(e instanceof CognitoError)) throw e;
    return e instanceof UsernameExistsException ? 'skipped' : 'failed';
  }
}

/** Runs a job's CSV: Failed with a message when the file is missing or its header wrong, else the counts. */
export async function runImport(svc: Services, pool: PoolRecord, csv: string | null): Promise<{ counts: ImportCounts; message: string; ok: boolean }> {
  const counts: ImportCounts = { imported: 0, skipped: 0, failed: 0 };
  if (csv === null) return { counts, message: IMPORT_NO_FILE, ok: false };
  if ((pool.settings.AutoVerifiedAttributes ?? []).length === 0) return { counts, message: IMPORT_NO_AUTO_VERIFIED, ok: false };
  const rows = parseCsv(csv);
  if (!rows) return { counts, message: IMPORT_NOT_CSV, ok: false };
  const expected = csvHeader(pool);
  const header = rows[0]?.map((h) => h.trim());
  if (!header || header.length !== expected.length || new Set(header).size !== header.length || !header.every((h) => expected.includes(h))) {
    return { counts, message: IMPORT_BAD_HEADER, ok: false };
  }
  for (const fields of rows.slice(1)) counts[await importRow(svc, pool, header, fields)]++;
  return { counts, message: IMPORT_SUCCEEDED, ok: true };
}

/** StopUserImportJob's refusal for a job that is not running. */
export function notStoppable(): InvalidParameterException {
  return new InvalidParameterException(IMPORT_NOT_STOPPABLE);
}

/**
 * Keeps an upload to a job's URL: the job must exist, the token be its own and the job still Created
 * (inferred: S3 would refuse an expired URL alike). False, and nothing stored, otherwise.
 */
export async function acceptUpload(svc: Pick<Services, 'store'>, jobId: string, token: string, csv: string): Promise<boolean> {
  const job = await svc.store.getImportJob(jobId);
  if (job?.status !== 'Created' || !uploadTokenMatches(job, token)) return false;
  return svc.store.putImportCsv(jobId, csv);
}
