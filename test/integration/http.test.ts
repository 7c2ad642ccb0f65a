import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { startServer, type TestServer } from '../helpers/server.js';

// The HTTP/1.1 front (node:http, strict llhttp), spoken to byte by byte: what real clients send must
// work, and what request smugglers send must be refused and the connection closed.

const TARGET = 'AWSCognitoIdentityProviderService';

interface Answer {
  status: number;
  headers: Map<string, string>;
  body: string;
}

/** Splits a byte stream into the HTTP responses it holds (bodies by Content-Length); `rest` is what is left. */
function parseAnswers(text: string, head = false): { answers: Answer[]; rest: string } {
  const answers: Answer[] = [];
  let at = 0;
  for (;;) {
    const end = text.indexOf('\r\n\r\n', at);
    if (end < 0) break;
    const lines = text.slice(at, end).split('\r\n');
    const status = Number(/^HTTP\/1\.1 (\d{3}) /.exec(lines[0]!)?.[1]);
    const headers = new Map<string, string>();
    for (const l of lines.slice(1)) headers.set(l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim());
    if (!head && headers.get('transfer-encoding') === 'chunked') {
      // Node's own answers (400 to a request without Host, 417) come chunked; ours never do.
      const last = text.indexOf('0\r\n\r\n', end + 4);
      if (last < 0) break;
      answers.push({ status, headers, body: text.slice(end + 4, last) });
      at = last + 5;
      continue;
    }
    const length = head || status === 100 ? 0 : Number(headers.get('content-length') ?? 0);
    if (text.length < end + 4 + length) break;
    answers.push({ status, headers, body: text.slice(end + 4, end + 4 + length) });
    at = end + 4 + length;
  }
  return { answers, rest: text.slice(at) };
}

/**
 * Writes `parts` (one write each) on a new connection and resolves once `count` answers have arrived,
 * telling whether the server then closed the connection.
 */
function exchange(url: string, parts: string[], count: number, opts: { head?: boolean } = {}): Promise<{ answers: Answer[]; closed: boolean }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const sock = connect(Number(port), hostname);
    let text = '';
    let answers: Answer[] = [];
    let settled = false;
    const done = (closed: boolean) => {
      if (settled) return;
      settled = true;
      sock.destroy();
      resolve({ answers, closed });
    };
    sock.on('data', (d) => {
      text += d.toString('latin1');
      answers = parseAnswers(text, opts.head).answers;
      const finals = answers.filter((a) => a.status !== 100);
      // Wait for the close that follows a closing answer; otherwise stop at `count`.
      if (finals.length >= count && finals.at(-1)!.headers.get('connection') !== 'close') done(false);
    });
    sock.on('end', () => done(true));
    sock.on('close', () => done(true));
    sock.on('error', (e) => (settled ? undefined : reject(e)));
    for (const p of parts) sock.write(p);
  });
}

const post = (op: string, body: string, extra = '') =>
  `POST / HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-amz-json-1.1\r\nX-Amz-Target: ${TARGET}.${op}\r\n${extra}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;

describe('the HTTP/1.1 front', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
  });
  after(async () => s.close());

  it('keeps a connection open across requests and says so', async () => {
    const r = await exchange(s.url, [post('ListUserPools', '{"MaxResults":1}'), post('ListUserPools', '{"MaxResults":2}')], 2);
    assert.deepEqual(
      r.answers.map((a) => a.status),
      [200, 200],
    );
    assert.equal(r.answers[0]!.headers.get('connection'), 'keep-alive');
    assert.match(r.answers[0]!.headers.get('date')!, /^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
    assert.equal(r.closed, false);
  });

  it('reads a request split across many small writes', async () => {
    const whole = post('ListUserPools', '{"MaxResults":1}');
    const r = await exchange(s.url, whole.match(/[\s\S]{1,7}/g)!, 1);
    assert.equal(r.answers[0]!.status, 200);
    assert.deepEqual(JSON.parse(r.answers[0]!.body), { UserPools: [] });
  });

  it('reads a chunked body with chunk extensions and trailer fields', async () => {
    const head = `POST / HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-amz-json-1.1\r\nX-Amz-Target: ${TARGET}.ListUserPools\r\nTransfer-Encoding: chunked\r\n\r\n`;
    const r = await exchange(s.url, [head, '5;ext=1\r\n{"Max\r\n', 'b\r\nResults":1}\r\n', '0\r\nX-Trailer: yes\r\n\r\n'], 1);
    assert.equal(r.answers[0]!.status, 200, r.answers[0]!.body);
  });

  it('answers 100 Continue to a client that waits for it before sending the body', async () => {
    const body = '{"MaxResults":1}';
    const head = `POST / HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-amz-json-1.1\r\nX-Amz-Target: ${TARGET}.ListUserPools\r\nExpect: 100-continue\r\nContent-Length: ${body.length}\r\n\r\n`;
    const { hostname, port } = new URL(s.url);
    const statuses = await new Promise<number[]>((resolve, reject) => {
      const sock = connect(Number(port), hostname);
      let text = '';
      sock.on('data', (d) => {
        text += d.toString();
        if (text.startsWith('HTTP/1.1 100 Continue\r\n\r\n') && !text.includes('200 OK')) sock.write(body);
        const { answers } = parseAnswers(text);
        if (answers.some((a) => a.status === 200)) {
          sock.destroy();
          resolve(answers.map((a) => a.status));
        }
      });
      sock.on('error', reject);
      sock.write(head);
    });
    assert.deepEqual(statuses, [100, 200]);
  });

  it('closes after answering an HTTP/1.0 request, and after Connection: close', async () => {
    const old = await exchange(s.url, ['GET /health HTTP/1.0\r\n\r\n'], 1);
    assert.equal(old.answers[0]!.status, 200);
    assert.equal(old.answers[0]!.headers.get('connection'), 'close');
    assert.equal(old.closed, true);
    const closing = await exchange(s.url, [post('ListUserPools', '{"MaxResults":1}', 'Connection: close\r\n')], 1);
    assert.equal(closing.answers[0]!.status, 200);
    assert.equal(closing.closed, true);
    const kept = await exchange(s.url, ['GET /health HTTP/1.0\r\nConnection: keep-alive\r\n\r\n', 'GET /health HTTP/1.0\r\nConnection: keep-alive\r\n\r\n'], 2);
    assert.deepEqual(
      kept.answers.map((a) => a.status),
      [200, 200],
    );
  });

  it('answers a client that half-closed its side after sending its requests, then closes', async () => {
    const { hostname, port } = new URL(s.url);
    const text = await new Promise<string>((resolve, reject) => {
      const sock = connect(Number(port), hostname);
      let got = '';
      sock.on('data', (d) => (got += d.toString()));
      sock.on('end', () => resolve(got));
      sock.on('error', reject);
      sock.end(post('ListUserPools', '{"MaxResults":1}') + post('ListUserPools', '{"MaxResults":2}'));
    });
    assert.deepEqual(
      parseAnswers(text).answers.map((a) => a.status),
      [200, 200],
    );
  });

  it('answers HEAD with the headers of GET and no body', async () => {
    const r = await exchange(s.url, ['HEAD /health HTTP/1.1\r\nHost: x\r\n\r\n', 'GET /health HTTP/1.1\r\nHost: x\r\n\r\n'], 2, { head: true });
    assert.equal(r.answers[0]!.status, 200);
    assert.equal(r.answers[0]!.headers.get('content-length'), String(JSON.stringify({ status: 'ok' }).length));
    // Had the HEAD answer carried a body, the next answer would not start where it does.
    assert.equal(r.answers[1]!.status, 200);
  });

  it('answers many pipelined requests in order, more than it reads ahead', async () => {
    const n = 40;
    const parts = Array.from({ length: n }, (_, i) => post('ListUserPools', `{"MaxResults":${(i % 60) + 1}}`));
    const r = await exchange(s.url, [parts.join('')], n);
    assert.equal(r.answers.length, n);
    assert.ok(r.answers.every((a) => a.status === 200));
  });

  for (const c of [
    { what: 'a header line without a colon', wire: 'GET /health HTTP/1.1\r\nHost: x\r\nnonsense\r\n\r\n', status: 400 },
    { what: 'whitespace before a header colon', wire: 'GET /health HTTP/1.1\r\nHost : x\r\n\r\n', status: 400 },
    { what: 'a folded header line', wire: 'GET /health HTTP/1.1\r\nHost: x\r\nX-A: 1\r\n 2\r\n\r\n', status: 400 },
    { what: 'a control character in a header value', wire: 'GET /health HTTP/1.1\r\nHost: x\r\nX-A: a\x01b\r\n\r\n', status: 400 },
    { what: 'HTTP/1.1 without Host', wire: 'GET /health HTTP/1.1\r\n\r\n', status: 400 },
    { what: 'Content-Length and Transfer-Encoding together', wire: post('ListUserPools', '{}', 'Transfer-Encoding: chunked\r\n'), status: 400 },
    { what: 'two different Content-Lengths', wire: post('ListUserPools', '{}', 'Content-Length: 3\r\n'), status: 400 },
    { what: 'a Content-Length that is not a number', wire: 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2x\r\n\r\n{}', status: 400 },
    { what: 'a transfer coding after chunked', wire: 'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, gzip\r\n\r\n0\r\n\r\n', status: 400 },
    { what: 'a malformed chunk size', wire: 'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n', status: 400 },
    { what: 'a chunk not followed by CRLF', wire: 'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}XX0\r\n\r\n', status: 400 },
    { what: 'a header section over 16 KiB', wire: `GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(17 * 1024)}\r\n\r\n`, status: 431 },
  ]) {
    it(`refuses ${c.what} with ${c.status} and closes the connection`, async () => {
      // A request behind the bad one must not be answered: after a framing error nothing that follows can be trusted.
      const r = await exchange(s.url, [c.wire + 'GET /health HTTP/1.1\r\nHost: x\r\n\r\n'], 1);
      assert.deepEqual(
        r.answers.map((a) => a.status),
        [c.status],
      );
      assert.equal(r.answers[0]!.headers.get('connection'), 'close');
      assert.equal(r.closed, true);
    });
  }

  it('answers an expectation other than 100-continue with 417', async () => {
    const r = await exchange(s.url, ['POST / HTTP/1.1\r\nHost: x\r\nExpect: 200-ok\r\nContent-Length: 2\r\n\r\n{}'], 1);
    assert.deepEqual(
      r.answers.map((a) => a.status),
      [417],
    );
  });

  it('refuses a request whose lines end in bare line feeds instead of waiting for a CRLF', { timeout: 5_000 }, async () => {
    const r = await exchange(s.url, ['GET /health HTTP/1.1\nHost: x\n\n'], 1);
    assert.deepEqual(
      r.answers.map((a) => a.status),
      [400],
    );
    assert.equal(r.closed, true);
  });

  it('answers a smuggling attempt once, and keeps serving others', async () => {
    const smuggle =
      'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /_cognate/messages HTTP/1.1\r\nHost: x\r\n\r\n';
    const r = await exchange(s.url, [smuggle], 1);
    assert.deepEqual(
      r.answers.map((a) => a.status),
      [400],
    );
    assert.equal((await fetch(`${s.url}/health`)).status, 200);
  });

  it('survives random bytes on many connections and keeps serving', async () => {
    // A seeded generator: the same bytes every run.
    let seed = 0x2545f491;
    const next = () => {
      seed = (seed * 1103515245 + 12345) >>> 0;
      return (seed >>> 8) & 0xff;
    };
    const pieces = [
      'POST / HTTP/1.1\r\n',
      'Host: x\r\n',
      'Content-Length: 5\r\n',
      'Transfer-Encoding: chunked\r\n',
      '\r\n',
      '0\r\n',
      '{}',
      ' ',
      ':',
      '\n',
      '\r',
    ];
    const runs = [];
    for (let i = 0; i < 60; i++) {
      let wire = '';
      for (let j = 0; j < 12; j++) wire += next() < 128 ? pieces[next() % pieces.length] : String.fromCharCode(next());
      const { hostname, port } = new URL(s.url);
      runs.push(
        new Promise<void>((resolve) => {
          const sock = connect(Number(port), hostname);
          sock.on('error', () => resolve());
          sock.on('close', () => resolve());
          sock.on('data', (d) => {
            assert.match(d.toString('latin1'), /^HTTP\/1\.1 \d{3} /);
          });
          sock.end(Buffer.from(wire, 'latin1'));
          // The server answers or waits for more; either way the client gives up after its half-close is seen.
          setImmediate(() => setImmediate(() => sock.destroy()));
        }),
      );
    }
    await Promise.all(runs);
    assert.equal((await fetch(`${s.url}/health`)).status, 200);
  });
});

/**
 * Writes `wire` on a new connection and collects everything the server sends until it closes the
 * connection, or until `boundMs` has passed (then `hung` is true and the client hangs up).
 */
function converse(url: string, wire: string | string[], boundMs: number): Promise<{ answers: Answer[]; rest: string; hung: boolean; ms: number }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const sock = connect(Number(port), hostname);
    const started = performance.now();
    let text = '';
    const finish = (hung: boolean) => {
      clearTimeout(bound);
      sock.destroy();
      resolve({ ...parseAnswers(text), hung, ms: performance.now() - started });
    };
    const bound = setTimeout(() => finish(true), boundMs);
    sock.on('data', (d) => (text += d.toString('latin1')));
    sock.on('close', () => finish(false));
    sock.on('error', (e) => (text === '' ? reject(e) : undefined));
    for (const p of Array.isArray(wire) ? wire : [wire]) sock.write(Buffer.from(p, 'latin1'));
  });
}

describe('the HTTP/1.1 front against request smuggling and slow clients', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer({ headersTimeoutMs: 400, requestTimeoutMs: 800 });
  });
  after(async () => s.close());

  const smuggled = 'GET /_cognate/messages HTTP/1.1\r\nHost: x\r\n\r\n';
  const chunkedPost = (te: string, body: string) =>
    `POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-amz-json-1.1\r\nX-Amz-Target: ${TARGET}.ListUserPools\r\nTransfer-Encoding: ${te}\r\n\r\n${body}`;

  for (const [what, suffix] of [
    ['a vertical tab', '\x0b'],
    ['a form feed', '\x0c'],
    ['a no-break space', '\xa0'],
    ['a stray carriage return', '\r'],
  ]) {
    it(`answers Transfer-Encoding: chunked followed by ${what}, then a smuggled request, once with 400`, async () => {
      const r = await converse(s.url, chunkedPost(`chunked${suffix}`, '0\r\n\r\n') + smuggled, 3_000);
      assert.deepEqual(
        r.answers.map((a) => a.status),
        [400],
      );
      assert.equal(r.hung, false);
    });
  }

  for (const [what, trailer] of [
    ['a bare line feed', 'X-T: y\n'],
    ['a NUL byte', 'X-T: y\x00z\r\n'],
    ['no colon', 'nonsense\r\n'],
  ]) {
    it(`refuses a trailer field with ${what} with 400 and answers nothing behind it`, async () => {
      const r = await converse(s.url, chunkedPost('chunked', `10\r\n{"MaxResults":1}\r\n0\r\n${trailer}\r\n`) + smuggled, 3_000);
      assert.deepEqual(
        r.answers.map((a) => a.status),
        [400],
      );
      assert.equal(r.hung, false);
    });
  }

  it('refuses a last chunk ended by bare line feeds with 400 instead of waiting', async () => {
    const r = await converse(s.url, chunkedPost('chunked', '10\r\n{"MaxResults":1}\r\n0\n\n'), 3_000);
    assert.deepEqual(
      r.answers.map((a) => a.status),
      [400],
    );
    assert.equal(r.hung, false);
  });

  /**
   * Sends `first`, then one byte of `drip(i)` every 20 ms until the server closes the connection (or
   * 5 s pass); resolves with everything the server said and how long it took.
   */
  const trickle = (first: string, drip: (i: number) => string) =>
    new Promise<{ text: string; ms: number }>((resolve) => {
      const { hostname, port } = new URL(s.url);
      const sock = connect(Number(port), hostname);
      const started = performance.now();
      let at = 0;
      let text = '';
      if (first) sock.write(first);
      const timer = setInterval(() => {
        if (!sock.destroyed) sock.write(drip(at++));
      }, 20);
      const bound = setTimeout(() => sock.destroy(), 5_000);
      sock.on('data', (d) => (text += d.toString('latin1')));
      sock.on('error', () => {});
      sock.on('close', () => {
        clearInterval(timer);
        clearTimeout(bound);
        resolve({ text, ms: performance.now() - started });
      });
    });

  it('cuts off a header sent one byte at a time at the header deadline', async () => {
    const header = `GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: ${'a'.repeat(10_000)}`;
    const result = await trickle('', (i) => header[i % header.length]!);
    assert.match(result.text, /^HTTP\/1\.1 408 /);
    assert.ok(result.ms < 4_000, `cut after ${result.ms} ms`);
  });

  it('cuts off a body sent one byte at a time at the request deadline', async () => {
    const head = `POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-amz-json-1.1\r\nX-Amz-Target: ${TARGET}.ListUserPools\r\nContent-Length: 100000\r\n\r\n`;
    const result = await trickle(head, () => ' ');
    assert.match(result.text, /^HTTP\/1\.1 408 /);
    assert.ok(result.ms < 4_000, `cut after ${result.ms} ms`);
  });

  it('stops reading a body at the limit as it streams in, answers 413 and closes', async () => {
    const head = `POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-amz-json-1.1\r\nX-Amz-Target: ${TARGET}.ListUserPools\r\nTransfer-Encoding: chunked\r\n\r\n`;
    const chunk = 'a'.repeat(64 * 1024);
    // 1.25 MiB, and the body never ends: only a server that counts as it reads can answer.
    const parts = [head, ...Array.from({ length: 20 }, () => `${chunk.length.toString(16)}\r\n${chunk}\r\n`)];
    const r = await converse(s.url, parts, 3_000);
    assert.deepEqual(
      r.answers.map((a) => a.status),
      [413],
    );
    assert.equal(JSON.parse(r.answers[0]!.body).__type, 'RequestEntityTooLargeException');
    assert.equal(r.answers[0]!.headers.get('connection'), 'close');
    assert.equal(r.hung, false);
  });
});
