import { addDays, calendarDate, daysInMonth, type IsoDate } from '../calculators/dates.js';

/** A day read from what someone typed, or why what they typed is not a day. */
export type DayRead = { ok: true; date: IsoDate } | { ok: false; problem: string };

const MONTH_NAMES = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
export const MONTH_LABELS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** The month a name or its usual abbreviation stands for (1–12): "jun", "june", "sept". */
export function monthNumber(name: string): number | undefined {
  const word = name.toLowerCase();
  if (word.length < 3) return undefined;
  const at = MONTH_NAMES.findIndex((m) => m.startsWith(word) || (word === 'sept' && m === 'september'));
  return at < 0 ? undefined : at + 1;
}

/** A two-digit year is this century's, as "27" on a form means 2027. */
function fullYear(year: string): number {
  return year.length === 2 ? 2000 + Number(year) : Number(year);
}

function day(year: number, month: number, dayOfMonth: number): DayRead {
  if (month < 1 || month > 12) return { ok: false, problem: `there is no month ${month}: dates are read day first, as in 30/06/2027` };
  const last = daysInMonth(year, month);
  if (dayOfMonth < 1 || dayOfMonth > last) {
    return { ok: false, problem: `${dayOfMonth} ${MONTH_LABELS[month - 1]} is not a date: ${MONTH_LABELS[month - 1]} ${year} has ${last} days` };
  }
  return { ok: true, date: calendarDate(year, month, dayOfMonth) };
}

const ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
// Day first, as dates are written in England: 30/06/2027, 30-6-27, 30.06.2027.
const NUMERIC = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})$/;
// 30 June 2027, 30th of Jun 2027, 30 June (this year).
const WORDS = /^(\d{1,2})(?:st|nd|rd|th)? (?:of )?([a-z]+),? ?(\d{4})?$/i;
// end of June, end of June 2027: the month's last day.
const END_OF = /^(?:the )?end of ([a-z]+) ?(\d{4})?$/i;

/**
 * The day someone meant, written as people in England write dates: 30/06/2027, 30-6-27,
 * 30 June 2027, 30th of Jun, end of June, 2027-06-30, today, yesterday. A date without a year is in
 * `today`'s calendar year, "end of June" included, so that "to 30 June" and "to the end of June" always
 * name the same day (the card then names it with its year). Undefined when the text is not a date at all; a reason when it names a day that
 * does not exist (31 June, 29 February 2027, month 13).
 */
export function readDay(typed: string, today: IsoDate): DayRead | undefined {
  const text = typed.trim().toLowerCase();
  const thisYear = Number(today.slice(0, 4));
  if (text === 'today') return { ok: true, date: today };
  if (text === 'yesterday') return { ok: true, date: addDays(today, -1) };
  let m = ISO.exec(text);
  if (m) return day(Number(m[1]), Number(m[2]), Number(m[3]));
  m = NUMERIC.exec(text);
  if (m) return day(fullYear(m[3]!), Number(m[2]), Number(m[1]));
  m = WORDS.exec(text);
  if (m) {
    const month = monthNumber(m[2]!);
    return month === undefined ? undefined : day(m[3] ? Number(m[3]) : thisYear, month, Number(m[1]));
  }
  m = END_OF.exec(text);
  if (m) {
    const month = monthNumber(m[1]!);
    if (month === undefined) return undefined;
    const year = m[2] ? Number(m[2]) : thisYear;
    return day(year, month, daysInMonth(year, month));
  }
  return undefined;
}
