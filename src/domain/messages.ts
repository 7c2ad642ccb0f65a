/**
 * Every SMS and email cognate sends (codes, invitations, MFA codes) goes out here, so that the pool's
 * CustomMessage trigger sees each one, as Cognito calls it: with `codeParameter` `{####}`, `usernameParameter`
 * `{username}` for invitations (null otherwise), `linkParameter` `{##Click Here##}`, the user's attributes and
 * the caller's client metadata. What the function returns replaces the pool's text (and, for an email, a
 * non-empty `emailSubject` replaces the pool's subject); the code is put in afterwards, so the function never
 * sees it. A returned message without `{####}` (or, for an invitation, without `{username}`) is refused with
 * the InvalidParameterException Cognito gives, naming the field (`emailBody` as observed on AWS; `smsMessage`
 * inferred for SMS), and nothing is sent.
 *
 * A pool with a custom sender for the message's medium (CustomSMSSender / CustomEmailSender) gets the code
 * encrypted in its function instead of the outbox, and the CustomMessage trigger is not asked (senders.ts).
 */
import { InvalidParameterException } from '../errors.js';
import type { Services } from '../services.js';
import type { PoolRecord, UserRecord } from '../store/store.js';
import { customSender, type SenderName, sendToCustomSender } from './senders.js';
import { responseMember, runTrigger, triggerUserAttributes } from './triggers.js';

/** The operation a message belongs to, as the CustomMessage trigger's source names it (`CustomMessage_<source>`). */
export type MessageSource = 'SignUp' | 'AdminCreateUser' | 'ResendCode' | 'ForgotPassword' | 'UpdateUserAttribute' | 'VerifyUserAttribute' | 'Authentication';

/** What the CustomMessage trigger is asked about. */
export interface MessageRequest {
  pool: PoolRecord;
  user: UserRecord;
  medium: 'SMS' | 'EMAIL';
  /** The pool's own text, with `{####}` (and `{username}` for an invitation) still in it. */
  template: string;
  /** The pool's subject line for an email (Cognito's default when the pool sets none). */
  subject?: string;
  source: MessageSource;
  clientId?: string;
  clientMetadata?: Record<string, string>;
}

/** A message to send now. */
export interface Message extends MessageRequest {
  destination: string;
  /** What replaces `{####}`: a code, or an invitation's temporary password. */
  code: string;
  /** Whether `code` is a one-time code the outbox shows on its own (a temporary password is not). */
  codeIsCode: boolean;
  /** What replaces `{username}` in an invitation. */
  username?: string;
}

/**
 * Cognito's subject for verification emails when the pool sets none (EmailVerificationSubject's default);
 * also used for email MFA and sign-in codes, whose default subject AWS does not state (inferred).
 */
export const DEFAULT_VERIFICATION_SUBJECT = 'Your verification code';
/** Cognito's subject for invitations when InviteMessageTemplate.EmailSubject is not set. */
export const DEFAULT_INVITATION_SUBJECT = 'Your temporary password';

/** The code's placeholder in every template. */
export const CODE = '{####}';
const USERNAME = '{username}';
const PATTERN = String.raw`[\p{L}\p{M}\p{S}\p{N}\p{P}\s*]*\{####\}[\p{L}\p{M}\p{S}\p{N}\p{P}\s*]*`;

/** A message ready to be sent once its code exists: its text and subject, or the custom sender that takes it. */
export interface PreparedMessage {
  request: MessageRequest;
  /** The text to send, placeholders still in it. */
  text: string;
  /** The email's subject line (null for an SMS). */
  subject: string | null;
  /** The custom sender the code goes to instead of the outbox, if the pool has one for this medium. */
  sender: SenderName | null;
}

/**
 * Decides what will be sent: the CustomMessage trigger's text and subject, if the pool has one and it answers
 * with them, else the pool's; or the pool's custom sender. Asked before a code is made, so a failing
 * function leaves no code behind.
 */
export async function prepareMessage(svc: Services, m: MessageRequest): Promise<PreparedMessage> {
  const subject = m.medium === 'EMAIL' ? (m.subject ?? null) : null;
  const sender = customSender(svc, m.pool, m.medium);
  if (sender) return { request: m, text: m.template, subject, sender };
  let text = m.template;
  let customSubject: string | undefined;
  const response = await runTrigger(svc, m.pool, 'CustomMessage', {
    triggerSource: `CustomMessage_${m.source}`,
    userName: m.user.username,
    ...(m.clientId ? { clientId: m.clientId } : {}),
    request: {
      userAttributes: triggerUserAttributes(m.user),
      codeParameter: CODE,
      linkParameter: '{##Click Here##}',
      usernameParameter: m.source === 'AdminCreateUser' ? USERNAME : null,
      clientMetadata: m.clientMetadata ?? {},
    },
    response: { smsMessage: null, emailMessage: null, emailSubject: null },
  });
  if (response) {
    const field = m.medium === 'SMS' ? 'smsMessage' : 'emailMessage';
    const custom = responseMember(response, field, 'string');
    if (custom !== undefined && custom !== '') {
      const wireField = m.medium === 'SMS' ? 'smsMessage' : 'emailBody';
      if (!custom.includes(CODE) || (m.source === 'AdminCreateUser' && !custom.includes(USERNAME))) {
        throw new InvalidParameterException(
          `1 validation error detected: Value '${custom}' at '${wireField}' failed to satisfy constraint: Member must satisfy regular expression pattern: ${PATTERN}`,
        );
      }
      text = custom;
    }
    customSubject = responseMember(response, 'emailSubject', 'string');
  }
  return { request: m, text, subject: m.medium === 'EMAIL' && customSubject ? customSubject : subject, sender: null };
}

/** The text to send, placeholders still in it (see {@link prepareMessage}). */
export async function messageText(svc: Services, m: MessageRequest): Promise<string> {
  return (await prepareMessage(svc, m)).text;
}

/** Where a prepared message goes and what fills it in. */
export interface Delivery {
  destination: string;
  /** What replaces `{####}`: a code, or an invitation's temporary password. */
  code: string;
  /** Whether `code` is a one-time code the outbox shows on its own (a temporary password is not). */
  codeIsCode: boolean;
  /** What replaces `{username}` in an invitation. */
  username?: string;
}

/** Sends a prepared message: to the pool's custom sender, or with its placeholders filled in to the outbox. */
export async function sendPrepared(svc: Services, p: PreparedMessage, d: Delivery): Promise<void> {
  const m = p.request;
  if (p.sender) {
    await sendToCustomSender(svc, p.sender, {
      pool: m.pool,
      user: m.user,
      source: m.source,
      code: d.code,
      isPassword: !d.codeIsCode,
      ...(m.clientId ? { clientId: m.clientId } : {}),
      ...(m.clientMetadata ? { clientMetadata: m.clientMetadata } : {}),
    });
    return;
  }
  await svc.outbox.send({
    poolId: m.pool.id,
    username: m.user.username,
    medium: m.medium,
    destination: d.destination,
    code: d.codeIsCode ? d.code : null,
    subject: p.subject,
    message: fillMessage(p.text, d.code, d.username),
  });
}

/** The text with its placeholders filled in. */
export function fillMessage(text: string, code: string, username?: string): string {
  const out = text.split(CODE).join(code);
  return username === undefined ? out : out.split(USERNAME).join(username);
}

/** Prepares the message and sends it. */
export async function deliverMessage(svc: Services, m: Message): Promise<void> {
  const { destination, code, codeIsCode, username, ...request } = m;
  await sendPrepared(svc, await prepareMessage(svc, request), { destination, code, codeIsCode, ...(username !== undefined ? { username } : {}) });
}
