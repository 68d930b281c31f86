import { followThroughOf, type FollowThrough } from './followThrough.js';
import { accruedOver } from '../calculators/accrual.js';
import { eighteenthBirthday } from '../calculators/age.js';
import { addDays, daysBetween, earliestDate, type IsoDate } from '../calculators/dates.js';
import { financialYearOf } from '../calculators/financialYear.js';
import { inYearEffect, type InYearEffect } from '../calculators/inYear.js';
import type { Money } from '../calculators/money.js';
import { needLevel, valueCheck, type NeedLevel, type ValueCheck } from '../calculators/need.js';
import { councilWeekly, isBaselineOption, optionsOf, PROPOSED, type PlacementOption, type ProjectedSaving } from '../calculators/projectedSaving.js';
import { decideByOf, type DecideBy } from '../domain/decideBy.js';
import type { StoredRequest } from '../domain/request.js';
import { projectionStart, stillNeeded, type StillNeeded } from '../domain/settlement.js';
import type { Case, PanelFacts } from './facts.js';
import { requestDetail, type Awaiting } from './queries.js';

/** One option on the request card with everything the panel weighs it by. */
export interface OptionFacts {
  option: PlacementOption;
  /** The council's (social care) share of the weekly cost. */
  councilWeekly: Money;
  /** What approving it promises from the projection start, against the baseline. */
  projected: ProjectedSaving;
  /** The option is the baseline itself (a new request's proposal): it saves nothing by definition. */
  isBaseline: boolean;
  /** The saving in the next financial year, where the plan runs into it. */
  nextYear?: InYearEffect;
  /** The saving from the projection start to the end of the plan. */
  overPlan: Money;
  /** Its weekly cost against the band for the child's need level and its placement type. */
  value: ValueCheck;
}

/** Where the planned period stops: the planned end, or the 18th birthday (never shown as a date). */
export interface PlanEnd {
  date: IsoDate;
  atPlannedEnd: boolean;
}

/** The facts of one request card: the request's detail and, per option, the savings over time and the value check. */
export interface RequestCardFacts {
  case: Case;
  /** The date the projected savings run from (projectionStart). */
  from: IsoDate;
  level: NeedLevel;
  options: OptionFacts[];
  /** The alternative saving the council most a week, when one saves anything at all. */
  best?: OptionFacts;
  decideBy: DecideBy;
  planEnd: PlanEnd;
  /** What the request has saved up to `today` (zero until an approval takes effect). */
  realised: Money;
  /** An approval's follow-through on `today`: started on time or late at what cost, or slipping. */
  followThrough?: FollowThrough;
  /** While open with votes this round: the leading outcome and option, and what it still needs under the quorum rule. */
  stillNeeded?: StillNeeded;
  /** An approval recommended above the recommenders' limits, and who can approve it. */
  awaiting?: Awaiting;
}

/** Where the plan stops: the planned end when it comes before the 18th birthday, else that birthday. */
export function planEndOf(request: StoredRequest): PlanEnd {
  const eighteen = eighteenthBirthday(request);
  const date = earliestDate([request.proposed.plannedEndDate, eighteen])!;
  return { date, atPlannedEnd: date === request.proposed.plannedEndDate };
}

/** The next financial year's share of a weekly saving from `from`, where the plan reaches into that year. */
function nextYearOf(request: StoredRequest, weekly: Money, from: IsoDate, planEnd: IsoDate): InYearEffect | undefined {
  const nextStart = addDays(financialYearOf(from).end, 1);
  if (nextStart >= planEnd) return undefined;
  return inYearEffect(weekly, nextStart, [request.proposed.plannedEndDate, eighteenthBirthday(request)]);
}

/** The request card's facts on `today`, or undefined when there is no request by that id. */
export function requestCardFacts(facts: PanelFacts, id: string, today: IsoDate): RequestCardFacts | undefined {
  const detail = requestDetail(facts, id, today, today);
  if (detail === undefined) return undefined;
  const request = detail.case.request;
  // The start requestDetail projected from.
  const from = projectionStart(request.proposed.startDate, detail.case.settlement, today);
  const level = needLevel(request.needs.scores);
  const planEnd = planEndOf(request);
  const planDays = Math.max(0, daysBetween(from, planEnd.date));
  const byId = new Map(detail.projected.map((p) => [p.option, p.projected]));
  const options = optionsOf(request).map((option): OptionFacts => {
    const projected = byId.get(option.id)!;
    const nextYear = nextYearOf(request, projected.weekly, from, planEnd.date);
    return {
      option,
      councilWeekly: councilWeekly(option),
      projected,
      isBaseline: isBaselineOption(request, option.id),
      ...(nextYear !== undefined && { nextYear }),
      overPlan: accruedOver(projected.weekly, planDays),
      value: valueCheck(option.type, level, option.weeklyCost, facts.settings.needBands),
    };
  });
  let best: OptionFacts | undefined;
  for (const o of options) {
    if (o.option.id === PROPOSED || !o.projected.weekly.gt(0)) continue;
    if (best === undefined || o.projected.weekly.gt(best.projected.weekly)) best = o;
  }
  const followThrough = followThroughOf(facts, id, today);
  const needed = stillNeeded(detail.case.settlement, facts.governance.quorum);
  return {
    case: detail.case, from, level, options, ...(best !== undefined && { best }),
    decideBy: decideByOf(request, facts.settings.decideBy), planEnd, realised: detail.realised,
    ...(followThrough !== undefined && { followThrough }),
    ...(needed !== undefined && { stillNeeded: needed }),
    ...(detail.awaiting !== undefined && { awaiting: detail.awaiting }),
  };
}
