import { Decimal } from 'decimal.js';
import { Money, fixedPlaces, roundPence, sum } from './money.js';

/** The average per person of a cohort's total, to pence (half-up, away from zero for a negative total). */
export function perPersonAverage(total: Decimal.Value, people: number): Money {
  if (!Number.isInteger(people) || people <= 0) throw new RangeError('people must be a whole number above 0');
  return roundPence(new Money(total).dividedBy(people));
}

/** How much a cohort's weekly cost has moved: Σ current weekly − Σ original weekly (negative is a saving). */
export function cohortDifference(originalWeekly: readonly Decimal.Value[], currentWeekly: readonly Decimal.Value[]): Money {
  return sum(currentWeekly).minus(sum(originalWeekly));
}

/** Growth from an old to a new value as a fraction: (new − old) ÷ old, so 0.89 is +89%. */
export function growth(oldValue: Decimal.Value, newValue: Decimal.Value): Money {
  const old = new Money(oldValue);
  if (old.isZero()) throw new RangeError('growth from zero is undefined');
  return new Money(newValue).minus(old).dividedBy(old);
}

/** A fraction as a signed percentage ("+89%", "−12%", "0%"), rounded half-up to `dp` decimals. */
export function formatPercent(fraction: Decimal.Value, dp = 0): string {
  const percent = new Money(fraction).times(100).toDecimalPlaces(dp, Decimal.ROUND_HALF_UP);
  const sign = percent.isZero() ? '' : percent.isNegative() ? '−' : '+';
  return `${sign}${fixedPlaces(percent.abs(), dp)}%`;
}

