import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  ConfirmForgotPasswordCommand,
  CreateUserImportJobCommand,
  DescribeUserImportJobCommand,
  ForgotPasswordCommand,
  GetCSVHeaderCommand,
  InitiateAuthCommand,
  ListUserImportJobsCommand,
  StartUserImportJobCommand,
  StopUserImportJobCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { SqliteStore } from '../../src/store/sqlite/store.js';
import type { UserRecord } from '../../src/store/store.js';
import { createConfirmedUser, createPoolAndClient } from '../helpers/fixtures.js';
import { startServer, type TestServer } from '../helpers/server.js';

const run = promisify(execFile);

const ROLE = 'arn:aws:iam::123456789012:role/CognitoImport';

/** The error a call fails with, as the SDK reports it. */
async function failure(p: Promise<unknown>): Promise<{ name: string; message: string }> {
  try {
    await p;
  } catch (e) {
    const err = e as Error;
    return { name: err.name, message: err.message };
  }
  assert.fail('expected the call to fail');
}

/** One CSV line of `header`'s columns from `values` (others empty), quoting as RFC 4180 does. */
function csvLine(header: string[], values: Record<string, string>): string {
  return header.map((h) => (h in values ? `"${values[h]!.replace(/"/g, '""')}"` : '')).join(',');
}

describe('User import jobs through the AWS SDK v3', () => {
  let s: TestServer;
  let poolId: string;
  let clientId: string;
  let header: string[];
  before(async () => {
    s = await startServer();
    ({ poolId, clientId } = await createPoolAndClient(s.sdk, {
      MfaConfiguration: 'OFF',
      AutoVerifiedAttributes: ['email'],
      Schema: [{ Name: 'plan', AttributeDataType: 'String', Mutable: true }],
    }));
    header = (await s.sdk.send(new GetCSVHeaderCommand({ UserPoolId: poolId }))).CSVHeader!;
  });
  after(async () => s.close());

  async function newJob(name = 'migration', pool = poolId) {
    return (await s.sdk.send(new CreateUserImportJobCommand({ UserPoolId: pool, JobName: name, CloudWatchLogsRoleArn: ROLE }))).UserImportJob!;
  }

  function upload(url: string, csv: string): Promise<Response> {
    return fetch(url, { method: 'PUT', body: csv, headers: { 'x-amz-server-side-encryption': 'aws:kms', 'content-type': 'text/csv' } });
  }

  it('gives the CSV header: standard attributes in schema order, custom ones, then cognito:mfa_enabled and cognito:username', async () => {
    const out = await s.sdk.send(new GetCSVHeaderCommand({ UserPoolId: poolId }));
    assert.equal(out.UserPoolId, poolId);
    assert.deepEqual(out.CSVHeader!.slice(0, 3), ['name', 'given_name', 'family_name']);
    assert.deepEqual(out.CSVHeader!.slice(-3), ['custom:plan', 'cognito:mfa_enabled', 'cognito:username']);
    assert.ok(!out.CSVHeader!.includes('sub'));
    assert.ok(out.CSVHeader!.includes('email_verified'));
  });

  it('creates a job in Created with an upload URL on cognate and no counts yet', async () => {
    const job = await newJob('first');
    assert.match(job.JobId!, /^import-[0-9a-zA-Z]{10}$/);
    assert.equal(job.Status, 'Created');
    assert.equal(job.JobName, 'first');
    assert.equal(job.UserPoolId, poolId);
    assert.equal(job.CloudWatchLogsRoleArn, ROLE);
    assert.deepEqual([job.ImportedUsers, job.SkippedUsers, job.FailedUsers], [0, 0, 0]);
    assert.ok(job.CreationDate instanceof Date);
    assert.ok(job.PreSignedUrl!.startsWith(`${s.url}/_cognate/import/${job.JobId}?token=`), job.PreSignedUrl);
  });

  it('refuses an upload with a wrong token with 403, and a job started with nothing uploaded fails', async () => {
    const job = await newJob('wrong-token');
    const forged = job.PreSignedUrl!.replace(/token=.*/, `token=${'A'.repeat(32)}`);
    const res = await upload(forged, `${header.join(',')}\n`);
    assert.equal(res.status, 403);
    assert.match(await res.text(), /AccessDenied/);
    const started = (await s.sdk.send(new StartUserImportJobCommand({ UserPoolId: poolId, JobId: job.JobId! }))).UserImportJob!;
    assert.equal(started.Status, 'Failed');
    assert.equal(started.CompletionMessage, 'No CSV file was uploaded for the job.');
    assert.equal(started.ImportedUsers, 0);
  });

  it('imports valid rows as RESET_REQUIRED users, skips taken usernames and counts bad rows as failed', async () => {
    await createConfirmedUser(s.sdk, poolId, 'taken', null);
    const job = await newJob('people');
    const rows: Record<string, string>[] = [
      {
        'cognito:username': 'imp-ann',
        name: 'Ann, "the first"',
        email: 'ann@example.com',
        email_verified: 'true',
        'cognito:mfa_enabled': 'false',
        'custom:plan': 'gold',
      },
      { 'cognito:username': 'imp-bob', email: 'bob@example.com', email_verified: 'TRUE', 'cognito:mfa_enabled': 'false' },
      // No verified auto-verified attribute: the pool verifies email, so this row fails.
      { 'cognito:username': 'imp-bad', email: 'bad@example.com', email_verified: 'false', 'cognito:mfa_enabled': 'false' },
      { 'cognito:username': 'taken', email: 'taken@example.com', email_verified: 'true', 'cognito:mfa_enabled': 'false' },
    ];
    const csv = [header.join(','), ...rows.map((r) => csvLine(header, r))].join('\r\n');
    const res = await upload(job.PreSignedUrl!, csv);
    assert.equal(res.status, 200);
    assert.equal(job.Status, 'Created');
    const started = (await s.sdk.send(new StartUserImportJobCommand({ UserPoolId: poolId, JobId: job.JobId! }))).UserImportJob!;
    assert.equal(started.Status, 'Succeeded');
    assert.deepEqual([started.ImportedUsers, started.SkippedUsers, started.FailedUsers], [2, 1, 1]);
    const described = (await s.sdk.send(new DescribeUserImportJobCommand({ UserPoolId: poolId, JobId: job.JobId! }))).UserImportJob!;
    assert.equal(described.Status, 'Succeeded');
    assert.deepEqual([described.ImportedUsers, described.SkippedUsers, described.FailedUsers], [2, 1, 1]);
    assert.equal(described.CompletionMessage, 'Import Job Completed Successfully.');
    assert.ok(described.StartDate instanceof Date && described.CompletionDate instanceof Date);

    const ann = await s.sdk.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'imp-ann' }));
    assert.equal(ann.UserStatus, 'RESET_REQUIRED');
    const attrs = Object.fromEntries(ann.UserAttributes!.map((a) => [a.Name, a.Value]));
    assert.equal(attrs.name, 'Ann, "the first"');
    assert.equal(attrs.email_verified, 'true');
    assert.equal(attrs['custom:plan'], 'gold');
    assert.equal((await failure(s.sdk.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'imp-bad' })))).name, 'UserNotFoundException');
    const taken = await s.sdk.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'taken' }));
    assert.equal(taken.UserStatus, 'CONFIRMED');

    // The job has left Created: no second start, no stop, no new upload.
    assert.deepEqual(await failure(s.sdk.send(new StartUserImportJobCommand({ UserPoolId: poolId, JobId: job.JobId! }))), {
      name: 'InvalidParameterException',
      message: 'Job is not in Created state and cannot be started.',
    });
    assert.deepEqual(await failure(s.sdk.send(new StopUserImportJobCommand({ UserPoolId: poolId, JobId: job.JobId! }))), {
      name: 'InvalidParameterException',
      message: 'Job is not in a state that can be stopped.',
    });
    assert.equal((await upload(job.PreSignedUrl!, csv)).status, 403);
  });

  it('lets an imported user reset the password and then sign in', async () => {
    const job = await newJob('reset');
    const csv = `${header.join(',')}\n${csvLine(header, { 'cognito:username': 'imp-cy', email: 'cy@example.com', email_verified: 'true', 'cognito:mfa_enabled': 'false' })}\n`;
    assert.equal((await upload(job.PreSignedUrl!, csv)).status, 200);
    await s.sdk.send(new StartUserImportJobCommand({ UserPoolId: poolId, JobId: job.JobId! }));
    const signIn = (password: string) =>
      s.sdk.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'imp-cy', PASSWORD: password } }));
    assert.equal((await failure(signIn('Whatever1!'))).name, 'PasswordResetRequiredException');
    await s.sdk.send(new ForgotPasswordCommand({ ClientId: clientId, Username: 'imp-cy' }));
    const outbox = await fetch(`${s.url}/_cognate/messages?poolId=${poolId}&username=imp-cy`);
    const { messages } = (await outbox.json()) as { messages: Array<{ code: string | null; destination: string }> };
    assert.equal(messages.at(-1)?.destination, 'cy@example.com');
    const code = messages.at(-1)!.code!;
    await s.sdk.send(new ConfirmForgotPasswordCommand({ ClientId: clientId, Username: 'imp-cy', ConfirmationCode: code, Password: 'N3wPassword!' }));
    const out = await signIn('N3wPassword!');
    assert.ok(out.AuthenticationResult?.AccessToken);
  });

  it('fails a job whose CSV header is not the pool’s, importing nobody', async () => {
    const job = await newJob('bad-header');
    const wrong = header.filter((h) => h !== 'cognito:mfa_enabled');
    const csv = `${wrong.join(',')}\n${csvLine(wrong, { 'cognito:username': 'imp-dee', email: 'dee@example.com', email_verified: 'true' })}\n`;
    assert.equal((await upload(job.PreSignedUrl!, csv)).status, 200);
    const started = (await s.sdk.send(new StartUserImportJobCommand({ UserPoolId: poolId, JobId: job.JobId! }))).UserImportJob!;
    assert.equal(started.Status, 'Failed');
    assert.equal(started.CompletionMessage, 'The CSV header does not match the user pool attributes.');
    assert.equal((await failure(s.sdk.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'imp-dee' })))).name, 'UserNotFoundException');
  });

  it('turns SMS MFA on for a row with cognito:mfa_enabled true and fails one without a phone number', async () => {
    const job = await newJob('mfa');
    const rows: Record<string, string>[] = [
      { 'cognito:username': 'imp-mfa', email: 'mfa@example.com', email_verified: 'true', phone_number: '+15555550100', 'cognito:mfa_enabled': 'true' },
      { 'cognito:username': 'imp-nophone', email: 'np@example.com', email_verified: 'true', 'cognito:mfa_enabled': 'true' },
    ];
    const csv = [header.join(','), ...rows.map((r) => csvLine(header, r))].join('\n');
    assert.equal((await upload(job.PreSignedUrl!, csv)).status, 200);
    const started = (await s.sdk.send(new StartUserImportJobCommand({ UserPoolId: poolId, JobId: job.JobId! }))).UserImportJob!;
    assert.deepEqual([started.ImportedUsers, started.SkippedUsers, started.FailedUsers], [1, 0, 1]);
    const user = await s.sdk.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'imp-mfa' }));
    assert.deepEqual(user.MFAOptions, [{ DeliveryMedium: 'SMS', AttributeName: 'phone_number' }]);
  });

  it('fails a row whose verified email alias another user already holds verified', async () => {
    const { poolId: aliased } = await createPoolAndClient(s.sdk, { MfaConfiguration: 'OFF', AutoVerifiedAttributes: ['email'], AliasAttributes: ['email'] });
    await s.sdk.send(
      new AdminCreateUserCommand({
        UserPoolId: aliased,
        Username: 'holder',
        MessageAction: 'SUPPRESS',
        UserAttributes: [
          { Name: 'email', Value: 'shared@example.com' },
          { Name: 'email_verified', Value: 'true' },
        ],
      }),
    );
    const aliasedHeader = (await s.sdk.send(new GetCSVHeaderCommand({ UserPoolId: aliased }))).CSVHeader!;
    const job = await newJob('alias', aliased);
    const row = (u: string, email: string) => csvLine(aliasedHeader, { 'cognito:username': u, email, email_verified: 'true', 'cognito:mfa_enabled': 'false' });
    const csv = [aliasedHeader.join(','), row('imp-shared', 'shared@example.com'), row('imp-own', 'own@example.com')].join('\n');
    assert.equal((await upload(job.PreSignedUrl!, csv)).status, 200);
    const started = (await s.sdk.send(new StartUserImportJobCommand({ UserPoolId: aliased, JobId: job.JobId! }))).UserImportJob!;
    assert.deepEqual([started.ImportedUsers, started.SkippedUsers, started.FailedUsers], [1, 0, 1]);
  });

  it('fails a job whose file is not CSV (a quote left open)', async () => {
    const job = await newJob('not-csv');
    assert.equal((await upload(job.PreSignedUrl!, `${header.join(',')}\n"imp-open,\n`)).status, 200);
    const started = (await s.sdk.send(new StartUserImportJobCommand({ UserPoolId: poolId, JobId: job.JobId! }))).UserImportJob!;
    assert.equal(started.Status, 'Failed');
    assert.equal(started.CompletionMessage, 'The uploaded file is not a valid CSV file.');
  });

  it('fails a job in a pool without auto-verified attributes, as the guide says it will not start', async () => {
    const { poolId: plain } = await createPoolAndClient(s.sdk, { MfaConfiguration: 'OFF' });
    const plainHeader = (await s.sdk.send(new GetCSVHeaderCommand({ UserPoolId: plain }))).CSVHeader!;
    const job = await newJob('no-auto', plain);
    const csv = `${plainHeader.join(',')}\n${csvLine(plainHeader, { 'cognito:username': 'imp-eve', email: 'eve@example.com', email_verified: 'true', 'cognito:mfa_enabled': 'false' })}\n`;
    assert.equal((await upload(job.PreSignedUrl!, csv)).status, 200);
    const started = (await s.sdk.send(new StartUserImportJobCommand({ UserPoolId: plain, JobId: job.JobId! }))).UserImportJob!;
    assert.equal(started.Status, 'Failed');
    assert.equal(started.CompletionMessage, 'The user pool has no auto-verified attributes.');
    assert.equal(started.ImportedUsers, 0);
  });

  it('takes the upload from curl exactly as AWS’s guide writes it', async () => {
    const job = await newJob('curl');
    const dir = mkdtempSync(join(tmpdir(), 'cognate-import-'));
    const file = join(dir, 'users.csv');
    writeFileSync(
      file,
      `${header.join(',')}\n${csvLine(header, { 'cognito:username': 'imp-curl', email: 'curl@example.com', email_verified: 'true', 'cognito:mfa_enabled': 'false' })}\n`,
    );
    const { stdout } = await run('curl', [
      '-s',
      '-o',
      '/dev/null',
      '-w',
      '%{http_code}',
      '--upload-file',
      file,
      '-H',
      'x-amz-server-side-encryption:aws:kms',
      job.PreSignedUrl!,
    ]);
    rmSync(dir, { recursive: true, force: true });
    assert.equal(stdout, '200');
    const started = (await s.sdk.send(new StartUserImportJobCommand({ UserPoolId: poolId, JobId: job.JobId! }))).UserImportJob!;
    assert.equal(started.ImportedUsers, 1);
  });

  it('refuses an upload past 10 MiB with 413 and keeps nothing', async () => {
    const job = await newJob('big');
    const res = await upload(job.PreSignedUrl!, 'x'.repeat(10 * 1024 * 1024 + 1));
    assert.equal(res.status, 413);
    const started = (await s.sdk.send(new StartUserImportJobCommand({ UserPoolId: poolId, JobId: job.JobId! }))).UserImportJob!;
    assert.equal(started.CompletionMessage, 'No CSV file was uploaded for the job.');
  });

  it('stops a job that is in progress', async () => {
    const job = await newJob('running');
    // StartUserImportJob finishes within its request; another instance's run is what leaves a job InProgress.
    const stored = (await s.app.services.store.getImportJob(job.JobId!))!;
    await s.app.services.store.updateImportJob({ ...stored, status: 'InProgress', startedAt: stored.createdAt }, 'Created');
    const stopped = (await s.sdk.send(new StopUserImportJobCommand({ UserPoolId: poolId, JobId: job.JobId! }))).UserImportJob!;
    assert.equal(stopped.Status, 'Stopped');
    assert.ok(stopped.CompletionDate instanceof Date);
  });

  it('refuses to stop a job that is not running with InvalidParameterException', async () => {
    const job = await newJob('idle');
    assert.deepEqual(await failure(s.sdk.send(new StopUserImportJobCommand({ UserPoolId: poolId, JobId: job.JobId! }))), {
      name: 'InvalidParameterException',
      message: 'Job is not in a state that can be stopped.',
    });
  });

  it('lists a pool’s jobs MaxResults at a time with a PaginationToken', async () => {
    const { poolId: other } = await createPoolAndClient(s.sdk, { MfaConfiguration: 'OFF' });
    const ids = new Set<string>();
    for (const n of ['a', 'b', 'c']) ids.add((await newJob(n, other)).JobId!);
    const first = await s.sdk.send(new ListUserImportJobsCommand({ UserPoolId: other, MaxResults: 2 }));
    assert.equal(first.UserImportJobs!.length, 2);
    assert.ok(first.PaginationToken);
    const second = await s.sdk.send(new ListUserImportJobsCommand({ UserPoolId: other, MaxResults: 2, PaginationToken: first.PaginationToken }));
    assert.equal(second.UserImportJobs!.length, 1);
    assert.equal(second.PaginationToken, undefined);
    assert.deepEqual(new Set([...first.UserImportJobs!, ...second.UserImportJobs!].map((j) => j.JobId)), ids);
    const tooMany = await failure(s.sdk.send(new ListUserImportJobsCommand({ UserPoolId: other, MaxResults: 61 })));
    assert.equal(tooMany.name, 'InvalidParameterException');
  });

  it('answers a job of another pool with ResourceNotFoundException', async () => {
    const job = await newJob('mine');
    const { poolId: other } = await createPoolAndClient(s.sdk, { MfaConfiguration: 'OFF' });
    const err = await failure(s.sdk.send(new DescribeUserImportJobCommand({ UserPoolId: other, JobId: job.JobId! })));
    assert.equal(err.name, 'ResourceNotFoundException');
  });
});

/** A store whose user inserts fail after the first, as a full disk would. */
class FillingStore extends SqliteStore {
  private inserts = 0;
  override async createUser(user: UserRecord): Promise<boolean> {
    if (++this.inserts > 1) throw new Error('database or disk is full');
    return super.createUser(user);
  }
}

describe('A user import interrupted by a store failure', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer({}, { store: new FillingStore({ dataDir: ':memory:' }) });
  });
  after(async () => s.close());

  it('keeps the users imported before the failure and ends the job Failed, not InProgress', async () => {
    const { poolId } = await createPoolAndClient(s.sdk, { MfaConfiguration: 'OFF', AutoVerifiedAttributes: ['email'] });
    const header = (await s.sdk.send(new GetCSVHeaderCommand({ UserPoolId: poolId }))).CSVHeader!;
    const job = (await s.sdk.send(new CreateUserImportJobCommand({ UserPoolId: poolId, JobName: 'full', CloudWatchLogsRoleArn: ROLE }))).UserImportJob!;
    const row = (u: string) => csvLine(header, { 'cognito:username': u, email: `${u}@example.com`, email_verified: 'true', 'cognito:mfa_enabled': 'false' });
    const res = await fetch(job.PreSignedUrl!, { method: 'PUT', body: [header.join(','), row('one'), row('two')].join('\n') });
    assert.equal(res.status, 200);
    const err = await failure(s.sdk.send(new StartUserImportJobCommand({ UserPoolId: poolId, JobId: job.JobId! })));
    assert.equal(err.name, 'InternalErrorException');
    const described = (await s.sdk.send(new DescribeUserImportJobCommand({ UserPoolId: poolId, JobId: job.JobId! }))).UserImportJob!;
    assert.equal(described.Status, 'Failed');
    assert.equal(described.CompletionMessage, 'The import job was interrupted by an internal error.');
    assert.equal((await s.sdk.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'one' }))).UserStatus, 'RESET_REQUIRED');
    assert.equal((await failure(s.sdk.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'two' })))).name, 'UserNotFoundException');
  });
});
