import { addDays, calendarDate, daysInMonth, type IsoDate } from '../calculators/dates.js';
import { financialYearOf } from '../calculators/financialYear.js';
import { AS_OF_DATES } from './schemaParts.js';
import { MONTH_LABELS, monthNumber, readDay } from './ukDates.js';

/** A stretch of whole days, both ends counted: 1 April 2026 to 30 June 2026. */
export interface Period {
  from: IsoDate;
  /** The last day counted. */
  to: IsoDate;
}

/** A period read from what someone typed, or why what they typed names no period. */
export type PeriodRead = { ok: true; period: Period } | { ok: false; problem: string };

const QUARTER_MONTHS = ['April to June', 'July to September', 'October to December', 'January to March'];

function monthPeriod(year: number, month: number): Period {
  return { from: calendarDate(year, month, 1), to: calendarDate(year, month, daysInMonth(year, month)) };
}

function financialYear(startYear: number): Period {
  return { from: calendarDate(startYear, 4, 1), to: calendarDate(startYear + 1, 3, 31) };
}

/** The year a financial year starts in, from "2026/27" or "2026/2027"; a reason when the second year does not follow the first. */
function financialYearStart(first: string, second: string, typed: string): number | string {
  const start = Number(first);
  const next = start + 1;
  const follows = second.length === 2 ? Number(second) === next % 100 : Number(second) === next;
  if (follows) return start;
  const label = financialYearOf(calendarDate(start, 4, 1)).label;
  return `"${typed}" is not a financial year: the year after ${start} is ${next}, so the financial year starting in April ${start} is ${label}`;
}

/**
 * The latest month `month` that has begun by `today`: "since June" in November is this June, in
 * February last June, since a period that starts after today has nothing to count yet.
 */
function latestBegun(month: number, today: IsoDate): number {
  const year = Number(today.slice(0, 4));
  return month <= Number(today.slice(5, 7)) ? year : year - 1;
}

// A start or end that is a month's name alone ("since April") means the month's first day.
function startDay(typed: string, today: IsoDate): PeriodRead | undefined {
  const month = monthNumber(typed);
  if (month !== undefined) {
    const year = latestBegun(month, today);
    return { ok: true, period: { from: calendarDate(year, month, 1), to: today } };
  }
  const read = readDay(typed, today);
  if (read === undefined) return undefined;
  return read.ok ? { ok: true, period: { from: read.date, to: today } } : read;
}

const FY = String.raw`(?:fy ?)?(\d{4})[/-](\d{2}|\d{4})`;
const FINANCIAL_YEAR = new RegExp(`^${FY}$`);
const QUARTER = new RegExp(`^q(\\d+)(?: (?:of )?(?:${FY}|(\\d{4})))?$`);
const MONTH = /^([a-z]+)(?: (\d{4}))?$/;
const SINCE = /^since (.+)$/;
const FROM_TO = /^(?:from|between) (.+?) (?:to|and|until|till|through|-) (.+)$/;

function unreadable(typed: string): PeriodRead {
  return { ok: false, problem: `I can't read "${typed}" as a month or a date` };
}

function parse(text: string, today: IsoDate): PeriodRead | undefined {
  const thisYear = Number(today.slice(0, 4));
  const thisMonth = Number(today.slice(5, 7));
  const fyStart = Number(financialYearOf(today).start.slice(0, 4));
  switch (text) {
    case 'this month': return { ok: true, period: monthPeriod(thisYear, thisMonth) };
    case 'last month': return { ok: true, period: thisMonth === 1 ? monthPeriod(thisYear - 1, 12) : monthPeriod(thisYear, thisMonth - 1) };
    case 'this year': case 'this fy': case 'this financial year': case 'the current financial year': case 'the financial year':
      return { ok: true, period: financialYear(fyStart) };
    case 'last year': case 'last fy': case 'last financial year': case 'the last financial year': case 'the previous financial year': case 'previous financial year':
      return { ok: true, period: financialYear(fyStart - 1) };
    default:
  }
  let m = FINANCIAL_YEAR.exec(text);
  if (m) {
    const start = financialYearStart(m[1]!, m[2]!, text);
    return typeof start === 'string' ? { ok: false, problem: start } : { ok: true, period: financialYear(start) };
  }
  m = QUARTER.exec(text);
  if (m) {
    const quarter = Number(m[1]);
    if (!(quarter >= 1 && quarter <= 4)) {
      return { ok: false, problem: `there is no Q${m[1]}: a financial year has four quarters, Q1 (April to June) to Q4 (January to March)` };
    }
    if (m[4] !== undefined) {
      return { ok: false, problem: `say which financial year Q${quarter} is in, e.g. "Q${quarter} ${m[4]}/${String((Number(m[4]) + 1) % 100).padStart(2, '0')}": Q${quarter} is ${QUARTER_MONTHS[quarter - 1]}` };
    }
    let start = fyStart;
    if (m[2] !== undefined) {
      const read = financialYearStart(m[2], m[3]!, text.replace(/^q\d+ (?:of )?/, ''));
      if (typeof read === 'string') return { ok: false, problem: read };
      start = read;
    }
    // Q1 is April to June; Q4 January to March of the year after the start.
    const firstMonth = 4 + 3 * (quarter - 1);
    const year = firstMonth > 12 ? start + 1 : start;
    const month = firstMonth > 12 ? firstMonth - 12 : firstMonth;
    return { ok: true, period: { from: calendarDate(year, month, 1), to: monthPeriod(year, month + 2).to } };
  }
  m = SINCE.exec(text);
  if (m) return startDay(m[1]!, today) ?? unreadable(m[1]!);
  m = FROM_TO.exec(text);
  if (m) {
    const from = startDay(m[1]!, today) ?? unreadable(m[1]!);
    if (!from.ok) return from;
    const end = readDay(m[2]!, today) ?? endOfMonth(m[2]!, today);
    if (end === undefined) return unreadable(m[2]!);
    if (!end.ok) return end;
    return { ok: true, period: { from: from.period.from, to: end.date } };
  }
  m = MONTH.exec(text);
  if (m) {
    const month = monthNumber(m[1]!);
    if (month === undefined) return undefined;
    return { ok: true, period: monthPeriod(m[2] ? Number(m[2]) : latestBegun(month, today), month) };
  }
  return undefined;
}

// "from April to June": an end that is a month's name alone is that month's last day in the start's manner.
function endOfMonth(typed: string, today: IsoDate): { ok: true; date: IsoDate } | undefined {
  const month = monthNumber(typed);
  if (month === undefined) return undefined;
  const year = Number(today.slice(0, 4));
  return { ok: true, date: calendarDate(year, month, daysInMonth(year, month)) };
}

/**
 * The period someone meant, written as people in England write periods: "Q1" (this financial year's
 * April to June), "Q1 2027/28", "2026/27" and "FY 2026/27" (1 April 2026 to 31 March 2027), "this
 * financial year", "last financial year", "this month", "last month", "June", "June 2026", "since
 * April", "since 1 April 2026", "from 1 April to 30 June". A month without a year is the latest one
 * that has begun by `today`; a day without a year is in `today`'s year (as readDay reads it).
 * Undefined when the text names no period; a reason when it names one that does not exist ("Q9",
 * "2026/28"), ends before it starts, or lies outside the years savings are counted for.
 */
export function readPeriod(typed: string, today: IsoDate): PeriodRead | undefined {
  // Nothing a person types to name a period is long: a long text is not read, rather than scanned.
  if (typed.length > 80) return undefined;
  const text = typed.trim().toLowerCase().replace(/\s+/g, ' ').replace(/^(?:in|for|during|over|across) /, '');
  const read = parse(text, today);
  if (read === undefined || !read.ok) return read;
  const { from, to } = read.period;
  if (to < from) return { ok: false, problem: `the period ends (${describeDay(to)}) before it starts (${describeDay(from)})` };
  if (from < AS_OF_DATES.from || to >= AS_OF_DATES.to) {
    return { ok: false, problem: `savings are counted from ${describeDay(AS_OF_DATES.from)} to ${describeDay(addDays(AS_OF_DATES.to, -1))}: ask for a period between them` };
  }
  return read;
}

/** "1 April 2026": a day in the words people use in a sentence. */
export function describeDay(date: IsoDate): string {
  return `${Number(date.slice(8, 10))} ${MONTH_LABELS[Number(date.slice(5, 7)) - 1]} ${date.slice(0, 4)}`;
}

/**
 * The name people give a period when it is a whole one: "2026/27", "Q1 2026/27", "June 2026";
 * otherwise undefined, and the period is named by its days.
 */
export function periodName({ from, to }: Period): string | undefined {
  const fy = financialYearOf(from);
  if (from === fy.start && to === fy.end) return fy.label;
  const [year, month, day] = [Number(from.slice(0, 4)), Number(from.slice(5, 7)), Number(from.slice(8, 10))];
  if (day !== 1) return undefined;
  if (to === calendarDate(year, month, daysInMonth(year, month))) return `${MONTH_LABELS[month - 1]} ${year}`;
  // A quarter starts in April, July, October or January and runs three whole months.
  const third = month + 2 > 12 ? undefined : calendarDate(year, month + 2, daysInMonth(year, month + 2));
  if ((month - 1) % 3 === 0 && to === third) return `Q${((month + 8) % 12) / 3 + 1} ${fy.label}`;
  return undefined;
}
