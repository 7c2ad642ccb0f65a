/**
 * USER_AUTH, choice-based sign-in (developer guide "Authentication flows"; API reference InitiateAuth and
 * ChallengeResponseType), built from the pieces the other flows use: the password check and lockout, the
 * SRP challenge, the MFA code challenge, the challenge sessions and the triggers.
 *
 * - The client must allow ALLOW_USER_AUTH (signin.ts; the refusal is worded as for the other flows,
 *   `USER_AUTH flow not enabled for this client`, inferred). AdminInitiateAuth takes the flow too.
 * - AuthParameters: USERNAME, optional PREFERRED_CHALLENGE, SECRET_HASH for clients with a secret, PASSWORD
 *   with PREFERRED_CHALLENGE=PASSWORD and SRP_A with PASSWORD_SRP.
 * - What the user is offered (AvailableChallenges) comes from domain/first-factors.ts: PASSWORD and
 *   PASSWORD_SRP for a user with a password, EMAIL_OTP / SMS_OTP with a verified address the pool's
 *   sign-in policy allows and no MFA applying; WEB_AUTHN never (no passkeys in cognate). Order: PASSWORD,
 *   PASSWORD_SRP, EMAIL_OTP, SMS_OTP (ours; AWS does not document one).
 * - A PREFERRED_CHALLENGE the user is offered starts that factor at once; without one, or with one the user
 *   is not offered (any other value included), the answer is SELECT_CHALLENGE with AvailableChallenges, an
 *   empty ChallengeParameters and a Session (InitiateAuth: "If you don't provide a value for
 *   PREFERRED_CHALLENGE, Amazon Cognito responds with the AvailableChallenges parameter"; the fallback for an
 *   unusable one is inferred). A preferred PASSWORD without PASSWORD (or PASSWORD_SRP without SRP_A) is an
 *   InvalidParameterException `Missing required parameter PASSWORD`, as in USER_PASSWORD_AUTH (our choice
 *   over posing a PASSWORD challenge).
 * - RespondToAuthChallenge SELECT_CHALLENGE with ANSWER (ChallengeResponseType): PASSWORD with PASSWORD,
 *   PASSWORD_SRP with SRP_A (then PASSWORD_VERIFIER, as USER_SRP_AUTH), EMAIL_OTP / SMS_OTP alone (a code is
 *   sent; the challenge of that name follows, answered with EMAIL_OTP_CODE / SMS_OTP_CODE). An ANSWER that was
 *   not offered, or is no longer (the pool or the user changed), is an InvalidParameterException and leaves
 *   the session usable.
 * - After PASSWORD or PASSWORD_SRP the user's status and the pool's MFA rules apply as in the password flows.
 *   A one-time password ends the sign-in with tokens and no MFA challenge: passwordless factors are only
 *   offered where no MFA applies. Wrong codes are CodeMismatchException and count toward the session's
 *   attempt limit like MFA codes; wrong passwords count toward the lockout.
 * - PreAuthentication runs once, at InitiateAuth, before anything is sent or checked; PostAuthentication and
 *   PreTokenGeneration run when tokens are issued, as for every flow. UNCONFIRMED users are refused a code
 *   with UserNotConfirmedException before one is sent; an administrator's password reset (RESET_REQUIRED)
 *   refuses the password factors only (ours: it deactivates the password, not the user).
 * - A name no user has, on a client with PreventUserExistenceErrors: PreAuthentication runs with
 *   `userNotFound`, and the answers look like a user's who has every factor the pool allows: SELECT_CHALLENGE
 *   with those, a refused password ("Incorrect username or password."), the decoy SRP challenge, or a code
 *   challenge to a made-up masked address that no code answers (nothing is sent).
 */
import {
  InvalidParameterException,
  NotAuthorizedException,
  PasswordResetRequiredException,
  UserNotConfirmedException,
  UserNotFoundException,
} from '../../errors.js';
import type { ChallengeNameType } from '../../model/generated.js';
import type { Services } from '../../services.js';
import type { ChallengeSessionRecord, ClientRecord, PoolRecord, UserRecord } from '../../store/store.js';
import { preAuthentication, preAuthenticationOfUnknown } from '../auth-triggers.js';
import { checkSecretHash } from '../clients.js';
import { decoyDelivery, decoyPasswordCheck, hidesUserExistence } from '../existence.js';
import { firstFactors, poolPasswordlessFactors } from '../first-factors.js';
import { passwordAttempt } from '../lockout.js';
import { findUser } from '../users.js';
import { afterFirstFactor, codeChallenge } from './challenges.js';
import { decoySrpChallenge, srpChallenge, WRONG_PASSWORD } from './flows.js';
import { INVALID_SESSION, openSession, sessionSeconds, spendAnswer } from './sessions.js';
import type { AuthResponse } from './tokens.js';

/** A challenge a choice-based sign-in can start with. */
export type FirstChallenge = 'PASSWORD' | 'PASSWORD_SRP' | 'EMAIL_OTP' | 'SMS_OTP';

const ORDER: readonly FirstChallenge[] = ['PASSWORD', 'PASSWORD_SRP', 'EMAIL_OTP', 'SMS_OTP'];

/** The challenges this user may start with: the user's first factors, a password counting twice (plain and SRP). */
export function availableChallenges(pool: PoolRecord, user: UserRecord): FirstChallenge[] {
  const factors = firstFactors(pool, user);
  return ORDER.filter((c) => factors.includes(c === 'PASSWORD_SRP' ? 'PASSWORD' : c));
}

/** What a name no user has is offered: what a user with a password and verified addresses would be. */
function decoyChallenges(pool: PoolRecord): FirstChallenge[] {
  const otp: readonly string[] = poolPasswordlessFactors(pool);
  return ORDER.filter((c) => c === 'PASSWORD' || c === 'PASSWORD_SRP' || otp.includes(c));
}

/** InitiateAuth / AdminInitiateAuth with AuthFlow USER_AUTH (the client's ALLOW_USER_AUTH already checked). */
export async function userAuthFlow(svc: Services, pool: PoolRecord, client: ClientRecord, params: Record<string, string>): Promise<AuthResponse> {
  const username = params.USERNAME;
  if (username === undefined) throw new InvalidParameterException('Missing required parameter USERNAME');
  const user = await findUser(svc.store, pool, username);
  checkSecretHash(client, params.SECRET_HASH, user ? [username, user.username, user.sub] : [username]);
  const preferred = params.PREFERRED_CHALLENGE as FirstChallenge | undefined;
  if (!user) {
    if (!hidesUserExistence(client)) throw new UserNotFoundException('User does not exist.');
    const offered = decoyChallenges(pool);
    const start = preferred !== undefined && offered.includes(preferred) ? preferred : null;
    if (start) requireAnswerParameters(start, params);
    await preAuthenticationOfUnknown(svc, pool, client, username);
    return start ? startDecoy(svc, pool, client, username, start, params) : selectChallenge(svc, client, username, offered, true);
  }
  if (!user.enabled) throw new NotAuthorizedException('User is disabled.');
  const offered = availableChallenges(pool, user);
  const start = preferred !== undefined && offered.includes(preferred) ? preferred : null;
  if (start) requireAnswerParameters(start, params);
  await preAuthentication(svc, pool, client, user);
  return start ? startChallenge(svc, pool, client, user, start, params) : selectChallenge(svc, client, user.username, offered, false);
}

/** RespondToAuthChallenge SELECT_CHALLENGE: the ANSWER must be offered still; its factor starts. */
export async function answerSelectChallenge(
  svc: Services,
  pool: PoolRecord,
  client: ClientRecord,
  user: UserRecord,
  session: ChallengeSessionRecord,
  responses: Record<string, string>,
): Promise<AuthResponse> {
  const answer = requireOffered(session, responses, availableChallenges(pool, user));
  if (!(await svc.store.consumeChallengeSession(session.id))) throw new NotAuthorizedException(INVALID_SESSION);
  return startChallenge(svc, pool, client, user, answer, responses);
}

/**
 * The answers of a sign-in of a name no user has (PreventUserExistenceErrors): SELECT_CHALLENGE goes on as
 * for a user; a code challenge takes no code.
 */
export async function answerUnknownUser(
  svc: Services,
  pool: PoolRecord,
  client: ClientRecord,
  session: ChallengeSessionRecord,
  responses: Record<string, string>,
): Promise<AuthResponse> {
  if (session.challenge !== 'SELECT_CHALLENGE') {
    const param = `${session.challenge}_CODE`;
    if (responses[param] === undefined) throw new InvalidParameterException(`Missing required parameter ${param}`);
    await spendAnswer(svc, session, false);
    throw new NotAuthorizedException(INVALID_SESSION);
  }
  const answer = requireOffered(session, responses, decoyChallenges(pool));
  if (!(await svc.store.consumeChallengeSession(session.id))) throw new NotAuthorizedException(INVALID_SESSION);
  return startDecoy(svc, pool, client, session.username, answer, responses);
}

/** The ANSWER of a SELECT_CHALLENGE, checked against what the session offered and `current`, with its parameters. */
function requireOffered(session: ChallengeSessionRecord, responses: Record<string, string>, current: FirstChallenge[]): FirstChallenge {
  const answer = responses.ANSWER;
  if (answer === undefined) throw new InvalidParameterException('Missing required parameter ANSWER');
  const offered = ((session.data.available as FirstChallenge[] | undefined) ?? []).filter((c) => current.includes(c));
  if (!offered.includes(answer as FirstChallenge)) {
    throw new InvalidParameterException(`Invalid ANSWER: ${answer} is not one of ${offered.join(', ')}.`);
  }
  requireAnswerParameters(answer as FirstChallenge, responses);
  return answer as FirstChallenge;
}

/** The parameters a factor is started with must be there before anything is spent or sent. */
function requireAnswerParameters(challenge: FirstChallenge, params: Record<string, string>): void {
  if (challenge === 'PASSWORD' && params.PASSWORD === undefined) throw new InvalidParameterException('Missing required parameter PASSWORD');
  if (challenge === 'PASSWORD_SRP' && params.SRP_A === undefined) throw new InvalidParameterException('Missing required parameter SRP_A');
}

/** SELECT_CHALLENGE: the factors offered, kept in the session for the answer. */
async function selectChallenge(svc: Services, client: ClientRecord, username: string, offered: FirstChallenge[], unknown: boolean): Promise<AuthResponse> {
  const session = await openSession(svc, client, { username }, 'SELECT_CHALLENGE', null, sessionSeconds(svc, client), {
    available: offered,
    ...(unknown ? { userNotFound: true } : {}),
  });
  return { ChallengeName: 'SELECT_CHALLENGE', Session: session, ChallengeParameters: {}, AvailableChallenges: offered as ChallengeNameType[] };
}

/** Starts one factor for a user. */
async function startChallenge(
  svc: Services,
  pool: PoolRecord,
  client: ClientRecord,
  user: UserRecord,
  challenge: FirstChallenge,
  params: Record<string, string>,
): Promise<AuthResponse> {
  if (challenge === 'PASSWORD' || challenge === 'PASSWORD_SRP') {
    if (user.status === 'RESET_REQUIRED') throw new PasswordResetRequiredException('Password reset required for the user');
    if (challenge === 'PASSWORD_SRP') return srpChallenge(svc, pool, client, user, params.SRP_A!);
    const password = params.PASSWORD!;
    const hash = user.passwordHash;
    if (!(await passwordAttempt(svc, user, 'sign-in', async () => hash !== null && svc.passwords.verify(password, hash)))) {
      throw new NotAuthorizedException(WRONG_PASSWORD);
    }
    return afterFirstFactor(svc, pool, client, user);
  }
  if (user.status === 'UNCONFIRMED') throw new UserNotConfirmedException('User is not confirmed.');
  return challenge === 'EMAIL_OTP'
    ? codeChallenge(svc, pool, client, user, 'EMAIL', user.attributes.email!, 'EMAIL_OTP')
    : codeChallenge(svc, pool, client, user, 'SMS', user.attributes.phone_number!, 'SMS_OTP');
}

/** Starts one factor for a name no user has: the same shapes, nothing that could succeed, nothing sent. */
async function startDecoy(
  svc: Services,
  pool: PoolRecord,
  client: ClientRecord,
  typedName: string,
  challenge: FirstChallenge,
  params: Record<string, string>,
): Promise<AuthResponse> {
  if (challenge === 'PASSWORD') {
    await decoyPasswordCheck(svc, params.PASSWORD!);
    throw new NotAuthorizedException(WRONG_PASSWORD);
  }
  if (challenge === 'PASSWORD_SRP') return decoySrpChallenge(svc, pool, client, typedName, params.SRP_A!);
  const email = challenge === 'EMAIL_OTP';
  const delivery = await decoyDelivery(svc, pool, typedName, email ? 'email' : 'phone_number');
  const session = await openSession(svc, client, { username: typedName }, challenge, null, svc.settings.mfaCodeSeconds, { userNotFound: true });
  return {
    ChallengeName: challenge,
    Session: session,
    ChallengeParameters: { CODE_DELIVERY_DELIVERY_MEDIUM: email ? 'EMAIL' : 'SMS', CODE_DELIVERY_DESTINATION: delivery.Destination! },
  };
}
