/**
 * TLS and proxies: certificate verification with --ca-bundle / AWS_CA_BUNDLE / --no-verify-ssl against a
 * local HTTPS server (a throw-away CA made with openssl), and HTTPS_PROXY / HTTP_PROXY / NO_PROXY.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { baseEnv, caseDir, cognate } from './helpers.js';

function haveOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const ARGS = ['cognito-idp', 'set-user-settings', '--access-token', 'T', '--mfa-options', 'DeliveryMedium=SMS'];

describe('TLS and proxies', { skip: haveOpenssl() ? false : 'openssl is not installed' }, () => {
  let dir: string;
  let https: Server;
  let httpsUrl: string;
  const bodies: string[] = [];

  before(async () => {
    dir = caseDir();
    const o = (...a: string[]) => execFileSync('openssl', a, { cwd: dir, stdio: 'ignore' });
    o('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=cognate test CA');
    o('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'leaf.key', '-out', 'leaf.csr', '-subj', '/CN=127.0.0.1');
    writeFileSync(join(dir, 'ext.cnf'), 'subjectAltName=IP:127.0.0.1\n');
    o('x509', '-req', '-in', 'leaf.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'leaf.pem', '-days', '2', '-extfile', 'ext.cnf');
    https = createHttpsServer({ key: readFileSync(join(dir, 'leaf.key')), cert: readFileSync(join(dir, 'leaf.pem')) }, (req, res) => {
      let b = '';
      req.on('data', (d) => (b += d));
      req.on('end', () => {
        bodies.push(b);
        res.writeHead(200, { 'Content-Type': 'application/x-amz-json-1.1' });
        res.end('{}');
      });
    });
    https.listen(0, '127.0.0.1');
    await once(https, 'listening');
    httpsUrl = `https://127.0.0.1:${(https.address() as { port: number }).port}`;
  });
  after(async () => {
    https.closeAllConnections();
    await new Promise((r) => https.close(r));
  });

  it('refuses a certificate from an unknown CA', async () => {
    const r = await cognate([...ARGS, '--endpoint-url', httpsUrl], dir, baseEnv(dir, { AWS_MAX_ATTEMPTS: '1' }));
    assert.equal(r.code, 255);
    assert.equal(
      r.stderr,
      `\nSSL validation failed for ${httpsUrl}/ [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get local issuer certificate (_ssl.c:992)\n`,
    );
  });
  it('trusts the CA given by --ca-bundle, AWS_CA_BUNDLE or the profile', async () => {
    let r = await cognate([...ARGS, '--endpoint-url', httpsUrl, '--ca-bundle', 'ca.pem'], dir, baseEnv(dir));
    assert.equal(r.code, 0, r.stderr);
    r = await cognate([...ARGS, '--endpoint-url', httpsUrl], dir, baseEnv(dir, { AWS_CA_BUNDLE: join(dir, 'ca.pem') }));
    assert.equal(r.code, 0, r.stderr);
    writeFileSync(join(dir, 'home', '.aws', 'config'), `[default]\nca_bundle = ${join(dir, 'ca.pem')}\n`);
    r = await cognate([...ARGS, '--endpoint-url', httpsUrl], dir, baseEnv(dir));
    writeFileSync(join(dir, 'home', '.aws', 'config'), '');
    assert.equal(r.code, 0, r.stderr);
  });
  it('skips verification with --no-verify-ssl, even with a bad --ca-bundle', async () => {
    const r = await cognate([...ARGS, '--endpoint-url', httpsUrl, '--no-verify-ssl', '--ca-bundle', '/nonexistent.pem'], dir, baseEnv(dir));
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '');
  });
  it('reports a missing CA bundle', async () => {
    const r = await cognate([...ARGS, '--endpoint-url', httpsUrl, '--ca-bundle', '/nonexistent.pem'], dir, baseEnv(dir, { AWS_MAX_ATTEMPTS: '1' }));
    assert.equal(r.code, 255);
    assert.equal(r.stderr, `\nSSL validation failed for ${httpsUrl}/ [Errno 2] No such file or directory\n`);
  });

  describe('proxies', () => {
    let proxy: Server;
    let proxyUrl: string;
    const seen: string[] = [];
    before(async () => {
      proxy = createHttpServer((req, res) => {
        seen.push(`${req.method} ${req.url}`);
        req.resume();
        req.on('end', () => {
          res.writeHead(200, { 'Content-Type': 'application/x-amz-json-1.1' });
          res.end('{}');
        });
      });
      proxy.on('connect', (req, socket) => {
        seen.push(`CONNECT ${req.url}`);
        socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      });
      proxy.listen(0, '127.0.0.1');
      await once(proxy, 'listening');
      proxyUrl = `http://127.0.0.1:${(proxy.address() as { port: number }).port}`;
    });
    after(async () => {
      proxy.closeAllConnections();
      await new Promise((r) => proxy.close(r));
    });

    it('tunnels to the default AWS endpoint of the region through HTTPS_PROXY', async () => {
      seen.length = 0;
      const r = await cognate([...ARGS, '--region', 'eu-west-1'], dir, baseEnv(dir, { HTTPS_PROXY: proxyUrl, AWS_MAX_ATTEMPTS: '1' }));
      assert.equal(r.code, 255);
      assert.equal(r.stderr, `\nFailed to connect to proxy URL: "${proxyUrl}"\n`);
      assert.deepEqual(seen, ['CONNECT cognito-idp.eu-west-1.amazonaws.com:443']);
    });
    it('prefers AWS_REGION to AWS_DEFAULT_REGION and the FIPS host when asked', async () => {
      seen.length = 0;
      await cognate(ARGS, dir, baseEnv(dir, { HTTPS_PROXY: proxyUrl, AWS_MAX_ATTEMPTS: '1', AWS_REGION: 'ap-south-1', AWS_DEFAULT_REGION: 'us-west-2' }));
      await cognate(ARGS, dir, baseEnv(dir, { HTTPS_PROXY: proxyUrl, AWS_MAX_ATTEMPTS: '1', AWS_USE_FIPS_ENDPOINT: 'true' }));
      assert.deepEqual(seen, ['CONNECT cognito-idp.ap-south-1.amazonaws.com:443', 'CONNECT cognito-idp-fips.us-east-1.amazonaws.com:443']);
    });
    it('sends plain HTTP through HTTP_PROXY in absolute form, unless NO_PROXY matches', async () => {
      seen.length = 0;
      const target = 'http://127.0.0.1:9/';
      let r = await cognate([...ARGS, '--endpoint-url', target], dir, baseEnv(dir, { HTTP_PROXY: proxyUrl }));
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(seen, [`POST ${target}`]);
      r = await cognate([...ARGS, '--endpoint-url', target], dir, baseEnv(dir, { HTTP_PROXY: proxyUrl, NO_PROXY: '127.0.0.1', AWS_MAX_ATTEMPTS: '1' }));
      assert.equal(r.code, 255);
      assert.equal(r.stderr, `\nCould not connect to the endpoint URL: "${target}"\n`);
    });
  });
});
