import type restify from 'restify';
import type { Panel } from '../panel/panel.js';
import { API_ACTOR, REFUSAL_STATUS, idempotencyKey, problems, safe, type RequestRoutesDeps } from './requestRoutes.js';
import { conditionJson } from './conditionsJson.js';


/** Condition 1 to 3 as the path names it, or undefined for anything else ("0", "2.5", "two"). */
export function conditionNumber(raw: string): number | undefined {
  return /^[1-9]\d{0,2}$/.test(raw) ? Number(raw) : undefined;
}

/** Marking a condition of a conditional approval done (docs/api.md, "POST /api/requests/:id/conditions/:n/complete"). */
export function registerConditionRoutes(server: restify.Server, deps: RequestRoutesDeps & { panel: Panel }, guard: restify.RequestHandler): void {
  server.post('/api/requests/:id/conditions/:n/complete', guard, safe(deps, async (req, res) => {
    const n = conditionNumber(String(req.params.n));
    if (n === undefined) return problems(res, 400, [{ field: 'n', problem: `"${String(req.params.n).slice(0, 20)}" is not a condition number: conditions are numbered from 1` }]);
    const key = idempotencyKey(req, res);
    if (key === false) return;
    const result = await deps.panel.completeCondition(String(req.params.id), n, req.body, API_ACTOR, key);
    if (!result.ok) return problems(res, REFUSAL_STATUS[result.refusal], result.problems);
    if (result.replayed) res.header('Idempotent-Replayed', 'true');
    res.send(201, { completion: result.completion, conditions: result.conditions.map((c) => conditionJson(c, deps.panel.today())) });
  }));
}
