import type { Decimal } from 'decimal.js';
import { Money, ZERO, asMoney } from './money.js';

/** Shares of a placement's weekly cost, in percent, paid by social care (the council), health and education. */
export interface FundingShares {
  socialCare: number;
  health: number;
  education: number;
}

// Percentages are JSON numbers; String() gives their shortest decimal form, so 33.3 is read as 33.3 exactly.
function share(weekly: Decimal.Value, percent: number): Money {
  // Most placements are wholly council-funded; skipping the arithmetic keeps big reports fast.
  if (percent === 100) return asMoney(weekly);
  if (percent === 0) return ZERO;
  return asMoney(weekly).times(String(percent)).dividedBy(100);
}

/** The council's own weekly cost of a placement: its social care share of the weekly cost. */
export function councilShare(weekly: Decimal.Value, funding: FundingShares): Money {
  return share(weekly, funding.socialCare);
}

/** What social care, health and education each pay a week; the three add up exactly to the weekly cost. */
export function fundingSplit(weekly: Decimal.Value, funding: FundingShares): { socialCare: Money; health: Money; education: Money } {
  const total = new Money(String(funding.socialCare)).plus(String(funding.health)).plus(String(funding.education));
  if (!total.eq(100)) throw new RangeError(`funding shares add up to ${total.toString()}%, not 100%`);
  const socialCare = councilShare(weekly, funding);
  const health = share(weekly, funding.health);
  // Education takes the remainder so the parts always rebuild the whole, whatever the precision.
  return { socialCare, health, education: new Money(weekly).minus(socialCare).minus(health) };
}
