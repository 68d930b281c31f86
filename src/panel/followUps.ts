import { daysBetween, type IsoDate } from '../calculators/dates.js';
import type { Money } from '../calculators/money.js';
import { conditionStates } from '../domain/conditions.js';
import { decideByOf } from '../domain/decideBy.js';
import { approvedDecision, isOpen } from '../domain/settlement.js';
import { isRatification } from '../domain/urgency.js';
import type { PanelFacts } from './facts.js';
import { slippageAsOf } from './followThrough.js';
import { reviewState } from './reviews.js';

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

/**
 * What needs doing as of `asOf`, oldest first: requests waiting past their decide-by date,
 * emergency placements waiting to be ratified (listed as such, not also as past their decide-by
 * date), conditions not done by their due date, reviews whose date has come, and approved changes
 * slipping, with what the delay has cost so far. A decide-by date or a condition is late the day
 * after it; a review is due on its date.
 */
export function followUps(facts: PanelFacts, asOf: IsoDate): readonly FollowUp[] {
  return facts.keep(`followUps ${asOf}`, () => {
    const items: FollowUp[] = [];
    const item = (kind: FollowUpKind, request: { id: string; childRef: string }, due: IsoDate, what: string) =>
      ({ kind, requestId: request.id, childRef: request.childRef, due, daysOverdue: Math.max(0, daysBetween(due, asOf)), what });
    for (const c of facts.cases()) {
      const { request, settlement } = c;
      if (isOpen(settlement.status)) {
        if (isRatification(request)) {
          if (request.proposed.startDate <= asOf) items.push(item('unratified', request, request.proposed.startDate, 'Ratify the emergency placement already made'));
          continue;
        }
        const decideBy = decideByOf(request, facts.settings.decideBy);
        if (decideBy.date < asOf) items.push(item('decide_by', request, decideBy.date, 'Decide: the decide-by date has passed'));
        continue;
      }
      const decision = approvedDecision(settlement);
      if (decision === undefined) continue;
      for (const condition of conditionStates(decision, c.completions)) {
        if (condition.done !== undefined || condition.due === undefined || condition.due >= asOf) continue;
        const owner = condition.owner === undefined || condition.owner.trim() === '' ? '' : ` (${condition.owner})`;
        items.push({ ...item('condition', request, condition.due, `Condition ${condition.n}${owner}: ${condition.text}`), condition: condition.n });
      }
      // The review date in force (a review held moves it on), none once the placement has ended.
      const review = reviewState(facts, request.id);
      if (review?.reviewDate !== undefined && review.ended === undefined && review.reviewDate <= asOf) {
        items.push(item('review', request, review.reviewDate, 'Review the approval'));
      }
    }
    const slippage = slippageAsOf(facts, asOf);
    for (const requestId of slippage.slippingRequests) {
      const c = facts.case(requestId);
      const followThrough = slippage.slippingCosts.get(requestId);
      if (c === undefined || followThrough === undefined) continue;
      items.push({
        ...item('slipping', c.request, followThrough.effectiveFrom, 'Confirm the approved change has started'),
        slippageCost: followThrough.cost,
      });
    }
    return Object.freeze(items.sort(oldestFirst));
  });
}

/** How many items of each kind, every kind named (0 when none). */
export function followUpCounts(items: readonly FollowUp[]): Record<FollowUpKind, number> {
  const counts = Object.fromEntries(FOLLOW_UP_KINDS.map((k) => [k, 0])) as Record<FollowUpKind, number>;
  for (const i of items) counts[i.kind] += 1;
  return counts;
}
