/**
 * Copies a whole store from a JSON file to a PostgreSQL database or back (issue #13, moving data).
 *
 *   npm run copy-store -- --from ./data/panel.json --to "$DATABASE_URL"
 *   npm run copy-store -- --from postgres://… --to ./data/panel.json
 *
 * Every record is copied as stored (governance records too; ids, hashes, the chains' state, counters, idempotency keys,
 * cards, conversations, the digest), so the hash chains verify on the copy. A target that already
 * holds a store (a file, its journal, or a database with anything written) is refused and nothing is
 * written. Afterwards the copy is opened as the bot would open it and checked: the same numbers of
 * requests, decisions, events and governance records, the chains verify, and their heads are the source's.
 *
 * Prints what was copied and "verified", exit 0; or what went wrong, exit 1 (usage: exit 2).
 */
import { access } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual, parseArgs } from 'node:util';
import { DurableJsonFile, nodeStoreFs } from '../src/store/durableJsonFile.js';
import { journalPathFor } from '../src/store/journal.js';
import { openStore } from '../src/store/lowdbStore.js';
import type { PanelStore } from '../src/store/panelStore.js';
import { describeDatabase, isDatabaseUrl } from '../src/store/postgres/databaseUrl.js';
import { loadPostgresStore } from '../src/store/postgres/loadStore.js';
import { openPostgresStore, readPostgresStore } from '../src/store/postgres/openPostgresStore.js';
import { cachingPrettyJson } from '../src/store/prettyJson.js';
import { StoreError, describeError } from '../src/store/storeError.js';
import { storeFileSchema, type StoreFile } from '../src/store/storeFile.js';
import { acquireStoreLock } from '../src/store/storeLock.js';
import { readStoreOnDisk } from '../src/store/storeOnDisk.js';

export const USAGE = 'usage: npm run copy-store -- --from <store file | postgres://…> --to <store file | postgres://…>\n'
  + 'Copies a whole store into an empty target (a file that does not exist yet, or a database with no store) and checks the copy.';

const describe = (target: string) => (isDatabaseUrl(target) ? `the PostgreSQL ${describeDatabase(target)}` : path.resolve(target));

/** The source as the bot would find it on start, read without its lock (safe while the bot runs). */
export async function readSource(from: string): Promise<StoreFile> {
  if (isDatabaseUrl(from)) {
    const data = await readPostgresStore(from);
    if (data === null) throw new StoreError(`There is no store in ${describe(from)}.`);
    return data;
  }
  const file = path.resolve(from);
  const onDisk = await readStoreOnDisk(file);
  if (onDisk.data === null) throw new StoreError(`There is no store file at ${file}.`);
  // The cut-short change may have given out ids; the bot, at its next start, reserves them.
  if (onDisk.journal.torn) {
    throw new StoreError(`The journal ${onDisk.journal.path} ends in an incomplete change: start and stop the bot on ${file} once (it keeps the change aside and reserves its ids), then copy.`);
  }
  // The target has no journal: a seq carried over would only number its first line oddly.
  const { journal: _journal, ...data } = onDisk.data;
  return data;
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}

/** Writes `data` as a new store file at `to`, as the store writes it, under the store's lock. */
async function writeFileStore(to: string, data: StoreFile): Promise<void> {
  const file = path.resolve(to);
  await nodeStoreFs.mkdir(path.dirname(file));
  const lock = await acquireStoreLock(file);
  try {
    for (const [what, at] of [['store file', file], ['journal', journalPathFor(file)]] as const) {
      if (await exists(at)) throw new StoreError(`The ${what} ${at} already exists; nothing was written. Copy to a new file.`);
    }
    await new DurableJsonFile<StoreFile>(file, storeFileSchema, nodeStoreFs, cachingPrettyJson()).write(data);
  } finally {
    await lock.release();
  }
}

interface Seen {
  requests: number;
  decisions: number;
  events: number;
  governance: number;
  verified: boolean;
}

async function openedAsTheBot(to: string): Promise<Seen> {
  const store: PanelStore = isDatabaseUrl(to) ? await openPostgresStore(to, { follow: false }) : await openStore(to);
  try {
    return {
      requests: store.listRequests().length, decisions: store.allDecisions().length, events: store.allEvents().length,
      governance: store.governanceRecords().length, verified: store.verify().ok,
    };
  } finally {
    await store.close();
  }
}

/** What is wrong with the copy at `to` of `source`, one line each; none when it is whole. */
export async function checkCopy(source: StoreFile, to: string): Promise<string[]> {
  const seen = await openedAsTheBot(to);
  const problems: string[] = [];
  for (const what of ['requests', 'decisions', 'events', 'governance'] as const) {
    const words = what === 'governance' ? 'governance records' : what;
    if (seen[what] !== source[what].length) problems.push(`${seen[what]} ${words} where the source has ${source[what].length}`);
  }
  if (!seen.verified) problems.push('its hash chains do not verify');
  const copy = await readSource(to);
  for (const chain of ['decisions', 'events', 'governance'] as const) {
    if (!isDeepStrictEqual(copy.chain?.[chain], source.chain?.[chain])) problems.push(`its ${chain} chain's state is not the source's`);
  }
  return problems;
}

/** Copies the store at `from` into the empty target `to` and checks it; the lines to print. Throws a StoreError. */
export async function copyStore(from: string, to: string): Promise<string[]> {
  const data = await readSource(from);
  if (isDatabaseUrl(to)) await loadPostgresStore(to, data);
  else await writeFileStore(to, data);
  const counts = `${data.requests.length} requests, ${data.decisions.length} decisions, ${data.events.length} events, `
    + `${data.governance.length} governance records`;
  const problems = await checkCopy(data, to);
  if (problems.length > 0) {
    throw new StoreError(`NOT OK: the copy in ${describe(to)} differs from ${describe(from)}: ${problems.join('; ')}. The copy was left as it is, for a look; remove it before copying again.`);
  }
  return [`Copied ${counts} from ${describe(from)} to ${describe(to)}.`, 'verified: the same counts, the hash chains verify, the same chain heads.'];
}

/** The command; the exit code it should end with. */
export async function main(argv: readonly string[], out: (line: string) => void = console.log, err: (line: string) => void = console.error): Promise<number> {
  let from: string | undefined;
  let to: string | undefined;
  try {
    const { values } = parseArgs({ args: [...argv], options: { from: { type: 'string' }, to: { type: 'string' }, help: { type: 'boolean' } }, strict: true });
    if (values.help) {
      out(USAGE);
      return 0;
    }
    ({ from, to } = values);
  } catch (error) {
    err(`${describeError(error)}\n${USAGE}`);
    return 2;
  }
  if (!from?.trim() || !to?.trim()) {
    err(`Both --from and --to are needed.\n${USAGE}`);
    return 2;
  }
  try {
    for (const line of await copyStore(from, to)) out(line);
    return 0;
  } catch (error) {
    if (!(error instanceof StoreError)) throw error;
    err(error.message);
    return 1;
  }
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
