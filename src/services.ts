import type { Clock } from './clock.js';
import type { FunctionInvoker } from './lambda/invoker.js';
import type { Random } from './random.js';
import type { MessageRecord, Store, UserRecord } from './store/store.js';
import type { TokenService } from './tokens/tokens.js';

/** Settings the operations read (a subset of the server's configuration). */
export interface ServiceSettings {
  region: string;
  mfaCodeSeconds: number;
  challengeSessionSeconds: number;
  maxChallengeAttempts: number;
  /** How long a trigger's function may run, in milliseconds (Cognito: 5 s, fixed; shorter only in tests). */
  lambdaTimeoutMs?: number;
  /** The server's public base URL, for URLs the operations hand out (an import job's upload URL). */
  publicBaseUrl?: () => string;
}

/** Turns passwords into salted hashes and checks them; plain passwords are never stored. */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(password: string, stored: string): Promise<boolean>;
}

/** Where SMS and email messages go. cognate sends nothing off the machine: it keeps them for the user to read. */
export interface MessageSink {
  send(message: {
    poolId: string;
    username: string;
    medium: 'SMS' | 'EMAIL';
    destination: string;
    code: string | null;
    /** An email's subject line (none for an SMS). */
    subject?: string | null;
    message: string;
  }): Promise<MessageRecord>;
}

/**
 * Encrypts a code for a pool's custom sender trigger, as Cognito does: an AWS Encryption SDK message under
 * a KMS key, base64-encoded. Throws an Error saying why when KMS cannot be used (unreachable, refused, no such key).
 */
export interface CodeEncryptor {
  encrypt(keyId: string, plaintext: string, encryptionContext: Record<string, string>): Promise<string>;
}

/** What the caller of this request sent for the triggers; set per request by the sign-in engine. */
export interface CallerContext {
  /** The ClientMetadata of InitiateAuth / AdminInitiateAuth (PreAuthentication's and UserMigration's `validationData`). */
  signInMetadata?: Record<string, string>;
  /** The ClientMetadata of RespondToAuthChallenge / AdminRespondToAuthChallenge. */
  challengeMetadata?: Record<string, string>;
  /**
   * Set by the hosted sign-in pages: a sign-in that succeeds is reported here instead of minting tokens
   * (the pages answer with an authorization code; the token endpoint mints the tokens).
   */
  authenticated?: (user: UserRecord, authTime: Date) => void;
  /** The DEVICE_KEY of the sign-in request (AuthParameters, or the ChallengeResponses of the step that ends it). */
  deviceKey?: string;
}

/**
 * The services an operation and the domain rules may use. No HTTP and no SQL: those stay in http/,
 * protocol/ and store/. It sits below domain/ so that domain rules can name it without reaching up.
 */
export interface Services {
  store: Store;
  clock: Clock;
  random: Random;
  tokens: TokenService;
  passwords: PasswordHasher;
  outbox: MessageSink;
  settings: ServiceSettings;
  /** Runs the pools' trigger functions; absent when the server was started without a function runner. */
  functions?: FunctionInvoker;
  /** Encrypts codes for the custom sender triggers (KMS at `--kms-endpoint-url`); absent: senders cannot run. */
  encryptor?: CodeEncryptor;
  /** The server log, for what an operator should know but a caller should not see. */
  log?: (line: string) => void;
  /** This request's caller context, for the triggers (absent outside sign-in). */
  caller?: CallerContext;
}
