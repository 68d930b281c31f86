import * as fsp from 'node:fs/promises';
import { unlinkSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { StoreError, describeError } from './storeError.js';

/** A held lock on a store file; `release` removes it. */
export interface StoreLock {
  readonly lockPath: string;
  release(): Promise<void>;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

interface Holder { pid: number; host: string }

function parseHolder(text: string): Holder | undefined {
  const [pidText, host = ''] = text.trim().split(/\s+/, 2);
  const pid = Number(pidText);
  return Number.isInteger(pid) && pid > 0 ? { pid, host } : undefined;
}

/**
 * Takes `<path>.lock` so that one process at a time uses the store file: the lock file holds the
 * holder's pid and host name and is created atomically (written to a temporary name, then hard-linked,
 * which fails if the lock exists). A lock whose process is no longer running (killed with SIGKILL, a
 * crash) is taken over; a live holder — in this process or another — makes this throw a StoreError.
 * Released by `release()`, and on a normal process exit.
 */
export async function acquireStoreLock(path: string): Promise<StoreLock> {
  const lockPath = `${path}.lock`;
  const me = `${process.pid} ${hostname()}\n`;
  const temp = `${lockPath}.${process.pid}.${Date.now()}.tmp`;
  await fsp.writeFile(temp, me, { mode: 0o644 }).catch((error: unknown) => {
    throw new StoreError(`Cannot create the lock file for ${path}: ${describeError(error)}`, { cause: error });
  });
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await fsp.link(temp, lockPath);
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 3) {
          throw new StoreError(`Cannot create the lock file ${lockPath}: ${describeError(error)}`, { cause: error });
        }
      }
      const text = await fsp.readFile(lockPath, 'utf8').catch(() => undefined);
      if (text === undefined) continue; // released meanwhile: try again
      const holder = parseHolder(text);
      const sameHost = holder !== undefined && (holder.host === '' || holder.host === hostname());
      if (holder && (!sameHost || isAlive(holder.pid))) {
        const who = holder.pid === process.pid && sameHost ? 'this process' : `process ${holder.pid}${sameHost ? '' : ` on ${holder.host}`}`;
        throw new StoreError(
          `The store file ${path} is already in use by ${who} (lock file ${lockPath}). `
          + 'Only one bot process may use a store file: stop the other one, or, if it is not running, delete the lock file.',
        );
      }
      // The holder died without releasing the lock: take it over. An unreadable lock is treated alike.
      await fsp.unlink(lockPath).catch(() => undefined);
    }
  } finally {
    await fsp.unlink(temp).catch(() => undefined);
  }

  const ours = () => {
    try {
      return readFileSync(lockPath, 'utf8') === me;
    } catch {
      return false;
    }
  };
  const onExit = () => {
    if (ours()) unlinkSync(lockPath);
  };
  process.on('exit', onExit);
  let released = false;
  return {
    lockPath,
    async release() {
      if (released) return;
      released = true;
      process.off('exit', onExit);
      if (ours()) await fsp.unlink(lockPath).catch(() => undefined);
    },
  };
}
