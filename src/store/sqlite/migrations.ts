import type Database from 'better-sqlite3';

/**
 * Versioned migrations: index i brings the schema from version i to i + 1 (PRAGMA user_version).
 * Never edit a released step; append a new one.
 */
export const MIGRATIONS: string[] = [
  `
  CREATE TABLE pools (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    modified_at INTEGER NOT NULL,
    settings TEXT NOT NULL
  );
  CREATE TABLE pool_keys (
    pool_id TEXT NOT NULL REFERENCES pools(id) ON DELETE CASCADE,
    use TEXT NOT NULL,
    kid TEXT NOT NULL,
    private_jwk TEXT NOT NULL,
    public_jwk TEXT NOT NULL,
    PRIMARY KEY (pool_id, use)
  );
  CREATE TABLE clients (
    id TEXT PRIMARY KEY,
    pool_id TEXT NOT NULL REFERENCES pools(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    secret TEXT,
    created_at INTEGER NOT NULL,
    modified_at INTEGER NOT NULL,
    settings TEXT NOT NULL
  );
  CREATE INDEX clients_by_pool ON clients(pool_id, id);
  CREATE TABLE users (
    pool_id TEXT NOT NULL REFERENCES pools(id) ON DELETE CASCADE,
    username TEXT NOT NULL,
    sub TEXT NOT NULL,
    status TEXT NOT NULL,
    enabled INTEGER NOT NULL,
    password_hash TEXT,
    temp_password_expires_at INTEGER,
    attributes TEXT NOT NULL,
    mfa TEXT NOT NULL,
    email TEXT,
    phone_number TEXT,
    created_at INTEGER NOT NULL,
    modified_at INTEGER NOT NULL,
    PRIMARY KEY (pool_id, username)
  ) WITHOUT ROWID;
  CREATE UNIQUE INDEX users_by_sub ON users(pool_id, sub);
  CREATE INDEX users_by_email ON users(pool_id, email) WHERE email IS NOT NULL;
  CREATE INDEX users_by_phone ON users(pool_id, phone_number) WHERE phone_number IS NOT NULL;
  CREATE TABLE token_origins (
    origin_jti TEXT PRIMARY KEY,
    pool_id TEXT NOT NULL REFERENCES pools(id) ON DELETE CASCADE,
    client_id TEXT NOT NULL,
    sub TEXT NOT NULL,
    username TEXT NOT NULL,
    refresh_hash TEXT NOT NULL UNIQUE,
    auth_time INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    revoked_at INTEGER
  );
  CREATE INDEX token_origins_by_user ON token_origins(pool_id, sub);
  CREATE TABLE challenge_sessions (
    id TEXT PRIMARY KEY,
    pool_id TEXT NOT NULL REFERENCES pools(id) ON DELETE CASCADE,
    client_id TEXT NOT NULL,
    username TEXT NOT NULL,
    challenge TEXT NOT NULL,
    code TEXT,
    attempts INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    data TEXT NOT NULL
  );
  CREATE TABLE messages (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    pool_id TEXT NOT NULL,
    username TEXT NOT NULL,
    medium TEXT NOT NULL,
    destination TEXT NOT NULL,
    code TEXT,
    message TEXT NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE INDEX messages_by_pool_user ON messages(pool_id, username, id);
  `,
  // 2: SRP verifiers and TOTP replay protection on users; one-time codes (sign-up, forgot password, attribute verification).
  `
  ALTER TABLE users ADD COLUMN srp_salt TEXT;
  ALTER TABLE users ADD COLUMN srp_verifier TEXT;
  ALTER TABLE users ADD COLUMN srp_password_hash TEXT;
  ALTER TABLE users ADD COLUMN totp_last_step INTEGER;
  CREATE TABLE codes (
    pool_id TEXT NOT NULL REFERENCES pools(id) ON DELETE CASCADE,
    sub TEXT NOT NULL,
    purpose TEXT NOT NULL,
    code TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (pool_id, sub, purpose)
  ) WITHOUT ROWID;
  `,
  // 3: the sign-in lockout (domain/lockout.ts), JSON; changed only through changeUser.
  `
  ALTER TABLE users ADD COLUMN lockout TEXT;
  `,
  // 4: groups and their members. A membership names the user by sub (a user deleted and re-created under
  // the same name is not a member again) and goes with its group, its user and its pool by cascade.
  // ("groups" itself is an SQL keyword, hence pool_groups.)
  `
  CREATE TABLE pool_groups (
    pool_id TEXT NOT NULL REFERENCES pools(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    description TEXT,
    role_arn TEXT,
    precedence INTEGER,
    created_at INTEGER NOT NULL,
    modified_at INTEGER NOT NULL,
    PRIMARY KEY (pool_id, name)
  ) WITHOUT ROWID;
  CREATE TABLE group_members (
    pool_id TEXT NOT NULL,
    group_name TEXT NOT NULL,
    sub TEXT NOT NULL,
    PRIMARY KEY (pool_id, group_name, sub),
    FOREIGN KEY (pool_id, group_name) REFERENCES pool_groups(pool_id, name) ON DELETE CASCADE,
    FOREIGN KEY (pool_id, sub) REFERENCES users(pool_id, sub) ON DELETE CASCADE
  ) WITHOUT ROWID;
  CREATE INDEX group_members_by_user ON group_members(pool_id, sub, group_name);
  `,
  // 5: up to two secrets per app client (AddUserPoolClientSecret), JSON [{id, value, createdAt}]; an
  // existing secret is kept as the first, with the id Cognito's format gives it: <client-id>--<epoch-ms>.
  `
  ALTER TABLE clients ADD COLUMN secrets TEXT NOT NULL DEFAULT '[]';
  UPDATE clients SET secrets = json_array(json_object('id', id || '--' || created_at, 'value', secret, 'createdAt', created_at))
    WHERE secret IS NOT NULL;
  ALTER TABLE clients DROP COLUMN secret;
  `,
  // 6: refresh-token rotation (GetTokensFromRefreshToken): the refresh tokens a rotation replaced or
  // issued. The token a sign-in issued stays in token_origins.refresh_hash until it is rotated.
  `
  CREATE TABLE refresh_tokens (
    hash TEXT PRIMARY KEY,
    origin_jti TEXT NOT NULL REFERENCES token_origins(origin_jti) ON DELETE CASCADE,
    replaced_until INTEGER
  ) WITHOUT ROWID;
  CREATE INDEX refresh_tokens_by_origin ON refresh_tokens(origin_jti);
  `,
  // 7: UsernameConfiguration.CaseSensitive false. username_key is the username as compared (lower case in
  // such pools, the username itself elsewhere), unique per pool; email_key and preferred_username_key are
  // lower-case copies of those attributes for case-insensitive alias lookups. All indexed, so a lookup
  // that ignores case is one index probe, not a scan. Existing users of case-insensitive pools get
  // lower(username) unless two of them differ only in case (then they keep their exact names); SQLite's
  // lower() folds ASCII only, so a non-ASCII name of such a user keeps its case until it is re-created.
  `
  ALTER TABLE users ADD COLUMN username_key TEXT;
  ALTER TABLE users ADD COLUMN email_key TEXT;
  ALTER TABLE users ADD COLUMN preferred_username_key TEXT;
  UPDATE users SET username_key = username, email_key = lower(email),
    preferred_username_key = lower(json_extract(attributes, '$.preferred_username'));
  UPDATE users SET username_key = lower(username)
    WHERE pool_id IN (SELECT id FROM pools WHERE json_extract(settings, '$.UsernameConfiguration.CaseSensitive') = 0)
      AND NOT EXISTS (SELECT 1 FROM users AS o WHERE o.pool_id = users.pool_id AND o.username <> users.username AND lower(o.username) = lower(users.username));
  CREATE UNIQUE INDEX users_by_username_key ON users(pool_id, username_key);
  CREATE INDEX users_by_email_key ON users(pool_id, email_key) WHERE email_key IS NOT NULL;
  CREATE INDEX users_by_preferred_username_key ON users(pool_id, preferred_username_key) WHERE preferred_username_key IS NOT NULL;
  `,
  // An email's subject line in the outbox. Messages kept before have none (NULL), as SMS messages do.
  `
  ALTER TABLE messages ADD COLUMN subject TEXT;
  `,
  // 9: OAuth management (issue 12). Resource servers with their scopes (JSON); identity providers with
  // ProviderDetails, AttributeMapping and IdpIdentifiers (JSON), each identifier also a row of
  // idp_identifiers, whose key makes it unique in the pool; UI customizations per client id ("ALL":
  // the pool's), the logo as bytes; and user_identities, the index of the users' `identities` attribute
  // (provider name and the user's id there -> sub) that federation looks users up by, kept in step
  // with the attribute by the store's user writes, one identity to one user of a pool.
  `
  CREATE TABLE resource_servers (
    pool_id TEXT NOT NULL REFERENCES pools(id) ON DELETE CASCADE,
    identifier TEXT NOT NULL,
    name TEXT NOT NULL,
    scopes TEXT NOT NULL,
    PRIMARY KEY (pool_id, identifier)
  ) WITHOUT ROWID;
  CREATE TABLE identity_providers (
    pool_id TEXT NOT NULL REFERENCES pools(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    details TEXT NOT NULL,
    attribute_mapping TEXT NOT NULL,
    idp_identifiers TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    modified_at INTEGER NOT NULL,
    PRIMARY KEY (pool_id, name)
  ) WITHOUT ROWID;
  CREATE TABLE idp_identifiers (
    pool_id TEXT NOT NULL,
    identifier TEXT NOT NULL,
    provider_name TEXT NOT NULL,
    PRIMARY KEY (pool_id, identifier),
    FOREIGN KEY (pool_id, provider_name) REFERENCES identity_providers(pool_id, name) ON DELETE CASCADE
  ) WITHOUT ROWID;
  CREATE INDEX idp_identifiers_by_provider ON idp_identifiers(pool_id, provider_name);
  CREATE TABLE ui_customizations (
    pool_id TEXT NOT NULL REFERENCES pools(id) ON DELETE CASCADE,
    client_id TEXT NOT NULL,
    css TEXT,
    image BLOB,
    created_at INTEGER NOT NULL,
    modified_at INTEGER NOT NULL,
    PRIMARY KEY (pool_id, client_id)
  ) WITHOUT ROWID;
  CREATE TABLE user_identities (
    pool_id TEXT NOT NULL,
    provider_name TEXT NOT NULL,
    provider_user_id TEXT NOT NULL,
    sub TEXT NOT NULL,
    PRIMARY KEY (pool_id, provider_name, provider_user_id),
    FOREIGN KEY (pool_id, sub) REFERENCES users(pool_id, sub) ON DELETE CASCADE
  ) WITHOUT ROWID;
  CREATE INDEX user_identities_by_user ON user_identities(pool_id, sub);
  `,
  // 10: the pools' domains (at most one prefix and one custom domain per pool, each name once across
  // pools), what the OAuth 2.0 endpoints keep between requests (authorization codes, stored by hash and
  // consumed once; the hosted pages' browser sessions, by hash), and the scopes of a sign-in made through
  // them (null: an API sign-in, whose tokens carry aws.cognito.signin.user.admin).
  `
  CREATE TABLE domains (
    domain TEXT PRIMARY KEY,
    pool_id TEXT NOT NULL REFERENCES pools(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    certificate_arn TEXT,
    managed_login_version INTEGER NOT NULL,
    version TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    modified_at INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE UNIQUE INDEX domains_by_pool ON domains(pool_id, kind);
  CREATE TABLE oauth_codes (
    code_hash TEXT PRIMARY KEY,
    pool_id TEXT NOT NULL REFERENCES pools(id) ON DELETE CASCADE,
    client_id TEXT NOT NULL,
    data TEXT NOT NULL,
    expires_at INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE TABLE hosted_sessions (
    id_hash TEXT PRIMARY KEY,
    pool_id TEXT NOT NULL REFERENCES pools(id) ON DELETE CASCADE,
    data TEXT NOT NULL,
    expires_at INTEGER NOT NULL
  ) WITHOUT ROWID;
  ALTER TABLE token_origins ADD COLUMN scope TEXT;
  `,
  // 10: the rows anyone can make expire, and purgeExpired deletes them oldest first through these.
  `
  CREATE INDEX challenge_sessions_by_expiry ON challenge_sessions(expires_at);
  CREATE INDEX oauth_codes_by_expiry ON oauth_codes(expires_at);
  CREATE INDEX hosted_sessions_by_expiry ON hosted_sessions(expires_at);
  `,
  // 12: remembered devices (ConfirmDevice). A device belongs to one user by sub and goes with the user (and
  // the pool) by cascade; its key is unique in the pool. A sign-in's device key and group key ride on its
  // token origin, so that ConfirmDevice and a refresh can check the key the sign-in was given.
  `
  CREATE TABLE devices (
    pool_id TEXT NOT NULL,
    device_key TEXT NOT NULL,
    sub TEXT NOT NULL,
    group_key TEXT NOT NULL,
    name TEXT,
    remembered INTEGER NOT NULL,
    salt TEXT NOT NULL,
    verifier TEXT NOT NULL,
    last_ip TEXT,
    created_at INTEGER NOT NULL,
    modified_at INTEGER NOT NULL,
    authenticated_at INTEGER NOT NULL,
    PRIMARY KEY (pool_id, device_key),
    FOREIGN KEY (pool_id, sub) REFERENCES users(pool_id, sub) ON DELETE CASCADE
  ) WITHOUT ROWID;
  CREATE INDEX devices_by_user ON devices(pool_id, sub, device_key);
  ALTER TABLE token_origins ADD COLUMN device_key TEXT;
  ALTER TABLE token_origins ADD COLUMN device_group_key TEXT;
  `,
  // 13: user import jobs (CreateUserImportJob). A job goes with its pool; its CSV rides on the row, as
  // only StartUserImportJob reads it and the upload is limited in size (protocol/imports.ts).
  `
  CREATE TABLE import_jobs (
    job_id TEXT PRIMARY KEY,
    pool_id TEXT NOT NULL REFERENCES pools(id) ON DELETE CASCADE,
    job_name TEXT NOT NULL,
    role_arn TEXT NOT NULL,
    upload_token TEXT NOT NULL,
    status TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    started_at INTEGER,
    completed_at INTEGER,
    completion_message TEXT,
    imported INTEGER NOT NULL,
    skipped INTEGER NOT NULL,
    failed INTEGER NOT NULL,
    csv TEXT
  );
  CREATE INDEX import_jobs_by_pool ON import_jobs(pool_id, job_id);
  `,
];
/** Brings the database to the newest schema version, one transaction per step. */
export function migrate(db: Database.Database): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  for (let v = version; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]!);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}
