import { CodeMismatchException, NotAuthorizedException } from '../../errors.js';
import type { Services } from '../../services.js';
import type { ChallengeSessionRecord, ClientRecord, UserRecord } from '../../store/store.js';

// Challenge sessions: opened with a challenge, spent once per answer, rotated during MFA setup; their ids
// are opaque.

/** The answer to a spent, expired, exhausted or foreign session. */
export const INVALID_SESSION = 'Invalid session for the user, session is expired.';

/** The answer to a wrong code. */
export const WRONG_CODE = 'Invalid code or auth state for the user.';

/** Opaque, unguessable strings for sessions and refresh tokens. */
export function opaque(svc: Services, bytes: number): string {
  const s = svc.random.bytes(bytes).toString('base64url');
  // A leading '-' would make `--session VALUE` read as an option on the AWS CLI (and cognate's).
  return s[0] === '-' || s[0] === '_' ? `A${s.slice(1)}` : s;
}

/** How long a challenge session lives: the client's AuthSessionValidity, else the server's setting. */
export function sessionSeconds(svc: Services, client: ClientRecord): number {
  const minutes = client.settings.AuthSessionValidity;
  return minutes ? minutes * 60 : svc.settings.challengeSessionSeconds;
}

/** Stores a new challenge session for this user and client and returns its opaque id. */
export async function openSession(
  svc: Services,
  client: ClientRecord,
  user: Pick<UserRecord, 'username'>,
  challenge: string,
  code: string | null,
  seconds: number,
  data: Record<string, unknown> = {},
): Promise<string> {
  const id = opaque(svc, 128);
  const record: ChallengeSessionRecord = {
    id,
    poolId: client.poolId,
    clientId: client.id,
    username: user.username,
    challenge,
    code,
    attempts: 0,
    expiresAt: new Date(svc.clock.now().getTime() + seconds * 1000),
    data,
  };
  await svc.store.putChallengeSession(record);
  return id;
}

/** The session, if it is live and awaits `challenge`; otherwise "Invalid session". */
export async function liveSession(svc: Services, id: string, challenge: string): Promise<ChallengeSessionRecord> {
  const session = await svc.store.getChallengeSession(id);
  if (!session || session.challenge !== challenge || session.expiresAt.getTime() <= svc.clock.now().getTime()) {
    throw new NotAuthorizedException(INVALID_SESSION);
  }
  return session;
}

/** Spends a session and opens its successor with new data (MFA setup's steps), returning the new id. */
export async function rotateSession(svc: Services, session: ChallengeSessionRecord, data: Record<string, unknown>): Promise<string> {
  if (!(await svc.store.consumeChallengeSession(session.id))) throw new NotAuthorizedException(INVALID_SESSION);
  const id = opaque(svc, 128);
  await svc.store.putChallengeSession({ ...session, id, attempts: 0, data });
  return id;
}

/**
 * Spends one answer of a code challenge: the answer is counted before it is judged
 * (Store.claimChallengeAttempt), so however many answers arrive together, at most
 * maxChallengeAttempts are judged. A right answer ends the session; a wrong one that used the last
 * attempt ends it too (CodeMismatchException either way), and an exhausted or spent session is
 * "Invalid session".
 */
export async function spendAnswer(svc: Services, session: ChallengeSessionRecord, right: boolean | (() => Promise<boolean>)): Promise<void> {
  const max = svc.settings.maxChallengeAttempts;
  const claimed = await svc.store.claimChallengeAttempt(session.id, max);
  if (!claimed) throw new NotAuthorizedException(INVALID_SESSION);
  if (!(typeof right === 'boolean' ? right : await right())) {
    if (claimed.attempts >= max) await svc.store.consumeChallengeSession(session.id);
    throw new CodeMismatchException(WRONG_CODE);
  }
  if (!(await svc.store.consumeChallengeSession(session.id))) throw new NotAuthorizedException(INVALID_SESSION);
}
