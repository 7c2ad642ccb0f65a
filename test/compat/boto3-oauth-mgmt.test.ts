import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { skipWithoutBoto3 } from '../helpers/tools.js';
import { useBoto3Driver } from '../helpers/boto3.js';

describe('boto3 against cognate: resource servers, identity providers, client OAuth settings, UI customization', { skip: skipWithoutBoto3 }, () => {
  let summary: Record<string, any>;
  useBoto3Driver('boto3_oauth_mgmt.py', (got) => {
    summary = got;
  });

  it("lists resource servers through boto3's paginator and parses a duplicate as a modelled error", () => {
    assert.deepEqual(summary.resourceServers, ['https://a.example.com', 'https://b.example.com', 'https://c.example.com']);
    assert.deepEqual(summary.duplicateServer, {
      Code: 'InvalidParameterException',
      Message: 'A resource server with the identifier https://a.example.com already exists in this user pool.',
      IsModeledClass: true,
    });
  });

  it('creates, finds and updates an identity provider, with dates boto3 parses, and parses DuplicateProviderException', () => {
    assert.equal(summary.providerDateType, 'datetime');
    assert.deepEqual(summary.providerMapping, { username: 'sub', email: 'email' });
    assert.equal(summary.byIdentifier, 'MyOIDC');
    assert.deepEqual(summary.updatedIdentifiers, ['example.org']);
    assert.deepEqual(summary.providers, ['MyOIDC']);
    assert.equal(summary.duplicateProvider.Code, 'DuplicateProviderException');
    assert.equal(summary.duplicateProvider.IsModeledClass, true);
    assert.equal(summary.badDetails.Code, 'InvalidParameterException');
  });

  it('checks client OAuth settings: resource-server scopes, ScopeDoesNotExistException, InvalidOAuthFlowException', () => {
    assert.deepEqual(summary.clientScopes, ['openid', 'https://a.example.com/read']);
    assert.deepEqual(summary.unknownScope, {
      Code: 'ScopeDoesNotExistException',
      Message: 'Invalid scope requested: https://a.example.com/write',
      IsModeledClass: true,
    });
    assert.equal(summary.noSecret.Code, 'InvalidOAuthFlowException');
    assert.equal(summary.noSecret.IsModeledClass, true);
  });

  it('links and unlinks an external identity, shown in the identities attribute', () => {
    assert.deepEqual(summary.identities, [['MyOIDC', 'ext-1']]);
    assert.deepEqual(summary.identitiesAfterDisable, []);
  });

  it('sets a UI customization with logo bytes boto3 encoded, inherited by a client, and refuses an @import', () => {
    assert.equal(summary.imageUrlPrefix, 'data:image/png;base64,');
    assert.equal(summary.imageRoundTrip, true);
    assert.equal(summary.uiForClient, 'ALL');
    assert.deepEqual(summary.uiWithoutDomain, {
      Code: 'InvalidParameterException',
      Message: 'There has to be an existing domain associated with this user pool',
      IsModeledClass: true,
    });
    assert.equal(summary.badCss.Code, 'InvalidParameterException');
  });

  it('takes a deleted provider out of the client and answers ResourceNotFoundException for a deleted server', () => {
    assert.deepEqual(summary.clientProvidersAfterDelete, ['COGNITO']);
    assert.equal(summary.describeDeleted.Code, 'ResourceNotFoundException');
  });
});
