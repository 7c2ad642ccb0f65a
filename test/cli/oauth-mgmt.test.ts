/**
 * Golden tests of the OAuth management commands (resource servers, identity providers, UI
 * customization) as a spawned process against a local capture server: exact stdout, stderr, exit code
 * and request body, as golden.test.ts and groups.test.ts do. Expected texts are the AWS CLI v2's: dates
 * in ISO 8601, http(s) values sent literally (v1 would fetch them), blobs read as base64 text.
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

async function check(c: {
  args: string[];
  replies?: Reply[];
  files?: Record<string, string>;
  stdout?: string;
  stderr?: string;
  code: number;
  body?: string | null;
  requests?: number;
}) {
  server.reset();
  if (c.replies) server.reply(...c.replies);
  const dir = caseDir(c.files);
  const r = await cognate(['cognito-idp', ...c.args, '--endpoint-url', server.url], dir, baseEnv(dir));
  if (c.stderr !== undefined) assert.equal(r.stderr, c.stderr);
  if (c.stdout !== undefined) assert.equal(r.stdout, c.stdout);
  assert.equal(r.code, c.code, `exit code (stderr: ${r.stderr})`);
  if (c.body === null) assert.equal(server.requests.length, 0, 'no request expected');
  else if (c.body !== undefined) assert.equal(server.requests.at(-1)?.body, c.body);
  if (c.requests !== undefined) assert.equal(server.requests.length, c.requests);
  return { stdout: r.stdout, headers: server.requests.map((q) => Object.fromEntries(q.headers)) };
}

describe('resource server commands', () => {
  it('create-resource-server sends an https identifier as it is and the scopes from shorthand, signed', async () => {
    const r = await check({
      args: [
        'create-resource-server',
        '--user-pool-id',
        'us-east-1_X',
        '--identifier',
        'https://api.example.com',
        '--name',
        'My API',
        '--scopes',
        'ScopeName=read,ScopeDescription=Read things',
        'ScopeName=write,ScopeDescription=Write things',
      ],
      replies: [
        {
          body: '{"ResourceServer":{"UserPoolId":"us-east-1_X","Identifier":"https://api.example.com","Name":"My API","Scopes":[{"ScopeName":"read","ScopeDescription":"Read things"}]}}',
        },
      ],
      code: 0,
      stderr: '',
      body: '{"UserPoolId": "us-east-1_X", "Identifier": "https://api.example.com", "Name": "My API", "Scopes": [{"ScopeName": "read", "ScopeDescription": "Read things"}, {"ScopeName": "write", "ScopeDescription": "Write things"}]}',
      stdout: `{
    "ResourceServer": {
        "UserPoolId": "us-east-1_X",
        "Identifier": "https://api.example.com",
        "Name": "My API",
        "Scopes": [
            {
                "ScopeName": "read",
                "ScopeDescription": "Read things"
            }
        ]
    }
}
`,
    });
    assert.equal(r.headers[0]!['X-Amz-Target'], 'AWSCognitoIdentityProviderService.CreateResourceServer');
    assert.match(r.headers[0]!.Authorization!, /^AWS4-HMAC-SHA256 /);
  });

  it('list-resource-servers follows NextToken through every page', async () => {
    await check({
      args: ['list-resource-servers', '--user-pool-id', 'p', '--query', 'ResourceServers[].Identifier', '--output', 'text'],
      replies: [{ body: '{"ResourceServers":[{"Identifier":"a"}],"NextToken":"t1"}' }, { body: '{"ResourceServers":[{"Identifier":"b"}]}' }],
      code: 0,
      stdout: 'a\nb\n',
      requests: 2,
      body: '{"UserPoolId": "p", "NextToken": "t1"}',
    });
  });

  it('list-resource-servers with --max-results makes one request, as the AWS CLI turns paging off for its limit member', async () => {
    await check({
      args: ['list-resource-servers', '--user-pool-id', 'p', '--max-results', '1', '--query', 'ResourceServers[].Identifier', '--output', 'text'],
      replies: [{ body: '{"ResourceServers":[{"Identifier":"a"}],"NextToken":"t1"}' }],
      code: 0,
      stdout: 'a\n',
      requests: 1,
      body: '{"UserPoolId": "p", "MaxResults": 1}',
    });
  });

  it('prints nothing for delete-resource-server', async () => {
    await check({
      args: ['delete-resource-server', '--user-pool-id', 'p', '--identifier', 'api'],
      code: 0,
      stdout: '',
      stderr: '',
      body: '{"UserPoolId": "p", "Identifier": "api"}',
    });
  });
});

describe('identity provider commands', () => {
  it('create-identity-provider sends ProviderDetails and AttributeMapping from map shorthand and prints dates in ISO 8601', async () => {
    await check({
      args: [
        'create-identity-provider',
        '--user-pool-id',
        'p',
        '--provider-name',
        'MyOIDC',
        '--provider-type',
        'OIDC',
        '--provider-details',
        'client_id=rp,authorize_scopes=openid,attributes_request_method=GET,oidc_issuer=https://issuer.example.com',
        '--attribute-mapping',
        'email=email',
      ],
      replies: [
        {
          body: '{"IdentityProvider":{"UserPoolId":"p","ProviderName":"MyOIDC","ProviderType":"OIDC","AttributeMapping":{"username":"sub","email":"email"},"LastModifiedDate":1767225600.5,"CreationDate":1767225600}}',
        },
      ],
      code: 0,
      body: '{"UserPoolId": "p", "ProviderName": "MyOIDC", "ProviderType": "OIDC", "ProviderDetails": {"client_id": "rp", "authorize_scopes": "openid", "attributes_request_method": "GET", "oidc_issuer": "https://issuer.example.com"}, "AttributeMapping": {"email": "email"}}',
      stdout: `{
    "IdentityProvider": {
        "UserPoolId": "p",
        "ProviderName": "MyOIDC",
        "ProviderType": "OIDC",
        "AttributeMapping": {
            "username": "sub",
            "email": "email"
        },
        "LastModifiedDate": "2026-01-01T00:00:00.500000+00:00",
        "CreationDate": "2026-01-01T00:00:00+00:00"
    }
}
`,
    });
  });

  it('reports DuplicateProviderException with exit code 254', async () => {
    await check({
      args: [
        'create-identity-provider',
        '--user-pool-id',
        'p',
        '--provider-name',
        'X1',
        '--provider-type',
        'SAML',
        '--provider-details',
        'MetadataURL=https://m',
      ],
      replies: [{ status: 400, body: '{"__type":"DuplicateProviderException","message":"A provider with the name X1 already exists in this user pool."}' }],
      code: 254,
      stdout: '',
      stderr:
        '\nAn error occurred (DuplicateProviderException) when calling the CreateIdentityProvider operation: A provider with the name X1 already exists in this user pool.\n',
    });
  });

  it('admin-link-provider-for-user sends both users from shorthand and prints nothing', async () => {
    await check({
      args: [
        'admin-link-provider-for-user',
        '--user-pool-id',
        'p',
        '--destination-user',
        'ProviderName=Cognito,ProviderAttributeValue=alice',
        '--source-user',
        'ProviderName=MyOIDC,ProviderAttributeName=Cognito_Subject,ProviderAttributeValue=ext-1',
      ],
      code: 0,
      stdout: '',
      body: '{"UserPoolId": "p", "DestinationUser": {"ProviderName": "Cognito", "ProviderAttributeValue": "alice"}, "SourceUser": {"ProviderName": "MyOIDC", "ProviderAttributeName": "Cognito_Subject", "ProviderAttributeValue": "ext-1"}}',
    });
  });

  it('list-identity-providers prints a table', async () => {
    await check({
      args: ['list-identity-providers', '--user-pool-id', 'p', '--query', 'Providers[].[ProviderName,ProviderType]', '--output', 'table'],
      replies: [{ body: '{"Providers":[{"ProviderName":"Google","ProviderType":"Google"},{"ProviderName":"MyOIDC","ProviderType":"OIDC"}]}' }],
      code: 0,
      // As the AWS CLI (v1 1.45, same table code as v2) prints it for this reply.
      stdout: `-----------------------
|ListIdentityProviders|
+---------+-----------+
|  Google |  Google   |
|  MyOIDC |  OIDC     |
+---------+-----------+
`,
    });
  });
});

describe('UI customization commands', () => {
  const REPLY = { body: '{"UICustomization":{"UserPoolId":"p","ClientId":"ALL","CSSVersion":"20260101000000"}}' };

  it('set-ui-customization sends the bytes of a fileb:// logo as base64', async () => {
    await check({
      args: ['set-ui-customization', '--user-pool-id', 'p', '--image-file', 'fileb://logo.png'],
      files: { 'logo.png': 'PNG bytes' },
      replies: [REPLY],
      code: 0,
      body: '{"UserPoolId": "p", "ImageFile": "UE5HIGJ5dGVz"}',
    });
  });

  it('set-ui-customization takes a text ImageFile as base64, as the AWS CLI v2 does, and refuses text that is not', async () => {
    await check({
      args: ['set-ui-customization', '--user-pool-id', 'p', '--image-file', 'UE5HIGJ5dGVz'],
      replies: [REPLY],
      code: 0,
      body: '{"UserPoolId": "p", "ImageFile": "UE5HIGJ5dGVz"}',
    });
    await check({
      args: ['set-ui-customization', '--user-pool-id', 'p', '--image-file', 'not base64!'],
      code: 252,
      body: null,
      stdout: '',
      stderr: '\nInvalid base64: "not base64!"\n',
    });
  });

  it('set-ui-customization encodes a text ImageFile with --cli-binary-format raw-in-base64-out', async () => {
    await check({
      args: ['set-ui-customization', '--user-pool-id', 'p', '--image-file', 'PNG bytes', '--cli-binary-format', 'raw-in-base64-out'],
      replies: [REPLY],
      code: 0,
      body: '{"UserPoolId": "p", "ImageFile": "UE5HIGJ5dGVz"}',
    });
  });

  it('get-ui-customization prints the customization, and its manual page and skeleton name the members', async () => {
    await check({
      args: ['get-ui-customization', '--user-pool-id', 'p', '--client-id', 'ALL', '--output', 'text'],
      replies: [REPLY],
      code: 0,
      // As the AWS CLI prints it: scalars in sorted key order.
      stdout: 'UICUSTOMIZATION\t20260101000000\tALL\tp\n',
      body: '{"UserPoolId": "p", "ClientId": "ALL"}',
    });
    await check({
      args: ['set-ui-customization', '--generate-cli-skeleton'],
      code: 0,
      body: null,
      stdout: `{
    "UserPoolId": "",
    "ClientId": "",
    "CSS": "",
    "ImageFile": null
}
`,
    });
    const help = await check({ args: ['set-ui-customization', 'help'], code: 0, body: null });
    for (const option of ['--user-pool-id <value>', '[--client-id <value>]', '[--css <value>]', '[--image-file <value>]']) {
      assert.ok(help.stdout.includes(`          ${option}\n`), option);
    }
    assert.match(help.stdout, /^ {7}--image-file \(blob\)$/m);
  });
});
