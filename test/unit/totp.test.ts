import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { base32Decode, base32Encode, matchingTotpSteps, totpCode, totpStep } from '../../src/domain/totp.js';

// RFC 6238 appendix B, SHA-1 rows, truncated to the 6 digits authenticator apps show.
const RFC_SECRET = base32Encode(Buffer.from('12345678901234567890', 'ascii'));
const VECTORS: Array<[number, string]> = [
  [59, '287082'],
  [1111111109, '081804'],
  [1111111111, '050471'],
  [1234567890, '005924'],
  [2000000000, '279037'],
  [20000000000, '353130'],
];

describe('TOTP (RFC 6238)', () => {
  it('encodes the RFC test secret as GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ and decodes it back', () => {
    assert.equal(RFC_SECRET, 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
    assert.equal(base32Decode(RFC_SECRET.toLowerCase()).toString('ascii'), '12345678901234567890');
  });

  for (const [t, code] of VECTORS) {
    it(`computes ${code} at T=${t} as the RFC's SHA-1 vector does`, () => {
      assert.equal(totpCode(RFC_SECRET, totpStep(new Date(t * 1000))), code);
    });
  }

  it('matches within one step either side of now and not two', () => {
    const now = new Date(1234567890 * 1000);
    const step = totpStep(now);
    assert.deepEqual(matchingTotpSteps(RFC_SECRET, totpCode(RFC_SECRET, step - 1), now), [step - 1]);
    assert.deepEqual(matchingTotpSteps(RFC_SECRET, totpCode(RFC_SECRET, step + 1), now), [step + 1]);
    assert.deepEqual(matchingTotpSteps(RFC_SECRET, totpCode(RFC_SECRET, step - 2), now), []);
    assert.deepEqual(matchingTotpSteps(RFC_SECRET, '12345', now), []);
  });
});
