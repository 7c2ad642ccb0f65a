import { InvalidParameterException, NotAuthorizedException, PasswordResetRequiredException, UserNotFoundException } from '../../errors.js';
import type { Services } from '../../services.js';
import type { ChallengeSessionRecord, ClientRecord, PoolRecord, UserRecord } from '../../store/store.js';
import { checkSecretHash, sameText } from '../clients.js';
import { preAuthentication, preAuthenticationOfUnknown } from '../auth-triggers.js';
import { decoyPasswordCheck, decoySrpIdentity, hidesUserExistence } from '../existence.js';
import { passwordAttempt } from '../lockout.js';
import { migrateUser } from '../migration.js';
import { claimSignature, N, parseSrpTimestamp, serverB, serverKey } from '../srp.js';
import { findUser } from '../users.js';
import { afterFirstFactor } from './challenges.js';

import { INVALID_SESSION, openSession, sessionSeconds } from './sessions.js';
import type { AuthResponse } from './tokens.js';

// The first factor: USER_PASSWORD_AUTH and its admin twins, USER_SRP_AUTH with its PASSWORD_VERIFIER
// answer. REFRESH_TOKEN_AUTH is in refresh.ts.

/** The answer to a wrong password (and, with PreventUserExistenceErrors, to a name no user has). */
export const WRONG_PASSWORD = 'Incorrect username or password.';

/** The real service's answer (as reported) to a TIMESTAMP in another format or language. */
const BAD_TIMESTAMP = 'TIMESTAMP format should be EEE MMM d HH:mm:ss z yyyy in english.';

/** The flows a client allows when its ExplicitAuthFlows was never set (Cognito's default). */
const DEFAULT_FLOWS = ['ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_CUSTOM_AUTH'];

/** The flows a client allows. */
export function flowsOf(client: ClientRecord): string[] {
  return client.settings.ExplicitAuthFlows && client.settings.ExplicitAuthFlows.length > 0 ? client.settings.ExplicitAuthFlows : DEFAULT_FLOWS;
}

/**
 * A user whose password an administrator reset (AdminResetUserPassword) has no password to check: the
 * API reference says the operation "deactivates" it, so sign-in answers PasswordResetRequiredException
 * before any password is compared (and counts no failure), until ConfirmForgotPassword sets a new one.
 */
function refuseResetRequired(user: UserRecord): void {
  if (user.status === 'RESET_REQUIRED') throw new PasswordResetRequiredException('Password reset required for the user');
}

/** USER_PASSWORD_AUTH and its admin twins: the password checked (and counted by the lockout), then what follows. */
export async function passwordFlow(svc: Services, pool: PoolRecord, client: ClientRecord, params: Record<string, string>): Promise<AuthResponse> {
  const username = params.USERNAME;
  const password = params.PASSWORD;
  if (username === undefined) throw new InvalidParameterException('Missing required parameter USERNAME');
  if (password === undefined) throw new InvalidParameterException('Missing required parameter PASSWORD');
  const found = await findUser(svc.store, pool, username);
  // The client proves itself before anything is said about the user.
  checkSecretHash(client, params.SECRET_HASH, found ? [username, found.username, found.sub] : [username]);
  const user =
    found ??
    (await migrateUser(svc, pool, {
      source: 'Authentication',
      userName: username,
      clientId: client.id,
      password,
      ...(svc.caller?.signInMetadata ? { validationData: svc.caller.signInMetadata } : {}),
    }));
  if (!user) {
    if (!hidesUserExistence(client)) throw new UserNotFoundException('User does not exist.');
    await preAuthenticationOfUnknown(svc, pool, client, username);
    await decoyPasswordCheck(svc, password);
    throw new NotAuthorizedException(WRONG_PASSWORD);
  }
  if (!user.enabled) throw new NotAuthorizedException('User is disabled.');
  refuseResetRequired(user);
  await preAuthentication(svc, pool, client, user);
  const hash = user.passwordHash;
  if (!(await passwordAttempt(svc, user, 'sign-in', async () => hash !== null && svc.passwords.verify(password, hash)))) {
    throw new NotAuthorizedException(WRONG_PASSWORD);
  }
  return afterFirstFactor(svc, pool, client, user);
}

/**
 * USER_SRP_AUTH: answers PASSWORD_VERIFIER with SALT, SRP_B, SECRET_BLOCK, USERNAME and
 * USER_ID_FOR_SRP. The SECRET_BLOCK carries the challenge session (no Session is returned, as with
 * Cognito), and the server's secret b stays in the store. A user without a current verifier (password
 * set before SRP support) gets a challenge no password can answer, so the failure looks like a wrong
 * password rather than telling a caller which users have verifiers. A name no user has, on a client that
 * hides user existence, gets the same kind of unanswerable challenge, with a stable decoy salt and
 * USER_ID_FOR_SRP (domain/existence.ts).
 */
export async function srpFlow(svc: Services, pool: PoolRecord, client: ClientRecord, params: Record<string, string>): Promise<AuthResponse> {
  const username = params.USERNAME;
  const srpA = params.SRP_A;
  if (username === undefined) throw new InvalidParameterException('Missing required parameter USERNAME');
  if (srpA === undefined) throw new InvalidParameterException('Missing required parameter SRP_A');
  if (!/^[0-9a-fA-F]{1,2048}$/.test(srpA)) throw new InvalidParameterException('SRP_A must be a hexadecimal number.');
  const user = await findUser(svc.store, pool, username);
  checkSecretHash(client, params.SECRET_HASH, user ? [username, user.username, user.sub] : [username]);
  if (!user) {
    if (!hidesUserExistence(client)) throw new UserNotFoundException('User does not exist.');
    await preAuthenticationOfUnknown(svc, pool, client, username);
    return decoySrpChallenge(svc, pool, client, username, srpA);
  }
  if (!user.enabled) throw new NotAuthorizedException('User is disabled.');
  refuseResetRequired(user);
  await preAuthentication(svc, pool, client, user);
  return srpChallenge(svc, pool, client, user, srpA);
}

/** One entry of the `session` the custom-auth triggers receive (custom-auth.ts). */
export interface ChallengeResult {
  challengeName: string;
  challengeResult: boolean;
  challengeMetadata?: string;
}

/**
 * The PASSWORD_VERIFIER challenge for SRP_A. `extra` rides in the challenge session: the custom flow keeps
 * its challenge history there, so that the proven password goes back to DefineAuthChallenge.
 */
export async function srpChallenge(
  svc: Services,
  pool: PoolRecord,
  client: ClientRecord,
  user: UserRecord,
  srpA: string,
  extra: { custom?: ChallengeResult[] } = {},
): Promise<AuthResponse> {
  if (!/^[0-9a-fA-F]{1,2048}$/.test(srpA)) throw new InvalidParameterException('SRP_A must be a hexadecimal number.');
  const stored = await svc.store.getSrpVerifier(pool.id, user.username);
  const usable = stored !== null && stored.passwordHash === user.passwordHash;
  return posePasswordVerifier(svc, client, user.username, srpA, usable ? stored.salt : null, usable ? stored.verifier : null, extra);
}

/**
 * The PASSWORD_VERIFIER challenge for a name no user has (PreventUserExistenceErrors): a stable decoy salt
 * and USER_ID_FOR_SRP, a verifier no password matches; answered by answerDecoyPasswordVerifier.
 */
export async function decoySrpChallenge(svc: Services, pool: PoolRecord, client: ClientRecord, typedName: string, srpA: string): Promise<AuthResponse> {
  const decoy = await decoySrpIdentity(svc, pool, typedName);
  return posePasswordVerifier(svc, client, decoy.userId, srpA, decoy.salt, null, { decoy: true });
}

/**
 * Opens the PASSWORD_VERIFIER session and poses the challenge. Without a verifier (none current, or a
 * decoy for a name no user has) the challenge gets a random one that no password can answer, and
 * without a salt a random salt.
 */
async function posePasswordVerifier(
  svc: Services,
  client: ClientRecord,
  username: string,
  srpA: string,
  knownSalt: string | null,
  knownVerifier: string | null,
  extra: { custom?: ChallengeResult[]; decoy?: true },
): Promise<AuthResponse> {
  const usable = knownVerifier !== null;
  const salt = knownSalt ?? svc.random.bytes(16).toString('hex');
  const verifier = knownVerifier ?? svc.random.bytes(384).toString('hex');
  let b = 0n;
  let B = 0n;
  while (B === 0n) {
    b = BigInt(`0x${svc.random.bytes(32).toString('hex')}`);
    B = serverB(verifier, b);
  }
  const session = await openSession(svc, client, { username }, 'PASSWORD_VERIFIER', null, sessionSeconds(svc, client), {
    A: srpA,
    b: b.toString(16),
    B: B.toString(16),
    verifier,
    usable,
    ...extra,
  });
  return {
    ChallengeName: 'PASSWORD_VERIFIER',
    ChallengeParameters: {
      SALT: salt,
      SECRET_BLOCK: Buffer.from(session, 'base64url').toString('base64'),
      SRP_B: B.toString(16),
      USERNAME: username,
      USER_ID_FOR_SRP: username,
    },
  };
}

/**
 * PASSWORD_VERIFIER of a decoy challenge (PreventUserExistenceErrors, unknown user): the answer is
 * checked for shape as a real one, the session is spent, and the answer is the generic
 * NotAuthorizedException a wrong password gets.
 */
export async function answerDecoyPasswordVerifier(svc: Services, session: ChallengeSessionRecord, responses: Record<string, string>): Promise<never> {
  if (responses.PASSWORD_CLAIM_SIGNATURE === undefined) throw new InvalidParameterException('Missing required parameter PASSWORD_CLAIM_SIGNATURE');
  if (responses.TIMESTAMP === undefined) throw new InvalidParameterException('Missing required parameter TIMESTAMP');
  if (!parseSrpTimestamp(responses.TIMESTAMP)) throw new InvalidParameterException(BAD_TIMESTAMP);
  if (!(await svc.store.consumeChallengeSession(session.id))) throw new NotAuthorizedException(INVALID_SESSION);
  throw new NotAuthorizedException(WRONG_PASSWORD);
}

/**
 * PASSWORD_VERIFIER: checks PASSWORD_CLAIM_SIGNATURE, HMAC-SHA256 under the SRP key over pool name,
 * USER_ID_FOR_SRP, SECRET_BLOCK and TIMESTAMP. The TIMESTAMP must have Cognito's format; how far it
 * may be from our clock is not checked (AWS's documentation is silent; clients sign their own wall-clock
 * time, and the signature already binds it to this one challenge). Any failure spends the session.
 * What follows a proven password is the caller's: the MFA and status checks, or (when the challenge
 * session carries a custom flow's history, `custom`) DefineAuthChallenge.
 */
export async function provePasswordClaim(
  svc: Services,
  pool: PoolRecord,
  user: UserRecord,
  session: ChallengeSessionRecord,
  responses: Record<string, string>,
): Promise<{ custom?: ChallengeResult[] }> {
  const signature = responses.PASSWORD_CLAIM_SIGNATURE;
  const timestamp = responses.TIMESTAMP;
  if (signature === undefined) throw new InvalidParameterException('Missing required parameter PASSWORD_CLAIM_SIGNATURE');
  if (timestamp === undefined) throw new InvalidParameterException('Missing required parameter TIMESTAMP');
  if (!parseSrpTimestamp(timestamp)) throw new InvalidParameterException(BAD_TIMESTAMP);
  if (!(await svc.store.consumeChallengeSession(session.id))) throw new NotAuthorizedException(INVALID_SESSION);
  const d = session.data as { A: string; b: string; B: string; verifier: string; usable: boolean; custom?: ChallengeResult[] };
  const A = BigInt(`0x${d.A}`);
  const key = A % N === 0n ? null : serverKey(A, BigInt(`0x${d.B}`), BigInt(`0x${d.b}`), d.verifier);
  const block = Buffer.from(responses.PASSWORD_CLAIM_SECRET_BLOCK!, 'base64');
  const expected = key ? claimSignature(key, pool.id, user.username, block, timestamp) : null;
  if (!(await passwordAttempt(svc, user, 'sign-in', () => d.usable && expected !== null && sameText(expected, signature)))) {
    throw new NotAuthorizedException(WRONG_PASSWORD);
  }
  return d.custom ? { custom: d.custom } : {};
}
