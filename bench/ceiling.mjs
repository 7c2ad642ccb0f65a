#!/usr/bin/env node
// The ceiling: a bare node:http server that reads the request body and answers {} with the same headers
// cognate sends. Whatever cognate does beyond this is what the benchmark ratio measures.
import { createServer } from 'node:http';
import { randomUUID } from 'node:crypto';

const port = Number(process.argv[2] ?? 9230);
createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = '{}';
    res.writeHead(200, {
      'Access-Control-Allow-Origin': '*',
      'Access-Control-Expose-Headers': 'x-amzn-RequestId,x-amzn-ErrorType,x-amzn-ErrorMessage,Date',
      'Content-Type': 'application/x-amz-json-1.1',
      'Content-Length': Buffer.byteLength(body),
      'x-amzn-RequestId': randomUUID(),
    });
    res.end(body);
  });
}).listen(port, '127.0.0.1');
process.on('SIGTERM', () => process.exit(0));
process.on('SIGINT', () => process.exit(0));
