/**
 * Group commit: changes are made in memory at once and covered by the next durable write; the changes
 * made while a write is in flight all go in the following one, and those made in one tick share a
 * write. A caller's promise resolves once a write that includes its change is done. A failed write
 * takes back, newest first, every change not yet written (those queued behind it were made on top of
 * it) and rejects all their callers with one error.
 *
 * `C` is a change as the writer takes it; what it is and how it is written is the writer's business.
 */
export interface GroupCommitWriter<C> {
  /** Puts the changes (already made in memory, oldest first) durably on disk, or throws. */
  write(changes: readonly C[]): Promise<void>;
  /** The error every caller of a failed write is rejected with. */
  failure(cause: unknown): Error;
}

interface Pending<C> {
  /** Absent for a caller that only waits for changes made before it (see `durable`). */
  change?: C;
  undo: () => void;
  resolve: () => void;
  reject: (error: unknown) => void;
}

export class GroupCommit<C> {
  private pending: Pending<C>[] = [];
  // The batch being written, while a write is in flight.
  private writingBatch: Pending<C>[] | undefined;
  private writing = false;
  private scheduled = false;
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly writer: GroupCommitWriter<C>) {}

  /**
   * Resolves once a write that includes `change`, just made in memory, is done; `undo` takes the
   * change back if that write fails.
   */
  commit(change: C, undo: () => void): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ change, undo, resolve, reject });
      if (!this.writing && !this.scheduled) {
        // Started on a microtask so that changes made in the same tick share the write.
        this.scheduled = true;
        queueMicrotask(() => {
          this.scheduled = false;
          void this.flush();
        });
      }
    });
  }

  /**
   * Resolves once every change made so far is written (at once when nothing is pending), without a
   * write of its own; rejects with the error of the write that carried them if it fails. For an
   * answer that rests on changes that may still be on their way (a repeat, a refusal).
   */
  durable(): Promise<void> {
    const carrier = this.pending.length > 0 ? this.pending : this.writingBatch;
    if (!carrier) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      carrier.push({ undo: () => undefined, resolve, reject });
    });
  }

  /** Resolves once nothing is pending or being written. */
  idle(): Promise<void> {
    return new Promise<void>((done) => {
      if (!this.writing && !this.scheduled && this.pending.length === 0) done();
      else this.idleWaiters.push(done);
    });
  }

  private async flush(): Promise<void> {
    while (this.pending.length > 0) {
      this.writing = true;
      const batch = this.pending;
      this.pending = [];
      this.writingBatch = batch;
      try {
        await this.writer.write(batch.flatMap((p) => (p.change === undefined ? [] : [p.change])));
        for (const p of batch) p.resolve();
      } catch (cause) {
        // Changes queued behind the failed batch were made on top of it: none of them reach the disk.
        const undone = [...batch, ...this.pending];
        this.pending = [];
        for (let i = undone.length - 1; i >= 0; i--) undone[i]!.undo();
        const error = this.writer.failure(cause);
        for (const p of undone) p.reject(error);
      } finally {
        this.writing = false;
        this.writingBatch = undefined;
      }
    }
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const done of waiters) done();
  }
}
