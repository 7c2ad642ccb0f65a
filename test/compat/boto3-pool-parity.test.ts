import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { skipWithoutBoto3 } from '../helpers/tools.js';
import { useBoto3Driver } from '../helpers/boto3.js';

describe('boto3 against cognate: custom attributes, client update and secrets, tags', { skip: skipWithoutBoto3 }, () => {
  let summary: Record<string, any>;
  useBoto3Driver('boto3_pool_parity.py', (got) => {
    summary = got;
  });

  it('adds custom:NAME and dev:custom:NAME attributes and parses the refusal of an existing one as a modelled error', () => {
    assert.deepEqual(summary.customNames, ['custom:tier', 'dev:custom:internal']);
    assert.deepEqual(summary.existingAttribute, {
      Code: 'InvalidParameterException',
      Message: 'custom:tier: Existing attribute already has name custom:tier.',
      IsModeledClass: true,
    });
  });

  it('updates a client with the settings it was not given reset', () => {
    assert.equal(summary.updatedName, 'renamed');
    assert.equal(summary.updatedAccessTokenValidity, null);
  });

  it('adds, lists and deletes client secrets, with dates boto3 parses and values never listed', () => {
    assert.equal(summary.addedHasValue, true);
    assert.equal(summary.addedDateType, 'datetime');
    assert.equal(summary.listedIds.length, 2);
    assert.deepEqual(summary.listedValues, [null, null]);
    assert.equal(summary.thirdSecret.Code, 'LimitExceededException');
    assert.equal(summary.thirdSecret.IsModeledClass, true);
    assert.deepEqual(summary.afterDelete, [summary.addedId]);
  });

  it('tags and untags the pool by ARN, and parses an unknown pool ARN as ResourceNotFoundException', () => {
    assert.deepEqual(summary.tags, { env: 'test' });
    assert.deepEqual(summary.unknownPoolArn, {
      Code: 'ResourceNotFoundException',
      Message: 'User pool us-east-1_AAAAAAAAA does not exist.',
      IsModeledClass: true,
    });
  });
});
