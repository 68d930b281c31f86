import type restify from 'restify';
import { isIsoDate } from '../calculators/dates.js';
import type { Config } from '../config/env.js';
import type { FieldProblem } from '../domain/issues.js';
import type { Panel } from '../panel/panel.js';
import { requestDetailJson, savingsJson } from '../panel/reports.js';
import { StoreError } from '../store/storeError.js';
import type { Logger } from '../log/logger.js';
import { RateLimiter, hasValidKey } from './apiKey.js';

export interface RequestRoutesDeps {
  panel: Panel;
  config: Pick<Config, 'INTAKE_API_KEY'>;
  /** Requests a key may make per minute. */
  apiRateLimit?: number;
  logger?: Logger;
}

/** The system actor a case-management system writes as. */
const API_ACTOR = { aadObjectId: 'api', name: 'Case system (API)' };

function problems(res: restify.Response, status: number, list: FieldProblem[]): void {
  res.send(status, { error: status === 404 ? 'not_found' : status === 409 ? 'conflict' : 'invalid', problems: list });
}

/** What the client is told when the store could not save: nothing was stored, so it may send again. */
export const STORE_FAILED = {
  error: 'store_unavailable',
  message: 'The server could not save this change to its data file, so nothing was stored. Try again later; if it keeps failing, tell the bot\'s administrator.',
} as const;

/**
 * A write route whose store failure (a full disk, a read-only folder) answers 503 with STORE_FAILED
 * instead of an empty 500. Other errors go on to restify's handler.
 */
function storeSafe(deps: RequestRoutesDeps, handler: (req: restify.Request, res: restify.Response) => Promise<void>) {
  // Two parameters: restify treats an async handler with a third (next) as a mistake.
  return async (req: restify.Request, res: restify.Response): Promise<void> => {
    try {
      await handler(req, res);
    } catch (err) {
      if (!(err instanceof StoreError)) throw err;
      deps.logger?.error({ err: { message: err.message }, path: req.path() }, 'store write failed');
      res.send(503, STORE_FAILED);
    }
  };
}

/** The intake API (CONTRACT.md "HTTP"): every route takes the intake key. */
export function registerRequestRoutes(server: restify.Server, deps: RequestRoutesDeps): void {
  const limiter = new RateLimiter(deps.apiRateLimit ?? 600, 60_000);

  const guard: restify.RequestHandler = (req, res, next) => {
    const key = deps.config.INTAKE_API_KEY;
    if (key === undefined) {
      res.send(503, { error: 'api_disabled', message: 'INTAKE_API_KEY is not set on this server' });
      return next(false);
    }
    if (!hasValidKey(req.header('authorization'), key)) {
      res.send(401, { error: 'unauthorized', message: 'send Authorization: Bearer <INTAKE_API_KEY>' });
      return next(false);
    }
    if (!limiter.allow(key)) {
      res.header('Retry-After', '60');
      res.send(429, { error: 'rate_limited', message: 'too many requests; try again in a minute' });
      return next(false);
    }
    return next();
  };

  server.post('/api/requests', guard, storeSafe(deps, async (req, res) => {
    if (req.body === undefined || req.body === null || typeof req.body !== 'object') {
      return problems(res, 400, [{ field: '(body)', problem: 'send a JSON object with Content-Type: application/json' }]);
    }
    const result = await deps.panel.submitRequest(req.body, 'api', API_ACTOR.name);
    if (!result.ok) return problems(res, result.status, result.problems);
    res.header('Location', `/api/requests/${result.request.id}`);
    res.send(201, result.request);
  }));

  server.get('/api/requests/:id', guard, (req, res, next) => {
    const asOf = typeof req.query?.asOf === 'string' ? req.query.asOf : deps.panel.today();
    if (!isIsoDate(asOf)) {
      problems(res, 400, [{ field: 'asOf', problem: 'must be a date in YYYY-MM-DD form' }]);
      return next();
    }
    const detail = requestDetailJson(deps.panel, String(req.params.id), asOf);
    if (!detail) problems(res, 404, [{ field: 'id', problem: `no request ${String(req.params.id)}` }]);
    else res.send(200, detail);
    return next();
  });

  server.post('/api/requests/:id/events', guard, storeSafe(deps, async (req, res) => {
    const result = await deps.panel.recordEvent(String(req.params.id), req.body, API_ACTOR);
    if (!result.ok) return problems(res, result.status, result.problems);
    res.send(201, result.event);
  }));

  server.get('/api/savings', guard, (req, res, next) => {
    const asOf = typeof req.query?.asOf === 'string' ? req.query.asOf : deps.panel.today();
    if (!isIsoDate(asOf)) problems(res, 400, [{ field: 'asOf', problem: 'must be a date in YYYY-MM-DD form' }]);
    else res.send(200, savingsJson(deps.panel, asOf));
    return next();
  });
}
