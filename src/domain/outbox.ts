import type { Clock } from '../clock.js';
import type { MessageSink } from '../services.js';
import type { MessageRecord, Store } from '../store/store.js';

/** Stores each message (readable at GET /_cognate/messages and with `cognate messages`) and logs it. */
export class Outbox implements MessageSink {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly log: (line: string) => void,
  ) {}

  async send(m: Parameters<MessageSink['send']>[0]): Promise<MessageRecord> {
    const saved = await this.store.addMessage({ ...m, createdAt: this.clock.now() });
    this.log(`outbox ${m.medium} to ${m.destination} (pool ${m.poolId}, user ${m.username}): ${m.message}`);
    return saved;
  }
}
