import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import { describe, it } from 'node:test';
import { Http1Server } from '../../src/protocol/http1.js';

/**
 * A socket stand-in whose writes can be made to report a full buffer, as a client that stops reading
 * its answers causes; it records what the server wrote and whether it is reading.
 */
class FakeSocket extends EventEmitter {
  written = '';
  full = false;
  reading = true;
  ended = false;
  setNoDelay(): this { return this; }
  setTimeout(): this { return this; }
  pause(): this { this.reading = false; return this; }
  resume(): this { this.reading = true; return this; }
  write(data: string): boolean { this.written += data; return !this.full; }
  end(data?: string): this { if (data) this.written += data; this.ended = true; return this; }
  destroy(): this { this.emit('close'); return this; }
}

const request = (n: number) => `GET /n${n} HTTP/1.1\r\nHost: x\r\n\r\n`;
const answers = (text: string) => [...text.matchAll(/HTTP\/1\.1 200 OK[\s\S]*?\r\n\r\n(n\d+)/g)].map((m) => m[1]);
/** Lets the turn of the event loop end, so the server writes what it has answered. */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('the HTTP/1.1 server under back-pressure', () => {
  it('stops reading requests while the client is not reading answers, and goes on once it drains', async () => {
    const server = new Http1Server((req, res) => res.send(200, [], req.url.slice(1)), { maxBodyBytes: 1024, onError: (e) => { throw e; } });
    const socket = new FakeSocket();
    server.accept(socket as unknown as Socket);

    socket.emit('data', Buffer.from(request(1)));
    socket.full = true;
    await turn();
    assert.deepEqual(answers(socket.written), ['n1']);
    assert.equal(socket.reading, false, 'a full buffer pauses reading');

    // Bytes already on their way when reading paused are still answered (the kernel keeps the answers).
    socket.emit('data', Buffer.from(request(2) + request(3)));
    await turn();
    assert.deepEqual(answers(socket.written), ['n1', 'n2', 'n3']);
    assert.equal(socket.reading, false, 'still paused: no drain yet');

    socket.full = false;
    socket.emit('drain');
    await turn();
    assert.equal(socket.reading, true, 'drained, it reads again');
    socket.emit('data', Buffer.from(request(4)));
    await turn();
    assert.deepEqual(answers(socket.written), ['n1', 'n2', 'n3', 'n4']);
  });

  it('reads no further than its pipelining bound until answers go out, then catches up', async () => {
    let held: Array<() => void> = [];
    const server = new Http1Server((req, res) => held.push(() => res.send(200, [], req.url.slice(1))), { maxBodyBytes: 1024, onError: (e) => { throw e; } });
    const socket = new FakeSocket();
    server.accept(socket as unknown as Socket);

    socket.emit('data', Buffer.from(Array.from({ length: 20 }, (_, i) => request(i + 1)).join('')));
    assert.equal(held.length, 16, 'sixteen requests are read ahead, no more');
    assert.equal(socket.reading, false);

    const release = held;
    held = [];
    for (const answer of release) answer();
    await turn();
    assert.equal(held.length, 4, 'the rest are read once the answers are written');
    for (const answer of held) answer();
    await turn();
    assert.deepEqual(answers(socket.written), Array.from({ length: 20 }, (_, i) => `n${i + 1}`));
  });
});
