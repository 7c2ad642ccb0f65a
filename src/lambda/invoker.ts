/**
 * How the user pool runs a trigger's function: one synchronous invocation with a JSON event, answered with
 * the function's JSON result. Two implementations: functions loaded from a directory and run in worker
 * threads (local.ts), and the Lambda Invoke API (remote.ts). What a failure means to the caller
 * (UserLambdaValidationException, UnexpectedLambdaException, …) is decided by the domain, from the kinds below.
 */
import type { FunctionRef } from './arn.js';

export interface InvokeOptions {
  /** Milliseconds the function may run; Cognito's limit is 5 s. */
  timeoutMs: number;
}

export interface FunctionInvoker {
  /** The function's result, parsed from its JSON (null when it returned nothing), or one of the failures below. */
  invoke(fn: FunctionRef, event: unknown, options: InvokeOptions): Promise<unknown>;
  /** Stops every running function and frees what the invoker holds. */
  close(): Promise<void>;
}

/** The function threw, rejected, or called back with an error: Lambda's "function error". */
export class FunctionFailed extends Error {
  constructor(
    message: string,
    readonly errorType: string,
  ) {
    super(message);
  }
}

/** The function did not answer within its time. */
export class FunctionTimedOut extends Error {}

/** No such function: no file in the functions directory, or the Invoke API answered ResourceNotFoundException. */
export class FunctionNotFound extends Error {}

/** The function could not be invoked or its answer could not be read (a refused call, a crashed runtime, not JSON). */
export class FunctionUnavailable extends Error {}

/** The function answered something that is not JSON (Invoke API only: a local function's result is always serialised). */
export class FunctionAnswerInvalid extends Error {}
