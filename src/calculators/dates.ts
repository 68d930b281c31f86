/**
 * Calendar dates as ISO strings ("2026-04-06"), computed in UTC so that a date never shifts with
 * the server's time zone or British Summer Time.
 */
export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const UTC_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?Z$/;

// Dates are converted by integer arithmetic on the proleptic Gregorian calendar (H. Hinnant's
// days_from_civil / civil_from_days) rather than through Date objects: savings over 100,000 cases
// convert hundreds of thousands of dates.

function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/** The days in a month (1–12) of a year. */
export function daysInMonth(y: number, m: number): number {
  return m === 2 ? (isLeapYear(y) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31;
}

function parts(text: string): [number, number, number] | undefined {
  const match = ISO_DATE.exec(text);
  if (!match) return undefined;
  const y = Number(match[1]);
  const m = Number(match[2]);
  const d = Number(match[3]);
  if (y < 1 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return undefined;
  return [y, m, d];
}

function daysFromCivil(year: number, m: number, d: number): number {
  const y = m <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

// Arithmetic on a stored date far in the future (a case system's "9999-12-31" taken as a date of
// birth, say) must still give a date every other function reads: years are held to 1–9999.
const LAST_DATE = '9999-12-31';
const FIRST_DATE = '0001-01-01';

function format(y: number, m: number, d: number): IsoDate {
  if (y > 9999) return LAST_DATE;
  if (y < 1) return FIRST_DATE;
  return `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
}

/** The ISO date of a year, month and day, held to the years 1–9999 that every function here reads. */
export function calendarDate(year: number, month: number, day: number): IsoDate {
  return format(year, month, day);
}

/** Whether the text is a real calendar date in YYYY-MM-DD form. */
export function isIsoDate(text: string): boolean {
  return parts(text) !== undefined;
}

// Reports over many cases convert the same few thousand dates again and again.
const dayNumbers = new Map<IsoDate, number>();
const MAX_REMEMBERED_DAYS = 50_000;

/** Day number since 1970-01-01 of an ISO date. */
export function dayNumber(date: IsoDate): number {
  let day = dayNumbers.get(date);
  if (day === undefined) {
    const p = parts(date);
    if (p === undefined) throw new RangeError(`not a date: ${date}`);
    day = daysFromCivil(...p);
    if (dayNumbers.size >= MAX_REMEMBERED_DAYS) dayNumbers.clear();
    dayNumbers.set(date, day);
  }
  return day;
}

/** The ISO date of a day number. */
export function fromDayNumber(day: number): IsoDate {
  const z = day + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return format(yoe + era * 400 + (m <= 2 ? 1 : 0), m, d);
}

/** Days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return dayNumber(to) - dayNumber(from);
}

/** The date `days` days after `date`. */
export function addDays(date: IsoDate, days: number): IsoDate {
  return fromDayNumber(dayNumber(date) + days);
}

/** The same day `years` years on; 29 February falls to 28 February in a common year. */
export function addYears(date: IsoDate, years: number): IsoDate {
  const p = parts(date);
  if (p === undefined) throw new RangeError(`not a date: ${date}`);
  const [y, m, d] = p;
  return format(y + years, m, Math.min(d, daysInMonth(y + years, m)));
}

/** The earlier of two dates. */
export function minDate(a: IsoDate, b: IsoDate): IsoDate {
  return a <= b ? a : b;
}

/** The calendar date (UTC) of an instant. */
export function dateOf(instant: Date): IsoDate {
  return instant.toISOString().slice(0, 10);
}

/**
 * Whole years of age on `on` for someone born on `dateOfBirth`. Birthdays fall where `addYears` puts
 * them, so someone born on 29 February turns a year older on 28 February in a common year.
 */
export function ageOn(dateOfBirth: IsoDate, on: IsoDate): number {
  const years = Number(on.slice(0, 4)) - Number(dateOfBirth.slice(0, 4));
  return addYears(dateOfBirth, years) <= on ? years : years - 1;
}

/** The later of two dates. */
export function maxDate(a: IsoDate, b: IsoDate): IsoDate {
  return a >= b ? a : b;
}

/** The earliest of the dates given (undefined ones ignored), or undefined when none is given. */
export function earliestDate(dates: readonly (IsoDate | undefined)[]): IsoDate | undefined {
  let earliest: IsoDate | undefined;
  for (const d of dates) if (d !== undefined && (earliest === undefined || d < earliest)) earliest = d;
  return earliest;
}

/** The calendar month of a date, "2026-04". */
export function monthOf(date: IsoDate): string {
  return date.slice(0, 7);
}

/** The first day of the month after the one holding `date`. */
export function firstOfNextMonth(date: IsoDate): IsoDate {
  const p = parts(date);
  if (p === undefined) throw new RangeError(`not a date: ${date}`);
  return p[1] === 12 ? format(p[0] + 1, 1, 1) : format(p[0], p[1] + 1, 1);
}

/** The calendar date of an instant written as text ("2026-04-06T09:30:00Z"), or the text itself when it is already a date. */
export function dateOfInstant(text: string): IsoDate {
  if (isIsoDate(text)) return text;
  // Date would roll 30 February over into March: a calendar date that does not exist is refused.
  if (/^\d{4}-\d{2}-\d{2}T/.test(text) && !isIsoDate(text.slice(0, 10))) throw new RangeError(`not a date or instant: ${text}`);
  // What the store writes (toISOString): the UTC date is the text's first ten characters.
  if (UTC_INSTANT.test(text)) return text.slice(0, 10);
  const instant = new Date(text);
  if (Number.isNaN(instant.getTime())) throw new RangeError(`not a date or instant: ${text}`);
  return dateOf(instant);
}
