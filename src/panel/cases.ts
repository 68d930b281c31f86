import type { SavingsCase } from '../calculators/savingsToDate.js';
import { approvedDecision } from '../domain/settlement.js';
import type { Panel } from './panel.js';

/** Every request with its settling decision and its events, as the savings calculator reads them. */
export function savingsCases(panel: Panel): SavingsCase[] {
  return panel.store.listRequests().map((request) => {
    const settlement = panel.settlement(request.id);
    return { request, decision: settlement.settledBy, events: [...panel.store.eventsFor(request.id)] };
  });
}

/** Only the approved requests' cases. */
export function approvedCases(panel: Panel): SavingsCase[] {
  return savingsCases(panel).filter((c) => c.decision !== undefined && approvedDecision(panel.settlement(c.request.id)) !== undefined);
}
