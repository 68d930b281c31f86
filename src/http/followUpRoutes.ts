import type restify from 'restify';
import { toPounds } from '../calculators/money.js';
import type { Panel } from '../panel/panel.js';
import { followUpCounts, type FollowUp } from '../panel/followUps.js';
import { asOfQuery, safe, type RequestRoutesDeps } from './requestRoutes.js';

/** One follow-up as JSON: money as a string with two decimals. */
function followUpJson(f: FollowUp) {
  return {
    kind: f.kind,
    requestId: f.requestId,
    childRef: f.childRef,
    due: f.due,
    daysOverdue: f.daysOverdue,
    what: f.what,
    ...(f.condition !== undefined && { condition: f.condition }),
    ...(f.slippageCost !== undefined && { slippageCost: toPounds(f.slippageCost) }),
  };
}

/** What needs doing (docs/api.md, "GET /api/follow-ups"). */
export function registerFollowUpRoutes(server: restify.Server, deps: RequestRoutesDeps & { panel: Panel }, guard: restify.RequestHandler): void {
  server.get('/api/follow-ups', guard, safe(deps, (req, res) => {
    const asOf = asOfQuery(req, res, deps);
    if (asOf === undefined) return;
    const items = deps.panel.followUps(asOf);
    res.send(200, { asOf, counts: followUpCounts(items), items: items.map(followUpJson) });
  }));
}
