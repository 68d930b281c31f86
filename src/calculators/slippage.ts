import type { Decimal } from 'decimal.js';
import { accruedOver } from './accrual.js';
import { daysBetween, earliestDate, firstOfNextMonth, minDate, monthOf, type IsoDate } from './dates.js';
import { Money } from './money.js';

/** Cost of a late step-down: each week of delay costs the weekly saving (weekly saving × weeks of delay). */
export function slippageCost(weeklySaving: Decimal.Value, weeksDelay: Decimal.Value): Money {
  return new Money(weeklySaving).times(weeksDelay);
}

/** A planned change that slipped: its weekly saving, when it was due and when it happened (if it has). */
export interface SlippageItem {
  weeklySaving: Decimal.Value;
  plannedDate: IsoDate;
  /** The day the change took effect, not itself a day of delay; leave out while it has not happened. */
  actualDate?: IsoDate;
}

/** The cost of slippage falling in one calendar month, and the running total to the end of it. */
export interface SlippageMonth {
  /** "2016-07" */
  month: string;
  cost: Money;
  cumulative: Money;
}

export interface SlippageSchedule {
  months: SlippageMonth[];
  total: Money;
}

/**
 * The monthly and cumulative cost of slipped changes (003, table 2): each change costs its weekly
 * saving for every day from its planned date up to its actual date, or up to `asOf` (not counted)
 * while it has not happened; every calendar month from the first to the last with delay is listed.
 */
export function slippageSchedule(items: readonly SlippageItem[], options: { asOf?: IsoDate } = {}): SlippageSchedule {
  const byMonth = new Map<string, Money>();
  for (const item of items) {
    const end = earliestDate([item.actualDate, options.asOf]);
    if (end === undefined) throw new RangeError(`a change due ${item.plannedDate} has no actual date: give asOf`);
    for (let from = item.plannedDate; from < end;) {
      const to = minDate(firstOfNextMonth(from), end);
      const month = monthOf(from);
      byMonth.set(month, (byMonth.get(month) ?? new Money(0)).plus(accruedOver(item.weeklySaving, daysBetween(from, to))));
      from = to;
    }
  }
  const months: SlippageMonth[] = [];
  let cumulative = new Money(0);
  const keys = [...byMonth.keys()].sort();
  if (keys.length > 0) {
    const last = keys[keys.length - 1]!;
    for (let day = `${keys[0]!}-01`; monthOf(day) <= last; day = firstOfNextMonth(day)) {
      const cost = byMonth.get(monthOf(day)) ?? new Money(0);
      cumulative = cumulative.plus(cost);
      months.push({ month: monthOf(day), cost, cumulative });
    }
  }
  return { months, total: cumulative };
}
