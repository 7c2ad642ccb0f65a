/** Exact answers for the bugs the fuzzer (fuzz.test.ts) found, so each stays fixed by name. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { signedInUser, type SignedInUser } from '../helpers/fixtures.js';
import { rawCall, startServer, type TestServer } from '../helpers/server.js';

describe('robustness regressions', () => {
  let s: TestServer;
  let u: SignedInUser;
  before(async () => {
    s = await startServer();
    u = await signedInUser(s.sdk);
  });
  after(async () => s.close());

  it('rejects a null element of MFAOptions with InvalidParameterException rather than a 500', async () => {
    const r = await rawCall(s.url, 'SetUserSettings', { AccessToken: u.accessToken, MFAOptions: [null] });
    assert.equal(r.status, 400);
    assert.deepEqual(r.body, {
      __type: 'InvalidParameterException',
      message: "1 validation error detected: Value null at 'mFAOptions.1.member' failed to satisfy constraint: Member must not be null",
    });
  });

  it('names every null element of UserAttributes in one InvalidParameterException', async () => {
    const r = await rawCall(s.url, 'AdminCreateUser', { UserPoolId: u.poolId, Username: 'nulls', UserAttributes: [{ Name: 'name', Value: 'x' }, null, null] });
    assert.equal(r.status, 400);
    assert.equal(r.body.__type, 'InvalidParameterException');
    assert.equal(
      r.body.message,
      '2 validation errors detected: ' +
        "Value null at 'userAttributes.2.member' failed to satisfy constraint: Member must not be null; " +
        "Value null at 'userAttributes.3.member' failed to satisfy constraint: Member must not be null",
    );
  });

  it('answers RevokeToken for an unknown client with UnauthorizedException, which its model lists', async () => {
    const r = await rawCall(s.url, 'RevokeToken', { Token: u.refreshToken, ClientId: 'a'.repeat(26) });
    assert.equal(r.status, 400);
    assert.deepEqual(r.body, { __type: 'UnauthorizedException', message: `User pool client ${'a'.repeat(26)} does not exist.` });
  });
});
