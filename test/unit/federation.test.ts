import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AuthorizeRequest } from '../../src/domain/oauth/authorize.js';
import { authorizeQuery, mappedAttributes, oidcDetails } from '../../src/domain/oauth/federation.js';
import type { IdentityProviderRecord } from '../../src/store/store.js';

const provider = (type: string, details: Record<string, string>): IdentityProviderRecord =>
  ({
    poolId: 'us-east-1_x',
    name: type === 'OIDC' ? 'Ext' : type,
    type,
    details,
    attributeMapping: {},
    idpIdentifiers: [],
  }) as unknown as IdentityProviderRecord;

describe('the rules of a federated sign-in', () => {
  it('maps claims to attributes as text, skips username and leaves missing claims out', () => {
    const mapped = mappedAttributes(
      { username: 'sub', email: 'email', email_verified: 'email_verified', name: 'name', 'custom:groups': 'groups', locale: 'locale', zoneinfo: 'nothing' },
      { sub: 'u1', email: 'a@b.c', email_verified: true, name: 'A', groups: ['x', 'y'], locale: null },
    );
    assert.deepEqual(mapped, { email: 'a@b.c', email_verified: 'true', name: 'A', 'custom:groups': '["x","y"]' });
  });

  it('asks again for the same authorization request through a provider', () => {
    const request: AuthorizeRequest = {
      clientId: 'c1',
      redirectUri: 'https://app.example/cb?x=1',
      responseType: 'code',
      state: 's&t=1',
      scope: ['openid', 'email'],
      nonce: 'n1',
      codeChallenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    };
    const q = new URLSearchParams(authorizeQuery(request, { identity_provider: 'Ext' }));
    assert.deepEqual(Object.fromEntries(q), {
      response_type: 'code',
      client_id: 'c1',
      redirect_uri: 'https://app.example/cb?x=1',
      scope: 'openid email',
      state: 's&t=1',
      nonce: 'n1',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
      identity_provider: 'Ext',
    });
  });

  it('uses endpoints given by hand, and discovery otherwise', () => {
    const base = { client_id: 'id', authorize_scopes: 'openid', attributes_request_method: 'POST', oidc_issuer: 'https://idp.example' };
    assert.equal(oidcDetails(provider('OIDC', base)).manual, null);
    assert.equal(oidcDetails(provider('OIDC', base)).userinfoMethod, 'POST');
    const manual = {
      authorize_url: 'https://idp.example/a',
      token_url: 'https://idp.example/t',
      attributes_url: 'https://idp.example/u',
      jwks_uri: 'https://idp.example/k',
    };
    assert.deepEqual(oidcDetails(provider('OIDC', { ...base, ...manual })).manual, {
      authorize: manual.authorize_url,
      token: manual.token_url,
      userinfo: manual.attributes_url,
      jwks: manual.jwks_uri,
    });
  });

  it('refuses SAML and the social types with the words of their error pages', () => {
    assert.throws(() => oidcDetails(provider('SAML', {})), { message: 'SAML sign-in is not supported by cognate.' });
    assert.throws(() => oidcDetails(provider('Google', {})), { message: 'Sign-in through Google is not supported by cognate: use an OIDC provider.' });
  });
});
