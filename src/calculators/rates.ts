import type { Decimal } from 'decimal.js';
import { Money } from './money.js';

/** Children (e.g. in care) per 10,000 of the child population. */
export function ratePer10k(children: number, population: number): Money {
  if (!(population > 0)) throw new RangeError('population must be above 0');
  return new Money(children).times(10_000).dividedBy(population);
}

/** How many children a rate per 10,000 implies for a child population (not rounded: a target, not a head count). */
export function countForRate(ratePer10k: Decimal.Value, population: number): Money {
  return new Money(ratePer10k).times(population).dividedBy(10_000);
}
