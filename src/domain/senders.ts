/**
 * The CustomSMSSender and CustomEmailSender triggers: when a pool has one for a message's medium, the code
 * (or an invitation's temporary password) is encrypted under the pool's `KMSKeyID` with the AWS Encryption
 * SDK and handed to the function in `request.code`, instead of the outbox. The event is Cognito's:
 * `triggerSource` `CustomSMSSender_<source>` / `CustomEmailSender_<source>`, `request.type`
 * `customSMSSenderRequestV1` / `customEmailSenderRequestV1`, `code`, `userAttributes`, `clientMetadata`.
 *
 * Choices where AWS's pages are silent or loose (each tested):
 * - The CustomMessage trigger does not run for a message that goes to a custom sender: the sender's event has
 *   no text to word, only the code, so the function writes the whole message itself (inferred).
 * - Cognito invokes the senders asynchronously and ignores their answer. cognate waits for the function
 *   before it answers the request (so that a test sees the delivery as soon as the call returns), but, like
 *   Cognito, neither the function's answer nor its failure changes the result: a failure is only logged.
 * - Encrypting is part of invoking the trigger: KMS unreachable or refusing (no such key, no access) is
 *   UnexpectedLambdaException `<Trigger> invocation failed due to error <why>.`, which every operation that
 *   sends codes may raise, and nothing is delivered.
 * - A sender without `KMSKeyID` is refused when the pool is configured (CreateUserPool / UpdateUserPool:
 *   InvalidParameterException, as AWS's guide says the key is required with a sender; the message is ours).
 *   A pool stored that way by an older cognate gets the UnexpectedLambdaException above, naming the missing key.
 * - Temporary passwords are HTML-escaped before they are encrypted, as Cognito documents for the senders.
 * - On a server that runs no functions, a sender is skipped (logged once) and the message goes to the outbox,
 *   as other triggers are skipped there.
 */
import { InvalidLambdaResponseException, InvalidParameterException, UnexpectedLambdaException } from '../errors.js';
import type { LambdaConfigType } from '../model/generated.js';
import type { Services } from '../services.js';
import type { PoolRecord, UserRecord } from '../store/store.js';
import { configuredTrigger, runTrigger, triggerUserAttributes } from './triggers.js';

export type SenderName = 'CustomSMSSender' | 'CustomEmailSender';

/** Refuses a LambdaConfig with a custom sender but no KMSKeyID. */
export function checkSenderConfig(config: LambdaConfigType | undefined): void {
  if (!config) return;
  const senders = (['CustomSMSSender', 'CustomEmailSender'] as const).filter((n) => config[n] !== undefined);
  if (senders.length > 0 && !config.KMSKeyID) {
    throw new InvalidParameterException(`KMSKeyID is required when ${senders.join(' or ')} is configured.`);
  }
}

const warned = new Set<string>();

/** The custom sender a message of this medium goes to, or null (none configured, or no functions run here). */
export function customSender(svc: Services, pool: PoolRecord, medium: 'SMS' | 'EMAIL'): SenderName | null {
  const name: SenderName = medium === 'SMS' ? 'CustomSMSSender' : 'CustomEmailSender';
  const trigger = configuredTrigger(pool, name);
  if (!trigger) return null;
  if (!svc.functions) {
    const key = `${pool.id} ${name}`;
    if (!warned.has(key)) {
      warned.add(key);
      svc.log?.(`pool ${pool.id} has a ${name} trigger (${trigger.arn}) but this server runs no functions; its messages go to the outbox`);
    }
    return null;
  }
  return name;
}

/** What a custom sender is given. */
export interface SenderDelivery {
  pool: PoolRecord;
  user: UserRecord;
  /** The message's source, as in `CustomSMSSender_<source>`. */
  source: string;
  /** The code or temporary password, in plain text. */
  code: string;
  /** Whether `code` is a temporary password (HTML-escaped before it is encrypted). */
  isPassword: boolean;
  clientId?: string;
  clientMetadata?: Record<string, string>;
}

/** Encrypts the code and invokes the sender (see the file's comment for what fails the request and what does not). */
export async function sendToCustomSender(svc: Services, name: SenderName, d: SenderDelivery): Promise<void> {
  const keyId = d.pool.settings.LambdaConfig?.KMSKeyID;
  if (!keyId) throw new UnexpectedLambdaException(`${name} invocation failed due to error the user pool has no KMSKeyID.`);
  if (!svc.encryptor) throw new UnexpectedLambdaException(`${name} invocation failed due to error this server has no KMS client.`);
  const plaintext = d.isPassword ? escapeHtml(d.code) : d.code;
  let code: string;
  try {
    code = await svc.encryptor.encrypt(keyId, plaintext, { 'userpool-id': d.pool.id });
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new UnexpectedLambdaException(`${name} invocation failed due to error ${why.endsWith('.') ? why : `${why}.`}`);
  }
  try {
    await runTrigger(svc, d.pool, name, {
      triggerSource: `${name}_${d.source}`,
      userName: d.user.username,
      ...(d.clientId ? { clientId: d.clientId } : {}),
      request: {
        type: name === 'CustomSMSSender' ? 'customSMSSenderRequestV1' : 'customEmailSenderRequestV1',
        code,
        userAttributes: triggerUserAttributes(d.user),
        clientMetadata: d.clientMetadata ?? {},
      },
    });
  } catch (e) {
    // Cognito invokes senders asynchronously: what the function answers (usually nothing) is ignored, and
    // its failure is not the caller's concern.
    if (e instanceof InvalidLambdaResponseException) return;
    svc.log?.(`pool ${d.pool.id}: ${name} for ${d.user.username} failed: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}
