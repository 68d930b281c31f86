import type { Decimal } from 'decimal.js';
import { Money, asMoney } from './money.js';

/** Weeks in a year for a full-year effect, as the seed papers count them. */
export const WEEKS_PER_YEAR = 52;

/** The full-year amount of a weekly amount (weekly × 52 unless told otherwise). */
export function annualise(weekly: Decimal.Value, weeksPerYear: number = WEEKS_PER_YEAR): Money {
  return asMoney(weekly).times(weeksPerYear);
}

/** The weekly amount of a full-year amount (yearly ÷ 52 unless told otherwise). */
export function deannualise(yearly: Decimal.Value, weeksPerYear: number = WEEKS_PER_YEAR): Money {
  if (!(weeksPerYear > 0)) throw new RangeError('weeks per year must be positive');
  return new Money(yearly).dividedBy(weeksPerYear);
}
