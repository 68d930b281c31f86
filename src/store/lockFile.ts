import * as fsp from 'node:fs/promises';
import { readFileSync, unlinkSync } from 'node:fs';
import { hostname } from 'node:os';
import { StoreError, describeError } from './storeError.js';
import { formatHolder, forget, holderState, parseHolder, thisHolder, type LockHolder } from './lockHolder.js';

/** A lock file this process holds. */
export interface HeldLockFile {
  readonly path: string;
  release(): Promise<void>;
}

export interface TakeLockOptions {
  /** Lines written after the holder's (the identity lock names the store file it stands for). */
  detail?: string;
  /**
   * Whether a lock whose holder still runs is still in force; by default it is. (An identity lock
   * is not once its holder's store file has moved on to another inode.)
   */
  inForce?: (text: string) => Promise<boolean>;
  /** The error to throw when the lock is in force: `who` is "this process", "process 12" or "process 12 on host". */
  refuse: (who: string, text: string) => Error;
  /** Told when a lock left by a process that has gone is taken over. */
  notice?: (message: string) => void;
}

function describeHolder(holder: LockHolder): string {
  const here = holder.host === '' || holder.host === hostname();
  if (holder.pid === process.pid && here) return 'this process';
  return here ? `process ${holder.pid}` : `process ${holder.pid} on ${holder.host}`;
}

const readText = (path: string) => fsp.readFile(path, 'utf8').catch(() => undefined);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Removes a lock judged stale, unless it changed since it was read. Between reading a lock and
 * removing it another process may have removed it too and taken the lock itself, so removal is done
 * only while holding `<lock>.takeover` (created like the lock), after reading the lock again.
 * Resolves false when it did not remove it (someone else is taking it over: look again).
 */
async function removeStale(lockPath: string, judged: string, temp: string): Promise<boolean> {
  const takeover = `${lockPath}.takeover`;
  try {
    await fsp.link(temp, takeover);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
      throw new StoreError(`Cannot take over the lock file ${lockPath}, left by a process that has gone: ${describeError(error)}`, { cause: error });
    }
    const text = await readText(takeover);
    const holder = text === undefined ? undefined : parseHolder(text);
    if (holder && holderState(holder).state !== 'gone') {
      await sleep(5);
    } else if (text !== undefined && await readText(takeover) === text) {
      // Left by a process that died in these few lines: a very small window, so removed without more ado.
      await fsp.unlink(takeover).catch(() => undefined);
    }
    return false;
  }
  try {
    if (await readText(lockPath) !== judged) return false;
    await fsp.unlink(lockPath);
    return true;
  } finally {
    await fsp.unlink(takeover).catch(() => undefined);
  }
}

/**
 * Creates `lockPath` naming this process (written to a temporary name, then hard-linked, which fails
 * if the lock exists). A lock whose holder has gone — killed, crashed, or its pid now another
 * process's (see lockHolder.ts) — is taken over and `notice` told; a lock in force throws
 * `refuse(...)`. Released by `release()`, and on a normal process exit.
 */
export async function takeLockFile(lockPath: string, options: TakeLockOptions): Promise<HeldLockFile> {
  const me = thisHolder();
  const text = `${formatHolder(me)}\n${options.detail === undefined ? '' : `${options.detail}\n`}`;
  const temp = `${lockPath}.${me.token}.tmp`;
  // 'wx': never through a link someone left at this name (lock folders may be shared).
  await fsp.writeFile(temp, text, { mode: 0o644, flag: 'wx' }).catch((error: unknown) => {
    forget(me);
    throw new StoreError(`Cannot create the lock file ${lockPath}: ${describeError(error)}`, { cause: error });
  });
  try {
    const deadline = Date.now() + 5_000;
    for (;;) {
      try {
        await fsp.link(temp, lockPath);
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || Date.now() > deadline) {
          throw new StoreError(`Cannot create the lock file ${lockPath}: ${describeError(error)}`, { cause: error });
        }
      }
      const found = await readText(lockPath);
      if (found === undefined) continue; // released meanwhile: try again
      const holder = parseHolder(found);
      const state = holder ? holderState(holder) : { state: 'gone' as const, why: 'it names no process' };
      if (holder && state.state !== 'gone' && (!options.inForce || await options.inForce(found))) {
        throw options.refuse(describeHolder(holder), found);
      }
      const why = state.state === 'gone' ? state.why : `${describeHolder(holder!)} no longer uses the file it names`;
      if (await removeStale(lockPath, found, temp)) {
        options.notice?.(`Took over the lock file ${lockPath}, left behind by an earlier process: ${why}.`);
      }
    }
  } catch (error) {
    forget(me);
    throw error;
  } finally {
    await fsp.unlink(temp).catch(() => undefined);
  }

  const ours = () => {
    try {
      return readFileSync(lockPath, 'utf8') === text;
    } catch {
      return false;
    }
  };
  const onExit = () => {
    if (ours()) unlinkSync(lockPath);
  };
  atExit.add(onExit);
  let released = false;
  return {
    path: lockPath,
    async release() {
      if (released) return;
      released = true;
      atExit.delete(onExit);
      if (ours()) await fsp.unlink(lockPath).catch(() => undefined);
      forget(me);
    },
  };
}

// One listener for every lock held, rather than one each (a store holds several).
const atExit = new Set<() => void>();
process.on('exit', () => {
  for (const release of atExit) release();
});
