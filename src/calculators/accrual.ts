import type { Decimal } from 'decimal.js';
import { Money, asMoney } from './money.js';

/** Weeks in a number of days, exact (days ÷ 7). */
export function weeksIn(days: number): Money {
  return new Money(days).dividedBy(7);
}

/**
 * The amount that a sum of weekly amounts × days ("weekly-days") comes to: ÷ 7. Sums of weekly-days
 * are exact, so dividing once, at the end, keeps totals additive.
 */
export function amountOfWeeklyDays(weeklyDays: Decimal.Value): Money {
  return asMoney(weeklyDays).dividedBy(7);
}

/** What a weekly amount comes to over a number of days (weekly × days ÷ 7). */
export function accruedOver(weekly: Decimal.Value, days: number): Money {
  return amountOfWeeklyDays(asMoney(weekly).times(days));
}
