/**
 * Differential test: the installed AWS CLI (`aws`, v1 on this machine) and `cognate` run with the same
 * arguments against the same local capture server; request bodies, stdout and exit status must agree.
 * Each argument set gets its own endpoint path (/aws-N/, /cognate-N/) so that the server can tell the
 * runs apart and answer both the same way.
 *
 * Documented v1/v2 differences (reference §11), excluded or mapped here:
 * - exit codes: v1 exits 2 for argparse errors and 255 for everything else; cognate follows v2
 *   (252 usage/parameters, 253 configuration, 254 service errors, 255 other). Compared through that mapping.
 * - shorthand syntax errors: v1 prints the literal `{self._error_location()}`; only the exit status and
 *   "no request" are compared for those sets.
 * - usage-error layout (v1's "Note: AWS CLI version 2" banner), `--cli-input-yaml`, `yaml` outputs,
 *   `--generate-cli-skeleton yaml-input`: v2 only, not run here.
 * - input skeletons with enums: v1 picks a random enum value; only enum-free skeletons are compared.
 * - retries: v1 (legacy mode) makes 5 attempts; not run here.
 * - timestamps: v1 prints epoch numbers, v2 ISO 8601; the responses used here have no timestamps.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { skipWithoutAwsCli } from '../helpers/tools.js';
import { baseEnv, CaptureServer, caseDir, cognate, GET_USER_BODY, run, type Reply } from './helpers.js';

interface DiffCase {
  name: string;
  args: string[];
  reply?: Reply;
  files?: Record<string, string>;
  /** Compare stderr too (texts that v1 and v2 print identically). */
  stderr?: boolean;
  /** Only exit status and the absence of a request are compared (documented text difference). */
  statusOnly?: boolean;
}

const T = ['--access-token', 'TOKEN123'];
const sus = (...a: string[]) => ['set-user-settings', ...T, ...a];
const mfa = (...a: string[]) => sus('--mfa-options', ...a);
const gu = (...a: string[]) => ({ args: ['get-user', '--access-token', 'X', ...a], reply: { body: GET_USER_BODY } });

const CASES: DiffCase[] = [
  // shorthand
  { name: 'shorthand', args: mfa('DeliveryMedium=SMS,AttributeName=phone_number') },
  { name: 'two shorthand values', args: mfa('DeliveryMedium=SMS,AttributeName=phone_number', 'DeliveryMedium=EMAIL,AttributeName=email') },
  { name: 'no value', args: sus('--mfa-options') },
  { name: 'quoted values', args: mfa(`DeliveryMedium="SMS",AttributeName='phone_number'`) },
  { name: 'spaces around separators', args: mfa('DeliveryMedium = SMS , AttributeName = phone_number') },
  { name: 'escaped comma', args: mfa('DeliveryMedium=SMS,AttributeName=a\\,b') },
  { name: 'escaped quote', args: mfa("DeliveryMedium=SMS,AttributeName='it\\'s'") },
  { name: 'backslash kept', args: mfa('DeliveryMedium=SMS,AttributeName=a\\b') },
  { name: '= in value', args: mfa('DeliveryMedium=SMS,AttributeName=a=b') },
  { name: 'non-ASCII', args: mfa('DeliveryMedium=SMS,AttributeName=téléphone') },
  { name: 'empty value', args: mfa('DeliveryMedium=,AttributeName=phone_number') },
  { name: 'enum not checked', args: mfa('DeliveryMedium=FAX') },
  { name: 'reversed option order', args: ['set-user-settings', '--mfa-options', 'DeliveryMedium=SMS', ...T] },
  { name: 'option prefix', args: ['set-user-settings', '--access-tok', 'A', '--mfa-options', 'DeliveryMedium=SMS'] },
  // JSON
  { name: 'JSON list', args: mfa('[{"DeliveryMedium":"SMS","AttributeName":"phone_number"}]') },
  { name: 'JSON key order', args: mfa('[{"AttributeName":"phone_number","DeliveryMedium":"SMS"}]') },
  { name: 'JSON object', args: mfa('{"DeliveryMedium":"SMS"}') },
  { name: 'two JSON objects', args: mfa('{"DeliveryMedium":"SMS"}', '{"DeliveryMedium":"EMAIL"}') },
  { name: 'empty JSON list', args: mfa('  [ ]') },
  // param files
  { name: 'file:// list', args: mfa('file://mfa.json'), files: { 'mfa.json': '[{"DeliveryMedium": "SMS", "AttributeName": "phone_number"}]\n' } },
  {
    name: 'file:// token',
    args: ['set-user-settings', '--access-token', 'file://t.txt', '--mfa-options', 'DeliveryMedium=SMS'],
    files: { 't.txt': 'TOKENFROMFILE\n' },
  },
  // cli-input-json
  { name: 'cli-input-json', args: ['set-user-settings', '--cli-input-json', '{"AccessToken":"J","MFAOptions":[{"DeliveryMedium":"SMS"}]}'] },
  {
    name: 'cli-input-json overridden',
    args: ['set-user-settings', '--cli-input-json', '{"AccessToken":"J","MFAOptions":[]}', '--mfa-options', 'DeliveryMedium=EMAIL'],
  },
  {
    name: 'cli-input-json from a file',
    args: ['set-user-settings', '--cli-input-json', 'file://in.json'],
    files: { 'in.json': '{"AccessToken": "F", "MFAOptions": []}' },
  },
  { name: 'cli-input-json missing member', args: ['set-user-settings', '--cli-input-json', '{"AccessToken":"J"}'], stderr: true },
  // skeletons
  { name: 'input skeleton without enums', args: ['admin-get-user', '--generate-cli-skeleton'] },
  { name: 'output skeleton', args: ['get-user', '--access-token', 'X', '--generate-cli-skeleton', 'output'] },
  // outputs
  { name: 'json', ...gu() },
  { name: 'text', ...gu('--output', 'text') },
  { name: 'table', ...gu('--output', 'table') },
  { name: 'json query filter', ...gu('--query', 'UserAttributes[?Name==`email`].Value') },
  { name: 'json query scalar', ...gu('--query', 'Username') },
  { name: 'json query missing', ...gu('--query', 'NoSuchKey') },
  { name: 'json multiselect', ...gu('--query', '{User:Username,Mfa:PreferredMfaSetting,Attrs:UserAttributes[].Name}') },
  { name: 'text query list', ...gu('--query', 'UserAttributes[].Name', '--output', 'text') },
  { name: 'text multiselect', ...gu('--query', '{User:Username,Attrs:UserAttributes[].Name}', '--output', 'text') },
  { name: 'text None', ...gu('--query', '[Username, NoSuch]', '--output', 'text') },
  { name: 'table query list of dicts', ...gu('--query', 'UserAttributes', '--output', 'table') },
  { name: 'table multiselect', ...gu('--query', '{User:Username,Mfa:PreferredMfaSetting,Attrs:UserAttributes[].Name}', '--output', 'table') },
  { name: 'table scalar', ...gu('--query', 'Username', '--output', 'table') },
  { name: 'table one scalar key', args: ['get-user', '--access-token', 'X', '--output', 'table'], reply: { body: '{"Username":"alice","UserAttributes":[]}' } },
  {
    name: 'table wide characters',
    args: ['get-user', '--access-token', 'X', '--output', 'table'],
    reply: { body: '{"Username":"山田太郎","UserAttributes":[{"Name":"name","Value":"Zoë Ünïcødé"},{"Name":"nickname","Value":"tab\\there"}]}' },
  },
  {
    name: 'table vertical',
    args: ['get-user', '--access-token', 'X', '--output', 'table'],
    reply: {
      body: JSON.stringify({
        Username: 'a-very-long-user-name-' + 'x'.repeat(50),
        PreferredMfaSetting: 'SOFTWARE_TOKEN_MFA',
        UserAttributes: [{ Name: 'sub', Value: '9f8e7d6c-5b4a-4321-8765-0123456789ab' }],
      }),
    },
  },
  { name: 'empty result, text', args: [...mfa('DeliveryMedium=SMS'), '--output', 'text'], reply: { body: '{"Extra": 1}' } },
  {
    name: 'signed admin call',
    args: ['admin-get-user', '--user-pool-id', 'p', '--username', 'alice', '--output', 'text'],
    reply: { body: '{"Username":"alice","Enabled":true,"UserStatus":"CONFIRMED","UserAttributes":[{"Name":"sub","Value":"1"}]}' },
  },
  {
    name: 'map shorthand',
    args: ['initiate-auth', '--client-id', 'c', '--auth-flow', 'USER_PASSWORD_AUTH', '--auth-parameters', 'USERNAME=alice,PASSWORD=Passw0rd!'],
  },
  {
    name: 'scalar list and integer',
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
  },
  // pool and client parity (issue 11)
  {
    name: 'tag-resource map shorthand',
    args: ['tag-resource', '--resource-arn', 'arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_EXAMPLE', '--tags', 'team=identity,cost center=42'],
  },
  {
    name: 'untag-resource key list',
    args: ['untag-resource', '--resource-arn', 'arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_X', '--tag-keys', 'a', 'b'],
  },
  {
    name: 'list-tags-for-resource table',
    args: ['list-tags-for-resource', '--resource-arn', 'arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_X', '--output', 'table'],
    reply: { body: '{"Tags":{"team":"identity","env":"test"}}' },
  },
  {
    name: 'add-custom-attributes nested shorthand',
    args: [
      'add-custom-attributes',
      '--user-pool-id',
      'us-east-1_X',
      '--custom-attributes',
      'Name=tier,AttributeDataType=String,Mutable=false,StringAttributeConstraints={MinLength=1,MaxLength=16}',
      'Name=score,AttributeDataType=Number,NumberAttributeConstraints={MinValue=0}',
    ],
  },
  {
    name: 'update-user-pool-client',
    args: [
      'update-user-pool-client',
      '--user-pool-id',
      'p',
      '--client-id',
      'c',
      '--client-name',
      'app',
      '--explicit-auth-flows',
      'ALLOW_USER_SRP_AUTH',
      '--token-validity-units',
      'AccessToken=minutes,IdToken=hours',
      '--no-enable-token-revocation',
      '--output',
      'text',
    ],
    reply: { body: '{"UserPoolClient":{"ClientId":"c","ClientName":"app","ExplicitAuthFlows":["ALLOW_USER_SRP_AUTH"]}}' },
  },
  {
    name: 'list-user-pool-client-secrets text',
    args: ['list-user-pool-client-secrets', '--user-pool-id', 'p', '--client-id', 'c', '--output', 'text'],
    reply: { body: '{"ClientSecrets":[{"ClientSecretId":"c--1"},{"ClientSecretId":"c--2"}]}' },
  },
  { name: 'add-user-pool-client-secret', args: ['add-user-pool-client-secret', '--user-pool-id', 'p', '--client-id', 'c'] },
  { name: 'delete-user-pool-client-secret', args: ['delete-user-pool-client-secret', '--user-pool-id', 'p', '--client-id', 'c', '--client-secret-id', 'c--1'] },
  { name: 'boolean flag', args: ['admin-set-user-password', '--user-pool-id', 'p', '--username', 'u', '--password', 'pw', '--no-permanent'] },
  // groups (replies without dates: v1 prints them as epoch numbers, v2 as ISO 8601)
  {
    name: 'create-group with every option',
    args: [
      'create-group',
      '--user-pool-id',
      'p',
      '--group-name',
      'admins',
      '--description',
      'The admins',
      '--role-arn',
      'arn:aws:iam::123456789012:role/admin',
      '--precedence',
      '1',
    ],
    reply: {
      body: '{"Group":{"GroupName":"admins","UserPoolId":"p","Description":"The admins","RoleArn":"arn:aws:iam::123456789012:role/admin","Precedence":1}}',
    },
  },
  { name: 'create-group input skeleton', args: ['create-group', '--generate-cli-skeleton'] },
  // domains
  {
    name: 'create-user-pool-domain with a custom domain in shorthand',
    args: [
      'create-user-pool-domain',
      '--user-pool-id',
      'p',
      '--domain',
      'auth.example.com',
      '--custom-domain-config',
      'CertificateArn=arn:aws:acm:us-east-1:123456789012:certificate/abc',
      '--managed-login-version',
      '2',
    ],
    reply: { body: '{"ManagedLoginVersion":2,"CloudFrontDomain":"d111111abcdef8.cloudfront.net"}' },
  },
  {
    name: 'describe-user-pool-domain as text',
    args: ['describe-user-pool-domain', '--domain', 'my-app', '--output', 'text'],
    reply: {
      body: '{"DomainDescription":{"UserPoolId":"p","AWSAccountId":"123456789012","Domain":"my-app","S3Bucket":"b","CloudFrontDistribution":"x.cloudfront.net","Version":"20260101000000","Status":"ACTIVE","CustomDomainConfig":{},"ManagedLoginVersion":1}}',
    },
  },
  { name: 'delete-user-pool-domain', args: ['delete-user-pool-domain', '--user-pool-id', 'p', '--domain', 'my-app'], reply: { body: '{}' } },
  {
    name: 'get-signing-certificate with a query',
    args: ['get-signing-certificate', '--user-pool-id', 'p', '--query', 'Certificate', '--output', 'text'],
    reply: { body: '{"Certificate":"MIIB"}' },
  },
  {
    name: 'list-groups as text',
    args: ['list-groups', '--user-pool-id', 'p', '--output', 'text'],
    reply: {
      body: '{"Groups":[{"GroupName":"admins","UserPoolId":"p","Precedence":0},{"GroupName":"readers","UserPoolId":"p","RoleArn":"arn:aws:iam::1:role/r"}]}',
    },
  },
  {
    name: 'list-groups --max-items',
    args: ['list-groups', '--user-pool-id', 'p', '--max-items', '1', '--page-size', '5'],
    reply: { body: '{"Groups":[{"GroupName":"admins","UserPoolId":"p"},{"GroupName":"readers","UserPoolId":"p"}]}' },
  },
  {
    name: 'admin-list-groups-for-user with --query',
    args: ['admin-list-groups-for-user', '--user-pool-id', 'p', '--username', 'alice', '--query', 'Groups[].GroupName'],
    reply: { body: '{"Groups":[{"GroupName":"admins","UserPoolId":"p"},{"GroupName":"readers","UserPoolId":"p"}]}' },
  },
  {
    name: 'list-users-in-group as a table',
    args: ['list-users-in-group', '--user-pool-id', 'p', '--group-name', 'admins', '--output', 'table'],
    reply: { body: '{"Users":[{"Username":"alice","Enabled":true,"UserStatus":"CONFIRMED","Attributes":[{"Name":"sub","Value":"1"}]}]}' },
  },
  { name: 'admin-add-user-to-group', args: ['admin-add-user-to-group', '--user-pool-id', 'p', '--username', 'alice', '--group-name', 'admins'] },
  {
    name: 'update-group',
    args: ['update-group', '--user-pool-id', 'p', '--group-name', 'admins', '--precedence', '0'],
    reply: { body: '{"Group":{"GroupName":"admins"}}' },
  },
  {
    name: 'GroupExistsException',
    args: ['create-group', '--user-pool-id', 'p', '--group-name', 'admins'],
    reply: { status: 400, body: '{"__type":"GroupExistsException","message":"A group with the name already exists."}' },
    stderr: true,
  },
  // OAuth management (replies without dates, as for groups)
  {
    name: 'create-resource-server with scope shorthand',
    args: [
      'create-resource-server',
      '--user-pool-id',
      'p',
      // Not a URL: the AWS CLI v1 would fetch it (cli_follow_urlparam); v2 and cognate send it as it is.
      '--identifier',
      'api.example.com',
      '--name',
      'API',
      '--scopes',
      'ScopeName=read,ScopeDescription=Read things',
      'ScopeName=write,ScopeDescription=Write things',
    ],
    reply: {
      body: '{"ResourceServer":{"UserPoolId":"p","Identifier":"api.example.com","Name":"API","Scopes":[{"ScopeName":"read","ScopeDescription":"Read things"}]}}',
    },
  },
  {
    name: 'list-resource-servers as a table',
    args: ['list-resource-servers', '--user-pool-id', 'p', '--max-results', '10', '--output', 'table'],
    reply: { body: '{"ResourceServers":[{"UserPoolId":"p","Identifier":"api","Name":"API","Scopes":[{"ScopeName":"read","ScopeDescription":"Read"}]}]}' },
  },
  { name: 'delete-resource-server', args: ['delete-resource-server', '--user-pool-id', 'p', '--identifier', 'api'] },
  {
    name: 'create-identity-provider with map shorthand',
    args: [
      'create-identity-provider',
      '--user-pool-id',
      'p',
      '--provider-name',
      'MyOIDC',
      '--provider-type',
      'OIDC',
      '--provider-details',
      'client_id=rp,authorize_scopes=openid email,attributes_request_method=GET,oidc_issuer=https://issuer.example.com',
      '--attribute-mapping',
      'email=email',
      '--idp-identifiers',
      'example.com',
      'example.org',
    ],
    reply: { body: '{"IdentityProvider":{"UserPoolId":"p","ProviderName":"MyOIDC","ProviderType":"OIDC","ProviderDetails":{"client_id":"rp"}}}' },
  },
  {
    name: 'list-identity-providers as text',
    args: ['list-identity-providers', '--user-pool-id', 'p', '--output', 'text'],
    reply: { body: '{"Providers":[{"ProviderName":"Google","ProviderType":"Google"},{"ProviderName":"MyOIDC","ProviderType":"OIDC"}]}' },
  },
  {
    name: 'admin-link-provider-for-user nested shorthand',
    args: [
      'admin-link-provider-for-user',
      '--user-pool-id',
      'p',
      '--destination-user',
      'ProviderName=Cognito,ProviderAttributeValue=alice',
      '--source-user',
      'ProviderName=MyOIDC,ProviderAttributeName=Cognito_Subject,ProviderAttributeValue=ext-1',
    ],
  },
  {
    name: 'DuplicateProviderException',
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
    reply: { status: 400, body: '{"__type":"DuplicateProviderException","message":"A provider with the name X1 already exists in this user pool."}' },
    stderr: true,
  },
  {
    name: 'set-ui-customization with fileb:// logo',
    args: [
      'set-ui-customization',
      '--user-pool-id',
      'p',
      '--client-id',
      'ALL',
      '--css',
      '.label-customizable { color: red; }',
      '--image-file',
      'fileb://logo.png',
    ],
    files: { 'logo.png': 'not really a png' },
    reply: { body: '{"UICustomization":{"UserPoolId":"p","ClientId":"ALL","CSS":".label-customizable { color: red; }","CSSVersion":"1"}}' },
  },
  {
    name: 'get-ui-customization as a table',
    args: ['get-ui-customization', '--user-pool-id', 'p', '--output', 'table'],
    reply: { body: '{"UICustomization":{"UserPoolId":"p","ClientId":"ALL","CSS":".label-customizable { color: red; }","CSSVersion":"1"}}' },
  },
  {
    name: 'update-user-pool-client OAuth options',
    args: [
      'update-user-pool-client',
      '--user-pool-id',
      'p',
      '--client-id',
      'c',
      '--allowed-o-auth-flows',
      'code',
      'implicit',
      '--allowed-o-auth-scopes',
      'openid',
      'email',
      '--allowed-o-auth-flows-user-pool-client',
      // App-scheme URLs: v1 would fetch http(s) ones (cli_follow_urlparam).
      '--callback-urls',
      'myapp://cb',
      'myapp://cb2',
      '--default-redirect-uri',
      'myapp://cb',
      '--supported-identity-providers',
      'COGNITO',
      'MyOIDC',
    ],
  },
  // user and token parity operations
  {
    name: 'admin-delete-user-attributes',
    args: ['admin-delete-user-attributes', '--user-pool-id', 'p', '--username', 'u', '--user-attribute-names', 'name', 'email'],
  },
  { name: 'delete-user-attributes', args: ['delete-user-attributes', '--access-token', 'X', '--user-attribute-names', 'nickname'] },
  { name: 'admin-reset-user-password', args: ['admin-reset-user-password', '--user-pool-id', 'p', '--username', 'u', '--client-metadata', 'app=web'] },
  {
    name: 'get-user-auth-factors, text',
    args: ['get-user-auth-factors', '--access-token', 'X', '--output', 'text'],
    reply: {
      body: '{"Username":"alice","PreferredMfaSetting":"SMS_MFA","UserMFASettingList":["SMS_MFA"],"ConfiguredUserAuthFactors":["PASSWORD","EMAIL_OTP"]}',
    },
  },
  {
    name: 'get-tokens-from-refresh-token, table',
    args: ['get-tokens-from-refresh-token', '--refresh-token', 'R', '--client-id', 'c', '--output', 'table'],
    reply: { body: '{"AuthenticationResult":{"AccessToken":"a.b.c","ExpiresIn":3600,"TokenType":"Bearer","RefreshToken":"r2","IdToken":"i.d.t"}}' },
  },
  {
    name: 'RefreshTokenRotation shorthand',
    args: ['create-user-pool-client', '--user-pool-id', 'p', '--client-name', 'app', '--refresh-token-rotation', 'Feature=ENABLED,RetryGracePeriodSeconds=10'],
  },
  { name: 'list-users attributes-to-get', args: ['list-users', '--user-pool-id', 'p', '--attributes-to-get', 'email', 'phone_number', '--no-paginate'] },
  {
    name: 'RefreshTokenReuseException',
    args: ['get-tokens-from-refresh-token', '--refresh-token', 'R', '--client-id', 'c'],
    reply: { status: 400, body: '{"__type":"RefreshTokenReuseException","message":"This refresh token has been invalidated by refresh token rotation."}' },
    stderr: true,
  },
  // service errors
  {
    name: 'NotAuthorizedException',
    args: mfa('DeliveryMedium=SMS'),
    reply: { status: 400, body: '{"__type":"NotAuthorizedException","message":"Invalid Access Token"}' },
    stderr: true,
  },
  {
    name: 'namespaced __type',
    args: mfa('DeliveryMedium=SMS'),
    reply: { status: 400, body: '{"__type":"a.b#UserNotFoundException","message":"User does not exist."}' },
    stderr: true,
  },
  { name: 'empty error body', args: mfa('DeliveryMedium=SMS'), reply: { status: 400, body: '' }, stderr: true },
  // parameter errors
  { name: 'unknown key', args: mfa('DeliveryMedium=SMS,Foo=bar'), stderr: true },
  { name: 'list for a string', args: mfa('DeliveryMedium=[SMS,EMAIL]'), stderr: true },
  { name: 'JSON type errors', args: mfa('[{"DeliveryMedium":5,"Foo":1},{"AttributeName":""}]'), stderr: true },
  { name: 'nested JSON list', args: mfa('[[{"DeliveryMedium":"SMS"}]]'), stderr: true },
  { name: 'invalid JSON', args: mfa('[{"DeliveryMedium":'), stderr: true },
  { name: 'missing param file', args: mfa('file://missing.json'), stderr: true },
  { name: 'shorthand syntax error', args: mfa('DeliveryMedium'), statusOnly: true },
  { name: 'duplicate key', args: mfa('DeliveryMedium=SMS,DeliveryMedium=EMAIL'), stderr: true },
  { name: 'missing required option', args: ['set-user-settings', '--mfa-options', 'DeliveryMedium=SMS'], statusOnly: true },
  { name: 'bad --query', args: [...mfa('DeliveryMedium=SMS'), '--query', 'UserAttributes[?'], stderr: true },
  { name: 'endpoint without scheme', args: [...mfa('DeliveryMedium=SMS'), '--endpoint-url', '127.0.0.1:1'], statusOnly: true },
];

/** v1 exit code -> the v2 codes it corresponds to. */
function compatible(v1: number | null, v2: number | null): boolean {
  if (v1 === 0) return v2 === 0;
  if (v1 === 2) return v2 === 252;
  if (v1 === 255) return v2 === 252 || v2 === 253 || v2 === 254 || v2 === 255;
  return false;
}

/** Runs tasks with at most `limit` at a time. */
async function pool<T>(items: T[], limit: number, fn: (item: T, i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
}

describe('differential: aws vs cognate', { skip: skipWithoutAwsCli }, () => {
  let server: CaptureServer;
  const results = new Map<
    number,
    {
      aws: { code: number | null; stdout: string; stderr: string; bodies: string[] };
      cognate: { code: number | null; stdout: string; stderr: string; bodies: string[] };
    }
  >();

  before(async () => {
    server = await new CaptureServer().start();
    server.replyFor = (c) => {
      const m = /^\/(?:aws|cognate)-(\d+)\//.exec(c.url);
      return m ? (CASES[Number(m[1])]!.reply ?? { status: 200, body: '{}' }) : undefined;
    };
    const jobs: Array<{ i: number; who: 'aws' | 'cognate' }> = [];
    CASES.forEach((_, i) => {
      jobs.push({ i, who: 'aws' }, { i, who: 'cognate' });
    });
    await pool(jobs, 2, async ({ i, who }) => {
      const c = CASES[i]!;
      const dir = caseDir(c.files);
      const hasEndpoint = c.args.includes('--endpoint-url');
      const args = ['cognito-idp', ...c.args, ...(hasEndpoint ? [] : ['--endpoint-url', `${server.url}/${who}-${i}/`])];
      const env = baseEnv(dir, { AWS_MAX_ATTEMPTS: '1', AWS_RETRY_MODE: 'standard' });
      const r = who === 'aws' ? await run('aws', args, dir, env) : await cognate(args, dir, env);
      const entry = results.get(i) ?? ({} as never);
      const bodies = server.requests.filter((q) => q.url.startsWith(`/${who}-${i}/`)).map((q) => q.body);
      (entry as Record<string, unknown>)[who] = { ...r, bodies };
      results.set(i, entry);
    });
  });

  after(async () => {
    await server.close();
  });

  it(`covers at least 40 argument sets (${CASES.length})`, () => {
    assert.ok(CASES.length >= 40);
  });

  CASES.forEach((c, i) => {
    it(`agrees on ${c.name}`, () => {
      const r = results.get(i)!;
      assert.ok(
        compatible(r.aws.code, r.cognate.code),
        `exit codes aws=${r.aws.code} cognate=${r.cognate.code}\naws stderr: ${r.aws.stderr}\ncognate stderr: ${r.cognate.stderr}`,
      );
      assert.deepEqual(r.cognate.bodies, r.aws.bodies, 'request bodies');
      if (c.statusOnly) return;
      assert.equal(r.cognate.stdout, r.aws.stdout, 'stdout');
      if (c.stderr) assert.equal(r.cognate.stderr, r.aws.stderr, 'stderr');
    });
  });
});
