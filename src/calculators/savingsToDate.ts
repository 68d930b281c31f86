import type { DecisionRecord } from '../domain/decision.js';
import type { EventRecord } from '../domain/event.js';
import type { StoredRequest } from '../domain/request.js';
import { isApproval, type PlacementType, type RequestKind } from '../domain/vocabulary.js';
import { accruedOver, amountOfWeeklyDays } from './accrual.js';
import { eighteenthBirthday } from './age.js';
import { councilShare } from './councilShare.js';
import { dayNumber, earliestDate, firstOfNextMonth, fromDayNumber, monthOf, type IsoDate } from './dates.js';
import { financialYearLabel } from './financialYear.js';
import { Money, ZERO } from './money.js';
import { eventsInOrder, fundingAfter } from './costEvents.js';
import {
  baselineOf, councilWeekly, optionOf, projectionOf, weeklySaving, type PlacementOption,
} from './projectedSaving.js';

/** A request with its settling decision (if any) and the events recorded against it. */
export interface SavingsCase {
  request: StoredRequest;
  /** The settling decision, if any. */
  decision?: DecisionRecord;
  events: readonly EventRecord[];
}

/** A stretch of days [from, to) over which the weekly saving (baseline − actual, council share) was constant. */
export interface SavingSegment {
  from: IsoDate;
  /** The first day not in the stretch. */
  to: IsoDate;
  weekly: Money;
}

/** One counted decision in a report: only approvals in effect by the as-of date are listed. */
export interface SavingsCaseLine {
  requestId: string;
  kind: RequestKind;
  /** Always true: every listed line is an approval (with or without conditions) in effect. */
  approved: true;
  /** The approved option's placement type, as in `byPlacementType`. */
  placementType: PlacementType;
  /** The key the case is counted under in `byReason`. */
  reason: string;
  realised: Money;
  projectedWeekly: Money;
  projectedFullYear: Money;
  projectedInYear: Money;
  /** What the decision promised over the days counted: its projected weekly saving accrued over the same days as `realised`. */
  projectedToDate: Money;
  /** The days counted: from the effective date up to the as-of date while the baseline ran. */
  daysCounted: number;
  /** The weekly saving running on the last day counted (the day before the as-of date); zero once the baseline has stopped. */
  runningWeekly: Money;
}

/** Savings to date, exact: round only to show or store. */
export interface SavingsReport {
  /** For a period (savingsBetween), its first day; absent when everything before `asOf` is counted. */
  from?: IsoDate;
  asOf: IsoDate;
  total: Money;
  /** From `new` requests. */
  costAvoidance: Money;
  /** From `change` requests. */
  cashable: Money;
  /** By the approved option's placement type. */
  byPlacementType: Record<string, Money>;
  /** For a change, its reason (or "not_given"); for a new request, "cost_avoidance". */
  byReason: Record<string, Money>;
  /** "2026/27" */
  byFinancialYear: Record<string, Money>;
  /** "2026-04" */
  byMonth: Record<string, Money>;
  cases: SavingsCaseLine[];
  /** `toDate`: what the counted decisions promised over the days counted, beside `total`. */
  projected: { weekly: Money; fullYear: Money; inYear: Money; toDate: Money };
  /** How many decisions are counted: in all, and under each key of `byPlacementType` and `byReason`. */
  decisions: { total: number; byPlacementType: Record<string, number>; byReason: Record<string, number> };
  /** Cost avoidance (new) and cashable (change): promised over the days counted and over a year, and the weekly saving running on the last day counted. */
  byKind: Record<RequestKind, KindFigures>;
}

/** What one kind of decision promised and is saving now, beside what it realised. */
export interface KindFigures {
  projectedToDate: Money;
  projectedFullYear: Money;
  runningWeekly: Money;
}

/** A stretch of days (day numbers) [from, to) over which the weekly saving was constant. */
export interface DaySegment {
  from: number;
  to: number;
  weekly: Money;
}

/** What an approval in force is counted with. */
export interface Counted {
  option: PlacementOption;
  effective: IsoDate;
  /** The first day saved: the effective date, or a later `started` date. */
  start: IsoDate;
  baseline: Money;
  approved: Money;
}

/** The day a `started` event says the approved change took effect, if one is recorded. */
export function startedOn(events: readonly EventRecord[]): IsoDate | undefined {
  return events.find((e) => e.type === 'started')?.date;
}

/**
 * The first day an approval saves (docs/domain.md, "Started and slippage"): its effective date, or
 * the day it was confirmed to have started when that is later. Until a start is recorded, and when it
 * is on or before the effective date, the change is taken to have started on time.
 */
export function savingStart(effectiveFrom: IsoDate, events: readonly EventRecord[]): IsoDate {
  const started = startedOn(events);
  return started !== undefined && started > effectiveFrom ? started : effectiveFrom;
}

/** The first day the baseline no longer runs (planned end, 18th birthday, an end for turning 18), or `asOf` if sooner. */
export function baselineEnd(c: SavingsCase, asOf: IsoDate): IsoDate {
  const { request } = c;
  let end = earliestDate([request.proposed.plannedEndDate, eighteenthBirthday(request), asOf])!;
  for (const e of c.events) if (e.type === 'ended' && e.reason === 'turned_18' && e.date < end) end = e.date;
  return end;
}


// Only an approval in force by the as-of date counts; declined, deferred and undecided requests save nothing.
export function counted(c: SavingsCase, asOf: IsoDate): Counted | undefined {
  const d = c.decision;
  if (d === undefined || !isApproval(d.outcome) || d.effectiveFrom > asOf) return undefined;
  const option = optionOf(c.request, d.option);
  // The panel only records options the request has; a store edited by hand may not. Counting such a
  // decision would mean guessing its cost, so it saves nothing rather than stopping every report.
  if (option === undefined) return undefined;
  return {
    option,
    effective: d.effectiveFrom,
    start: savingStart(d.effectiveFrom, c.events),
    baseline: councilWeekly(baselineOf(c.request)),
    approved: councilWeekly(option),
  };
}

/** The stretches of days from the first day saved up to the baseline's end or `asOf`, whichever is first (see savingSegments). */
export function daySegments(c: SavingsCase, asOf: IsoDate, { option, start: first, baseline, approved }: Counted): DaySegment[] {
  const start = dayNumber(first);
  const stop = dayNumber(baselineEnd(c, asOf));
  if (stop <= start) return [];
  let actual = approved;
  let from = start;
  const segments: DaySegment[] = [];
  for (const event of eventsInOrder(c.events)) {
    // A start moves the first day saved (in `counted`), not the cost.
    if (event.type === 'started') continue;
    const day = dayNumber(event.date);
    if (day >= stop) break;
    if (day > from) {
      segments.push({ from, to: day, weekly: baseline.minus(actual) });
      from = day;
    }
    // An event dated on or before the first day saved sets the cost the approved placement starts at.
    actual = event.type === 'ended' ? ZERO : councilShare(event.weeklyCost, fundingAfter(event, option.funding));
  }
  segments.push({ from, to: stop, weekly: baseline.minus(actual) });
  return segments;
}

function weeklyDays(segments: readonly DaySegment[]): Money {
  let total: Money = ZERO;
  for (const s of segments) total = total.plus(s.weekly.times(s.to - s.from));
  return total;
}

/**
 * The stretches of days, from the effective date up to the as-of date (not counted), over which an
 * approved decision saved a constant weekly amount (baseline − actual, council share) while the
 * baseline ran; none for a request not approved or not yet in effect.
 */
export function savingSegments(c: SavingsCase, asOf: IsoDate): SavingSegment[] {
  const facts = counted(c, asOf);
  if (facts === undefined) return [];
  return daySegments(c, asOf, facts).map((s) => ({ from: fromDayNumber(s.from), to: fromDayNumber(s.to), weekly: s.weekly }));
}

/** The saving a decision has realised for the council from its effective date up to the as-of date (negative when it cost more). */
export function realisedForCase(c: SavingsCase, asOf: IsoDate): Money {
  const facts = counted(c, asOf);
  return facts === undefined ? new Money(0) : amountOfWeeklyDays(weeklyDays(daySegments(c, asOf, facts)));
}

function add(record: Map<string, Money>, key: string, value: Money): void {
  record.set(key, (record.get(key) ?? ZERO).plus(value));
}

function amounts(weeklyDaysByKey: Map<string, Money>, sorted = false): Record<string, Money> {
  const entries = [...weeklyDaysByKey.entries()];
  if (sorted) entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries.map(([k, v]) => [k, amountOfWeeklyDays(v)]));
}

/**
 * Changes of the running weekly rate by day: each segment adds its weekly saving on its first day and
 * takes it off on the day after its last. Kept per day rather than per segment, so what a report holds
 * while it works grows with the calendar, not with the cases.
 */
type RateChanges = Map<number, { rate: Money; active: number }>;

function addSegment(changes: RateChanges, s: DaySegment): void {
  const change = (day: number, rate: Money, active: number) => {
    const c = changes.get(day);
    if (c === undefined) changes.set(day, { rate, active });
    else changes.set(day, { rate: c.rate.plus(rate), active: c.active + active });
  };
  change(s.from, s.weekly, 1);
  change(s.to, s.weekly.negated(), -1);
}

/**
 * Weekly-days by calendar month: one sweep over the days the rate changes splits the running rate at
 * month ends, so the work grows with the cases plus the calendar, not cases × months.
 */
function weeklyDaysByMonth(changes: RateChanges): Map<string, Money> {
  const days = [...changes.keys()].sort((a, b) => a - b);
  const byMonth = new Map<string, Money>();
  let rate: Money = ZERO;
  let active = 0;
  for (let i = 0; i < days.length - 1; i += 1) {
    const c = changes.get(days[i]!)!;
    rate = rate.plus(c.rate);
    active += c.active;
    if (active === 0) continue;
    const end = days[i + 1]!;
    for (let day = days[i]!; day < end;) {
      const date = fromDayNumber(day);
      const next = Math.min(dayNumber(firstOfNextMonth(date)), end);
      add(byMonth, monthOf(date), rate.times(next - day));
      day = next;
    }
  }
  return byMonth;
}

/**
 * Savings to date (docs/domain.md, "Savings to date"): for every approved decision in effect by the as-of date, the council's
 * baseline weekly cost less what it actually paid, accrued per day up to the as-of date (not counted)
 * while the baseline ran; split into cost avoidance (new) and cashable (change), by placement type,
 * reason, financial year and month; with what each decision projected beside it. Exact throughout.
 */
export function savingsToDate(cases: readonly SavingsCase[], asOf: IsoDate, options: { weeksPerYear?: number } = {}): SavingsReport {
  const byKind = new Map<string, Money>();
  const byType = new Map<string, Money>();
  const byReason = new Map<string, Money>();
  const promisedByKind = new Map<string, Money>();
  const rateChanges: RateChanges = new Map();
  const lines: SavingsCaseLine[] = [];
  for (const c of cases) {
    const figures = caseFigures(c, asOf, options);
    if (figures === undefined) continue;
    for (const s of figures.segments) addSegment(rateChanges, s);
    const { line } = figures;
    add(byKind, line.kind, figures.weeklyDays);
    add(byType, line.placementType, figures.weeklyDays);
    add(byReason, line.reason, figures.weeklyDays);
    add(promisedByKind, line.kind, line.projectedWeekly.times(line.daysCounted));
    lines.push(line);
  }
  const byMonth = weeklyDaysByMonth(rateChanges);
  const byYear = new Map<string, Money>();
  for (const [month, value] of byMonth) add(byYear, financialYearLabel(`${month}-01`), value);
  const costAvoidance = amountOfWeeklyDays(byKind.get('new') ?? 0);
  const cashable = amountOfWeeklyDays(byKind.get('change') ?? 0);
  return {
    asOf,
    total: costAvoidance.plus(cashable),
    costAvoidance,
    cashable,
    byPlacementType: amounts(byType),
    byReason: amounts(byReason),
    byFinancialYear: amounts(byYear, true),
    byMonth: amounts(byMonth, true),
    cases: lines,
    projected: {
      weekly: sumOf(lines, (l) => l.projectedWeekly),
      fullYear: sumOf(lines, (l) => l.projectedFullYear),
      inYear: sumOf(lines, (l) => l.projectedInYear),
      toDate: amountOfWeeklyDays((promisedByKind.get('new') ?? ZERO).plus(promisedByKind.get('change') ?? ZERO)),
    },
    ...linesSummary(lines, (kind) => amountOfWeeklyDays(promisedByKind.get(kind) ?? 0)),
  };
}

/** A figure of the lines, added up. */
function sumOf(lines: readonly SavingsCaseLine[], pick: (line: SavingsCaseLine) => Money): Money {
  return lines.reduce<Money>((total, line) => total.plus(pick(line)), ZERO);
}

/** The counts and per-kind figures of a report's lines; what each kind promised to date is worked out by the caller. */
function linesSummary(lines: readonly SavingsCaseLine[], promisedToDate: (kind: RequestKind) => Money): Pick<SavingsReport, 'decisions' | 'byKind'> {
  const byPlacementType: Record<string, number> = {};
  const byReason: Record<string, number> = {};
  for (const line of lines) {
    byPlacementType[line.placementType] = (byPlacementType[line.placementType] ?? 0) + 1;
    byReason[line.reason] = (byReason[line.reason] ?? 0) + 1;
  }
  const kind = (k: RequestKind): KindFigures => {
    const ofKind = lines.filter((line) => line.kind === k);
    return { projectedToDate: promisedToDate(k), projectedFullYear: sumOf(ofKind, (l) => l.projectedFullYear), runningWeekly: sumOf(ofKind, (l) => l.runningWeekly) };
  };
  return { decisions: { total: lines.length, byPlacementType, byReason }, byKind: { new: kind('new'), change: kind('change') } };
}

/** One counted decision's line as of a date, with its segments and their weekly-days; undefined when it is not counted. */
function caseFigures(c: SavingsCase, asOf: IsoDate, options: { weeksPerYear?: number }): { line: SavingsCaseLine; segments: DaySegment[]; weeklyDays: Money } | undefined {
  const facts = counted(c, asOf);
  if (facts === undefined) return undefined;
  const segments = daySegments(c, asOf, facts);
  const caseWeeklyDays = weeklyDays(segments);
  const { request } = c;
  const projected = projectionOf(request, weeklySaving(facts.baseline, facts.approved), facts.effective, options);
  const daysCounted = segments.length === 0 ? 0 : segments[segments.length - 1]!.to - segments[0]!.from;
  const lastDay = dayNumber(asOf) - 1;
  const running = segments.find((s) => s.from <= lastDay && lastDay < s.to);
  return {
    segments,
    weeklyDays: caseWeeklyDays,
    line: {
      requestId: request.id,
      kind: request.kind,
      approved: true,
      placementType: facts.option.type,
      reason: reasonOf(request),
      realised: amountOfWeeklyDays(caseWeeklyDays),
      projectedWeekly: projected.weekly,
      projectedFullYear: projected.fullYear,
      projectedInYear: projected.inYear,
      projectedToDate: accruedOver(projected.weekly, daysCounted),
      daysCounted,
      runningWeekly: running?.weekly ?? ZERO,
    },
  };
}

/** The key a request's savings are counted under in `byReason`. */
export function reasonOf(request: StoredRequest): string {
  return request.kind === 'new' ? 'cost_avoidance' : (request.changeReason ?? 'not_given');
}

/** One decision's line in a report as of a date (as savingsToDate lists it), or undefined when it is not counted then. */
export function savingsLine(c: SavingsCase, asOf: IsoDate, options: { weeksPerYear?: number } = {}): SavingsCaseLine | undefined {
  return caseFigures(c, asOf, options)?.line;
}

/** later − earlier for the keys kept; what the later report has and the earlier does not counts whole. */
export function difference(later: Record<string, Money>, earlier: Record<string, Money>, kept: (key: string) => boolean): Record<string, Money> {
  const out: Record<string, Money> = {};
  for (const [key, value] of Object.entries(later)) if (kept(key)) out[key] = value.minus(earlier[key] ?? ZERO);
  return out;
}

/**
 * Savings over a period (docs/domain.md, "Savings to date"): what accrued from `atStart.asOf` (counted)
 * up to `atEnd.asOf` (not counted), as the report to the period's end less the report to its start,
 * breakdown by breakdown and case by case. A decision is listed when it was counted for at least a
 * day of the period; what it promised is its promise at the end, and `projected.toDate` its promise
 * over the period's days.
 */
export function savingsBetween(atEnd: SavingsReport, atStart: SavingsReport): SavingsReport {
  if (atEnd.asOf < atStart.asOf) throw new RangeError(`a period cannot end (${atEnd.asOf}) before it starts (${atStart.asOf})`);
  const before = new Map(atStart.cases.map((line) => [line.requestId, line]));
  const lines: SavingsCaseLine[] = [];
  for (const line of atEnd.cases) {
    const earlier = before.get(line.requestId);
    const daysCounted = line.daysCounted - (earlier?.daysCounted ?? 0);
    if (daysCounted <= 0) continue;
    lines.push({
      ...line,
      realised: line.realised.minus(earlier?.realised ?? ZERO),
      projectedToDate: line.projectedToDate.minus(earlier?.projectedToDate ?? ZERO),
      daysCounted,
    });
  }
  const types = new Set(lines.map((l) => l.placementType));
  const reasons = new Set(lines.map((l) => l.reason));
  const firstMonth = monthOf(atStart.asOf);
  const firstYear = financialYearLabel(atStart.asOf);
  return {
    from: atStart.asOf,
    asOf: atEnd.asOf,
    total: atEnd.total.minus(atStart.total),
    costAvoidance: atEnd.costAvoidance.minus(atStart.costAvoidance),
    cashable: atEnd.cashable.minus(atStart.cashable),
    // Months and years before the period's are not the period's (their difference is nothing).
    byPlacementType: difference(atEnd.byPlacementType, atStart.byPlacementType, (k) => types.has(k as PlacementType)),
    byReason: difference(atEnd.byReason, atStart.byReason, (k) => reasons.has(k)),
    byFinancialYear: difference(atEnd.byFinancialYear, atStart.byFinancialYear, (k) => k >= firstYear),
    byMonth: difference(atEnd.byMonth, atStart.byMonth, (k) => k >= firstMonth),
    cases: lines,
    projected: {
      weekly: sumOf(lines, (l) => l.projectedWeekly),
      fullYear: sumOf(lines, (l) => l.projectedFullYear),
      inYear: sumOf(lines, (l) => l.projectedInYear),
      toDate: atEnd.projected.toDate.minus(atStart.projected.toDate),
    },
    ...linesSummary(lines, (kind) => atEnd.byKind[kind].projectedToDate.minus(atStart.byKind[kind].projectedToDate)),
  };
}
