import { DuplicateProviderException, InvalidParameterException, ResourceNotFoundException } from '../errors.js';
import type { IdentityProviderType, IdentityProviderTypeType, ProviderDescription } from '../model/generated.js';
import type { IdentityProviderConflict, IdentityProviderRecord, PoolRecord, Store, UserRecord } from '../store/store.js';
import { epochSeconds } from './users.js';

/*
 * Rules of a pool's identity providers (CreateIdentityProvider and the five others) and of the external
 * identities linked to users (AdminLinkProviderForUser, AdminDisableProviderForUser, and the federated
 * sign-in of the hosted pages, which finds users with Store.findUserByProviderIdentity).
 */

/** The social providers: each must be named as its type ("Google", ...), as Cognito requires. */
const SOCIAL: ReadonlySet<string> = new Set(['Google', 'Facebook', 'LoginWithAmazon', 'SignInWithApple']);

/** The ProviderDetails keys each type must have. */
const REQUIRED_DETAILS: Record<IdentityProviderTypeType, readonly string[]> = {
  OIDC: ['client_id', 'authorize_scopes', 'attributes_request_method', 'oidc_issuer'],
  Google: ['client_id', 'client_secret', 'authorize_scopes'],
  Facebook: ['client_id', 'client_secret', 'authorize_scopes'],
  LoginWithAmazon: ['client_id', 'client_secret', 'authorize_scopes'],
  SignInWithApple: ['client_id', 'team_id', 'key_id', 'private_key', 'authorize_scopes'],
  SAML: [],
};

/**
 * The endpoints Cognito fills in for the social providers and shows in DescribeIdentityProvider beside
 * what was given (the reference: "Describe responses also return computed keys"; the values are the
 * providers' public endpoints, inferred). A caller may send them back (Terraform does), so they are
 * accepted on input too; given values win.
 */
const COMPUTED_DETAILS: Partial<Record<IdentityProviderTypeType, Record<string, string>>> = {
  Google: {
    attributes_url: 'https://people.googleapis.com/v1/people/me?personFields=',
    attributes_url_add_attributes: 'true',
    authorize_url: 'https://accounts.google.com/o/oauth2/v2/auth',
    oidc_issuer: 'https://accounts.google.com',
    token_request_method: 'POST',
    token_url: 'https://www.googleapis.com/oauth2/v4/token',
  },
  Facebook: {
    attributes_url: 'https://graph.facebook.com/v17.0/me?fields=',
    attributes_url_add_attributes: 'true',
    authorize_url: 'https://www.facebook.com/v17.0/dialog/oauth',
    token_request_method: 'GET',
    token_url: 'https://graph.facebook.com/v17.0/oauth/access_token',
  },
  LoginWithAmazon: {
    attributes_url: 'https://api.amazon.com/user/profile',
    attributes_url_add_attributes: 'false',
    authorize_url: 'https://www.amazon.com/ap/oa',
    token_request_method: 'POST',
    token_url: 'https://api.amazon.com/auth/o2/token',
  },
  SignInWithApple: {
    authorize_url: 'https://appleid.apple.com/auth/authorize',
    oidc_issuer: 'https://appleid.apple.com',
    token_request_method: 'POST',
    token_url: 'https://appleid.apple.com/auth/token',
  },
};

/** Every other ProviderDetails key each type accepts (the reference's table, plus the computed keys). */
const OPTIONAL_DETAILS: Record<IdentityProviderTypeType, readonly string[]> = {
  OIDC: ['client_secret', 'authorize_url', 'token_url', 'attributes_url', 'jwks_uri', 'attributes_url_add_attributes', 'token_request_method'],
  Google: Object.keys(COMPUTED_DETAILS.Google!),
  Facebook: ['api_version', ...Object.keys(COMPUTED_DETAILS.Facebook!)],
  LoginWithAmazon: Object.keys(COMPUTED_DETAILS.LoginWithAmazon!),
  SignInWithApple: Object.keys(COMPUTED_DETAILS.SignInWithApple!),
  SAML: [
    'MetadataURL',
    'MetadataFile',
    'IDPSignout',
    'IDPInit',
    'EncryptedResponses',
    'RequestSigningAlgorithm',
    'SSORedirectBindingURI',
    'SLORedirectBindingURI',
    'ActiveEncryptionCertificate',
  ],
};

/** The OIDC endpoints given together when the issuer has no discovery document. */
const OIDC_MANUAL_ENDPOINTS = ['authorize_url', 'token_url', 'attributes_url', 'jwks_uri'] as const;

/**
 * The claim each type's users are keyed by (the reference: OIDC, Google and Apple `sub`, Facebook `id`,
 * Login with Amazon `user_id`, inferred). Cognito's AttributeMapping shows it as `username`, and a
 * provider created without that mapping gets it.
 */
const SUBJECT_CLAIM: Partial<Record<IdentityProviderTypeType, string>> = {
  OIDC: 'sub',
  Google: 'sub',
  SignInWithApple: 'sub',
  Facebook: 'id',
  LoginWithAmazon: 'user_id',
};

/**
 * Whether a URL is one Cognito would fetch: https, or (our choice, so that a provider running in a test
 * on this machine can be used) http on localhost or a loopback address.
 */
export function isSecureOrLoopbackUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && isLoopbackHost(url.hostname);
}

/** localhost, 127.0.0.1 and [::1]: the hosts that may be reached over plain http. */
export function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '127.0.0.1' || hostname === '[::1]';
}

/**
 * ProviderDetails checked for the provider's type, with the computed keys added. Messages are ours (the
 * reference gives none): a missing key names it, an unknown key names it, and values that have a fixed
 * set (attributes_request_method GET or POST; the SAML booleans; RequestSigningAlgorithm rsa-sha256)
 * or must be URLs are checked. SAML needs exactly one of MetadataURL and MetadataFile.
 */
export function checkedProviderDetails(type: IdentityProviderTypeType, details: Record<string, string>): Record<string, string> {
  const allowed = new Set([...REQUIRED_DETAILS[type], ...OPTIONAL_DETAILS[type]]);
  for (const key of Object.keys(details)) {
    if (!allowed.has(key)) throw new InvalidParameterException(`${key} is not a valid ProviderDetails key for a ${type} provider.`);
  }
  for (const key of REQUIRED_DETAILS[type]) {
    if (!details[key]) throw new InvalidParameterException(`The ProviderDetails of a ${type} provider must include ${key}.`);
  }
  if (type === 'OIDC') {
    const method = details.attributes_request_method!;
    if (method !== 'GET' && method !== 'POST') throw new InvalidParameterException('attributes_request_method must be GET or POST.');
    if (!isSecureOrLoopbackUrl(details.oidc_issuer!)) throw new InvalidParameterException('oidc_issuer must be an https URL.');
    const given = OIDC_MANUAL_ENDPOINTS.filter((k) => details[k] !== undefined);
    if (given.length > 0 && given.length < OIDC_MANUAL_ENDPOINTS.length) {
      throw new InvalidParameterException('authorize_url, token_url, attributes_url and jwks_uri must be given together.');
    }
    for (const k of given) {
      if (!isSecureOrLoopbackUrl(details[k]!)) throw new InvalidParameterException(`${k} must be an https URL.`);
    }
  }
  if (type === 'SAML') {
    const sources = ['MetadataURL', 'MetadataFile'].filter((k) => details[k] !== undefined);
    if (sources.length !== 1)
      throw new InvalidParameterException('The ProviderDetails of a SAML provider must include exactly one of MetadataURL and MetadataFile.');
    if (details.MetadataURL !== undefined && !isSecureOrLoopbackUrl(details.MetadataURL)) {
      throw new InvalidParameterException('MetadataURL must be an https URL.');
    }
    for (const k of ['IDPSignout', 'IDPInit', 'EncryptedResponses']) {
      if (details[k] !== undefined && details[k] !== 'true' && details[k] !== 'false') throw new InvalidParameterException(`${k} must be true or false.`);
    }
    if (details.RequestSigningAlgorithm !== undefined && details.RequestSigningAlgorithm !== 'rsa-sha256') {
      throw new InvalidParameterException('RequestSigningAlgorithm must be rsa-sha256.');
    }
  }
  return { ...COMPUTED_DETAILS[type], ...details };
}

/**
 * Checks a provider's name against its type: a social provider must be named as its type ("Google"),
 * else "Provider X cannot be of type Google." (Cognito's words, reported in aws/aws-cli#3179); and no
 * provider may be named Cognito or COGNITO, which app clients use for the pool's own users (our wording).
 */
export function checkProviderName(name: string, type: IdentityProviderTypeType): void {
  if (name.toLowerCase() === 'cognito') throw new InvalidParameterException(`${name} is reserved: app clients name the user pool's own users so.`);
  if (SOCIAL.has(type) && name !== type) throw new InvalidParameterException(`Provider ${name} cannot be of type ${type}.`);
}

/**
 * AttributeMapping checked against the pool: each key is `username` or a mutable attribute of the
 * pool's schema (InvalidParameterException otherwise, our wording), and a provider that keys its users by a
 * claim gets `username` mapped to it when the caller did not map it.
 */
export function checkedAttributeMapping(pool: PoolRecord, type: IdentityProviderTypeType, mapping: Record<string, string> | undefined): Record<string, string> {
  const schema = new Map((pool.settings.SchemaAttributes ?? []).map((a) => [a.Name, a]));
  for (const key of Object.keys(mapping ?? {})) {
    if (key === 'username') continue;
    const def = schema.get(key);
    if (!def) throw new InvalidParameterException(`${key} is not an attribute of the user pool and cannot be mapped.`);
    // The developer guide: mapped attributes are written at every federated sign-in, so they must be mutable.
    if (def.Mutable === false || key === 'sub' || key === 'identities') {
      throw new InvalidParameterException(`${key} cannot be mapped: mapped attributes are written at every sign-in and must be mutable.`);
    }
  }
  const subject = SUBJECT_CLAIM[type];
  return { ...(subject && !mapping?.username ? { username: subject } : {}), ...mapping };
}

/** IdpIdentifiers given twice in one request are one identifier. */
export function uniqueIdentifiers(ids: string[] | undefined): string[] {
  return [...new Set(ids ?? [])];
}

/** The wire IdentityProviderType. */
export function identityProviderType(p: IdentityProviderRecord): IdentityProviderType {
  return {
    UserPoolId: p.poolId,
    ProviderName: p.name,
    ProviderType: p.type as IdentityProviderTypeType,
    ProviderDetails: { ...p.details },
    AttributeMapping: { ...p.attributeMapping },
    IdpIdentifiers: [...p.idpIdentifiers],
    LastModifiedDate: epochSeconds(p.lastModifiedAt),
    CreationDate: epochSeconds(p.createdAt),
  };
}

/** The ProviderDescription of ListIdentityProviders. */
export function providerDescription(p: IdentityProviderRecord): ProviderDescription {
  return {
    ProviderName: p.name,
    ProviderType: p.type as IdentityProviderTypeType,
    LastModifiedDate: epochSeconds(p.lastModifiedAt),
    CreationDate: epochSeconds(p.createdAt),
  };
}

/** The text of ResourceNotFoundException for an unknown provider (ours). */
export function providerNotFound(name: string): string {
  return `Identity provider ${name} does not exist.`;
}

/** The provider, or ResourceNotFoundException. */
export async function requireIdentityProvider(store: Store, poolId: string, name: string): Promise<IdentityProviderRecord> {
  const p = await store.getIdentityProvider(poolId, name);
  if (!p) throw new ResourceNotFoundException(providerNotFound(name));
  return p;
}

/** DuplicateProviderException for what the store refused (our wording). */
export function duplicateProvider(
  conflict: IdentityProviderConflict,
  provider: Pick<IdentityProviderRecord, 'name' | 'idpIdentifiers'>,
): DuplicateProviderException {
  if (conflict === 'name-taken') return new DuplicateProviderException(`A provider with the name ${provider.name} already exists in this user pool.`);
  return new DuplicateProviderException(
    `One of the IdpIdentifiers ${JSON.stringify(provider.idpIdentifiers)} is already used by another provider of this user pool.`,
  );
}

/** One entry of a user's `identities` attribute, member for member as Cognito shows it. */
export interface UserIdentity {
  userId: string;
  providerName: string;
  providerType: string;
  issuer: string | null;
  primary: boolean;
  /** Epoch milliseconds. */
  dateCreated: number;
}

/** The entries of the user's `identities` attribute (none if it is absent or not such JSON). */
export function identitiesOf(user: UserRecord): UserIdentity[] {
  const raw = user.attributes.identities;
  if (raw === undefined) return [];
  try {
    const v = JSON.parse(raw);
    return Array.isArray(v) ? (v as UserIdentity[]) : [];
  } catch {
    return [];
  }
}

/** The user with `identities` set to these entries (the attribute removed when there are none). */
export function withIdentities(user: UserRecord, identities: UserIdentity[], now: Date): UserRecord {
  const attributes = { ...user.attributes };
  if (identities.length === 0) delete attributes.identities;
  else attributes.identities = JSON.stringify(identities);
  return { ...user, attributes, lastModifiedAt: now };
}

/**
 * The `identities` entry for a user of `provider` known there as `userId`. `issuer` is the OIDC
 * issuer (null for the others, as in Cognito's sample); `primary` is false for a link to an existing
 * user, true for the identity a federated user was created from.
 */
export function identityEntry(provider: IdentityProviderRecord, userId: string, primary: boolean, now: Date): UserIdentity {
  return {
    userId,
    providerName: provider.name,
    providerType: provider.type,
    issuer: provider.details.oidc_issuer ?? null,
    primary,
    dateCreated: now.getTime(),
  };
}

/** At most this many external identities can be linked to one user (the reference: "Up to 5 links per user"). */
export const MAX_LINKS_PER_USER = 5;

/** The username Cognito gives the user a federated sign-in creates: `<ProviderName>_<id>`. */
export function federatedUsername(providerName: string, userId: string): string {
  return `${providerName}_${userId}`;
}

/** The ProviderAttributeName that names the user's id at the provider (AdminLinkProviderForUser, AdminDisableProviderForUser). */
export const COGNITO_SUBJECT = 'Cognito_Subject';
