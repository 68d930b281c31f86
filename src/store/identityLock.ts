import { accessSync, constants } from 'node:fs';
import * as fsp from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { takeLockFile, type HeldLockFile } from './lockFile.js';
import { StoreError } from './storeError.js';

/**
 * The store's lock file sits beside the path it was opened by, so a second name for the same file —
 * a hard link in another folder, a symbolic link, another mount of the folder — gets past it. These
 * locks are keyed by what the file is, its device and inode, in one folder every bot on the machine
 * shares: /run/lock where it can be written, else the temporary folder.
 */
function lockFolder(): string {
  try {
    accessSync('/run/lock', constants.W_OK);
    return '/run/lock';
  } catch {
    return tmpdir();
  }
}

/** Where the identity locks are kept. */
export const IDENTITY_LOCK_FOLDER = lockFolder();

type Identity = { dev: bigint; ino: bigint };

async function identityOf(path: string): Promise<Identity | undefined> {
  // bigint: inode numbers past 2^53 (XFS, btrfs) would otherwise collide.
  const s = await fsp.stat(path, { bigint: true }).catch(() => undefined);
  return s && { dev: s.dev, ino: s.ino };
}

const lockPathOf = (id: Identity) => join(IDENTITY_LOCK_FOLDER, `placement-panel-${id.dev}-${id.ino}.lock`);

/** The identity lock file for the file now at `path`; undefined when there is no file. */
export async function identityLockPath(path: string): Promise<string | undefined> {
  const id = await identityOf(path);
  return id && lockPathOf(id);
}

export interface IdentityLock {
  readonly lockPath: string;
  /** The identity the lock stands for: once `path` is another inode (rewritten by rename), it is out of date. */
  current(): Promise<boolean>;
  release(): Promise<void>;
}

/**
 * Locks the file now at `path` by its identity; resolves undefined when there is no file. Throws a
 * StoreError naming the other name when a running process holds the same file under it. A lock
 * whose holder has gone, or whose holder's file is no longer this inode (the holder rewrote its file
 * by rename, and the inode number was used again), is taken over.
 */
export async function takeIdentityLock(
  path: string, what: string, notice?: (message: string) => void,
): Promise<IdentityLock | undefined> {
  const id = await identityOf(path);
  if (!id) return undefined;
  const lockPath = lockPathOf(id);
  const sameAs = async (other: string) => {
    const now = await identityOf(other);
    return now !== undefined && now.dev === id.dev && now.ino === id.ino;
  };
  const named = (text: string) => text.split('\n')[1] ?? '';
  const held: HeldLockFile = await takeLockFile(lockPath, {
    detail: path,
    ...(notice && { notice }),
    inForce: (text) => sameAs(named(text)),
    refuse: (who, text) => new StoreError(
      `${what} ${path} is the same file as ${named(text)} (a hard link, a symbolic link or another mount of it), `
      + `which ${who} is using (lock file ${lockPath}). Only one bot process may use a store file, under whatever name: `
      + 'stop the other one, or remove the extra name.',
    ),
  });
  return { lockPath, current: () => sameAs(path), release: () => held.release() };
}
