import type { Decimal } from 'decimal.js';
import { eighteenthBirthday } from '../calculators/age.js';
import { placementInForce, type PlacementInForce } from '../calculators/currentPlacement.js';
import { addDays, firstOfNextMonth, minDate, monthOf, type IsoDate } from '../calculators/dates.js';
import { financialYearOf, type FinancialYear } from '../calculators/financialYear.js';
import { Money, ZERO } from '../calculators/money.js';
import { needLevel, valueCheck, type NeedBands, type NeedLevel } from '../calculators/need.js';
import {
  baselineOf, councilWeekly, optionOf, optionProjections, projectionOf, weeklySaving, type PlacementOption, type ProjectedSaving,
} from '../calculators/projectedSaving.js';
import { realisedForCase, savingsLine, type SavingsCaseLine, type SavingsReport } from '../calculators/savingsToDate.js';
import { straightLineAsOf, straightLineBetween, yearEndAtRate } from '../calculators/trajectory.js';
import type { DecisionRecord } from '../domain/decision.js';
import { whoCanApprove } from '../domain/governance.js';
import type { Role } from '../domain/meeting.js';
import type { StoredRequest } from '../domain/request.js';
import { approvedDecision, isOpen, projectionStart, type HigherApproval, type RequestStatus } from '../domain/settlement.js';
import { isApproval, type PlacementType } from '../domain/vocabulary.js';
import type { Case, PanelFacts } from './facts.js';
import { savingsCaseOf, type CaseFollower } from './caseBook.js';
import { SortedList } from '../lib/sortedList.js';
import { requestIdParts } from '../store/recordIds.js';
import { followUpSummary, type FollowUpSummary } from './followUps.js';

/*
 * The questions' facts: plain values for a given day, worked out from the panel's cases with the
 * shared calculators and kept per revision of the store (PanelFacts.keep). Views format them; they
 * decide nothing.
 */

/**
 * Oldest first; requests received at the same instant in the order they were numbered (year, then
 * number), as the store holds them.
 */
function receivedFirst(a: StoredRequest, b: StoredRequest): number {
  const [x, y] = [requestIdParts(a.id), requestIdParts(b.id)];
  const numbered = x !== undefined && y !== undefined ? x.year.localeCompare(y.year) || x.seq - y.seq : a.id.localeCompare(b.id);
  return a.receivedAt.localeCompare(b.receivedAt) || numbered;
}

/** The requests waiting for the panel, kept in order across changes: a decision moves only its own request out. */
class WaitingList implements CaseFollower {
  readonly sorted: SortedList<StoredRequest>;

  constructor(cases: readonly Case[]) {
    this.sorted = new SortedList(receivedFirst, cases.filter((c) => isOpen(c.settlement.status)).map((c) => c.request));
  }

  replace(before: Case | undefined, after: Case | undefined): void {
    if (before !== undefined && isOpen(before.settlement.status)) this.sorted.remove(before.request);
    if (after !== undefined && isOpen(after.settlement.status)) this.sorted.add(after.request);
  }
}

/** Requests still waiting for the panel (pending or deferred), oldest first. */
export function waitingRequests(facts: PanelFacts): readonly StoredRequest[] {
  return facts.keep('waiting', () => Object.freeze(facts.follower('waiting', (cases) => new WaitingList(cases)).sorted.all()));
}

/**
 * The child's request still waiting for the panel, if there is one (case references compared without
 * case). Asked on every intake, just after the store changed: a scan that settles only the child's own
 * requests, rather than every request's standing as the waiting list would.
 */
export function waitingRequestFor(facts: PanelFacts, childRef: string): StoredRequest | undefined {
  const ref = childRef.toUpperCase();
  return facts.requests().find((r) => r.childRef.toUpperCase() === ref && isOpen(facts.settlement(r.id).status));
}

/** Savings to date over every request as of a date (the day itself not counted). */
export function savingsAsOf(facts: PanelFacts, asOf: string): SavingsReport {
  return facts.keep(`savings ${asOf}`, () => facts.savingsLedger().report(asOf, () => {
    const lines: SavingsCaseLine[] = [];
    for (const c of facts.cases()) {
      const line = savingsLine(savingsCaseOf(c), asOf, { weeksPerYear: facts.settings.weeksPerYear });
      if (line !== undefined) lines.push(line);
    }
    return lines;
  }));
}

/** An approved request with the placement in force for it on a date. */
export interface ActivePlacement {
  request: StoredRequest;
  placement: PlacementInForce;
}

/**
 * The placements in force on one day, kept across changes to the store: a changed case's placement
 * is worked out again and its spend taken out and put back, the rest stand (CaseBook.follower).
 */
class PlacementsOnDay implements CaseFollower {
  /** Approved requests in effect on the day, ended ones included. */
  readonly byRequest = new Map<string, ActivePlacement>();
  private readonly spend = new Map<PlacementType, { placements: number; councilWeekly: Money }>();
  /** Those not ended above their need band, furthest first; and those not ended by when and why they end. */
  readonly outliers: SortedList<ValueOutlier>;
  readonly ends: SortedList<Ending>;
  private readonly kept = new Map<string, { outlier?: ValueOutlier; ending: Ending }>();

  constructor(cases: readonly Case[], private readonly asOf: IsoDate, private readonly bands: NeedBands) {
    for (const c of cases) this.add(c);
    // Sorted once, whole: put in one at a time, tens of thousands would each move the rest.
    const kept = [...this.kept.values()];
    this.outliers = new SortedList(furthestFirst, kept.flatMap((k) => (k.outlier === undefined ? [] : [k.outlier])));
    this.ends = new SortedList(endingFirst, kept.map((k) => k.ending));
  }

  replace(before: Case | undefined, after: Case | undefined): void {
    if (before !== undefined) this.remove(before.request.id);
    if (after !== undefined) this.add(after);
  }

  /** The council's weekly cost of the placements not ended, by type, dearest first. */
  spendByType(): SpendByType[] {
    return [...this.spend].map(([type, s]) => ({ type, ...s }))
      .sort((a, b) => b.councilWeekly.comparedTo(a.councilWeekly) || a.type.localeCompare(b.type));
  }

  /** The placements not ended on the day, in no order. */
  *active(): Iterable<ActivePlacement> {
    for (const p of this.byRequest.values()) if (!p.placement.ended) yield p;
  }

  private add(c: Case): void {
    const decision = approvedDecision(c.settlement);
    if (!decision) return;
    const placement = placementInForce(c.request, decision, c.events, this.asOf);
    if (!placement) return;
    this.byRequest.set(c.request.id, { request: c.request, placement });
    if (placement.ended) return;
    const outlier = outlierOf(c.request, placement, this.bands);
    const ending = endingOf(c.request, placement);
    this.kept.set(c.request.id, { ...(outlier !== undefined && { outlier }), ending });
    // While the constructor runs the lists are not made yet: it sorts what was kept.
    if (this.ends !== undefined) {
      if (outlier !== undefined) this.outliers.add(outlier);
      this.ends.add(ending);
    }
    const row = this.spend.get(placement.type);
    this.spend.set(placement.type, { placements: (row?.placements ?? 0) + 1, councilWeekly: (row?.councilWeekly ?? ZERO).plus(placement.councilWeekly) });
  }

  private remove(requestId: string): void {
    const gone = this.byRequest.get(requestId);
    if (gone === undefined) return;
    this.byRequest.delete(requestId);
    const { placement } = gone;
    if (placement.ended) return;
    const kept = this.kept.get(requestId)!;
    this.kept.delete(requestId);
    if (kept.outlier !== undefined) this.outliers.remove(kept.outlier);
    this.ends.remove(kept.ending);
    const row = this.spend.get(placement.type)!;
    if (row.placements === 1) this.spend.delete(placement.type);
    else this.spend.set(placement.type, { placements: row.placements - 1, councilWeekly: row.councilWeekly.minus(placement.councilWeekly) });
  }
}

function placementsOnDay(facts: PanelFacts, asOf: string): PlacementsOnDay {
  return facts.follower(`placements ${asOf}`, (cases) => new PlacementsOnDay(cases, asOf, facts.settings.needBands));
}

/** A placement in force with the day it is to end: its planned end, or the child's 18th birthday if sooner. */
interface Ending {
  request: StoredRequest;
  placement: PlacementInForce;
  date: IsoDate;
  why: 'planned_end' | 'eighteenth_birthday';
}

const endingFirst = (a: Ending, b: Ending) => a.date.localeCompare(b.date) || a.request.id.localeCompare(b.request.id);

function endingOf(request: StoredRequest, placement: PlacementInForce): Ending {
  const planned = request.proposed.plannedEndDate;
  const eighteen = eighteenthBirthday(request);
  return planned !== undefined && planned <= eighteen
    ? { request, placement, date: planned, why: 'planned_end' }
    : { request, placement, date: eighteen, why: 'eighteenth_birthday' };
}

/** The placement as an outlier, when its weekly cost is above the band for the child's need level. */
function outlierOf(request: StoredRequest, placement: PlacementInForce, bands: NeedBands): ValueOutlier | undefined {
  const level = needLevel(request.needs.scores);
  const check = valueCheck(placement.type, level, placement.weeklyCost, bands);
  if (!check.aboveBand || !check.band || !check.ratioToMidpoint) return undefined;
  return { request, placement, level, band: check.band, ratio: check.ratioToMidpoint };
}

/** Approved requests whose decision has taken effect by `asOf`, with what is in force (ended ones included), in the order received. */
export function placementsInEffect(facts: PanelFacts, asOf: string): readonly ActivePlacement[] {
  return facts.keep(`placementsInEffect ${asOf}`, () => {
    const { byRequest } = placementsOnDay(facts, asOf);
    const out: ActivePlacement[] = [];
    for (const c of facts.cases()) {
      const p = byRequest.get(c.request.id);
      if (p !== undefined) out.push(p);
    }
    return Object.freeze(out);
  });
}

/** Placements the council is paying for on `asOf`: approved, in effect, not ended (in no order). */
export function activePlacements(facts: PanelFacts, asOf: string): Iterable<ActivePlacement> {
  return placementsOnDay(facts, asOf).active();
}

const dearestFirst = (a: ActivePlacement, b: ActivePlacement) => b.placement.weeklyCost.comparedTo(a.placement.weeklyCost) || a.request.id.localeCompare(b.request.id);

/** The placements with the highest weekly cost on `asOf`, dearest first (ties by request id). */
export function topPlacements(facts: PanelFacts, asOf: string, count: number): ActivePlacement[] {
  return firstKept(activePlacements(facts, asOf), count, dearestFirst);
}

/** The first `kept` of `items` in `order`, found in one pass: sorting every item would cost more than in proportion as the store grows. */
function firstKept<T>(items: Iterable<T>, kept: number, order: (a: T, b: T) => number): T[] {
  const first: T[] = [];
  if (kept <= 0) return first;
  for (const item of items) {
    if (first.length === kept && order(item, first[kept - 1]!) >= 0) continue;
    let at = first.length;
    while (at > 0 && order(item, first[at - 1]!) < 0) at -= 1;
    first.splice(at, 0, item);
    if (first.length > kept) first.pop();
  }
  return first;
}

/** An active placement whose weekly cost is above the band for the child's need level. */
export interface ValueOutlier {
  request: StoredRequest;
  placement: PlacementInForce;
  level: NeedLevel;
  band: { low: Decimal; high: Decimal };
  ratio: Decimal;
}

/** Active placements above their need band: the furthest, in order, and how many there are in all. */
export interface ValueOutliers {
  furthest: readonly ValueOutlier[];
  count: number;
}

function furthestFirst(a: ValueOutlier, b: ValueOutlier): number {
  return b.ratio.comparedTo(a.ratio) || a.request.id.localeCompare(b.request.id);
}

/** Active placements above their need band: the furthest `kept`, in order, and how many there are in all. */
export function valueOutliers(facts: PanelFacts, asOf: string, kept: number): ValueOutliers {
  return facts.keep(`valueOutliers ${asOf} ${kept}`, () => {
    const { outliers } = placementsOnDay(facts, asOf);
    return Object.freeze({ furthest: Object.freeze(outliers.first(kept)), count: outliers.size });
  });
}

/** One decided request in the cohort: the council's weekly cost before the panel and now, and why it moved. */
export interface CohortMember {
  kind: 'new' | 'change';
  original: Money;
  current: Money;
  /** The latest recorded change's reason, or undefined when nothing was recorded after the decision. */
  lastReason?: string;
  placement: PlacementInForce;
}

/** Approved requests in effect on `asOf`, with their original and current council weekly cost. */
export function cohortMembers(facts: PanelFacts, asOf: string): CohortMember[] {
  return placementsInEffect(facts, asOf).map(({ request, placement }) => ({
    kind: request.kind,
    original: councilWeekly(baselineOf(request)),
    current: placement.councilWeekly,
    ...(placement.lastReason !== undefined && { lastReason: placement.lastReason }),
    placement,
  }));
}

/** A financial year's realised savings so far, the forecast to its end, and the target. */
export interface FinancialYearFacts {
  label: string;
  toDate: Money;
  /** Realised by 31 March if placements run at their recorded costs until their own ends. */
  forecast: Money;
  target?: Money;
}

/** The financial year holding `yearOf`, counted as of `asOf`. */
export function financialYearFacts(facts: PanelFacts, asOf: string, yearOf: string = asOf): FinancialYearFacts {
  const fy = financialYearOf(yearOf);
  const target = facts.settings.savingsTarget;
  return {
    label: fy.label,
    toDate: savingsAsOf(facts, asOf).byFinancialYear[fy.label] ?? ZERO,
    // The same calculator run to the day after the year's end.
    forecast: savingsAsOf(facts, addDays(fy.end, 1)).byFinancialYear[fy.label] ?? ZERO,
    ...(target !== undefined && { target: new Money(target) }),
  };
}

/** The digest's rules: which decisions are the week's, and how far ahead reviews and ends are shown. */
export const DIGEST_RULES = {
  /** The week is the seven days ending on the digest's day, so no decision falls in two digests. */
  weekDays: 7,
  /** Reviews due from today up to this many days ahead. */
  reviewHorizonDays: 14,
  /** Placements ending (planned end or 18th birthday) from today up to this many days ahead. */
  endingHorizonDays: 56,
  /** The oldest follow-ups named; the rest are counted. */
  followUpsNamed: 3,
} as const;

/** A decision settled in the digest's week. */
export interface SettledInWeek {
  request: StoredRequest;
  decision: DecisionRecord;
  /** The option the panel chose, for an approval whose option the request has. */
  option?: PlacementOption;
  /** What that approval promises from its effective date (undefined for a decline or deferral). */
  projected?: ProjectedSaving;
}

/** One month of the financial year, up to the digest's day: what was realised in it and by its end. */
export interface MonthOfYear {
  /** '2026-04'. */
  month: string;
  /** The month's savings are counted up to this date (not counted): the 1st of the next month, or today. */
  asOf: string;
  saved: Money;
  /** Realised in the financial year as of `asOf`. */
  cumulative: Money;
  /** Whether `asOf` is the 1st of the next month: the month is over. */
  complete: boolean;
  /** The target's straight line as of `asOf`, and its share of the month's days counted (without a target, undefined). */
  straightLine?: Money;
  targetInMonth?: Money;
}

/** The financial year so far and where it is heading if the decisions keep saving at today's rate. */
export interface YearTrajectory {
  year: FinancialYear;
  /** The digest's day: counted up to, not including, it. */
  asOf: string;
  /** Realised in the year up to the digest's day (the day itself not counted). */
  savedSoFar: Money;
  /** The weekly saving of the approvals in force on the digest's day. */
  weeklyRate: Money;
  /** Where the year ends if `weeklyRate` holds from the digest's day to 31 March. */
  yearEnd: Money;
  target?: Money;
  /** The target's straight line as of the digest's day. */
  straightLine?: Money;
  /** `yearEnd` less the target: negative when the year ends short of it. */
  yearEndAgainstTarget?: Money;
  /** April to the digest's month (a month with no day counted yet left out). */
  months: MonthOfYear[];
}

/** The council's weekly cost of the placements in force of one type. */
export interface SpendByType {
  type: PlacementType;
  placements: number;
  councilWeekly: Money;
}

/** What the weekly digest reports, as of its day. */
export interface DigestFacts {
  today: string;
  weekStart: string;
  /** In the order decided. */
  settled: SettledInWeek[];
  reviews: { request: StoredRequest; date: string }[];
  ending: { request: StoredRequest; placement: PlacementInForce; date: string; why: 'planned_end' | 'eighteenth_birthday' }[];
  waiting: readonly StoredRequest[];
  /** What needs doing, less reviews due today (listed with the reviews coming up): counted, and the oldest. */
  followUps: FollowUpSummary;
  trajectory: YearTrajectory;
  /** Dearest first. */
  spend: SpendByType[];
  outliers: ValueOutliers;
}

/** The week's decision with what its option promises; nothing promised when the stored option is not the request's. */
function settledInWeek(request: StoredRequest, decision: DecisionRecord, weeksPerYear: number): SettledInWeek {
  if (!isApproval(decision.outcome)) return { request, decision };
  const option = optionOf(request, decision.option);
  if (option === undefined) return { request, decision };
  const weekly = weeklySaving(councilWeekly(baselineOf(request)), councilWeekly(option));
  return { request, decision, option, projected: projectionOf(request, weekly, decision.effectiveFrom, { weeksPerYear }) };
}

/** The financial year holding `today`: realised by month, the rate now, and the year's end at that rate. */
export function yearTrajectory(facts: PanelFacts, today: string): YearTrajectory {
  return facts.keep(`yearTrajectory ${today}`, () => {
    const year = financialYearOf(today);
    const target = facts.settings.savingsTarget === undefined ? undefined : new Money(facts.settings.savingsTarget);
    const report = savingsAsOf(facts, today);
    const months: MonthOfYear[] = [];
    let cumulative: Money = ZERO;
    for (let first = year.start; first < today; first = firstOfNextMonth(first)) {
      const month = monthOf(first);
      const next = firstOfNextMonth(first);
      const asOf = minDate(next, today);
      const saved = report.byMonth[month] ?? ZERO;
      cumulative = cumulative.plus(saved);
      months.push({
        month, asOf, saved, cumulative, complete: asOf === next,
        ...(target !== undefined && { straightLine: straightLineAsOf(target, year, asOf), targetInMonth: straightLineBetween(target, year, first, asOf) }),
      });
    }
    const savedSoFar = report.byFinancialYear[year.label] ?? ZERO;
    const weeklyRate = facts.savingsLedger().weeklyRateOn(today);
    const yearEnd = yearEndAtRate(savedSoFar, weeklyRate, today, year);
    return Object.freeze({
      year,
      asOf: today,
      savedSoFar,
      weeklyRate,
      yearEnd,
      ...(target !== undefined && { target, straightLine: straightLineAsOf(target, year, today), yearEndAgainstTarget: yearEnd.minus(target) }),
      months,
    });
  });
}

/** The council's weekly cost of the placements in force on `asOf`, by placement type, dearest first. */
export function spendByType(facts: PanelFacts, asOf: string): SpendByType[] {
  return placementsOnDay(facts, asOf).spendByType();
}

/** The facts of the weekly digest on `today` (the week is the DIGEST_RULES.weekDays ending today). */
/**
 * The week's settled decisions and the reviews coming up, as of one digest day, kept across changes:
 * a changed case's entries are taken out and worked out again, the rest stand.
 */
class DigestWeek implements CaseFollower {
  readonly settled = new SortedList<SettledInWeek>((a, b) => a.decision.decidedAt.localeCompare(b.decision.decidedAt) || a.request.id.localeCompare(b.request.id));
  readonly reviews = new SortedList<{ request: StoredRequest; date: string }>((a, b) => a.date.localeCompare(b.date) || a.request.id.localeCompare(b.request.id));
  private readonly kept = new Map<string, { settled?: SettledInWeek; review?: { request: StoredRequest; date: string } }>();
  private readonly weekStart: IsoDate;
  private readonly reviewHorizon: IsoDate;

  constructor(cases: readonly Case[], private readonly today: IsoDate, private readonly weeksPerYear: number) {
    this.weekStart = addDays(today, 1 - DIGEST_RULES.weekDays);
    this.reviewHorizon = addDays(today, DIGEST_RULES.reviewHorizonDays);
    for (const c of cases) this.add(c);
  }

  replace(before: Case | undefined, after: Case | undefined): void {
    const kept = before && this.kept.get(before.request.id);
    if (kept !== undefined) {
      this.kept.delete(before!.request.id);
      if (kept.settled !== undefined) this.settled.remove(kept.settled);
      if (kept.review !== undefined) this.reviews.remove(kept.review);
    }
    if (after !== undefined) this.add(after);
  }

  private add({ request, settlement }: Case): void {
    const decision = settlement.settledBy;
    if (decision === undefined) return;
    const day = decision.decidedAt.slice(0, 10);
    const settled = day >= this.weekStart && day <= this.today ? settledInWeek(request, decision, this.weeksPerYear) : undefined;
    const date = approvedDecision(settlement)?.reviewDate;
    const review = date !== undefined && date >= this.today && date <= this.reviewHorizon ? { request, date } : undefined;
    if (settled === undefined && review === undefined) return;
    this.kept.set(request.id, { ...(settled !== undefined && { settled }), ...(review !== undefined && { review }) });
    if (settled !== undefined) this.settled.add(settled);
    if (review !== undefined) this.reviews.add(review);
  }
}

/** The facts of the weekly digest on `today` (the week is the DIGEST_RULES.weekDays ending today). */
export function digestFacts(facts: PanelFacts, today: string, outliersKept: number): DigestFacts {
  const weekStart = addDays(today, 1 - DIGEST_RULES.weekDays);
  const week = facts.follower(`digest ${today}`, (cases) => new DigestWeek(cases, today, facts.settings.weeksPerYear));
  const settled = week.settled.all();
  const reviews = week.reviews.all();
  const endingHorizon = addDays(today, DIGEST_RULES.endingHorizonDays);
  // Kept in date order: those ending from today to the horizon.
  const ending: DigestFacts['ending'] = placementsOnDay(facts, today).ends
    .within((e) => (e.date < today ? -1 : e.date > endingHorizon ? 1 : 0));
  return {
    today,
    weekStart,
    settled,
    reviews,
    ending,
    waiting: waitingRequests(facts),
    followUps: followUpSummary(facts, today, DIGEST_RULES.followUpsNamed),
    trajectory: yearTrajectory(facts, today),
    spend: spendByType(facts, today),
    outliers: valueOutliers(facts, today, outliersKept),
  };
}

/** A request with where it stands, its records, and what it saves: the API's answer for one request. */
export interface RequestDetail {
  case: Case;
  status: RequestStatus;
  projected: { option: string; projected: ProjectedSaving }[];
  realised: Money;
  /** An approval the quorum recommended above their limits: what it waits for, and the roles whose limit covers it. */
  awaiting?: Awaiting;
}

/** An approval waiting for higher approval, with whoCanApprove's roles for its council cost (lowest limit first). */
export interface Awaiting extends HigherApproval {
  whoCanApprove: Role[];
}

/**
 * One request in detail: its options' projected savings from the same start the card uses
 * (projectionStart), and what it has realised as of `asOf`.
 */
export function requestDetail(facts: PanelFacts, id: string, asOf: string, today: string): RequestDetail | undefined {
  const c = facts.case(id);
  if (c === undefined) return undefined;
  const from = projectionStart(c.request.proposed.startDate, c.settlement, today);
  const awaiting = c.settlement.awaiting;
  return {
    case: c,
    status: c.settlement.status,
    projected: optionProjections(c.request, from, { weeksPerYear: facts.settings.weeksPerYear })
      .map(({ option, projected }) => ({ option: option.id, projected })),
    realised: realisedForCase({ request: c.request, decision: c.settlement.settledBy, events: c.events }, asOf),
    ...(awaiting !== undefined && { awaiting: { ...awaiting, whoCanApprove: whoCanApprove(facts.governance, new Money(awaiting.councilCost)) } }),
  };
}
