import { dateOfInstant, type IsoDate } from '../calculators/dates.js';
import { Money } from '../calculators/money.js';
import { needLevel, type NeedLevel } from '../calculators/need.js';
import {
  baselineOf, councilWeekly, optionOf, projectedSaving, type CostedPlacement, type PlacementOption,
} from '../calculators/projectedSaving.js';
import { conditionStates, type ConditionState } from '../domain/conditions.js';
import type { DecisionRecord } from '../domain/decision.js';
import type { StoredRequest } from '../domain/request.js';
import type { RequestStatus } from '../domain/settlement.js';
import { isApproval, type Outcome, type PlacementType, type RequestKind } from '../domain/vocabulary.js';
import type { PanelFacts } from '../panel/facts.js';
import { followThroughOf, followThroughState, type FollowThroughState } from '../panel/followThrough.js';

/** The approved option of a decision and what approving it promised, from its own effective date. */
export interface ApprovedOption {
  option: PlacementOption;
  weeklyCost: Money;
  councilWeekly: Money;
  weeklySaving: Money;
  fullYear: Money;
  inYear: Money;
  /** The financial year of the in-year effect ("2026/27"). */
  financialYear: string;
  effectiveFrom: IsoDate;
}

/** One recorded decision (every vote, in the order decided) with what finance reads beside it. */
export interface DecisionRow {
  decisionId: string;
  requestId: string;
  childRef: string;
  kind: RequestKind;
  needLevel: NeedLevel;
  decidedOn: IsoDate;
  /** The display name recorded with the decision. */
  decidedBy: string;
  outcome: Outcome;
  /** Whether this decision settled the request under the quorum rule (the one savings count). */
  settling: boolean;
  status: RequestStatus;
  baselineType: PlacementType;
  baselineWeeklyCost: Money;
  baselineCouncilWeekly: Money;
  /** For an approval whose option the request has; a decline or a deferral chooses nothing. */
  approved?: ApprovedOption;
  reviewDate?: IsoDate;
  /** The conditions of an approval with conditions, or the panel's reason to decline or defer. */
  comment?: string;
  /** Why the request was brought, as typed. */
  requestReason: string;
  /** An approval with conditions: each condition, and for the settling decision whether it is done ('1. Text (owner, due 2026-11-20): done 2026-11-18'). */
  conditions?: string;
  /** The settling decision's conditions not yet marked done. */
  conditionsOpen?: number;
  /** The settling approval's follow-through as of the day of the export. */
  followThrough?: ExportedFollowThrough;
}

/** Whether the approved change happened, and what a late start cost (docs/domain.md, "Started and slippage"). */
export interface ExportedFollowThrough {
  /** 'On time', 'Started late', 'Slipping', 'Not yet confirmed' or 'Confirmed' (a cost change or end recorded, no start). */
  state: string;
  started?: IsoDate;
  /** Weekly saving × weeks late: for a late start to the start, while slipping to the day of the export. */
  cost: Money;
}

function approvedOption(request: StoredRequest, decision: DecisionRecord, weeksPerYear: number): ApprovedOption | undefined {
  if (!isApproval(decision.outcome)) return undefined;
  const option = optionOf(request, decision.option);
  // A store edited by hand may name an option the request does not have: its cost is not guessed.
  if (option === undefined) return undefined;
  const projected = projectedSaving(request, option.id, decision.effectiveFrom, { weeksPerYear });
  return {
    option,
    weeklyCost: new Money(option.weeklyCost),
    councilWeekly: councilWeekly(option),
    weeklySaving: projected.weekly,
    fullYear: projected.fullYear,
    inYear: projected.inYear,
    financialYear: projected.financialYear,
    effectiveFrom: decision.effectiveFrom,
  };
}

const FOLLOW_THROUGH_WORDS: Record<FollowThroughState, string> = {
  slipping: 'Slipping', late: 'Started late', on_time: 'On time', confirmed: 'Confirmed', not_confirmed: 'Not yet confirmed',
};

/** '1. Text (Owner, due 2026-11-20): done 2026-11-18; 2. …', each with its state when the decision settled the request. */
function conditionsText(conditions: readonly ConditionState[], withState: boolean): string {
  return conditions.map((c) => {
    const terms = [c.owner, c.due !== undefined ? `due ${c.due}` : undefined].filter((t) => t !== undefined).join(', ');
    const state = withState ? `: ${c.done !== undefined ? `done ${c.done.date}` : 'open'}` : '';
    return `${c.n}. ${c.text}${terms !== '' ? ` (${terms})` : ''}${state}`;
  }).join('; ');
}

function decidedDay(decision: DecisionRecord): IsoDate {
  try {
    return dateOfInstant(decision.decidedAt);
  } catch {
    // Stored instants are checked on load; one that still cannot be read is shown as it is.
    return decision.decidedAt.slice(0, 10);
  }
}

/**
 * Every decision recorded, in the order decided (by time, then as recorded), with the request's
 * case reference, need level and baseline, and for an approval the option chosen and what it
 * promised from its effective date: the same weekly saving, full-year and in-year effect as the
 * request's card and the API give; for the decision that settled the request, its conditions'
 * state and its follow-through as of `today` (the day itself not counted, as the card).
 */
export function decisionRows(facts: PanelFacts, today: IsoDate): DecisionRow[] {
  const rows: { row: DecisionRow; at: string }[] = [];
  for (const c of facts.cases()) {
    const { request } = c;
    const base: CostedPlacement = baselineOf(request);
    const baselineCouncil = councilWeekly(base);
    const level = needLevel(request.needs.scores);
    for (const decision of c.decisions) {
      const approved = approvedOption(request, decision, facts.settings.weeksPerYear);
      const settling = c.settlement.settledBy?.id === decision.id;
      const conditions = conditionStates(decision, settling ? c.completions : []);
      const followThrough = settling ? followThroughOf(facts, request.id, today) : undefined;
      const row: DecisionRow = {
        decisionId: decision.id,
        requestId: request.id,
        childRef: request.childRef,
        kind: request.kind,
        needLevel: level,
        decidedOn: decidedDay(decision),
        decidedBy: decision.decidedBy.name,
        outcome: decision.outcome,
        settling,
        status: c.settlement.status,
        baselineType: base.type,
        baselineWeeklyCost: new Money(base.weeklyCost),
        baselineCouncilWeekly: baselineCouncil,
        ...(approved !== undefined && { approved }),
        ...(decision.reviewDate !== undefined && { reviewDate: decision.reviewDate }),
        ...(decision.comment !== undefined && { comment: decision.comment }),
        requestReason: request.reason,
        ...(conditions.length > 0 && { conditions: conditionsText(conditions, settling) }),
        ...(settling && conditions.length > 0 && { conditionsOpen: conditions.filter((x) => x.done === undefined).length }),
        ...(followThrough !== undefined && {
          followThrough: {
            state: FOLLOW_THROUGH_WORDS[followThroughState(followThrough)], ...(followThrough.started !== undefined && { started: followThrough.started }), cost: followThrough.cost,
          },
        }),
      };
      rows.push({ row, at: decision.decidedAt });
    }
  }
  // A stable sort: decisions made at the same instant stay in the order they were recorded.
  return rows.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0)).map((r) => r.row);
}
