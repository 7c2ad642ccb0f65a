import type { Clock } from '../clock.js';
import type { Store } from '../store/store.js';

/** Rows of each kind one batch deletes; between batches, requests waiting for the store go first. */
const BATCH = 500;
/** Batches one sweep runs at most: rows made faster than this wait for the next sweep, not starve requests. */
const MAX_BATCHES = 100;

/** Runs `task` every `intervalMs` until cancelled; the default is an unref'd setInterval (injected in tests). */
export type Scheduler = (intervalMs: number, task: () => void) => { cancel(): void };

export const everyInterval: Scheduler = (intervalMs, task) => {
  const timer = setInterval(task, intervalMs);
  timer.unref();
  return { cancel: () => clearInterval(timer) };
};

/**
 * Deletes the expired rows that anyone can make: challenge sessions (an SRP_A needs only a user name),
 * authorization codes never exchanged and the hosted pages' browser sessions (one per cookieless visit to
 * /oauth2/authorize). Nothing reads them once expired, so without this a self-hosted server's database
 * grows with every abandoned sign-in. Several instances on one PostgreSQL database may sweep at once.
 */
export class ExpiredRowSweeper {
  private schedule: { cancel(): void } | null = null;
  private running: Promise<number> | null = null;
  /** The sweep started last (by the timer or by `sweep()`), for tests and for close. */
  last: Promise<number> | null = null;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly log: (line: string) => void,
    private readonly intervalMs: number,
    private readonly scheduler: Scheduler = everyInterval,
  ) {}

  /** Sweeps every `intervalMs` from now on; an interval of 0 turns sweeping off. */
  start(): void {
    if (this.intervalMs <= 0 || this.schedule) return;
    this.schedule = this.scheduler(this.intervalMs, () => void this.sweep());
  }

  /** One sweep now, or the one already running; answers how many rows it deleted. Never rejects. */
  sweep(): Promise<number> {
    this.running ??= this.run().finally(() => {
      this.running = null;
    });
    this.last = this.running;
    return this.running;
  }

  /** Stops the timer and waits for a sweep in progress, so the store can close under it. */
  async stop(): Promise<void> {
    this.schedule?.cancel();
    this.schedule = null;
    await this.running;
  }

  private async run(): Promise<number> {
    let total = 0;
    try {
      for (let i = 0; i < MAX_BATCHES; i++) {
        const n = await this.store.purgeExpired(this.clock.now(), BATCH);
        total += n;
        // Under BATCH in all means every kind ran out before its limit.
        if (n < BATCH) break;
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    } catch (e) {
      this.log(`expired rows: purge failed: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (total > 0) this.log(`expired rows: purged ${total}`);
    return total;
  }
}
