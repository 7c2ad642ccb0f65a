import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { groupConfiguration, tokenOverride } from '../../src/domain/token-overrides.js';
import { InvalidLambdaResponseException } from '../../src/errors.js';
import type { GroupRecord } from '../../src/store/store.js';

const ADMIN = 'aws.cognito.signin.user.admin';
const v1 = (claimsOverrideDetails: unknown) => tokenOverride('V1_0', { claimsOverrideDetails }, [ADMIN]);
const v2 = (claimsAndScopeOverrideDetails: unknown) => tokenOverride('V2_0', { claimsAndScopeOverrideDetails }, [ADMIN]);
const unrecognizable = (e: unknown) => e instanceof InvalidLambdaResponseException && e.message === 'Unrecognizable lambda output';

function group(name: string, precedence: number | null, roleArn: string | null): GroupRecord {
  return { name, precedence, roleArn } as GroupRecord;
}

describe('the rules of a pre token generation answer', () => {
  it('changes nothing when the answer leaves its details null or out, in every version', () => {
    assert.deepEqual(v1(null), { edits: {}, ignored: [] });
    assert.deepEqual(tokenOverride('V1_0', {}, [ADMIN]), { edits: {}, ignored: [] });
    assert.deepEqual(v2(null), { edits: {}, ignored: [] });
    assert.deepEqual(tokenOverride('V3_0', {}, [ADMIN]), { edits: {}, ignored: [] });
  });

  it('V1_0 edits the ID token only, and keeps the groups when groupOverrideDetails is null', () => {
    const { edits } = v1({ claimsToAddOrOverride: { tenant: 'acme' }, claimsToSuppress: ['email'], groupOverrideDetails: null });
    assert.deepEqual(edits, { id: { set: { tenant: 'acme' }, remove: ['email'] } });
  });

  it('a claim both added and suppressed is suppressed', () => {
    assert.deepEqual(v1({ claimsToAddOrOverride: { nick: 'x' }, claimsToSuppress: ['nick'] }).edits.id, { set: {}, remove: ['nick'] });
  });

  it('a null value in claimsToAddOrOverride changes nothing', () => {
    assert.deepEqual(v1({ claimsToAddOrOverride: { nick: null } }).edits.id, { set: {}, remove: [] });
  });

  it('V1_0 takes string values only; other shapes make the answer unrecognizable', () => {
    assert.throws(() => v1({ claimsToAddOrOverride: { level: 3 } }), unrecognizable);
    assert.throws(() => v1('yes'), unrecognizable);
    assert.throws(() => v1({ claimsToAddOrOverride: ['a'] }), unrecognizable);
    assert.throws(() => v1({ claimsToSuppress: 'email' }), unrecognizable);
    assert.throws(() => v1({ claimsToSuppress: [1] }), unrecognizable);
    assert.throws(() => v1({ groupOverrideDetails: { groupsToOverride: 'admins' } }), unrecognizable);
    assert.throws(() => v1({ groupOverrideDetails: { preferredRole: 7 } }), unrecognizable);
    assert.throws(() => v2({ accessTokenGeneration: { scopesToAdd: 'a b' } }), unrecognizable);
    assert.throws(() => v2({ idTokenGeneration: [] }), unrecognizable);
  });

  it('V2_0 takes any JSON value, except complex ones for the four scalar ID-token claims', () => {
    const { edits } = v2({ accessTokenGeneration: { claimsToAddOrOverride: { n: 1, b: false, a: [1, 'x'], o: { k: 'v' } } } });
    assert.deepEqual(edits.access?.set, { n: 1, b: false, a: [1, 'x'], o: { k: 'v' } });
    assert.deepEqual(v2({ idTokenGeneration: { claimsToAddOrOverride: { email_verified: false, updated_at: 5 } } }).edits.id?.set, {
      email_verified: false,
      updated_at: 5,
    });
    for (const claim of ['phone_number_verified', 'email_verified', 'updated_at', 'address']) {
      assert.throws(() => v2({ idTokenGeneration: { claimsToAddOrOverride: { [claim]: { x: 1 } } } }), unrecognizable, claim);
    }
    assert.deepEqual(v2({ accessTokenGeneration: { claimsToAddOrOverride: { address: { x: 1 } } } }).edits.access?.set, { address: { x: 1 } });
  });

  it('leaves the fixed claims alone and says so: the guide list in both tokens, client_id, username and scope in the access token, cognito:* in both', () => {
    const { edits, ignored } = v2({
      idTokenGeneration: { claimsToAddOrOverride: { sub: 'x', 'cognito:groups': ['a'], username: 'ok-in-id' }, claimsToSuppress: ['iss', 'cognito:roles'] },
      accessTokenGeneration: { claimsToAddOrOverride: { client_id: 'x', username: 'x', scope: 'x', event_id: 'e' }, claimsToSuppress: ['jti', 'origin_jti'] },
    });
    assert.deepEqual(edits.id, { set: { username: 'ok-in-id' }, remove: [] });
    assert.deepEqual(edits.access, { set: { event_id: 'e' }, remove: [] });
    assert.equal(ignored.length, 9);
    assert.ok(ignored.includes('claimsToAddOrOverride "sub" in the ID token (a claim no trigger may change)'));
    assert.ok(ignored.includes('claimsToSuppress "origin_jti" in the access token (a claim no trigger may change)'));
  });

  it('scopes: added after the existing ones once each, suppressed last, blank-space ones dropped, the claim left out when none remain', () => {
    assert.deepEqual(v2({ accessTokenGeneration: { scopesToAdd: ['b', 'a', 'b', ADMIN], scopesToSuppress: ['a'] } }).edits.access?.set, {
      scope: `${ADMIN} b`,
    });
    const spaced = v2({ accessTokenGeneration: { scopesToAdd: ['two words', ''] } });
    assert.deepEqual(spaced.edits.access?.set, { scope: ADMIN });
    assert.equal(spaced.ignored.length, 2);
    assert.deepEqual(v2({ accessTokenGeneration: { scopesToSuppress: [ADMIN] } }).edits.access, { set: {}, remove: ['scope'] });
  });

  it('groupOverrideDetails replaces the group claims of both tokens member by member; {} removes them all', () => {
    const full = v2({ groupOverrideDetails: { groupsToOverride: ['g'], iamRolesToOverride: ['r'], preferredRole: 'r' } }).edits;
    assert.deepEqual(full.id, {
      remove: ['cognito:groups', 'cognito:roles', 'cognito:preferred_role'],
      set: { 'cognito:groups': ['g'], 'cognito:roles': ['r'], 'cognito:preferred_role': 'r' },
    });
    assert.deepEqual(full.access, { remove: ['cognito:groups'], set: { 'cognito:groups': ['g'] } });
    const none = v1({ groupOverrideDetails: {} }).edits;
    assert.deepEqual(none.id?.set, {});
    assert.deepEqual(none.access, { remove: ['cognito:groups'], set: {} });
  });

  it("describes the user's groups as Cognito's groupConfiguration does", () => {
    assert.deepEqual(groupConfiguration([]), { groupsToOverride: [], iamRolesToOverride: [], preferredRole: null });
    assert.deepEqual(groupConfiguration([group('b', 2, 'arn:b'), group('a', 1, null), group('c', null, 'arn:c')]), {
      groupsToOverride: ['a', 'b', 'c'],
      iamRolesToOverride: ['arn:b', 'arn:c'],
      preferredRole: 'arn:b',
    });
  });
});
