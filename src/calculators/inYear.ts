import type { Decimal } from 'decimal.js';
import { accruedOver, weeksIn } from './accrual.js';
import { addDays, daysBetween, earliestDate, type IsoDate } from './dates.js';
import { financialYearOf } from './financialYear.js';
import { Money } from './money.js';

/** In-year effect: the weeks and amount of a weekly saving that fall in one financial year. */
export interface InYearEffect {
  weeks: Money;
  amount: Money;
  /** "2026/27": the financial year of the effective date. */
  financialYear: string;
}

/**
 * The part of a weekly saving that falls in the financial year of its effective date: weekly × weeks
 * from the effective date to the earliest of the year's end (31 March counted) and the stop dates
 * (a planned end, an 18th birthday: the stop date itself not counted).
 */
export function inYearEffect(weeklySaving: Decimal.Value, effectiveFrom: IsoDate, stopDates: readonly (IsoDate | undefined)[]): InYearEffect {
  const year = financialYearOf(effectiveFrom);
  const stop = earliestDate([addDays(year.end, 1), ...stopDates])!;
  const days = Math.max(0, daysBetween(effectiveFrom, stop));
  return { weeks: weeksIn(days), amount: accruedOver(weeklySaving, days), financialYear: year.label };
}

/** A planned in-year saving scaled for a gradual start (003 budgets 50% of it). */
export function implementationAdjustment(plannedInYear: Decimal.Value, factor: Decimal.Value = '0.5'): Money {
  return new Money(plannedInYear).times(factor);
}
