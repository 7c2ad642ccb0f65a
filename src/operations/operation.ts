import type { Clock } from '../clock.js';
import type { PasswordHasher } from '../domain/passwords.js';
import type { MessageSink } from '../domain/outbox.js';
import type { OperationIO, OperationName } from '../model/generated.js';
import type { Random } from '../random.js';
import type { Store } from '../store/store.js';
import type { TokenService } from '../tokens/tokens.js';

/** Settings the operations read (a subset of the server's configuration). */
export interface ServiceSettings {
  region: string;
  mfaCodeSeconds: number;
  challengeSessionSeconds: number;
  maxChallengeAttempts: number;
}

/** The services an operation may use. No HTTP and no SQL: those stay in protocol/ and store/. */
export interface Services {
  store: Store;
  clock: Clock;
  random: Random;
  tokens: TokenService;
  passwords: PasswordHasher;
  outbox: MessageSink;
  settings: ServiceSettings;
}


/** One wire operation: typed, validated input in; the output shape out. */
export interface Operation<N extends OperationName> {
  readonly name: N;
  handle(input: OperationIO[N]['input'], services: Services): Promise<OperationIO[N]['output']>;
}

/** Helper that keeps each operation file's export typed by its wire name. */
export function defineOperation<N extends OperationName>(
  name: N,
  handle: (input: OperationIO[N]['input'], services: Services) => Promise<OperationIO[N]['output']>,
): Operation<N> {
  return { name, handle };
}
