import { dayNumber, fromDayNumber } from './dates.js';
import { Money, ZERO } from './money.js';

interface Sums {
  /** Σ amounts. */
  a: Money;
  /** Σ amount × day. */
  b: Money;
}

/** The day number of the first of the month `day` is in: the ledger's buckets. */
function monthStart(day: number): number {
  return dayNumber(`${fromDayNumber(day).slice(0, 7)}-01`);
}

/**
 * Amounts added on days, with what any day's sums are: the sum of what was added up to it, and the
 * ramp (each amount × the days since it was added), exact. A sum of weekly rates that start and stop
 * on days is a sum of ramps, so its weekly-days to any date come from the ledger in the time of a
 * month's days plus a search, however many rates went into it: an answer moves with the change made,
 * not with the history. Kept by day and by month, so it grows with the calendar, not with the cases.
 */
export class DayLedger {
  private readonly byDay = new Map<number, Money>();
  private readonly byMonth = new Map<number, Sums>();
  // Months in order with running sums to the end of each; worked out again after a change, when asked.
  private running: { months: number[]; sums: Sums[] } | undefined;

  /** Adds `amount` on `day` (a negative amount takes back what was added). */
  add(day: number, amount: Money): void {
    if (amount.isZero()) return;
    const onDay = (this.byDay.get(day) ?? ZERO).plus(amount);
    if (onDay.isZero()) this.byDay.delete(day);
    else this.byDay.set(day, onDay);
    const month = monthStart(day);
    const sums = this.byMonth.get(month);
    const next = { a: (sums?.a ?? ZERO).plus(amount), b: (sums?.b ?? ZERO).plus(amount.times(day)) };
    if (next.a.isZero() && next.b.isZero()) this.byMonth.delete(month);
    else this.byMonth.set(month, next);
    this.running = undefined;
  }

  /** Σ of what was added on days up to and including `day`. */
  sumThrough(day: number): Money {
    return this.through(day).a;
  }

  /** Σ amount × (`day` − the day it was added), over what was added up to `day`. */
  rampThrough(day: number): Money {
    const { a, b } = this.through(day);
    return a.times(day).minus(b);
  }

  /** The first month anything was added in (its first day's number), if anything stands. */
  firstMonth(): number | undefined {
    return this.runningSums().months[0];
  }

  private through(day: number): Sums {
    const month = monthStart(day);
    const { months, sums } = this.runningSums();
    // The last month before `day`'s, by binary search.
    let low = 0;
    let high = months.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (months[mid]! < month) low = mid + 1;
      else high = mid;
    }
    let { a, b } = low === 0 ? { a: ZERO, b: ZERO } : sums[low - 1]!;
    for (let d = month; d <= day; d += 1) {
      const amount = this.byDay.get(d);
      if (amount === undefined) continue;
      a = a.plus(amount);
      b = b.plus(amount.times(d));
    }
    return { a, b };
  }

  private runningSums(): { months: number[]; sums: Sums[] } {
    if (this.running === undefined) {
      const months = [...this.byMonth.keys()].sort((x, y) => x - y);
      const sums: Sums[] = [];
      let a: Money = ZERO;
      let b: Money = ZERO;
      for (const month of months) {
        const s = this.byMonth.get(month)!;
        a = a.plus(s.a);
        b = b.plus(s.b);
        sums.push({ a, b });
      }
      this.running = { months, sums };
    }
    return this.running;
  }
}
