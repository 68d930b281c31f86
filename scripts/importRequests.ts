import 'dotenv/config';
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config/env.js';
import { createLogger } from '../src/log/logger.js';
import { loadDefaultNeedBands } from '../src/config/needBands.js';
import { problemLines } from '../src/domain/issues.js';
import {
  problemsOfRow, requestsFromCsv, rowProblemLine, shapeProblems, type CsvRequest, type RowProblem,
} from '../src/exports/requestsCsv.js';
import { Panel, type ImportResult } from '../src/panel/panel.js';
import { openStore } from '../src/store/lowdbStore.js';

/** What importing a file came to: the panel's answer for JSON; for CSV, problems by spreadsheet row and column. */
export type FileImportResult = ImportResult | { ok: false; rows: RowProblem[] };

/** Every row's problems, in row order. */
function byRow(problems: readonly RowProblem[]): { ok: false; rows: RowProblem[] } {
  return { ok: false, rows: [...problems].sort((a, b) => a.row - b.row) };
}

/** Stores the rows through the panel's import (all of them, or none). */
async function importRows(rows: unknown, storePath: string, importedBy: string): Promise<ImportResult> {
  const config = loadConfig({ ...process.env, STORE_PATH: storePath });
  const store = await openStore(storePath);
  try {
    const panel = new Panel({ store, config, logger: createLogger('silent'), needBands: loadDefaultNeedBands() });
    return await panel.importRequests(rows, importedBy);
  } finally {
    await store.close();
  }
}

/**
 * Imports a CSV of requests (docs/api.md, "CSV import"): a child twice in the list or a bad header is
 * reported without opening the store; otherwise the panel's import checks and stores every row or
 * none, and its problems are named by the row and column they came from.
 */
async function importCsv(text: string, storePath: string, importedBy: string): Promise<FileImportResult> {
  const { requests, problems } = requestsFromCsv(text);
  if (problems.length > 0) return byRow([...problems, ...shapeProblems(requests)]);
  const result = await importRows(requests.map((r) => r.request), storePath, importedBy);
  if (result.ok) return result;
  return byRow(result.rejected.flatMap(({ index, problems: found }) => {
    const request: CsvRequest | undefined = requests[index];
    return request === undefined ? found.map((p) => ({ row: 1, problem: `${p.field}: ${p.problem}` })) : problemsOfRow(request, found);
  }));
}

/**
 * Imports the placement requests in `file` into the store at `storePath`, all of them or none: a
 * JSON array in the API's shape, or a CSV with one request per row when the name ends in ".csv".
 */
export async function importFile(file: string, storePath: string, importedBy = 'import'): Promise<FileImportResult> {
  const csv = /\.csv$/i.test(file);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    return { ok: false, rejected: [{ index: -1, problems: [{ field: '(file)', problem: `${file} cannot be read: ${(err as Error).message}` }] }] };
  }
  if (csv) return importCsv(text, storePath, importedBy);
  let rows: unknown;
  try {
    rows = JSON.parse(text);
  } catch (err) {
    return { ok: false, rejected: [{ index: -1, problems: [{ field: '(file)', problem: `${file} is not readable JSON: ${(err as Error).message}` }] }] };
  }
  return importRows(rows, storePath, importedBy);
}

/** The report a person reads: what was stored, or every rejected row (by index and field in JSON; by spreadsheet row and column in CSV). */
export function importReport(result: FileImportResult): string {
  if (result.ok) return `Imported ${result.requests.length} request(s): ${result.requests.map((r) => r.id).join(', ')}`;
  if ('rows' in result) {
    const rows = new Set(result.rows.map((p) => p.row));
    return `Nothing imported: ${rows.size} row(s) rejected.\n${result.rows.map(rowProblemLine).join('\n')}`;
  }
  const lines = result.rejected.flatMap((r) => problemLines(r.problems).map((l) => (r.index < 0 ? l : `row ${r.index}: ${l}`)));
  return `Nothing imported: ${result.rejected.length} row(s) rejected.\n${lines.join('\n')}`;
}

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({ allowPositionals: true, options: { store: { type: 'string' }, by: { type: 'string' } } });
  const file = positionals[0];
  if (!file) {
    console.error('usage: npm run import -- requests.json|requests.csv [--store ./data/panel.json] [--by "name"]');
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
