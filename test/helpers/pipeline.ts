import { connect } from 'node:net';

/** One AWS JSON 1.1 call to send on a shared connection. */
export interface PipelinedCall {
  operation: string;
  body: unknown;
}

/** An answer read back from the connection. */
export interface PipelinedAnswer {
  status: number;
  body: any;
}

/**
 * Sends every call on one keep-alive connection in a single write (HTTP/1.1 pipelining) and reads the
 * answers back in order. The server receives them all before it has answered any: the way a client
 * makes requests of one user interleave inside the server.
 */
export async function pipeline(url: string, calls: PipelinedCall[]): Promise<PipelinedAnswer[]> {
  const { hostname, port } = new URL(url);
  const wire = calls
    .map(({ operation, body }) => {
      const text = JSON.stringify(body);
      return (
        `POST / HTTP/1.1\r\nHost: ${hostname}:${port}\r\nContent-Type: application/x-amz-json-1.1\r\n` +
        `X-Amz-Target: AWSCognitoIdentityProviderService.${operation}\r\nContent-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`
      );
    })
    .join('');
  const socket = connect(Number(port), hostname === 'localhost' ? '127.0.0.1' : hostname.replace(/^\[|\]$/g, ''));
  const answers: PipelinedAnswer[] = [];
  let buffer = Buffer.alloc(0);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`only ${answers.length} of ${calls.length} pipelined answers arrived`));
    }, 30_000);
    socket.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    socket.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        const end = buffer.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = buffer.subarray(0, end).toString('latin1');
        const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? 0);
        if (buffer.length < end + 4 + length) return;
        const body = buffer.subarray(end + 4, end + 4 + length).toString('utf8');
        answers.push({ status: Number(head.slice(9, 12)), body: body ? JSON.parse(body) : null });
        buffer = buffer.subarray(end + 4 + length);
        if (answers.length === calls.length) {
          clearTimeout(timer);
          socket.end();
          resolve(answers);
          return;
        }
      }
    });
    socket.write(wire);
  });
}
