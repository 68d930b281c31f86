import type { Logger } from '../log/logger.js';

/**
 * What an announcer has under way: sends started after a write was acknowledged (never awaited by
 * the turn that made them) and the looks again planned after another instance was found sending.
 * Closing waits for the sends (idle) and cancels the looks again (stop).
 */
export class Deliveries {
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly later = new Map<string, NodeJS.Timeout>();
  private stopped = false;

  /** `failure`: the log line for a send that failed (its error's message only: no personal data). */
  constructor(private readonly logger: Logger, private readonly failure: string) {}

  /** Keeps `work` until it ends; a failure is logged, never thrown. */
  track(work: Promise<unknown>): void {
    const p = work.catch((err: Error) => this.logger.warn({ err: { message: err.message } }, this.failure))
      .finally(() => this.inFlight.delete(p));
    this.inFlight.add(p);
  }

  /** Runs `work` once `delayMs` from now, unless one is planned for `key` already or the announcer stopped. */
  again(key: string, delayMs: number, work: () => Promise<unknown>): void {
    if (this.stopped || this.later.has(key)) return;
    const timer = setTimeout(() => {
      this.later.delete(key);
      this.track(work());
    }, delayMs);
    timer.unref();
    this.later.set(key, timer);
  }

  /** Plans nothing more (the looks again included); what is under way finishes (see idle). */
  stop(): void {
    this.stopped = true;
    for (const timer of this.later.values()) clearTimeout(timer);
    this.later.clear();
  }

  /** Resolves once every send started so far has finished (or given up). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }
}
