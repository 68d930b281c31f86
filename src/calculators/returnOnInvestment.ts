import type { Decimal } from 'decimal.js';
import { Money, fixedPlaces } from './money.js';

/** Return on investment: savings ÷ investment (3.58 means £3.58 saved for each £1 spent). */
export function returnOnInvestment(savings: Decimal.Value, investment: Decimal.Value): Money {
  const spent = new Money(investment);
  if (spent.isZero()) throw new RangeError('return on an investment of zero is undefined');
  return new Money(savings).dividedBy(spent);
}

/** A return on investment as the papers print it: "3.6:1" (half-up to `dp` decimals). */
export function formatRatio(r: Decimal.Value, dp = 1): string {
  const ratio = new Money(r);
  const sign = ratio.isNegative() && !ratio.toDecimalPlaces(dp).isZero() ? '−' : '';
  return `${sign}${fixedPlaces(ratio.abs(), dp)}:1`;
}
