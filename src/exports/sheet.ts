import type { IsoDate } from '../calculators/dates.js';
import type { Money } from '../calculators/money.js';

/**
 * What a cell holds, which decides how it is written: `text` is typed or stored text (neutralised
 * against formula injection), `money` an exact amount written as a number to pence, `date` a day,
 * `month` a calendar month ("2026-04"), `count` a whole number.
 */
export type CellKind = 'text' | 'money' | 'date' | 'month' | 'count';

/** The value a cell of each kind takes; undefined leaves the cell empty. */
export interface CellValues {
  text: string;
  money: Money;
  date: IsoDate;
  month: string;
  count: number;
}

/** One column of an export: its header, what its cells hold, how wide it is in a workbook, and its value per row. */
export type Column<Row> = {
  [K in CellKind]: { header: string; kind: K; width: number; value: (row: Row) => CellValues[K] | undefined };
}[CellKind];

/** An export before it is written: a named sheet of columns over rows, the same for CSV and XLSX. */
export interface Sheet<Row> {
  name: string;
  columns: readonly Column<Row>[];
  rows: readonly Row[];
}

/** A sheet whose rows have been read into their cells, column by column: what the writers take. */
export interface Table {
  name: string;
  columns: readonly { header: string; kind: CellKind; width: number }[];
  rows: readonly (readonly (CellValues[CellKind] | undefined)[])[];
}

/** The sheet's cells, each row read through every column. */
export function tableOf<Row>(sheet: Sheet<Row>): Table {
  return {
    name: sheet.name,
    columns: sheet.columns.map(({ header, kind, width }) => ({ header, kind, width })),
    rows: sheet.rows.map((row) => sheet.columns.map((column) => column.value(row))),
  };
}
