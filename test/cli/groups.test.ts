/**
 * Golden tests of the group commands (`cognate cognito-idp create-group` and the rest) as a spawned
 * process against a local capture server: exact stdout, stderr, exit code and request body, as
 * golden.test.ts does for the other operations. Expected texts are the AWS CLI v2's.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { baseEnv, CaptureServer, caseDir, cognate, type Reply } from './helpers.js';

let server: CaptureServer;
before(async () => {
  server = await new CaptureServer().start();
});
after(async () => {
  await server.close();
});

async function check(c: { args: string[]; replies?: Reply[]; stdout?: string; stderr?: string; code: number; body?: string | null; requests?: number }) {
  server.reset();
  if (c.replies) server.reply(...c.replies);
  const dir = caseDir();
  const r = await cognate(['cognito-idp', ...c.args, '--endpoint-url', server.url], dir, baseEnv(dir));
  if (c.stderr !== undefined) assert.equal(r.stderr, c.stderr);
  if (c.stdout !== undefined) assert.equal(r.stdout, c.stdout);
  assert.equal(r.code, c.code, `exit code (stderr: ${r.stderr})`);
  if (c.body === null) assert.equal(server.requests.length, 0, 'no request expected');
  else if (c.body !== undefined) assert.equal(server.requests.at(-1)?.body, c.body);
  if (c.requests !== undefined) assert.equal(server.requests.length, c.requests);
  return { stdout: r.stdout, headers: server.requests.map((q) => Object.fromEntries(q.headers)) };
}

const GROUP = (name: string, more = '') =>
  `{"GroupName":"${name}","UserPoolId":"us-east-1_X"${more},"LastModifiedDate":1767225600.123,"CreationDate":1767225600}`;

describe('group commands', () => {
  it('create-group sends the members in model order, signed, and prints the group with ISO 8601 dates', async () => {
    const r = await check({
      args: [
        'create-group',
        '--precedence',
        '1',
        '--role-arn',
        'arn:aws:iam::123456789012:role/admin',
        '--group-name',
        'admins',
        '--user-pool-id',
        'us-east-1_X',
        '--description',
        'The admins',
      ],
      replies: [{ body: `{"Group":${GROUP('admins', ',"Description":"The admins","RoleArn":"arn:aws:iam::123456789012:role/admin","Precedence":1')}}` }],
      code: 0,
      stderr: '',
      body: '{"GroupName": "admins", "UserPoolId": "us-east-1_X", "Description": "The admins", "RoleArn": "arn:aws:iam::123456789012:role/admin", "Precedence": 1}',
      stdout: `{
    "Group": {
        "GroupName": "admins",
        "UserPoolId": "us-east-1_X",
        "Description": "The admins",
        "RoleArn": "arn:aws:iam::123456789012:role/admin",
        "Precedence": 1,
        "LastModifiedDate": "2026-01-01T00:00:00.123000+00:00",
        "CreationDate": "2026-01-01T00:00:00+00:00"
    }
}
`,
    });
    assert.equal(r.headers[0]!['X-Amz-Target'], 'AWSCognitoIdentityProviderService.CreateGroup');
    assert.match(r.headers[0]!.Authorization!, /^AWS4-HMAC-SHA256 Credential=test\/\d{8}\/us-east-1\/cognito-idp\/aws4_request, /);
  });

  it('prints nothing for delete-group, admin-add-user-to-group and admin-remove-user-from-group', async () => {
    await check({
      args: ['delete-group', '--user-pool-id', 'p', '--group-name', 'g'],
      code: 0,
      stdout: '',
      stderr: '',
      body: '{"GroupName": "g", "UserPoolId": "p"}',
    });
    for (const op of ['admin-add-user-to-group', 'admin-remove-user-from-group']) {
      await check({
        args: [op, '--user-pool-id', 'p', '--username', 'alice', '--group-name', 'g'],
        code: 0,
        stdout: '',
        stderr: '',
        body: '{"UserPoolId": "p", "Username": "alice", "GroupName": "g"}',
      });
    }
  });

  it('list-groups follows NextToken through every page', async () => {
    await check({
      args: ['list-groups', '--user-pool-id', 'p', '--query', 'Groups[].GroupName', '--output', 'text'],
      replies: [{ body: `{"Groups":[${GROUP('a')},${GROUP('b')}],"NextToken":"t1"}` }, { body: `{"Groups":[${GROUP('c')}]}` }],
      code: 0,
      stdout: 'a\tb\nc\n',
      requests: 2,
      body: '{"UserPoolId": "p", "NextToken": "t1"}',
    });
  });

  it('list-users-in-group sends --page-size as Limit and stops at --max-items with a NextToken to resume', async () => {
    const users = '{"Users":[{"Username":"alice","Enabled":true},{"Username":"bob","Enabled":true}],"NextToken":"t1"}';
    const r = await check({
      args: ['list-users-in-group', '--user-pool-id', 'p', '--group-name', 'g', '--max-items', '1', '--page-size', '2'],
      replies: [{ body: users }],
      code: 0,
      requests: 1,
      body: '{"UserPoolId": "p", "GroupName": "g", "Limit": 2}',
    });
    const out = JSON.parse(r.stdout) as { Users: unknown[]; NextToken: string };
    assert.deepEqual(out.Users, [{ Username: 'alice', Enabled: true }]);
    assert.equal(Buffer.from(out.NextToken, 'base64').toString(), '{"NextToken": null, "boto_truncate_amount": 1}');
  });

  it('admin-list-groups-for-user prints a table as the AWS CLI does', async () => {
    await check({
      args: ['admin-list-groups-for-user', '--user-pool-id', 'p', '--username', 'alice', '--query', 'Groups[].[GroupName,Precedence]', '--output', 'table'],
      replies: [{ body: `{"Groups":[${GROUP('admins', ',"Precedence":0')},${GROUP('readers', ',"Precedence":10')}]}` }],
      code: 0,
      // As the AWS CLI (v1 1.45, same table code as v2) prints it for this reply.
      stdout: `------------------------
|AdminListGroupsForUser|
+--------------+-------+
|  admins      |  0    |
|  readers     |  10   |
+--------------+-------+
`,
    });
  });

  it('reports GroupExistsException and "Group not found." with exit code 254', async () => {
    await check({
      args: ['create-group', '--user-pool-id', 'p', '--group-name', 'admins'],
      replies: [{ status: 400, body: '{"__type":"GroupExistsException","message":"A group with the name already exists."}' }],
      code: 254,
      stdout: '',
      stderr: '\nAn error occurred (GroupExistsException) when calling the CreateGroup operation: A group with the name already exists.\n',
    });
    await check({
      args: ['get-group', '--user-pool-id', 'p', '--group-name', 'nope'],
      replies: [{ status: 400, body: '{"__type":"ResourceNotFoundException","message":"Group not found."}' }],
      code: 254,
      stderr: '\nAn error occurred (ResourceNotFoundException) when calling the GetGroup operation: Group not found.\n',
    });
  });

  it('refuses a --precedence that is not an integer before sending anything', async () => {
    await check({
      args: ['update-group', '--user-pool-id', 'p', '--group-name', 'g', '--precedence', 'high'],
      code: 255,
      body: null,
      stdout: '',
      stderr: "\ninvalid literal for int() with base 10: 'high'\n",
    });
  });

  it('prints the create-group input skeleton and manual page', async () => {
    await check({
      args: ['create-group', '--generate-cli-skeleton'],
      code: 0,
      body: null,
      stdout: `{
    "GroupName": "",
    "UserPoolId": "",
    "Description": "",
    "RoleArn": "",
    "Precedence": 0
}
`,
    });
    const help = await check({ args: ['create-group', 'help'], code: 0, body: null });
    assert.match(help.stdout, /^CREATE-GROUP\(\) +CREATE-GROUP\(\)$/m);
    assert.match(help.stdout, /^ {10}Creates a group in a user pool, optionally with a description, an$/m);
    for (const option of ['--group-name <value>', '--user-pool-id <value>', '[--description <value>]', '[--role-arn <value>]', '[--precedence <value>]']) {
      assert.ok(help.stdout.includes(`          ${option}\n`), option);
    }
    assert.match(help.stdout, /^ {7}--precedence \(integer\)$/m);
    const list = await check({ args: ['list-users-in-group', 'help'], code: 0, body: null });
    for (const option of ['[--starting-token <value>]', '[--page-size <value>]', '[--max-items <value>]']) assert.ok(list.stdout.includes(option), option);
  });
});
