import {
  InvalidParameterException,
  NotAuthorizedException,
  PasswordResetRequiredException,
  ResourceNotFoundException,
  UserNotConfirmedException,
  UserNotFoundException,
  UsernameExistsException,
} from '../errors.js';
import type { AttributeType, MFAOptionType, UserType } from '../model/generated.js';
import type { Services } from '../services.js';
import type { PoolRecord, Store, UserChange, UserMfa, UserRecord } from '../store/store.js';
import { checkAttributes } from './schema.js';

/** Epoch seconds with milliseconds, as Cognito's JSON timestamps. */
export function epochSeconds(d: Date): number {
  return d.getTime() / 1000;
}

/** The pool, or ResourceNotFoundException in Cognito's words. */
export async function requirePool(store: Store, poolId: string): Promise<PoolRecord> {
  const pool = await store.getPool(poolId);
  if (!pool) throw new ResourceNotFoundException(`User pool ${poolId} does not exist.`);
  return pool;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Whether the pool's usernames ignore letter case: UsernameConfiguration.CaseSensitive false. Then the
 * username, preferred_username and the email alias are compared without case in sign-in, lookups and
 * uniqueness (developer guide, user pool case sensitivity); a phone number has no case, and a `sub` is
 * always exact. The API's default (no UsernameConfiguration) is case-sensitive.
 */
export function ignoresCase(pool: PoolRecord): boolean {
  return pool.settings.UsernameConfiguration?.CaseSensitive === false;
}

/**
 * A username as the pool compares it (the store's unique, indexed username_key): lower case where the
 * pool ignores case, the name itself elsewhere. The user keeps the username with the case it was given.
 */
export function usernameKey(pool: PoolRecord, name: string): string {
  return ignoresCase(pool) ? name.toLowerCase() : name;
}

/**
 * Users whose `name` attribute is `value`, as the pool compares it: without case for email and
 * preferred_username in pools that ignore case (an indexed lower-case copy), exactly otherwise.
 */
export function usersWithAttribute(store: Store, pool: PoolRecord, name: string, value: string): Promise<UserRecord[]> {
  const ignoreCase = ignoresCase(pool) && (name === 'email' || name === 'preferred_username');
  return store.findUsersByAttribute(pool.id, name, value, ignoreCase ? { ignoreCase } : undefined);
}

/**
 * Finds a user by the name a caller gave: the username itself, then (where the pool allows it) the
 * email or phone number used as username or alias, then the `sub`. Alias attributes must be verified
 * to sign in with; username attributes need not be. In pools that ignore case, the username, email and
 * preferred_username match in any case.
 */
export async function findUser(store: Store, pool: PoolRecord, name: string): Promise<UserRecord | null> {
  const direct = ignoresCase(pool) ? await store.getUserByUsernameKey(pool.id, usernameKey(pool, name)) : await store.getUser(pool.id, name);
  if (direct) return direct;
  const usernameAttrs = pool.settings.UsernameAttributes ?? [];
  const aliasAttrs = pool.settings.AliasAttributes ?? [];
  for (const attr of ['email', 'phone_number'] as const) {
    const asUsername = usernameAttrs.includes(attr);
    const asAlias = aliasAttrs.includes(attr);
    if (!asUsername && !asAlias) continue;
    const matches = await usersWithAttribute(store, pool, attr, name);
    const found = matches.find((u) => asUsername || u.attributes[`${attr}_verified`] === 'true');
    if (found) return found;
  }
  if (aliasAttrs.includes('preferred_username')) {
    const matches = await usersWithAttribute(store, pool, 'preferred_username', name);
    if (matches[0]) return matches[0];
  }
  if (UUID.test(name)) return store.getUserBySub(pool.id, name);
  return null;
}

/** The user, or UserNotFoundException "User does not exist." */
export async function requireUser(store: Store, pool: PoolRecord, name: string): Promise<UserRecord> {
  const user = await findUser(store, pool, name);
  if (!user) throw new UserNotFoundException('User does not exist.');
  return user;
}

/**
 * The checks Cognito makes on the user behind a valid access token, in its order and words
 * (the errors the API reference lists for token-authorised operations, in the order the service checks them): gone, disabled, unconfirmed, reset required.
 */
export function assertUsable(user: UserRecord | null): asserts user is UserRecord {
  if (!user) throw new UserNotFoundException('User does not exist.');
  if (!user.enabled) throw new NotAuthorizedException('User is disabled.');
  if (user.status === 'UNCONFIRMED') throw new UserNotConfirmedException('User is not confirmed.');
  if (user.status === 'RESET_REQUIRED') throw new PasswordResetRequiredException('Password reset required for the user');
}

/** Verifies an access token and returns its user after Cognito's state checks. */
export async function userFromAccessToken(
  svc: Services,
  accessToken: string,
): Promise<{ user: UserRecord; pool: PoolRecord; claims: Awaited<ReturnType<Services['tokens']['verifyAccessToken']>> }> {
  const claims = await svc.tokens.verifyAccessToken(accessToken);
  const pool = await svc.store.getPool(claims.poolId);
  if (!pool) throw new NotAuthorizedException('Invalid Access Token');
  const user = await svc.store.getUserBySub(pool.id, claims.sub);
  assertUsable(user);
  return { user, pool, claims };
}

/**
 * Applies `change` to the stored user atomically (Store.changeUser) and returns the user as stored.
 * A user deleted since it was read is UserNotFoundException "User does not exist.".
 */
export async function changeUser(store: Store, user: UserRecord, change: UserChange): Promise<UserRecord> {
  const changed = await store.changeUser(user.poolId, user.sub, change);
  if (!changed) throw new UserNotFoundException('User does not exist.');
  return changed;
}

/**
 * `changeUser` for operations authorised by the user's access token: the state checks of
 * `assertUsable` are made again on the user as stored at the moment of the change, so a user disabled
 * (or reset) while the request was on its way is refused, not changed.
 */
export function changeSignedInUser(store: Store, user: UserRecord, change: UserChange): Promise<UserRecord> {
  return changeUser(store, user, (current) => {
    assertUsable(current);
    return change(current);
  });
}

/** Whether SMS MFA is on, from either writer: the legacy flag or the SMS factor. */
export function smsMfaOn(mfa: UserMfa): boolean {
  return mfa.legacySms || mfa.enabled.includes('SMS_MFA');
}

/** The legacy MFAOptions view: present only while SMS MFA is on (absent, not [], otherwise). */
export function mfaOptionsOf(user: UserRecord): { MFAOptions?: MFAOptionType[] } {
  return smsMfaOn(user.mfa) ? { MFAOptions: [{ DeliveryMedium: 'SMS', AttributeName: 'phone_number' }] } : {};
}

/** UserMFASettingList / PreferredMfaSetting: only what SetUserMFAPreference wrote: the legacy SetUserSettings flag shows in MFAOptions, not here (AWS API reference). */
export function mfaSettingsOf(user: UserRecord): { PreferredMfaSetting?: string; UserMFASettingList?: string[] } {
  const out: { PreferredMfaSetting?: string; UserMFASettingList?: string[] } = {};
  if (user.mfa.preferred) out.PreferredMfaSetting = user.mfa.preferred;
  if (user.mfa.enabled.length > 0) out.UserMFASettingList = [...user.mfa.enabled];
  return out;
}

/** The user's attributes as a wire list, `sub` first as Cognito lists it. */
export function attributeList(user: UserRecord, only?: string[]): AttributeType[] {
  const names = Object.keys(user.attributes).sort((a, b) => (a === 'sub' ? -1 : b === 'sub' ? 1 : 0));
  const wanted = only ? new Set(only) : null;
  return names.filter((n) => !wanted || wanted.has(n)).map((Name) => ({ Name, Value: user.attributes[Name]! }));
}

/** The UserType view (AdminCreateUser, ListUsers). */
export function userType(user: UserRecord, only?: string[]): UserType {
  return {
    Username: user.username,
    Attributes: attributeList(user, only),
    UserCreateDate: epochSeconds(user.createdAt),
    UserLastModifiedDate: epochSeconds(user.lastModifiedAt),
    Enabled: user.enabled,
    UserStatus: user.status,
    ...mfaOptionsOf(user),
  };
}

/** A fresh MFA state: nothing on. */
export function noMfa(): UserMfa {
  return { legacySms: false, enabled: [], preferred: null, totpSecret: null, totpVerified: false };
}

/** Hides all but the last four digits: `+15555551234` becomes `+*******1234` (the masking Cognito's CodeDeliveryDetails show: last four digits kept). */
export function maskPhone(phone: string): string {
  const digits = phone.startsWith('+') ? phone.slice(1) : phone;
  const hidden = Math.max(0, digits.length - 4);
  return `+${'*'.repeat(hidden)}${digits.slice(hidden)}`;
}

/**
 * Masks an address as Cognito's CodeDeliveryDetails do: the first character of the local part and of
 * the domain, each followed by `***`, and nothing of the rest (`test@test.com` becomes `t***@t***`, as
 * observed in AWS and in the AWS CLI's get-user-attribute-verification-code example `a***@e***`). Some
 * older AWS examples keep the top-level domain (`j***@e***.com`); issue 11 settles on the form without
 * it. Every email mask cognate makes comes from here (code delivery, EMAIL_OTP challenges, decoys).
 */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return '***';
  const local = [...email.slice(0, at)];
  const domain = [...email.slice(at + 1)];
  return `${local[0]}***@${domain[0] ?? ''}***`;
}

const EMAIL_LIKE = /^[^\s@]+@[^\s@]+$/;
const PHONE_LIKE = /^\+[0-9]+$/;

/**
 * Where the typed Username goes: the username itself, or (pools with UsernameAttributes) an email or
 * phone number, and then the username is the user's `sub`, as Cognito makes it: AdminGetUser's
 * Username, the access token's `username` and the ID token's `cognito:username` all equal `sub`.
 */
export function placeUsername(pool: PoolRecord, username: string, sub: string): { username: string; attribute?: ['email' | 'phone_number', string] } {
  const allowed = pool.settings.UsernameAttributes ?? [];
  if (allowed.length === 0) return { username };
  if (allowed.includes('email') && EMAIL_LIKE.test(username)) return { username: sub, attribute: ['email', username] };
  if (allowed.includes('phone_number') && PHONE_LIKE.test(username)) return { username: sub, attribute: ['phone_number', username] };
  if (allowed.length === 2) throw new InvalidParameterException('Username should be either an email or a phone number.');
  throw new InvalidParameterException(allowed[0] === 'email' ? 'Username should be an email.' : 'Username should be a phone number.');
}

/**
 * The start of creating a user, shared by AdminCreateUser and SignUp: the schema check, where the typed
 * name goes (username or username attribute), that neither the username nor a username attribute is
 * taken (`takenMessage` is the operation's own text), and the attributes with a fresh `sub` first.
 * In pools that ignore case, "taken" ignores case too; `usernameKey` goes into the new record.
 */
export async function newUserIdentity(
  svc: Pick<Services, 'store' | 'random'>,
  pool: PoolRecord,
  typedName: string,
  attributes: AttributeType[],
  takenMessage: string,
): Promise<{ username: string; usernameKey: string; sub: string; attrs: Record<string, string> }> {
  attributes = checkAttributes(pool.settings.SchemaAttributes ?? [], attributes, { creating: true });
  const sub = svc.random.uuid();
  const placed = placeUsername(pool, typedName, sub);
  // Checked before anything changes; the insert stays the atomic guard against a concurrent create.
  const key = usernameKey(pool, placed.username);
  if (await svc.store.getUserByUsernameKey(pool.id, key)) throw new UsernameExistsException(takenMessage);
  const attrs: Record<string, string> = { sub };
  for (const a of attributes) attrs[a.Name] = a.Value ?? '';
  if (placed.attribute) {
    const [name, value] = placed.attribute;
    attrs[name] = value;
    if ((await usersWithAttribute(svc.store, pool, name, value)).length > 0) {
      throw new UsernameExistsException(`An account with the given ${name} already exists.`);
    }
  }
  return { username: placed.username, usernameKey: key, sub, attrs };
}
