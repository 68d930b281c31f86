import { placementInForce, type PlacementInForce } from '../calculators/currentPlacement.js';
import type { IsoDate } from '../calculators/dates.js';
import { ZERO, type Money } from '../calculators/money.js';
import { optionOf, type PlacementOption } from '../calculators/projectedSaving.js';
import { savingsToDate } from '../calculators/savingsToDate.js';
import { conditionStates, type ConditionState } from '../domain/conditions.js';
import type { DecisionRecord } from '../domain/decision.js';
import { currentReviewDate, type ReviewRecord } from '../domain/review.js';
import { approvedDecision } from '../domain/settlement.js';
import type { Case, PanelFacts } from './facts.js';

/** One entry of a request's review history, oldest first (GET /api/requests/:id, `reviews.history`). */
export type ReviewHistoryEntry =
  | { kind: 'posted'; reviewDate: IsoDate; postedAt: string }
  | { kind: 'continued'; reviewDate: IsoDate; on: IsoDate; nextReviewDate: IsoDate; by: string; recordedAt: string; note?: string };

/** Where an approval stands for review: the date in force, the dates whose card went out, whether it ended. */
export interface ReviewState {
  requestId: string;
  decision: DecisionRecord;
  /** The review date in force: the decision's, or the latest continue's next date; undefined when none was set. */
  reviewDate?: IsoDate;
  /** The review dates whose card was posted to the panel channel. */
  posted: ReadonlySet<IsoDate>;
  /** The message of the latest review card posted, where it is known: the one to draw again after a review or a change. */
  message?: { conversationId: string; activityId: string };
  /** The date of the recorded end, once there is one: it is reviewed no more. */
  ended?: IsoDate;
  history: ReviewHistoryEntry[];
}

function continuesOf(c: Case): ReviewRecord[] {
  return c.reviews.filter((r): r is ReviewRecord => r.type === 'review');
}

export function reviewStateOf(c: Case): ReviewState | undefined {
  const decision = approvedDecision(c.settlement);
  if (decision === undefined) return undefined;
  const reviewDate = currentReviewDate(decision.reviewDate, continuesOf(c));
  const ended = c.events.find((e) => e.type === 'ended')?.date;
  const history = c.reviews.map((r): ReviewHistoryEntry => (r.type === 'review_posted'
    ? { kind: 'posted', reviewDate: r.date, postedAt: r.recordedAt }
    : {
      kind: 'continued', reviewDate: r.reviewDate, on: r.date, nextReviewDate: r.nextReviewDate, by: r.recordedBy.name, recordedAt: r.recordedAt,
      ...(r.note !== undefined && { note: r.note }),
    }));
  const last = c.reviews.filter((r) => r.type === 'review_posted').at(-1);
  return {
    requestId: c.request.id, decision, ...(reviewDate !== undefined && { reviewDate }),
    ...(last?.conversationId !== undefined && last.activityId !== undefined && { message: { conversationId: last.conversationId, activityId: last.activityId } }),
    posted: new Set(c.reviews.filter((r) => r.type === 'review_posted').map((r) => r.date)),
    ...(ended !== undefined && { ended }), history,
  };
}

/** Where the request stands for review, or undefined when it is not (or not yet) approved. */
export function reviewState(facts: PanelFacts, requestId: string): ReviewState | undefined {
  const c = facts.case(requestId);
  return c === undefined ? undefined : reviewStateOf(c);
}

/** A review that has come and whose card has not gone out. */
export interface ReviewDue {
  requestId: string;
  reviewDate: IsoDate;
}

/**
 * Approvals whose review date in force has come by `today` (in UK time), not ended, whose card for
 * that date has not been posted: one entry per approval however many days were missed, oldest first.
 */
export function reviewsDue(facts: PanelFacts, today: IsoDate): readonly ReviewDue[] {
  return facts.keep(`reviewsDue ${today}`, () => {
    const due: ReviewDue[] = [];
    for (const c of facts.cases()) {
      const state = reviewStateOf(c);
      if (state?.reviewDate === undefined || state.ended !== undefined || state.reviewDate > today || state.posted.has(state.reviewDate)) continue;
      due.push({ requestId: c.request.id, reviewDate: state.reviewDate });
    }
    due.sort((a, b) => a.reviewDate.localeCompare(b.reviewDate) || a.requestId.localeCompare(b.requestId));
    return Object.freeze(due);
  });
}

/** What the review card shows: what was approved, the placement now, savings to date against the promise, the conditions. */
export interface ReviewFacts {
  case: Case;
  state: ReviewState;
  option: PlacementOption;
  /** The placement in force on `today` after recorded changes; undefined before the decision takes effect. */
  now?: PlacementInForce;
  /** Saved up to `today` (not counted), and what the decision promised over the same days. */
  realised: Money;
  projectedToDate: Money;
  conditions: ConditionState[];
}

/** The review card's facts on `today`, or undefined when the request is not an approval of an option it has. */
export function reviewFacts(facts: PanelFacts, requestId: string, today: IsoDate): ReviewFacts | undefined {
  const c = facts.case(requestId);
  const state = c && reviewStateOf(c);
  if (c === undefined || state === undefined) return undefined;
  const option = optionOf(c.request, state.decision.option);
  if (option === undefined) return undefined;
  // The same savings the savings card counts, for this one approval.
  const line = savingsToDate([{ request: c.request, decision: state.decision, events: c.events }], today, { weeksPerYear: facts.settings.weeksPerYear }).cases[0];
  const now = placementInForce(c.request, state.decision, c.events, today);
  return {
    case: c, state, option, ...(now !== undefined && { now }),
    realised: line?.realised ?? ZERO, projectedToDate: line?.projectedToDate ?? ZERO,
    conditions: conditionStates(state.decision, c.completions),
  };
}
