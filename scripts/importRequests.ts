import 'dotenv/config';
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config/env.js';
import { createLogger } from '../src/log/logger.js';
import { loadDefaultNeedBands } from '../src/config/needBands.js';
import { problemLines } from '../src/domain/issues.js';
import { Panel, type ImportResult } from '../src/panel/panel.js';
import { openStore } from '../src/store/lowdbStore.js';

/** Imports a JSON array of placement requests into the store at `storePath`: all of them, or none. */
export async function importFile(file: string, storePath: string, importedBy = 'import'): Promise<ImportResult> {
  let rows: unknown;
  try {
    rows = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    return { ok: false, rejected: [{ index: -1, problems: [{ field: '(file)', problem: `${file} is not readable JSON: ${(err as Error).message}` }] }] };
  }
  const config = loadConfig({ ...process.env, STORE_PATH: storePath });
  const store = await openStore(storePath);
  try {
    const panel = new Panel({ store, config, logger: createLogger('silent'), needBands: loadDefaultNeedBands() });
    return await panel.importRequests(rows, importedBy);
  } finally {
    await store.close();
  }
}

/** The report a person reads: what was stored, or every rejected row by index and field. */
export function importReport(result: ImportResult): string {
  if (result.ok) return `Imported ${result.requests.length} request(s): ${result.requests.map((r) => r.id).join(', ')}`;
  const lines = result.rejected.flatMap((r) => problemLines(r.problems).map((l) => (r.index < 0 ? l : `row ${r.index}: ${l}`)));
  return `Nothing imported: ${result.rejected.length} row(s) rejected.\n${lines.join('\n')}`;
}

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({ allowPositionals: true, options: { store: { type: 'string' }, by: { type: 'string' } } });
  const file = positionals[0];
  if (!file) {
    console.error('usage: npm run import -- requests.json [--store ./data/panel.json] [--by "name"]');
    process.exit(2);
  }
  const storePath = values.store ?? process.env.STORE_PATH ?? './data/panel.json';
  const result = await importFile(file, storePath, values.by ?? 'import');
  console.log(importReport(result));
  process.exit(result.ok ? 0 : 1);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((err: Error) => {
    console.error(err.message);
    process.exit(1);
  });
}
