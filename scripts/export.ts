/**
 * Writes the four spreadsheet exports the API serves (docs/api.md, "Exports") to a folder:
 *
 *   npm run export [-- --out ./exports --from 2026-04-01 --to 2027-03-31 --store <file|postgres://…>]
 *
 * decisions-<today>.csv and .xlsx, savings-<from>-to-<to>.csv and .xlsx, with the same period rules
 * as the API (both days counted; by default this financial year so far). The store is the one the
 * bot uses: --store, else DATABASE_URL when set, else STORE_PATH, else ./data/panel.json. It is only
 * read, as verify-store reads it (no lock taken, nothing written), so it is safe while the bot runs.
 *
 * Prints the files written and exits 0; a bad argument exits 2 naming it, a store that cannot be
 * read exits 1 with the reason.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { dateOf } from '../src/calculators/dates.js';
import { ConfigError, governanceOf, loadConfig } from '../src/config/env.js';
import { loadDefaultNeedBands } from '../src/config/needBands.js';
import { problemLines } from '../src/domain/issues.js';
import { exportFile, EXPORT_FORMATS, type ExportName } from '../src/exports/exportSheets.js';
import { exportPeriod } from '../src/exports/exportPeriod.js';
import { PanelFacts } from '../src/panel/facts.js';
import { isDatabaseUrl } from '../src/store/postgres/databaseUrl.js';
import { readPostgresStore } from '../src/store/postgres/openPostgresStore.js';
import { StoreData } from '../src/store/storeData.js';
import type { StoreFile } from '../src/store/storeFile.js';
import { readStoreOnDisk } from '../src/store/storeOnDisk.js';

const USAGE = 'usage: npm run export -- [--out ./exports] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--store <file|postgres://…>]';

/** What the store at `target` (a file or a PostgreSQL URL) holds now, or undefined when it holds no store. */
async function readStore(target: string): Promise<StoreFile | undefined> {
  const data = isDatabaseUrl(target) ? await readPostgresStore(target) : (await readStoreOnDisk(path.resolve(target))).data;
  return data ?? undefined;
}

/** The panel's facts over a store's data, under the roles, quorum and settings the bot would use. */
function factsOf(file: StoreFile, config: ReturnType<typeof loadConfig>): PanelFacts {
  const data = new StoreData(file);
  return new PanelFacts(0, {
    listRequests: () => data.file.requests,
    getRequest: (id) => data.indexes.request(id),
    decisionsFor: (id) => data.indexes.decisionsFor(id),
    eventsFor: (id) => data.indexes.eventsFor(id),
  }, governanceOf(config), {
    needBands: loadDefaultNeedBands(),
    weeksPerYear: config.WEEKS_PER_YEAR,
    ...(config.SAVINGS_TARGET !== undefined && { savingsTarget: config.SAVINGS_TARGET }),
  });
}

/** The command: writes the four files and returns the exit code it should end with. */
export async function main(argv: readonly string[], env: NodeJS.ProcessEnv, out: (line: string) => void = console.log, now: () => Date = () => new Date()): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: { out: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, store: { type: 'string' } },
    }));
  } catch (err) {
    out(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  const today = dateOf(now());
  const asked = exportPeriod({ from: values.from, to: values.to }, today);
  if (!asked.ok) {
    out(`${problemLines(asked.problems).map((l) => `--${l}`).join('\n')}\n${USAGE}`);
    return 2;
  }
  let config;
  try {
    config = loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) {
      out(err.message);
      return 2;
    }
    throw err;
  }
  const target = values.store ?? config.DATABASE_URL ?? config.STORE_PATH;
  let file;
  try {
    file = await readStore(target);
  } catch (err) {
    out((err as Error).message);
    return 1;
  }
  if (file === undefined) {
    out(`There is no store at ${isDatabaseUrl(target) ? 'that database' : path.resolve(target)}.`);
    return 1;
  }
  const facts = factsOf(file, config);
  const folder = path.resolve(values.out ?? './exports');
  await mkdir(folder, { recursive: true });
  for (const name of ['decisions', 'savings'] as const satisfies readonly ExportName[]) {
    for (const format of EXPORT_FORMATS) {
      const written = await exportFile(facts, name, format, today, asked.period);
      const where = path.join(folder, written.filename);
      await writeFile(where, written.body);
      out(where);
    }
  }
  return 0;
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  // STORE_PATH and DATABASE_URL may come from .env, as for the bot (loaded here only, not when a test imports this file).
  await import('dotenv/config');
  process.exitCode = await main(process.argv.slice(2), process.env);
}
