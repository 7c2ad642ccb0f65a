import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PASSWORD, PHONE, signedInUser } from '../helpers/fixtures.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { skipWithoutAwsCli } from '../helpers/tools.js';

// The installed AWS CLI v1 (botocore), the client users run the README's tour with. Every call costs about
// half a second of Python start-up, so the file keeps to about twenty of them.

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  json: any;
}

let s: TestServer;
let configDir: string;

/** Runs `aws cognito-idp ARGS --endpoint-url URL` with dummy credentials and empty config files. */
function aws(...args: string[]): Promise<CliResult> {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('AWS_')) env[k] = v;
  Object.assign(env, {
    AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'secret',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_CONFIG_FILE: join(configDir, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(configDir, 'credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_MAX_ATTEMPTS: '1',
  });
  const argv = args[0] === '--version' ? args : ['cognito-idp', ...args, '--endpoint-url', s.url];
  return new Promise((resolve, reject) => {
    execFile('aws', argv, { env, timeout: 30_000 }, (err, stdout, stderr) => {
      if (err && typeof err.code !== 'number') {
        reject(new Error(`could not run the AWS CLI (aws ${argv.join(' ')}): ${err.message}`));
        return;
      }
      const code = err ? (err.code as number) : 0;
      let json: any = null;
      if (code === 0 && stdout.trim().startsWith('{')) json = JSON.parse(stdout);
      resolve({ code, stdout, stderr, json });
    });
  });
}

/** Asserts a successful call and returns its parsed output (null when the CLI printed nothing). */
async function ok(...args: string[]): Promise<any> {
  const r = await aws(...args);
  assert.equal(r.code, 0, `aws ${args[0]} exited ${r.code}: ${r.stderr}`);
  return r.json;
}

async function outbox(poolId: string, username: string): Promise<Array<{ code: string; destination: string; deliveryMedium: string }>> {
  const res = await fetch(`${s.url}/_cognate/messages?poolId=${poolId}&username=${username}`);
  return ((await res.json()) as { messages: Array<{ code: string; destination: string; deliveryMedium: string }> }).messages;
}

describe('the real AWS CLI v1 against cognate', { skip: skipWithoutAwsCli }, () => {
  before(async () => {
    s = await startServer();
    configDir = mkdtempSync(join(tmpdir(), 'cognate-awscli-'));
    writeFileSync(join(configDir, 'config'), '');
    writeFileSync(join(configDir, 'credentials'), '');
  });
  after(async () => {
    await s.close();
    rmSync(configDir, { recursive: true, force: true });
  });

  it('is the AWS CLI v1 this suite is written for', async () => {
    const r = await aws('--version');
    assert.equal(r.code, 0);
    // v1 prints its version on stdout (older releases used stderr).
    assert.match(r.stdout + r.stderr, /^aws-cli\/1\.\d+\.\d+ Python\/\S+ .* botocore\/1\.\d+\.\d+/);
  });

  it('runs the README tour: pool, client, user, sign-in, set-user-settings on, SMS_MFA with the outbox code, and off again', async () => {
    const pool = await ok(
      'create-user-pool',
      '--pool-name',
      'demo',
      '--mfa-configuration',
      'OPTIONAL',
      '--sms-configuration',
      'SnsCallerArn=arn:aws:iam::123456789012:role/sms,ExternalId=demo',
    );
    const poolId: string = pool.UserPool.Id;
    assert.match(poolId, /^us-east-1_[0-9a-zA-Z]{9}$/);
    assert.equal(pool.UserPool.MfaConfiguration, 'OPTIONAL');
    assert.deepEqual(pool.UserPool.SmsConfiguration, { SnsCallerArn: 'arn:aws:iam::123456789012:role/sms', ExternalId: 'demo' });

    const client = await ok(
      'create-user-pool-client',
      '--user-pool-id',
      poolId,
      '--client-name',
      'app',
      '--explicit-auth-flows',
      'ALLOW_USER_PASSWORD_AUTH',
      'ALLOW_REFRESH_TOKEN_AUTH',
    );
    const clientId: string = client.UserPoolClient.ClientId;
    assert.match(clientId, /^[a-z0-9]{26}$/);

    const created = await ok(
      'admin-create-user',
      '--user-pool-id',
      poolId,
      '--username',
      'alice',
      '--user-attributes',
      `Name=phone_number,Value=${PHONE}`,
      '--message-action',
      'SUPPRESS',
    );
    assert.equal(created.User.UserStatus, 'FORCE_CHANGE_PASSWORD');
    // The CLI prints timestamps as the epoch seconds it received.
    assert.equal(typeof created.User.UserCreateDate, 'number');

    const set = await aws('admin-set-user-password', '--user-pool-id', poolId, '--username', 'alice', '--password', PASSWORD, '--permanent');
    assert.deepEqual([set.code, set.stdout, set.stderr], [0, '', '']);

    const auth = ['initiate-auth', '--client-id', clientId, '--auth-flow', 'USER_PASSWORD_AUTH', '--auth-parameters', `USERNAME=alice,PASSWORD=${PASSWORD}`];
    const signIn = await ok(...auth);
    assert.equal(signIn.ChallengeName, undefined);
    const token: string = signIn.AuthenticationResult.AccessToken;
    assert.equal(signIn.AuthenticationResult.TokenType, 'Bearer');

    // The seed, exactly as its manual page writes it; success prints nothing.
    const on = await aws('set-user-settings', '--access-token', token, '--mfa-options', 'DeliveryMedium=SMS,AttributeName=phone_number');
    assert.deepEqual([on.code, on.stdout, on.stderr], [0, '', '']);
    const me = await ok('get-user', '--access-token', token);
    assert.deepEqual(me.MFAOptions, [{ DeliveryMedium: 'SMS', AttributeName: 'phone_number' }]);

    const challenged = await ok(...auth);
    assert.equal(challenged.ChallengeName, 'SMS_MFA');
    assert.deepEqual(challenged.ChallengeParameters, { CODE_DELIVERY_DELIVERY_MEDIUM: 'SMS', CODE_DELIVERY_DESTINATION: '+*******1234' });
    assert.equal(challenged.AuthenticationResult, undefined);
    const sent = await outbox(poolId, 'alice');
    assert.equal(sent.length, 1);
    assert.equal(sent[0]!.destination, PHONE);
    assert.match(sent[0]!.code, /^\d{6}$/);

    const answered = await ok(
      'respond-to-auth-challenge',
      '--client-id',
      clientId,
      '--challenge-name',
      'SMS_MFA',
      '--session',
      challenged.Session,
      '--challenge-responses',
      `USERNAME=alice,SMS_MFA_CODE=${sent[0]!.code}`,
    );
    assert.ok(answered.AuthenticationResult.AccessToken);
    assert.ok(answered.AuthenticationResult.IdToken);
    assert.ok(answered.AuthenticationResult.RefreshToken);

    const off = await aws('set-user-settings', '--access-token', answered.AuthenticationResult.AccessToken, '--mfa-options', '[]');
    assert.deepEqual([off.code, off.stdout, off.stderr], [0, '', '']);
    const admin = await ok('admin-get-user', '--user-pool-id', poolId, '--username', 'alice');
    assert.equal('MFAOptions' in admin, false);
    assert.equal(admin.UserStatus, 'CONFIRMED');
    assert.equal(admin.UserAttributes.find((a: { Name: string }) => a.Name === 'phone_number_verified')?.Value, 'true');
  });

  it('prints a service error as "An error occurred (NotAuthorizedException) ..." on stderr and exits 255', async () => {
    const r = await aws('set-user-settings', '--access-token', 'garbage', '--mfa-options', 'DeliveryMedium=SMS,AttributeName=phone_number');
    // v1 exits 255 for a service error (v2 exits 254) and prints a blank line before the message.
    assert.equal(r.code, 255);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr, '\nAn error occurred (NotAuthorizedException) when calling the SetUserSettings operation: Invalid Access Token\n');
  });

  it("shows the server's Coral validation message for a delivery medium botocore lets through", async () => {
    const u = await signedInUser(s.sdk, 'bob');
    const r = await aws('set-user-settings', '--access-token', u.accessToken, '--mfa-options', 'DeliveryMedium=FAX,AttributeName=phone_number');
    assert.equal(r.code, 255);
    assert.equal(
      r.stderr,
      '\nAn error occurred (InvalidParameterException) when calling the SetUserSettings operation: ' +
        "1 validation error detected: Value 'FAX' at 'mFAOptions.1.member.deliveryMedium' failed to satisfy constraint: Member must satisfy enum value set: [SMS, EMAIL]\n",
    );
  });

  it('admin-set-user-settings turns SMS MFA on and off by pool and username', async () => {
    const u = await signedInUser(s.sdk, 'carol');
    const on = await aws(
      'admin-set-user-settings',
      '--user-pool-id',
      u.poolId,
      '--username',
      u.username,
      '--mfa-options',
      'DeliveryMedium=SMS,AttributeName=phone_number',
    );
    assert.deepEqual([on.code, on.stdout, on.stderr], [0, '', '']);
    const listed = await ok('list-users', '--user-pool-id', u.poolId);
    assert.deepEqual(
      listed.Users.map((x: { Username: string; MFAOptions?: unknown }) => [x.Username, x.MFAOptions]),
      [['carol', [{ DeliveryMedium: 'SMS', AttributeName: 'phone_number' }]]],
    );
    const off = await aws('admin-set-user-settings', '--user-pool-id', u.poolId, '--username', u.username, '--mfa-options', '[]');
    assert.equal(off.code, 0, off.stderr);
    assert.equal('MFAOptions' in (await ok('get-user', '--access-token', u.accessToken)), false);
  });

  it('admin-set-user-settings for a user who does not exist fails with UserNotFoundException', async () => {
    const u = await signedInUser(s.sdk, 'dave');
    const r = await aws(
      'admin-set-user-settings',
      '--user-pool-id',
      u.poolId,
      '--username',
      'nobody',
      '--mfa-options',
      'DeliveryMedium=SMS,AttributeName=phone_number',
    );
    assert.equal(r.code, 255);
    assert.equal(r.stderr, '\nAn error occurred (UserNotFoundException) when calling the AdminSetUserSettings operation: User does not exist.\n');
  });
});
