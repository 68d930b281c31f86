import { takeIdentityLock, type IdentityLock } from './identityLock.js';
import { journalPathFor } from './journal.js';
import { takeLockFile } from './lockFile.js';
import { StoreError } from './storeError.js';

/** A held lock on a store file; `release` removes it. */
export interface StoreLock {
  readonly lockPath: string;
  /**
   * Locks the store file and its journal by what they are now (device and inode), besides the path:
   * at open, once the file exists, and again after the file is rewritten (a rename makes it a new
   * inode) or the journal created. Throws a StoreError when another name of either is in use.
   */
  identify(): Promise<void>;
  release(): Promise<void>;
}

export interface StoreLockOptions {
  /** Told when a lock left by a process that has gone is taken over. */
  notice?: (message: string) => void;
}

/**
 * Takes `<path>.lock` so that one process at a time uses the store file. The lock names its holder
 * by pid, host and process start time (lockFile.ts, lockHolder.ts): a lock whose process has gone —
 * killed with SIGKILL, crashed, or its pid reused by another process, as PID 1 is in a restarted
 * container — is taken over, and `notice` told; a live holder, in this process or another, makes
 * this throw a StoreError. Released by `release()`, and on a normal process exit.
 */
export async function acquireStoreLock(path: string, options: StoreLockOptions = {}): Promise<StoreLock> {
  const lockPath = `${path}.lock`;
  const held = await takeLockFile(lockPath, {
    ...(options.notice && { notice: options.notice }),
    refuse: (who) => new StoreError(
      `The store file ${path} is already in use by ${who} (lock file ${lockPath}). `
      + 'Only one bot process may use a store file: stop the other one, or, if it is not running, delete the lock file.',
    ),
  });
  const files = [{ path, what: 'The store file' }, { path: journalPathFor(path), what: 'The journal' }];
  const identities = new Map<string, IdentityLock>();
  return {
    lockPath,
    async identify() {
      for (const { path: file, what } of files) {
        const had = identities.get(file);
        if (had && await had.current()) continue;
        const now = await takeIdentityLock(file, what, options.notice);
        if (now) identities.set(file, now);
        else identities.delete(file);
        await had?.release();
      }
    },
    async release() {
      for (const identity of identities.values()) await identity.release();
      identities.clear();
      await held.release();
    },
  };
}
