import type { Change } from './changes.js';
import type { Snapshot } from './snapshot.js';

/**
 * Group commit for the PostgreSQL store, as groupCommit.ts is for the JSON store: a write is made in
 * memory at once and written with the others made in the same tick, or while the previous batch was
 * in flight, in one transaction; a failed transaction takes back, newest first, every change not
 * yet written and rejects all their callers.
 *
 * What groupCommit.ts cannot do: other instances write to the same database. Each transaction first
 * locks store_head and compares its seq with the last change this copy holds. When another instance
 * wrote in between, every pending write is taken back, the copy catches up (the changes it missed,
 * or everything read again), and each write is worked out again from scratch on top (`prepare` runs
 * again: new ids, a decision's `build` against the decisions now recorded), all while the lock is
 * held, so nothing can come in between before the batch commits. A write's answer is given only
 * once its transaction has committed, a refusal's too: it is then known to rest on the latest data.
 */

/** A write as made in memory: its change, how to take it back, and what its caller is answered. */
export type Prepared<T> =
  | { change?: Change; undo: () => void; value: T }
  /** An answer that rests on what this copy lacks (a request not stored): given once that is confirmed. */
  | { failure: Error };

/** The copy in memory that the queue keeps in step with the database. */
export interface Replica {
  /** Makes the changes another instance wrote; false when one does not fit (this copy went astray). */
  replay(changes: readonly Change[]): boolean;
  /** Replaces everything in memory with what the database holds. */
  reload(snapshot: Snapshot): void;
}

/** One write transaction, holding store_head's lock once `lockHead` resolved. */
export interface WriteTransaction {
  lockHead(): Promise<number>;
  changesSince(seq: number, head: number): Promise<readonly Change[] | undefined>;
  snapshot(): Promise<Snapshot>;
  write(changes: readonly Change[], firstSeq: number): Promise<void>;
}

/** A transaction that only reads, seeing one state throughout. */
export interface ReadTransaction {
  head(): Promise<number>;
  changesSince(seq: number, head: number): Promise<readonly Change[] | undefined>;
  snapshot(): Promise<Snapshot>;
}

export interface QueueDatabase {
  /** Runs `body` in a transaction, committed when it resolves. */
  transaction(body: (tx: WriteTransaction) => Promise<void>): Promise<void>;
  /** Runs `body` in a read-only transaction; absent, the copy catches up only when it writes. */
  read?(body: (tx: ReadTransaction) => Promise<void>): Promise<void>;
}

interface Entry {
  prepare: () => Prepared<unknown>;
  prepared: Prepared<unknown>;
  /** Settled early: `prepare` threw when run again. */
  done: boolean;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** A seq no head has: a write's transaction then reads everything again (see changesSince). */
const ASTRAY = -1;

const INERT: Prepared<unknown> = { undo: () => undefined, value: undefined };

const undoOf = (p: Prepared<unknown>) => ('undo' in p ? p.undo : INERT.undo);

export class CommitQueue {
  private pending: Entry[] = [];
  private writing = false;
  private scheduled = false;
  private idleWaiters: (() => void)[] = [];
  /** The highest seq another instance is known to have committed. */
  private heard = 0;
  /** Asked to look at the head once, whatever was heard (notifications may have been missed). */
  private recheck = false;

  constructor(
    private readonly db: QueueDatabase,
    private readonly replica: Replica,
    /** The last change of the database this copy holds. */
    private seq: number,
    private readonly failure: (cause: unknown) => Error,
  ) {}

  /**
   * Runs `prepare` now (its change is seen in memory at once; what it throws, the caller gets at
   * once) and resolves with its value once a transaction that includes it has committed.
   */
  submit<T>(prepare: () => Prepared<T>): Promise<T> {
    const prepared = prepare();
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ prepare, prepared, done: false, resolve: resolve as (value: unknown) => void, reject });
      if (!this.writing && !this.scheduled) {
        this.scheduled = true;
        queueMicrotask(() => {
          this.scheduled = false;
          void this.flush();
        });
      }
    });
  }

  /**
   * Another instance committed up to `head`, or, with none given, may have done so unheard: the copy
   * catches up without writing, in turn with the writes, so nothing is applied twice. A write under
   * way catches up by itself; what it did not cover is read after it.
   */
  follow(head?: number): void {
    if (head === undefined) this.recheck = true;
    else if (head > this.heard) this.heard = head;
    if (!this.behind()) return;
    if (!this.writing && !this.scheduled) {
      this.scheduled = true;
      queueMicrotask(() => {
        this.scheduled = false;
        void this.flush();
      });
    }
  }

  /** Resolves once nothing is pending or being written. */
  idle(): Promise<void> {
    return new Promise<void>((done) => {
      if (!this.writing && !this.scheduled && this.pending.length === 0) done();
      else this.idleWaiters.push(done);
    });
  }

  private behind(): boolean {
    return this.db.read !== undefined && (this.recheck || (this.seq !== ASTRAY && this.heard > this.seq));
  }

  private async flush(): Promise<void> {
    for (;;) {
      if (this.pending.length === 0) {
        if (!this.behind()) break;
        await this.readAhead();
        continue;
      }
      this.writing = true;
      const batch = this.pending;
      this.pending = [];
      let written = this.seq;
      try {
        await this.db.transaction(async (tx) => {
          const head = await tx.lockHead();
          if (head !== this.seq) await this.catchUp(tx, batch, head);
          const changes = batch.flatMap((e) => (!e.done && 'change' in e.prepared && e.prepared.change ? [e.prepared.change] : []));
          if (changes.length > 0) await tx.write(changes, this.seq + 1);
          written = this.seq + changes.length;
        });
        this.seq = written;
        // The head was locked: everything committed before it is in this copy now.
        this.recheck = false;
        for (const e of batch) {
          if (e.done) continue;
          if ('failure' in e.prepared) e.reject(e.prepared.failure);
          else e.resolve(e.prepared.value);
        }
      } catch (cause) {
        // Changes queued behind the failed batch were made on top of it: none of them is written.
        const undone = [...batch, ...this.pending];
        this.pending = [];
        for (let i = undone.length - 1; i >= 0; i--) undoOf(undone[i]!.prepared)();
        const error = this.failure(cause);
        for (const e of undone) e.reject(error);
      } finally {
        this.writing = false;
      }
    }
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const done of waiters) done();
  }

  /**
   * Another instance wrote since this copy last caught up: the copy takes in what it missed, under
   * the lock, and every write not yet committed is worked out again on top.
   */
  private async catchUp(tx: WriteTransaction, batch: Entry[], head: number): Promise<void> {
    const missed = await tx.changesSince(this.seq, head);
    if (missed) {
      this.takeBack(batch);
      if (this.replica.replay(missed)) {
        this.seq = head;
        this.redo(batch);
        return;
      }
    }
    // Changes gone (purged) or not fitting: everything is read again. Whatever memory holds now is
    // replaced, writes made on it included, so nothing needs taking back first.
    const snapshot = await tx.snapshot();
    this.replica.reload(snapshot);
    this.seq = snapshot.seq;
    this.redo(batch);
  }

  /**
   * Catches up without writing: what was missed is read in full before memory is touched, so a
   * lost connection leaves the copy as it was (the listener asks again on reconnecting). Writes
   * submitted meanwhile are taken back and made again on top, as under the lock.
   */
  private async readAhead(): Promise<void> {
    this.writing = true;
    this.recheck = false;
    try {
      await this.db.read!(async (tx) => {
        const head = await tx.head();
        if (head === this.seq) return;
        const missed = await tx.changesSince(this.seq, head);
        const snapshot = missed ? undefined : await tx.snapshot();
        this.takeBack([]);
        if (missed && this.replica.replay(missed)) {
          this.seq = head;
        } else {
          try {
            const fresh = snapshot ?? await tx.snapshot();
            this.replica.reload(fresh);
            this.seq = fresh.seq;
          } catch (error) {
            // Part replayed: the next transaction, finding the copy astray, reads everything again.
            this.seq = ASTRAY;
            throw error;
          } finally {
            this.redo([]);
          }
          return;
        }
        this.redo([]);
      });
    } catch {
      // Not caught up, and not retried at once against a database that may be away: the next write
      // catches up under the lock, the next notification or reconnection reads again.
      this.heard = 0;
    } finally {
      this.writing = false;
    }
  }

  private entries(batch: Entry[]): Entry[] {
    return [...batch, ...this.pending].filter((e) => !e.done);
  }

  private takeBack(batch: Entry[]): void {
    const all = this.entries(batch);
    for (let i = all.length - 1; i >= 0; i--) {
      undoOf(all[i]!.prepared)();
      // Taken back: a failure from here on has nothing more of it to undo.
      all[i]!.prepared = INERT;
    }
  }

  private redo(batch: Entry[]): void {
    for (const e of this.entries(batch)) {
      try {
        e.prepared = e.prepare();
      } catch (error) {
        e.prepared = INERT;
        e.done = true;
        e.reject(error);
      }
    }
  }
}
