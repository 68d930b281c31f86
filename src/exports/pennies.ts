import { Money, roundPence, sum } from '../calculators/money.js';

const PENNY = new Money('0.01');

/**
 * Exact amounts rounded to pence so that they add up to their exact total rounded to pence, the
 * figure a report shows for the whole: each is rounded half-up, and the pennies the roundings lost
 * or gained are given back, one each, to the amounts whose rounding moved them furthest (the
 * largest-remainder method; on a tie, the earlier amount). So rows of a spreadsheet sum to the total
 * beside them, and no amount is more than a penny from its exact value.
 */
export function penniesAddingUp(exact: readonly Money[]): Money[] {
  const rounded = exact.map((value) => roundPence(value));
  const short = roundPence(sum(exact)).minus(sum(rounded)).dividedBy(PENNY).toNumber();
  if (short === 0) return rounded;
  // What each rounding took off (positive) or added (negative): a penny goes first where most was taken.
  const order = exact.map((value, i) => ({ i, lost: value.minus(rounded[i]!) }));
  order.sort((a, b) => (short > 0 ? b.lost.comparedTo(a.lost) : a.lost.comparedTo(b.lost)) || a.i - b.i);
  const step = short > 0 ? PENNY : PENNY.negated();
  for (let k = 0; k < Math.abs(short); k += 1) {
    const at = order[k % order.length]!.i;
    rounded[at] = rounded[at]!.plus(step);
  }
  return rounded;
}
