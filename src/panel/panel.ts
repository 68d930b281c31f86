import type { Config } from '../config/env.js';
import { dateOf } from '../calculators/dates.js';
import { decisionSubmissionSchema, type DecisionRecord } from '../domain/decision.js';
import { eventInputSchema, type EventRecord } from '../domain/event.js';
import { fieldProblems, type FieldProblem } from '../domain/issues.js';
import { placementRequestInputSchema, type Actor, type PlacementRequestData, type StoredRequest } from '../domain/request.js';
import { approvedDecision, isOpen, settlementOf, type QuorumRule, type Settlement } from '../domain/settlement.js';
import type { Logger } from '../log/logger.js';
import type { PanelStore } from '../store/panelStore.js';
import type { NeedBands } from '../calculators/need.js';
import { effectiveDateProblem } from '../domain/effectiveDate.js';
import {
  DEFAULT_MAX_WEEKLY_COST, eventConflict, eventCostProblem, requestProblems, type IntakeLimits,
} from '../domain/intakeRules.js';
import { isApproval } from '../domain/vocabulary.js';
import { fingerprint, IdempotencyConflict, IDEMPOTENCY_HEADER } from '../store/idempotency.js';

export type Via = 'api' | 'teams' | 'import';

export type IntakeResult =
  /** `replayed`: a repeat under an idempotency key, answered with the request the first one made. */
  | { ok: true; request: StoredRequest; replayed?: true }
  | { ok: false; status: 400 | 409 | 422; problems: FieldProblem[] };

export type ImportResult =
  | { ok: true; requests: StoredRequest[] }
  | { ok: false; rejected: { index: number; problems: FieldProblem[] }[] };

export type DecideResult =
  | { kind: 'recorded'; request: StoredRequest; decision: DecisionRecord; settlement: Settlement }
  | { kind: 'duplicate'; request: StoredRequest; settlement: Settlement }
  | { kind: 'already_settled'; request: StoredRequest; settlement: Settlement; notice: string }
  | { kind: 'not_member'; request: StoredRequest; settlement: Settlement; notice: string }
  | { kind: 'invalid'; request?: StoredRequest; settlement?: Settlement; problems: FieldProblem[] }
  | { kind: 'not_found'; requestId: string };

export type EventResult =
  | { ok: true; event: EventRecord; replayed?: true }
  | { ok: false; status: 400 | 404 | 409 | 422; problems: FieldProblem[] };

/** Things that happen which the Teams side announces: a request to post, a card to update. */
export interface PanelListener {
  requestAdded?(request: StoredRequest): void;
  requestDecided?(request: StoredRequest, settlement: Settlement): void;
}

export interface PanelDeps {
  store: PanelStore;
  config: Pick<Config, 'PANEL_MEMBERS' | 'PANEL_CHAIR' | 'PANEL_QUORUM' | 'SAVINGS_TARGET'> & Partial<Pick<Config, 'MAX_WEEKLY_COST'>>;
  logger: Logger;
  /** Weekly cost bands per placement type and need level: the council's own value-for-money reference. */
  needBands: NeedBands;
  now?: () => Date;
}

const DUPLICATE = '\u0000duplicate';

/** An idempotency key sent again with something else: 422, naming the header. Other errors go on. */
function keyConflict(error: unknown): { ok: false; status: 422; problems: FieldProblem[] } {
  if (error instanceof IdempotencyConflict) return { ok: false, status: 422, problems: [{ field: IDEMPOTENCY_HEADER, problem: error.message }] };
  throw error;
}

// What toLocaleDateString / toLocaleTimeString would build on every call, built once.
const WHEN_DATE = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
const WHEN_TIME = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: 'UTC' });

/** Formats an instant the way the panel reads it on cards and notices: "22 Nov 2026 14:03 UTC". */
export function formatWhen(iso: string): string {
  const d = new Date(iso);
  // Where toLocale*String answers "Invalid Date", format() would throw.
  if (Number.isNaN(d.getTime())) return 'Invalid Date Invalid Date UTC';
  return `${WHEN_DATE.format(d)} ${WHEN_TIME.format(d)} UTC`;
}

/**
 * The panel's business: taking requests in, recording decisions once under the quorum rule, and
 * recording what happened afterwards. Transport-free: Teams handlers and HTTP routes both call it.
 */
export class Panel {
  readonly store: PanelStore;
  readonly logger: Logger;
  readonly now: () => Date;
  readonly needBands: NeedBands;
  /** The annual savings target in pounds ("1000000.00"), if the council set one. */
  readonly savingsTarget: string | undefined;
  private readonly listeners: PanelListener[] = [];
  private readonly quorum: QuorumRule;
  private settlements: { revision: number; byRequest: Map<string, Settlement> } = { revision: -1, byRequest: new Map() };

  constructor(private readonly deps: PanelDeps) {
    this.store = deps.store;
    this.logger = deps.logger;
    this.now = deps.now ?? (() => new Date());
    this.needBands = deps.needBands;
    this.savingsTarget = deps.config.SAVINGS_TARGET;
    this.quorum = deps.config.PANEL_QUORUM;
  }

  listen(listener: PanelListener): void {
    this.listeners.push(listener);
  }

  /** Today's date (UTC) by the panel's clock. */
  today(): string {
    return dateOf(this.now());
  }

  /** Whether this person may decide: configured panel members, or anyone in local mode with no list. */
  isMember(aadObjectId: string | undefined): boolean {
    const members = this.deps.config.PANEL_MEMBERS;
    const chairs = this.deps.config.PANEL_CHAIR;
    if (members.length === 0 && chairs.length === 0) return true;
    return aadObjectId !== undefined && (members.includes(aadObjectId) || chairs.includes(aadObjectId));
  }

  /** The members the live card is refreshed for (Universal Actions allow at most 60). */
  deciders(): string[] {
    return [...new Set([...this.deps.config.PANEL_MEMBERS, ...this.deps.config.PANEL_CHAIR])].slice(0, 60);
  }

  /**
   * Where the request stands under the quorum rule. Worked out once per request until the store
   * changes (views ask for every request's several times over); shared: read it, never change it.
   */
  settlement(requestId: string): Settlement {
    const revision = this.store.revision();
    if (this.settlements.revision !== revision) this.settlements = { revision, byRequest: new Map() };
    let settlement = this.settlements.byRequest.get(requestId);
    if (settlement === undefined) {
      settlement = settlementOf(this.store.decisionsFor(requestId), this.quorum, this.deps.config.PANEL_CHAIR);
      this.settlements.byRequest.set(requestId, settlement);
    }
    return settlement;
  }

  private intakeLimits(): IntakeLimits {
    return { today: this.today(), maxWeeklyCost: this.deps.config.MAX_WEEKLY_COST ?? DEFAULT_MAX_WEEKLY_COST };
  }

  /** The child's request still waiting for the panel (pending or deferred), if there is one. */
  openRequestFor(childRef: string): StoredRequest | undefined {
    const ref = childRef.toUpperCase();
    return this.store.listRequests().find((r) => r.childRef.toUpperCase() === ref && isOpen(this.settlement(r.id).status));
  }

  private openRequestProblem(childRef: string): FieldProblem | undefined {
    const open = this.openRequestFor(childRef);
    if (open === undefined) return undefined;
    return { field: 'childRef', problem: `${childRef} already has a request waiting for the panel, ${open.id}: decide or update that one` };
  }

  /**
   * Validates and stores one request; every problem named by field. A child with a request still
   * waiting is refused (409): two open requests for one child would split the panel's decision.
   */
  async submitRequest(raw: unknown, via: Via, receivedBy: string, idempotencyKey?: string): Promise<IntakeResult> {
    const parsed = placementRequestInputSchema.safeParse(raw);
    if (!parsed.success) return { ok: false, status: 400, problems: fieldProblems(parsed.error) };
    const keyed = idempotencyKey === undefined ? undefined : { idempotencyKey, fingerprint: fingerprint('request', raw) };
    // A retry is answered as the first send was, whatever changed since (the open request for the
    // child is the one it made): the store returns that request, or refuses a different body.
    const replay = keyed !== undefined && this.store.idempotencyKeyUse(keyed.idempotencyKey) !== undefined;
    if (!replay) {
      const problems = requestProblems(parsed.data, this.intakeLimits());
      if (problems.length > 0) return { ok: false, status: 400, problems };
      const open = this.openRequestProblem(parsed.data.childRef);
      if (open) return { ok: false, status: 409, problems: [open] };
    }
    const request = await this.store.addRequest(parsed.data, { receivedVia: via, receivedBy, receivedAt: this.now(), ...keyed }).catch(keyConflict);
    if ('ok' in request) return request;
    if (replay) return { ok: true, request, replayed: true };
    this.logger.info({ requestId: request.id, via }, 'request received');
    for (const l of this.listeners) l.requestAdded?.(request);
    return { ok: true, request };
  }

  /** Validates every row and stores all of them or none, reporting rejected rows by index and field. */
  async importRequests(rows: unknown, receivedBy: string): Promise<ImportResult> {
    if (!Array.isArray(rows)) return { ok: false, rejected: [{ index: -1, problems: [{ field: '(file)', problem: 'must be a JSON array of requests' }] }] };
    const good: PlacementRequestData[] = [];
    const rejected: { index: number; problems: FieldProblem[] }[] = [];
    const limits = this.intakeLimits();
    const rowOfChild = new Map<string, number>();
    rows.forEach((row, index) => {
      const parsed = placementRequestInputSchema.safeParse(row);
      if (!parsed.success) {
        rejected.push({ index, problems: fieldProblems(parsed.error) });
        return;
      }
      const problems = requestProblems(parsed.data, limits);
      const ref = parsed.data.childRef.toUpperCase();
      const earlier = rowOfChild.get(ref);
      if (earlier !== undefined) problems.push({ field: 'childRef', problem: `${parsed.data.childRef} is also in row ${earlier + 1}: one open request per child` });
      else rowOfChild.set(ref, index);
      const open = this.openRequestProblem(parsed.data.childRef);
      if (open) problems.push(open);
      if (problems.length > 0) rejected.push({ index, problems });
      else good.push(parsed.data);
    });
    if (rejected.length > 0) return { ok: false, rejected };
    const receivedAt = this.now();
    const requests = await this.store.addRequests(good.map((data) => ({ data, meta: { receivedVia: 'import' as const, receivedBy, receivedAt } })));
    this.logger.info({ count: requests.length }, 'requests imported');
    return { ok: true, requests };
  }

  /**
   * Records a panel member's decision from the card. Settling and appending happen in one step in
   * the store, so two members clicking at once settle once, and a repeated click is recorded once.
   */
  async decide(raw: unknown, actor: Actor): Promise<DecideResult> {
    const requestId = typeof (raw as { requestId?: unknown })?.requestId === 'string' ? (raw as { requestId: string }).requestId : undefined;
    const request = requestId ? this.store.getRequest(requestId) : undefined;
    if (requestId && !request) return { kind: 'not_found', requestId };
    const parsed = decisionSubmissionSchema.safeParse(raw);
    if (!parsed.success || !request) {
      return { kind: 'invalid', request, settlement: request && this.settlement(request.id), problems: parsed.success ? [{ field: 'requestId', problem: 'is missing' }] : fieldProblems(parsed.error) };
    }
    const submission = parsed.data;
    if (!this.isMember(actor.aadObjectId)) {
      this.logger.warn({ requestId: request.id }, 'decision refused: not a panel member');
      return { kind: 'not_member', request, settlement: this.settlement(request.id), notice: 'Only panel members can decide. You are not on the panel for this council.' };
    }
    if (submission.option !== 'proposed' && !request.alternatives.some((a) => a.id === submission.option)) {
      return { kind: 'invalid', request, settlement: this.settlement(request.id), problems: [{ field: 'option', problem: `"${submission.option}" is not an option on this request` }] };
    }
    const effectiveFrom = submission.effectiveFrom ?? request.proposed.startDate;
    const effectiveProblem = isApproval(submission.outcome) ? effectiveDateProblem(request, effectiveFrom) : undefined;
    if (effectiveProblem !== undefined) {
      return { kind: 'invalid', request, settlement: this.settlement(request.id), problems: [{ field: 'effectiveFrom', problem: effectiveProblem }] };
    }
    const result = await this.store.appendDecision(request.id, (existing) => {
      const s = settlementOf(existing, this.quorum, this.deps.config.PANEL_CHAIR);
      if (!isOpen(s.status)) {
        const by = s.settledBy!;
        return { reject: `Already decided: ${by.outcome.replace(/_/g, ' ')} by ${by.decidedBy.name} at ${formatWhen(by.decidedAt)}.` };
      }
      // Teams re-sends slow turns, sometimes under a new activity id: the business key is what counts.
      const same = (v: DecisionRecord | undefined) => v !== undefined && v.decidedBy.aadObjectId === actor.aadObjectId && v.outcome === submission.outcome && v.option === submission.option;
      // A deferral clears the round's votes, so its repeat is caught as the latest record.
      const repeat = s.votes.some(same) || same(existing[existing.length - 1]);
      if (repeat) return { reject: DUPLICATE };
      return {
        requestId: request.id,
        outcome: submission.outcome,
        option: submission.option,
        ...(submission.comment !== undefined && { comment: submission.comment }),
        ...(submission.reviewDate !== undefined && { reviewDate: submission.reviewDate }),
        effectiveFrom,
        decidedBy: { aadObjectId: actor.aadObjectId, name: actor.name },
        decidedAt: this.now().toISOString(),
      };
    });
    const settlement = this.settlement(request.id);
    if (!result.ok) {
      if (result.reason === DUPLICATE) return { kind: 'duplicate', request, settlement };
      return { kind: 'already_settled', request, settlement, notice: result.reason };
    }
    this.logger.info({ requestId: request.id, outcome: submission.outcome, status: settlement.status }, 'decision recorded');
    for (const l of this.listeners) l.requestDecided?.(request, settlement);
    return { kind: 'recorded', request, decision: result.record, settlement };
  }

  /** Records a cost change or an end after an approval. */
  async recordEvent(requestId: string, raw: unknown, actor: Actor, idempotencyKey?: string): Promise<EventResult> {
    const request = this.store.getRequest(requestId);
    if (!request) return { ok: false, status: 404, problems: [{ field: 'id', problem: `no request ${requestId}` }] };
    const parsed = eventInputSchema.safeParse(raw);
    if (!parsed.success) return { ok: false, status: 400, problems: fieldProblems(parsed.error) };
    const keyed = idempotencyKey === undefined ? undefined : { key: idempotencyKey, fingerprint: fingerprint(`event ${requestId}`, raw) };
    const append = () => this.store.appendEvent(requestId, { ...parsed.data, recordedBy: actor, recordedAt: this.now().toISOString() }, keyed);
    if (keyed && this.store.idempotencyKeyUse(keyed.key) !== undefined) {
      // A retry is answered with the event the first send made, whatever changed since (an "ended"
      // sent again is not a second end): the store returns it, or refuses a different body.
      const event = await append().catch(keyConflict);
      return 'ok' in event ? event : { ok: true, event, replayed: true };
    }
    const settlement = this.settlement(requestId);
    const approved = approvedDecision(settlement);
    if (!approved) {
      return { ok: false, status: 409, problems: [{ field: 'id', problem: `${requestId} is ${settlement.status.replace(/_/g, ' ')}; events are recorded only after an approval` }] };
    }
    if (parsed.data.date < approved.effectiveFrom) {
      return { ok: false, status: 400, problems: [{ field: 'date', problem: `must be on or after the decision's effective date ${approved.effectiveFrom}` }] };
    }
    const costProblem = eventCostProblem(parsed.data, this.intakeLimits().maxWeeklyCost);
    if (costProblem) return { ok: false, status: 400, problems: [costProblem] };
    const conflict = eventConflict(this.store.eventsFor(requestId), parsed.data, requestId);
    if (conflict !== undefined) return { ok: false, status: 409, problems: [{ field: 'type', problem: conflict }] };
    const event = await append();
    this.logger.info({ requestId, type: event.type }, 'event recorded');
    return { ok: true, event };
  }
}
