import type { EmailMfaConfigType, SoftwareTokenMfaConfigType, UserPoolClientType, UserPoolType } from '../model/generated.js';

/**
 * The pool's configuration as Cognito spells it (wire member names), stored verbatim: it is read back
 * by DescribeUserPool almost member for member, so a camelCase copy would only add a mapping to keep
 * in step. Computed members (Id, Name, Arn, dates, EstimatedNumberOfUsers) are not in here.
 */
export type PoolSettings = Omit<UserPoolType, 'Id' | 'Name' | 'Arn' | 'CreationDate' | 'LastModifiedDate' | 'EstimatedNumberOfUsers'> & {
  /** Set by SetUserPoolMfaConfig; not part of DescribeUserPool's output. */
  SoftwareTokenMfaConfiguration?: SoftwareTokenMfaConfigType;
  EmailMfaConfiguration?: EmailMfaConfigType;
};

/** A user pool. */
export interface PoolRecord {
  id: string;
  name: string;
  createdAt: Date;
  lastModifiedAt: Date;
  settings: PoolSettings;
}

/** One of the pool's two RSA signing keys (Cognito signs access and ID tokens with different keys). */
export interface PoolKeyRecord {
  poolId: string;
  use: 'access' | 'id';
  kid: string;
  /** The private key as a JWK (JSON text); it never leaves the store but to sign. */
  privateJwk: string;
  publicJwk: string;
}

/** The app client's configuration with wire member names; ClientId, ClientSecret, dates are columns. */
export type ClientSettings = Omit<UserPoolClientType, 'UserPoolId' | 'ClientId' | 'ClientName' | 'ClientSecret' | 'CreationDate' | 'LastModifiedDate'>;

/** One of an app client's secrets (AddUserPoolClientSecret): its id `<client-id>--<epoch-ms>` and value. */
export interface ClientSecretRecord {
  id: string;
  value: string;
  createdAt: Date;
}

/** An app client. `secrets` is empty for a public client and holds at most two, oldest first. */
export interface ClientRecord {
  id: string;
  poolId: string;
  name: string;
  secrets: ClientSecretRecord[];
  createdAt: Date;
  lastModifiedAt: Date;
  settings: ClientSettings;
}

/**
 * A change to a pool or a client, given the record as stored at that moment: returns the record to
 * store, or null to store nothing. Like UserChange it runs between the read and the write of an
 * atomic update, so it must be synchronous and free of side effects, and it may throw (a
 * CognitoError) to refuse. The id, the pool of a client and the creation date cannot be changed by it.
 */
export type PoolChange = (current: PoolRecord) => PoolRecord | null;
/** See PoolChange. */
export type ClientChange = (current: ClientRecord) => ClientRecord | null;

export type UserStatus = 'UNCONFIRMED' | 'CONFIRMED' | 'EXTERNAL_PROVIDER' | 'RESET_REQUIRED' | 'FORCE_CHANGE_PASSWORD';

export type MfaFactor = 'SMS_MFA' | 'SOFTWARE_TOKEN_MFA' | 'EMAIL_OTP';

/**
 * A user's MFA state. SMS MFA has two writers (AWS's API reference for SetUserSettings and SetUserMFAPreference): the legacy flag that SetUserSettings
 * sets, and the SMS factor of SetUserMFAPreference; MFAOptions is a view of "either is on".
 */
export interface UserMfa {
  legacySms: boolean;
  enabled: MfaFactor[];
  preferred: MfaFactor | null;
  totpSecret: string | null;
  totpVerified: boolean;
  /** A secret AssociateSoftwareToken issued that VerifySoftwareToken has not confirmed yet. */
  totpPendingSecret?: string | null;
  /** The name VerifySoftwareToken was given for the authenticator (shown in SOFTWARE_TOKEN_MFA). */
  totpDeviceName?: string | null;
  /** The last TOTP time step accepted, so that a code is accepted once. */
  totpLastStep?: number | null;
}

/** A user of a pool. `attributes` holds every attribute, `sub` included, as strings. */
export interface UserRecord {
  poolId: string;
  username: string;
  sub: string;
  status: UserStatus;
  enabled: boolean;
  passwordHash: string | null;
  /** When a temporary password set by AdminCreateUser stops working, or null. */
  temporaryPasswordExpiresAt: Date | null;
  attributes: Record<string, string>;
  mfa: UserMfa;
  createdAt: Date;
  lastModifiedAt: Date;
  /** Failed password attempts and the lockout they caused (domain/lockout.ts); absent or null when clear. */
  lockout?: LockoutState | null;
  /**
   * The username as uniqueness and lookups compare it (domain/users.ts usernameKey): lower case in pools
   * created with UsernameConfiguration.CaseSensitive false; absent means the username itself. Set at
   * creation and never changed.
   */
  usernameKey?: string;
}

/**
 * A user's recent failed password attempts. Times are epoch milliseconds, so the record is the same
 * JSON in both stores.
 */
export interface LockoutState {
  /** Failures since the count was last cleared (by a right password or a quiet quarter of an hour). */
  failures: number;
  /** When the last failure was recorded. */
  lastFailureAt: number;
  /** Until when attempts are refused without being checked, or null. */
  lockedUntil: number | null;
}

/**
 * A change to one user, given the user as stored at that moment: returns the record to store, or null
 * to store nothing. It runs between the read and the write of an atomic update, so it must be
 * synchronous and free of side effects; it may throw (a CognitoError) to refuse, and then nothing is
 * stored. Username, sub, pool and creation date cannot be changed by it.
 */
export type UserChange = (current: UserRecord) => UserRecord | null;

/**
 * One sign-in: the refresh token it issued (hashed) and the `origin_jti` every access and ID token
 * minted from it carries. Revoking it revokes all of them.
 */
export interface TokenOriginRecord {
  originJti: string;
  poolId: string;
  clientId: string;
  sub: string;
  username: string;
  refreshTokenHash: string;
  authTime: Date;
  expiresAt: Date;
  revokedAt: Date | null;
  /**
   * The scopes of a sign-in through the OAuth 2.0 endpoints (space-separated, as the `scope` claim); its
   * refreshed tokens carry them again. Absent or null: an API sign-in (aws.cognito.signin.user.admin).
   */
  scope?: string | null;
  /**
   * The device key a sign-in of a pool with device tracking was given (NewDeviceMetadata) or signed in
   * with, and that device's group key; absent or null for sign-ins without a device. Its tokens carry the
   * `device_key` claim, ConfirmDevice accepts this key from its access token, and a refresh must name it.
   */
  deviceKey?: string | null;
  deviceGroupKey?: string | null;
}

/** A refresh token: the sign-in it belongs to, and until when it stays usable once rotation replaced it (null: not replaced). */
export interface RefreshTokenRecord {
  hash: string;
  origin: TokenOriginRecord;
  replacedUntil: Date | null;
}

/** A pending authentication challenge, addressed by its opaque Session string. */
export interface ChallengeSessionRecord {
  id: string;
  poolId: string;
  clientId: string;
  username: string;
  challenge: string;
  /** The code the user must answer with, if the challenge sent one. */
  code: string | null;
  attempts: number;
  expiresAt: Date;
  /** Challenge-specific state (JSON-able). */
  data: Record<string, unknown>;
}

/** A message the service "sent": it is kept in the outbox for the user (or the test) to read. */
export interface MessageRecord {
  id: number;
  poolId: string;
  username: string;
  medium: 'SMS' | 'EMAIL';
  destination: string;
  code: string | null;
  /** An email's subject line; null for an SMS, and for emails kept before subjects were stored. */
  subject: string | null;
  message: string;
  createdAt: Date;
}

/** A message to keep; without a subject it is kept with none. */
export type NewMessage = Omit<MessageRecord, 'id' | 'subject'> & { subject?: string | null };

/** A ListUsers filter, already parsed: `attribute = "value"` or `attribute ^= "value"`. */
export interface UserFilter {
  attribute: string;
  op: '=' | '^=';
  value: string;
}

/** A group of a pool. Optional members are null when unset (Cognito then omits them on the wire). */
export interface GroupRecord {
  poolId: string;
  name: string;
  description: string | null;
  roleArn: string | null;
  precedence: number | null;
  createdAt: Date;
  lastModifiedAt: Date;
}

/** The part of a group that UpdateGroup may change; the store keeps the rest. */
export type GroupChange = Pick<GroupRecord, 'description' | 'roleArn' | 'precedence' | 'lastModifiedAt'>;

/** What `Store.addUserToGroup` did: added, already a member, or one of the two was not there. */
export type MembershipResult = 'added' | 'member' | 'no-group' | 'no-user';

/** A resource server of a pool (CreateResourceServer): its identifier, name and custom scopes, wire-named. */
export interface ResourceServerRecord {
  poolId: string;
  identifier: string;
  name: string;
  /** `{ScopeName, ScopeDescription}` in the order given; a token names a scope `<identifier>/<ScopeName>`. */
  scopes: Array<{ ScopeName: string; ScopeDescription: string }>;
}

/** An identity provider of a pool (CreateIdentityProvider). `details` is ProviderDetails as given, validated. */
export interface IdentityProviderRecord {
  poolId: string;
  name: string;
  type: string;
  details: Record<string, string>;
  attributeMapping: Record<string, string>;
  /** Unique in the pool across providers (GetIdentityProviderByIdentifier finds the provider by one). */
  idpIdentifiers: string[];
  createdAt: Date;
  lastModifiedAt: Date;
}

/** What `createIdentityProvider` / `changeIdentityProvider` did when they could not store the provider. */
export type IdentityProviderConflict = 'name-taken' | 'identifier-taken';

/**
 * A change to an identity provider, given it as stored: returns what to store. Synchronous and free of
 * side effects, like PoolChange; it may throw a CognitoError to refuse. Pool, name, type and creation
 * date cannot be changed by it.
 */
export type IdentityProviderChange = (current: IdentityProviderRecord) => IdentityProviderRecord;

/**
 * The hosted-UI customization of one app client, or of the whole pool (`clientId` "ALL"): CSS and the
 * logo's bytes as SetUICustomization gave them.
 */
export interface UICustomizationRecord {
  poolId: string;
  clientId: string;
  css: string | null;
  /** The logo's bytes (PNG or JPEG), or null. */
  image: Buffer | null;
  createdAt: Date;
  lastModifiedAt: Date;
}

/**
 * A pool's domain, where its hosted sign-in pages and OAuth 2.0 endpoints are served: a prefix
 * (`<prefix>.auth.<region>.amazoncognito.com` at Cognito) or a custom domain with an ACM certificate.
 */
export interface DomainRecord {
  domain: string;
  poolId: string;
  /** The custom domain's certificate; null for a prefix domain. */
  certificateArn: string | null;
  managedLoginVersion: number;
  /** DescribeUserPoolDomain's Version: the time of the last change as `yyyyMMddHHmmss`. */
  version: string;
  createdAt: Date;
  lastModifiedAt: Date;
}

/** What `Store.createDomain` did. */
export type DomainCreation = 'created' | 'taken' | 'pool-has-one';

/**
 * An authorization code of the OAuth 2.0 endpoints, stored by the SHA-256 of the code: what the token
 * endpoint needs to mint the sign-in's tokens, bound to the client, the redirect_uri and (PKCE) the
 * challenge.
 */
export interface AuthorizationCodeRecord {
  codeHash: string;
  poolId: string;
  clientId: string;
  sub: string;
  username: string;
  redirectUri: string;
  scope: string[];
  nonce: string | null;
  codeChallenge: string | null;
  authTime: Date;
  expiresAt: Date;
}

/**
 * A browser's session with the hosted pages, stored by the SHA-256 of its cookie: the CSRF token, the
 * sign-in in progress (authorize request, challenge session) and, once signed in, who.
 */
export interface HostedSessionRecord {
  idHash: string;
  poolId: string;
  data: Record<string, unknown>;
  expiresAt: Date;
}

/**
 * A device a user confirmed (ConfirmDevice): its key `REGION_uuid`, the group key the sign-in gave with it,
 * the device's SRP salt and verifier (base64, as the client sent them), and whether it is remembered.
 * A device belongs to one user (by `sub`) and goes when the user goes.
 */
export interface DeviceRecord {
  poolId: string;
  sub: string;
  key: string;
  groupKey: string;
  name: string | null;
  remembered: boolean;
  salt: string;
  verifier: string;
  /** The address of the last sign-in with the device, when known. */
  lastIp: string | null;
  createdAt: Date;
  lastModifiedAt: Date;
  lastAuthenticatedAt: Date;
}

/** The states of a user import job, as UserImportJobType's Status names them. */
export type ImportJobStatus = 'Created' | 'Pending' | 'InProgress' | 'Stopping' | 'Expired' | 'Stopped' | 'Failed' | 'Succeeded';

/**
 * A user import job (CreateUserImportJob): its id `import-…` (unique across pools), the secret token of its
 * upload URL, its state and counts. The uploaded CSV is kept apart (putImportCsv / getImportCsv): it may be
 * large and only StartUserImportJob reads it. A job goes with its pool.
 */
export interface ImportJobRecord {
  poolId: string;
  jobId: string;
  jobName: string;
  roleArn: string;
  uploadToken: string;
  status: ImportJobStatus;
  createdAt: Date;
  startedAt: Date | null;
  completedAt: Date | null;
  completionMessage: string | null;
  imported: number;
  skipped: number;
  failed: number;
}

/** A page of results and the key to continue after, if there is more. */
export interface Page<T> {
  items: T[];
  next: string | null;
}

/**
 * Everything cognate keeps. SQL lives behind these methods only. Every method returns a Promise so
 * that the PostgreSQL store (several instances on one database) can implement the same interface.
 */
export interface Store {
  createPool(pool: PoolRecord, keys: PoolKeyRecord[]): Promise<void>;
  getPool(id: string): Promise<PoolRecord | null>;
  /** Pools ordered by id, after the given id. */
  listPools(limit: number, after: string | null): Promise<Page<PoolRecord>>;
  /**
   * Changes one pool atomically (settings, name, tags, schema): no other change to the pool lands
   * between the read that `change` sees and the write of what it returns, in this process or
   * (PostgreSQL) in another instance. Resolves with the pool as stored afterwards, or null if there is
   * no such pool. This is the only way to change a stored pool.
   */
  changePool(id: string, change: PoolChange): Promise<PoolRecord | null>;
  /** Deletes the pool and everything in it. Returns false if there was no such pool. */
  deletePool(id: string): Promise<boolean>;
  getPoolKeys(poolId: string): Promise<PoolKeyRecord[]>;
  countUsers(poolId: string): Promise<number>;

  createClient(client: ClientRecord): Promise<void>;
  getClient(clientId: string): Promise<ClientRecord | null>;
  listClients(poolId: string, limit: number, after: string | null): Promise<Page<ClientRecord>>;
  /** Changes one app client atomically, as changePool does a pool; the only way to change a stored client. */
  changeClient(clientId: string, change: ClientChange): Promise<ClientRecord | null>;
  deleteClient(clientId: string): Promise<boolean>;

  /** Inserts a user; returns false (and changes nothing) if the username is taken in the pool. */
  createUser(user: UserRecord): Promise<boolean>;
  /** Inserts many users in one transaction (seeding, imports). */
  createUsers(users: UserRecord[]): Promise<void>;
  /** The user with exactly this username. */
  getUser(poolId: string, username: string): Promise<UserRecord | null>;
  /**
   * The user whose usernameKey (absent: username) is `key`, through an index. At most one: the key is
   * unique in a pool, so of two concurrent creations of the same key one is refused by createUser.
   */
  getUserByUsernameKey(poolId: string, key: string): Promise<UserRecord | null>;
  getUserBySub(poolId: string, sub: string): Promise<UserRecord | null>;
  /**
   * Users whose attribute `name` equals `value` exactly (used for aliases and username attributes). With
   * `ignoreCase` (only for `email` and `preferred_username`, each with an indexed lower-case copy) the
   * comparison is of `value.toLowerCase()` with the lower-cased attribute.
   */
  findUsersByAttribute(poolId: string, name: string, value: string, options?: { ignoreCase?: boolean }): Promise<UserRecord[]>;
  /**
   * Changes one user atomically, found by pool and `sub` (so a user deleted and re-created under the
   * same name is not changed by mistake): no other change to the user lands between the read that
   * `change` sees and the write of what it returns, whatever runs concurrently, in this process or
   * (PostgreSQL) in another instance. Resolves with the record as stored afterwards, or null if there
   * is no such user. This is the only way to change a stored user.
   */
  changeUser(poolId: string, sub: string, change: UserChange): Promise<UserRecord | null>;
  deleteUser(poolId: string, username: string): Promise<boolean>;
  /** Users ordered by username, after the given username, optionally filtered. */
  listUsers(poolId: string, limit: number, after: string | null, filter: UserFilter | null): Promise<Page<UserRecord>>;

  createTokenOrigin(origin: TokenOriginRecord): Promise<void>;
  getTokenOrigin(originJti: string): Promise<TokenOriginRecord | null>;
  /** The origin of a refresh token, whether the sign-in issued it or a rotation did (see findRefreshToken). */
  getTokenOriginByRefreshHash(hash: string): Promise<TokenOriginRecord | null>;
  /** The refresh token with this hash: its origin and, once a rotation replaced it, until when it stays usable. */
  findRefreshToken(hash: string): Promise<RefreshTokenRecord | null>;
  /**
   * Refresh-token rotation, atomic across concurrent requests and (PostgreSQL) instances: if the refresh
   * token `hash` of origin `originJti` is still usable at `now` (never replaced, or replaced with a
   * `replacedUntil` later than `now`), it is marked replaced (keeping an earlier `replacedUntil` if it had
   * one, so retries never extend the grace) and `nextHash` becomes a usable refresh token of the same
   * origin; resolves true. Otherwise nothing changes and it resolves false. Of concurrent rotations of one
   * token whose grace is over (or was none: pass a `replacedUntil` at or before `now`), exactly one wins.
   */
  rotateRefreshToken(originJti: string, hash: string, nextHash: string, now: Date, replacedUntil: Date): Promise<boolean>;
  /** Marks one origin revoked; returns false if it was unknown. */
  revokeTokenOrigin(originJti: string, at: Date): Promise<boolean>;
  /** Marks every live origin of the user revoked (global sign-out). */
  revokeUserTokenOrigins(poolId: string, sub: string, at: Date): Promise<number>;

  putChallengeSession(session: ChallengeSessionRecord): Promise<void>;
  getChallengeSession(id: string): Promise<ChallengeSessionRecord | null>;
  /**
   * Spends one answer of a session before the answer is checked: if the session exists and has had
   * fewer than `maxAttempts` answers, counts one more and returns the session (with the new count);
   * otherwise returns null and changes nothing. Atomic, so concurrent answers (pipelined guesses)
   * are checked at most `maxAttempts` times in all.
   */
  claimChallengeAttempt(id: string, maxAttempts: number): Promise<ChallengeSessionRecord | null>;
  /** Deletes the session if it still exists; true only for the one caller that consumed it. */
  consumeChallengeSession(id: string): Promise<boolean>;

  /** Inserts a group; returns false (and changes nothing) if the pool already has a group of that name. */
  createGroup(group: GroupRecord): Promise<boolean>;
  getGroup(poolId: string, name: string): Promise<GroupRecord | null>;
  /** Groups ordered by name (byte order), after the given name. */
  listGroups(poolId: string, limit: number, after: string | null): Promise<Page<GroupRecord>>;
  /** Sets the changeable members of a group in one statement; resolves with the stored group, or null if there is none. */
  updateGroup(poolId: string, name: string, change: GroupChange): Promise<GroupRecord | null>;
  /** Deletes a group and every membership in it. Returns false if there was no such group. */
  deleteGroup(poolId: string, name: string): Promise<boolean>;
  /**
   * Makes the user (by `sub`) a member of the group. Atomic against a concurrent DeleteGroup or
   * AdminDeleteUser: a membership is never left behind for a group or user that is gone.
   */
  addUserToGroup(poolId: string, name: string, sub: string): Promise<MembershipResult>;
  /** Ends one membership; false if the user was not in the group. */
  removeUserFromGroup(poolId: string, name: string, sub: string): Promise<boolean>;
  /** The groups the user (by `sub`) is in, ordered by name, after the given name. */
  listGroupsForUser(poolId: string, sub: string, limit: number, after: string | null): Promise<Page<GroupRecord>>;
  /** Every group the user is in, ordered by name: read once per token issue (sign-in and refresh), never per request. */
  groupsOfUser(poolId: string, sub: string): Promise<GroupRecord[]>;
  /** The members of a group ordered by username, after the given username. */
  listUsersInGroup(poolId: string, name: string, limit: number, after: string | null): Promise<Page<UserRecord>>;

  /**
   * Stores a confirmed device (ConfirmDevice): inserts it, or replaces salt, verifier, name, status and
   * dates of the same user's device with that key, keeping its creation date. Resolves with what is
   * stored, or null (and no change) if the key is another user's device or the user is gone.
   */
  putDevice(device: DeviceRecord): Promise<DeviceRecord | null>;
  /** The device with this key in the pool, whoever owns it. */
  getDevice(poolId: string, key: string): Promise<DeviceRecord | null>;
  /** The user's devices ordered by key, after the given key; only remembered ones with `rememberedOnly`. */
  listDevices(poolId: string, sub: string, limit: number, after: string | null, rememberedOnly: boolean): Promise<Page<DeviceRecord>>;
  /** Sets whether the user's device is remembered (and its modification date); null if the user has no such device. */
  setDeviceRemembered(poolId: string, sub: string, key: string, remembered: boolean, at: Date): Promise<DeviceRecord | null>;
  /** Records a sign-in with the user's device: its date and, when known, address. Null if the user has no such device. */
  touchDevice(poolId: string, sub: string, key: string, at: Date, ip: string | null): Promise<DeviceRecord | null>;
  /** Forgets one device of the user; false if the user had no such device. */
  deleteDevice(poolId: string, sub: string, key: string): Promise<boolean>;

  /** Inserts a user import job (its id is new); the pool must exist. */
  createImportJob(job: ImportJobRecord): Promise<void>;
  /** The import job with this id, in whichever pool. */
  getImportJob(jobId: string): Promise<ImportJobRecord | null>;
  /** The pool's import jobs ordered by job id, after the given id. */
  listImportJobs(poolId: string, limit: number, after: string | null): Promise<Page<ImportJobRecord>>;
  /** Keeps the uploaded CSV of a job still in Created (a new upload replaces the last); false otherwise. */
  putImportCsv(jobId: string, csv: string): Promise<boolean>;
  /** The uploaded CSV of a job, or null if none was uploaded. */
  getImportCsv(jobId: string): Promise<string | null>;
  /**
   * Writes a job's state, dates, message and counts if its status is still `from` (one statement, so of two
   * instances starting or stopping the same job one wins); null (and no change) otherwise.
   */
  updateImportJob(job: ImportJobRecord, from: ImportJobStatus): Promise<ImportJobRecord | null>;

  /** Inserts a resource server; false (and no change) if the pool has one with that identifier. */
  createResourceServer(server: ResourceServerRecord): Promise<boolean>;
  getResourceServer(poolId: string, identifier: string): Promise<ResourceServerRecord | null>;
  /** Resource servers ordered by identifier (byte order), after the given identifier. */
  listResourceServers(poolId: string, limit: number, after: string | null): Promise<Page<ResourceServerRecord>>;
  /** Every resource server of the pool (at most 300, Cognito's quota): for checking a client's scopes. */
  allResourceServers(poolId: string): Promise<ResourceServerRecord[]>;
  /** Sets name and scopes in one statement; resolves with the stored server, or null if there is none. */
  updateResourceServer(server: ResourceServerRecord): Promise<ResourceServerRecord | null>;
  deleteResourceServer(poolId: string, identifier: string): Promise<boolean>;

  /**
   * Inserts an identity provider with its IdpIdentifiers in one transaction: 'name-taken' if the pool has
   * a provider of that name, 'identifier-taken' if another provider has one of the identifiers (then
   * nothing is stored); null on success.
   */
  createIdentityProvider(provider: IdentityProviderRecord): Promise<IdentityProviderConflict | null>;
  getIdentityProvider(poolId: string, name: string): Promise<IdentityProviderRecord | null>;
  /** The provider that has this IdpIdentifier, through its unique index. */
  getIdentityProviderByIdentifier(poolId: string, identifier: string): Promise<IdentityProviderRecord | null>;
  /** Providers ordered by name (byte order), after the given name. */
  listIdentityProviders(poolId: string, limit: number, after: string | null): Promise<Page<IdentityProviderRecord>>;
  /**
   * Changes one provider atomically (read, `change`, write of the provider and its identifiers in one
   * transaction). Resolves with the stored provider, null if there is none, or 'identifier-taken' (and
   * no change) if another provider of the pool holds one of the new identifiers.
   */
  changeIdentityProvider(poolId: string, name: string, change: IdentityProviderChange): Promise<IdentityProviderRecord | null | 'identifier-taken'>;
  deleteIdentityProvider(poolId: string, name: string): Promise<boolean>;
  /**
   * The user linked to an external identity: the one whose `identities` attribute holds an entry with this
   * `providerName` and `userId` (a federated user `PROVIDER_sub` holds its own; AdminLinkProviderForUser
   * adds one to a native user). Through an index the store keeps in step with the attribute in the
   * same transaction as every user write, unique per pool: a changeUser or createUser whose `identities`
   * names an identity another user of the pool holds is refused with AliasExistsException.
   */
  findUserByProviderIdentity(poolId: string, providerName: string, providerUserId: string): Promise<UserRecord | null>;

  /** Stores a client's (or, with clientId "ALL", the pool's) UI customization, keeping the first creation date; resolves with what is stored. */
  putUICustomization(customization: UICustomizationRecord): Promise<UICustomizationRecord>;
  /** Exactly the customization stored for this client id ("ALL" for the pool's), without falling back. */
  getUICustomization(poolId: string, clientId: string): Promise<UICustomizationRecord | null>;
  /** Deletes the customization of one client id (its app client was deleted); false if there was none. */
  deleteUICustomization(poolId: string, clientId: string): Promise<boolean>;

  /**
   * Adds a domain to a pool. The name is unique across pools ('taken'), and a pool has at most one
   * prefix and one custom domain ('pool-has-one'); the insert itself decides, so of concurrent creations
   * one wins.
   */
  createDomain(domain: DomainRecord): Promise<DomainCreation>;
  getDomain(domain: string): Promise<DomainRecord | null>;
  /** The pool's domains (none, a prefix, a custom domain, or both), prefix first. */
  domainsOfPool(poolId: string): Promise<DomainRecord[]>;
  /** Sets the certificate, managed-login version, version and modification time of the pool's domain; null if there is none. */
  updateDomain(
    poolId: string,
    domain: string,
    change: Pick<DomainRecord, 'certificateArn' | 'managedLoginVersion' | 'version' | 'lastModifiedAt'>,
  ): Promise<DomainRecord | null>;
  deleteDomain(poolId: string, domain: string): Promise<boolean>;

  putAuthorizationCode(code: AuthorizationCodeRecord): Promise<void>;
  /** Deletes and returns the code with this hash: of concurrent exchanges of one code, exactly one gets it. */
  consumeAuthorizationCode(codeHash: string): Promise<AuthorizationCodeRecord | null>;
  /** Stores (or replaces) a hosted-page session. */
  putHostedSession(session: HostedSessionRecord): Promise<void>;
  getHostedSession(idHash: string): Promise<HostedSessionRecord | null>;
  deleteHostedSession(idHash: string): Promise<void>;
  /** Deletes and returns the session with this hash: of concurrent takers, exactly one gets it (single-use federation states). */
  takeHostedSession(idHash: string): Promise<HostedSessionRecord | null>;

  addMessage(message: NewMessage): Promise<MessageRecord>;
  listMessages(filter: { poolId?: string; username?: string }): Promise<MessageRecord[]>;

  close(): Promise<void>;

  /**
   * Stores the user's SRP salt and verifier if the user's password hash is still the one they were
   * made with (`srp.passwordHash`); returns whether it stored them. Of two concurrent password changes,
   * only the verifier of the password that stayed is kept.
   */
  setSrpVerifier(poolId: string, username: string, srp: SrpVerifierRecord): Promise<boolean>;
  /** The user's SRP salt and verifier, or null if none was ever stored. */
  getSrpVerifier(poolId: string, username: string): Promise<SrpVerifierRecord | null>;
  /**
   * Records a TOTP time step as used if it is later than the last one used; false (and no change) if
   * not. Atomic, so one code is accepted once even by concurrent requests.
   */
  claimTotpStep(poolId: string, username: string, step: number): Promise<boolean>;

  /**
   * Issues a one-time code: `make` gets the user's current code for the purpose (or null) and returns
   * the code that replaces it. Atomic like changeUser: of concurrent issues, each sees what the one
   * before stored (the hourly request count depends on it). `make` is synchronous and may throw to
   * refuse, and then nothing changes. Resolves with the stored code.
   */
  issueCode(poolId: string, sub: string, purpose: string, make: (previous: CodeRecord | null) => CodeRecord): Promise<CodeRecord>;
  getCode(poolId: string, sub: string, purpose: string): Promise<CodeRecord | null>;
  /**
   * Spends one attempt at a code before the answer is checked: if the code exists and has had fewer
   * than `maxAttempts` attempts, counts one more and returns it (with the new count); otherwise null,
   * and nothing changes. Atomic, like `claimChallengeAttempt`.
   */
  claimCodeAttempt(poolId: string, sub: string, purpose: string, maxAttempts: number): Promise<CodeRecord | null>;
  /** Deletes the code if it is still the given one; true only for the one caller that consumed it. */
  consumeCode(poolId: string, sub: string, purpose: string, code: string): Promise<boolean>;
  /** Deletes every code of a user (the user was deleted). */
  deleteCodes(poolId: string, sub: string): Promise<void>;

  /**
   * Deletes challenge sessions, authorization codes and hosted-page sessions that expired before
   * `before`, at most `limit` rows of each kind, and answers how many it deleted. Anyone can make those
   * rows (an SRP_A, a visit to /oauth2/authorize), so without this they would grow without bound; every
   * read already treats an expired row as absent, so deleting one changes no answer.
   */
  purgeExpired(before: Date, limit: number): Promise<number>;

  /** Whether the store can serve, for GET /health; a store without it is always healthy. */
  health?(): StoreHealth;
}

/** What `Store.health()` reports: whether the store can serve, and if not, why (naming the file). */
export interface StoreHealth {
  ok: boolean;
  detail?: string;
}

/**
 * A user's SRP secret: salt and verifier (hex), with the password hash current when they were made.
 * If the password changed since (in a way that did not store a new verifier), the pair is stale and
 * SRP refuses it, so a write that lands between the two updates can never let an old password in.
 */
export interface SrpVerifierRecord {
  salt: string;
  verifier: string;
  passwordHash: string;
}

/** What a one-time code confirms. `VERIFY:<attribute>` codes verify an email or phone number. */
export type CodePurpose = 'SIGN_UP' | 'FORGOT_PASSWORD' | `VERIFY:${string}`;

/** A one-time code sent to a user (sign-up confirmation, password reset, attribute verification). */
export interface CodeRecord {
  poolId: string;
  sub: string;
  purpose: CodePurpose | string;
  code: string;
  attempts: number;
  createdAt: Date;
  expiresAt: Date;
  /** Where it went: `{ medium, attribute, destination }` (JSON-able). */
  data: Record<string, unknown>;
}
