/**
 * Checks that no decision, event or governance record in a store file was edited, removed, inserted
 * or reordered since it was appended (the hash chains of src/store/hashChain.ts).
 *
 *   npm run verify-store [-- path/to/panel.json | postgres://…]
 *
 * What it checks is what the bot would open: the PostgreSQL store at the URL given, or at
 * DATABASE_URL when nothing is given and it is set; else the file given, STORE_PATH, or
 * ./data/panel.json.
 *
 * Prints "ok: N decisions, M events, K governance records" and exits 0, or names the first record that does not match and
 * exits 1. Reads the file and its journal only, as the bot would on start (safe while the bot is
 * running: the bot replaces the file by rename, and appends to the journal whole lines). A database
 * is read in one read-only transaction, changing nothing, not even its schema.
 *
 * A journal ending in an incomplete change (a write cut short, src/store/tornTail.ts) is reported on
 * a line of its own, with exit 1: that change is not in the store. Torn tails the bot already kept
 * beside the journal (`<journal>.torn-<time>`) are listed, one line each; they do not change the exit code.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { nodeStoreFs } from '../src/store/durableJsonFile.js';
import { verifyChain } from '../src/store/hashChain.js';
import { journalPathFor } from '../src/store/journal.js';
import { describeDatabase, isDatabaseUrl } from '../src/store/postgres/databaseUrl.js';
import { readPostgresStore } from '../src/store/postgres/openPostgresStore.js';
import type { StoreFile } from '../src/store/storeFile.js';
import { readStoreOnDisk } from '../src/store/storeOnDisk.js';
import { describeTornTail, readTornTail, tornFilesBeside } from '../src/store/tornTail.js';

export interface VerifyReport {
  ok: boolean;
  /** One line for a person: what was checked, or which record does not match and why. */
  message: string;
  /** Further lines: a torn journal tail, torn tails kept earlier. */
  notes: string[];
}

/** Lines on the journal's torn tail and on those kept beside it; `failed` when the journal has one now. */
async function tornNotes(file: string, tail: string): Promise<{ failed: boolean; notes: string[] }> {
  const journal = journalPathFor(file);
  const notes: string[] = [];
  if (tail !== '') {
    notes.push(`TORN: the journal ${journal} ends in an incomplete change, a write cut short (${describeTornTail(readTornTail(tail))}); `
      + 'it is not in the store. The bot keeps it beside the journal and reports it at its next start. (If the bot is writing right now, run this again.)');
  }
  for (const kept of await tornFilesBeside(journal, nodeStoreFs)) {
    const text = await nodeStoreFs.readFile(kept).catch(() => undefined);
    notes.push(`kept: ${kept} holds an incomplete change left out of the journal at a start (${text === undefined ? 'unreadable' : describeTornTail(readTornTail(text))}).`);
  }
  return { failed: tail !== '', notes };
}

/** What was checked, for the line that says it is ok. */
function counted(data: StoreFile): string {
  return `ok: ${data.decisions.length} decisions, ${data.events.length} events, ${data.governance.length} governance records`;
}

/** Reads and checks the store file at `file`. Never throws: an unreadable file is a failed check. */
export async function verifyStoreFile(file: string): Promise<VerifyReport> {
  const resolved = path.resolve(file);
  let onDisk;
  try {
    onDisk = await readStoreOnDisk(resolved);
  } catch (err) {
    return { ok: false, message: (err as Error).message, notes: [] };
  }
  const { data } = onDisk;
  if (data === null) return { ok: false, message: `There is no store file at ${resolved}.`, notes: [] };
  const torn = await tornNotes(resolved, onDisk.journal.tail);
  const check = verifyChain(data);
  if (check.ok) return { ok: !torn.failed, message: counted(data), notes: torn.notes };
  const where = check.id === '(end)' ? `the end of the ${check.chain} chain` : `${check.chain} record ${check.index + 1} (${check.id})`;
  return { ok: false, message: `NOT OK: ${where} ${check.reason}.`, notes: torn.notes };
}

/** Reads and checks the PostgreSQL store at `url`. Never throws; never names the password. */
export async function verifyDatabase(url: string): Promise<VerifyReport> {
  let data;
  try {
    data = await readPostgresStore(url);
  } catch (err) {
    return { ok: false, message: (err as Error).message, notes: [] };
  }
  const where = `the PostgreSQL ${describeDatabase(url)}`;
  if (data === null) return { ok: false, message: `There is no store in ${where}.`, notes: [] };
  const check = verifyChain(data);
  if (check.ok) return { ok: true, message: `${counted(data)} in ${where}`, notes: [] };
  const at = check.id === '(end)' ? `the end of the ${check.chain} chain` : `${check.chain} record ${check.index + 1} (${check.id})`;
  return { ok: false, message: `NOT OK: ${at} ${check.reason} (in ${where}).`, notes: [] };
}

/**
 * The command: the store from the first argument, else DATABASE_URL, else STORE_PATH; the exit code
 * it should end with.
 */
export async function main(argv: readonly string[], env: NodeJS.ProcessEnv, out: (line: string) => void = console.log): Promise<number> {
  const target = argv[0] ?? (env.DATABASE_URL?.trim() || undefined) ?? env.STORE_PATH ?? './data/panel.json';
  const report = isDatabaseUrl(target) ? await verifyDatabase(target) : await verifyStoreFile(target);
  out(report.message);
  for (const note of report.notes) out(note);
  return report.ok ? 0 : 1;
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  // STORE_PATH may come from .env, as for the bot (loaded here only, not when a test imports this file).
  await import('dotenv/config');
  process.exitCode = await main(process.argv.slice(2), process.env);
}
