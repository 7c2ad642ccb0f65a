import { createHmac, timingSafeEqual } from 'node:crypto';
import { InvalidParameterException, NotAuthorizedException, ResourceNotFoundException } from '../errors.js';
import type { CreateUserPoolClientRequest, UserPoolClientType } from '../model/generated.js';
import type { Services } from '../services.js';
import type { ClientRecord, ClientSettings, PoolRecord, UserRecord } from '../store/store.js';
import { validitySeconds } from '../tokens/tokens.js';
import { epochSeconds, findUser, requirePool } from './users.js';

const LEGACY_FLOWS = new Set(['ADMIN_NO_SRP_AUTH', 'CUSTOM_AUTH_FLOW_ONLY', 'USER_PASSWORD_AUTH']);

type ClientInput = Omit<CreateUserPoolClientRequest, 'UserPoolId' | 'ClientName' | 'GenerateSecret' | 'ClientSecret'>;

/**
 * A client's settings from CreateUserPoolClient/UpdateUserPoolClient with Cognito's defaults, after
 * the checks Cognito makes: no mixing of legacy and ALLOW_ flows, and token lifetimes in range
 * (access and ID: 5 minutes to 1 day; refresh: 1 hour to 10 years).
 */
export function clientSettingsFrom(req: ClientInput): ClientSettings {
  const flows = req.ExplicitAuthFlows;
  if (flows?.some((f) => LEGACY_FLOWS.has(f)) && flows.some((f) => f.startsWith('ALLOW_'))) {
    throw new InvalidParameterException("ExplicitAuthFlows can't have both LEGACY and NEW values at the same time");
  }
  const units = req.TokenValidityUnits ?? {};
  const check = (value: number | undefined, unit: string, min: number, max: number, what: string) => {
    if (value === undefined) return;
    const s = validitySeconds(value, unit, 0);
    if (s < min || s > max) throw new InvalidParameterException(`Invalid range for token validity: ${what}.`);
  };
  check(req.AccessTokenValidity, units.AccessToken ?? 'hours', 300, 86400, 'access token must be between 5 minutes and 1 day');
  check(req.IdTokenValidity, units.IdToken ?? 'hours', 300, 86400, 'ID token must be between 5 minutes and 1 day');
  if (req.RefreshTokenValidity !== 0) {
    check(req.RefreshTokenValidity, units.RefreshToken ?? 'days', 3600, 315_360_000, 'refresh token must be between 60 minutes and 10 years');
  }
  const settings: ClientSettings = {
    RefreshTokenValidity: req.RefreshTokenValidity || 30,
    TokenValidityUnits: units,
    AllowedOAuthFlowsUserPoolClient: req.AllowedOAuthFlowsUserPoolClient ?? false,
    PreventUserExistenceErrors: req.PreventUserExistenceErrors ?? 'LEGACY',
    EnableTokenRevocation: req.EnableTokenRevocation ?? true,
    EnablePropagateAdditionalUserContextData: req.EnablePropagateAdditionalUserContextData ?? false,
    AuthSessionValidity: req.AuthSessionValidity ?? 3,
  };
  const optional = [
    'AccessTokenValidity',
    'IdTokenValidity',
    'ReadAttributes',
    'WriteAttributes',
    'ExplicitAuthFlows',
    'SupportedIdentityProviders',
    'CallbackURLs',
    'LogoutURLs',
    'DefaultRedirectURI',
    'AllowedOAuthFlows',
    'AllowedOAuthScopes',
    'AnalyticsConfiguration',
    'RefreshTokenRotation',
  ] as const;
  for (const key of optional) {
    if (req[key] !== undefined) (settings as Record<string, unknown>)[key] = req[key];
  }
  return settings;
}

/** The UserPoolClientType view. */
export function describeClient(c: ClientRecord): UserPoolClientType {
  return {
    UserPoolId: c.poolId,
    ClientName: c.name,
    ClientId: c.id,
    ...(c.secret ? { ClientSecret: c.secret } : {}),
    LastModifiedDate: epochSeconds(c.lastModifiedAt),
    CreationDate: epochSeconds(c.createdAt),
    ...c.settings,
  };
}

/** The app client, or ResourceNotFoundException. With a pool id, the client must belong to that pool. */
export async function requireClient(svc: Services, clientId: string, poolId?: string): Promise<ClientRecord> {
  const client = await svc.store.getClient(clientId);
  if (!client || (poolId !== undefined && client.poolId !== poolId)) {
    throw new ResourceNotFoundException(`User pool client ${clientId} does not exist.`);
  }
  return client;
}

/**
 * The prologue of the self-service operations named by ClientId and Username: the client, its pool,
 * the user if there is one, and the client's SECRET_HASH checked before anything is said about the user.
 */
export async function clientAndUser(
  svc: Services,
  clientId: string,
  username: string,
  secretHashGiven: string | undefined,
): Promise<{ client: ClientRecord; pool: PoolRecord; user: UserRecord | null }> {
  const client = await requireClient(svc, clientId);
  const pool = await requirePool(svc.store, client.poolId);
  const user = await findUser(svc.store, pool, username);
  checkSecretHash(client, secretHashGiven, user ? [username, user.username, user.sub] : [username]);
  return { client, pool, user };
}

/** Base64 HMAC-SHA256 of username + client id under the client secret: Cognito's SECRET_HASH. */
export function secretHash(secret: string, username: string, clientId: string): string {
  return createHmac('sha256', secret)
    .update(username + clientId)
    .digest('base64');
}

/** Compares two strings in constant time (codes, signatures, secret hashes). */
export function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Checks SECRET_HASH for clients that have a secret, with Cognito's messages. Any of the given names
 * (what the caller typed, the username, the sub) may have been used to compute it.
 */
export function checkSecretHash(client: ClientRecord, given: string | undefined, names: string[]): void {
  if (!client.secret) return;
  if (given === undefined) {
    throw new NotAuthorizedException(`Client ${client.id} is configured for secret but secret was not received`);
  }
  if (!names.some((n) => sameText(secretHash(client.secret!, n, client.id), given))) {
    throw new NotAuthorizedException(`Unable to verify secret hash for client ${client.id}`);
  }
}

/**
 * Whether `given` is the client's secret, compared in constant time. The one place that compares a raw
 * client secret (as GetTokensFromRefreshToken sends it), so that a client with several secrets needs one change.
 */
export function clientSecretMatches(client: ClientRecord, given: string): boolean {
  return client.secret !== null && sameText(client.secret, given);
}

/**
 * Checks a raw ClientSecret for clients that have a secret: none sent, or the wrong one, is
 * NotAuthorizedException, in the words Cognito uses for the SECRET_HASH check (our choice for a raw secret).
 */
export function checkClientSecret(client: ClientRecord, given: string | undefined): void {
  if (!client.secret) return;
  if (given === undefined) throw new NotAuthorizedException(`Client ${client.id} is configured for secret but secret was not received`);
  if (!clientSecretMatches(client, given)) throw new NotAuthorizedException(`Unable to verify client secret for client ${client.id}`);
}
