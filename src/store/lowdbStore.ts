import { dirname, resolve } from 'node:path';
import { Low } from 'lowdb';
import { deepFreeze } from '../lib/deepFreeze.js';
import { nodeStoreFs, type StoreFs } from './durableJsonFile.js';
import { emptyChain } from './hashChain.js';
import { JournalFile } from './journalFile.js';
import { JsonFileStore } from './jsonFileStore.js';
import type { PanelStore } from './panelStore.js';
import { countersPastRequests, reserveIds } from './recordIds.js';
import { StoreData } from './storeData.js';
import { StoreError, describeError } from './storeError.js';
import { emptyStoreFile, type StoreFile } from './storeFile.js';
import { acquireStoreLock } from './storeLock.js';
import { readStoreOnDisk } from './storeOnDisk.js';
import { StoreWriter } from './storeWriter.js';
import { describeTornTail, keepTornTail, readTornTail } from './tornTail.js';

/*
 * Opening the JSON file store (jsonFileStore.ts): the lock, the file read through lowdb with its
 * journal applied, a torn tail kept and its ids reserved. The bot, the scripts and the tests open
 * the store through here.
 */

export { StoreError } from './storeError.js';
export type { StoreFs } from './durableJsonFile.js';

export interface OpenStoreOptions {
  /** File-system calls, for tests that stub a full disk; node:fs/promises by default. */
  fs?: StoreFs;
  /** The clock, for the time an idempotency key was first seen. */
  now?: () => Date;
  /**
   * The journal is folded into the store file once it holds this many bytes; by default once it is
   * as large as the file (at least 1 MiB), so rewriting the file costs at most as much again as
   * appending did.
   */
  journalLimitBytes?: number;
  /**
   * Told of a problem the store recovers from by itself (closing without folding the journal in): the
   * store has no logger of its own, so the bot's is passed in.
   */
  warn?: (message: string, error: Error) => void;
  /** Told of something found at open that an operator should know of (a lock left by a process that has gone). */
  notice?: (message: string) => void;
}

const MIN_JOURNAL_LIMIT = 1 << 20;

/**
 * Keeps the journal's torn tail beside it and reports it, and moves the id counters past it. Throws
 * when the tail cannot be kept: the store's first write would drop it from the journal.
 */
async function dropTornTail(data: StoreFile, journal: { path: string; tail: string }, fs: StoreFs, options: OpenStoreOptions): Promise<void> {
  const tail = readTornTail(journal.tail);
  let kept: string;
  try {
    kept = await keepTornTail(journal.path, journal.tail, (options.now ?? (() => new Date()))(), fs);
  } catch (error) {
    throw new StoreError(`The journal ${journal.path} ends in an incomplete change (${describeTornTail(tail)}) that could not be kept in a file beside it: ${describeError(error)}. Nothing was changed`, { cause: error });
  }
  reserveIds(data, tail.ids, tail.counters);
  options.notice?.(`The journal ${journal.path} ended in an incomplete change, a write cut short: ${describeTornTail(tail)}. `
    + `It was left out and its bytes kept in ${kept}; no id in it will be given again. If it was acknowledged, `
    + `its sender must send it again.`);
}

/**
 * Opens (or creates, with its folder) the store file at `path`, holding its lock until `close()`.
 * Throws a StoreError naming the file when it cannot be read, is not JSON or does not match the
 * schema (the file is then left as it is), or when another live process holds it.
 */
export async function openStore(path: string, options: OpenStoreOptions = {}): Promise<PanelStore> {
  const fs = options.fs ?? nodeStoreFs;
  const file = resolve(path);
  try {
    await fs.mkdir(dirname(file));
  } catch (error) {
    throw new StoreError(`Cannot create the folder for the store file ${file}: ${describeError(error)}`, { cause: error });
  }
  const lock = await acquireStoreLock(file, { ...(options.notice && { notice: options.notice }) });
  try {
    const onDisk = await readStoreOnDisk(file, fs);
    const empty = emptyStoreFile();
    const db = new Low<StoreFile>(onDisk.file, empty);
    await onDisk.file.removeStaleTemps();
    const data = onDisk.data ?? empty;
    db.data = data;
    for (const list of [data.requests, data.decisions, data.events, data.governance]) for (const r of list) deepFreeze(r);
    for (const r of Object.values(data.conversations)) deepFreeze(r);
    for (const r of Object.values(data.cards)) deepFreeze(r);
    deepFreeze(data.digest);
    countersPastRequests(data);
    data.chain ??= { decisions: emptyChain(), events: emptyChain(), governance: emptyChain('governance') };
    if (onDisk.data === null) {
      try {
        await db.write();
      } catch (error) {
        throw new StoreError(`Cannot create the store file ${file}: ${describeError(error)}`, { cause: error });
      }
    }
    // Only now is there a file to know by its identity (a new store was just created).
    await lock.identify();
    const { journal } = onDisk;
    if (journal.torn) await dropTornTail(data, journal, fs, options);
    // A journal ending in a partial line is not appended to: the first write rewrites the file.
    const journalFile = new JournalFile(journal.path, fs, journal.bytes, journal.exists, !journal.torn);
    const limit = () => options.journalLimitBytes ?? Math.max(MIN_JOURNAL_LIMIT, onDisk.file.bytes);
    const writer = new StoreWriter(file, db, journalFile, journal.seq, lock, limit, options.warn ?? (() => undefined));
    return new JsonFileStore(file, new StoreData(data), writer, options.now ?? (() => new Date()));
  } catch (error) {
    await lock.release();
    throw error;
  }
}
