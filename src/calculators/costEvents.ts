import type { EventRecord } from '../domain/event.js';
import type { FundingShares } from './councilShare.js';

/** Events in the order they take effect: by date, and on one date in the order they were recorded. */
export function eventsInOrder(events: readonly EventRecord[]): readonly EventRecord[] {
  // Most requests have no event or one: nothing to sort, and no copy to make for each of them.
  if (events.length < 2) return events;
  return [...events].sort((a, b) => {
    if (a.date !== b.date) return a.date < b.date ? -1 : 1;
    return a.recordedAt < b.recordedAt ? -1 : a.recordedAt > b.recordedAt ? 1 : 0;
  });
}

/** Who pays after a cost change: the shares it records, or else the approved option's. */
export function fundingAfter(event: Extract<EventRecord, { type: 'cost_change' }>, approvedFunding: FundingShares): FundingShares {
  return event.funding ?? approvedFunding;
}
