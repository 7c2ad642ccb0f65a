import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TestServer } from '../helpers/server.js';
import { skipWithoutBoto3 } from '../helpers/tools.js';
import { useBoto3Driver } from '../helpers/boto3.js';

const SMS = [{ AttributeName: 'phone_number', DeliveryMedium: 'SMS' }];

interface BotoError {
  Code: string;
  Message: string;
  HTTPStatusCode: number;
  RequestId: string;
  ExceptionClass: string;
  IsModeledClass: boolean;
  Str: string;
}

describe('boto3 against cognate', { skip: skipWithoutBoto3 }, () => {
  let s: TestServer;
  let summary: Record<string, any>;
  useBoto3Driver('boto3_flow.py', (got, server) => {
    summary = got;
    s = server;
  });

  it('runs the flow: pool, client, user, set_user_settings on, SMS_MFA with the outbox code, and off again', () => {
    assert.match(summary.boto3, /^1\./);
    assert.match(summary.poolId, /^us-east-1_[0-9a-zA-Z]{9}$/);
    assert.equal(summary.poolMfaConfiguration, 'OPTIONAL');
    assert.match(summary.clientId, /^[a-z0-9]{26}$/);
    assert.equal(summary.createdStatus, 'FORCE_CHANGE_PASSWORD');
    assert.equal(summary.firstSignInChallenge, null);
    assert.equal(summary.setUserSettingsStatus, 200);
    assert.deepEqual(summary.setUserSettingsOutput, {});
    assert.deepEqual(summary.getUserMFAOptions, SMS);
    assert.equal(summary.challengeName, 'SMS_MFA');
    assert.deepEqual(summary.challengeParameters, { CODE_DELIVERY_DELIVERY_MEDIUM: 'SMS', CODE_DELIVERY_DESTINATION: '+*******1234' });
    assert.equal(summary.outboxCount, 1);
    assert.equal(summary.outboxDestination, '+15555551234');
    assert.deepEqual(summary.tokensAfterChallenge, ['AccessToken', 'IdToken', 'RefreshToken']);
    assert.equal(summary.adminGetUserHasMFAOptions, false);
    assert.equal(summary.phoneNumberVerified, 'true');
    assert.equal(summary.signInAfterOff, 'tokens');
    assert.deepEqual(summary.adminSetListUsersMFAOptions, SMS);
  });

  it('gets epoch-second timestamps that botocore turns into datetimes', () => {
    assert.equal(summary.creationDateType, 'datetime');
  });

  it('reads the request id from x-amzn-RequestId, the one the server logged', () => {
    assert.match(summary.setUserSettingsRequestId, /^[0-9a-f-]{36}$/);
    assert.ok(
      s.logs.some((l) => l.includes('SetUserSettings') && l.includes(summary.setUserSettingsRequestId)),
      s.logs.join('\n'),
    );
  });

  const errors: Array<{ key: string; operation: string; code: string; message: string }> = [
    { key: 'garbageTokenError', operation: 'SetUserSettings', code: 'NotAuthorizedException', message: 'Invalid Access Token' },
    {
      key: 'emailAttributeError',
      operation: 'SetUserSettings',
      code: 'InvalidParameterException',
      message: 'Only phone_number attribute is currently supported as a MFA option.',
    },
    { key: 'missingPoolError', operation: 'AdminSetUserSettings', code: 'ResourceNotFoundException', message: 'User pool us-east-1_AAAAAAAAA does not exist.' },
    { key: 'wrongCodeError', operation: 'RespondToAuthChallenge', code: 'CodeMismatchException', message: 'Invalid code or auth state for the user.' },
  ];
  for (const e of errors) {
    it(`parses ${e.code} (${e.key}) into Error.Code and Error.Message, raised as the modelled exception class`, () => {
      const got = summary[e.key] as BotoError;
      assert.equal(got.Code, e.code);
      assert.equal(got.Message, e.message);
      assert.equal(got.HTTPStatusCode, 400);
      assert.equal(got.ExceptionClass, e.code);
      assert.equal(got.IsModeledClass, true);
      assert.equal(got.Str, `An error occurred (${e.code}) when calling the ${e.operation} operation: ${e.message}`);
      assert.ok(
        s.logs.some((l) => l.includes(got.RequestId)),
        `request id ${got.RequestId} not in the server log`,
      );
    });
  }
});
