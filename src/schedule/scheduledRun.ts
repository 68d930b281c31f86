import { Cron } from 'croner';

/**
 * Work on a cron schedule (croner), done at most once at a time in this process: a call while it
 * runs joins that run, whether it came from the schedule, a catch-up at start or a test. Each
 * scheduler extends it with its work; what is sent is still claimed in the store, across instances.
 */
export abstract class ScheduledRun<T = void> {
  private job?: Cron;
  private running?: Promise<T>;

  protected constructor(private readonly cron: string, private readonly timeZone?: string) {}

  /** What one run does; it reports its own failures. */
  protected abstract work(): Promise<T>;

  start(): void {
    this.job = new Cron(this.cron, { protect: true, ...(this.timeZone !== undefined && { timezone: this.timeZone }) }, () => {
      // A run reports its own failures: none may end the process.
      this.runOnce().catch(() => undefined);
    });
  }

  stop(): void {
    this.job?.stop();
  }

  /** When the next run is due, while started. */
  nextRun(): Date | null {
    return this.job?.nextRun() ?? null;
  }

  /** Resolves once a run under way has finished. */
  async idle(): Promise<void> {
    await this.running?.catch(() => undefined);
  }

  /** Runs now; a run already under way is joined, not doubled. */
  runOnce(): Promise<T> {
    this.running ??= this.work().finally(() => { this.running = undefined; });
    return this.running;
  }
}
