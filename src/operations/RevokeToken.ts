/**
 * RevokeToken: revokes a refresh token and every access and ID token minted from it (same origin_jti).
 *
 * Choices: as RFC 7009 asks, an unknown refresh token, or one that belongs to another client, is a
 * silent success; a JWT (an access or ID token) is UnsupportedTokenTypeException; a client with a secret
 * must send it (either of its secrets during a rotation), else UnauthorizedException (the model lists no NotAuthorizedException for RevokeToken,
 * so SDKs with typed errors would not recognise it; the texts are those of SECRET_HASH checks); a
 * client with revocation off gets UnsupportedOperationException. An unknown ClientId is
 * UnauthorizedException "User pool client X does not exist." (our choice: RFC 7009's invalid_client,
 * and the model lists no ResourceNotFoundException for RevokeToken).
 */
import { ResourceNotFoundException, UnauthorizedException, UnsupportedOperationException, UnsupportedTokenTypeException } from '../errors.js';
import { hashRefreshToken } from '../domain/signin/tokens.js';
import { clientSecretMatches, hasSecret, requireClient } from '../domain/clients.js';
import { defineOperation } from './operation.js';

export const RevokeToken = defineOperation('RevokeToken', async (input, svc) => {
  const client = await requireClient(svc, input.ClientId).catch((e: unknown) => {
    throw e instanceof ResourceNotFoundException ? new UnauthorizedException(e.message) : e;
  });
  if (hasSecret(client) && input.ClientSecret === undefined) {
    throw new UnauthorizedException(`Client ${client.id} is configured for secret but secret was not received`);
  }
  if (hasSecret(client) && !clientSecretMatches(client, input.ClientSecret!)) {
    throw new UnauthorizedException(`Unable to verify client secret for client ${client.id}`);
  }
  if (client.settings.EnableTokenRevocation === false) {
    throw new UnsupportedOperationException('Token revocation is not enabled for this app client.');
  }
  if (/^eyJ[\w-]*\.[\w-]*\.[\w-]*$/.test(input.Token)) throw new UnsupportedTokenTypeException('Unsupported token type. Only refresh tokens can be revoked.');
  const origin = await svc.store.getTokenOriginByRefreshHash(hashRefreshToken(input.Token));
  if (origin && origin.clientId === client.id) await svc.store.revokeTokenOrigin(origin.originJti, svc.clock.now());
  return {};
});
