import { AliasExistsException, CodeMismatchException, ExpiredCodeException, LimitExceededException } from '../errors.js';
import type { CodeDeliveryDetailsType } from '../model/generated.js';
import type { Services } from '../services.js';
import { newCode } from '../random.js';
import type { CodeRecord, PoolRecord, UserRecord } from '../store/store.js';
import { CODE, DEFAULT_VERIFICATION_SUBJECT, type MessageSource, prepareMessage, sendPrepared } from './messages.js';
import { maskEmail, maskPhone, usersWithAttribute } from './users.js';

/** Cognito's words for a wrong confirmation or verification code (the real service's text, as reported). */
export const CODE_MISMATCH = 'Invalid verification code provided, please try again.';
/** ... for an expired code, or one that was never sent or already used. */
export const CODE_EXPIRED = 'Invalid code provided, please request a code again.';
/** ... once too many attempts were made (reported in aws-sdk-android issue #627). */
export const ATTEMPT_LIMIT = 'Attempt limit exceeded, please try after some time.';

/**
 * Wrong answers one code takes before it is locked: the next attempt, right or wrong, is
 * LimitExceededException until a new code is requested. Cognito does not publish its limits (an AWS
 * engineer: "we do not share externally the exact limits"); 5 is our choice.
 */
export const MAX_CODE_FAILURES = 5;
/** Codes a user may request for one purpose in an hour (the developer guide says "between 5 and 20"); our choice. */
export const MAX_CODE_REQUESTS_PER_HOUR = 10;

/** How long codes live: sign-up and attribute verification 24 hours [R: AWS staff], password reset 1 hour (developer guide). */
export function codeLifetimeSeconds(purpose: string): number {
  return purpose === 'FORGOT_PASSWORD' ? 3600 : 86400;
}

/** Where a code goes: an attribute of the user and its medium. */
export interface CodeTarget {
  attribute: 'email' | 'phone_number';
  destination: string;
}

/** Who asked for a code, for the CustomMessage trigger: its source (default: from the purpose), client and metadata. */
export interface CodeContext {
  source?: MessageSource;
  clientId?: string;
  clientMetadata?: Record<string, string>;
}

/** The CodeDeliveryDetails view of a target, masked as Cognito masks it. */
export function deliveryDetails(t: CodeTarget): CodeDeliveryDetailsType {
  return t.attribute === 'email'
    ? { Destination: maskEmail(t.destination), DeliveryMedium: 'EMAIL', AttributeName: 'email' }
    : { Destination: maskPhone(t.destination), DeliveryMedium: 'SMS', AttributeName: 'phone_number' };
}

/**
 * Where sign-up confirmation codes go: the phone number if the pool auto-verifies it and the user has
 * one, else the email under the same conditions (our choice of order where both apply), else nowhere.
 */
export function signUpTarget(pool: PoolRecord, user: UserRecord): CodeTarget | null {
  const auto = pool.settings.AutoVerifiedAttributes ?? [];
  for (const attribute of ['phone_number', 'email'] as const) {
    const destination = user.attributes[attribute];
    if (auto.includes(attribute) && destination) return { attribute, destination };
  }
  return null;
}

function verificationText(pool: PoolRecord, attribute: 'email' | 'phone_number', code: string): string {
  const s = pool.settings;
  const template =
    attribute === 'email'
      ? (s.VerificationMessageTemplate?.EmailMessage ?? s.EmailVerificationMessage ?? 'Your verification code is {####}. ')
      : (s.VerificationMessageTemplate?.SmsMessage ?? s.SmsVerificationMessage ?? 'Your verification code is {####}. ');
  return template.replace('{####}', code);
}

/**
 * Makes a new code for a purpose (replacing the previous one, whose failures are forgotten), sends it
 * to the target (through the outbox, or the pool's custom sender) and returns the delivery details. More than
 * MAX_CODE_REQUESTS_PER_HOUR requests for one purpose in an hour is LimitExceededException.
 */
export async function sendCode(
  svc: Services,
  pool: PoolRecord,
  user: UserRecord,
  purpose: string,
  target: CodeTarget,
  context: CodeContext = {},
): Promise<CodeDeliveryDetailsType> {
  const medium = target.attribute === 'email' ? 'EMAIL' : 'SMS';
  const prepared = await prepareMessage(svc, {
    pool,
    user,
    medium,
    template: verificationText(pool, target.attribute, CODE),
    subject: pool.settings.VerificationMessageTemplate?.EmailSubject ?? pool.settings.EmailVerificationSubject ?? DEFAULT_VERIFICATION_SUBJECT,
    source: context.source ?? (purpose === 'SIGN_UP' ? 'SignUp' : purpose === 'FORGOT_PASSWORD' ? 'ForgotPassword' : 'VerifyUserAttribute'),
    ...(context.clientId ? { clientId: context.clientId } : {}),
    ...(context.clientMetadata ? { clientMetadata: context.clientMetadata } : {}),
  });
  const now = svc.clock.now();
  const code = newCode(svc.random);
  await svc.store.issueCode(pool.id, user.sub, purpose, (previous): CodeRecord => {
    let windowStart = now.getTime();
    let requests = 1;
    if (previous && typeof previous.data.windowStart === 'number' && now.getTime() - previous.data.windowStart < 3600_000) {
      windowStart = previous.data.windowStart;
      requests = Number(previous.data.requests ?? 0) + 1;
      if (requests > MAX_CODE_REQUESTS_PER_HOUR) throw new LimitExceededException(ATTEMPT_LIMIT);
    }
    return {
      poolId: pool.id,
      sub: user.sub,
      purpose,
      code,
      attempts: 0,
      createdAt: now,
      expiresAt: new Date(now.getTime() + codeLifetimeSeconds(purpose) * 1000),
      data: { attribute: target.attribute, destination: target.destination, windowStart, requests },
    };
  });
  await sendPrepared(svc, prepared, { destination: target.destination, code, codeIsCode: true });
  return deliveryDetails(target);
}

/**
 * Checks and spends a code. Order: a locked code (LimitExceededException), no code or an expired one
 * (ExpiredCodeException), a wrong one (CodeMismatchException). Each attempt is counted before the
 * answer is compared (Store.claimCodeAttempt), so concurrent guesses get MAX_CODE_FAILURES
 * comparisons in all, however they interleave. Returns the spent record.
 */
export async function useCode(svc: Services, pool: PoolRecord, user: UserRecord, purpose: string, given: string): Promise<CodeRecord> {
  const record = await svc.store.getCode(pool.id, user.sub, purpose);
  if (record && record.attempts >= MAX_CODE_FAILURES) throw new LimitExceededException(ATTEMPT_LIMIT);
  if (!record || record.expiresAt.getTime() <= svc.clock.now().getTime()) throw new ExpiredCodeException(CODE_EXPIRED);
  const claimed = await svc.store.claimCodeAttempt(pool.id, user.sub, purpose, MAX_CODE_FAILURES);
  if (!claimed) {
    // Spent or used up by a concurrent attempt since it was read.
    const now = await svc.store.getCode(pool.id, user.sub, purpose);
    if (now && now.attempts >= MAX_CODE_FAILURES) throw new LimitExceededException(ATTEMPT_LIMIT);
    throw new ExpiredCodeException(CODE_EXPIRED);
  }
  if (claimed.code !== given) throw new CodeMismatchException(CODE_MISMATCH);
  if (!(await svc.store.consumeCode(pool.id, user.sub, purpose, given))) throw new ExpiredCodeException(CODE_EXPIRED);
  return claimed;
}

/**
 * Makes way for `user` to hold a verified email or phone number: where the attribute is an alias, a
 * verified holder of the same value elsewhere is AliasExistsException, unless `force` moves the alias
 * (the holder's copy becomes unverified, in an atomic change of the holder), as ConfirmSignUp's
 * ForceAliasCreation does. The caller then marks the attribute verified in its own change of `user`
 * (`withVerified`).
 */
export async function makeWayForVerified(
  svc: Services,
  pool: PoolRecord,
  user: UserRecord,
  attribute: 'email' | 'phone_number',
  force: boolean,
): Promise<void> {
  const value = user.attributes[attribute];
  if (!(pool.settings.AliasAttributes ?? []).includes(attribute) || !value) return;
  const flag = `${attribute}_verified`;
  const holders = (await usersWithAttribute(svc.store, pool, attribute, value)).filter((u) => u.sub !== user.sub && u.attributes[flag] === 'true');
  if (holders.length > 0 && !force) throw new AliasExistsException(`An account with the ${attribute === 'email' ? 'email' : 'phone number'} already exists.`);
  const now = svc.clock.now();
  for (const holder of holders) await unverify(svc, holder, attribute, value, now);
}

/**
 * Marks the holder's copy of `value` unverified, if it still holds that value verified; a holder
 * deleted in the meantime needs nothing.
 */
export async function unverify(svc: Services, holder: UserRecord, attribute: 'email' | 'phone_number', value: string, now: Date): Promise<void> {
  const flag = `${attribute}_verified`;
  await svc.store.changeUser(holder.poolId, holder.sub, (current) =>
    current.attributes[attribute] === value && current.attributes[flag] === 'true'
      ? { ...current, attributes: { ...current.attributes, [flag]: 'false' }, lastModifiedAt: now }
      : null,
  );
}

/** The user with `attribute` marked verified if it still holds `value` (else unchanged). */
export function withVerified(user: UserRecord, attribute: 'email' | 'phone_number', value: string): UserRecord {
  if (user.attributes[attribute] !== value) return user;
  return { ...user, attributes: { ...user.attributes, [`${attribute}_verified`]: 'true' } };
}
