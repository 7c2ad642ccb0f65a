/**
 * AdminCreateUser: a FORCE_CHANGE_PASSWORD user with a temporary password (given, or generated to
 * satisfy the pool's policy) that lasts the pool's TemporaryPasswordValidityDays.
 *
 * Choices where AWS's documentation is silent: the invitation goes to each DesiredDeliveryMedium the user has
 * an address for (SMS by default) and is skipped when there is none; MessageAction RESEND issues a new
 * temporary password to a user still in FORCE_CHANGE_PASSWORD.
 */
import { UnsupportedUserStateException, UsernameExistsException, UserNotFoundException } from '../errors.js';
import { newPassword, saveSrp } from '../domain/credentials.js';
import { checkPasswordPolicy, DEFAULT_PASSWORD_POLICY } from '../domain/passwords.js';
import { claimVerifiedAliases } from '../domain/aliases.js';
import { changeUser, findUser, newUserIdentity, noMfa, requirePool, userType } from '../domain/users.js';
import type { AdminCreateUserRequest } from '../model/generated.js';
import type { Random } from '../random.js';
import { randomString } from '../random.js';
import type { PoolRecord, UserRecord } from '../store/store.js';
import type { Services } from '../services.js';
import { defineOperation } from './operation.js';
import { DEFAULT_INVITATION_SUBJECT, deliverMessage } from '../domain/messages.js';
import { preSignUp } from '../domain/sign-up-triggers.js';

/** A temporary password with one of each character class, long enough for the policy. */
function temporaryPassword(random: Random, minLength: number): string {
  const parts = [
    randomString(random, 1, 'ABCDEFGHJKLMNPQRSTUVWXYZ'),
    randomString(random, 1, 'abcdefghijkmnopqrstuvwxyz'),
    randomString(random, 1, '23456789'),
    randomString(random, 1, '^$*.!@#%&'),
  ];
  const rest = randomString(random, Math.max(minLength, 12) - parts.length, 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789');
  return parts.join('') + rest;
}

async function sendInvitation(
  svc: Services,
  pool: PoolRecord,
  user: UserRecord,
  typedName: string,
  password: string,
  input: AdminCreateUserRequest,
): Promise<void> {
  const mediums = input.DesiredDeliveryMediums ?? ['SMS'];
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
      code: password,
      codeIsCode: false,
      username: typedName,
      source: 'AdminCreateUser',
      ...(input.ClientMetadata ? { clientMetadata: input.ClientMetadata } : {}),
    });
  }
}

export const AdminCreateUser = defineOperation('AdminCreateUser', async (input, svc) => {
  const pool = await requirePool(svc.store, input.UserPoolId);
  const policy = { ...DEFAULT_PASSWORD_POLICY, ...(pool.settings.Policies?.PasswordPolicy ?? {}) };
  if (input.TemporaryPassword !== undefined) checkPasswordPolicy(input.TemporaryPassword, policy);
  const password = input.TemporaryPassword ?? temporaryPassword(svc.random, policy.MinimumLength);
  const now = svc.clock.now();
  const expires = new Date(now.getTime() + policy.TemporaryPasswordValidityDays * 86400_000);

  if (input.MessageAction === 'RESEND') {
    const user = await findUser(svc.store, pool, input.Username);
    if (!user) throw new UserNotFoundException('User does not exist.');
    if (user.status !== 'FORCE_CHANGE_PASSWORD') {
      throw new UnsupportedUserStateException(`Resend not possible. ${input.Username} status is not FORCE_CHANGE_PASSWORD`);
    }
    const next = await newPassword(svc, user, password);
    const resent = await changeUser(svc.store, user, (current) => {
      if (current.status !== 'FORCE_CHANGE_PASSWORD') {
        throw new UnsupportedUserStateException(`Resend not possible. ${input.Username} status is not FORCE_CHANGE_PASSWORD`);
      }
      return { ...current, passwordHash: next.passwordHash, temporaryPasswordExpiresAt: expires, lastModifiedAt: now };
    });
    await saveSrp(svc, user, next);
    await sendInvitation(svc, pool, resent, input.Username, password, input);
    return { User: userType(resent) };
  }

  const { username, usernameKey, sub, attrs } = await newUserIdentity(svc, pool, input.Username, input.UserAttributes ?? [], 'User account already exists');
  await preSignUp(svc, pool, {
    source: 'AdminCreateUser',
    userName: username,
    attributes: { ...attrs },
    ...(input.ValidationData ? { validationData: input.ValidationData } : {}),
    ...(input.ClientMetadata ? { clientMetadata: input.ClientMetadata } : {}),
  });
  await claimVerifiedAliases(svc, pool, attrs, input.ForceAliasCreation ?? false, now);
  const user: UserRecord = {
    poolId: pool.id,
    username,
    ...(usernameKey !== username ? { usernameKey } : {}),
    sub,
    status: 'FORCE_CHANGE_PASSWORD',
    enabled: true,
    passwordHash: null,
    temporaryPasswordExpiresAt: expires,
    attributes: attrs,
    mfa: noMfa(),
    createdAt: now,
    lastModifiedAt: now,
  };
  const initial = await newPassword(svc, user, password);
  user.passwordHash = initial.passwordHash;
  if (!(await svc.store.createUser(user))) throw new UsernameExistsException('User account already exists');
  await saveSrp(svc, user, initial);
  if (input.MessageAction !== 'SUPPRESS') await sendInvitation(svc, pool, user, input.Username, password, input);
  return { User: userType(user) };
});
