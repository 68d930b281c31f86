import { parse } from 'csv-parse/sync';
import { fieldProblems, type FieldProblem } from '../domain/issues.js';
import { MAX_ALTERNATIVES, placementRequestInputSchema } from '../domain/request.js';
import { readDay } from '../domain/ukDates.js';
import { NEED_DOMAINS } from '../domain/vocabulary.js';

/** How a cell is read into the request: as text, a number (age, score, percentage), an amount, a date, or yes/no. */
type CellKind = 'text' | 'number' | 'money' | 'date' | 'yesNo';

/** A column of the import: its header, where its cell goes in the placement request JSON, and how it is read. */
export interface ImportColumn {
  header: string;
  path: readonly (string | number)[];
  kind: CellKind;
  required?: true;
}

function camel(code: string): string {
  return code.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

function capitalised(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

function fundingColumns(prefix: string, path: readonly (string | number)[]): ImportColumn[] {
  return (['socialCare', 'health', 'education'] as const).map((share) => ({ header: `${prefix}${capitalised(share)}`, path: [...path, 'funding', share], kind: 'number' }));
}

/** The header an alternative's column goes by: alt1Label, alt2WeeklyCost… (n from 1). */
function alternativeColumns(n: number): ImportColumn[] {
  const prefix = `alt${n}`;
  // The alternative's place in the list is set per row (only the alternatives a row fills in are sent).
  const path = ['alternatives', n];
  return [
    { header: `${prefix}Label`, path: [...path, 'label'], kind: 'text' },
    { header: `${prefix}Type`, path: [...path, 'type'], kind: 'text' },
    { header: `${prefix}Provider`, path: [...path, 'provider'], kind: 'text' },
    { header: `${prefix}WeeklyCost`, path: [...path, 'weeklyCost'], kind: 'money' },
    ...fundingColumns(prefix, path),
  ];
}

/**
 * The columns a CSV of requests may have (docs/api.md, "CSV import"), one request per row: the
 * placement request JSON's fields flattened, named in camelCase. Columns may come in any order;
 * only the required ones must be there.
 */
export const IMPORT_COLUMNS: readonly ImportColumn[] = [
  { header: 'childRef', path: ['childRef'], kind: 'text', required: true },
  { header: 'ageYears', path: ['ageYears'], kind: 'number' },
  { header: 'dateOfBirth', path: ['dateOfBirth'], kind: 'date' },
  { header: 'kind', path: ['kind'], kind: 'text', required: true },
  { header: 'changeReason', path: ['changeReason'], kind: 'text' },
  { header: 'needsSummary', path: ['needs', 'summary'], kind: 'text', required: true },
  ...NEED_DOMAINS.map((domain): ImportColumn => ({ header: camel(`need_${domain}`), path: ['needs', 'scores', domain], kind: 'number' })),
  { header: 'currentType', path: ['current', 'type'], kind: 'text' },
  { header: 'currentProvider', path: ['current', 'provider'], kind: 'text' },
  { header: 'currentWeeklyCost', path: ['current', 'weeklyCost'], kind: 'money' },
  ...fundingColumns('current', ['current']),
  { header: 'proposedType', path: ['proposed', 'type'], kind: 'text', required: true },
  { header: 'proposedProvider', path: ['proposed', 'provider'], kind: 'text', required: true },
  { header: 'proposedWeeklyCost', path: ['proposed', 'weeklyCost'], kind: 'money', required: true },
  { header: 'proposedStartDate', path: ['proposed', 'startDate'], kind: 'date', required: true },
  { header: 'proposedPlannedEndDate', path: ['proposed', 'plannedEndDate'], kind: 'date' },
  ...fundingColumns('proposed', ['proposed']),
  ...Array.from({ length: MAX_ALTERNATIVES }, (_, i) => alternativeColumns(i + 1)).flat(),
  { header: 'urgency', path: ['urgency'], kind: 'text' },
  { header: 'decideBy', path: ['decideBy'], kind: 'date' },
  { header: 'alreadyPlaced', path: ['alreadyPlaced'], kind: 'yesNo' },
  { header: 'requestedBy', path: ['requestedBy'], kind: 'text', required: true },
  { header: 'reason', path: ['reason'], kind: 'text', required: true },
];

const BY_HEADER = new Map(IMPORT_COLUMNS.map((c) => [c.header.toLowerCase(), c]));

/** A problem with the file, named by the row a spreadsheet shows it on (the header is row 1) and the column's header. */
export interface RowProblem {
  row: number;
  /** The header of the column at fault, or several joined by " / " when the problem is with them together. */
  column?: string;
  problem: string;
}

/** One request read from a row, with the row it came from. */
export interface CsvRequest {
  row: number;
  request: Record<string, unknown>;
  /** The column (or columns) a field path of this request came from ("proposed.weeklyCost" → "proposedWeeklyCost"). */
  columnOf(field: string): string | undefined;
}

export interface CsvRequests {
  requests: CsvRequest[];
  /** Problems found before any request is checked: the header, the file's shape, a child twice in the list. */
  problems: RowProblem[];
}

// A number as a spreadsheet writes one; anything else goes to validation as typed, to be refused there by name.
const NUMBER = /^[+-]?\d+(?:\.\d+)?$/;
// Day first, as a spreadsheet saved in England writes dates: 30/06/2027.
const DAY_FIRST = /^\d{1,2}\/\d{1,2}\/\d{4}$/;

// Yes or no as people fill a spreadsheet column in.
const YES = /^(?:yes|y|true)$/i;
const NO = /^(?:no|n|false)$/i;

function cellValue(kind: CellKind, cell: string): unknown {
  if (kind === 'number') return NUMBER.test(cell) ? Number(cell) : cell;
  if (kind === 'yesNo') return YES.test(cell) ? true : NO.test(cell) ? false : cell;
  if (kind === 'date' && DAY_FIRST.test(cell)) {
    // The year is in the cell, so the day the reader takes "today" to be does not matter.
    const read = readDay(cell, '2000-01-01');
    return read?.ok ? read.date : cell;
  }
  return cell;
}

function put(target: Record<string, unknown>, path: readonly (string | number)[], value: unknown): void {
  let at: Record<string, unknown> = target;
  path.slice(0, -1).forEach((key, i) => {
    const next = path[i + 1];
    at[key] ??= typeof next === 'number' ? [] : {};
    at = at[key] as Record<string, unknown>;
  });
  at[path.at(-1)!] = value;
}

function pathText(path: readonly (string | number)[]): string {
  return path.map(String).join('.');
}

/** The columns of a row's request whose paths lie under `field`, e.g. every funding share under "proposed.funding". */
function columnsUnder(columns: readonly { column: ImportColumn; path: readonly (string | number)[] }[], field: string): string | undefined {
  const under = columns.filter(({ path }) => {
    const text = pathText(path);
    return text === field || text.startsWith(`${field}.`);
  }).map(({ column }) => column.header);
  return under.length === 0 ? undefined : under.join(' / ');
}

function readRow(cells: readonly string[], columns: readonly ImportColumn[], row: number): CsvRequest {
  const cellAt = (i: number) => (cells[i] ?? '').trim();
  // Only the alternatives a row fills in are sent, in order: alt3 alone is the first ("alternatives.0").
  const filled = [...new Set(columns.flatMap((c, i) => (c.path[0] === 'alternatives' && cellAt(i) !== '' ? [c.path[1] as number] : [])))]
    .sort((a, b) => a - b);
  const request: Record<string, unknown> = {};
  if (filled.length > 0) request.alternatives = filled.map((n) => ({ id: `alt-${n}` }));
  const placed: { column: ImportColumn; path: readonly (string | number)[] }[] = [];
  columns.forEach((column, i) => {
    let path = column.path;
    if (path[0] === 'alternatives') {
      const index = filled.indexOf(path[1] as number);
      if (index < 0) return;
      path = ['alternatives', index, ...path.slice(2)];
    }
    placed.push({ column, path });
    if (cellAt(i) !== '') put(request, path, cellValue(column.kind, cellAt(i)));
  });
  return { row, request, columnOf: (field) => columnsUnder(placed, field) };
}

function headerProblems(headers: readonly string[]): { columns: ImportColumn[]; problems: RowProblem[] } {
  const problems: RowProblem[] = [];
  const columns: ImportColumn[] = [];
  const seen = new Set<string>();
  headers.forEach((raw) => {
    const header = raw.trim();
    const column = BY_HEADER.get(header.toLowerCase());
    if (column === undefined) {
      problems.push({ row: 1, column: header, problem: 'is not a column this import knows (see docs/api.md, "CSV import")' });
    } else if (seen.has(column.header)) {
      problems.push({ row: 1, column: header, problem: 'appears twice' });
    }
    seen.add(column?.header ?? header);
    columns.push(column ?? { header, path: ['(unknown)'], kind: 'text' });
  });
  for (const c of IMPORT_COLUMNS) if (c.required && !seen.has(c.header)) problems.push({ row: 1, column: c.header, problem: 'is missing: every request needs it' });
  return { columns, problems };
}

/** A child whose case reference is on an earlier row as well (compared without case), reported on the later row. */
function duplicateChildren(requests: readonly CsvRequest[]): RowProblem[] {
  const first = new Map<string, number>();
  const problems: RowProblem[] = [];
  for (const { row, request } of requests) {
    if (typeof request.childRef !== 'string') continue;
    const ref = request.childRef.trim().toUpperCase();
    const earlier = first.get(ref);
    if (earlier === undefined) first.set(ref, row);
    else problems.push({ row, column: 'childRef', problem: `${request.childRef} is also in row ${earlier}: one open request per child` });
  }
  return problems;
}

/**
 * The placement requests in a CSV file (a header row, then one request per row), each with the row
 * a spreadsheet shows it on: the header is row 1, so the first request is row 2, and a blank line
 * still counts as a row. Problems with the header, with a row's shape and a child twice in the list
 * come back by row and column; the requests themselves are validated by the panel's import.
 */
export function requestsFromCsv(text: string): CsvRequests {
  let records: string[][];
  try {
    records = parse(text, { bom: true, relax_column_count: true, skip_empty_lines: false }) as string[][];
  } catch (err) {
    const line = (err as { lines?: number }).lines;
    return { requests: [], problems: [{ row: line ?? 1, problem: `is not readable CSV: ${(err as Error).message}` }] };
  }
  const [headers, ...rows] = records;
  if (headers === undefined || headers.every((h) => h.trim() === '')) return { requests: [], problems: [{ row: 1, problem: 'the file has no header row' }] };
  const { columns, problems } = headerProblems(headers);
  if (problems.length > 0) return { requests: [], problems };
  const requests: CsvRequest[] = [];
  rows.forEach((cells, i) => {
    const row = i + 2;
    if (cells.every((c) => c.trim() === '')) return;
    if (cells.length > columns.length) {
      problems.push({ row, problem: `has ${cells.length} cells but the header names ${columns.length} columns` });
      return;
    }
    requests.push(readRow(cells, columns, row));
  });
  if (requests.length === 0 && problems.length === 0) problems.push({ row: 2, problem: 'there are no requests under the header' });
  problems.push(...duplicateChildren(requests));
  return { requests, problems };
}

/** A request's problems by field as problems by its row and columns. */
export function problemsOfRow(request: CsvRequest, problems: readonly FieldProblem[]): RowProblem[] {
  return problems.map((p) => {
    const column = p.field === '(body)' ? undefined : request.columnOf(p.field) ?? p.field;
    return { row: request.row, ...(column !== undefined && { column }), problem: p.problem };
  });
}

/**
 * What is wrong with the requests' shapes, by row and column, before anything is stored: what a
 * file with problems of its own (a child twice) is checked for, since the panel's import would stop at those.
 */
export function shapeProblems(requests: readonly CsvRequest[]): RowProblem[] {
  return requests.flatMap((r) => {
    const parsed = placementRequestInputSchema.safeParse(r.request);
    return parsed.success ? [] : problemsOfRow(r, fieldProblems(parsed.error));
  });
}

/** "row 3, proposedWeeklyCost: must not be negative" */
export function rowProblemLine(p: RowProblem): string {
  return `row ${p.row}${p.column === undefined ? '' : `, ${p.column}`}: ${p.problem}`;
}
