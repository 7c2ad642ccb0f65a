import { foldedAttribute } from '../common.js';
import type {
  ChallengeSessionRecord,
  ClientRecord,
  CodeRecord,
  LockoutState,
  MessageRecord,
  PoolKeyRecord,
  PoolRecord,
  TokenOriginRecord,
  UserRecord,
} from '../store.js';

/* The PostgreSQL rows (snake_case columns; timestamps and json arrive parsed by pg) and their mapping to
   and from the store's records: the only place where the two spellings meet. */

export interface PoolRow {
  id: string;
  name: string;
  created_at: Date;
  modified_at: Date;
  settings: PoolRecord['settings'];
}
export interface KeyRow {
  pool_id: string;
  use: 'access' | 'id';
  kid: string;
  private_jwk: string;
  public_jwk: string;
}
export interface ClientRow {
  id: string;
  pool_id: string;
  name: string;
  /** [{id, value, createdAt (epoch ms)}], oldest first. */
  secrets: { id: string; value: string; createdAt: number }[];
  created_at: Date;
  modified_at: Date;
  settings: ClientRecord['settings'];
}
export interface UserRow {
  pool_id: string;
  username: string;
  sub: string;
  status: string;
  enabled: boolean;
  password_hash: string | null;
  temp_password_expires_at: Date | null;
  attributes: Record<string, string>;
  mfa: UserRecord['mfa'];
  created_at: Date;
  modified_at: Date;
  lockout: LockoutState | null;
  username_key: string;
}
export interface OriginRow {
  origin_jti: string;
  pool_id: string;
  client_id: string;
  sub: string;
  username: string;
  refresh_hash: string;
  auth_time: Date;
  expires_at: Date;
  revoked_at: Date | null;
  scope: string | null;
  device_key: string | null;
  device_group_key: string | null;
}
export interface SessionRow {
  id: string;
  pool_id: string;
  client_id: string;
  username: string;
  challenge: string;
  code: string | null;
  attempts: number;
  expires_at: Date;
  data: Record<string, unknown>;
}
export interface MessageRow {
  id: number;
  pool_id: string;
  username: string;
  medium: 'SMS' | 'EMAIL';
  destination: string;
  code: string | null;
  subject: string | null;
  message: string;
  created_at: Date;
}
export interface CodeRow {
  pool_id: string;
  sub: string;
  purpose: string;
  code: string;
  attempts: number;
  created_at: Date;
  expires_at: Date;
  data: Record<string, unknown>;
}

// `json` columns arrive parsed by pg, a new object graph per row, so callers always get copies of their own.
export const poolFromRow = (r: PoolRow): PoolRecord => ({
  id: r.id,
  name: r.name,
  createdAt: r.created_at,
  lastModifiedAt: r.modified_at,
  settings: r.settings,
});
export const keyFromRow = (r: KeyRow): PoolKeyRecord => ({ poolId: r.pool_id, use: r.use, kid: r.kid, privateJwk: r.private_jwk, publicJwk: r.public_jwk });
export const clientFromRow = (r: ClientRow): ClientRecord => ({
  id: r.id,
  poolId: r.pool_id,
  name: r.name,
  secrets: r.secrets.map((x) => ({ id: x.id, value: x.value, createdAt: new Date(x.createdAt) })),
  createdAt: r.created_at,
  lastModifiedAt: r.modified_at,
  settings: r.settings,
});
/** The JSON of a client's secrets column. */
export const secretsJson = (c: ClientRecord): string => JSON.stringify(c.secrets.map((x) => ({ id: x.id, value: x.value, createdAt: x.createdAt.getTime() })));
export const userFromRow = (r: UserRow): UserRecord => ({
  poolId: r.pool_id,
  username: r.username,
  sub: r.sub,
  status: r.status as UserRecord['status'],
  enabled: r.enabled,
  passwordHash: r.password_hash,
  temporaryPasswordExpiresAt: r.temp_password_expires_at,
  attributes: r.attributes,
  mfa: r.mfa,
  createdAt: r.created_at,
  lastModifiedAt: r.modified_at,
  ...(r.lockout ? { lockout: r.lockout } : {}),
  ...(r.username_key !== r.username ? { usernameKey: r.username_key } : {}),
});
export const originFromRow = (r: OriginRow): TokenOriginRecord => ({
  originJti: r.origin_jti,
  poolId: r.pool_id,
  clientId: r.client_id,
  sub: r.sub,
  username: r.username,
  refreshTokenHash: r.refresh_hash,
  authTime: r.auth_time,
  expiresAt: r.expires_at,
  revokedAt: r.revoked_at,
  ...(r.scope !== null && r.scope !== undefined ? { scope: r.scope } : {}),
  ...(r.device_key ? { deviceKey: r.device_key, deviceGroupKey: r.device_group_key } : {}),
});
export const sessionFromRow = (r: SessionRow): ChallengeSessionRecord => ({
  id: r.id,
  poolId: r.pool_id,
  clientId: r.client_id,
  username: r.username,
  challenge: r.challenge,
  code: r.code,
  attempts: r.attempts,
  expiresAt: r.expires_at,
  data: r.data,
});
export const messageFromRow = (r: MessageRow): MessageRecord => ({
  id: r.id,
  poolId: r.pool_id,
  username: r.username,
  medium: r.medium,
  destination: r.destination,
  code: r.code,
  subject: r.subject ?? null,
  message: r.message,
  createdAt: r.created_at,
});
export const codeFromRow = (r: CodeRow): CodeRecord => ({
  poolId: r.pool_id,
  sub: r.sub,
  purpose: r.purpose,
  code: r.code,
  attempts: r.attempts,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  data: r.data,
});

export const USER_COLUMNS =
  'pool_id, username, sub, status, enabled, password_hash, temp_password_expires_at, attributes, mfa, email, phone_number, created_at, modified_at, ' +
  'username_key, email_key, preferred_username_key';
/** How many columns USER_COLUMNS names. */
export const USER_COLUMN_COUNT = 16;
/** The columns of USER_COLUMNS as parameters, in the same order. */
export function userParams(u: UserRecord): unknown[] {
  return [
    u.poolId,
    u.username,
    u.sub,
    u.status,
    u.enabled,
    u.passwordHash,
    u.temporaryPasswordExpiresAt,
    JSON.stringify(u.attributes),
    JSON.stringify(u.mfa),
    u.attributes.email ?? null,
    u.attributes.phone_number ?? null,
    u.createdAt,
    u.lastModifiedAt,
    u.usernameKey ?? u.username,
    foldedAttribute(u, 'email'),
    foldedAttribute(u, 'preferred_username'),
  ];
}
