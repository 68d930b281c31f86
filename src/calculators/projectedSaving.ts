import type { Decimal } from 'decimal.js';
import type { StoredRequest } from '../domain/request.js';
import type { PlacementType } from '../domain/vocabulary.js';
import { eighteenthBirthday } from './age.js';
import { annualise } from './annualise.js';
import { councilShare, type FundingShares } from './councilShare.js';
import type { IsoDate } from './dates.js';
import { inYearEffect } from './inYear.js';
import { Money, asMoney } from './money.js';

/** A placement as far as its cost goes: its type, full weekly cost ("1234.50") and who pays it. */
export interface CostedPlacement {
  type: PlacementType;
  weeklyCost: string;
  funding: FundingShares;
}

/** An option the panel can approve: the proposed placement or one of the alternatives. */
export interface PlacementOption extends CostedPlacement {
  /** "proposed" or the alternative's id */
  id: string;
  label?: string;
  provider?: string;
}

/** The id the proposed placement goes by among the options. */
export const PROPOSED = 'proposed';

/** What would be paid without the panel's choice: the proposed placement for a new request, the current one for a change. */
export function baselineOf(request: StoredRequest): CostedPlacement {
  const placement = request.kind === 'new' ? request.proposed : request.current;
  if (placement === undefined) throw new RangeError(`change request ${request.id} has no current placement`);
  return { type: placement.type, weeklyCost: placement.weeklyCost, funding: placement.funding };
}

/** Whether the option is the baseline itself (a new request's proposal): approving it saves nothing by definition. */
export function isBaselineOption(request: StoredRequest, optionId: string): boolean {
  return request.kind === 'new' && optionId === PROPOSED;
}

/** The option with this id ("proposed" or an alternative's id), or undefined when the request has no such option. */
export function optionOf(request: StoredRequest, optionId: string): PlacementOption | undefined {
  if (optionId === PROPOSED) {
    const p = request.proposed;
    return { id: PROPOSED, type: p.type, provider: p.provider, weeklyCost: p.weeklyCost, funding: p.funding };
  }
  const alternative = request.alternatives.find((a) => a.id === optionId);
  if (alternative === undefined) return undefined;
  return {
    id: alternative.id, label: alternative.label, type: alternative.type, provider: alternative.provider,
    weeklyCost: alternative.weeklyCost, funding: alternative.funding,
  };
}

/** Every option the panel can choose, the proposed placement first, then the alternatives in order. */
export function optionsOf(request: StoredRequest): PlacementOption[] {
  return [PROPOSED, ...request.alternatives.map((a) => a.id)].map((id) => optionOf(request, id)!);
}

/** The council's own weekly cost of a placement (its social care share). */
export function councilWeekly(placement: CostedPlacement): Money {
  return councilShare(placement.weeklyCost, placement.funding);
}

/** Weekly saving to the council of choosing an option: council weekly cost of the baseline − of the option. */
export function weeklySaving(baselineCouncilWeekly: Decimal.Value, optionCouncilWeekly: Decimal.Value): Money {
  return asMoney(baselineCouncilWeekly).minus(optionCouncilWeekly);
}

/** What approving an option promises, exact. */
export interface ProjectedSaving {
  weekly: Money;
  fullYear: Money;
  inYear: Money;
  inYearWeeks: Money;
  /** "2026/27": the financial year of the in-year effect */
  financialYear: string;
}

/**
 * What a weekly saving to the council promises from a date: full-year (weekly × 52) and in-year
 * (to 31 March, the planned end or the 18th birthday, whichever is first).
 */
export function projectionOf(
  request: StoredRequest, weekly: Decimal.Value, effectiveFrom: IsoDate, options: { weeksPerYear?: number } = {},
): ProjectedSaving {
  const inYear = inYearEffect(weekly, effectiveFrom, [request.proposed.plannedEndDate, eighteenthBirthday(request)]);
  return {
    weekly: asMoney(weekly),
    fullYear: annualise(weekly, options.weeksPerYear),
    inYear: inYear.amount,
    inYearWeeks: inYear.weeks,
    financialYear: inYear.financialYear,
  };
}

/** Every option with what approving it promises from a date, the proposed placement first. */
export function optionProjections(
  request: StoredRequest, effectiveFrom: IsoDate, options: { weeksPerYear?: number } = {},
): { option: PlacementOption; projected: ProjectedSaving }[] {
  const baseline = councilWeekly(baselineOf(request));
  return optionsOf(request).map((option) => ({
    option,
    projected: projectionOf(request, weeklySaving(baseline, councilWeekly(option)), effectiveFrom, options),
  }));
}

/**
 * The saving to the council that approving an option promises from a date: weekly, full-year
 * (weekly × 52) and in-year (to 31 March, the planned end or the 18th birthday, whichever is first).
 */
export function projectedSaving(
  request: StoredRequest, optionId: string, effectiveFrom: IsoDate, options: { weeksPerYear?: number } = {},
): ProjectedSaving {
  const option = optionOf(request, optionId);
  if (option === undefined) throw new RangeError(`request ${request.id} has no option "${optionId}"`);
  return projectionOf(request, weeklySaving(councilWeekly(baselineOf(request)), councilWeekly(option)), effectiveFrom, options);
}
