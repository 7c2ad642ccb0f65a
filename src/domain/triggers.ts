/**
 * Calling a pool's Lambda triggers as Cognito does: the event every trigger shares (version, triggerSource,
 * region, userPoolId, userName, callerContext, request, an empty response), one synchronous invocation held
 * to Cognito's 5-second limit, and the function's failures turned into the exceptions Cognito reports:
 *
 * - the function threw → UserLambdaValidationException `<Trigger> failed with error <message>.`;
 * - it timed out, is missing, or could not be called → UnexpectedLambdaException
 *   `<Trigger> invocation failed due to error <why>.` (timeouts read "Socket timeout while invoking Lambda function");
 * - it answered something that is not the event with a `response` object → InvalidLambdaResponseException
 *   `Unrecognizable lambda output` (or `Invalid lambda function output : Invalid JSON` when it was not JSON).
 *
 * `<Trigger>` is the LambdaConfig member name (the reference infers this from Cognito's samples).
 * Chosen where Cognito has no equivalent: a pool with a trigger on a server started without a function runner
 * (`--lambda-dir` / `--lambda-endpoint-url`) skips the trigger and logs that once per pool and trigger, so that
 * pools copied from AWS keep working without their functions.
 */
import { InvalidLambdaResponseException, UnexpectedLambdaException, UserLambdaValidationException } from '../errors.js';
import { parseFunctionArn } from '../lambda/arn.js';
import { FunctionAnswerInvalid, FunctionFailed, FunctionTimedOut } from '../lambda/invoker.js';
import type { Services } from '../services.js';
import type { PoolRecord } from '../store/store.js';

export type TriggerName =
  | 'PreSignUp'
  | 'CustomMessage'
  | 'PostConfirmation'
  | 'PreAuthentication'
  | 'PostAuthentication'
  | 'DefineAuthChallenge'
  | 'CreateAuthChallenge'
  | 'VerifyAuthChallengeResponse'
  | 'PreTokenGeneration'
  | 'UserMigration'
  | 'CustomSMSSender'
  | 'CustomEmailSender';

/** A trigger as a pool configures it: the function and, for pre token generation and the senders, its event version. */
export interface ConfiguredTrigger {
  arn: string;
  lambdaVersion: string;
}

/** The function a pool runs for a trigger, or null when it has none. */
export function configuredTrigger(pool: PoolRecord, name: TriggerName): ConfiguredTrigger | null {
  const config = pool.settings.LambdaConfig ?? {};
  if (name === 'PreTokenGeneration') {
    const v = config.PreTokenGenerationConfig;
    if (v?.LambdaArn) return { arn: v.LambdaArn, lambdaVersion: v.LambdaVersion ?? 'V1_0' };
    return config.PreTokenGeneration ? { arn: config.PreTokenGeneration, lambdaVersion: 'V1_0' } : null;
  }
  if (name === 'CustomSMSSender' || name === 'CustomEmailSender') {
    const v = config[name];
    return v?.LambdaArn ? { arn: v.LambdaArn, lambdaVersion: v.LambdaVersion ?? 'V1_0' } : null;
  }
  const arn = config[name];
  return typeof arn === 'string' && arn ? { arn, lambdaVersion: 'V1_0' } : null;
}

export interface TriggerEvent {
  triggerSource: string;
  /** The user's name; null in a client_credentials grant's pre token generation event, which has no user. */
  userName: string | null;
  /** The app client the request came through; admin operations without one send CLIENT_ID_NOT_APPLICABLE. */
  clientId?: string;
  request: Record<string, unknown>;
  /** The event's `version`: "1" but for pre token generation V2 ("2") and V3 ("3"). */
  version?: string;
  /** The `response` the function receives, where Cognito sends its members as nulls (default: empty). */
  response?: Record<string, unknown>;
}

const warnedKeys = new Set<string>();

/**
 * Runs a pool's trigger and returns the `response` of the event the function gave back, or null when the pool
 * has no such trigger (or this server runs no functions). Throws the Cognito exception for a failure.
 */
export async function runTrigger(services: Services, pool: PoolRecord, name: TriggerName, event: TriggerEvent): Promise<Record<string, unknown> | null> {
  const trigger = configuredTrigger(pool, name);
  if (!trigger) return null;
  const runner = services.functions;
  if (!runner) {
    const key = `${pool.id} ${name}`;
    if (!warnedKeys.has(key)) {
      warnedKeys.add(key);
      services.log?.(`pool ${pool.id} has a ${name} trigger (${trigger.arn}) but this server runs no functions; see --lambda-dir and --lambda-endpoint-url`);
    }
    return null;
  }
  const fn = parseFunctionArn(trigger.arn);
  if (!fn) throw new UnexpectedLambdaException(`${name} invocation failed due to error Invalid function ARN ${trigger.arn}.`);
  const full = {
    version: event.version ?? '1',
    triggerSource: event.triggerSource,
    region: services.settings.region,
    userPoolId: pool.id,
    userName: event.userName,
    callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: event.clientId ?? 'CLIENT_ID_NOT_APPLICABLE' },
    request: event.request,
    response: event.response ?? {},
  };
  let answer: unknown;
  try {
    answer = await runner.invoke(fn, full, { timeoutMs: services.settings.lambdaTimeoutMs ?? 5000 });
  } catch (e) {
    if (e instanceof FunctionFailed) throw new UserLambdaValidationException(`${name} failed with error ${e.message}.`);
    if (e instanceof FunctionAnswerInvalid) throw new InvalidLambdaResponseException('Invalid lambda function output : Invalid JSON');
    if (e instanceof FunctionTimedOut)
      throw new UnexpectedLambdaException(`${name} invocation failed due to error Socket timeout while invoking Lambda function.`);
    const why = e instanceof Error ? e.message : String(e);
    throw new UnexpectedLambdaException(`${name} invocation failed due to error ${why.endsWith('.') ? why : `${why}.`}`);
  }
  if (!isObject(answer)) throw new InvalidLambdaResponseException('Unrecognizable lambda output');
  const response = answer.response ?? {};
  if (!isObject(response)) throw new InvalidLambdaResponseException('Unrecognizable lambda output');
  return response;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * One member of a trigger's response, checked against the type Cognito expects; absent or null gives
 * undefined, any other type makes the whole answer unrecognizable, as Cognito treats it.
 */
export function responseMember<T extends 'boolean' | 'string' | 'object'>(
  response: Record<string, unknown>,
  member: string,
  type: T,
): (T extends 'boolean' ? boolean : T extends 'string' ? string : Record<string, unknown>) | undefined {
  const v = response[member];
  if (v === undefined || v === null) return undefined;
  const ok = type === 'object' ? isObject(v) : typeof v === type;
  if (!ok) throw new InvalidLambdaResponseException('Unrecognizable lambda output');
  return v as never;
}

/**
 * A user's attributes as trigger events carry them: every value a string (`"email_verified": "true"`), with
 * `sub` and `cognito:user_status`, as Cognito sends them.
 */
export function triggerUserAttributes(user: { sub: string; status: string; attributes: Record<string, string> }): Record<string, string> {
  return { ...user.attributes, sub: user.sub, 'cognito:user_status': user.status };
}
