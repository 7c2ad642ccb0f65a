/**
 * CUSTOM_AUTH: the DefineAuthChallenge, CreateAuthChallenge and VerifyAuthChallengeResponse triggers drive the
 * sign-in, as the developer guide's custom-authentication pages describe.
 *
 * - InitiateAuth (or AdminInitiateAuth) with AuthFlow CUSTOM_AUTH asks DefineAuthChallenge with an empty
 *   `session`; with `AuthParameters.CHALLENGE_NAME=SRP_A` (and SRP_A) the session starts `[{SRP_A, true}]` and
 *   the function may answer PASSWORD_VERIFIER, which poses the ordinary SRP challenge; its success is added as
 *   `{PASSWORD_VERIFIER, true}` and DefineAuthChallenge is asked again. A wrong password ends the sign-in with
 *   NotAuthorizedException and is counted by the lockout, as in USER_SRP_AUTH (chosen: Cognito's handling of a
 *   wrong password inside a custom flow is not documented).
 * - CUSTOM_CHALLENGE runs CreateAuthChallenge; its `publicChallengeParameters` (with USERNAME) are the
 *   ChallengeParameters, its `privateChallengeParameters` stay in the challenge session for
 *   VerifyAuthChallengeResponse, and its `challengeMetadata` goes into the next `session` entry.
 * - RespondToAuthChallenge with CUSTOM_CHALLENGE and ANSWER spends the session (one answer per session, as
 *   Cognito's sessions are single-use), asks VerifyAuthChallengeResponse, records `answerCorrect`, and asks
 *   DefineAuthChallenge again.
 * - DefineAuthChallenge's `failAuthentication` ends the sign-in with NotAuthorizedException `Incorrect username
 *   or password.`; `issueTokens` issues tokens (the custom flow replaces MFA, as on AWS); anything else it
 *   answers is an InvalidLambdaResponseException.
 * - ClientMetadata reaches these triggers only from RespondToAuthChallenge, as Cognito routes it.
 * - A pool without a DefineAuthChallenge function answers InvalidParameterException `Custom auth lambda trigger
 *   is not configured for the user pool.` (the message users report from AWS, e.g. aws-amplify/amplify-js#5623).
 * - A name no user has, on a client with PreventUserExistenceErrors ENABLED: the three functions run with
 *   `userNotFound: true`, the typed name as `userName` and no attributes, so they can simulate a challenge
 *   (developer guide, custom authentication challenge triggers). A PASSWORD_VERIFIER step is the decoy SRP
 *   challenge of USER_SRP_AUTH; a DefineAuthChallenge answer of `issueTokens` for such a sign-in is refused
 *   with NotAuthorizedException `Incorrect username or password.` (there is no user to issue them to).
 * - Rounds: Cognito's limit is not documented; cognate allows at most MAX_CUSTOM_CHALLENGES custom challenges in
 *   one sign-in and then refuses with NotAuthorizedException, so a DefineAuthChallenge that never decides cannot
 *   keep a sign-in open forever.
 */
import {
  InvalidLambdaResponseException,
  InvalidParameterException,
  NotAuthorizedException,
  PasswordResetRequiredException,
  UserNotConfirmedException,
  UserNotFoundException,
} from '../../errors.js';
import type { Services } from '../../services.js';
import type { ChallengeSessionRecord, ClientRecord, PoolRecord, UserRecord } from '../../store/store.js';
import { preAuthentication, preAuthenticationOfUnknown } from '../auth-triggers.js';
import { hidesUserExistence } from '../existence.js';
import { checkSecretHash } from '../clients.js';
import { configuredTrigger, responseMember, runTrigger, triggerUserAttributes } from '../triggers.js';
import { findUser, noMfa } from '../users.js';
import { type ChallengeResult, decoySrpChallenge, srpChallenge } from './flows.js';
import { INVALID_SESSION, openSession, sessionSeconds } from './sessions.js';
import { type AuthResponse, tokensNow } from './tokens.js';

/** How many CUSTOM_CHALLENGE rounds one sign-in may have (chosen; see above). */
export const MAX_CUSTOM_CHALLENGES = 8;

const NOT_CONFIGURED = 'Custom auth lambda trigger is not configured for the user pool.';
const FAILED = 'Incorrect username or password.';

/** What a custom challenge session keeps between InitiateAuth and the answers. */
interface CustomState {
  history: ChallengeResult[];
  private: Record<string, string>;
  metadata?: string;
  /** The sign-in is of a name no user has (PreventUserExistenceErrors); see unknownUser. */
  userNotFound?: true;
}

/** InitiateAuth with AuthFlow CUSTOM_AUTH. */
export async function customFlow(svc: Services, pool: PoolRecord, client: ClientRecord, params: Record<string, string>): Promise<AuthResponse> {
  const username = params.USERNAME;
  if (username === undefined) throw new InvalidParameterException('Missing required parameter USERNAME');
  if (!configuredTrigger(pool, 'DefineAuthChallenge') || !svc.functions) throw new InvalidParameterException(NOT_CONFIGURED);
  const srp = params.CHALLENGE_NAME === 'SRP_A';
  if (srp && params.SRP_A === undefined) throw new InvalidParameterException('Missing required parameter SRP_A');
  const user = await findUser(svc.store, pool, username);
  checkSecretHash(client, params.SECRET_HASH, user ? [username, user.username, user.sub] : [username]);
  const history: ChallengeResult[] = srp ? [{ challengeName: 'SRP_A', challengeResult: true }] : [];
  if (!user) {
    if (!hidesUserExistence(client)) throw new UserNotFoundException('User does not exist.');
    await preAuthenticationOfUnknown(svc, pool, client, username);
    return nextStep(svc, pool, client, unknownUser(pool, username), history, params.SRP_A, true);
  }
  if (!user.enabled) throw new NotAuthorizedException('User is disabled.');
  if (user.status === 'UNCONFIRMED') throw new UserNotConfirmedException('User is not confirmed.');
  if (user.status === 'RESET_REQUIRED') throw new PasswordResetRequiredException('Password reset required for the user');
  await preAuthentication(svc, pool, client, user);
  return nextStep(svc, pool, client, user, history, params.SRP_A);
}

/**
 * The stand-in for a name no user has, so that the triggers and sessions of the flow run as for a user;
 * nothing about it is stored or turned into tokens.
 */
export function unknownUser(pool: PoolRecord, username: string): UserRecord {
  const epoch = new Date(0);
  return {
    poolId: pool.id,
    username,
    sub: '',
    status: 'CONFIRMED',
    enabled: true,
    passwordHash: null,
    temporaryPasswordExpiresAt: null,
    attributes: {},
    mfa: noMfa(),
    createdAt: epoch,
    lastModifiedAt: epoch,
  };
}

/** The userAttributes of a trigger event: none for an unknown user. */
function attributesFor(user: UserRecord, notFound: boolean): Record<string, string> {
  return notFound ? {} : triggerUserAttributes(user);
}

/** After the PASSWORD_VERIFIER of a custom flow: DefineAuthChallenge decides what follows. */
export function afterCustomPassword(
  svc: Services,
  pool: PoolRecord,
  client: ClientRecord,
  user: UserRecord,
  history: ChallengeResult[],
): Promise<AuthResponse> {
  return nextStep(svc, pool, client, user, [...history, { challengeName: 'PASSWORD_VERIFIER', challengeResult: true }]);
}

/** RespondToAuthChallenge with CUSTOM_CHALLENGE: the answer judged by VerifyAuthChallengeResponse, then DefineAuthChallenge. */
export async function answerCustom(
  svc: Services,
  pool: PoolRecord,
  client: ClientRecord,
  user: UserRecord,
  session: ChallengeSessionRecord,
  responses: Record<string, string>,
): Promise<AuthResponse> {
  const answer = responses.ANSWER;
  if (answer === undefined) throw new InvalidParameterException('Missing required parameter ANSWER');
  if (!(await svc.store.consumeChallengeSession(session.id))) throw new NotAuthorizedException(INVALID_SESSION);
  const state = session.data as unknown as CustomState;
  const notFound = state.userNotFound === true;
  const response = await runTrigger(svc, pool, 'VerifyAuthChallengeResponse', {
    triggerSource: 'VerifyAuthChallengeResponse_Authentication',
    userName: user.username,
    clientId: client.id,
    request: {
      userAttributes: attributesFor(user, notFound),
      privateChallengeParameters: state.private,
      challengeAnswer: answer,
      clientMetadata: svc.caller?.challengeMetadata ?? {},
      userNotFound: notFound,
    },
    response: { answerCorrect: null },
  });
  if (!response) throw new InvalidParameterException(NOT_CONFIGURED);
  const correct = responseMember(response, 'answerCorrect', 'boolean') ?? false;
  const entry: ChallengeResult = { challengeName: 'CUSTOM_CHALLENGE', challengeResult: correct };
  if (state.metadata !== undefined) entry.challengeMetadata = state.metadata;
  return nextStep(svc, pool, client, user, [...state.history, entry], undefined, notFound);
}

/** Asks DefineAuthChallenge what follows `history`, and does it. */
async function nextStep(
  svc: Services,
  pool: PoolRecord,
  client: ClientRecord,
  user: UserRecord,
  history: ChallengeResult[],
  srpA?: string,
  notFound = false,
): Promise<AuthResponse> {
  const response = await runTrigger(svc, pool, 'DefineAuthChallenge', {
    triggerSource: 'DefineAuthChallenge_Authentication',
    userName: user.username,
    clientId: client.id,
    request: {
      userAttributes: attributesFor(user, notFound),
      session: history,
      clientMetadata: svc.caller?.challengeMetadata ?? {},
      userNotFound: notFound,
    },
    response: { challengeName: null, issueTokens: null, failAuthentication: null },
  });
  if (!response) throw new InvalidParameterException(NOT_CONFIGURED);
  const fail = responseMember(response, 'failAuthentication', 'boolean');
  const issue = responseMember(response, 'issueTokens', 'boolean');
  const name = responseMember(response, 'challengeName', 'string');
  if (fail) throw new NotAuthorizedException(FAILED);
  if (issue) {
    if (notFound) throw new NotAuthorizedException(FAILED);
    return tokensNow(svc, client, user);
  }
  if (name === 'PASSWORD_VERIFIER' && srpA !== undefined) {
    return notFound ? decoySrpChallenge(svc, pool, client, user.username, srpA) : srpChallenge(svc, pool, client, user, srpA, { custom: history });
  }
  if (name === 'CUSTOM_CHALLENGE') {
    if (history.filter((h) => h.challengeName === 'CUSTOM_CHALLENGE').length >= MAX_CUSTOM_CHALLENGES) throw new NotAuthorizedException(FAILED);
    return createChallenge(svc, pool, client, user, history, notFound);
  }
  throw new InvalidLambdaResponseException('Unrecognizable lambda output');
}

/** CUSTOM_CHALLENGE: CreateAuthChallenge words it; the private half waits in the session for the answer. */
async function createChallenge(
  svc: Services,
  pool: PoolRecord,
  client: ClientRecord,
  user: UserRecord,
  history: ChallengeResult[],
  notFound: boolean,
): Promise<AuthResponse> {
  const response = await runTrigger(svc, pool, 'CreateAuthChallenge', {
    triggerSource: 'CreateAuthChallenge_Authentication',
    userName: user.username,
    clientId: client.id,
    request: {
      userAttributes: attributesFor(user, notFound),
      challengeName: 'CUSTOM_CHALLENGE',
      session: history,
      clientMetadata: svc.caller?.challengeMetadata ?? {},
      userNotFound: notFound,
    },
    response: { publicChallengeParameters: null, privateChallengeParameters: null, challengeMetadata: null },
  });
  if (!response) throw new InvalidParameterException(NOT_CONFIGURED);
  const publicParams = stringMap(responseMember(response, 'publicChallengeParameters', 'object') ?? {});
  const privateParams = stringMap(responseMember(response, 'privateChallengeParameters', 'object') ?? {});
  const metadata = responseMember(response, 'challengeMetadata', 'string');
  const state: CustomState = {
    history,
    private: privateParams,
    ...(metadata !== undefined ? { metadata } : {}),
    ...(notFound ? { userNotFound: true } : {}),
  };
  const session = await openSession(svc, client, user, 'CUSTOM_CHALLENGE', null, sessionSeconds(svc, client), state as unknown as Record<string, unknown>);
  return { ChallengeName: 'CUSTOM_CHALLENGE', Session: session, ChallengeParameters: { ...publicParams, USERNAME: user.username } };
}

/**
 * Challenge parameters are strings on the wire. Numbers and booleans, which handlers often put there, are sent
 * as their text (chosen: lenient); nested objects and arrays make the answer unrecognizable.
 */
function stringMap(v: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(v)) {
    if (x === null || x === undefined) continue;
    if (typeof x === 'object') throw new InvalidLambdaResponseException('Unrecognizable lambda output');
    out[k] = String(x);
  }
  return out;
}
