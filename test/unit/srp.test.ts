import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { k, makeVerifier, modPowBigInt, modPowN, N, padHex, parseSrpTimestamp, serverB, serverKey, srpTimestamp } from '../../src/domain/srp.js';
import { acijsHelper, clientKey, FastSrpClient, largeA, nowString } from '../helpers/srp-client.js';

const POOL = 'us-east-1_AbCdEfGhI';

function handshake(password: string, salt: Buffer, clientPassword = password): { server: Buffer | null; client: Buffer } {
  const helper = acijsHelper(POOL);
  const A = BigInt(`0x${largeA(helper)}`);
  const v = makeVerifier(POOL, 'alice', password, salt);
  const b = BigInt(`0x${randomBytes(32).toString('hex')}`);
  const B = serverB(v.verifier, b);
  return { server: serverKey(A, B, b, v.verifier), client: Buffer.from(clientKey(helper, 'alice', clientPassword, B.toString(16), v.salt)) };
}

describe('SRP as Cognito and amazon-cognito-identity-js run it', () => {
  it('uses the RFC 5054 3072-bit group and the same k as amazon-cognito-identity-js', () => {
    const helper = acijsHelper(POOL);
    assert.equal(N.toString(16), helper.N.toString(16));
    assert.equal(N.toString(2).length, 3072);
    assert.equal(k.toString(16), helper.k.toString(16));
  });

  it('pads hex as Cognito does: even length, and a 00 byte before a set top bit', () => {
    assert.equal(padHex(0x7fn), '7f');
    assert.equal(padHex(0x80n), '0080');
    assert.equal(padHex(0xabcn), '0abc');
    assert.equal(padHex(0x8abcn), '008abc');
  });

  it('computes modular powers with OpenSSL that agree with BigInt square-and-multiply, edge bases included', () => {
    for (let i = 0; i < 20; i++) {
      const base = BigInt(`0x${randomBytes(384).toString('hex')}`) % N;
      const exp = BigInt(`0x${randomBytes(32).toString('hex')}`);
      assert.equal(modPowN(base, exp), modPowBigInt(base, exp, N));
    }
    for (const base of [0n, 1n, 2n, N - 1n, N, N + 5n]) assert.equal(modPowN(base, 12345n), modPowBigInt(base, 12345n, N));
    assert.equal(modPowN(7n, 0n), 1n);
  });

  it('derives the same key as the unmodified client for the right password', () => {
    const { server, client } = handshake('Passw0rd!', randomBytes(16));
    assert.ok(server);
    assert.equal(server.length, 16);
    assert.deepEqual(server, client);
  });

  it('derives the same key when the salt starts with a zero byte or a high bit', () => {
    for (const first of [0x00, 0x80, 0xff]) {
      const salt = Buffer.concat([Buffer.from([first]), randomBytes(15)]);
      const { server, client } = handshake('Passw0rd!', salt);
      assert.deepEqual(server, client);
    }
  });

  it("derives the same key in the tests' fast client as in amazon-cognito-identity-js, so integration tests can use it", () => {
    const v = makeVerifier(POOL, 'alice', 'Passw0rd!', randomBytes(16));
    const fast = new FastSrpClient(POOL);
    const b = BigInt(`0x${randomBytes(32).toString('hex')}`);
    const B = serverB(v.verifier, b);
    assert.deepEqual(fast.key('alice', 'Passw0rd!', B.toString(16), v.salt), serverKey(fast.A, B, b, v.verifier));
  });

  it('derives a different key for a wrong password', () => {
    const { server, client } = handshake('Passw0rd!', randomBytes(16), 'Passw0rd?');
    assert.notDeepEqual(server, client);
  });

  it('refuses A = 0 mod N', () => {
    const v = makeVerifier(POOL, 'alice', 'pw', randomBytes(16));
    assert.equal(serverKey(N, serverB(v.verifier, 5n), 5n, v.verifier), null);
    assert.equal(serverKey(0n, serverB(v.verifier, 5n), 5n, v.verifier), null);
  });

  it('formats TIMESTAMP as "ddd MMM d HH:mm:ss UTC yyyy" with an unpadded day, and parses what the client sends', () => {
    assert.equal(srpTimestamp(new Date(Date.UTC(2023, 8, 5, 7, 3, 9))), 'Tue Sep 5 07:03:09 UTC 2023');
    assert.equal(srpTimestamp(new Date(Date.UTC(2026, 10, 26, 23, 59, 0))), 'Thu Nov 26 23:59:00 UTC 2026');
    assert.ok(parseSrpTimestamp(nowString()));
    assert.deepEqual(parseSrpTimestamp('Tue Sep 5 07:03:09 UTC 2023'), new Date(Date.UTC(2023, 8, 5, 7, 3, 9)));
    assert.equal(parseSrpTimestamp('Tue Sep 05 07:03:09 UTC 2023'), null);
    assert.equal(parseSrpTimestamp('Wed Sep 5 07:03:09 UTC 2023'), null);
    assert.equal(parseSrpTimestamp('2023-09-05T07:03:09Z'), null);
  });
});
