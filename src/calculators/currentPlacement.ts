import type { DecisionRecord } from '../domain/decision.js';
import type { EventRecord } from '../domain/event.js';
import type { StoredRequest } from '../domain/request.js';
import type { PlacementType } from '../domain/vocabulary.js';
import type { FundingShares } from './councilShare.js';
import type { IsoDate } from './dates.js';
import { Money } from './money.js';
import { eventsInOrder, fundingAfter } from './costEvents.js';
import { councilWeekly, optionOf } from './projectedSaving.js';

/** The placement actually in force for an approved request on a date. */
export interface PlacementInForce {
  type: PlacementType;
  provider?: string;
  weeklyCost: Money;
  funding: FundingShares;
  councilWeekly: Money;
  /** The reason for the latest recorded change, if any. */
  lastReason?: string;
  /** Set when the placement has ended by this date. */
  ended?: { date: IsoDate; reason: string };
}

/**
 * The approved option as changed by every event on or before `asOf` (events in date order; the
 * later record wins on the same date), or undefined before the decision takes effect.
 */
export function placementInForce(request: StoredRequest, decision: DecisionRecord, events: readonly EventRecord[], asOf: IsoDate): PlacementInForce | undefined {
  const option = optionOf(request, decision.option);
  if (!option || decision.effectiveFrom > asOf) return undefined;
  let current: PlacementInForce = {
    type: option.type,
    ...(option.provider !== undefined && { provider: option.provider }),
    weeklyCost: new Money(option.weeklyCost),
    funding: option.funding,
    councilWeekly: councilWeekly(option),
  };
  for (const e of eventsInOrder(events).filter((ev) => ev.date <= asOf)) {
    // A start confirms the approved placement; it changes neither its cost nor who pays.
    if (e.type === 'started') continue;
    if (e.type === 'ended') {
      current = { ...current, weeklyCost: new Money(0), councilWeekly: new Money(0), lastReason: e.reason, ended: { date: e.date, reason: e.reason } };
    } else {
      const funding = fundingAfter(e, option.funding);
      current = {
        ...current, weeklyCost: new Money(e.weeklyCost), funding, lastReason: e.reason,
        councilWeekly: councilWeekly({ type: current.type, weeklyCost: e.weeklyCost, funding }),
      };
      delete current.ended;
    }
  }
  return current;
}
