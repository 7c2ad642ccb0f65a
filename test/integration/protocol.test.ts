import assert from 'node:assert/strict';
import { request } from 'node:http';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { CreateUserPoolCommand, DescribeUserPoolCommand, ListUserPoolsCommand } from '@aws-sdk/client-cognito-identity-provider';
import { rawCall, startServer, type TestServer } from '../helpers/server.js';
import { SqliteStore } from '../../src/store/sqlite/store.js';
import type { Page, PoolRecord } from '../../src/store/store.js';

const TARGET = 'AWSCognitoIdentityProviderService';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A POST with full control over headers and body (rawCall always sends a JSON content type). */
async function post(url: string, body: string | Blob, headers: Record<string, string>): Promise<{ status: number; headers: Headers; text: string }> {
  const res = await fetch(url, { method: 'POST', headers, body });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

/**
 * Streams `size` bytes of JSON-ish body with chunked encoding (no Content-Length), so the server can
 * only learn the size by reading; resolves with the status and body, or with the socket error if the
 * server hung up first.
 */
function postChunked(url: string, size: number): Promise<{ status: number; body: any } | { error: string }> {
  return new Promise((resolve) => {
    const req = request(
      url,
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': `${TARGET}.ListUserPools`, 'Transfer-Encoding': 'chunked' },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(Buffer.concat(chunks).toString() || 'null') }));
      },
    );
    req.on('error', (e) => resolve({ error: e.message }));
    const chunk = Buffer.alloc(64 * 1024, 'a');
    req.write('{"PoolName":"');
    let sent = 0;
    const pump = () => {
      while (sent < size) {
        sent += chunk.length;
        if (!req.write(chunk)) {
          req.once('drain', pump);
          return;
        }
      }
      req.end('"}');
    };
    pump();
  });
}

describe('The AWS JSON 1.1 front door', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
  });
  after(async () => s.close());

  it('answers malformed JSON with SerializationException and the error headers', async () => {
    const r = await post(s.url, '{"PoolName": ', { 'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': `${TARGET}.CreateUserPool` });
    assert.equal(r.status, 400);
    const body = JSON.parse(r.text);
    assert.equal(body.__type, 'SerializationException');
    assert.equal(typeof (body.message ?? body.Message), 'string');
    assert.equal(r.headers.get('x-amzn-errortype'), 'SerializationException:');
    assert.match(r.headers.get('x-amzn-requestid')!, UUID);
    assert.equal(r.headers.get('content-type'), 'application/x-amz-json-1.1');
  });

  const wrongTypes: Array<{ what: string; operation: string; body: unknown; message: string }> = [
    { what: 'a number where a string belongs', operation: 'CreateUserPool', body: { PoolName: 5 }, message: 'NUMBER_VALUE can not be converted to a String' },
    {
      what: 'a string where an integer belongs',
      operation: 'ListUserPools',
      body: { MaxResults: '5' },
      message: 'STRING_VALUE can not be converted to an Integer',
    },
    {
      what: 'an object where a string belongs',
      operation: 'CreateUserPool',
      body: { PoolName: { x: 1 } },
      message: 'Start of structure or map found where not expected.',
    },
    { what: 'a list as the whole body', operation: 'ListUserPools', body: [], message: 'Expected map or null' },
    { what: 'a string as the whole body', operation: 'ListUserPools', body: '"hello"', message: 'Expected map or null' },
    {
      what: 'a boolean where a list belongs',
      operation: 'CreateUserPool',
      body: { PoolName: 'p', AutoVerifiedAttributes: true },
      message: 'TRUE_VALUE can not be converted to a list',
    },
  ];
  for (const c of wrongTypes) {
    it(`answers SerializationException to ${c.what}`, async () => {
      const r = await rawCall(s.url, c.operation, c.body);
      assert.equal(r.status, 400);
      assert.equal(r.body.__type, 'SerializationException');
      if (c.message.startsWith('TRUE_VALUE')) assert.equal(typeof (r.body.message ?? r.body.Message), 'string');
      else assert.equal(r.body.message ?? r.body.Message, c.message);
    });
  }

  it('treats an empty body and a JSON null as {}', async () => {
    for (const body of ['', 'null']) {
      const r = await post(s.url, body, { 'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': `${TARGET}.ListUserPools` });
      assert.deepEqual(JSON.parse(r.text), {
        __type: 'InvalidParameterException',
        message: "1 validation error detected: Value null at 'maxResults' failed to satisfy constraint: Member must not be null",
      });
    }
  });

  it('answers UnknownOperationException for an operation it does not have, a foreign prefix, or no target', async () => {
    for (const target of [`${TARGET}.SignUpForPizza`, `AmazonDynamoDB_20120810.ListUserPools`, 'ListUserPools']) {
      const r = await post(s.url, '{}', { 'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': target });
      assert.equal(r.status, 400, target);
      assert.equal(JSON.parse(r.text).__type, 'UnknownOperationException', target);
      assert.equal(r.headers.get('x-amzn-errortype'), 'UnknownOperationException:');
    }
    const none = await post(s.url, '{}', { 'Content-Type': 'application/x-amz-json-1.1' });
    assert.equal(none.status, 400);
    assert.equal(JSON.parse(none.text).__type, 'UnknownOperationException');
  });

  it('rejects a wrong or missing Content-Type', async () => {
    for (const type of ['application/json', 'text/plain', '']) {
      const headers: Record<string, string> = { 'X-Amz-Target': `${TARGET}.ListUserPools` };
      if (type) headers['Content-Type'] = type;
      // A string body would make fetch add text/plain itself; bytes go without a Content-Type.
      const r = await post(s.url, type ? '{"MaxResults":1}' : new Blob(['{"MaxResults":1}']), headers);
      assert.equal(r.status, 400, type);
      assert.equal(JSON.parse(r.text).__type, 'UnsupportedMediaTypeException', type);
    }
  });

  it('accepts the JSON 1.1 Content-Type with parameters', async () => {
    const r = await post(s.url, '{"MaxResults":1}', { 'Content-Type': 'application/x-amz-json-1.1; charset=utf-8', 'X-Amz-Target': `${TARGET}.ListUserPools` });
    assert.equal(r.status, 200);
    assert.deepEqual(JSON.parse(r.text), { UserPools: [] });
  });

  it('answers requests pipelined on one connection in their order, successes and errors alike', async () => {
    // Responses are written when the event loop's turn ends; several finished in one turn must still
    // leave in request order.
    const { hostname, port } = new URL(s.url);
    const one = (op: string, body: string) =>
      `POST / HTTP/1.1\r\nHost: ${hostname}\r\nContent-Type: application/x-amz-json-1.1\r\nX-Amz-Target: ${TARGET}.${op}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
    const wire = [
      one('ListUserPools', '{"MaxResults":1}'),
      one('DescribeUserPool', '{"UserPoolId":"us-east-1_nope"}'),
      one('NoSuchOperation', '{}'),
      one('ListUserPools', '{"MaxResults":0}'),
    ].join('');
    const text = await new Promise<string>((resolve, reject) => {
      const sock = connect(Number(port), hostname);
      let got = '';
      sock.on('data', (d) => {
        got += d.toString();
        if ((got.match(/HTTP\/1\.1 /g) ?? []).length === 4 && /\}$/.test(got)) {
          sock.end();
          resolve(got);
        }
      });
      sock.on('error', reject);
      sock.write(wire);
    });
    const statuses = [...text.matchAll(/HTTP\/1\.1 (\d+)/g)].map((m) => Number(m[1]));
    const types = [...text.matchAll(/\r\n\r\n(\{[^\r]*?\})(?=HTTP|$)/g)].map((m) => JSON.parse(m[1]!).__type ?? 'ok');
    assert.deepEqual(statuses, [200, 400, 400, 400]);
    assert.deepEqual(types, ['ok', 'ResourceNotFoundException', 'UnknownOperationException', 'InvalidParameterException']);
  });

  it('refuses a 1 MiB body of nested arrays with SerializationException without parsing it', async () => {
    const body = '['.repeat(1024 * 1024 - 100);
    const r = await post(s.url, body, { 'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': `${TARGET}.ListUserPools` });
    assert.equal(r.status, 400, r.text);
    assert.deepEqual(JSON.parse(r.text), { __type: 'SerializationException', Message: 'Malformed request body: JSON nested deeper than 20 levels.' });
    // The server's own time for the request (from its log line), mostly reading the body: parsing it
    // would cost JSON.parse about 450 ms of CPU, the scan refuses it in about one.
    const line = s.logs.find((l) => l.includes(r.headers.get('x-amzn-requestid')!))!;
    const ms = Number(/ ([\d.]+)ms$/.exec(line)![1]);
    assert.ok(ms < 200, line);
  });

  it('refuses well-formed JSON that nests objects deeper than any Cognito shape with SerializationException', async () => {
    let nested = '1';
    for (let i = 0; i < 100; i++) nested = `{"a":${nested}}`;
    const r = await post(s.url, `{"MaxResults":1,"Extra":${nested}}`, {
      'Content-Type': 'application/x-amz-json-1.1',
      'X-Amz-Target': `${TARGET}.ListUserPools`,
    });
    assert.equal(r.status, 400, r.text);
    assert.equal(JSON.parse(r.text).__type, 'SerializationException');
  });

  it('accepts a CreateUserPool nested as deep as the model goes (Schema with StringAttributeConstraints, LambdaConfig)', async () => {
    const out = await s.sdk.send(
      new CreateUserPoolCommand({
        PoolName: 'nested',
        Schema: [{ Name: 'tier', AttributeDataType: 'String', Mutable: true, StringAttributeConstraints: { MinLength: '1', MaxLength: '16' } }],
        LambdaConfig: {
          CustomSMSSender: { LambdaVersion: 'V1_0', LambdaArn: 'arn:aws:lambda:us-east-1:123456789012:function:sms' },
          KMSKeyID: 'arn:aws:kms:us-east-1:123456789012:key/1',
        },
        // Brackets inside strings are not nesting.
        UserPoolTags: { note: '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{' },
      }),
    );
    const attr = out.UserPool!.SchemaAttributes!.find((a) => a.Name === 'custom:tier');
    assert.deepEqual(attr?.StringAttributeConstraints, { MinLength: '1', MaxLength: '16' });
  });

  it('refuses a body over 1 MiB with 413 and keeps serving', async () => {
    const big = `{"PoolName":"${'a'.repeat(1024 * 1024)}"}`;
    const r = await post(s.url, big, { 'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': `${TARGET}.CreateUserPool` }).catch((e: Error) => ({
      status: 0,
      text: e.message,
      headers: new Headers(),
    }));
    assert.equal(r.status, 413, r.text);
    assert.equal(JSON.parse(r.text).__type, 'RequestEntityTooLargeException');
    const health = await fetch(`${s.url}/health`);
    assert.equal(health.status, 200);
    const pools = await s.sdk.send(new ListUserPoolsCommand({ MaxResults: 1 }));
    assert.equal(pools.$metadata.httpStatusCode, 200);
  });

  it('refuses a chunked body that grows past 1 MiB without reading it all, and keeps serving', async () => {
    const r = await postChunked(s.url, 4 * 1024 * 1024);
    if ('status' in r) {
      assert.equal(r.status, 413);
      assert.equal(r.body.__type, 'RequestEntityTooLargeException');
    } else {
      // The server may hang up while the client is still writing; that, too, refuses the body.
      assert.match(r.error, /EPIPE|ECONNRESET|socket hang up/);
    }
    assert.equal((await fetch(`${s.url}/health`)).status, 200);
    assert.equal((await s.sdk.send(new ListUserPoolsCommand({ MaxResults: 1 }))).$metadata.httpStatusCode, 200);
  });

  it('reads a body just under the limit, and keeps the error header short when the message quotes it', async () => {
    const name = 'a'.repeat(1024 * 1024 - 100);
    const r = await rawCall(s.url, 'CreateUserPool', { PoolName: name });
    assert.equal(r.status, 400);
    assert.equal(r.body.__type, 'InvalidParameterException');
    assert.ok(r.body.message.includes(name));
    assert.match(r.body.message, /Member must have length less than or equal to 128/);
    const header = r.headers.get('x-amzn-errormessage')!;
    assert.ok(header.length <= 1024, `header of ${header.length} characters`);
    assert.ok(header.startsWith("1 validation error detected: Value 'aaaa"));
  });

  it('answers CORS preflights so browsers may call it', async () => {
    const res = await fetch(s.url, {
      method: 'OPTIONS',
      headers: {
        Origin: 'http://localhost:3000',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'content-type,x-amz-target,x-amz-user-agent,cache-control',
      },
    });
    assert.ok(res.status === 200 || res.status === 204);
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    assert.match(res.headers.get('access-control-allow-methods')!, /POST/);
    assert.match(res.headers.get('access-control-allow-headers')!, /x-amz-target/i);
  });

  it('puts Access-Control-Allow-Origin on successes, errors and GETs, and exposes the request id', async () => {
    const ok = await rawCall(s.url, 'ListUserPools', { MaxResults: 1 }, { Origin: 'http://localhost:3000' });
    const bad = await rawCall(s.url, 'ListUserPools', {}, { Origin: 'http://localhost:3000' });
    const health = await fetch(`${s.url}/health`, { headers: { Origin: 'http://localhost:3000' } });
    for (const headers of [ok.headers, bad.headers, health.headers]) {
      assert.equal(headers.get('access-control-allow-origin'), '*');
    }
    assert.match(ok.headers.get('access-control-expose-headers')!, /x-amzn-RequestId/i);
    assert.match(bad.headers.get('access-control-expose-headers')!, /x-amzn-ErrorType/i);
  });

  it('answers GET /health with 200', async () => {
    const res = await fetch(`${s.url}/health`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { status: 'ok' });
  });

  it('answers 404 to paths it does not serve', async () => {
    assert.equal((await fetch(`${s.url}/nope`)).status, 404);
    assert.equal((await fetch(`${s.url}/nope`, { method: 'POST', body: '{}' })).status, 404);
  });

  it('sends a request id on every answer, different each time', async () => {
    const a = await rawCall(s.url, 'ListUserPools', { MaxResults: 1 });
    const b = await rawCall(s.url, 'ListUserPools', { MaxResults: 1 });
    assert.match(a.headers.get('x-amzn-requestid')!, UUID);
    assert.notEqual(a.headers.get('x-amzn-requestid'), b.headers.get('x-amzn-requestid'));
  });

  it('drops __proto__ keys anywhere in the body without polluting prototypes', async () => {
    const body =
      '{"PoolName":"safe","__proto__":{"polluted":"yes"},"UserPoolTags":{"__proto__":{"polluted":"yes"},"team":"a"},' +
      '"Schema":[{"Name":"tier","AttributeDataType":"String","__proto__":{"Required":true}}]}';
    const r = await post(s.url, body, { 'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': `${TARGET}.CreateUserPool` });
    assert.equal(r.status, 200, r.text);
    const pool = JSON.parse(r.text).UserPool;
    assert.deepEqual(pool.UserPoolTags, { team: 'a' });
    assert.equal(pool.SchemaAttributes.find((a: { Name: string }) => a.Name === 'custom:tier').Required, false);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(Object.hasOwn(Object.prototype, 'polluted'), false);
    const described = await s.sdk.send(new DescribeUserPoolCommand({ UserPoolId: pool.Id }));
    assert.deepEqual(described.UserPool!.UserPoolTags, { team: 'a' });
  });

  it('logs one line per request with operation, status and request id', async () => {
    const r = await rawCall(s.url, 'ListUserPools', { MaxResults: 1 });
    const id = r.headers.get('x-amzn-requestid')!;
    assert.ok(
      s.logs.some((l) => l.startsWith('ListUserPools 200 ') && l.includes(id)),
      s.logs.slice(-3).join('\n'),
    );
  });
});

/** A store that breaks where told to, as a full disk or a bug would. */
class BrokenStore extends SqliteStore {
  override async listPools(_limit: number, _after: string | null): Promise<Page<PoolRecord>> {
    throw new Error('disk I/O error in /var/lib/cognate/secret-path');
  }
  override async listMessages(): Promise<never> {
    throw new TypeError('messages table went away');
  }
}

describe('An unexpected failure inside an operation', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer({}, { store: new BrokenStore({ dataDir: ':memory:' }) });
  });
  after(async () => s.close());

  it('is InternalErrorException with HTTP 500, the request id in the message and no stack', async () => {
    const r = await rawCall(s.url, 'ListUserPools', { MaxResults: 10 });
    assert.equal(r.status, 500);
    assert.equal(r.body.__type, 'InternalErrorException');
    const id = r.headers.get('x-amzn-requestid')!;
    assert.match(id, UUID);
    assert.ok(r.body.message.includes(id), r.body.message);
    assert.doesNotMatch(JSON.stringify(r.body), /disk I\/O|secret-path|\n\s+at /);
    assert.equal(r.headers.get('x-amzn-errortype'), 'InternalErrorException:');
  });

  it('is logged with its stack and request id', async () => {
    const r = await rawCall(s.url, 'ListUserPools', { MaxResults: 10 });
    const id = r.headers.get('x-amzn-requestid')!;
    const line = s.logs.find((l) => l.includes(id) && l.includes('disk I/O error'));
    assert.ok(line, 'no log line with the error');
    assert.match(line, /\n\s+at /);
  });

  it('reaches the SDK as InternalErrorException with fault "server"', async () => {
    await assert.rejects(
      s.sdk.send(new ListUserPoolsCommand({ MaxResults: 10 })),
      (e: Error & { $fault?: string; $metadata?: { httpStatusCode?: number } }) => {
        assert.equal(e.name, 'InternalErrorException');
        assert.equal(e.$fault, 'server');
        assert.equal(e.$metadata?.httpStatusCode, 500);
        return true;
      },
    );
  });

  it('leaves the server serving other requests', async () => {
    const pool = await s.sdk.send(new CreateUserPoolCommand({ PoolName: 'still-here' }));
    assert.ok(pool.UserPool!.Id);
    assert.equal((await fetch(`${s.url}/health`)).status, 200);
  });

  it('in a GET document is a 500 with the request id and no stack', async () => {
    const res = await fetch(`${s.url}/_cognate/messages`);
    assert.equal(res.status, 500);
    const id = res.headers.get('x-amzn-requestid')!;
    const text = await res.text();
    assert.ok(text.includes(id), text);
    assert.doesNotMatch(text, /went away|\n\s+at /);
  });
});
