import { dayNumber, fromDayNumber } from './dates.js';
import { Money, ZERO } from './money.js';

/** The sums a ledger keeps: amounts of money, exact, or plain counts. */
interface Arithmetic<T> {
  zero: T;
  plus(a: T, b: T): T;
  /** amount × day. */
  times(a: T, day: number): T;
  isZero(a: T): boolean;
}

const MONEY: Arithmetic<Money> = {
  zero: ZERO,
  plus: (a, b) => a.plus(b),
  times: (a, day) => a.times(day),
  isZero: (a) => a.isZero(),
};

const COUNT: Arithmetic<number> = {
  zero: 0,
  plus: (a, b) => a + b,
  times: (a, day) => a * day,
  isZero: (a) => a === 0,
};

interface Sums<T> {
  /** Σ amounts. */
  a: T;
  /** Σ amount × day. */
  b: T;
}

// Day → the first of its month, for the few thousand days a store's dates fall on.
const monthStarts = new Map<number, number>();
const MAX_REMEMBERED_DAYS = 50_000;

/** The day number of the first of the month `day` is in: the ledger's buckets. */
function monthStart(day: number): number {
  let start = monthStarts.get(day);
  if (start === undefined) {
    start = dayNumber(`${fromDayNumber(day).slice(0, 7)}-01`);
    if (monthStarts.size >= MAX_REMEMBERED_DAYS) monthStarts.clear();
    monthStarts.set(day, start);
  }
  return start;
}

/**
 * Amounts added on days, with what any day's sums are: the sum of what was added up to it, and the
 * ramp (each amount × the days since it was added), exact. A sum of weekly rates that start and stop
 * on days is a sum of ramps, so its weekly-days to any date come from the ledger in the time of a
 * month's days plus a search, however many rates went into it: an answer moves with the change made,
 * not with the history. Kept by day and by month, so it grows with the calendar, not with the cases.
 */
class Ledger<T> {
  private readonly byDay = new Map<number, T>();
  private readonly byMonth = new Map<number, Sums<T>>();
  // Months whose sums are to be worked out again from their days: a ledger built from many cases adds
  // up each month once, when first asked, rather than on every amount added.
  private readonly stale = new Set<number>();
  // Months in order with running sums to the end of each; worked out again after a change, when asked.
  private running: { months: number[]; sums: Sums<T>[] } | undefined;

  constructor(private readonly sum: Arithmetic<T>) {}

  /** Adds `amount` on `day` (a negative amount takes back what was added). */
  add(day: number, amount: T): void {
    const { sum } = this;
    if (sum.isZero(amount)) return;
    const before = this.byDay.get(day);
    const onDay = before === undefined ? amount : sum.plus(before, amount);
    if (sum.isZero(onDay)) this.byDay.delete(day);
    else this.byDay.set(day, onDay);
    this.stale.add(monthStart(day));
    this.running = undefined;
  }

  /** Σ of what was added on days up to and including `day`. */
  sumThrough(day: number): T {
    return this.through(day).a;
  }

  /** The first month anything was added in (its first day's number), if anything stands. */
  firstMonth(): number | undefined {
    return this.runningSums().months[0];
  }

  protected through(day: number): Sums<T> {
    const { sum } = this;
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
    let { a, b } = low === 0 ? { a: sum.zero, b: sum.zero } : sums[low - 1]!;
    for (let d = month; d <= day; d += 1) {
      const amount = this.byDay.get(d);
      if (amount === undefined) continue;
      a = sum.plus(a, amount);
      b = sum.plus(b, sum.times(amount, d));
    }
    return { a, b };
  }

  private runningSums(): { months: number[]; sums: Sums<T>[] } {
    if (this.running === undefined) {
      for (const month of this.stale) this.sumMonth(month);
      this.stale.clear();
      const { sum } = this;
      const months = [...this.byMonth.keys()].sort((x, y) => x - y);
      const sums: Sums<T>[] = [];
      let a = sum.zero;
      let b = sum.zero;
      for (const month of months) {
        const s = this.byMonth.get(month)!;
        a = sum.plus(a, s.a);
        b = sum.plus(b, s.b);
        sums.push({ a, b });
      }
      this.running = { months, sums };
    }
    return this.running;
  }

  private sumMonth(month: number): void {
    const { sum } = this;
    let a = sum.zero;
    let b = sum.zero;
    // At most a month's days: past 9999-12-31 every day reads as that date, in the same month.
    for (let d = month; d < month + 31 && monthStart(d) === month; d += 1) {
      const amount = this.byDay.get(d);
      if (amount === undefined) continue;
      a = sum.plus(a, amount);
      b = sum.plus(b, sum.times(amount, d));
    }
    if (sum.isZero(a) && sum.isZero(b)) this.byMonth.delete(month);
    else this.byMonth.set(month, { a, b });
  }
}

/** Money added on days (dayLedger.ts's Ledger), with the ramp of what was added: weekly-days to any day. */
export class DayLedger extends Ledger<Money> {
  constructor() {
    super(MONEY);
  }

  /** Σ amount × (`day` − the day it was added), over what was added up to `day`. */
  rampThrough(day: number): Money {
    const { a, b } = this.through(day);
    return a.times(day).minus(b);
  }
}

/** Counts added on days: how many had started (less those stopped) by any day. */
export class DayCounts extends Ledger<number> {
  constructor() {
    super(COUNT);
  }
}
