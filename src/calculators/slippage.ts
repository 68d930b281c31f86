import type { Decimal } from 'decimal.js';
import { amountOfWeeklyDays } from './accrual.js';
import { daysBetween, earliestDate, firstOfNextMonth, minDate, monthOf, type IsoDate } from './dates.js';
import { Money, asMoney } from './money.js';

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
  // Weekly-days per month, exact, divided once per month at the end (as savings to date does).
  const weeklyDays = new Map<string, Money>();
  for (const item of items) {
    const end = earliestDate([item.actualDate, options.asOf]);
    if (end === undefined) throw new RangeError(`a change due ${item.plannedDate} has no actual date: give asOf`);
    const weekly = asMoney(item.weeklySaving);
    for (let from = item.plannedDate; from < end;) {
      const to = minDate(firstOfNextMonth(from), end);
      const month = monthOf(from);
      weeklyDays.set(month, (weeklyDays.get(month) ?? new Money(0)).plus(weekly.times(daysBetween(from, to))));
      from = to;
    }
  }
  return scheduleOf(new Map([...weeklyDays].map(([month, wd]) => [month, amountOfWeeklyDays(wd)])));
}

/** Every calendar month from the first with a cost to the last, with the running total. */
function scheduleOf(byMonth: ReadonlyMap<string, Money>): SlippageSchedule {
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

/** Two schedules as one: each month's cost added, the running total made again over the whole span. */
export function combinedSchedule(a: SlippageSchedule, b: SlippageSchedule): SlippageSchedule {
  const byMonth = new Map<string, Money>();
  for (const m of [...a.months, ...b.months]) byMonth.set(m.month, (byMonth.get(m.month) ?? new Money(0)).plus(m.cost));
  return scheduleOf(byMonth);
}
