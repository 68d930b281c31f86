import { placementInForce, type PlacementInForce } from '../calculators/currentPlacement.js';
import type { StoredRequest } from '../domain/request.js';
import { approvedDecision } from '../domain/settlement.js';
import type { Panel } from './panel.js';
import { untilChanged } from './cases.js';

/** An approved request with the placement in force for it on a date. */
export interface ActivePlacement {
  request: StoredRequest;
  placement: PlacementInForce;
}

/**
 * Approved requests whose decision has taken effect by `asOf`, with what is in force (ended ones
 * included). Worked out once per store revision and date; shared: read it, never change it.
 */
export function placementsInEffect(panel: Panel, asOf: string): readonly ActivePlacement[] {
  return untilChanged(panel, `placementsInEffect ${asOf}`, () => Object.freeze(walk(panel, asOf)));
}

function walk(panel: Panel, asOf: string): ActivePlacement[] {
  const out: ActivePlacement[] = [];
  for (const request of panel.store.listRequests()) {
    const decision = approvedDecision(panel.settlement(request.id));
    if (!decision) continue;
    const placement = placementInForce(request, decision, panel.store.eventsFor(request.id), asOf);
    if (placement) out.push({ request, placement });
  }
  return out;
}

/** Placements the council is paying for on `asOf`: approved, in effect, not ended. */
export function activePlacements(panel: Panel, asOf: string): ActivePlacement[] {
  return placementsInEffect(panel, asOf).filter((p) => !p.placement.ended);
}
