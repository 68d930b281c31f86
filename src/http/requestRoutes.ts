import { randomUUID } from 'node:crypto';
import type restify from 'restify';
import type { Config } from '../config/env.js';
import type { FieldProblem } from '../domain/issues.js';
import { asOfProblem } from '../domain/schemaParts.js';
import type { Panel, Refusal } from '../panel/panel.js';
import { requestDetailJson, savingsJson } from './apiJson.js';
import { followThroughOf, slippageAsOf } from '../panel/followThrough.js';
import { followThroughJson, slippageSummaryJson } from './slippageJson.js';
import { reviewState } from '../panel/reviews.js';
import { meetingsOfRequest } from './meetingJson.js';
import { StoreError } from '../store/storeError.js';
import { IDEMPOTENCY_HEADER, idempotencyKeyProblem } from '../store/idempotency.js';
import type { Logger } from '../log/logger.js';
import { AUTH_FAILURES_PER_WINDOW, RateLimiter, clientAddress, hasValidKey } from './apiKey.js';

export interface RequestRoutesDeps {
  panel: Panel;
  config: Pick<Config, 'INTAKE_API_KEY'> & Partial<Pick<Config, 'TRUST_PROXY'>>;
  /** Requests a key may make per minute. */
  apiRateLimit?: number;
  logger?: Logger;
}

/** The system actor a case-management system writes as. */
export const API_ACTOR = { aadObjectId: 'api', name: 'Case system (API)' };

/** Answers with the problems by field (docs/api.md, "Errors"). */
export function problems(res: restify.Response, status: number, list: FieldProblem[]): void {
  res.send(status, { error: status === 404 ? 'not_found' : status === 409 ? 'conflict' : 'invalid', problems: list });
}

/** The status each of the panel's refusals is answered with. */
export const REFUSAL_STATUS: Record<Refusal, number> = { invalid: 400, not_found: 404, conflict: 409, key_reused: 422 };

/** The `asOf` query (today when absent), or undefined once a 400 naming it is sent. */
export function asOfQuery(req: restify.Request, res: restify.Response, deps: RequestRoutesDeps): string | undefined {
  const raw: unknown = req.query?.asOf;
  const asOf = raw === undefined ? deps.panel.today() : String(raw);
  const problem = asOfProblem(asOf);
  if (problem === undefined) return asOf;
  problems(res, 400, [{ field: 'asOf', problem }]);
  return undefined;
}

/**
 * The Idempotency-Key header: undefined when absent, false once a 400 naming it is sent. A retry
 * under the same key gets the first answer again, marked Idempotent-Replayed.
 */
export function idempotencyKey(req: restify.Request, res: restify.Response): string | undefined | false {
  // Not req.header(): it reads an empty value as absent.
  const sent = req.headers[IDEMPOTENCY_HEADER.toLowerCase()];
  if (sent === undefined) return undefined;
  const key = Array.isArray(sent) ? sent.join(', ') : sent;
  const problem = idempotencyKeyProblem(key);
  if (problem === undefined) return key;
  problems(res, 400, [{ field: IDEMPOTENCY_HEADER, problem }]);
  return false;
}

/** What the client is told when the store could not save: nothing was stored, so it may send again. */
export const STORE_FAILED = {
  error: 'store_unavailable',
  message: 'The server could not save this change to its data file, so nothing was stored. Try again later; if it keeps failing, tell the bot\'s administrator.',
} as const;

/** What the client is told when a route failed for a reason of the server's own: no internals, a reference to quote. */
export function internalError(reference: string) {
  return {
    error: 'internal',
    message: `The server could not answer this request. It was logged with reference ${reference}; tell the bot's administrator if it keeps happening.`,
    reference,
  } as const;
}

/**
 * A route that always answers: a store failure (a full disk, a read-only folder) with 503 and
 * STORE_FAILED, anything else with 500 and a reference, logged. Without this, restify lets a thrown
 * error end the process, and one bad record would take the bot down.
 */
export function safe(deps: RequestRoutesDeps, handler: (req: restify.Request, res: restify.Response) => void | Promise<void>) {
  // Two parameters: restify treats an async handler with a third (next) as a mistake.
  return async (req: restify.Request, res: restify.Response): Promise<void> => {
    try {
      await handler(req, res);
    } catch (err) {
      if (res.headersSent) return;
      if (err instanceof StoreError) {
        deps.logger?.error({ err: { message: err.message }, path: req.path() }, 'store write failed');
        res.send(503, STORE_FAILED);
        return;
      }
      const reference = randomUUID().slice(0, 8);
      deps.logger?.error({ reference, err: { message: (err as Error)?.message, stack: (err as Error)?.stack }, path: req.path() }, 'route failed');
      res.send(500, internalError(reference));
    }
  };
}

/**
 * The intake key check every API route goes through (docs/api.md, "Intake key and limits"). One per
 * server, shared by every route, so that failed attempts and requests are counted across them all.
 */
export function apiGuard(deps: RequestRoutesDeps): restify.RequestHandler {
  const limiter = new RateLimiter(deps.apiRateLimit ?? 600, 60_000);
  // Failed key checks per client address: an address past the limit is refused whatever it sends
  // until its window ends, so a right guess cannot be told apart from a wrong one meanwhile.
  const failures = new RateLimiter(AUTH_FAILURES_PER_WINDOW, 60_000);

  const guard: restify.RequestHandler = (req, res, next) => {
    const key = deps.config.INTAKE_API_KEY;
    if (key === undefined) {
      res.send(503, { error: 'api_disabled', message: 'INTAKE_API_KEY is not set on this server' });
      return next(false);
    }
    const client = clientAddress(req.socket?.remoteAddress, req.header('x-forwarded-for'), deps.config.TRUST_PROXY ?? 0);
    if (failures.isLimited(client)) {
      res.header('Retry-After', String(failures.retryAfterSeconds(client)));
      res.send(429, { error: 'rate_limited', message: 'too many failed key attempts from this address; try again later' });
      return next(false);
    }
    if (!hasValidKey(req.header('authorization'), key)) {
      failures.allow(client);
      // The address itself is personal data: not logged.
      if (failures.isLimited(client)) deps.logger?.warn({ failures: AUTH_FAILURES_PER_WINDOW }, 'an address is refused for the rest of the minute after repeated failed key attempts');
      res.send(401, { error: 'unauthorized', message: 'send Authorization: Bearer <INTAKE_API_KEY>' });
      return next(false);
    }
    if (!limiter.allow(key)) {
      res.header('Retry-After', String(limiter.retryAfterSeconds(key)));
      res.send(429, { error: 'rate_limited', message: 'too many requests; try again in a minute' });
      return next(false);
    }
    return next();
  };
  return guard;
}

/** The intake API (docs/api.md, "HTTP"): every route takes the intake key through `guard`. */
export function registerRequestRoutes(server: restify.Server, deps: RequestRoutesDeps, guard: restify.RequestHandler = apiGuard(deps)): void {
  server.post('/api/requests', guard, safe(deps, async (req, res) => {
    if (req.body === undefined || req.body === null || typeof req.body !== 'object') {
      return problems(res, 400, [{ field: '(body)', problem: 'send a JSON object with Content-Type: application/json' }]);
    }
    const key = idempotencyKey(req, res);
    if (key === false) return;
    const result = await deps.panel.submitRequest(req.body, 'api', API_ACTOR.name, key);
    if (!result.ok) return problems(res, REFUSAL_STATUS[result.refusal], result.problems);
    if (result.replayed) res.header('Idempotent-Replayed', 'true');
    res.header('Location', `/api/requests/${result.request.id}`);
    res.send(201, result.request);
  }));

  server.get('/api/requests/:id', guard, safe(deps, (req, res) => {
    const asOf = asOfQuery(req, res, deps);
    if (asOf === undefined) return;
    const id = String(req.params.id);
    const facts = deps.panel.facts();
    const detail = requestDetailJson(facts, id, asOf, deps.panel.today());
    if (!detail) return problems(res, 404, [{ field: 'id', problem: `no request ${id}` }]);
    const followThrough = followThroughOf(facts, id, asOf);
    // An approval's reviews: the review date in force (none once it has ended) and each card posted and review held.
    const review = reviewState(facts, id);
    res.send(200, {
      ...detail, slippage: followThrough === undefined ? null : followThroughJson(followThrough),
      reviews: review === undefined ? null : { nextReviewDate: review.ended === undefined ? review.reviewDate ?? null : null, history: review.history },
      meetings: meetingsOfRequest(deps.panel.meetings(), id),
    });
  }));

  server.post('/api/requests/:id/events', guard, safe(deps, async (req, res) => {
    const key = idempotencyKey(req, res);
    if (key === false) return;
    const result = await deps.panel.recordEvent(String(req.params.id), req.body, API_ACTOR, key);
    if (!result.ok) return problems(res, REFUSAL_STATUS[result.refusal], result.problems);
    if (result.replayed) res.header('Idempotent-Replayed', 'true');
    res.send(201, result.event);
  }));

  server.get('/api/savings', guard, safe(deps, (req, res) => {
    const asOf = asOfQuery(req, res, deps);
    if (asOf === undefined) return;
    const facts = deps.panel.facts();
    res.send(200, { ...savingsJson(facts, asOf), slippage: slippageSummaryJson(slippageAsOf(facts, asOf)) });
  }));
}
