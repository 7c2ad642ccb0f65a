/**
 * Every SMS and email cognate sends (codes, invitations, MFA codes) goes out here, so that the pool's
 * CustomMessage trigger sees each one, as Cognito calls it: with `codeParameter` `{####}`, `usernameParameter`
 * `{username}` for invitations (null otherwise), `linkParameter` `{##Click Here##}`, the user's attributes and
 * the caller's client metadata. What the function returns replaces the pool's text; the code is put in
 * afterwards, so the function never sees it. A returned message without `{####}` (or, for an invitation,
 * without `{username}`) is refused with the InvalidParameterException Cognito gives, naming the field
 * (`emailBody` as observed on AWS; `smsMessage` inferred for SMS), and nothing is sent.
 */
import { InvalidParameterException } from '../errors.js';
import type { Services } from '../services.js';
import type { PoolRecord, UserRecord } from '../store/store.js';
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

/** The code's placeholder in every template. */
export const CODE = '{####}';
const USERNAME = '{username}';
const PATTERN = String.raw`[\p{L}\p{M}\p{S}\p{N}\p{P}\s*]*\{####\}[\p{L}\p{M}\p{S}\p{N}\p{P}\s*]*`;

/**
 * The text to send, placeholders still in it: the CustomMessage trigger's, if the pool has one and it answers
 * with one, else the template. Asked before a code is made, so a failing function leaves no code behind.
 */
export async function messageText(svc: Services, m: MessageRequest): Promise<string> {
  let text = m.template;
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
  }
  return text;
}

/** The text with its placeholders filled in. */
export function fillMessage(text: string, code: string, username?: string): string {
  const out = text.split(CODE).join(code);
  return username === undefined ? out : out.split(USERNAME).join(username);
}

/** Asks for the text and puts the message in the outbox. */
export async function deliverMessage(svc: Services, m: Message): Promise<void> {
  const message = fillMessage(await messageText(svc, m), m.code, m.username);
  await svc.outbox.send({
    poolId: m.pool.id,
    username: m.user.username,
    medium: m.medium,
    destination: m.destination,
    code: m.codeIsCode ? m.code : null,
    message,
  });
}
