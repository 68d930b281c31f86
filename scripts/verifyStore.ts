/**
 * Checks that no decision or event in a store file was edited, removed, inserted or reordered since
 * it was appended (the hash chains of src/store/hashChain.ts).
 *
 *   npm run verify-store [-- path/to/panel.json]     (default: STORE_PATH, else ./data/panel.json)
 *
 * Prints "ok: N decisions, M events" and exits 0, or names the first record that does not match and
 * exits 1. Reads the file and its journal only, as the bot would on start (safe while the bot is
 * running: the bot replaces the file by rename, and appends to the journal whole lines).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { verifyChain } from '../src/store/hashChain.js';
import { readStoreOnDisk } from '../src/store/storeOnDisk.js';

export interface VerifyReport {
  ok: boolean;
  /** One line for a person: what was checked, or which record does not match and why. */
  message: string;
}

/** Reads and checks the store file at `file`. Never throws: an unreadable file is a failed check. */
export async function verifyStoreFile(file: string): Promise<VerifyReport> {
  let data;
  try {
    ({ data } = await readStoreOnDisk(path.resolve(file)));
  } catch (err) {
    return { ok: false, message: (err as Error).message };
  }
  if (data === null) return { ok: false, message: `There is no store file at ${path.resolve(file)}.` };
  const check = verifyChain(data);
  if (check.ok) return { ok: true, message: `ok: ${data.decisions.length} decisions, ${data.events.length} events` };
  const where = check.id === '(end)' ? `the end of the ${check.chain} chain` : `${check.chain} record ${check.index + 1} (${check.id})`;
  return { ok: false, message: `NOT OK: ${where} ${check.reason}.` };
}

/** The command: the path from the first argument or STORE_PATH; the exit code it should end with. */
export async function main(argv: readonly string[], env: NodeJS.ProcessEnv, out: (line: string) => void = console.log): Promise<number> {
  const file = argv[0] ?? env.STORE_PATH ?? './data/panel.json';
  const report = await verifyStoreFile(file);
  out(report.message);
  return report.ok ? 0 : 1;
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  // STORE_PATH may come from .env, as for the bot (loaded here only, not when a test imports this file).
  await import('dotenv/config');
  process.exitCode = await main(process.argv.slice(2), process.env);
}
