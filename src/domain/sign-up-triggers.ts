/**
 * The PreSignUp and PostConfirmation triggers, as Cognito runs them.
 *
 * PreSignUp runs before anything is stored (a throwing function creates no user). For SignUp its answer is
 * honoured: `autoConfirmUser` confirms the user at once (no code is sent), `autoVerifyEmail` /
 * `autoVerifyPhone` mark an address the user gave as verified. For AdminCreateUser the answer is ignored,
 * as Cognito documents, but a throwing function still stops the creation. `ValidationData` reaches the
 * function as `validationData` and `ClientMetadata` as `clientMetadata`.
 *
 * PostConfirmation runs after the confirmation is stored (ConfirmSignUp, AdminConfirmSignUp, a PreSignUp
 * auto-confirmation, ConfirmForgotPassword). Cognito's confirmation stands when the function fails; the
 * caller gets the function's error, which is what AWS does too.
 */
import type { AttributeType } from '../model/generated.js';
import type { Services } from '../services.js';
import type { PoolRecord, UserRecord } from '../store/store.js';
import { responseMember, runTrigger, triggerUserAttributes } from './triggers.js';

export interface PreSignUpAnswer {
  autoConfirmUser: boolean;
  autoVerifyEmail: boolean;
  autoVerifyPhone: boolean;
}

/** `[{Name, Value}]` as the `{name: value}` map trigger events carry. */
export function attributeMap(list: readonly AttributeType[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const a of list ?? []) out[a.Name!] = a.Value ?? '';
  return out;
}

export async function preSignUp(
  svc: Services,
  pool: PoolRecord,
  args: {
    source: 'SignUp' | 'AdminCreateUser' | 'ExternalProvider';
    userName: string;
    clientId?: string;
    attributes: Record<string, string>;
    validationData?: readonly AttributeType[];
    clientMetadata?: Record<string, string>;
  },
): Promise<PreSignUpAnswer> {
  const response = await runTrigger(svc, pool, 'PreSignUp', {
    triggerSource: `PreSignUp_${args.source}`,
    userName: args.userName,
    ...(args.clientId ? { clientId: args.clientId } : {}),
    request: {
      userAttributes: args.attributes,
      validationData: args.validationData ? attributeMap(args.validationData) : null,
      clientMetadata: args.clientMetadata ?? {},
    },
    response: { autoConfirmUser: false, autoVerifyEmail: false, autoVerifyPhone: false },
  });
  if (!response || args.source === 'AdminCreateUser') return { autoConfirmUser: false, autoVerifyEmail: false, autoVerifyPhone: false };
  return {
    autoConfirmUser: responseMember(response, 'autoConfirmUser', 'boolean') ?? false,
    autoVerifyEmail: responseMember(response, 'autoVerifyEmail', 'boolean') ?? false,
    autoVerifyPhone: responseMember(response, 'autoVerifyPhone', 'boolean') ?? false,
  };
}

export async function postConfirmation(
  svc: Services,
  pool: PoolRecord,
  user: UserRecord,
  source: 'ConfirmSignUp' | 'ConfirmForgotPassword',
  caller: { clientId?: string; clientMetadata?: Record<string, string> } = {},
): Promise<void> {
  await runTrigger(svc, pool, 'PostConfirmation', {
    triggerSource: `PostConfirmation_${source}`,
    userName: user.username,
    ...(caller.clientId ? { clientId: caller.clientId } : {}),
    request: { userAttributes: triggerUserAttributes(user), clientMetadata: caller.clientMetadata ?? {} },
  });
}
