import type { Low } from 'lowdb';
import { journalLine, type JournalOp } from './journal.js';
import type { JournalFile } from './journalFile.js';
import type { StoreFile } from './storeFile.js';
import type { StoreLock } from './storeLock.js';

/** A change as the writer takes it: journal lines, or 'whole' when it needs the file rewritten (a purge). */
export type StoreChange = JournalOp[] | 'whole';

/**
 * Puts changes already made in memory on disk, for the store's group commit (groupCommit.ts). A
 * write appends the changes to the journal (journal.ts) and fsyncs it; once the journal is as large
 * as the limit, or holds lines it should not (a failed append that could not be cut off, a torn
 * tail), the file is rewritten whole (temp file, fsync, rename, folder fsync) and the journal emptied.
 * After either, the identity locks (storeLock.ts) are moved to the files as they now are.
 */
export class StoreWriter {
  // Whether the journal's identity was looked at since the first append, which may have created it.
  private journalIdentified = false;
  private closing = false;

  constructor(
    private readonly path: string,
    private readonly db: Low<StoreFile>,
    private readonly journal: JournalFile,
    // The last journal line written (or, after a failed append that could not be cut off, used up).
    private seq: number,
    private readonly lock: StoreLock,
    private readonly journalLimit: () => number,
    private readonly warn: (message: string, error: Error) => void,
  ) {}

  async write(changes: readonly StoreChange[]): Promise<void> {
    const ops: JournalOp[] = [];
    let whole = !this.journal.clean || this.journal.bytes >= this.journalLimit();
    for (const change of changes) {
      if (change === 'whole') whole = true;
      else ops.push(...change);
    }
    if (whole) {
      await this.writeWhole();
      return;
    }
    if (ops.length === 0) return;
    const first = this.seq;
    const text = ops.map((op) => journalLine(++this.seq, op)).join('');
    try {
      await this.journal.append(text);
    } catch (error) {
      // Cut back off the journal, the lines' numbers are free again; if not, the file is rewritten
      // next, past them, so they are never read.
      if (this.journal.clean) this.seq = first;
      throw error;
    }
    if (!this.journalIdentified) {
      this.journalIdentified = true;
      await this.identify();
    }
  }

  /**
   * Once `settled` (every write begun is done), folds the journal into the file so that a stopped
   * bot leaves one file, then releases the lock. A fold that fails is only warned of: the journal
   * still holds every change and is read at the next start.
   */
  async close(settled: Promise<void>): Promise<void> {
    // The locks are released below: moving them to a rewritten file from now on would be wasted.
    this.closing = true;
    await settled;
    try {
      if (this.journal.bytes > 0 || !this.journal.clean) {
        await this.writeWhole().catch((error: Error) => this.warn(
          `Could not write ${this.path} whole on closing; nothing is lost: its journal keeps every change and is read at the next start`, error));
      }
      await this.journal.close().catch(() => undefined);
    } finally {
      await this.lock.release();
    }
  }

  /** Moves the identity locks to the files as they now are; a failure does not undo the write. */
  private async identify(): Promise<void> {
    await this.lock.identify().catch((error: Error) => this.warn(
      `Could not lock ${this.path} and its journal by identity after writing them: another name for either (a hard link) would not be refused`, error));
  }

  /** Rewrites the store file with everything in memory, then empties the journal it now holds. */
  private async writeWhole(): Promise<void> {
    const data = this.db.data;
    const before = data.journal;
    data.journal = { seq: this.seq };
    try {
      await this.db.write();
    } catch (error) {
      data.journal = before;
      throw error;
    }
    // If this fails the journal keeps lines the file already holds (skipped on reading, by their
    // numbers) and stays marked unclean, so the next write rewrites the file again.
    await this.journal.empty().catch(() => undefined);
    // The rename made the file a new inode.
    if (!this.closing) await this.identify();
  }
}
