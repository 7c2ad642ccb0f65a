/**
 * Functions behind the Lambda Invoke API (AWS Lambda itself, AWS SAM's local endpoint, LocalStack): one
 * SigV4-signed `RequestResponse` invocation per call, `POST /2015-03-31/functions/NAME/invocations`, with
 * the ARN's qualifier as `Qualifier` and the request signed for the ARN's region. The function is named by
 * its name rather than its whole ARN, so the endpoint's own account is the one that runs it; that is what
 * local endpoints expect, and on AWS it is the account whose keys sign the call.
 */
import { canonicalQueryString, type SigningKeys, signRequest } from '../aws/signer.js';
import type { FunctionRef } from './arn.js';
import {
  FunctionAnswerInvalid,
  FunctionFailed,
  FunctionNotFound,
  type FunctionInvoker,
  FunctionTimedOut,
  FunctionUnavailable,
  type InvokeOptions,
} from './invoker.js';

export interface InvokeApiOptions {
  endpoint: string;
  keys: SigningKeys;
  now?: () => Date;
}

export class InvokeApiFunctions implements FunctionInvoker {
  private readonly endpoint: URL;
  private readonly inFlight = new Set<AbortController>();

  constructor(private readonly options: InvokeApiOptions) {
    this.endpoint = new URL(options.endpoint);
  }

  async invoke(fn: FunctionRef, event: unknown, options: InvokeOptions): Promise<unknown> {
    const base = this.endpoint.pathname.replace(/\/+$/, '');
    const path = `${base}/2015-03-31/functions/${fn.name}/invocations`;
    const query = fn.qualifier ? canonicalQueryString([['Qualifier', fn.qualifier]]) : '';
    const body = Buffer.from(JSON.stringify(event), 'utf8');
    const headers = signRequest(
      [
        ['Host', this.endpoint.host],
        ['Content-Type', 'application/json'],
        ['X-Amz-Invocation-Type', 'RequestResponse'],
      ],
      path,
      body,
      this.options.keys,
      fn.region,
      'lambda',
      (this.options.now ?? (() => new Date()))(),
      { method: 'POST', query },
    ).filter(([k]) => k.toLowerCase() !== 'host');
    const url = `${this.endpoint.protocol}//${this.endpoint.host}${path}${query ? `?${query}` : ''}`;
    const abort = new AbortController();
    this.inFlight.add(abort);
    const timer = setTimeout(() => abort.abort(new FunctionTimedOut(`${fn.name} timed out after ${options.timeoutMs} ms`)), options.timeoutMs);
    try {
      let res: Response;
      let text: string;
      try {
        res = await fetch(url, { method: 'POST', headers, body, signal: abort.signal });
        text = await res.text();
      } catch (e) {
        if (abort.signal.aborted && abort.signal.reason instanceof Error) throw abort.signal.reason;
        throw new FunctionUnavailable(`Lambda Invoke API unreachable: ${e instanceof Error ? e.message : String(e)}`);
      }
      if (res.status === 404) throw new FunctionNotFound(`Function not found: ${fn.arn}`);
      if (res.status < 200 || res.status > 299) throw new FunctionUnavailable(`Lambda Invoke API answered ${res.status}: ${text.slice(0, 200)}`);
      const functionError = res.headers.get('x-amz-function-error');
      let payload: unknown;
      try {
        payload = text === '' ? null : JSON.parse(text);
      } catch {
        throw new FunctionAnswerInvalid('Invalid JSON');
      }
      if (functionError) {
        const p = (payload ?? {}) as { errorMessage?: unknown; errorType?: unknown };
        const message = typeof p.errorMessage === 'string' ? p.errorMessage : functionError;
        // Lambda reports a timeout as an Unhandled function error with this message.
        if (/Task timed out after/.test(message)) throw new FunctionTimedOut(message);
        throw new FunctionFailed(message, typeof p.errorType === 'string' ? p.errorType : functionError);
      }
      return payload;
    } finally {
      clearTimeout(timer);
      this.inFlight.delete(abort);
    }
  }

  async close(): Promise<void> {
    for (const a of this.inFlight) a.abort(new FunctionUnavailable('The function runner is shut down.'));
  }
}
