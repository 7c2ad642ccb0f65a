import { InvalidParameterException } from '../errors.js';
import type { CreateUserPoolClientRequest, UserPoolClientType } from '../model/generated.js';
import type { ClientRecord, ClientSettings } from '../store/store.js';
import { validitySeconds } from '../tokens/tokens.js';
import { epochSeconds } from './users.js';

const LEGACY_FLOWS = new Set(['ADMIN_NO_SRP_AUTH', 'CUSTOM_AUTH_FLOW_ONLY', 'USER_PASSWORD_AUTH']);

type ClientInput = Omit<CreateUserPoolClientRequest, 'UserPoolId' | 'ClientName' | 'GenerateSecret' | 'ClientSecret'>;

/**
 * A client's settings from CreateUserPoolClient/UpdateUserPoolClient with Cognito's defaults, after
 * the checks Cognito makes: no mixing of legacy and ALLOW_ flows, and token lifetimes in range
 * (access and ID: 5 minutes to 1 day; refresh: 1 hour to 10 years).
 */
export function clientSettingsFrom(req: ClientInput): ClientSettings {
  const flows = req.ExplicitAuthFlows;
  if (flows && flows.some((f) => LEGACY_FLOWS.has(f)) && flows.some((f) => f.startsWith('ALLOW_'))) {
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
  const optional = ['AccessTokenValidity', 'IdTokenValidity', 'ReadAttributes', 'WriteAttributes', 'ExplicitAuthFlows',
    'SupportedIdentityProviders', 'CallbackURLs', 'LogoutURLs', 'DefaultRedirectURI', 'AllowedOAuthFlows', 'AllowedOAuthScopes',
    'AnalyticsConfiguration', 'RefreshTokenRotation'] as const;
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
