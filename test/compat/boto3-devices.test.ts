import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useBoto3Driver } from '../helpers/boto3.js';
import { skipWithoutBoto3 } from '../helpers/tools.js';

const NOT_FOUND = { Code: 'ResourceNotFoundException', Message: 'Device does not exist.', IsModeledClass: true };

describe('boto3 against cognate: device tracking and the device operations', { skip: skipWithoutBoto3 }, () => {
  let summary: Record<string, any>;
  useBoto3Driver('boto3_devices.py', (got) => {
    summary = got;
  });

  it('gives an admin sign-in NewDeviceMetadata and confirms the device, waiting for the user in an opt-in pool', () => {
    assert.deepEqual(summary.newDeviceMetadataKeys, ['DeviceGroupKey', 'DeviceKey']);
    assert.equal(summary.deviceKeyPrefix, 'us-east-1');
    assert.equal(summary.userConfirmationNecessary, true);
    assert.deepEqual(summary.listedBeforeRemembering, []);
  });

  it('shows a remembered device with its attributes and dates boto3 parses as datetimes', () => {
    assert.equal(summary.deviceKey, true);
    assert.deepEqual(summary.attributes, { device_status: 'valid', device_name: 'boto3', 'dev:device_remembered_status': 'remembered' });
    assert.deepEqual(summary.dateTypes, ['datetime']);
    assert.deepEqual(summary.adminListed, [true]);
  });

  it('signs in and refreshes on the device, refusing a refresh that does not name it', () => {
    assert.equal(summary.secondSignInHasMetadata, false);
    assert.deepEqual(summary.refreshWithoutDevice, { Code: 'NotAuthorizedException', Message: 'Invalid Refresh Token', IsModeledClass: true });
    assert.equal(summary.refreshed, true);
  });

  it('forgets the device: reads and a sign-in naming it are ResourceNotFoundException, a missing user UserNotFoundException', () => {
    assert.deepEqual(summary.getAfterForget, NOT_FOUND);
    assert.deepEqual(summary.adminGetAfterForget, NOT_FOUND);
    assert.deepEqual(summary.signInWithForgotten, NOT_FOUND);
    assert.deepEqual(summary.adminForgetMissingUser, { Code: 'UserNotFoundException', Message: 'User does not exist.', IsModeledClass: true });
  });
});
