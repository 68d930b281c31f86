import { z } from 'zod';
import { addDays, dayNumber, isIsoDate, type IsoDate } from '../calculators/dates.js';
import bankHolidaysJson from '../config/bankHolidays.json' with { type: 'json' };

/**
 * England and Wales bank holidays in gov.uk's own format (https://www.gov.uk/bank-holidays.json), so a
 * council can drop in a fresh copy of that file (BANK_HOLIDAYS_FILE); other divisions are ignored.
 */
export const bankHolidaysSchema = z.looseObject({
  'england-and-wales': z.looseObject({
    events: z.array(z.looseObject({
      title: z.string(),
      date: z.string().refine(isIsoDate, { error: 'must be a real date in YYYY-MM-DD form' }),
    })).min(1, { error: 'must list at least one bank holiday' }),
  }, { error: 'must hold the "england-and-wales" list of events, as gov.uk publishes it' }),
}, { error: 'must be gov.uk\'s bank-holidays JSON' });
export type BankHolidaysFile = z.infer<typeof bankHolidaysSchema>;

/** Days off besides weekends, and the last year the list covers: past it only weekends are known. */
export interface WorkingCalendar {
  readonly holidays: ReadonlySet<IsoDate>;
  readonly lastYear: number;
  /** Told the first time a date past the list's last year is counted (the app logs it). */
  readonly onPastList?: (year: number) => void;
}

/** A calendar from gov.uk's list. */
export function calendarOf(file: BankHolidaysFile, onPastList?: (year: number) => void): WorkingCalendar {
  const dates = file['england-and-wales'].events.map((e) => e.date);
  const lastYear = Math.max(...dates.map((d) => Number(d.slice(0, 4))));
  let told = false;
  return {
    holidays: new Set(dates),
    lastYear,
    ...(onPastList !== undefined && {
      onPastList: (year: number) => {
        if (told) return;
        told = true;
        onPastList(year);
      },
    }),
  };
}

/** The list shipped in src/config/bankHolidays.json (gov.uk's, 2018 to 2030). */
export const SHIPPED_BANK_HOLIDAYS: BankHolidaysFile = bankHolidaysSchema.parse(bankHolidaysJson);

/** The shipped list's calendar, telling no one when a date is past it. */
export const ENGLAND_AND_WALES: WorkingCalendar = calendarOf(SHIPPED_BANK_HOLIDAYS);

/** Whether a date falls on a Saturday or Sunday (1 January 1970, day 0, was a Thursday). */
export function isWeekend(date: IsoDate): boolean {
  const weekday = (((dayNumber(date) + 4) % 7) + 7) % 7;
  return weekday === 0 || weekday === 6;
}

/** Monday to Friday and not a bank holiday in the calendar. */
export function isWorkingDay(date: IsoDate, calendar: WorkingCalendar): boolean {
  if (isWeekend(date)) return false;
  const year = Number(date.slice(0, 4));
  if (year > calendar.lastYear) calendar.onPastList?.(year);
  return !calendar.holidays.has(date);
}

/** The date `count` working days after `date` (the day itself not counted). */
export function addWorkingDays(date: IsoDate, count: number, calendar: WorkingCalendar = ENGLAND_AND_WALES): IsoDate {
  let day = date;
  for (let left = count; left > 0;) {
    day = addDays(day, 1);
    if (isWorkingDay(day, calendar)) left -= 1;
  }
  return day;
}
