import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useBoto3Driver } from '../helpers/boto3.js';
import { skipWithoutBoto3 } from '../helpers/tools.js';

describe('boto3 against cognate: a passwordless USER_AUTH sign-in', { skip: skipWithoutBoto3 }, () => {
  let summary: Record<string, any>;
  useBoto3Driver('boto3_user_auth.py', (got) => {
    summary = got;
  });

  it('parses SELECT_CHALLENGE with AvailableChallenges from InitiateAuth', () => {
    assert.deepEqual(summary.select, {
      ChallengeName: 'SELECT_CHALLENGE',
      AvailableChallenges: ['PASSWORD', 'PASSWORD_SRP', 'EMAIL_OTP'],
      ChallengeParameters: {},
    });
  });

  it('answers ANSWER=EMAIL_OTP with the EMAIL_OTP challenge and signs in with the code from the outbox', () => {
    assert.deepEqual(summary.sent, {
      ChallengeName: 'EMAIL_OTP',
      ChallengeParameters: { CODE_DELIVERY_DELIVERY_MEDIUM: 'EMAIL', CODE_DELIVERY_DESTINATION: 'b***@e***' },
    });
    assert.deepEqual(summary.tokens, ['AccessToken', 'IdToken', 'RefreshToken']);
    assert.equal(summary.username, 'bob');
  });

  it('parses the refusal of a client without ALLOW_USER_AUTH as a modelled InvalidParameterException', () => {
    assert.deepEqual(summary.refused, { Code: 'InvalidParameterException', Message: 'USER_AUTH flow not enabled for this client', IsModeledClass: true });
  });
});
