import { createHmac, timingSafeEqual } from 'node:crypto';
import { InvalidParameterException, LimitExceededException, NotAuthorizedException, ResourceNotFoundException } from '../errors.js';
import type { ClientSecretDescriptorType, CreateUserPoolClientRequest, UserPoolClientType } from '../model/generated.js';
import type { Services } from '../services.js';
import type { ClientRecord, ClientSecretRecord, ClientSettings, PoolRecord, UserRecord } from '../store/store.js';
import { validitySeconds } from '../tokens/tokens.js';
import { epochSeconds, findUser, requirePool } from './users.js';

const LEGACY_FLOWS = new Set(['ADMIN_NO_SRP_AUTH', 'CUSTOM_AUTH_FLOW_ONLY', 'USER_PASSWORD_AUTH']);

/** The settings members of CreateUserPoolClient and UpdateUserPoolClient (the same in both). */
export type ClientInput = Omit<CreateUserPoolClientRequest, 'UserPoolId' | 'ClientName' | 'GenerateSecret' | 'ClientSecret'>;

/**
 * A client's settings from CreateUserPoolClient/UpdateUserPoolClient with Cognito's defaults, after
 * the checks Cognito makes: no mixing of legacy and ALLOW_ flows, and token lifetimes in range
 * (access and ID: 5 minutes to 1 day; refresh: 1 hour to 10 years). UpdateUserPoolClient is a full
 * replace, as Cognito documents ("If you don't provide a value for an attribute, Amazon Cognito sets
 * it to its default value"), so both operations build the whole settings object here from the request.
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

/**
 * The UserPoolClientType view. With two secrets, ClientSecret shows the older one (our choice, the
 * references are silent): adding a secret for a rotation does not change what Describe reports until
 * the old secret is deleted, so tools that compare it (Terraform) see no drift in between.
 */
export function describeClient(c: ClientRecord): UserPoolClientType {
  const shown = c.secrets[0];
  return {
    UserPoolId: c.poolId,
    ClientName: c.name,
    ClientId: c.id,
    ...(shown ? { ClientSecret: shown.value } : {}),
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

/** Whether the client is confidential: it has at least one secret, so callers must prove they know one. */
export function hasSecret(client: ClientRecord): boolean {
  return client.secrets.length > 0;
}

/** Whether `given` is one of the client's secrets (either of two during a rotation), compared in constant time. */
export function clientSecretMatches(client: ClientRecord, given: string): boolean {
  let match = false;
  for (const s of client.secrets) match = sameText(s.value, given) || match;
  return match;
}

/**
 * Checks SECRET_HASH for clients that have a secret, with Cognito's messages. Any of the given names
 * (what the caller typed, the username, the sub) may have been used to compute it, under any of the
 * client's secrets.
 */
export function checkSecretHash(client: ClientRecord, given: string | undefined, names: string[]): void {
  if (!hasSecret(client)) return;
  if (given === undefined) {
    throw new NotAuthorizedException(`Client ${client.id} is configured for secret but secret was not received`);
  }
  if (!client.secrets.some((s) => names.some((n) => sameText(secretHash(s.value, n, client.id), given)))) {
    throw new NotAuthorizedException(`Unable to verify secret hash for client ${client.id}`);
  }
}

/** Cognito keeps at most this many secrets per app client ("up to 2 active secrets"). */
export const MAX_CLIENT_SECRETS = 2;

/**
 * A new secret record. Its id is `<client-id>--<epoch-create-time>` as Cognito documents; we count the
 * time in milliseconds, one more than the newest existing secret's if they would be equal, so two
 * secrets made in the same instant still have different ids.
 */
export function newSecretRecord(client: Pick<ClientRecord, 'id' | 'secrets'>, value: string, now: Date): ClientSecretRecord {
  let at = now.getTime();
  for (const s of client.secrets) if (s.createdAt.getTime() >= at) at = s.createdAt.getTime() + 1;
  return { id: `${client.id}--${at}`, value, createdAt: new Date(at) };
}

/**
 * Adds a secret to a client (AddUserPoolClientSecret). A third secret is LimitExceededException, as
 * the model's error list suggests (our inference); a public client, created without a secret, cannot
 * be given one (InvalidParameterException, our choice: it would start refusing every caller that
 * sends no SECRET_HASH).
 */
export function withAddedSecret(client: ClientRecord, value: string, now: Date): { client: ClientRecord; added: ClientSecretRecord } {
  if (!hasSecret(client)) {
    throw new InvalidParameterException(`Client ${client.id} has no client secret; secrets can only be added to a client created with one.`);
  }
  if (client.secrets.length >= MAX_CLIENT_SECRETS) {
    throw new LimitExceededException(`Client ${client.id} already has ${MAX_CLIENT_SECRETS} client secrets; delete one before adding another.`);
  }
  const added = newSecretRecord(client, value, now);
  return { client: { ...client, secrets: [...client.secrets, added], lastModifiedAt: now }, added };
}

/**
 * Deletes one secret (DeleteUserPoolClientSecret). An unknown id is ResourceNotFoundException; the last
 * secret cannot be deleted ("You cannot delete the last remaining secret"), InvalidParameterException
 * (inferred: the exception is undocumented).
 */
export function withoutSecret(client: ClientRecord, secretId: string, now: Date): ClientRecord {
  if (!client.secrets.some((s) => s.id === secretId)) {
    throw new ResourceNotFoundException(`Client secret ${secretId} does not exist.`);
  }
  if (client.secrets.length === 1) {
    throw new InvalidParameterException(`Cannot delete the last remaining client secret of client ${client.id}.`);
  }
  return { ...client, secrets: client.secrets.filter((s) => s.id !== secretId), lastModifiedAt: now };
}

/** The ClientSecretDescriptorType of a secret; the value only when asked for (a generated secret, once). */
export function describeSecret(s: ClientSecretRecord, withValue = false): ClientSecretDescriptorType {
  return {
    ClientSecretId: s.id,
    ...(withValue ? { ClientSecretValue: s.value } : {}),
    ClientSecretCreateDate: epochSeconds(s.createdAt),
  };
}

/**
 * Checks a raw ClientSecret for clients that have a secret: none sent, or the wrong one, is
 * NotAuthorizedException, in the words Cognito uses for the SECRET_HASH check (our choice for a raw secret).
 */
export function checkClientSecret(client: ClientRecord, given: string | undefined): void {
  if (!hasSecret(client)) return;
  if (given === undefined) throw new NotAuthorizedException(`Client ${client.id} is configured for secret but secret was not received`);
  if (!clientSecretMatches(client, given)) throw new NotAuthorizedException(`Unable to verify client secret for client ${client.id}`);
}
