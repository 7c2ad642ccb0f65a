/**
 * The PreAuthentication and PostAuthentication triggers, for every sign-in flow that checks a password
 * (USER_PASSWORD_AUTH, ADMIN_USER_PASSWORD_AUTH, USER_SRP_AUTH); refreshing tokens runs neither, as on AWS.
 *
 * PreAuthentication runs once the user is known and before the password is checked (for SRP, before the
 * PASSWORD_VERIFIER challenge is posed), so a function that throws refuses the sign-in without counting a
 * password failure. Its `validationData` is the ClientMetadata of InitiateAuth / AdminInitiateAuth.
 * PostAuthentication runs when the sign-in has passed every challenge, before its tokens are recorded, so a
 * function that throws leaves no refresh token behind. Its `clientMetadata` is that of the
 * RespondToAuthChallenge call that finished the sign-in (none when no challenge was posed), as Cognito
 * routes it. cognate has no device tracking, so `newDeviceUsed` is always false.
 */
import type { Services } from '../services.js';
import type { ClientRecord, PoolRecord, UserRecord } from '../store/store.js';
import { runTrigger, triggerUserAttributes } from './triggers.js';

export async function preAuthentication(svc: Services, pool: PoolRecord, client: ClientRecord, user: UserRecord): Promise<void> {
  await runTrigger(svc, pool, 'PreAuthentication', {
    triggerSource: 'PreAuthentication_Authentication',
    userName: user.username,
    clientId: client.id,
    request: { userAttributes: triggerUserAttributes(user), validationData: svc.caller?.signInMetadata ?? {}, userNotFound: false },
  });
}

/**
 * PreAuthentication for a name no user has, when the client hides user existence: Cognito still runs
 * the function, with `userNotFound: true` and no attributes (developer guide, pre authentication), so
 * it can answer as it would for a user.
 */
export async function preAuthenticationOfUnknown(svc: Services, pool: PoolRecord, client: ClientRecord, userName: string): Promise<void> {
  await runTrigger(svc, pool, 'PreAuthentication', {
    triggerSource: 'PreAuthentication_Authentication',
    userName,
    clientId: client.id,
    request: { userAttributes: {}, validationData: svc.caller?.signInMetadata ?? {}, userNotFound: true },
  });
}

export async function postAuthentication(svc: Services, pool: PoolRecord, client: ClientRecord, user: UserRecord): Promise<void> {
  await runTrigger(svc, pool, 'PostAuthentication', {
    triggerSource: 'PostAuthentication_Authentication',
    userName: user.username,
    clientId: client.id,
    request: { userAttributes: triggerUserAttributes(user), newDeviceUsed: false, clientMetadata: svc.caller?.challengeMetadata ?? {} },
  });
}
