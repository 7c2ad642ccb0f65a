import { CognitoError, InvalidParameterException } from '../../errors.js';
import type { Services } from '../../services.js';
import type { ClientRecord, UserRecord } from '../../store/store.js';
import { secretHash } from '../clients.js';
import { requirePool } from '../users.js';
import { passwordFlow } from '../signin/flows.js';
import { SignIn } from '../signin/signin.js';
import type { AuthResponse } from '../signin/tokens.js';

/*
 * The hosted sign-in pages' use of the sign-in engine (src/domain/signin/): the same password check, the
 * same challenges and answers as the API, with two differences. The pages prove the client themselves
 * (they hold its secret, so SECRET_HASH is computed here), and a sign-in that succeeds reports its user
 * through `caller.authenticated` instead of minting tokens: the pages end it with an authorization code.
 * The pages sign in with the password whatever the client's ExplicitAuthFlows say, as Cognito's do.
 */

/** A challenge the user is answering on the pages. */
export interface PendingChallenge {
  name: string;
  session: string;
  username: string;
  params: Record<string, string>;
  /** MFA_SETUP: the secret AssociateSoftwareToken gave, shown with its otpauth URI. */
  totpSecret?: string;
}

/** Where a step of the sign-in left the user: signed in, or facing a challenge. */
export type HostedStep = { done: { user: UserRecord; authTime: Date } } | { challenge: PendingChallenge };

function hashFor(client: ClientRecord, username: string): Record<string, string> {
  const secret = client.secrets[0];
  return secret ? { SECRET_HASH: secretHash(secret.value, username, client.id) } : {};
}

async function run(svc: Services, username: string, step: (svc: Services) => Promise<AuthResponse>): Promise<HostedStep> {
  let done: { user: UserRecord; authTime: Date } | null = null;
  const hosted: Services = { ...svc, caller: { authenticated: (user, authTime) => (done = { user, authTime }) } };
  const r = await step(hosted);
  if (done) return { done };
  if (!r.ChallengeName || !r.Session) throw new TypeError('sign-in ended without tokens or a challenge');
  const params = r.ChallengeParameters ?? {};
  return { challenge: { name: r.ChallengeName, session: r.Session, username: params.USERNAME ?? params.USER_ID_FOR_SRP ?? username, params } };
}

/** The sign-in form: username and password. */
export async function hostedPasswordSignIn(svc: Services, client: ClientRecord, username: string, password: string): Promise<HostedStep> {
  const pool = await requirePool(svc.store, client.poolId);
  return run(svc, username, (s) => passwordFlow(s, pool, client, { USERNAME: username, PASSWORD: password, ...hashFor(client, username) }));
}

/** The field each challenge page posts, and the response member it becomes. */
const ANSWER_MEMBER: Record<string, string> = {
  SMS_MFA: 'SMS_MFA_CODE',
  EMAIL_OTP: 'EMAIL_OTP_CODE',
  SOFTWARE_TOKEN_MFA: 'SOFTWARE_TOKEN_MFA_CODE',
  SELECT_MFA_TYPE: 'ANSWER',
  NEW_PASSWORD_REQUIRED: 'NEW_PASSWORD',
};

/** MFA_SETUP's first step: a new TOTP secret for the user, kept in the (rotated) challenge session. */
export async function startTotpSetup(svc: Services, pending: PendingChallenge): Promise<PendingChallenge> {
  const r = await new SignIn(svc).associateBySession(pending.session);
  return { ...pending, session: r.Session, totpSecret: r.SecretCode };
}

/** An answer posted on a challenge page (`answer`: the code, the new password or the chosen factor). */
export async function hostedAnswer(svc: Services, client: ClientRecord, pending: PendingChallenge, answer: string): Promise<HostedStep> {
  if (answer === '') throw new InvalidParameterException('Please fill in the field.');
  let session = pending.session;
  const responses: Record<string, string> = { USERNAME: pending.username, ...hashFor(client, pending.username) };
  if (pending.name === 'MFA_SETUP') {
    session = (await new SignIn(svc).verifyBySession(session, answer, undefined)).Session;
  } else {
    const member = ANSWER_MEMBER[pending.name];
    if (!member) throw new InvalidParameterException(`The ${pending.name} challenge cannot be answered on these pages.`);
    responses[member] = answer;
  }
  return run(svc, pending.username, (s) => new SignIn(s, s.caller).respond({ client, challenge: pending.name, responses, session }));
}

/** Whether an error is one the pages show to the user (the API's refusals) rather than a fault. */
export function shownToUser(e: unknown): e is CognitoError {
  return e instanceof CognitoError && e.fault === 'client';
}
