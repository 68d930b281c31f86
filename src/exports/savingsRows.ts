import { amountOfWeeklyDays } from '../calculators/accrual.js';
import { addDays, dayNumber, firstOfNextMonth, fromDayNumber, monthOf, type IsoDate } from '../calculators/dates.js';
import { financialYearLabel } from '../calculators/financialYear.js';
import { ZERO, roundPence, type Money } from '../calculators/money.js';
import { baselineOf, councilWeekly } from '../calculators/projectedSaving.js';
import { savingSegments, type SavingsCaseLine } from '../calculators/savingsToDate.js';
import type { RequestKind } from '../domain/vocabulary.js';
import type { PanelFacts } from '../panel/facts.js';
import { savingsAsOf } from '../panel/queries.js';
import { penniesAddingUp } from './pennies.js';

/** A stretch of days from `from` to `to`, both counted (as "savings to D" counts D). */
export interface ExportPeriod {
  from: IsoDate;
  to: IsoDate;
}

/** What one request saved in one calendar month of the period, rounded to pence. */
export interface SavingsRow {
  /** "2026-04" */
  month: string;
  /** "2026/27" */
  financialYear: string;
  /** The first and last day counted in the month (within the period, while the baseline ran). */
  firstDay: IsoDate;
  lastDay: IsoDate;
  days: number;
  requestId: string;
  childRef: string;
  kind: RequestKind;
  /** The approved option's placement type, as the API's byPlacementType. */
  placementType: string;
  /** As the API's byReason: "cost_avoidance" for a new request, else the change reason or "not_given". */
  reason: string;
  /** The baseline's council weekly cost. */
  baselineWeekly: Money;
  /** What the baseline would have cost over the days counted. */
  baseline: Money;
  /** What was paid over those days: baseline − saving, so that each row adds across. */
  actual: Money;
  saving: Money;
}

/** The as-of date whose savings count every day up to and including `to` (the API's asOf counts up to the day before). */
export function asOfAfter(to: IsoDate): IsoDate {
  return addDays(to, 1);
}

interface Accrued {
  line: SavingsCaseLine;
  childRef: string;
  month: string;
  first: number;
  last: number;
  days: number;
  baselineWeekly: Money;
  /** Weekly saving × days, exact; ÷ 7 once at the end, as the calculators do. */
  savingWeeklyDays: Money;
}

/** The day numbers [from, to) cut at month ends: one stretch per calendar month. */
function* byMonth(from: number, to: number): Generator<{ month: string; from: number; to: number }> {
  for (let day = from; day < to;) {
    const date = fromDayNumber(day);
    const next = Math.min(dayNumber(firstOfNextMonth(date)), to);
    yield { month: monthOf(date), from: day, to: next };
    day = next;
  }
}

/**
 * What each approved request saved in each calendar month of the period (`from` to `to`, both
 * counted), from the same report and the same saving stretches as savings to date: the requests are
 * the report's counted decisions as of the day after `to`, and each month's rows are rounded so that
 * they add up, to the penny, to that month's figure in the report (whole months; a month cut by
 * `from` adds up to its exact part rounded). In month order, then by request id.
 */
export function savingsRows(facts: PanelFacts, period: ExportPeriod): SavingsRow[] {
  const asOf = asOfAfter(period.to);
  const start = dayNumber(period.from);
  const stop = dayNumber(asOf);
  const accrued = new Map<string, Accrued>();
  for (const line of savingsAsOf(facts, asOf).cases) {
    const c = facts.case(line.requestId);
    if (c === undefined) continue;
    const baselineWeekly = councilWeekly(baselineOf(c.request));
    for (const segment of savingSegments({ request: c.request, decision: c.settlement.settledBy, events: c.events }, asOf)) {
      const from = Math.max(dayNumber(segment.from), start);
      const to = Math.min(dayNumber(segment.to), stop);
      for (const part of byMonth(from, to)) {
        const key = `${part.month} ${line.requestId}`;
        const days = part.to - part.from;
        const row = accrued.get(key);
        const weeklyDays = segment.weekly.times(days);
        if (row === undefined) {
          accrued.set(key, {
            line, childRef: c.request.childRef, month: part.month, first: part.from, last: part.to - 1, days, baselineWeekly, savingWeeklyDays: weeklyDays,
          });
        } else {
          row.last = part.to - 1;
          row.days += days;
          row.savingWeeklyDays = row.savingWeeklyDays.plus(weeklyDays);
        }
      }
    }
  }
  const ordered = [...accrued.values()].sort((a, b) => (a.month !== b.month ? (a.month < b.month ? -1 : 1) : a.line.requestId.localeCompare(b.line.requestId)));
  const rows: SavingsRow[] = [];
  for (let i = 0; i < ordered.length;) {
    let j = i;
    while (j < ordered.length && ordered[j]!.month === ordered[i]!.month) j += 1;
    const month = ordered.slice(i, j);
    const savings = penniesAddingUp(month.map((r) => amountOfWeeklyDays(r.savingWeeklyDays)));
    month.forEach((r, k) => {
      const baseline = roundPence(amountOfWeeklyDays(r.baselineWeekly.times(r.days)));
      const saving = savings[k] ?? ZERO;
      rows.push({
        month: r.month,
        financialYear: financialYearLabel(`${r.month}-01`),
        firstDay: fromDayNumber(r.first),
        lastDay: fromDayNumber(r.last),
        days: r.days,
        requestId: r.line.requestId,
        childRef: r.childRef,
        kind: r.line.kind,
        placementType: r.line.placementType,
        reason: r.line.reason,
        baselineWeekly: r.baselineWeekly,
        baseline,
        actual: baseline.minus(saving),
        saving,
      });
    });
    i = j;
  }
  return rows;
}
