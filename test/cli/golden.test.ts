/**
 * Golden tests of `cognate cognito-idp …` as a spawned process against a local capture server: exact
 * stdout, stderr and exit code, and the request the server received. Expected texts are the AWS CLI
 * v2's (reference/aws-cli.md) with `cognate` in place of `aws` in usage errors.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { baseEnv, CaptureServer, caseDir, cognate, GET_USER_BODY, usage, type Reply } from './helpers.js';

let server: CaptureServer;
before(async () => {
  server = await new CaptureServer().start();
});
after(async () => {
  await server.close();
});

interface Case {
  args: string[];
  files?: Record<string, string>;
  env?: Record<string, string | undefined>;
  replies?: Reply[];
  noEndpoint?: boolean;
  stdout?: string;
  stderr?: string;
  code: number;
  /** The request body, or null when no request may be sent. */
  body?: string | null;
  requests?: number;
}

async function check(c: Case): Promise<{ stdout: string; stderr: string; headers: Array<[string, string]>[] }> {
  server.reset();
  if (c.replies) server.reply(...c.replies);
  const dir = caseDir(c.files);
  const args = ['cognito-idp', ...c.args, ...(c.noEndpoint ? [] : ['--endpoint-url', server.url])];
  const r = await cognate(args, dir, baseEnv(dir, c.env));
  if (c.stderr !== undefined) assert.equal(r.stderr, c.stderr);
  if (c.stdout !== undefined) assert.equal(r.stdout, c.stdout);
  assert.equal(r.code, c.code, `exit code (stderr: ${r.stderr})`);
  if (c.body === null) assert.equal(server.requests.length, 0, 'no request expected');
  else if (c.body !== undefined) assert.equal(server.requests.at(-1)?.body, c.body);
  if (c.requests !== undefined) assert.equal(server.requests.length, c.requests);
  return { stdout: r.stdout, stderr: r.stderr, headers: server.requests.map((q) => q.headers) };
}

const TOKEN = ['--access-token', 'TOKEN123'];
const SMS = '{"AccessToken": "TOKEN123", "MFAOptions": [{"DeliveryMedium": "SMS", "AttributeName": "phone_number"}]}';
const sus = (...a: string[]) => ['set-user-settings', ...TOKEN, ...a];
const parseErr = (msg: string) => `\nError parsing parameter '--mfa-options': ${msg}\n`;
const invalid = (msg: string) => `\nParameter validation failed:\n${msg}\n`;

describe('set-user-settings: the request', () => {
  it('sends shorthand as AWS JSON 1.1 with the AWS CLI v2 header set and no Authorization', async () => {
    const r = await check({ args: sus('--mfa-options', 'DeliveryMedium=SMS,AttributeName=phone_number'), code: 0, stdout: '', stderr: '', body: SMS });
    const names = r.headers[0]!.map(([k]) => k);
    assert.deepEqual(names, ['Host', 'Accept-Encoding', 'X-Amz-Target', 'Content-Type', 'User-Agent', 'Content-Length']);
    const h = Object.fromEntries(r.headers[0]!);
    assert.equal(h['X-Amz-Target'], 'AWSCognitoIdentityProviderService.SetUserSettings');
    assert.equal(h['Content-Type'], 'application/x-amz-json-1.1');
    assert.equal(h['Accept-Encoding'], 'identity');
    assert.equal(h.Host, server.url.slice('http://'.length));
  });

  it('never signs set-user-settings, even with a session token', async () => {
    const r = await check({ args: sus('--mfa-options', 'DeliveryMedium=SMS'), env: { AWS_SESSION_TOKEN: 'sess' }, code: 0 });
    assert.ok(!r.headers[0]!.some(([k]) => /^(authorization|x-amz-date|x-amz-security-token)$/i.test(k)));
  });

  const bodies: Array<[string, string[], string, Record<string, string>?]> = [
    ['JSON list', ['--mfa-options', '[{"DeliveryMedium":"SMS","AttributeName":"phone_number"}]'], SMS],
    [
      'JSON keeps the written key order',
      ['--mfa-options', '[{"AttributeName":"phone_number","DeliveryMedium":"SMS"}]'],
      '{"AccessToken": "TOKEN123", "MFAOptions": [{"AttributeName": "phone_number", "DeliveryMedium": "SMS"}]}',
    ],
    [
      'two shorthand values',
      ['--mfa-options', 'DeliveryMedium=SMS,AttributeName=phone_number', 'DeliveryMedium=EMAIL,AttributeName=email'],
      '{"AccessToken": "TOKEN123", "MFAOptions": [{"DeliveryMedium": "SMS", "AttributeName": "phone_number"}, {"DeliveryMedium": "EMAIL", "AttributeName": "email"}]}',
    ],
    ['a file:// JSON list', ['--mfa-options', 'file://mfa.json'], SMS, { 'mfa.json': '[{"DeliveryMedium": "SMS", "AttributeName": "phone_number"}]\n' }],
    ['an empty JSON list', ['--mfa-options', '[]'], '{"AccessToken": "TOKEN123", "MFAOptions": []}'],
    ['no value at all', ['--mfa-options'], '{"AccessToken": "TOKEN123", "MFAOptions": []}'],
    ['a JSON object wrapped into a list', ['--mfa-options', '{"DeliveryMedium":"SMS","AttributeName":"phone_number"}'], SMS],
    [
      'two JSON objects',
      ['--mfa-options', '{"DeliveryMedium":"SMS"}', '{"DeliveryMedium":"EMAIL"}'],
      '{"AccessToken": "TOKEN123", "MFAOptions": [{"DeliveryMedium": "SMS"}, {"DeliveryMedium": "EMAIL"}]}',
    ],
    [
      'an enum value it does not check',
      ['--mfa-options', 'DeliveryMedium=FAX,AttributeName=phone_number'],
      '{"AccessToken": "TOKEN123", "MFAOptions": [{"DeliveryMedium": "FAX", "AttributeName": "phone_number"}]}',
    ],
    [
      'an empty value',
      ['--mfa-options', 'DeliveryMedium=,AttributeName=phone_number'],
      '{"AccessToken": "TOKEN123", "MFAOptions": [{"DeliveryMedium": "", "AttributeName": "phone_number"}]}',
    ],
    [
      'non-ASCII as \\u escapes',
      ['--mfa-options', 'DeliveryMedium=SMS,AttributeName=téléphone'],
      '{"AccessToken": "TOKEN123", "MFAOptions": [{"DeliveryMedium": "SMS", "AttributeName": "t\\u00e9l\\u00e9phone"}]}',
    ],
    ['quoted values', ['--mfa-options', `DeliveryMedium="SMS",AttributeName='phone_number'`], SMS],
    ['spaces around = and ,', ['--mfa-options', 'DeliveryMedium = SMS , AttributeName = phone_number'], SMS],
    ['trailing spaces stripped', ['--mfa-options', 'DeliveryMedium=SMS   ,AttributeName=phone_number   '], SMS],
    [
      'an escaped comma',
      ['--mfa-options', 'DeliveryMedium=SMS,AttributeName=a\\,b'],
      '{"AccessToken": "TOKEN123", "MFAOptions": [{"DeliveryMedium": "SMS", "AttributeName": "a,b"}]}',
    ],
    [
      'a quoted comma',
      ['--mfa-options', 'DeliveryMedium=SMS,AttributeName="a,b"'],
      '{"AccessToken": "TOKEN123", "MFAOptions": [{"DeliveryMedium": "SMS", "AttributeName": "a,b"}]}',
    ],
    [
      'an escaped single quote',
      ['--mfa-options', "DeliveryMedium=SMS,AttributeName='it\\'s'"],
      '{"AccessToken": "TOKEN123", "MFAOptions": [{"DeliveryMedium": "SMS", "AttributeName": "it\'s"}]}',
    ],
    [
      'escaped double quotes',
      ['--mfa-options', 'DeliveryMedium=SMS,AttributeName="say \\"hi\\""'],
      '{"AccessToken": "TOKEN123", "MFAOptions": [{"DeliveryMedium": "SMS", "AttributeName": "say \\"hi\\""}]}',
    ],
    [
      '= inside a value',
      ['--mfa-options', 'DeliveryMedium=SMS,AttributeName=a=b'],
      '{"AccessToken": "TOKEN123", "MFAOptions": [{"DeliveryMedium": "SMS", "AttributeName": "a=b"}]}',
    ],
    ['a value starting with -', ['--mfa-options', 'AttributeName=-x'], '{"AccessToken": "TOKEN123", "MFAOptions": [{"AttributeName": "-x"}]}'],
    ['JSON with leading spaces', ['--mfa-options', '  [ ]'], '{"AccessToken": "TOKEN123", "MFAOptions": []}'],
  ];
  for (const [name, args, body, files] of bodies) {
    it(`sends ${name}`, async () => {
      await check({ args: sus(...args), files, code: 0, stdout: '', stderr: '', body });
    });
  }

  it('puts options in model order whatever the command-line order', async () => {
    await check({
      args: ['set-user-settings', '--mfa-options', 'DeliveryMedium=SMS,AttributeName=phone_number', '--access-token', 'TOKEN123'],
      code: 0,
      body: SMS,
    });
  });

  it('keeps the last of a repeated option and accepts unambiguous prefixes', async () => {
    await check({
      args: ['set-user-settings', '--access-tok', 'A', '--access-token', 'TOKEN123', '--mfa-options=DeliveryMedium=SMS,AttributeName=phone_number'],
      code: 0,
      body: SMS,
    });
  });

  it('reads a token file verbatim, trailing newline included', async () => {
    await check({
      args: ['set-user-settings', '--access-token', 'file://token.txt', '--mfa-options', 'DeliveryMedium=SMS,AttributeName=phone_number'],
      files: { 'token.txt': 'TOKENFROMFILE\n' },
      code: 0,
      body: '{"AccessToken": "TOKENFROMFILE\\n", "MFAOptions": [{"DeliveryMedium": "SMS", "AttributeName": "phone_number"}]}',
    });
  });
});

describe('set-user-settings: parameter errors', () => {
  const cases: Array<[string, string[], string]> = [
    ['a key without =', ['DeliveryMedium'], parseErr("Expected: '=', received: 'EOF' for input:\nDeliveryMedium\n              ^")],
    ['a trailing comma', ['DeliveryMedium=SMS,'], parseErr("Expected: '<second>', received: '<none>' for input:\nDeliveryMedium=SMS,\n                   ^")],
    [
      'an unterminated quote',
      ['DeliveryMedium="SMS,AttributeName=phone_number'],
      parseErr("Expected: '<double quoted>', received: '<none>' for input:\nDeliveryMedium=\"SMS,AttributeName=phone_number\n               ^"),
    ],
    ['a space in a key', ['Delivery Medium=SMS'], parseErr("Expected: '=', received: 'M' for input:\nDelivery Medium=SMS\n         ^")],
    ['an empty token', [''], parseErr("Expected: '=', received: 'EOF' for input:\n\n^")],
    ['a bare quoted string', ['"SMS"'], parseErr("Expected: '=', received: '\"' for input:\n\"SMS\"\n^")],
    [
      'a duplicate key',
      ['DeliveryMedium=SMS,DeliveryMedium=EMAIL'],
      parseErr(
        'Second instance of key "DeliveryMedium" encountered for input:\nDeliveryMedium=SMS,DeliveryMedium=EMAIL\n                   ^\nThis is often because there is a preceding "," instead of a space.',
      ),
    ],
    [
      'a duplicate key after a newline',
      ['DeliveryMedium=SMS,\nDeliveryMedium=EMAIL'],
      parseErr(
        'Second instance of key "DeliveryMedium" encountered for input:\nDeliveryMedium=SMS,\n                   ^\nDeliveryMedium=EMAIL\nThis is often because there is a preceding "," instead of a space.',
      ),
    ],
    [
      "v1's @= file syntax",
      ['DeliveryMedium=SMS,AttributeName@=file://attr.txt'],
      parseErr("Expected: '=', received: '@' for input:\nDeliveryMedium=SMS,AttributeName@=file://attr.txt\n                                ^"),
    ],
    [
      'shorthand in braces (JSON path)',
      ['{DeliveryMedium=SMS,AttributeName=phone_number}'],
      parseErr(
        'Invalid JSON: Expecting property name enclosed in double quotes: line 1 column 2 (char 1)\nJSON received: {DeliveryMedium=SMS,AttributeName=phone_number}',
      ),
    ],
    ['truncated JSON', ['[{"DeliveryMedium":'], parseErr('Invalid JSON: Expecting value: line 1 column 20 (char 19)\nJSON received: [{"DeliveryMedium":')],
    [
      'JSON with extra data',
      ['[{"DeliveryMedium":"SMS"}] x'],
      parseErr('Invalid JSON: Extra data: line 1 column 28 (char 27)\nJSON received: [{"DeliveryMedium":"SMS"}] x'),
    ],
    ['a non-JSON second token', ['{"DeliveryMedium":"SMS"}', 'AttributeName=x'], parseErr('Invalid JSON:\nAttributeName=x')],
    ['two file:// tokens', ['file://a.json', 'file://b.json'], parseErr("Expected: '=', received: 'EOF' for input:\nfile://a.json\n             ^")],
    [
      'a missing param file',
      ['file://missing.json'],
      parseErr("Unable to load paramfile file://missing.json: [Errno 2] No such file or directory: 'missing.json'"),
    ],
    ['an empty key', ['=SMS'], invalid('Unknown parameter in MFAOptions[0]: "", must be one of: DeliveryMedium, AttributeName')],
    ['an unknown key', ['DeliveryMedium=SMS,Foo=bar'], invalid('Unknown parameter in MFAOptions[0]: "Foo", must be one of: DeliveryMedium, AttributeName')],
    [
      'a list value',
      ['DeliveryMedium=[SMS,EMAIL]'],
      invalid("Invalid type for parameter MFAOptions[0].DeliveryMedium, value: ['SMS', 'EMAIL'], type: <class 'list'>, valid types: <class 'str'>"),
    ],
    [
      'a hash value',
      ['DeliveryMedium={a=b}'],
      invalid("Invalid type for parameter MFAOptions[0].DeliveryMedium, value: {'a': 'b'}, type: <class 'dict'>, valid types: <class 'str'>"),
    ],
    [
      'an empty list value',
      ['DeliveryMedium=[]'],
      invalid("Invalid type for parameter MFAOptions[0].DeliveryMedium, value: [], type: <class 'list'>, valid types: <class 'str'>"),
    ],
    [
      'a csv list from back-tracking',
      ['DeliveryMedium=SMS,AttributeName'],
      invalid("Invalid type for parameter MFAOptions[0].DeliveryMedium, value: ['SMS', 'AttributeName'], type: <class 'list'>, valid types: <class 'str'>"),
    ],
    ['a number in a list', ['[1]'], invalid("Invalid type for parameter MFAOptions[0], value: 1, type: <class 'int'>, valid types: <class 'dict'>")],
    [
      'a number for a string',
      ['[{"DeliveryMedium":5}]'],
      invalid("Invalid type for parameter MFAOptions[0].DeliveryMedium, value: 5, type: <class 'int'>, valid types: <class 'str'>"),
    ],
    [
      'null for a string',
      ['[{"DeliveryMedium":null}]'],
      invalid("Invalid type for parameter MFAOptions[0].DeliveryMedium, value: None, type: <class 'NoneType'>, valid types: <class 'str'>"),
    ],
    [
      'a nested list',
      ['[[{"DeliveryMedium":"SMS"}]]'],
      invalid("Invalid type for parameter MFAOptions[0], value: [OrderedDict([('DeliveryMedium', 'SMS')])], type: <class 'list'>, valid types: <class 'dict'>"),
    ],
    [
      'several problems at once',
      ['[{"DeliveryMedium":5,"Foo":1},{"AttributeName":""}]'],
      invalid(
        "Unknown parameter in MFAOptions[0]: \"Foo\", must be one of: DeliveryMedium, AttributeName\nInvalid type for parameter MFAOptions[0].DeliveryMedium, value: 5, type: <class 'int'>, valid types: <class 'str'>\nInvalid length for parameter MFAOptions[1].AttributeName, value: 0, valid min length: 1",
      ),
    ],
  ];
  for (const [name, tokens, stderr] of cases) {
    it(`reports ${name}`, async () => {
      await check({ args: sus('--mfa-options', ...tokens), code: 252, stdout: '', stderr, body: null });
    });
  }

  it('reports a shorthand file:// value as a dict that is not a list', async () => {
    await check({
      args: sus('--mfa-options', 'file://mfa.txt'),
      files: { 'mfa.txt': 'DeliveryMedium=SMS,AttributeName=phone_number' },
      code: 252,
      body: null,
      stderr: invalid(
        "Invalid type for parameter MFAOptions, value: {'DeliveryMedium': 'SMS', 'AttributeName': 'phone_number'}, type: <class 'dict'>, valid types: <class 'list'>, <class 'tuple'>",
      ),
    });
  });

  it('reports bytes from fileb:// for a string', async () => {
    await check({
      args: ['set-user-settings', '--access-token', 'fileb://token.txt', '--mfa-options', 'DeliveryMedium=SMS'],
      files: { 'token.txt': 'TOKENFROMFILE\n' },
      code: 252,
      body: null,
      stderr: invalid("Invalid type for parameter AccessToken, value: b'TOKENFROMFILE\\n', type: <class 'bytes'>, valid types: <class 'str'>"),
    });
  });
});

describe('usage errors', () => {
  it('names a missing required option', async () => {
    await check({
      args: ['set-user-settings', '--mfa-options', 'DeliveryMedium=SMS'],
      code: 252,
      stdout: '',
      stderr: usage('cognate: error: the following arguments are required: --access-token'),
      body: null,
    });
  });
  it('names all missing required options', async () => {
    await check({
      args: ['set-user-settings'],
      code: 252,
      stderr: usage('cognate: error: the following arguments are required: --access-token, --mfa-options'),
      body: null,
    });
  });
  it('reports an option without its value', async () => {
    await check({
      args: ['set-user-settings', '--mfa-options', 'DeliveryMedium=SMS', '--access-token'],
      code: 252,
      stderr: usage('cognate: error: argument --access-token: expected one argument'),
      body: null,
    });
  });
  it('lists the valid --output choices', async () => {
    await check({
      args: [...sus('--mfa-options', 'DeliveryMedium=SMS'), '--output', 'xml'],
      code: 252,
      body: null,
      stderr: usage(
        'cognate: error: argument --output: Invalid choice, valid choices are:\n\njson                                     | text                                    \ntable                                    | yaml                                    \nyaml-stream                             ',
      ),
    });
  });
  it('suggests close operation names', async () => {
    const r = await check({ args: ['set-user-setting', ...TOKEN], code: 252, body: null });
    assert.ok(r.stderr.startsWith(usage('cognate: error: argument operation: Invalid choice, valid choices are:').slice(0, -2)));
    assert.ok(
      r.stderr.endsWith("\n\n\nInvalid choice: 'set-user-setting', maybe you meant:\n\n  * set-user-settings\n  * admin-set-user-settings\n\n"),
      r.stderr,
    );
  });
  it('reports leftover tokens as unknown options', async () => {
    await check({
      args: [...sus('--mfa-options', 'DeliveryMedium=SMS'), '--foo', 'bar'],
      code: 252,
      body: null,
      stderr:
        '\nusage: cognate [options] <command> <subcommand> [<subcommand> ...] [parameters]\nTo see help text, you can run:\n\n  cognate help\n  cognate <command> help\n  cognate <command> <subcommand> help\n\nUnknown options: --foo, bar\n\n',
    });
  });
  it('rejects an invalid --generate-cli-skeleton value', async () => {
    await check({
      args: ['set-user-settings', '--generate-cli-skeleton', 'foo'],
      code: 252,
      body: null,
      stderr: usage(
        'cognate: error: argument --generate-cli-skeleton: Invalid choice, valid choices are:\n\ninput                                    | output                                  \nyaml-input                              ',
      ),
    });
  });
  it('requires an operation', async () => {
    await check({ args: [], code: 252, stderr: usage('cognate: error: the following arguments are required: operation'), body: null });
  });
  it('rejects --color maybe', async () => {
    const r = await check({ args: [...sus('--mfa-options', 'DeliveryMedium=SMS'), '--color', 'maybe'], code: 252, body: null });
    assert.match(r.stderr, /argument --color: Invalid choice/);
  });
});

describe('cli input and skeletons', () => {
  it('lets command-line options override --cli-input-json, keeping the document keys after them', async () => {
    await check({
      args: [
        'set-user-settings',
        '--cli-input-json',
        '{"AccessToken":"FROMJSON","MFAOptions":[{"DeliveryMedium":"SMS"}]}',
        '--mfa-options',
        'DeliveryMedium=EMAIL,AttributeName=email',
      ],
      code: 0,
      body: '{"MFAOptions": [{"DeliveryMedium": "EMAIL", "AttributeName": "email"}], "AccessToken": "FROMJSON"}',
    });
  });
  it('reads --cli-input-yaml', async () => {
    await check({
      args: ['set-user-settings', '--cli-input-yaml', 'AccessToken: TOKEN123\nMFAOptions:\n- DeliveryMedium: SMS\n  AttributeName: phone_number\n'],
      code: 0,
      body: SMS,
    });
  });
  const errors: Array<[string, string[], string]> = [
    ['invalid JSON', ['--cli-input-json', '{bad'], "\nError parsing parameter 'cli-input-json': Invalid JSON received.\n"],
    ['a JSON list', ['--cli-input-json', '[1,2]'], "\nError parsing parameter '--cli-input-json': Invalid type: expecting map, received <class 'list'>\n"],
    [
      'an unknown key',
      ['--cli-input-json', '{"AccessToken":"A","MFAOptions":[],"Foo":1}'],
      invalid('Unknown parameter in input: "Foo", must be one of: AccessToken, MFAOptions'),
    ],
    ['a missing member', ['--cli-input-json', '{"AccessToken":"FROMJSON"}'], invalid('Missing required parameter in input: "MFAOptions"')],
    [
      'an empty document',
      ['--cli-input-json', '{}'],
      invalid('Missing required parameter in input: "AccessToken"\nMissing required parameter in input: "MFAOptions"'),
    ],
    [
      'a missing file',
      ['--cli-input-json', 'file://nope.json'],
      "\nError parsing parameter '--cli-input-json': Unable to load paramfile file://nope.json: [Errno 2] No such file or directory: 'nope.json'\n",
    ],
    ['invalid YAML', ['--cli-input-yaml', 'AccessToken: [unclosed'], "\nError parsing parameter 'cli-input-yaml': Invalid YAML received.\n"],
    [
      'a YAML string',
      ['--cli-input-yaml', 'just a string'],
      "\nError parsing parameter '--cli-input-yaml': Invalid type: expecting map, received <class 'str'>\n",
    ],
    ['both inputs', ['--cli-input-yaml', 'a: b', '--cli-input-json', '{}'], '\nOnly one --cli-input- parameter may be specified.\n'],
  ];
  for (const [name, args, stderr] of errors) {
    it(`reports ${name}`, async () => {
      await check({ args: ['set-user-settings', ...args], code: 252, stdout: '', stderr, body: null });
    });
  }
  it('prints the input skeleton with the first enum value', async () => {
    await check({
      args: ['set-user-settings', '--generate-cli-skeleton'],
      code: 0,
      stderr: '',
      body: null,
      stdout:
        '{\n    "AccessToken": "",\n    "MFAOptions": [\n        {\n            "DeliveryMedium": "SMS",\n            "AttributeName": ""\n        }\n    ]\n}\n',
    });
  });
  it('still parses other options before printing the skeleton', async () => {
    await check({
      args: ['set-user-settings', '--generate-cli-skeleton', 'input', '--mfa-options', 'DeliveryMedium'],
      code: 252,
      body: null,
      stderr: parseErr("Expected: '=', received: 'EOF' for input:\nDeliveryMedium\n              ^"),
    });
  });
  it('prints the output skeleton of get-user without a request', async () => {
    await check({
      args: ['get-user', '--access-token', 'X', '--generate-cli-skeleton', 'output'],
      code: 0,
      body: null,
      stdout:
        '{\n    "Username": "Username",\n    "UserAttributes": [\n        {\n            "Name": "Name",\n            "Value": "Value"\n        }\n    ],\n    "MFAOptions": [\n        {\n            "DeliveryMedium": "DeliveryMedium",\n            "AttributeName": "AttributeName"\n        }\n    ],\n    "PreferredMfaSetting": "PreferredMfaSetting",\n    "UserMFASettingList": [\n        "StringType"\n    ]\n}\n',
    });
  });
  it('prints nothing as the output skeleton of set-user-settings', async () => {
    await check({ args: [...sus('--mfa-options', 'DeliveryMedium=SMS'), '--generate-cli-skeleton', 'output'], code: 0, stdout: '', stderr: '', body: null });
  });
  it('validates before the output skeleton', async () => {
    await check({
      args: [...sus('--mfa-options', 'Foo=bar'), '--generate-cli-skeleton', 'output'],
      code: 252,
      body: null,
      stderr: invalid('Unknown parameter in MFAOptions[0]: "Foo", must be one of: DeliveryMedium, AttributeName'),
    });
  });
  it('prints a commented YAML input skeleton', async () => {
    const r = await check({ args: ['set-user-settings', '--generate-cli-skeleton', 'yaml-input'], code: 0, body: null });
    assert.match(r.stdout, /^AccessToken: '' {2}# \[REQUIRED\] /);
    assert.match(r.stdout, /\nMFAOptions: # \[REQUIRED\] /);
    assert.match(r.stdout, /\n- DeliveryMedium: SMS {2}# .*Valid values are: SMS, EMAIL\.\n {2}AttributeName: '' # /);
  });
});

describe('output formats', () => {
  const getUser = (...a: string[]) => ({ args: ['get-user', '--access-token', 'X', ...a], replies: [{ body: GET_USER_BODY }], code: 0, stderr: '' });
  it('prints json with 4-space indentation in model order', async () => {
    const r = await check(getUser());
    assert.ok(r.stdout.startsWith('{\n    "Username": "alice",\n    "UserAttributes": [\n        {\n            "Name": "sub",'));
    assert.ok(r.stdout.endsWith('    "PreferredMfaSetting": "SMS_MFA",\n    "UserMFASettingList": [\n        "SMS_MFA"\n    ]\n}\n'));
  });
  it('prints text', async () => {
    await check({
      ...getUser('--output', 'text'),
      stdout:
        'SMS_MFA\talice\nMFAOPTIONS\tphone_number\tSMS\nUSERATTRIBUTES\tsub\t9f8e7d6c-5b4a-4321-8765-0123456789ab\nUSERATTRIBUTES\temail_verified\ttrue\nUSERATTRIBUTES\tphone_number\t+15555550100\nUSERATTRIBUTES\temail\talice@example.com\nUSERMFASETTINGLIST\tSMS_MFA\n',
    });
  });
  it('prints a table', async () => {
    await check({
      ...getUser('--output', 'table'),
      stdout: [
        '--------------------------------------------------------------',
        '|                           GetUser                          |',
        '+---------------------------------------+--------------------+',
        '|          PreferredMfaSetting          |     Username       |',
        '+---------------------------------------+--------------------+',
        '|  SMS_MFA                              |  alice             |',
        '+---------------------------------------+--------------------+',
        '||                        MFAOptions                        ||',
        '|+---------------------------+------------------------------+|',
        '||       AttributeName       |       DeliveryMedium         ||',
        '|+---------------------------+------------------------------+|',
        '||  phone_number             |  SMS                         ||',
        '|+---------------------------+------------------------------+|',
        '||                      UserAttributes                      ||',
        '|+-----------------+----------------------------------------+|',
        '||      Name       |                 Value                  ||',
        '|+-----------------+----------------------------------------+|',
        '||  sub            |  9f8e7d6c-5b4a-4321-8765-0123456789ab  ||',
        '||  email_verified |  true                                  ||',
        '||  phone_number   |  +15555550100                          ||',
        '||  email          |  alice@example.com                     ||',
        '|+-----------------+----------------------------------------+|',
        '||                    UserMFASettingList                    ||',
        '|+----------------------------------------------------------+|',
        '||  SMS_MFA                                                 ||',
        '|+----------------------------------------------------------+|',
        '',
      ].join('\n'),
    });
  });
  it('turns a too-wide table vertical', async () => {
    const body = JSON.stringify({
      Username: 'a-very-long-user-name-' + 'x'.repeat(50),
      UserAttributes: [{ Name: 'sub', Value: '9f8e7d6c-5b4a-4321-8765-0123456789ab' }],
      PreferredMfaSetting: 'SOFTWARE_TOKEN_MFA',
    });
    const r = await check({ args: ['get-user', '--access-token', 'X', '--output', 'table'], replies: [{ body }], code: 0 });
    assert.match(r.stdout, /\n\| {2}PreferredMfaSetting\| {2}SOFTWARE_TOKEN_MFA +\|\n\| {2}Username +\| {2}a-very-long/);
    assert.match(r.stdout, /\n\|\| {2}Name +\| {2}sub +\|\|\n\|\| {2}Value +\| {2}9f8e7d6c/);
  });
  it('colours table cells with --color on', async () => {
    const r = await check(getUser('--output', 'table', '--color', 'on', '--query', '{U:Username}'));
    assert.ok(r.stdout.includes('\x1b[1m\x1b[34malice\x1b[0m'), JSON.stringify(r.stdout));
  });
  it('prints yaml with sorted keys and quoted look-alikes', async () => {
    await check({
      ...getUser('--output', 'yaml'),
      stdout:
        "MFAOptions:\n- AttributeName: phone_number\n  DeliveryMedium: SMS\nPreferredMfaSetting: SMS_MFA\nUserAttributes:\n- Name: sub\n  Value: 9f8e7d6c-5b4a-4321-8765-0123456789ab\n- Name: email_verified\n  Value: 'true'\n- Name: phone_number\n  Value: '+15555550100'\n- Name: email\n  Value: alice@example.com\nUserMFASettingList:\n- SMS_MFA\nUsername: alice\n",
    });
  });
  it('folds long yaml strings at 80 columns and single-quotes multi-line ones', async () => {
    const body = JSON.stringify({
      Username: 'a',
      UserAttributes: [
        { Name: 'note', Value: 'word '.repeat(20) + 'end' },
        { Name: 'multi', Value: 'line one\nline two' },
      ],
    });
    await check({
      args: ['get-user', '--access-token', 'X', '--output', 'yaml'],
      replies: [{ body }],
      code: 0,
      stdout:
        "UserAttributes:\n- Name: note\n  Value: word word word word word word word word word word word word word word word\n    word word word word word end\n- Name: multi\n  Value: 'line one\n\n    line two'\nUsername: a\n",
    });
  });
  it('prints timestamps as ISO 8601 in the local time zone, as AWS CLI v2 does', async () => {
    const body = '{"Username":"u","UserCreateDate":1732594320.123,"UserLastModifiedDate":1732594320,"Enabled":true}';
    await check({
      args: ['admin-get-user', '--user-pool-id', 'p', '--username', 'u', '--output', 'text'],
      replies: [{ body }],
      code: 0,
      stdout: 'True\t2024-11-26T04:12:00.123000+00:00\t2024-11-26T04:12:00+00:00\tu\n',
    });
    await check({
      args: ['admin-get-user', '--user-pool-id', 'p', '--username', 'u', '--query', 'UserCreateDate'],
      replies: [{ body }],
      code: 0,
      env: { TZ: 'Asia/Kolkata' },
      stdout: '"2024-11-26T09:42:00.123000+05:30"\n',
    });
  });
  it('prints yaml-stream as a one-element list', async () => {
    const r = await check(getUser('--output', 'yaml-stream'));
    assert.ok(r.stdout.startsWith('- MFAOptions:\n  - AttributeName: phone_number\n    DeliveryMedium: SMS\n  PreferredMfaSetting: SMS_MFA\n'));
  });
  const queries: Array<[string, string, string]> = [
    ['UserAttributes[?Name==`email`].Value', 'json', '[\n    "alice@example.com"\n]\n'],
    ['Username', 'json', '"alice"\n'],
    ['NoSuchKey', 'json', 'null\n'],
    ['length(UserAttributes)', 'json', '4\n'],
    ["''", 'json', '""\n'],
    ['NoSuchKey', 'text', 'None\n'],
    ['[Username, NoSuch]', 'text', 'alice\tNone\n'],
    ["contains(UserMFASettingList, 'SMS_MFA')", 'text', 'True\n'],
    ["UserAttributes[?Name=='zzz']", 'text', ''],
    [
      '{User:Username,Mfa:PreferredMfaSetting,Attrs:UserAttributes[].Name}',
      'text',
      'SMS_MFA\talice\nATTRS\tsub\nATTRS\temail_verified\nATTRS\tphone_number\nATTRS\temail\n',
    ],
    ['Username', 'table', '---------\n|GetUser|\n+-------+\n'],
    ['Username', 'yaml', '"alice"\n'],
  ];
  for (const [q, o, stdout] of queries) {
    it(`applies --query ${q} with --output ${o}`, async () => {
      await check({ ...getUser('--query', q, '--output', o), stdout });
    });
  }
  it('prints nothing for an empty result in every format', async () => {
    for (const o of ['json', 'text', 'table', 'yaml']) {
      await check({
        args: [...sus('--mfa-options', 'DeliveryMedium=SMS'), '--output', o],
        replies: [{ body: '{"Unmodelled": 1}' }],
        code: 0,
        stdout: '',
        stderr: '',
      });
    }
  });
  it('takes the output format from AWS_DEFAULT_OUTPUT and reports a bad one after the call', async () => {
    await check({
      ...getUser(),
      env: { AWS_DEFAULT_OUTPUT: 'text' },
      stdout:
        'SMS_MFA\talice\nMFAOPTIONS\tphone_number\tSMS\nUSERATTRIBUTES\tsub\t9f8e7d6c-5b4a-4321-8765-0123456789ab\nUSERATTRIBUTES\temail_verified\ttrue\nUSERATTRIBUTES\tphone_number\t+15555550100\nUSERATTRIBUTES\temail\talice@example.com\nUSERMFASETTINGLIST\tSMS_MFA\n',
    });
    await check({
      args: sus('--mfa-options', 'DeliveryMedium=SMS'),
      env: { AWS_DEFAULT_OUTPUT: 'xml' },
      code: 255,
      stderr: '\nUnknown output type: xml\n',
      requests: 1,
    });
  });
});

describe('service errors', () => {
  const cases: Array<[string, Reply, string]> = [
    [
      'a Cognito error',
      { status: 400, body: '{"__type":"NotAuthorizedException","message":"Invalid Access Token"}' },
      'NotAuthorizedException) when calling the SetUserSettings operation: Invalid Access Token',
    ],
    [
      'a namespaced __type',
      { status: 400, body: '{"__type":"com.amazonaws.cognito.identity.idp.model#NotAuthorizedException","message":"Invalid Access Token"}' },
      'NotAuthorizedException) when calling the SetUserSettings operation: Invalid Access Token',
    ],
    [
      'an error without __type (header ignored)',
      { status: 400, body: '{"message":"Invalid Access Token"}', headers: { 'x-amzn-ErrorType': 'NotAuthorizedException:http://internal.amazon.com/' } },
      '400) when calling the SetUserSettings operation: Invalid Access Token',
    ],
    [
      'a capitalised Message',
      { status: 400, body: '{"__type":"NotAuthorizedException","Message":"Invalid Access Token"}' },
      'NotAuthorizedException) when calling the SetUserSettings operation: Invalid Access Token',
    ],
    ['no message', { status: 400, body: '{"__type":"NotAuthorizedException"}' }, 'NotAuthorizedException) when calling the SetUserSettings operation: '],
    ['an empty body', { status: 400, body: '' }, '400) when calling the SetUserSettings operation: '],
    ['an HTML body', { status: 400, body: '<html>bad</html>' }, '400) when calling the SetUserSettings operation: <html>bad</html>'],
  ];
  for (const [name, reply, msg] of cases) {
    it(`reports ${name} with exit code 254`, async () => {
      await check({
        args: sus('--mfa-options', 'DeliveryMedium=SMS'),
        replies: [reply],
        code: 254,
        stdout: '',
        stderr: `\nAn error occurred (${msg}\n`,
        requests: 1,
      });
    });
  }
  it('retries 500s three times in all and says so', async () => {
    const e = { status: 500, body: '{"__type":"InternalErrorException","message":"Internal error"}' };
    await check({
      args: sus('--mfa-options', 'DeliveryMedium=SMS'),
      replies: [e, e, e],
      code: 254,
      requests: 3,
      stderr: '\nAn error occurred (InternalErrorException) when calling the SetUserSettings operation (reached max retries: 2): Internal error\n',
    });
  });
  it('honours AWS_MAX_ATTEMPTS and reports a 503 by its reason phrase', async () => {
    await check({
      args: sus('--mfa-options', 'DeliveryMedium=SMS'),
      env: { AWS_MAX_ATTEMPTS: '1' },
      replies: [{ status: 503, body: '' }],
      code: 254,
      requests: 1,
      stderr: '\nAn error occurred (503) when calling the SetUserSettings operation (reached max retries: 0): Service Unavailable\n',
    });
  });
  it('succeeds after a retried 500', async () => {
    await check({
      args: sus('--mfa-options', 'DeliveryMedium=SMS'),
      replies: [
        { status: 500, body: '' },
        { status: 200, body: '{}' },
      ],
      code: 0,
      stdout: '',
      stderr: '',
      requests: 2,
    });
  });
  it('stops retrying at a non-retryable error', async () => {
    await check({
      args: sus('--mfa-options', 'DeliveryMedium=SMS'),
      replies: [
        { status: 500, body: '' },
        { status: 400, body: '{"__type":"NotAuthorizedException","message":"Invalid Access Token"}' },
      ],
      code: 254,
      requests: 2,
      stderr: '\nAn error occurred (NotAuthorizedException) when calling the SetUserSettings operation: Invalid Access Token\n',
    });
  });
  it('reports a closed connection', async () => {
    await check({
      args: sus('--mfa-options', 'DeliveryMedium=SMS'),
      env: { AWS_MAX_ATTEMPTS: '1' },
      replies: [{ hangUp: true }],
      code: 255,
      stderr: `\nConnection was closed before we received a valid response from endpoint URL: "${server.url}/".\n`,
    });
  });
  it('exits 130 with a newline on stdout when interrupted', async () => {
    const { spawn } = await import('node:child_process');
    const { COGNATE } = await import('./helpers.js');
    server.reset();
    server.reply({ delayMs: 3000 });
    const dir = caseDir();
    const child = spawn(process.execPath, [COGNATE, 'cognito-idp', ...sus('--mfa-options', 'DeliveryMedium=SMS'), '--endpoint-url', server.url], {
      env: baseEnv(dir),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d));
    child.stderr.on('data', (d: Buffer) => (err += d));
    while (server.requests.length === 0) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGINT');
    const [code] = (await once(child, 'close')) as [number];
    assert.equal(code, 130);
    assert.equal(out, '\n');
    assert.equal(err, '');
  });
  it('reports a read timeout', async () => {
    await check({
      args: [...sus('--mfa-options', 'DeliveryMedium=SMS'), '--cli-read-timeout', '1'],
      env: { AWS_MAX_ATTEMPTS: '1' },
      replies: [{ delayMs: 1500 }],
      code: 255,
      stderr: `\nRead timeout on endpoint URL: "${server.url}/"\n`,
    });
  });
});

describe('configuration and client errors', () => {
  const ok = sus('--mfa-options', 'DeliveryMedium=SMS');
  it('needs a region', async () => {
    await check({
      args: ok,
      env: { AWS_DEFAULT_REGION: undefined },
      code: 253,
      body: null,
      stderr: '\nYou must specify a region. You can also configure your region by running "aws configure".\n',
    });
  });
  it('reports an unknown profile', async () => {
    await check({ args: [...ok, '--profile', 'nope'], code: 255, body: null, stderr: '\nThe config profile (nope) could not be found\n' });
  });
  it('takes the region from the profile', async () => {
    const dir = caseDir();
    writeFileSync(join(dir, 'home', '.aws', 'config'), '[profile dev]\nregion = ca-central-1\n');
    server.reset();
    const r = await cognate(
      ['cognito-idp', 'admin-get-user', '--user-pool-id', 'p', '--username', 'u', '--profile', 'dev', '--endpoint-url', server.url],
      dir,
      baseEnv(dir, { AWS_DEFAULT_REGION: undefined }),
    );
    assert.equal(r.code, 253, r.stderr); // --profile skips the environment's keys and dev has none
    assert.equal(r.stderr, '\nUnable to locate credentials. You can configure credentials by running "aws configure".\n');
  });
  it('requires a scheme in --endpoint-url', async () => {
    const dir = caseDir();
    const r = await cognate(['cognito-idp', ...ok, '--endpoint-url', '127.0.0.1:15000'], dir, baseEnv(dir));
    assert.equal(r.code, 252);
    assert.equal(
      r.stderr,
      '\nBad value for --endpoint-url "127.0.0.1:15000": scheme is missing.  Must be of the form http://<hostname>/ or https://<hostname>/\n',
    );
  });
  it('reports a bad --query before anything else', async () => {
    await check({
      args: ['set-user-settings', '--query', 'UserAttributes[?'],
      code: 252,
      body: null,
      stderr: '\nBad value for --query UserAttributes[?: Invalid jmespath expression: Incomplete expression:\n"UserAttributes[?"\n                 ^\n',
    });
    await check({ args: [...ok, '--query', ''], code: 252, body: null, stderr: '\nBad value for --query : Invalid JMESPath expression: cannot be empty.\n' });
  });
  it('reports non-integer timeouts', async () => {
    await check({ args: [...ok, '--cli-read-timeout', 'abc'], code: 255, body: null, stderr: "\ninvalid literal for int() with base 10: 'abc'\n" });
    await check({ args: [...ok, '--cli-connect-timeout', '1.5'], code: 255, body: null, stderr: "\ninvalid literal for int() with base 10: '1.5'\n" });
  });
  it('reports invalid retry settings', async () => {
    await check({
      args: ok,
      env: { AWS_RETRY_MODE: 'bogus' },
      code: 255,
      body: null,
      stderr: '\nInvalid value provided to "mode": "bogus" must be one of: "standard" or "adaptive"\n',
    });
    await check({
      args: ok,
      env: { AWS_RETRY_MODE: 'legacy' },
      code: 255,
      body: null,
      stderr: '\nInvalid value provided to "mode": "legacy" must be one of: "standard" or "adaptive"\n',
    });
    await check({ args: ok, env: { AWS_MAX_ATTEMPTS: 'abc' }, code: 255, body: null, stderr: "\ninvalid literal for int() with base 10: 'abc'\n" });
  });
  it('reports an unparsable config file', async () => {
    const dir = caseDir();
    writeFileSync(join(dir, 'home', '.aws', 'config'), 'region = x\n[broken\n');
    const r = await cognate(['cognito-idp', ...ok, '--endpoint-url', server.url], dir, baseEnv(dir));
    assert.equal(r.code, 255);
    assert.equal(r.stderr, `\nUnable to parse config file: ${join(dir, 'home', '.aws', 'config')}\n`);
  });
  it('reports an endpoint without a host', async () => {
    const dir = caseDir();
    const r = await cognate(['cognito-idp', ...ok, '--endpoint-url', 'http://'], dir, baseEnv(dir));
    assert.equal(r.code, 255);
    assert.equal(r.stderr, '\nInvalid endpoint: http://\n');
  });
  it('reports an empty region without an endpoint', async () => {
    const dir = caseDir();
    const r = await cognate(['cognito-idp', ...ok, '--region', ''], dir, baseEnv(dir));
    assert.equal(r.stderr, '\nInvalid endpoint: https://cognito-idp..amazonaws.com\n');
    assert.equal(r.code, 255);
  });
  it('reports a malformed region', async () => {
    await check({
      args: [...ok, '--region', 'bad region!'],
      code: 255,
      body: null,
      stderr: "\nProvided region_name 'bad region!' doesn't match a supported format.\n",
    });
  });
  it('uses AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER and a services section', async () => {
    const dir = caseDir();
    server.reset();
    let r = await cognate(['cognito-idp', ...ok], dir, baseEnv(dir, { AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: server.url }));
    assert.equal(r.code, 0, r.stderr);
    writeFileSync(
      join(dir, 'home', '.aws', 'config'),
      `[default]\nservices = local\n\n[services local]\ncognito_identity_provider =\n  endpoint_url = ${server.url}\n`,
    );
    r = await cognate(['cognito-idp', ...ok], dir, baseEnv(dir));
    assert.equal(r.code, 0, r.stderr);
    assert.equal(server.requests.length, 2);
  });
  it('reports a connection failure after the retries', async () => {
    const dir = caseDir();
    const r = await cognate(['cognito-idp', ...ok, '--endpoint-url', 'http://127.0.0.1:9'], dir, baseEnv(dir, { AWS_MAX_ATTEMPTS: '1' }));
    assert.equal(r.code, 255);
    assert.equal(r.stderr, '\nCould not connect to the endpoint URL: "http://127.0.0.1:9/"\n');
  });
});

describe('signed operations', () => {
  it('signs admin operations with SigV4 for cognito-idp', async () => {
    const r = await check({
      args: ['admin-get-user', '--user-pool-id', 'us-east-1_X', '--username', 'alice'],
      replies: [{ body: '{"Username":"alice"}' }],
      code: 0,
      body: '{"UserPoolId": "us-east-1_X", "Username": "alice"}',
    });
    const names = r.headers[0]!.map(([k]) => k);
    assert.deepEqual(names, ['Host', 'Accept-Encoding', 'X-Amz-Target', 'Content-Type', 'User-Agent', 'X-Amz-Date', 'Authorization', 'Content-Length']);
    const auth = Object.fromEntries(r.headers[0]!).Authorization!;
    assert.match(
      auth,
      /^AWS4-HMAC-SHA256 Credential=test\/\d{8}\/us-east-1\/cognito-idp\/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=[0-9a-f]{64}$/,
    );
  });
  it('needs credentials for a signed operation', async () => {
    await check({
      args: ['admin-get-user', '--user-pool-id', 'p', '--username', 'u'],
      env: { AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined },
      code: 253,
      body: null,
      stderr: '\nUnable to locate credentials. You can configure credentials by running "aws configure".\n',
    });
  });
  it('sends no Authorization with --no-sign-request', async () => {
    const r = await check({
      args: ['admin-get-user', '--user-pool-id', 'p', '--username', 'u', '--no-sign-request'],
      replies: [{ body: '{"Username":"u"}' }],
      code: 0,
    });
    assert.ok(!r.headers[0]!.some(([k]) => k === 'Authorization'));
  });
  it('parses booleans as --permanent / --no-permanent', async () => {
    await check({
      args: ['admin-set-user-password', '--user-pool-id', 'p', '--username', 'u', '--password', 'pw', '--permanent'],
      code: 0,
      body: '{"UserPoolId": "p", "Username": "u", "Password": "pw", "Permanent": true}',
    });
    await check({
      args: ['admin-set-user-password', '--user-pool-id', 'p', '--username', 'u', '--password', 'pw', '--no-permanent'],
      code: 0,
      body: '{"UserPoolId": "p", "Username": "u", "Password": "pw", "Permanent": false}',
    });
  });
  it('parses map shorthand, scalar lists and integers', async () => {
    await check({
      args: ['initiate-auth', '--client-id', 'c', '--auth-flow', 'USER_PASSWORD_AUTH', '--auth-parameters', 'USERNAME=alice,PASSWORD=Passw0rd!'],
      code: 0,
      body: '{"AuthFlow": "USER_PASSWORD_AUTH", "AuthParameters": {"USERNAME": "alice", "PASSWORD": "Passw0rd!"}, "ClientId": "c"}',
    });
    await check({
      args: [
        'create-user-pool-client',
        '--user-pool-id',
        'p',
        '--client-name',
        'app',
        '--explicit-auth-flows',
        'ALLOW_USER_PASSWORD_AUTH',
        'ALLOW_REFRESH_TOKEN_AUTH',
        '--refresh-token-validity',
        '30',
      ],
      code: 0,
      body: '{"UserPoolId": "p", "ClientName": "app", "RefreshTokenValidity": 30, "ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]}',
    });
  });
});

describe('pagination', () => {
  const page = (users: string[], token?: string) => ({
    body: JSON.stringify({ Users: users.map((u) => ({ Username: u })), ...(token ? { PaginationToken: token } : {}) }),
  });
  it('merges every page of list-users', async () => {
    await check({
      args: ['list-users', '--user-pool-id', 'p', '--query', 'Users[].Username', '--output', 'text'],
      replies: [page(['a', 'b'], 't1'), page(['c'])],
      code: 0,
      stdout: 'a\tb\nc\n',
      requests: 2,
      body: '{"UserPoolId": "p", "PaginationToken": "t1"}',
    });
    await check({
      args: ['list-users', '--user-pool-id', 'p', '--query', 'Users[].Username'],
      replies: [page(['a', 'b'], 't1'), page(['c'])],
      code: 0,
      stdout: '[\n    "a",\n    "b",\n    "c"\n]\n',
      requests: 2,
    });
  });
  it('stops at --max-items and prints a NextToken that --starting-token resumes', async () => {
    const r = await check({
      args: ['list-users', '--user-pool-id', 'p', '--max-items', '1', '--page-size', '2'],
      replies: [page(['a', 'b'], 't1')],
      code: 0,
      requests: 1,
      body: '{"UserPoolId": "p", "Limit": 2}',
    });
    const out = JSON.parse(r.stdout) as { Users: unknown[]; NextToken: string };
    assert.deepEqual(out.Users, [{ Username: 'a' }]);
    assert.equal(Buffer.from(out.NextToken, 'base64').toString(), '{"PaginationToken": null, "boto_truncate_amount": 1}');
    await check({
      args: ['list-users', '--user-pool-id', 'p', '--starting-token', out.NextToken, '--query', 'Users[].Username', '--output', 'text'],
      replies: [page(['a', 'b'])],
      code: 0,
      stdout: 'b\n',
      requests: 1,
    });
    const text = await check({
      args: ['list-users', '--user-pool-id', 'p', '--max-items', '1', '--output', 'text'],
      replies: [page(['a', 'b'], 't1')],
      code: 0,
      requests: 1,
    });
    assert.equal(text.stdout, `USERS\ta\nNEXTTOKEN\t${out.NextToken}\n`);
  });
  it('does not page with --no-paginate or a hand-set token', async () => {
    await check({
      args: ['list-users', '--user-pool-id', 'p', '--no-paginate', '--query', 'PaginationToken', '--output', 'text'],
      replies: [page(['a'], 't1')],
      code: 0,
      stdout: 't1\n',
      requests: 1,
    });
    await check({
      args: ['list-users', '--user-pool-id', 'p', '--pagination-token', 't0', '--query', 'PaginationToken', '--output', 'text'],
      replies: [page(['a'], 't1')],
      code: 0,
      stdout: 't1\n',
      requests: 1,
    });
    await check({
      args: ['list-users', '--user-pool-id', 'p', '--no-paginate', '--max-items', '1'],
      code: 255,
      body: null,
      stderr: '\nError during pagination: Cannot specify --no-paginate along with pagination arguments: --max-items\n',
    });
  });
});

describe('version, help and debug', () => {
  it('prints the version and exits 0 wherever --version is', async () => {
    const r = await check({ args: ['set-user-settings', '--mfa-options', 'Foo', '--version'], code: 0, stderr: '', body: null });
    assert.match(r.stdout, /^cognate\/\d+\.\d+\.\d+ Node\.js\/\S+ \S+\/\S+\n$/);
  });
  it('prints the operation manual page with the seed sections', async () => {
    const r = await check({ args: ['set-user-settings', 'help'], code: 0, stderr: '', body: null });
    for (const section of ['NAME', 'DESCRIPTION', 'SYNOPSIS', 'OPTIONS', 'GLOBAL OPTIONS', 'EXAMPLES', 'OUTPUT'])
      assert.match(r.stdout, new RegExp(`^${section}$`, 'm'));
    assert.ok(r.stdout.includes('       Shorthand Syntax:\n\n          DeliveryMedium=string,AttributeName=string ...\n'));
    assert.ok(
      r.stdout.includes(
        '       JSON Syntax:\n\n          [\n            {\n              "DeliveryMedium": "SMS"|"EMAIL",\n              "AttributeName": "string"\n            }\n            ...\n          ]\n',
      ),
    );
    assert.match(r.stdout, /^SET-USER-SETTINGS\(\) +SET-USER-SETTINGS\(\)$/m);
  });
  it('prints help when help follows complete options, and the service page', async () => {
    let r = await check({ args: ['set-user-settings', '--mfa-options', 'DeliveryMedium=SMS', '--access-token', 'X', 'help'], code: 0, body: null });
    assert.match(r.stdout, /^SYNOPSIS$/m);
    r = await check({ args: ['help'], code: 0, body: null });
    assert.match(r.stdout, /^ {7}o set-user-settings$/m);
  });
  it('logs with --debug and redacts the access token', async () => {
    const r = await check({
      args: ['set-user-settings', '--access-token', 'SECRET-TOKEN-123', '--mfa-options', 'DeliveryMedium=SMS', '--debug'],
      code: 0,
      stdout: '',
    });
    assert.match(r.stderr, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} - MainThread - awscli\.clidriver - DEBUG - CLI version: cognate\//);
    assert.match(r.stderr, /Arguments entered to CLI: \['cognito-idp', 'set-user-settings', '--access-token', '\*\*\* sensitive \*\*\*'/);
    assert.match(r.stderr, /Making request for OperationModel\(name=SetUserSettings\)/);
    assert.match(r.stderr, /"POST \/ HTTP\/1\.1" 200 2/);
    assert.ok(!r.stderr.includes('SECRET-TOKEN-123'), 'token must not be logged');
  });
});

describe('pool and client parity commands', () => {
  const ARN = 'arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_EXAMPLE';
  it('sends tag-resource map shorthand and untag-resource key lists', async () => {
    await check({
      args: ['tag-resource', '--resource-arn', ARN, '--tags', 'team=identity,env=test'],
      code: 0,
      stdout: '',
      body: `{"ResourceArn": "${ARN}", "Tags": {"team": "identity", "env": "test"}}`,
    });
    await check({
      args: ['untag-resource', '--resource-arn', ARN, '--tag-keys', 'team', 'env'],
      code: 0,
      stdout: '',
      body: `{"ResourceArn": "${ARN}", "TagKeys": ["team", "env"]}`,
    });
  });
  it('prints list-tags-for-resource as text', async () => {
    await check({
      args: ['list-tags-for-resource', '--resource-arn', ARN, '--output', 'text'],
      replies: [{ body: '{"Tags":{"team":"identity"}}' }],
      code: 0,
      stdout: 'TAGS\tidentity\n',
      body: `{"ResourceArn": "${ARN}"}`,
    });
  });
  it('sends add-custom-attributes shorthand with nested constraints', async () => {
    await check({
      args: [
        'add-custom-attributes',
        '--user-pool-id',
        'us-east-1_EXAMPLE',
        '--custom-attributes',
        'Name=tier,AttributeDataType=String,StringAttributeConstraints={MaxLength=16}',
        'Name=internal,AttributeDataType=Boolean,DeveloperOnlyAttribute=true',
      ],
      code: 0,
      body:
        '{"UserPoolId": "us-east-1_EXAMPLE", "CustomAttributes": [{"Name": "tier", "AttributeDataType": "String", "StringAttributeConstraints": {"MaxLength": "16"}}, ' +
        '{"Name": "internal", "AttributeDataType": "Boolean", "DeveloperOnlyAttribute": true}]}',
    });
  });
  it('sends update-user-pool-client with boolean flags and structures', async () => {
    await check({
      args: [
        'update-user-pool-client',
        '--user-pool-id',
        'p',
        '--client-id',
        'c',
        '--access-token-validity',
        '30',
        '--token-validity-units',
        'AccessToken=minutes',
        '--explicit-auth-flows',
        'ALLOW_USER_PASSWORD_AUTH',
        '--no-enable-token-revocation',
      ],
      code: 0,
      body:
        '{"UserPoolId": "p", "ClientId": "c", "AccessTokenValidity": 30, "TokenValidityUnits": {"AccessToken": "minutes"}, ' +
        '"ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH"], "EnableTokenRevocation": false}',
    });
  });
  it('documents in update-user-pool-client help that settings left out return to their defaults', async () => {
    const r = await check({ args: ['update-user-pool-client', 'help'], code: 0, stderr: '', body: null });
    assert.match(r.stdout, /^UPDATE-USER-POOL-CLIENT\(\) +UPDATE-USER-POOL-CLIENT\(\)$/m);
    assert.match(r.stdout.replace(/\s+/g, ' '), /Settings you leave out return to their defaults/);
  });
  it('sends the client-secret commands and prints their answers', async () => {
    await check({
      args: ['add-user-pool-client-secret', '--user-pool-id', 'p', '--client-id', 'c', '--client-secret', 'abcdefghijklmnopqrstuvwxyz', '--output', 'text'],
      replies: [{ body: '{"ClientSecretDescriptor":{"ClientSecretId":"c--1"}}' }],
      code: 0,
      stdout: 'CLIENTSECRETDESCRIPTOR\tc--1\n',
      body: '{"UserPoolId": "p", "ClientId": "c", "ClientSecret": "abcdefghijklmnopqrstuvwxyz"}',
    });
    await check({
      args: ['list-user-pool-client-secrets', '--user-pool-id', 'p', '--client-id', 'c', '--query', 'ClientSecrets[].ClientSecretId'],
      replies: [{ body: '{"ClientSecrets":[{"ClientSecretId":"c--1"},{"ClientSecretId":"c--2"}]}' }],
      code: 0,
      stdout: '[\n    "c--1",\n    "c--2"\n]\n',
      body: '{"UserPoolId": "p", "ClientId": "c"}',
    });
    await check({
      args: ['delete-user-pool-client-secret', '--user-pool-id', 'p', '--client-id', 'c', '--client-secret-id', 'c--1'],
      code: 0,
      stdout: '',
      body: '{"UserPoolId": "p", "ClientId": "c", "ClientSecretId": "c--1"}',
    });
  });
});

describe('user and token parity commands', () => {
  it('sends admin-delete-user-attributes signed, with the names as a list', async () => {
    const r = await check({
      args: ['admin-delete-user-attributes', '--user-pool-id', 'p', '--username', 'u', '--user-attribute-names', 'name', 'custom:team'],
      code: 0,
      stdout: '',
      body: '{"UserPoolId": "p", "Username": "u", "UserAttributeNames": ["name", "custom:team"]}',
    });
    assert.ok(r.headers[0]!.some(([k]) => k === 'Authorization'));
  });
  it('sends delete-user-attributes unsigned', async () => {
    const r = await check({
      args: ['delete-user-attributes', ...TOKEN, '--user-attribute-names', 'nickname'],
      code: 0,
      stdout: '',
      body: '{"UserAttributeNames": ["nickname"], "AccessToken": "TOKEN123"}',
    });
    assert.ok(!r.headers[0]!.some(([k]) => k === 'Authorization'));
  });
  it('sends admin-reset-user-password with client metadata shorthand', async () => {
    await check({
      args: ['admin-reset-user-password', '--user-pool-id', 'p', '--username', 'u', '--client-metadata', 'app=web'],
      code: 0,
      stdout: '',
      body: '{"UserPoolId": "p", "Username": "u", "ClientMetadata": {"app": "web"}}',
    });
  });
  it('prints get-user-auth-factors as text', async () => {
    await check({
      args: ['get-user-auth-factors', ...TOKEN, '--output', 'text'],
      replies: [{ body: '{"Username":"alice","PreferredMfaSetting":"SMS_MFA","UserMFASettingList":["SMS_MFA"],"ConfiguredUserAuthFactors":["PASSWORD"]}' }],
      code: 0,
      stdout: 'SMS_MFA\talice\nCONFIGUREDUSERAUTHFACTORS\tPASSWORD\nUSERMFASETTINGLIST\tSMS_MFA\n',
      body: '{"AccessToken": "TOKEN123"}',
    });
  });
  it('sends get-tokens-from-refresh-token unsigned and reports RefreshTokenReuseException with exit code 254', async () => {
    const r = await check({
      args: ['get-tokens-from-refresh-token', '--refresh-token', 'R', '--client-id', 'c', '--client-secret', 'S'.repeat(24)],
      replies: [
        { status: 400, body: '{"__type":"RefreshTokenReuseException","message":"This refresh token has been invalidated by refresh token rotation."}' },
      ],
      code: 254,
      stdout: '',
      stderr:
        '\nAn error occurred (RefreshTokenReuseException) when calling the GetTokensFromRefreshToken operation: This refresh token has been invalidated by refresh token rotation.\n',
      body: `{"RefreshToken": "R", "ClientId": "c", "ClientSecret": "${'S'.repeat(24)}"}`,
    });
    assert.ok(!r.headers[0]!.some(([k]) => k === 'Authorization'));
  });
  it('sends RefreshTokenRotation shorthand in create-user-pool-client', async () => {
    await check({
      args: [
        'create-user-pool-client',
        '--user-pool-id',
        'p',
        '--client-name',
        'app',
        '--refresh-token-rotation',
        'Feature=ENABLED,RetryGracePeriodSeconds=10',
      ],
      code: 0,
      body: '{"UserPoolId": "p", "ClientName": "app", "RefreshTokenRotation": {"Feature": "ENABLED", "RetryGracePeriodSeconds": 10}}',
    });
  });
  it('prints the manual pages of the new commands', async () => {
    for (const command of [
      'admin-delete-user-attributes',
      'delete-user-attributes',
      'admin-reset-user-password',
      'get-user-auth-factors',
      'get-tokens-from-refresh-token',
    ]) {
      const r = await check({ args: [command, 'help'], code: 0, stderr: '', body: null });
      const title = command.toUpperCase();
      assert.match(r.stdout, new RegExp(`^${title}\\(\\) +${title}\\(\\)$`, 'm'));
      for (const section of ['NAME', 'DESCRIPTION', 'SYNOPSIS', 'OPTIONS', 'OUTPUT']) assert.match(r.stdout, new RegExp(`^${section}$`, 'm'));
    }
  });
});
