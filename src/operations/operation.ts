import type { OperationIO, OperationName } from '../model/generated.js';
import type { Services } from '../services.js';

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
