import { foldedAttribute } from '../common.js';
import type { ChallengeSessionRecord, ClientRecord, CodeRecord, MessageRecord, PoolKeyRecord, PoolRecord, TokenOriginRecord, UserRecord } from '../store.js';

/* The SQLite rows (snake_case columns, times as epoch milliseconds, JSON as text) and their mapping to and
   from the store's records: the only place where the two spellings meet. */

export interface PoolRow {
  id: string;
  name: string;
  created_at: number;
  modified_at: number;
  settings: string;
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
  /** JSON: [{id, value, createdAt (epoch ms)}], oldest first. */
  secrets: string;
  created_at: number;
  modified_at: number;
  settings: string;
}
export interface UserRow {
  pool_id: string;
  username: string;
  sub: string;
  status: string;
  enabled: number;
  password_hash: string | null;
  temp_password_expires_at: number | null;
  attributes: string;
  mfa: string;
  email: string | null;
  phone_number: string | null;
  created_at: number;
  modified_at: number;
  lockout: string | null;
  username_key: string;
  email_key: string | null;
  preferred_username_key: string | null;
}
export interface OriginRow {
  origin_jti: string;
  pool_id: string;
  client_id: string;
  sub: string;
  username: string;
  refresh_hash: string;
  auth_time: number;
  expires_at: number;
  revoked_at: number | null;
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
  expires_at: number;
  data: string;
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
  created_at: number;
}

export const poolFromRow = (r: PoolRow): PoolRecord => ({
  id: r.id,
  name: r.name,
  createdAt: new Date(r.created_at),
  lastModifiedAt: new Date(r.modified_at),
  settings: JSON.parse(r.settings),
});
export const keyFromRow = (r: KeyRow): PoolKeyRecord => ({ poolId: r.pool_id, use: r.use, kid: r.kid, privateJwk: r.private_jwk, publicJwk: r.public_jwk });
export const clientFromRow = (r: ClientRow): ClientRecord => ({
  id: r.id,
  poolId: r.pool_id,
  name: r.name,
  secrets: (JSON.parse(r.secrets) as { id: string; value: string; createdAt: number }[]).map((x) => ({
    id: x.id,
    value: x.value,
    createdAt: new Date(x.createdAt),
  })),
  createdAt: new Date(r.created_at),
  lastModifiedAt: new Date(r.modified_at),
  settings: JSON.parse(r.settings),
});
export const clientToRow = (c: ClientRecord): ClientRow => ({
  id: c.id,
  pool_id: c.poolId,
  name: c.name,
  secrets: JSON.stringify(c.secrets.map((x) => ({ id: x.id, value: x.value, createdAt: x.createdAt.getTime() }))),
  created_at: c.createdAt.getTime(),
  modified_at: c.lastModifiedAt.getTime(),
  settings: JSON.stringify(c.settings),
});
export const userFromRow = (r: UserRow): UserRecord => ({
  poolId: r.pool_id,
  username: r.username,
  sub: r.sub,
  status: r.status as UserRecord['status'],
  enabled: r.enabled === 1,
  passwordHash: r.password_hash,
  temporaryPasswordExpiresAt: r.temp_password_expires_at === null ? null : new Date(r.temp_password_expires_at),
  attributes: JSON.parse(r.attributes),
  mfa: JSON.parse(r.mfa),
  createdAt: new Date(r.created_at),
  lastModifiedAt: new Date(r.modified_at),
  ...(r.lockout ? { lockout: JSON.parse(r.lockout) } : {}),
  ...(r.username_key !== r.username ? { usernameKey: r.username_key } : {}),
});
export const userToRow = (u: UserRecord): UserRow => ({
  pool_id: u.poolId,
  username: u.username,
  sub: u.sub,
  status: u.status,
  enabled: u.enabled ? 1 : 0,
  password_hash: u.passwordHash,
  temp_password_expires_at: u.temporaryPasswordExpiresAt ? u.temporaryPasswordExpiresAt.getTime() : null,
  attributes: JSON.stringify(u.attributes),
  mfa: JSON.stringify(u.mfa),
  email: u.attributes.email ?? null,
  phone_number: u.attributes.phone_number ?? null,
  created_at: u.createdAt.getTime(),
  modified_at: u.lastModifiedAt.getTime(),
  lockout: u.lockout ? JSON.stringify(u.lockout) : null,
  username_key: u.usernameKey ?? u.username,
  email_key: foldedAttribute(u, 'email'),
  preferred_username_key: foldedAttribute(u, 'preferred_username'),
});
/** The state columns of a user row: what `updateUserState` sets. */
export type UserState = Omit<UserRow, 'sub' | 'email' | 'phone_number' | 'created_at' | 'username_key' | 'email_key' | 'preferred_username_key'>;
export const stateOf = (r: UserRow): UserState => ({
  pool_id: r.pool_id,
  username: r.username,
  status: r.status,
  enabled: r.enabled,
  password_hash: r.password_hash,
  temp_password_expires_at: r.temp_password_expires_at,
  attributes: r.attributes,
  mfa: r.mfa,
  modified_at: r.modified_at,
  lockout: r.lockout,
});
export interface CodeRow {
  pool_id: string;
  sub: string;
  purpose: string;
  code: string;
  attempts: number;
  created_at: number;
  expires_at: number;
  data: string;
}
export const codeFromRow = (r: CodeRow): CodeRecord => ({
  poolId: r.pool_id,
  sub: r.sub,
  purpose: r.purpose,
  code: r.code,
  attempts: r.attempts,
  createdAt: new Date(r.created_at),
  expiresAt: new Date(r.expires_at),
  data: JSON.parse(r.data),
});
export const originFromRow = (r: OriginRow): TokenOriginRecord => ({
  originJti: r.origin_jti,
  poolId: r.pool_id,
  clientId: r.client_id,
  sub: r.sub,
  username: r.username,
  refreshTokenHash: r.refresh_hash,
  authTime: new Date(r.auth_time),
  expiresAt: new Date(r.expires_at),
  revokedAt: r.revoked_at === null ? null : new Date(r.revoked_at),
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
  expiresAt: new Date(r.expires_at),
  data: JSON.parse(r.data),
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
  createdAt: new Date(r.created_at),
});
