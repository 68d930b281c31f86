import type { Decimal } from 'decimal.js';
import { accruedOver } from './accrual.js';
import { addDays, daysBetween, type IsoDate } from './dates.js';
import type { FinancialYear } from './financialYear.js';
import { Money, ZERO } from './money.js';
import { savingSegments, type SavingsCase } from './savingsToDate.js';

/*
 * Where a financial year's savings are heading, for the digest: the straight line from nothing on
 * 1 April to the target on 31 March, the weekly rate the decisions save at now, and where the year
 * ends if that rate holds. Dates follow savings to date: "as of D" counts up to the end of the day
 * before D.
 */

/** Days in the financial year (365 or 366). */
function daysInYear(year: FinancialYear): number {
  return daysBetween(year.start, addDays(year.end, 1));
}

/**
 * What the straight line from nothing on 1 April to the target on 31 March has reached as of a date:
 * target × days of the year counted ÷ days in the year (nothing before 1 April, the target from 1 April next).
 */
export function straightLineAsOf(target: Decimal.Value, year: FinancialYear, asOf: IsoDate): Money {
  const days = Math.min(daysInYear(year), Math.max(0, daysBetween(year.start, asOf)));
  return new Money(target).times(days).dividedBy(daysInYear(year));
}

/** The target's straight line over the days from `from` up to `to` (not counted): its share of those days. */
export function straightLineBetween(target: Decimal.Value, year: FinancialYear, from: IsoDate, to: IsoDate): Money {
  return straightLineAsOf(target, year, to).minus(straightLineAsOf(target, year, from));
}

/**
 * The weekly saving the decisions make on a day: for every approval in force that day, the council's
 * baseline weekly cost less what it pays then (zero once the baseline has stopped), summed.
 */
export function weeklyRateOn(cases: readonly SavingsCase[], day: IsoDate): Money {
  const dayAfter = addDays(day, 1);
  let rate: Money = ZERO;
  for (const c of cases) {
    const segments = savingSegments(c, dayAfter);
    const last = segments[segments.length - 1];
    // Segments end at the as-of date (the day after `day`) while the baseline runs, earlier once it stopped.
    if (last !== undefined && last.to === dayAfter) rate = rate.plus(last.weekly);
  }
  return rate;
}

/**
 * Where the financial year ends if a weekly rate holds from a date: what was saved before that date
 * plus the rate accrued over the days from it to 31 March (both counted).
 */
export function yearEndAtRate(savedBefore: Decimal.Value, weekly: Decimal.Value, from: IsoDate, year: FinancialYear): Money {
  const days = Math.max(0, daysBetween(from, addDays(year.end, 1)));
  return new Money(savedBefore).plus(accruedOver(weekly, days));
}
