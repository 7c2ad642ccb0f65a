import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useBoto3Driver } from '../helpers/boto3.js';
import { skipWithoutBoto3 } from '../helpers/tools.js';

describe('boto3 against cognate: a user import from a CSV file', { skip: skipWithoutBoto3 }, () => {
  let summary: Record<string, any>;
  useBoto3Driver('boto3_import.py', (got) => {
    summary = got;
  });

  it('gives the header and a Created job whose CreationDate boto3 parses as a datetime', () => {
    assert.deepEqual(summary.headerTail, ['cognito:mfa_enabled', 'cognito:username']);
    assert.equal(summary.createdStatus, 'Created');
    assert.equal(summary.creationDateType, 'datetime');
  });

  it('takes a CSV written by Python’s csv module at the upload URL and imports it, the bad row failing', () => {
    assert.equal(summary.uploadStatus, 200);
    assert.equal(summary.startedStatus, 'Succeeded');
    assert.deepEqual(summary.counts, [1, 0, 1]);
    assert.equal(summary.userStatus, 'RESET_REQUIRED');
    assert.equal(summary.name, 'Ann, Py');
    assert.deepEqual(summary.listed, [true]);
  });

  it('refuses to stop a finished job with InvalidParameterException', () => {
    assert.deepEqual(summary.stopDone, { Code: 'InvalidParameterException', Message: 'Job is not in a state that can be stopped.', IsModeledClass: true });
  });
});
