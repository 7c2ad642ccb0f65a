import type pg from 'pg';

/**
 * Versioned migrations: step i brings the schema from version i to i + 1, recorded in
 * schema_migrations. Never edit a released step; append a new one.
 *
 * Keys that are paged or compared with `>` (pool, client and user names) are COLLATE "C": byte order,
 * as SQLite compares, whatever collation the database was created with, so both stores page alike.
 * JSON is `json`, not `jsonb`, because the stored text comes back member for member in its order.
 */
export const MIGRATIONS: string[] = [
  `
  CREATE TABLE pools (
    id TEXT COLLATE "C" PRIMARY KEY,
    name TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    modified_at TIMESTAMPTZ NOT NULL,
    settings JSON NOT NULL
  );
  CREATE TABLE pool_keys (
    pool_id TEXT COLLATE "C" NOT NULL REFERENCES pools(id) ON DELETE CASCADE,
    use TEXT NOT NULL,
    kid TEXT NOT NULL,
    private_jwk TEXT NOT NULL,
    public_jwk TEXT NOT NULL,
    PRIMARY KEY (pool_id, use)
  );
  CREATE TABLE clients (
    id TEXT COLLATE "C" PRIMARY KEY,
    pool_id TEXT COLLATE "C" NOT NULL REFERENCES pools(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    secret TEXT,
    created_at TIMESTAMPTZ NOT NULL,
    modified_at TIMESTAMPTZ NOT NULL,
    settings JSON NOT NULL
  );
  CREATE INDEX clients_by_pool ON clients (pool_id, id);
  CREATE TABLE users (
    pool_id TEXT COLLATE "C" NOT NULL REFERENCES pools(id) ON DELETE CASCADE,
    username TEXT COLLATE "C" NOT NULL,
    sub TEXT NOT NULL,
    status TEXT NOT NULL,
    enabled BOOLEAN NOT NULL,
    password_hash TEXT,
    temp_password_expires_at TIMESTAMPTZ,
    attributes JSON NOT NULL,
    mfa JSON NOT NULL,
    email TEXT,
    phone_number TEXT,
    created_at TIMESTAMPTZ NOT NULL,
    modified_at TIMESTAMPTZ NOT NULL,
    srp_salt TEXT,
    srp_verifier TEXT,
    srp_password_hash TEXT,
    totp_last_step BIGINT,
    PRIMARY KEY (pool_id, username)
  );
  CREATE UNIQUE INDEX users_by_sub ON users (pool_id, sub);
  CREATE INDEX users_by_email ON users (pool_id, email) WHERE email IS NOT NULL;
  CREATE INDEX users_by_phone ON users (pool_id, phone_number) WHERE phone_number IS NOT NULL;
  CREATE TABLE token_origins (
    origin_jti TEXT PRIMARY KEY,
    pool_id TEXT COLLATE "C" NOT NULL REFERENCES pools(id) ON DELETE CASCADE,
    client_id TEXT NOT NULL,
    sub TEXT NOT NULL,
    username TEXT NOT NULL,
    refresh_hash TEXT NOT NULL UNIQUE,
    auth_time TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    revoked_at TIMESTAMPTZ
  );
  CREATE INDEX token_origins_by_user ON token_origins (pool_id, sub);
  CREATE TABLE challenge_sessions (
    id TEXT PRIMARY KEY,
    pool_id TEXT COLLATE "C" NOT NULL REFERENCES pools(id) ON DELETE CASCADE,
    client_id TEXT NOT NULL,
    username TEXT NOT NULL,
    challenge TEXT NOT NULL,
    code TEXT,
    attempts INTEGER NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    data JSON NOT NULL
  );
  CREATE TABLE messages (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    pool_id TEXT NOT NULL,
    username TEXT NOT NULL,
    medium TEXT NOT NULL,
    destination TEXT NOT NULL,
    code TEXT,
    message TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
  );
  CREATE INDEX messages_by_pool_user ON messages (pool_id, username, id);
  CREATE TABLE codes (
    pool_id TEXT COLLATE "C" NOT NULL REFERENCES pools(id) ON DELETE CASCADE,
    sub TEXT NOT NULL,
    purpose TEXT NOT NULL,
    code TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    data JSON NOT NULL,
    PRIMARY KEY (pool_id, sub, purpose)
  );
  `,
  // 2: the sign-in lockout (domain/lockout.ts), changed only through changeUser.
  `
  ALTER TABLE users ADD COLUMN lockout JSON;
  `,
  // 3: groups and their members, as SQLite's step 4. A membership names the user by sub and goes with its
  // group, its user and its pool by cascade, so no instance can leave one behind.
  `
  CREATE TABLE pool_groups (
    pool_id TEXT COLLATE "C" NOT NULL REFERENCES pools(id) ON DELETE CASCADE,
    name TEXT COLLATE "C" NOT NULL,
    description TEXT,
    role_arn TEXT,
    precedence BIGINT,
    created_at TIMESTAMPTZ NOT NULL,
    modified_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (pool_id, name)
  );
  CREATE TABLE group_members (
    pool_id TEXT COLLATE "C" NOT NULL,
    group_name TEXT COLLATE "C" NOT NULL,
    sub TEXT NOT NULL,
    PRIMARY KEY (pool_id, group_name, sub),
    FOREIGN KEY (pool_id, group_name) REFERENCES pool_groups (pool_id, name) ON DELETE CASCADE,
    FOREIGN KEY (pool_id, sub) REFERENCES users (pool_id, sub) ON DELETE CASCADE
  );
  CREATE INDEX group_members_by_user ON group_members (pool_id, sub, group_name);
  `,
  // 4: up to two secrets per app client (AddUserPoolClientSecret), [{id, value, createdAt}]; an existing
  // secret is kept as the first, with the id Cognito's format gives it: <client-id>--<epoch-ms>.
  `
  ALTER TABLE clients ADD COLUMN secrets JSON NOT NULL DEFAULT '[]';
  UPDATE clients SET secrets = json_build_array(json_build_object(
      'id', id || '--' || (extract(epoch FROM created_at) * 1000)::bigint,
      'value', secret,
      'createdAt', (extract(epoch FROM created_at) * 1000)::bigint))
    WHERE secret IS NOT NULL;
  ALTER TABLE clients DROP COLUMN secret;
  `,
  // 5: refresh-token rotation (GetTokensFromRefreshToken): the refresh tokens a rotation replaced or
  // issued. The token a sign-in issued stays in token_origins.refresh_hash until it is rotated.
  `
  CREATE TABLE refresh_tokens (
    hash TEXT PRIMARY KEY,
    origin_jti TEXT NOT NULL REFERENCES token_origins(origin_jti) ON DELETE CASCADE,
    replaced_until TIMESTAMPTZ
  );
  CREATE INDEX refresh_tokens_by_origin ON refresh_tokens (origin_jti);
  `,
  // 6: UsernameConfiguration.CaseSensitive false. username_key is the username as compared (lower case in
  // such pools, the username itself elsewhere), unique per pool, so of concurrent creations of one name
  // on any instance one wins; email_key and preferred_username_key are lower-case copies of those
  // attributes for case-insensitive alias lookups. All indexed: a lookup that ignores case is one index
  // probe. Existing users of case-insensitive pools get lower(username) unless two of them differ only
  // in case (then they keep their exact names).
  `
  ALTER TABLE users ADD COLUMN username_key TEXT COLLATE "C";
  ALTER TABLE users ADD COLUMN email_key TEXT;
  ALTER TABLE users ADD COLUMN preferred_username_key TEXT;
  UPDATE users SET username_key = username, email_key = lower(email), preferred_username_key = lower(attributes ->> 'preferred_username');
  UPDATE users SET username_key = lower(username)
    WHERE pool_id IN (SELECT id FROM pools WHERE settings -> 'UsernameConfiguration' ->> 'CaseSensitive' = 'false')
      AND NOT EXISTS (SELECT 1 FROM users AS o WHERE o.pool_id = users.pool_id AND o.username <> users.username AND lower(o.username) = lower(users.username));
  ALTER TABLE users ALTER COLUMN username_key SET NOT NULL;
  CREATE UNIQUE INDEX users_by_username_key ON users (pool_id, username_key);
  CREATE INDEX users_by_email_key ON users (pool_id, email_key) WHERE email_key IS NOT NULL;
  CREATE INDEX users_by_preferred_username_key ON users (pool_id, preferred_username_key) WHERE preferred_username_key IS NOT NULL;
  `,
  // An email's subject line in the outbox. Messages kept before have none (NULL), as SMS messages do.
  `
  ALTER TABLE messages ADD COLUMN subject TEXT;
  `,
  // 8: OAuth management (issue 12). Resource servers with their scopes (JSON); identity providers with
  // ProviderDetails, AttributeMapping and IdpIdentifiers (JSON), each identifier also a row of
  // idp_identifiers, whose key makes it unique in the pool across instances; UI customizations per
  // client id ("ALL": the pool's), the logo as bytes; and user_identities, the index of the users'
  // `identities` attribute (provider name and the user's id there -> sub) that federation looks users
  // up by, kept in step with the attribute in the transaction of every user write.
  `
  CREATE TABLE resource_servers (
    pool_id TEXT COLLATE "C" NOT NULL REFERENCES pools(id) ON DELETE CASCADE,
    identifier TEXT COLLATE "C" NOT NULL,
    name TEXT NOT NULL,
    scopes JSON NOT NULL,
    PRIMARY KEY (pool_id, identifier)
  );
  CREATE TABLE identity_providers (
    pool_id TEXT COLLATE "C" NOT NULL REFERENCES pools(id) ON DELETE CASCADE,
    name TEXT COLLATE "C" NOT NULL,
    type TEXT NOT NULL,
    details JSON NOT NULL,
    attribute_mapping JSON NOT NULL,
    idp_identifiers JSON NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    modified_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (pool_id, name)
  );
  CREATE TABLE idp_identifiers (
    pool_id TEXT COLLATE "C" NOT NULL,
    identifier TEXT NOT NULL,
    provider_name TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (pool_id, identifier),
    FOREIGN KEY (pool_id, provider_name) REFERENCES identity_providers(pool_id, name) ON DELETE CASCADE
  );
  CREATE INDEX idp_identifiers_by_provider ON idp_identifiers (pool_id, provider_name);
  CREATE TABLE ui_customizations (
    pool_id TEXT COLLATE "C" NOT NULL REFERENCES pools(id) ON DELETE CASCADE,
    client_id TEXT NOT NULL,
    css TEXT,
    image BYTEA,
    created_at TIMESTAMPTZ NOT NULL,
    modified_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (pool_id, client_id)
  );
  CREATE TABLE user_identities (
    pool_id TEXT COLLATE "C" NOT NULL,
    provider_name TEXT NOT NULL,
    provider_user_id TEXT NOT NULL,
    sub TEXT NOT NULL,
    PRIMARY KEY (pool_id, provider_name, provider_user_id),
    FOREIGN KEY (pool_id, sub) REFERENCES users(pool_id, sub) ON DELETE CASCADE
  );
  CREATE INDEX user_identities_by_user ON user_identities (pool_id, sub);
  `,
  // 9: the pools' domains (at most one prefix and one custom domain per pool, each name once across
  // pools), what the OAuth 2.0 endpoints share between instances (authorization codes, stored by hash and
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
    created_at TIMESTAMPTZ NOT NULL,
    modified_at TIMESTAMPTZ NOT NULL
  );
  CREATE UNIQUE INDEX domains_by_pool ON domains (pool_id, kind);
  CREATE TABLE oauth_codes (
    code_hash TEXT PRIMARY KEY,
    pool_id TEXT NOT NULL REFERENCES pools(id) ON DELETE CASCADE,
    client_id TEXT NOT NULL,
    data JSON NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL
  );
  CREATE TABLE hosted_sessions (
    id_hash TEXT PRIMARY KEY,
    pool_id TEXT NOT NULL REFERENCES pools(id) ON DELETE CASCADE,
    data JSON NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL
  );
  ALTER TABLE token_origins ADD COLUMN scope TEXT;
  `,
  // 10: the rows anyone can make expire, and purgeExpired deletes them oldest first through these.
  `
  CREATE INDEX challenge_sessions_by_expiry ON challenge_sessions (expires_at);
  CREATE INDEX oauth_codes_by_expiry ON oauth_codes (expires_at);
  CREATE INDEX hosted_sessions_by_expiry ON hosted_sessions (expires_at);
  `,
  // 12: remembered devices (ConfirmDevice). A device belongs to one user by sub and goes with the user (and
  // the pool) by cascade; its key is unique in the pool. A sign-in's device key and group key ride on its
  // token origin, so that ConfirmDevice and a refresh can check the key the sign-in was given.
  `
  CREATE TABLE devices (
    pool_id TEXT COLLATE "C" NOT NULL,
    device_key TEXT COLLATE "C" NOT NULL,
    sub TEXT NOT NULL,
    group_key TEXT NOT NULL,
    name TEXT,
    remembered BOOLEAN NOT NULL,
    salt TEXT NOT NULL,
    verifier TEXT NOT NULL,
    last_ip TEXT,
    created_at TIMESTAMPTZ NOT NULL,
    modified_at TIMESTAMPTZ NOT NULL,
    authenticated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (pool_id, device_key),
    FOREIGN KEY (pool_id, sub) REFERENCES users (pool_id, sub) ON DELETE CASCADE
  );
  CREATE INDEX devices_by_user ON devices (pool_id, sub, device_key);
  ALTER TABLE token_origins ADD COLUMN device_key TEXT;
  ALTER TABLE token_origins ADD COLUMN device_group_key TEXT;
  `,
  // 13: user import jobs (CreateUserImportJob). A job goes with its pool; its CSV rides on the row, as
  // only StartUserImportJob reads it and the upload is limited in size (protocol/imports.ts).
  `
  CREATE TABLE import_jobs (
    job_id TEXT COLLATE "C" PRIMARY KEY,
    pool_id TEXT COLLATE "C" NOT NULL REFERENCES pools(id) ON DELETE CASCADE,
    job_name TEXT NOT NULL,
    role_arn TEXT NOT NULL,
    upload_token TEXT NOT NULL,
    status TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    started_at TIMESTAMPTZ,
    completed_at TIMESTAMPTZ,
    completion_message TEXT,
    imported BIGINT NOT NULL,
    skipped BIGINT NOT NULL,
    failed BIGINT NOT NULL,
    csv TEXT
  );
  CREATE INDEX import_jobs_by_pool ON import_jobs (pool_id, job_id);
  `,
];
/** Latest schema version this build knows. */
export const POSTGRES_SCHEMA_VERSION = MIGRATIONS.length;

/** The advisory lock every cognate instance takes to migrate, so only one does at a time (any fixed number would do). */
export const MIGRATION_LOCK = 0x636f676e; // "cogn"

/**
 * Applies missing migrations in one transaction under an advisory lock: instances starting together
 * wait for the first, then find nothing left to do.
 */
export async function migrate(pool: pg.Pool, schema: string | undefined): Promise<void> {
  const c = await pool.connect();
  try {
    await c.query('BEGIN');
    await c.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    if (schema) await c.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    await c.query('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())');
    const { rows } = await c.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_migrations');
    const version = rows[0]?.v ?? 0;
    if (version > MIGRATIONS.length) {
      throw new Error(`the database schema is at version ${version}, newer than this cognate knows (${MIGRATIONS.length}); upgrade cognate`);
    }
    for (let v = version; v < MIGRATIONS.length; v++) {
      await c.query(MIGRATIONS[v]!);
      await c.query('INSERT INTO schema_migrations (version) VALUES ($1)', [v + 1]);
    }
    await c.query('COMMIT');
  } catch (e) {
    await c.query('ROLLBACK').catch(() => {});
    throw e;
  } finally {
    c.release();
  }
}
