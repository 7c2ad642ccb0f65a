/**
 * The UserMigration trigger: a user unknown to the pool, met at a password sign-in (USER_PASSWORD_AUTH,
 * ADMIN_USER_PASSWORD_AUTH) or at ForgotPassword, is asked of the pool's function, and created from its answer
 * as the developer guide's migrate-user page describes:
 *
 * - the request carries the typed `userName`, the `password` (sign-in only), `validationData` (InitiateAuth's
 *   ClientMetadata) and `clientMetadata` (ForgotPassword's); it has no `userAttributes`;
 * - `userAttributes` become the user's attributes (checked against the pool's schema as AdminCreateUser checks
 *   them), with the typed name placed as AdminCreateUser places it (an email or phone number in pools that sign
 *   in by those);
 * - `finalUserStatus` CONFIRMED keeps the password just given (the password policy is not applied, as on AWS);
 *   RESET_REQUIRED, the default, stores it too but sign-in answers PasswordResetRequiredException until
 *   ConfirmForgotPassword;
 * - `forceAliasCreation` moves a verified email or phone alias held by another user, otherwise that is
 *   AliasExistsException; `enableSMSMFA` turns on SMS MFA (the user needs a phone number);
 * - `messageAction` SUPPRESS sends nothing; otherwise the pool's invitation message goes to each of
 *   `desiredDeliveryMediums` (SMS by default) the user has an address for, with `{username}` filled and
 *   `{####}` shown as `********` (chosen: AWS does not say what the welcome message holds, and a password the
 *   user typed is never sent back).
 *
 * Chosen where AWS is silent: a function that answers without `userAttributes` means "no such user", and the
 * caller answers as for any unknown user; a function that throws is UserLambdaValidationException like every
 * trigger. USER_SRP_AUTH never migrates (the password does not reach the server), as on AWS.
 */
import { InvalidLambdaResponseException, InvalidParameterException, UsernameExistsException } from '../errors.js';
import type { Services } from '../services.js';
import type { PoolRecord, UserRecord } from '../store/store.js';
import { claimVerifiedAliases } from './aliases.js';
import { newPassword, saveSrp } from './credentials.js';
import { DEFAULT_INVITATION_SUBJECT, deliverMessage } from './messages.js';
import { configuredTrigger, responseMember, runTrigger } from './triggers.js';
import { findUser, newUserIdentity, noMfa } from './users.js';

export interface Migration {
  source: 'Authentication' | 'ForgotPassword';
  /** The name the user typed. */
  userName: string;
  clientId: string;
  /** The password given at sign-in; absent for ForgotPassword. */
  password?: string;
  validationData?: Record<string, string>;
  clientMetadata?: Record<string, string>;
}

/** The migrated user, or null when the pool has no UserMigration function or it does not know the user. */
export async function migrateUser(svc: Services, pool: PoolRecord, m: Migration): Promise<UserRecord | null> {
  if (!configuredTrigger(pool, 'UserMigration')) return null;
  const response = await runTrigger(svc, pool, 'UserMigration', {
    triggerSource: `UserMigration_${m.source}`,
    userName: m.userName,
    clientId: m.clientId,
    request: {
      ...(m.password !== undefined ? { password: m.password } : {}),
      validationData: m.validationData ?? {},
      clientMetadata: m.clientMetadata ?? {},
    },
    response: {
      userAttributes: null,
      finalUserStatus: null,
      messageAction: null,
      desiredDeliveryMediums: null,
      forceAliasCreation: null,
      enableSMSMFA: null,
    },
  });
  if (!response) return null;
  const given = responseMember(response, 'userAttributes', 'object');
  if (!given || Object.keys(given).length === 0) return null;
  const status = responseMember(response, 'finalUserStatus', 'string') ?? 'RESET_REQUIRED';
  if (status !== 'CONFIRMED' && status !== 'RESET_REQUIRED') throw new InvalidLambdaResponseException('Unrecognizable lambda output');
  const action = responseMember(response, 'messageAction', 'string');
  if (action !== undefined && action !== 'SUPPRESS' && action !== 'RESEND') throw new InvalidLambdaResponseException('Unrecognizable lambda output');
  const mediums = deliveryMediums(response.desiredDeliveryMediums);
  const force = responseMember(response, 'forceAliasCreation', 'boolean') ?? false;
  const sms = responseMember(response, 'enableSMSMFA', 'boolean') ?? false;

  const attributes = Object.entries(given)
    .filter(([name]) => name !== 'sub' && name !== 'username')
    .map(([Name, v]) => ({ Name, Value: typeof v === 'string' ? v : String(v) }));
  const identity = await newUserIdentity(svc, pool, m.userName, attributes, 'User account already exists').catch(async (e: unknown) => {
    // A concurrent sign-in migrated the same user first: that one stands.
    if (e instanceof UsernameExistsException) return (await findUser(svc.store, pool, m.userName)) ?? Promise.reject(e);
    throw e;
  });
  if (!('attrs' in identity)) return identity;
  const { username, sub, attrs } = identity;
  if (sms && !attrs.phone_number) throw new InvalidParameterException('SMS MFA cannot be enabled for a user without a phone_number.');
  const now = svc.clock.now();
  await claimVerifiedAliases(svc, pool, attrs, force, now);
  const user: UserRecord = {
    poolId: pool.id,
    username,
    sub,
    status,
    enabled: true,
    passwordHash: null,
    temporaryPasswordExpiresAt: null,
    attributes: attrs,
    mfa: sms ? { ...noMfa(), legacySms: true } : noMfa(),
    createdAt: now,
    lastModifiedAt: now,
  };
  const password = m.password !== undefined ? await newPassword(svc, user, m.password) : null;
  if (password) user.passwordHash = password.passwordHash;
  if (!(await svc.store.createUser(user))) {
    // A concurrent sign-in migrated the same user first: that one stands.
    return findUser(svc.store, pool, m.userName);
  }
  if (password) await saveSrp(svc, user, password);
  if (action !== 'SUPPRESS') await welcome(svc, pool, user, m, mediums);
  return user;
}

function deliveryMediums(v: unknown): Array<'SMS' | 'EMAIL'> {
  if (v === undefined || v === null) return ['SMS'];
  if (!Array.isArray(v) || v.some((x) => x !== 'SMS' && x !== 'EMAIL')) throw new InvalidLambdaResponseException('Unrecognizable lambda output');
  return v as Array<'SMS' | 'EMAIL'>;
}

async function welcome(svc: Services, pool: PoolRecord, user: UserRecord, m: Migration, mediums: Array<'SMS' | 'EMAIL'>): Promise<void> {
  const template = pool.settings.AdminCreateUserConfig?.InviteMessageTemplate;
  for (const medium of mediums) {
    const destination = medium === 'SMS' ? user.attributes.phone_number : user.attributes.email;
    if (!destination) continue;
    const text = (medium === 'SMS' ? template?.SMSMessage : template?.EmailMessage) ?? 'Your username is {username} and temporary password is {####}.';
    await deliverMessage(svc, {
      pool,
      user,
      medium,
      destination,
      template: text,
      subject: template?.EmailSubject ?? DEFAULT_INVITATION_SUBJECT,
      code: '********',
      codeIsCode: false,
      username: m.userName,
      source: 'AdminCreateUser',
      clientId: m.clientId,
      ...(m.clientMetadata ? { clientMetadata: m.clientMetadata } : {}),
    });
  }
}
