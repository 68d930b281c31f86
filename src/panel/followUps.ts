import { daysBetween, type IsoDate } from '../calculators/dates.js';
import type { Money } from '../calculators/money.js';
import { conditionStates } from '../domain/conditions.js';
import { decideByOf } from '../domain/decideBy.js';
import { approvedDecision, isOpen } from '../domain/settlement.js';
import { isRatification } from '../domain/urgency.js';
import { SortedList } from '../lib/sortedList.js';
import type { CaseFollower } from './caseBook.js';
import type { Case, PanelFacts, PanelSettings } from './facts.js';
import { slippageGraceDays, slippingCost } from './followThrough.js';
import { reviewStateOf } from './reviews.js';

/*
 * What needs doing (issue #15, "One list of what needs doing"): one list of what is late or due,
 * read from the rules that already say so (decide-by, ratification, conditions, reviews, slippage).
 */

export const FOLLOW_UP_KINDS = ['decide_by', 'unratified', 'condition', 'review', 'slipping'] as const;
export type FollowUpKind = (typeof FOLLOW_UP_KINDS)[number];

/** One thing that needs doing, as of a day. */
export interface FollowUp {
  kind: FollowUpKind;
  requestId: string;
  childRef: string;
  /**
   * The date it fell due: the decide-by date, the day an emergency placement was made, a condition's
   * due date, the review date, or the effective date of a change not yet confirmed as started.
   */
  due: IsoDate;
  /** Days from `due` to the as-of date (0 on the day itself). */
  daysOverdue: number;
  /** What is to be done, in words (typed text such as a condition's, unescaped: views escape it). */
  what: string;
  /** For a change slipping: what the delay has cost so far, exact. */
  slippageCost?: Money;
  /** For a condition: its number on the request, from 1. */
  condition?: number;
}

/** Oldest first: by due date, then request id, then kind and condition, so the order never depends on the store's. */
function oldestFirst(a: FollowUp, b: FollowUp): number {
  return a.due.localeCompare(b.due) || a.requestId.localeCompare(b.requestId)
    || FOLLOW_UP_KINDS.indexOf(a.kind) - FOLLOW_UP_KINDS.indexOf(b.kind) || (a.condition ?? 0) - (b.condition ?? 0);
}

/** What needs doing for one case as of `asOf` (see followUps), in no order. */
function caseFollowUps(c: Case, asOf: IsoDate, settings: PanelSettings): FollowUp[] {
  const items: FollowUp[] = [];
  const { request, settlement } = c;
  const item = (kind: FollowUpKind, due: IsoDate, what: string) =>
    ({ kind, requestId: request.id, childRef: request.childRef, due, daysOverdue: Math.max(0, daysBetween(due, asOf)), what });
  if (isOpen(settlement.status)) {
    if (isRatification(request)) {
      if (request.proposed.startDate <= asOf) items.push(item('unratified', request.proposed.startDate, 'Ratify the emergency placement already made'));
      return items;
    }
    const decideBy = decideByOf(request, settings.decideBy);
    if (decideBy.date < asOf) items.push(item('decide_by', decideBy.date, 'Decide: the decide-by date has passed'));
    return items;
  }
  const decision = approvedDecision(settlement);
  if (decision === undefined) return items;
  for (const condition of conditionStates(decision, c.completions)) {
    if (condition.done !== undefined || condition.due === undefined || condition.due >= asOf) continue;
    const owner = condition.owner === undefined || condition.owner.trim() === '' ? '' : ` (${condition.owner})`;
    items.push({ ...item('condition', condition.due, `Condition ${condition.n}${owner}: ${condition.text}`), condition: condition.n });
  }
  // The review date in force (a review held moves it on), none once the placement has ended.
  const review = reviewStateOf(c);
  if (review?.reviewDate !== undefined && review.ended === undefined && review.reviewDate <= asOf) {
    items.push(item('review', review.reviewDate, 'Review the approval'));
  }
  const slipping = slippingCost(c, asOf, slippageGraceDays(settings));
  if (slipping !== undefined) items.push({ ...item('slipping', slipping.effectiveFrom, 'Confirm the approved change has started'), slippageCost: slipping.cost });
  return items;
}

/** A review due on the day itself: the digest lists it with the reviews coming up, not as overdue. */
const dueToday = (f: FollowUp) => f.kind === 'review' && f.daysOverdue === 0;

/** What needs doing as of one day, oldest first, kept across changes: a changed case moves only its own items. */
class FollowUpList implements CaseFollower {
  private readonly byRequest = new Map<string, FollowUp[]>();
  readonly sorted: SortedList<FollowUp>;
  /** By kind, less the reviews due on the day itself (counted apart). */
  readonly counts: Record<FollowUpKind, number> = followUpCounts([]);
  reviewsDueToday = 0;

  constructor(cases: readonly Case[], private readonly itemsOf: (c: Case) => FollowUp[]) {
    const all: FollowUp[] = [];
    for (const c of cases) {
      const items = itemsOf(c);
      if (items.length === 0) continue;
      this.byRequest.set(c.request.id, items);
      for (const item of items) {
        all.push(item);
        this.count(item, 1);
      }
    }
    this.sorted = new SortedList(oldestFirst, all);
  }

  replace(before: Case | undefined, after: Case | undefined): void {
    const id = (before ?? after)!.request.id;
    for (const old of this.byRequest.get(id) ?? []) {
      this.sorted.remove(old);
      this.count(old, -1);
    }
    this.byRequest.delete(id);
    const items = after === undefined ? [] : this.itemsOf(after);
    if (items.length > 0) this.byRequest.set(id, items);
    for (const item of items) {
      this.sorted.add(item);
      this.count(item, 1);
    }
  }

  private count(item: FollowUp, by: 1 | -1): void {
    if (dueToday(item)) this.reviewsDueToday += by;
    else this.counts[item.kind] += by;
  }
}

function followUpList(facts: PanelFacts, asOf: IsoDate): FollowUpList {
  return facts.follower(`followUps ${asOf}`, (cases) => new FollowUpList(cases, (c) => caseFollowUps(c, asOf, facts.settings)));
}

/** What needs doing, less the reviews due on the day itself: how many of each kind, and the oldest. */
export interface FollowUpSummary {
  counts: Record<FollowUpKind, number>;
  total: number;
  oldest: readonly FollowUp[];
}

/** What the digest says needs doing as of `asOf`: counted by kind, the oldest `named` named; reviews due that day left to their own list. */
export function followUpSummary(facts: PanelFacts, asOf: IsoDate, named: number): FollowUpSummary {
  return facts.keep(`followUpSummary ${asOf} ${named}`, () => {
    const list = followUpList(facts, asOf);
    // Reviews due that day sort last (nothing else falls due on the day itself but an emergency placed that day).
    const oldest = list.sorted.first(named + list.reviewsDueToday).filter((f) => !dueToday(f)).slice(0, named);
    const counts = { ...list.counts };
    return Object.freeze({ counts, total: FOLLOW_UP_KINDS.reduce((n, k) => n + counts[k], 0), oldest: Object.freeze(oldest) });
  });
}

/**
 * What needs doing as of `asOf`, oldest first: requests waiting past their decide-by date,
 * emergency placements waiting to be ratified (listed as such, not also as past their decide-by
 * date), conditions not done by their due date, reviews whose date has come, and approved changes
 * slipping, with what the delay has cost so far. A decide-by date or a condition is late the day
 * after it; a review is due on its date. Kept for the day across changes (FollowUpList).
 */
export function followUps(facts: PanelFacts, asOf: IsoDate): readonly FollowUp[] {
  return facts.keep(`followUps ${asOf}`, () => Object.freeze(followUpList(facts, asOf).sorted.all()));
}

/** How many items of each kind, every kind named (0 when none). */
export function followUpCounts(items: readonly FollowUp[]): Record<FollowUpKind, number> {
  const counts = Object.fromEntries(FOLLOW_UP_KINDS.map((k) => [k, 0])) as Record<FollowUpKind, number>;
  for (const i of items) counts[i.kind] += 1;
  return counts;
}
