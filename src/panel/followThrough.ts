import { accruedOver, weeksIn } from '../calculators/accrual.js';
import { addDays, daysBetween, earliestDate, type IsoDate } from '../calculators/dates.js';
import type { Money } from '../calculators/money.js';
import { baselineOf, councilWeekly, optionOf, weeklySaving } from '../calculators/projectedSaving.js';
import { baselineEnd, startedOn } from '../calculators/savingsToDate.js';
import { combinedSchedule, slippageSchedule, type SlippageItem, type SlippageMonth } from '../calculators/slippage.js';
import { approvedDecision } from '../domain/settlement.js';
import type { Case, PanelFacts } from './facts.js';

/*
 * Follow-through of approvals (docs/domain.md, "Started and slippage"): whether an approved change
 * has been confirmed as started, what a late start cost, and which changes are slipping.
 */

/** Days after its effective date an approval may go unconfirmed before it is flagged as slipping, when the council sets none. */
export const DEFAULT_SLIPPAGE_GRACE_DAYS = 7;

/** An approval's follow-through as of a day. */
export interface FollowThrough {
  requestId: string;
  effectiveFrom: IsoDate;
  /** The day a `started` event says the change took effect, if one is recorded. */
  started?: IsoDate;
  /** A start, cost change or end is recorded: the change is known to have happened. */
  confirmed: boolean;
  /** Unconfirmed more than the grace days after its effective date. */
  slipping: boolean;
  /** What the approval saves a week when in force (baseline − approved option, council share). */
  weeklySaving: Money;
  /** Days of delay counted: up to the start (or, while slipping, the as-of date, not counted); none otherwise. */
  daysLate: number;
  weeksLate: Money;
  /** Weekly saving × weeks of delay, exact. */
  cost: Money;
  /** The cost by calendar month, with the running total. */
  byMonth: SlippageMonth[];
}

/** Where an approval's change stands: slipping, started late or on time, known to have happened some other way, or not yet confirmed. */
export type FollowThroughState = 'slipping' | 'late' | 'on_time' | 'confirmed' | 'not_confirmed';

export function followThroughState(f: FollowThrough): FollowThroughState {
  if (f.slipping) return 'slipping';
  if (f.started !== undefined) return f.daysLate > 0 ? 'late' : 'on_time';
  return f.confirmed ? 'confirmed' : 'not_confirmed';
}

/** The slippage across every approval as of a day. */
export interface SlippageSummary {
  asOf: IsoDate;
  /** Confirmed late starts: savings to date already leave these days out. */
  confirmed: Money;
  /** Unconfirmed changes past their grace days, counted to the as-of date: savings to date still count these days. */
  slipping: Money;
  total: Money;
  byMonth: SlippageMonth[];
  /** The requests flagged as slipping, soonest effective date first. */
  slippingRequests: string[];
  /** What each of those has cost so far, from its effective date. */
  slippingCosts: ReadonlyMap<string, { effectiveFrom: IsoDate; cost: Money }>;
}

interface Late {
  /** Everything but the cost, which needs the slippage schedule (see costed). */
  followThrough: Omit<FollowThrough, 'cost' | 'byMonth'>;
  item?: SlippageItem;
}

/** Whether and how late an approval is as of a day, without costing it (a pass over every approval costs only the totals). */
function lateness(c: Case, asOf: IsoDate, graceDays: number): Late | undefined {
  const decision = approvedDecision(c.settlement);
  if (decision === undefined) return undefined;
  // A store edited by hand may approve an option the request lacks: nothing can be costed for it.
  const option = optionOf(c.request, decision.option);
  if (option === undefined) return undefined;
  const effectiveFrom = decision.effectiveFrom;
  const started = startedOn(c.events);
  // Only what happened to the placement confirms it: not, say, a condition of the approval marked done.
  const confirmed = c.events.some((e) => e.type === 'started' || e.type === 'cost_change' || e.type === 'ended');
  const due = effectiveFrom <= asOf;
  const slipping = due && !confirmed && asOf > addDays(effectiveFrom, graceDays);
  // The days that cost: up to a late start, or to the as-of date while slipping; never past the
  // day the baseline stops (a planned end, the 18th birthday), after which nothing was to be saved.
  const end = started !== undefined && started > effectiveFrom ? started : slipping ? asOf : undefined;
  const until = end === undefined || !due ? undefined : earliestDate([end, baselineEnd({ request: c.request, decision, events: c.events }, asOf)])!;
  const weekly = weeklySaving(councilWeekly(baselineOf(c.request)), councilWeekly(option));
  const item = until !== undefined && until > effectiveFrom ? { weeklySaving: weekly, plannedDate: effectiveFrom, actualDate: until } : undefined;
  const daysLate = item ? daysBetween(effectiveFrom, until!) : 0;
  return {
    followThrough: {
      requestId: c.request.id,
      effectiveFrom,
      ...(started !== undefined && { started }),
      confirmed,
      slipping,
      weeklySaving: weekly,
      daysLate,
      weeksLate: weeksIn(daysLate),
    },
    ...(item && { item }),
  };
}

/** What a slipping change has cost so far: weekly saving × weeks late, as the schedule adds it up month by month, without a schedule. */
function slippingCostOf(late: Late & { item: SlippageItem }): { effectiveFrom: IsoDate; cost: Money } {
  return { effectiveFrom: late.followThrough.effectiveFrom, cost: accruedOver(late.item.weeklySaving, late.followThrough.daysLate) };
}

/** The change is slipping as of a day: what it has cost so far, from its effective date; undefined otherwise. */
export function slippingCost(c: Case, asOf: IsoDate, graceDays: number): { effectiveFrom: IsoDate; cost: Money } | undefined {
  const late = lateness(c, asOf, graceDays);
  return late?.item !== undefined && late.followThrough.slipping ? slippingCostOf({ ...late, item: late.item }) : undefined;
}

/** The council's grace days (SLIPPAGE_GRACE_DAYS), which every answer about slipping uses, or the default. */
export function slippageGraceDays(settings: { slippageGraceDays?: number }): number {
  return settings.slippageGraceDays ?? DEFAULT_SLIPPAGE_GRACE_DAYS;
}

/** The follow-through with its cost, by month, from the shared slippage calculator. */
function costed(late: Late, asOf: IsoDate): FollowThrough {
  const schedule = slippageSchedule(late.item ? [late.item] : [], { asOf });
  return { ...late.followThrough, cost: schedule.total, byMonth: schedule.months };
}

/**
 * The follow-through of one approved request as of a day (the day itself not counted), or
 * undefined when it is not approved.
 */
export function followThroughOf(facts: PanelFacts, requestId: string, asOf: IsoDate, graceDays = slippageGraceDays(facts.settings)): FollowThrough | undefined {
  const c = facts.case(requestId);
  const late = c === undefined ? undefined : lateness(c, asOf, graceDays);
  return late === undefined ? undefined : costed(late, asOf);
}

/** The slippage of every approval as of a day: late starts confirmed, and changes slipping. */
export function slippageAsOf(facts: PanelFacts, asOf: IsoDate, graceDays = slippageGraceDays(facts.settings)): SlippageSummary {
  return facts.keep(`slippage ${asOf} ${graceDays}`, () => {
    const late = facts.cases().flatMap((c) => {
      const l = lateness(c, asOf, graceDays);
      return l?.item ? [{ ...l, item: l.item }] : [];
    });
    const slipping = late.filter((l) => l.followThrough.slipping)
      .sort((a, b) => a.followThrough.effectiveFrom.localeCompare(b.followThrough.effectiveFrom) || a.followThrough.requestId.localeCompare(b.followThrough.requestId));
    const confirmed = slippageSchedule(late.filter((l) => !l.followThrough.slipping).map((l) => l.item), { asOf });
    const slipped = slippageSchedule(slipping.map((l) => l.item), { asOf });
    const schedule = combinedSchedule(confirmed, slipped);
    return {
      asOf,
      confirmed: confirmed.total,
      slipping: slipped.total,
      total: schedule.total,
      byMonth: schedule.months,
      slippingRequests: slipping.map((l) => l.followThrough.requestId),
      slippingCosts: new Map(slipping.map((l) => [l.followThrough.requestId, slippingCostOf(l)])),
    };
  });
}
