import { calendarDate, isIsoDate, type IsoDate } from './dates.js';

/** A council financial year: 1 April to 31 March. */
export interface FinancialYear {
  /** "2026/27" */
  label: string;
  /** 1 April */
  start: IsoDate;
  /** 31 March, inclusive */
  end: IsoDate;
}

/** The financial year (1 April – 31 March) that the date falls in, labelled "2026/27". */
export function financialYearOf(date: IsoDate): FinancialYear {
  if (!isIsoDate(date)) throw new RangeError(`not a date: ${date}`);
  const year = Number(date.slice(0, 4));
  const startYear = Number(date.slice(5, 7)) >= 4 ? year : year - 1;
  return {
    label: `${startYear}/${String((startYear + 1) % 100).padStart(2, '0')}`,
    start: calendarDate(startYear, 4, 1),
    end: calendarDate(startYear + 1, 3, 31),
  };
}

/** The label of the financial year the date falls in ("2026/27"). */
export function financialYearLabel(date: IsoDate): string {
  return financialYearOf(date).label;
}
