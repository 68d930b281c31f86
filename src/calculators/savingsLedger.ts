import type { RequestKind } from '../domain/vocabulary.js';
import { amountOfWeeklyDays } from './accrual.js';
import { DayCounts, DayLedger } from './dayLedger.js';
import { dayNumber, firstOfNextMonth, fromDayNumber, monthOf, type IsoDate } from './dates.js';
import { financialYearLabel } from './financialYear.js';
import { Money, ZERO } from './money.js';
import { projectionOf, weeklySaving } from './projectedSaving.js';
import {
  counted, daySegments, difference, reasonOf, savingsBetween, type DaySegment, type KindFigures, type SavingsCase, type SavingsCaseLine, type SavingsReport,
} from './savingsToDate.js';

// Past every date a record may hold: a case's segments worked out to it run to the baseline's own end.
const NO_END: IsoDate = '9999-12-31';
const KINDS: readonly RequestKind[] = ['new', 'change'];

/** What one approval adds to savings to date, as functions of the as-of date. */
interface Contribution {
  kind: RequestKind;
  /** The keys it is counted under: its kind, placement type and reason ('kind:new', 'type:residential', 'reason:step_down'). */
  keys: string[];
  /** Counted from this day (its effective date) on. */
  effective: number;
  /** Its weekly savings from the first day saved to the baseline's end, whatever the as-of date. */
  segments: DaySegment[];
  promised: { weekly: Money; fullYear: Money; inYear: Money };
}

function contributionOf(c: SavingsCase, weeksPerYear: number | undefined): Contribution | undefined {
  const facts = counted(c, NO_END);
  if (facts === undefined) return undefined;
  const projected = projectionOf(c.request, weeklySaving(facts.baseline, facts.approved), facts.effective, { ...(weeksPerYear !== undefined && { weeksPerYear }) });
  return {
    kind: c.request.kind,
    keys: [`kind:${c.request.kind}`, `type:${facts.option.type}`, `reason:${reasonOf(c.request)}`],
    effective: dayNumber(facts.effective),
    segments: daySegments(c, NO_END, facts),
    promised: { weekly: projected.weekly, fullYear: projected.fullYear, inYear: projected.inYear },
  };
}

/** Ledgers under keys, made when first used. */
class Ledgers<L> {
  readonly byKey = new Map<string, L>();

  constructor(private readonly make: () => L) {}

  of(key: string): L {
    let ledger = this.byKey.get(key);
    if (ledger === undefined) {
      ledger = this.make();
      this.byKey.set(key, ledger);
    }
    return ledger;
  }
}



/**
 * Savings to date kept up to date case by case (docs/domain.md, "Savings to date"): each approval's
 * weekly savings are rates that start and stop on days, and its promises amounts that count from its
 * effective date, all kept in day ledgers (dayLedger.ts). Replacing one case's records costs that
 * case's few days, and a report as of any date costs the calendar's months, not the history's cases.
 * The figures are savingsToDate's, exact (the property test compares them); only the report's list of
 * cases is worked out case by case, when it is read.
 */
export class SavingsLedger {
  /** Weekly savings by kind, placement type and reason ('kind:new', 'type:residential', 'reason:step_down'). */
  private readonly realised = new Ledgers(() => new DayLedger());
  /** Decisions counted, by the same keys and 'all'. */
  private readonly decisions = new Ledgers(() => new DayCounts());
  /** Promised weekly, full-year and in-year by kind ('weekly:new'), and the promised weekly rate over the days counted ('toDate:new'). */
  private readonly promised = new Ledgers(() => new DayLedger());
  /** Segments running, and segments started: which months a report lists. */
  private readonly running = new DayCounts();
  private readonly started = new DayCounts();
  /**
   * For a period's report: decisions counted (by 'all' and the keys) and their promises (by
   * 'weekly:new' and so on) on the first day each saves, and again on the day after its last. Those
   * with days counted in [from, to) are those first saving before `to` less those done by `from`.
   */
  private readonly firstDay = { decisions: new Ledgers(() => new DayCounts()), promised: new Ledgers(() => new DayLedger()) };
  private readonly afterLastDay = { decisions: new Ledgers(() => new DayCounts()), promised: new Ledgers(() => new DayLedger()) };

  constructor(private readonly options: { weeksPerYear?: number } = {}) {}

  /** Takes out what `before` added and adds what `after` does: one request's records changed. */
  replace(before: SavingsCase | undefined, after: SavingsCase | undefined): void {
    const old = before && contributionOf(before, this.options.weeksPerYear);
    if (old !== undefined) this.apply(old, -1);
    const next = after && contributionOf(after, this.options.weeksPerYear);
    if (next !== undefined) this.apply(next, 1);
  }

  /** The weekly saving running on a day, over every approval (what weeklyRateOn gives). */
  weeklyRateOn(day: IsoDate): Money {
    const d = dayNumber(day);
    let rate: Money = ZERO;
    for (const kind of KINDS) rate = rate.plus(this.realised.of(`kind:${kind}`).sumThrough(d));
    return rate;
  }

  /** Savings to date as of `asOf` (not counted), as savingsToDate reports them; `lines` lists the cases when asked. */
  report(asOf: IsoDate, lines: () => SavingsCaseLine[]): SavingsReport {
    const day = dayNumber(asOf);
    const weeklyDays = (kind: RequestKind) => this.realised.of(`kind:${kind}`).rampThrough(day);
    const costAvoidance = amountOfWeeklyDays(weeklyDays('new'));
    const cashable = amountOfWeeklyDays(weeklyDays('change'));
    const stepped = (key: string) => this.promised.of(key).sumThrough(day);
    const promisedDays = (kind: RequestKind) => this.promised.of(`toDate:${kind}`).rampThrough(day);
    const kindFigures = (kind: RequestKind): KindFigures => ({
      projectedToDate: amountOfWeeklyDays(promisedDays(kind)),
      projectedFullYear: stepped(`fullYear:${kind}`),
      runningWeekly: this.realised.of(`kind:${kind}`).sumThrough(day - 1),
    });
    const { byMonth, byFinancialYear } = this.byMonth(day);
    let listed: SavingsCaseLine[] | undefined;
    const report: Omit<SavingsReport, 'cases'> = {
      asOf,
      total: costAvoidance.plus(cashable),
      costAvoidance,
      cashable,
      byPlacementType: this.breakdown('type', day),
      byReason: this.breakdown('reason', day),
      byFinancialYear,
      byMonth,
      projected: {
        weekly: stepped('weekly:new').plus(stepped('weekly:change')),
        fullYear: stepped('fullYear:new').plus(stepped('fullYear:change')),
        inYear: stepped('inYear:new').plus(stepped('inYear:change')),
        toDate: amountOfWeeklyDays(promisedDays('new').plus(promisedDays('change'))),
      },
      decisions: { total: this.count('all', day), byPlacementType: this.counts('type', day), byReason: this.counts('reason', day) },
      byKind: { new: kindFigures('new'), change: kindFigures('change') },
    };
    return Object.defineProperty(report, 'cases', { enumerable: true, get: () => (listed ??= lines()) }) as SavingsReport;
  }

  /**
   * Savings over a period, as savingsBetween reports them from the reports at its two ends: what
   * accrued from `from` (counted) to `asOf` (not counted), the decisions counted on at least one of
   * its days and what they promised; `linesAt` lists the cases at a date, when the list is read.
   */
  between(from: IsoDate, asOf: IsoDate, linesAt: (asOf: IsoDate) => SavingsCaseLine[]): SavingsReport {
    if (asOf < from) throw new RangeError(`a period cannot end (${asOf}) before it starts (${from})`);
    const atEnd = this.report(asOf, () => linesAt(asOf));
    const atStart = this.report(from, () => linesAt(from));
    const [start, end] = [dayNumber(from), dayNumber(asOf)];
    // Counted on a day of the period: first saving before its end, less those whose last day came
    // before it; none in a period with no day in it.
    const decided = (key: string) => (end === start ? 0 : (this.firstDay.decisions.byKey.get(key)?.sumThrough(end - 1) ?? 0)
      - (this.afterLastDay.decisions.byKey.get(key)?.sumThrough(start) ?? 0));
    const promised = (key: string) => (end === start ? ZERO : (this.firstDay.promised.byKey.get(key)?.sumThrough(end - 1) ?? ZERO)
      .minus(this.afterLastDay.promised.byKey.get(key)?.sumThrough(start) ?? ZERO));
    const counts = (prefix: string) => {
      const out: Record<string, number> = {};
      for (const key of this.keysOf(prefix)) {
        const n = decided(`${prefix}:${key}`);
        if (n > 0) out[key] = n;
      }
      return out;
    };
    const byType = counts('type');
    const byReason = counts('reason');
    const firstMonth = monthOf(from);
    const firstYear = financialYearLabel(from);
    const both = (what: string) => promised(`${what}:new`).plus(promised(`${what}:change`));
    const kindFigures = (kind: RequestKind): KindFigures => ({
      projectedToDate: atEnd.byKind[kind].projectedToDate.minus(atStart.byKind[kind].projectedToDate),
      projectedFullYear: promised(`fullYear:${kind}`),
      // Only a decision counted on the period's last day runs then, and it was counted in the period.
      runningWeekly: end > start ? atEnd.byKind[kind].runningWeekly : ZERO,
    });
    let listed: SavingsCaseLine[] | undefined;
    const report: Omit<SavingsReport, 'cases'> = {
      from,
      asOf,
      total: atEnd.total.minus(atStart.total),
      costAvoidance: atEnd.costAvoidance.minus(atStart.costAvoidance),
      cashable: atEnd.cashable.minus(atStart.cashable),
      byPlacementType: difference(atEnd.byPlacementType, atStart.byPlacementType, (k) => k in byType),
      byReason: difference(atEnd.byReason, atStart.byReason, (k) => k in byReason),
      byFinancialYear: difference(atEnd.byFinancialYear, atStart.byFinancialYear, (k) => k >= firstYear),
      byMonth: difference(atEnd.byMonth, atStart.byMonth, (k) => k >= firstMonth),
      projected: { weekly: both('weekly'), fullYear: both('fullYear'), inYear: both('inYear'), toDate: atEnd.projected.toDate.minus(atStart.projected.toDate) },
      decisions: { total: decided('all'), byPlacementType: byType, byReason },
      byKind: { new: kindFigures('new'), change: kindFigures('change') },
    };
    return Object.defineProperty(report, 'cases', { enumerable: true, get: () => (listed ??= savingsBetween(atEnd, atStart).cases) }) as SavingsReport;
  }

  private apply(c: Contribution, sign: 1 | -1): void {
    const signed = (amount: Money) => (sign === 1 ? amount : amount.negated());
    const keys = c.keys;
    const ledgers = keys.map((key) => this.realised.of(key));
    for (const s of c.segments) {
      const weekly = signed(s.weekly);
      const back = weekly.negated();
      for (const ledger of ledgers) {
        ledger.add(s.from, weekly);
        ledger.add(s.to, back);
      }
      this.running.add(s.from, sign);
      this.running.add(s.to, -sign);
      this.started.add(s.from, sign);
    }
    this.decisions.of('all').add(c.effective, sign);
    for (const key of keys) this.decisions.of(key).add(c.effective, sign);
    this.promised.of(`weekly:${c.kind}`).add(c.effective, signed(c.promised.weekly));
    this.promised.of(`fullYear:${c.kind}`).add(c.effective, signed(c.promised.fullYear));
    this.promised.of(`inYear:${c.kind}`).add(c.effective, signed(c.promised.inYear));
    const first = c.segments[0];
    const last = c.segments[c.segments.length - 1];
    if (first !== undefined && last !== undefined) {
      // Promised over the days counted: from the first day saved to the baseline's end.
      const promised = signed(c.promised.weekly);
      this.promised.of(`toDate:${c.kind}`).add(first.from, promised);
      this.promised.of(`toDate:${c.kind}`).add(last.to, promised.negated());
      for (const [edge, day] of [[this.firstDay, first.from], [this.afterLastDay, last.to]] as const) {
        edge.decisions.of('all').add(day, sign);
        for (const key of keys) edge.decisions.of(key).add(day, sign);
        for (const what of ['weekly', 'fullYear', 'inYear'] as const) edge.promised.of(`${what}:${c.kind}`).add(day, signed(c.promised[what]));
      }
    }
  }

  private count(key: string, day: number): number {
    return this.decisions.byKey.get(key)?.sumThrough(day) ?? 0;
  }

  /** Decisions counted under each key of a breakdown ('type', 'reason') with at least one. */
  private counts(prefix: string, day: number): Record<string, number> {
    const out: Record<string, number> = {};
    for (const key of this.keysOf(prefix)) {
      const n = this.count(`${prefix}:${key}`, day);
      if (n > 0) out[key] = n;
    }
    return out;
  }

  /** Realised under each key of a breakdown with a decision counted. */
  private breakdown(prefix: string, day: number): Record<string, Money> {
    const out: Record<string, Money> = {};
    for (const key of this.keysOf(prefix)) {
      if (this.count(`${prefix}:${key}`, day) > 0) out[key] = amountOfWeeklyDays(this.realised.of(`${prefix}:${key}`).rampThrough(day));
    }
    return out;
  }

  private keysOf(prefix: string): string[] {
    return [...this.decisions.byKey.keys()].filter((k) => k.startsWith(`${prefix}:`)).map((k) => k.slice(prefix.length + 1)).sort();
  }

  /**
   * Realised by month and financial year up to `day` (not counted): every month with a day on which a
   * segment ran, as savingsToDate lists them, each the running total at its end less at its start.
   */
  private byMonth(day: number): { byMonth: Record<string, Money>; byFinancialYear: Record<string, Money> } {
    const byMonth: Record<string, Money> = {};
    const yearDays = new Map<string, Money>();
    const first = this.running.firstMonth();
    if (first === undefined) return { byMonth, byFinancialYear: {} };
    const total = (d: number) => this.realised.of('kind:new').rampThrough(d).plus(this.realised.of('kind:change').rampThrough(d));
    let atStart = total(first);
    for (let start = first; start < day;) {
      // Dates end at 9999-12-31, which is its own next month's first: the last month runs to the as-of date.
      const following = dayNumber(firstOfNextMonth(fromDayNumber(start)));
      const next = following > start ? following : day;
      const end = Math.min(next, day);
      const ran = this.running.sumThrough(start) > 0 || this.started.sumThrough(end - 1) > this.started.sumThrough(start);
      const atEnd = total(end);
      if (ran) {
        const weeklyDays = atEnd.minus(atStart);
        const month = monthOf(fromDayNumber(start));
        byMonth[month] = amountOfWeeklyDays(weeklyDays);
        const year = financialYearLabel(`${month}-01`);
        yearDays.set(year, (yearDays.get(year) ?? ZERO).plus(weeklyDays));
      }
      atStart = atEnd;
      start = next;
    }
    const byFinancialYear = Object.fromEntries([...yearDays].sort(([a], [b]) => (a < b ? -1 : 1)).map(([year, days]) => [year, amountOfWeeklyDays(days)]));
    return { byMonth, byFinancialYear };
  }
}
