import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { toPounds, type Money } from '../calculators/money.js';
import type { CellKind, CellValues, Table } from './sheet.js';

/** The media types of the two formats. */
export const CSV_TYPE = 'text/csv; charset=utf-8';
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

// A spreadsheet reads a cell starting with one of these as a formula (tab and CR too, in some).
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Text as it may go into a spreadsheet cell: one that a spreadsheet would run as a formula (=, +,
 * -, @, tab or CR first) is kept as text by a leading single quote (CSV and formula injection).
 * Only text goes through here: amounts are numbers, and a negative amount stays a number.
 */
export function neutralised(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

type Cell = CellValues[CellKind] | undefined;

function csvCell(kind: CellKind, value: Cell): string {
  if (value === undefined) return '';
  switch (kind) {
    case 'text': return neutralised(value as string);
    case 'money': return toPounds(value as Money);
    case 'count': return String(value);
    // ISO: "2026-04-06", and the month as "2026-04".
    case 'date':
    case 'month': return value as string;
  }
}

/**
 * The table as CSV (RFC 4180 quoting by csv-stringify), with a byte order mark so that Excel reads
 * it as UTF-8: money as plain numbers with two decimals (1234.50, -12.00), dates ISO.
 */
export function csvOf(table: Table): Buffer {
  const header = table.columns.map((c) => neutralised(c.header));
  const rows = table.rows.map((row) => table.columns.map((c, i) => csvCell(c.kind, row[i])));
  return Buffer.from(stringify([header, ...rows], { bom: true, record_delimiter: 'windows' }), 'utf8');
}

const NUMBER_FORMATS: Record<CellKind, string | undefined> = {
  text: undefined,
  money: '£#,##0.00;-£#,##0.00',
  date: 'd mmm yyyy',
  month: 'mmm yyyy',
  count: '0',
};

/** Midnight UTC of a day: exceljs writes a Date by its UTC time, so the cell is that whole day. */
function dayCell(date: string): Date {
  return new Date(`${date}T00:00:00.000Z`);
}

function xlsxCell(kind: CellKind, value: Cell): ExcelJS.CellValue {
  if (value === undefined) return null;
  switch (kind) {
    case 'text': return neutralised(value as string);
    // The amount rounded to pence, as the number a spreadsheet sums: read from its decimal text, not computed.
    case 'money': return Number(toPounds(value as Money));
    case 'count': return value as number;
    case 'date': return dayCell(value as string);
    case 'month': return dayCell(`${value as string}-01`);
  }
}

/**
 * The table as an Excel workbook of one sheet: amounts as numbers formatted £#,##0.00, dates and
 * months as date cells, the header row frozen and bold, each column its set width.
 */
export async function xlsxOf(table: Table): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Placement panel bot';
  // A fixed date, so that the same data always gives the same file.
  workbook.created = new Date(0);
  workbook.modified = new Date(0);
  const sheet = workbook.addWorksheet(table.name, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = table.columns.map((c) => ({
    header: neutralised(c.header),
    width: c.width,
    ...(NUMBER_FORMATS[c.kind] !== undefined && { style: { numFmt: NUMBER_FORMATS[c.kind] } }),
  }));
  sheet.getRow(1).font = { bold: true };
  for (const row of table.rows) sheet.addRow(table.columns.map((c, i) => xlsxCell(c.kind, row[i])));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
