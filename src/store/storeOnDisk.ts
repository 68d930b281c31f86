import { StoreError, describeError } from './storeError.js';
import { DurableJsonFile, nodeStoreFs, type StoreFs } from './durableJsonFile.js';
import { GENESIS, GOVERNANCE_GENESIS } from './hashChain.js';
import { journalPathFor, replayJournal, type Replayed } from './journal.js';
import { cachingPrettyJson } from './prettyJson.js';
import { storeFileSchema, type StoreFile } from './storeFile.js';

export interface StoreOnDisk {
  /** The store file's adapter, for the store to write through; holds the file's size. */
  file: DurableJsonFile<StoreFile>;
  /** The store file's data with the journal's changes applied; null when there is neither. */
  data: StoreFile | null;
  journal: Replayed & { path: string; exists: boolean };
}

/**
 * Reads the store as the bot would find it on start: the store file, validated, with the changes in
 * its journal applied (journal.ts). Reads only, takes no lock, changes nothing. Throws a StoreError
 * naming the file at fault when either cannot be read or is not what the store writes.
 */
export async function readStoreOnDisk(path: string, fs: StoreFs = nodeStoreFs): Promise<StoreOnDisk> {
  const file = new DurableJsonFile<StoreFile>(path, storeFileSchema, fs, cachingPrettyJson());
  const data = await file.read();
  const journalPath = journalPathFor(path);
  let text: string | undefined;
  try {
    text = await fs.readFile(journalPath);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new StoreError(`Cannot read the store's journal ${journalPath}: ${describeError(error)}`, { cause: error });
    }
  }
  const exists = text !== undefined;
  if (data === null) {
    if (text) throw new StoreError(`There is a journal ${journalPath} but no store file ${path}: restore the store file from a backup (both were left untouched)`);
    return { file, data: null, journal: { path: journalPath, exists, seq: 0, bytes: 0, torn: false, tail: '' } };
  }
  data.chain ??= {
    decisions: { head: data.decisions.at(-1)?.hash ?? GENESIS, length: data.decisions.length, purged: [] },
    events: { head: data.events.at(-1)?.hash ?? GENESIS, length: data.events.length, purged: [] },
    governance: { head: data.governance.at(-1)?.hash ?? GOVERNANCE_GENESIS, length: data.governance.length, purged: [] },
  };
  try {
    const replayed = replayJournal(data, text ?? '', journalPath);
    return { file, data, journal: { path: journalPath, exists, ...replayed } };
  } catch (error) {
    throw new StoreError(`The store cannot be read: ${describeError(error)}. The store file and its journal were left untouched — fix or restore them`, { cause: error });
  }
}
