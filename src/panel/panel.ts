import { randomUUID } from 'node:crypto';
import { dateOf } from '../calculators/dates.js';
import { decisionSubmissionSchema, type DecisionRecord } from '../domain/decision.js';
import { eventInputSchema, isPlacementEvent, type StoredEventRecord } from '../domain/event.js';
import {
  completionDateProblem, completionInputSchema, completionRefusal, conditionStates, type ConditionCompletedRecord, type ConditionState,
} from '../domain/conditions.js';
import { fieldProblems, type FieldProblem } from '../domain/issues.js';
import { continueReviewInputSchema, nextReviewDateProblem, type ReviewPostedRecord, type ReviewRecord } from '../domain/review.js';
import { reviewState } from './reviews.js';
import { BOT_ACTOR, placementRequestInputSchema, type Actor, type PlacementRequestData, type StoredRequest } from '../domain/request.js';
import { approvedDecision, isOpen, type Settlement } from '../domain/settlement.js';
import type { Logger } from '../log/logger.js';
import type { CardRef, ConversationRefStored, EventCheck, PanelStore } from '../store/panelStore.js';
import { EventRefused } from '../store/storeError.js';

export type { CardRef, ConversationRefStored } from '../store/panelStore.js';
import type { NeedBands } from '../calculators/need.js';
import { DEFAULT_DECIDE_BY_DAYS } from '../domain/decideBy.js';
import { decideOn, type DecisionCommand, type DecisionVerdict } from '../domain/decisionRule.js';
import {
  ADMIN, MEMBER, councilCostOf, delegationProblem, type PresentQuorum, isPanelMember, isVotingRole, limitFor, presentQuorum, rolesOn, votingMembersOn, type Governance,
} from '../domain/governance.js';
import type { DelegationRecord, Role } from '../domain/meeting.js';
import { ZERO } from '../calculators/money.js';
import { governanceOf, type Config } from '../config/env.js';
import { calendarOf, SHIPPED_BANK_HOLIDAYS } from '../domain/workingDays.js';
import {
  DEFAULT_MAX_WEEKLY_COST, eventConflict, eventCostProblem, requestProblems, startedDateProblem, type IntakeLimits,
} from '../domain/intakeRules.js';
import { PanelFacts, type PanelSettings } from './facts.js';
import { CaseBook, eventsApart } from './caseBook.js';
import { waitingRequestFor } from './queries.js';
import { followUps, type FollowUp } from './followUps.js';
import { MAX_REFRESH_USER_IDS } from '../cards/viewModels.js';
import { conflictInputSchema, declaredConflict, hasDeclaredConflict, type ConflictDeclaredRecord } from '../domain/conflictOfInterest.js';
import type { GovernanceRecord } from '../domain/meeting.js';
import { rolesInForceOf, sameRolesInForce } from './rolesInForce.js';
import { agendaFacts, agendaOf, delegationsOf, quorumShortfall, meetingsOf, minutesOf, openMeetingOf, type AgendaFacts, type MeetingState, type MinutesContext } from './meetings.js';
import { fingerprint, IdempotencyConflict, IDEMPOTENCY_HEADER } from '../store/idempotency.js';

export type Via = 'api' | 'teams' | 'import';

/** The conversations the app posts to: request cards, and the weekly digest. */
export type ConversationRole = 'panel' | 'leadership';

/** Why the panel refused something, for the edges to word (an HTTP status, a card). */
export type Refusal = 'invalid' | 'conflict' | 'not_found' | 'key_reused';

export type IntakeResult =
  /** `replayed`: a repeat under an idempotency key, answered with the request the first one made. */
  | { ok: true; request: StoredRequest; replayed?: true }
  | { ok: false; refusal: Exclude<Refusal, 'not_found'>; problems: FieldProblem[] };

export type ImportResult =
  | { ok: true; requests: StoredRequest[] }
  | { ok: false; rejected: { index: number; problems: FieldProblem[] }[] };

export type DecideResult =
  | { kind: 'recorded'; request: StoredRequest; decision: DecisionRecord; settlement: Settlement }
  | { kind: 'duplicate'; request: StoredRequest; settlement: Settlement }
  | { kind: 'already_settled'; request: StoredRequest; settlement: Settlement; settledBy: DecisionRecord }
  | { kind: 'not_member'; request: StoredRequest; settlement: Settlement }
  | { kind: 'invalid'; request?: StoredRequest; settlement?: Settlement; problems: FieldProblem[] }
  | { kind: 'not_found'; requestId: string };

export type EventResult =
  | { ok: true; event: StoredEventRecord; replayed?: true }
  | { ok: false; refusal: Refusal; problems: FieldProblem[] };

export type ReviewResult =
  | { ok: true; review: ReviewRecord }
  | { ok: false; refusal: Refusal; problems: FieldProblem[] };

export type CompletionResult =
  | { ok: true; completion: ConditionCompletedRecord; conditions: ConditionState[]; replayed?: true }
  | { ok: false; refusal: Refusal; problems: FieldProblem[] };

export type MeetingResult =
  /** `replayed`: already so (a member marking themselves present twice). */
  | { ok: true; meeting: MeetingState; replayed?: true }
  | { ok: false; refusal: Refusal | 'not_member'; problems: FieldProblem[]; meeting?: MeetingState };

export type DelegationResult =
  | { ok: true; delegation: DelegationRecord }
  | { ok: false; refusal: Refusal; problems: FieldProblem[] };

export type ConflictResult =
  | { ok: true; conflict: ConflictDeclaredRecord; replayed?: true }
  | { ok: false; refusal: Refusal | 'not_member'; problems: FieldProblem[] };

/** Things that happen which the Teams side announces: a request to post, a card to update. */
export interface PanelListener {
  requestAdded?(request: StoredRequest): void;
  requestDecided?(request: StoredRequest, settlement: Settlement): void;
  /** A review was held or an event recorded: the request's review card, if posted, is to be drawn again. */
  reviewChanged?(request: StoredRequest): void;
  /** A meeting started or someone marked themselves present: its agenda card is to be posted or drawn again. */
  meetingChanged?(meeting: MeetingState): void;
  /** A meeting ended: its minutes are to be posted, and its agenda card closed. */
  meetingEnded?(meeting: MeetingState): void;
}

export interface PanelDeps {
  store: PanelStore;
  config: Pick<Config, 'PANEL_MEMBERS' | 'PANEL_CHAIR' | 'PANEL_QUORUM' | 'SAVINGS_TARGET'> & Partial<Pick<Config, 'PANEL_ROLES' | 'APPROVAL_LIMITS' | 'MAX_WEEKLY_COST' | 'WEEKS_PER_YEAR' | 'DECIDE_BY_WORKING_DAYS' | 'BANK_HOLIDAYS_FILE' | 'SLIPPAGE_GRACE_DAYS'>>;
  logger: Logger;
  /** Weekly cost bands per placement type and need level: the council's own value-for-money reference. */
  needBands: NeedBands;
  now?: () => Date;
  /** Who this instance is when claiming what to send (claimSend); a fresh random id by default. */
  holder?: string;
}

/** An idempotency key sent again with something else, naming the header. Other errors go on. */
function keyConflict(error: unknown): { ok: false; refusal: 'key_reused'; problems: FieldProblem[] } {
  if (error instanceof IdempotencyConflict) return { ok: false, refusal: 'key_reused', problems: [{ field: IDEMPOTENCY_HEADER, problem: error.message }] };
  throw error;
}

/** An event the store refused on its check, against events another instance had just recorded: the conflict it names. Other errors go on. */
function eventRefusedAs(field: string): (error: unknown) => { ok: false; refusal: 'conflict'; problems: FieldProblem[] } {
  return (error) => {
    if (error instanceof EventRefused) return { ok: false, refusal: 'conflict', problems: [{ field, problem: error.reason }] };
    throw error;
  };
}

/** Why a verdict that records nothing was refused, as problems by field (the already-settled, duplicate and not-member verdicts are answered as such). */
function verdictProblems(verdict: DecisionVerdict): FieldProblem[] {
  switch (verdict.kind) {
    case 'unknown_option': return [{ field: 'option', problem: `"${verdict.option}" is not an option on this request` }];
    case 'invalid_effective_date': return [{ field: 'effectiveFrom', problem: verdict.problem }];
    case 'invalid_due_date': return [{ field: `conditions.${verdict.index}.due`, problem: verdict.problem }];
    case 'conflicted': return [{ field: 'outcome', problem: 'you declared a conflict of interest on this request, so you cannot vote on it' }];
    case 'not_present': return [{ field: 'outcome', problem: 'a panel meeting is under way: mark yourself present on its agenda card to vote' }];
    case 'meeting_not_quorate': return [{ field: 'outcome', problem: meetingShortfall(verdict) }];
    default: return [];
  }
}

/** Why those present cannot decide: "2 members present, 3 needed; no finance member present". */
function meetingShortfall(verdict: Omit<PresentQuorum, 'quorate'>): string {
  const count = `${verdict.present} ${verdict.present === 1 ? 'member' : 'members'} present, ${verdict.needed} needed`;
  return `those present cannot make the quorum (${count}; it needs ${quorumShortfall(verdict)}): the panel cannot decide until more members mark themselves present`;
}

/**
 * The panel's business: taking requests in, recording decisions once under the quorum rule, and
 * recording what happened afterwards, over a store only it touches. Transport-free: Teams handlers,
 * HTTP routes, the announcer and the schedules call its intents and read its facts.
 */
export class Panel {
  readonly now: () => Date;
  private readonly store: PanelStore;
  private readonly logger: Logger;
  private readonly listeners: PanelListener[] = [];
  private readonly governance: Governance;
  private readonly settings: PanelSettings;
  private current: PanelFacts | undefined;
  /** The cases and savings kept across changes to the store, for every revision's facts. */
  private readonly book: CaseBook;
  /** Stable for the life of this instance: its claims are renewed, another instance's are not. */
  private readonly holder: string;
  /** The roles in force recorded (or being recorded) for this instance's configuration. */
  private rolesRecording: Promise<void> | undefined;

  constructor(private readonly deps: PanelDeps) {
    this.store = deps.store;
    this.logger = deps.logger;
    this.now = deps.now ?? (() => new Date());
    this.holder = deps.holder ?? randomUUID();
    this.governance = governanceOf(deps.config);
    const settings: PanelSettings = {
      needBands: deps.needBands,
      weeksPerYear: deps.config.WEEKS_PER_YEAR ?? 52,
      ...(deps.config.SLIPPAGE_GRACE_DAYS !== undefined && { slippageGraceDays: deps.config.SLIPPAGE_GRACE_DAYS }),
      ...(deps.config.SAVINGS_TARGET !== undefined && { savingsTarget: deps.config.SAVINGS_TARGET }),
      decideBy: {
        days: deps.config.DECIDE_BY_WORKING_DAYS ?? DEFAULT_DECIDE_BY_DAYS,
        // Past the list's last year a fortnight with a bank holiday in it ends a day early: said once, not per card.
        calendar: calendarOf(deps.config.BANK_HOLIDAYS_FILE ?? SHIPPED_BANK_HOLIDAYS, (year) => this.logger.warn(
          { year }, 'bank holidays are listed only to an earlier year: decide-by dates now skip weekends only (set BANK_HOLIDAYS_FILE to a newer copy of gov.uk\'s list)',
        )),
      },
    };
    this.settings = settings;
    this.book = new CaseBook(this.store, this.governance, settings);
  }

  listen(listener: PanelListener): void {
    this.listeners.push(listener);
  }

  /** Today's date (UTC) by the panel's clock. */
  today(): string {
    return dateOf(this.now());
  }

  /** What needs doing as of `asOf` (src/panel/followUps.ts), with the council's slippage grace days. */
  followUps(asOf: string = this.today()): readonly FollowUp[] {
    return followUps(this.facts(), asOf);
  }

  /** The panel's records as they stand, with what is worked out from them kept until they change. */
  facts(): PanelFacts {
    const revision = this.store.revision();
    if (this.current?.revision !== revision) {
      this.current = new PanelFacts(revision, this.store, this.governance, this.settings, this.book);
    }
    return this.current;
  }

  /** The request with this id, if there is one. */
  request(id: string): StoredRequest | undefined {
    return this.store.getRequest(id);
  }

  /** Whether this person may decide today: holds a voting role (configured or as a deputy), or anyone in local mode with no roles set. */
  isMember(aadObjectId: string | undefined): boolean {
    return isPanelMember(this.governance, this.delegations(), aadObjectId, this.today());
  }

  /** The members the live card is refreshed for: configured voting members, then today's deputies. */
  deciders(): string[] {
    return votingMembersOn(this.governance, this.delegations(), this.today()).slice(0, MAX_REFRESH_USER_IDS);
  }

  /** The delegations recorded, oldest first (in force or not: rolesOn reads their dates). */
  delegations(): readonly DelegationRecord[] {
    // Asked whenever a card is drawn for someone (are they a member today?): once per change.
    return this.facts().keep('delegations', () => delegationsOf(this.store.governanceRecords()));
  }

  /** The meeting under way, if one is, with who marked themselves present and the roles they held then: what the decision rule asks of a vote. */
  private meetingInProgress(): DecisionCommand['meeting'] {
    const meeting = this.openMeeting();
    return meeting && { id: meeting.id, present: meeting.attendance.map((a) => ({ aadObjectId: a.recordedBy.aadObjectId, roles: a.roles })) };
  }

  /** Where the app posts in a role ("panel", "leadership"), if it has been given one. */
  conversation(role: ConversationRole): ConversationRefStored | undefined {
    return this.store.getConversation(role);
  }

  /** Posts in this role go to this conversation from now on. */
  async setConversation(role: ConversationRole, ref: ConversationRefStored): Promise<void> {
    await this.store.setConversation(role, ref);
  }

  /** Where the request's card was posted, and how many decisions it showed then. */
  postedCard(requestId: string): CardRef | undefined {
    return this.store.getCard(requestId);
  }

  /** The request's card now sits at `card`, showing `card.decisions` decisions. */
  async markCardPosted(requestId: string, card: CardRef): Promise<void> {
    await this.store.setCard(requestId, card);
  }

  /**
   * How many decisions the request has had, with its conditions marked done and conflicts declared
   * (a card showing fewer missed an update): the card shows them all, so each updates it as a decision does.
   */
  decisionCount(requestId: string): number {
    return this.store.decisionsFor(requestId).length + this.store.eventsFor(requestId).filter((e) => e.type === 'condition_completed' || e.type === 'conflict_declared').length;
  }

  /** The week ("2026-W48") of the last digest sent, if any. */
  lastDigestWeek(): string | undefined {
    return this.store.getDigestState().lastWeekSent;
  }

  /** The digest of `week` has been sent. */
  async markDigestSent(week: string): Promise<void> {
    await this.store.setDigestState({ lastWeekSent: week });
  }

  /** The day ("2026-12-01", the schedule's time zone) of the last follow-up reminder sent, if any. */
  lastReminderDay(): string | undefined {
    return this.store.getDigestState().lastReminderDay;
  }

  /** The follow-up reminder of `day` has been sent. */
  async markReminderSent(day: string): Promise<void> {
    await this.store.setDigestState({ lastReminderDay: day });
  }

  /**
   * Whether this instance is the one to send what `key` names (a card, a digest): true unless
   * another instance claimed it within `leaseMs`. With the JSON store, always this process. Where
   * this instance may itself try the same key twice at once (a card posted on receipt while the
   * sweep finds it missing), each try names its `attempt`, and the second is refused as another
   * instance's would be.
   */
  claimSend(key: string, leaseMs: number, attempt?: string): Promise<boolean> {
    return this.store.claim(key, this.holderOf(attempt), leaseMs);
  }

  /** Gives up a claim whose sending failed, so that another instance may try before the lease ends. */
  releaseSend(key: string, attempt?: string): Promise<void> {
    return this.store.release(key, this.holderOf(attempt));
  }

  private holderOf(attempt: string | undefined): string {
    return attempt === undefined ? this.holder : `${this.holder} ${attempt}`;
  }

  /** Removes closed requests with all their records; resolves to how many went. */
  purgeRequests(ids: readonly string[]): Promise<number> {
    return this.store.purgeRequests(ids);
  }

  private intakeLimits(): IntakeLimits {
    return { today: this.today(), maxWeeklyCost: this.deps.config.MAX_WEEKLY_COST ?? DEFAULT_MAX_WEEKLY_COST };
  }

  private openRequestProblem(childRef: string): FieldProblem | undefined {
    const open = waitingRequestFor(this.facts(), childRef);
    if (open === undefined) return undefined;
    return { field: 'childRef', problem: `${childRef} already has a request waiting for the panel, ${open.id}: decide or update that one` };
  }

  /**
   * Validates and stores one request; every problem named by field. A child with a request still
   * waiting is refused (409): two open requests for one child would split the panel's decision.
   */
  async submitRequest(raw: unknown, via: Via, receivedBy: string, idempotencyKey?: string): Promise<IntakeResult> {
    const parsed = placementRequestInputSchema.safeParse(raw);
    if (!parsed.success) return { ok: false, refusal: 'invalid', problems: fieldProblems(parsed.error) };
    const keyed = idempotencyKey === undefined ? undefined : { idempotencyKey, fingerprint: fingerprint('request', raw) };
    // A retry is answered as the first send was, whatever changed since (the open request for the
    // child is the one it made): the store returns that request, or refuses a different body.
    const replay = keyed !== undefined && this.store.idempotencyKeyUse(keyed.idempotencyKey) !== undefined;
    if (!replay) {
      const problems = requestProblems(parsed.data, this.intakeLimits());
      if (problems.length > 0) return { ok: false, refusal: 'invalid', problems };
      const open = this.openRequestProblem(parsed.data.childRef);
      if (open) return { ok: false, refusal: 'conflict', problems: [open] };
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
   * Records a panel member's decision from the card under the decision rule (decisionRule.ts). The
   * rule runs in the store against the request's decisions so far, with nothing in between, so two
   * members clicking at once settle once, and a repeated click is recorded once.
   */
  async decide(raw: unknown, actor: Actor): Promise<DecideResult> {
    const requestId = typeof (raw as { requestId?: unknown })?.requestId === 'string' ? (raw as { requestId: string }).requestId : undefined;
    const request = requestId ? this.store.getRequest(requestId) : undefined;
    if (requestId && !request) return { kind: 'not_found', requestId };
    const parsed = decisionSubmissionSchema.safeParse(raw);
    if (!parsed.success || !request) {
      return { kind: 'invalid', request, settlement: request && this.facts().settlement(request.id), problems: parsed.success ? [{ field: 'requestId', problem: 'is missing' }] : fieldProblems(parsed.error) };
    }
    const now = this.now();
    const held = rolesOn(this.governance, this.delegations(), actor.aadObjectId, dateOf(now));
    const command: DecisionCommand = {
      request, submission: parsed.data, actor, isMember: this.isMember(actor.aadObjectId), now,
      roles: held.roles, deputyFor: held.deputyFor, limit: limitFor(this.governance, held.roles),
      // An unknown option is refused by the rule before its cost is asked for.
      councilCost: (option) => councilCostOf(request, option) ?? ZERO,
      conflicted: this.isConflicted(request.id, actor.aadObjectId),
      meeting: this.meetingInProgress(),
    };
    await this.rolesInForceRecorded();
    const result = await this.store.appendDecision(request.id, (existing) => {
      const verdict = decideOn(existing, command, this.governance);
      return verdict.kind === 'record' ? verdict.decision : { reject: verdict };
    });
    const settlement = this.facts().settlement(request.id);
    if (result.ok) {
      this.logger.info({ requestId: request.id, outcome: result.record.outcome, status: settlement.status }, 'decision recorded');
      for (const l of this.listeners) l.requestDecided?.(request, settlement);
      return { kind: 'recorded', request, decision: result.record, settlement };
    }
    const refused = result.reason;
    switch (refused.kind) {
      case 'not_member':
        this.logger.warn({ requestId: request.id }, 'decision refused: not a panel member');
        return { kind: 'not_member', request, settlement };
      case 'already_settled':
        return { kind: 'already_settled', request, settlement, settledBy: refused.settledBy };
      case 'duplicate':
        return { kind: 'duplicate', request, settlement };
      case 'unknown_option':
      case 'invalid_effective_date':
      case 'invalid_due_date':
      case 'conflicted':
      case 'not_present':
      case 'meeting_not_quorate':
        return { kind: 'invalid', request, settlement, problems: verdictProblems(refused) };
    }
  }

  /** Records a cost change or an end after an approval. */
  async recordEvent(requestId: string, raw: unknown, actor: Actor, idempotencyKey?: string): Promise<EventResult> {
    const request = this.store.getRequest(requestId);
    if (!request) return { ok: false, refusal: 'not_found', problems: [{ field: 'id', problem: `no request ${requestId}` }] };
    const parsed = eventInputSchema.safeParse(raw);
    if (!parsed.success) return { ok: false, refusal: 'invalid', problems: fieldProblems(parsed.error) };
    const keyed = idempotencyKey === undefined ? undefined : { key: idempotencyKey, fingerprint: fingerprint(`event ${requestId}`, raw) };
    // Checked in the store, against the events recorded by then (another instance's too).
    const conflictWith = (recorded: readonly StoredEventRecord[]) => eventConflict(recorded.filter(isPlacementEvent), parsed.data, requestId);
    const append = () => this.store.appendEvent(requestId, { ...parsed.data, recordedBy: actor, recordedAt: this.now().toISOString() }, keyed, conflictWith);
    if (keyed && this.store.idempotencyKeyUse(keyed.key) !== undefined) {
      // A retry is answered with the event the first send made, whatever changed since (an "ended"
      // sent again is not a second end): the store returns it, or refuses a different body.
      const event = await append().catch(keyConflict);
      return 'ok' in event ? event : { ok: true, event, replayed: true };
    }
    const settlement = this.facts().settlement(requestId);
    const approved = approvedDecision(settlement);
    if (!approved) {
      return { ok: false, refusal: 'conflict', problems: [{ field: 'id', problem: `${requestId} is ${settlement.status.replace(/_/g, ' ')}; events are recorded only after an approval` }] };
    }
    if (parsed.data.date < approved.effectiveFrom) {
      return { ok: false, refusal: 'invalid', problems: [{ field: 'date', problem: `must be on or after the decision's effective date ${approved.effectiveFrom}` }] };
    }
    const limits = this.intakeLimits();
    const problem = eventCostProblem(parsed.data, limits.maxWeeklyCost) ?? startedDateProblem(parsed.data, limits.today);
    if (problem) return { ok: false, refusal: 'invalid', problems: [problem] };
    const event = await append().catch(eventRefusedAs('type'));
    if ('ok' in event) return event;
    this.logger.info({ requestId, type: event.type }, 'event recorded');
    for (const l of this.listeners) l.reviewChanged?.(request);
    return { ok: true, event };
  }

  /**
   * Marks condition `n` (from 1) of a conditional approval done, on `date` (today when not given),
   * as a record of its own (conditions.ts): refused for a request not approved with conditions or a
   * condition already done (conflict), or a condition it does not have (not found).
   */
  async completeCondition(requestId: string, n: number, raw: unknown, actor: Actor, idempotencyKey?: string): Promise<CompletionResult> {
    const request = this.store.getRequest(requestId);
    if (!request) return { ok: false, refusal: 'not_found', problems: [{ field: 'id', problem: `no request ${requestId}` }] };
    const body = raw === undefined || raw === null ? {} : raw;
    const parsed = completionInputSchema.safeParse(body);
    if (!parsed.success) return { ok: false, refusal: 'invalid', problems: fieldProblems(parsed.error) };
    const today = this.today();
    const keyed = idempotencyKey === undefined ? undefined : { key: idempotencyKey, fingerprint: fingerprint(`condition ${requestId} ${n}`, body) };
    const append = (check?: EventCheck) => this.store.appendEvent(requestId, {
      type: 'condition_completed', condition: n, date: parsed.data.date ?? today, recordedBy: actor, recordedAt: this.now().toISOString(),
    }, keyed, check);
    const answer = (completion: StoredEventRecord, replayed: boolean): CompletionResult => {
      if (completion.type !== 'condition_completed') throw new Error(`record ${completion.id} answered a completion but is a ${completion.type} event`);
      const c = this.facts().case(requestId)!;
      return { ok: true, completion, conditions: conditionStates(c.settlement.settledBy!, c.completions), ...(replayed && { replayed: true as const }) };
    };
    if (keyed && this.store.idempotencyKeyUse(keyed.key) !== undefined) {
      // A retry is answered with the completion the first send made, not refused as done already.
      const first = await append().catch(keyConflict);
      return 'ok' in first ? first : answer(first, true);
    }
    const c = this.facts().case(requestId)!;
    const decision = c.settlement.settledBy;
    const refusalGiven = (completions: readonly ConditionCompletedRecord[]) => completionRefusal(decision, completions, n, requestId);
    const refused = refusalGiven(c.completions);
    if (refused) return { ok: false, refusal: refused.refusal, problems: [{ field: 'n', problem: refused.problem }] };
    const dateProblem = completionDateProblem(parsed.data.date ?? today, decision!.decidedAt.slice(0, 10), today);
    if (dateProblem) return { ok: false, refusal: 'invalid', problems: [{ field: 'date', problem: dateProblem }] };
    // Checked again in the store: another instance may have marked it done in between.
    const completion = await append((recorded) => refusalGiven(eventsApart(recorded).completions)?.problem)
      .catch(eventRefusedAs('n'));
    if ('ok' in completion) return completion;
    this.logger.info({ requestId, condition: n }, 'condition marked done');
    const result = answer(completion, false);
    for (const l of this.listeners) l.requestDecided?.(request, c.settlement);
    return result;
  }

  /**
   * The panel reviewed the approval and continues it to a later review date (src/domain/review.ts):
   * refused for a request with no review in force (not approved with a review date, or ended), and
   * for a next date not after today.
   */
  async continueReview(requestId: string, raw: unknown, actor: Actor): Promise<ReviewResult> {
    const request = this.store.getRequest(requestId);
    if (!request) return { ok: false, refusal: 'not_found', problems: [{ field: 'id', problem: `no request ${requestId}` }] };
    const parsed = continueReviewInputSchema.safeParse(raw ?? {});
    if (!parsed.success) return { ok: false, refusal: 'invalid', problems: fieldProblems(parsed.error) };
    const today = this.today();
    const state = reviewState(this.facts(), requestId);
    if (state?.reviewDate === undefined || state.ended !== undefined) {
      const why = state?.ended !== undefined ? `ended on ${state.ended}` : 'is not an approval with a review date';
      return { ok: false, refusal: 'conflict', problems: [{ field: 'id', problem: `${requestId} ${why}: there is no review to continue` }] };
    }
    const next = parsed.data.nextReviewDate!;
    const problem = nextReviewDateProblem(next, today);
    if (problem) return { ok: false, refusal: 'invalid', problems: [{ field: 'nextReviewDate', problem }] };
    const record = await this.store.appendEvent(requestId, {
      type: 'review', date: today, reviewDate: state.reviewDate, outcome: 'continued', nextReviewDate: next,
      ...(parsed.data.note !== undefined && { note: parsed.data.note }), recordedBy: actor, recordedAt: this.now().toISOString(),
    });
    if (record.type !== 'review') throw new Error(`record ${record.id} answered a review but is a ${record.type} event`);
    this.logger.info({ requestId, nextReviewDate: next }, 'review recorded: continued');
    for (const l of this.listeners) l.reviewChanged?.(request);
    return { ok: true, review: record };
  }

  /** Whether the requester was told of decision `decisionId` (src/teams/requesterNotice.ts). */
  requesterTold(requestId: string, decisionId: string): boolean {
    return this.store.eventsFor(requestId).some((e) => e.type === 'requester_told' && e.decisionId === decisionId);
  }

  /** The requester was sent the outcome of `decisionId`: kept so that it is never sent again, here or by another instance. */
  async markRequesterTold(requestId: string, decisionId: string): Promise<void> {
    await this.store.appendEvent(requestId, {
      type: 'requester_told', date: this.today(), decisionId, recordedBy: BOT_ACTOR, recordedAt: this.now().toISOString(),
    });
  }

  /** The review card for `reviewDate` went to the panel channel: kept so that it is never posted again, here or by another instance. */
  async markReviewPosted(requestId: string, reviewDate: string, message?: { conversationId: string; activityId: string }): Promise<ReviewPostedRecord> {
    const record = await this.store.appendEvent(requestId, {
      type: 'review_posted', date: reviewDate, ...message, recordedBy: BOT_ACTOR, recordedAt: this.now().toISOString(),
    });
    if (record.type !== 'review_posted') throw new Error(`record ${record.id} answered a review posted but is a ${record.type} event`);
    return record;
  }

  /**
   * Records the roles, limits and quorum this instance runs under, before its first decision,
   * delegation or meeting, when they differ from the last recorded (checked in the store against
   * the chain, so instances record them once): what governed each decision stays on the record
   * after the configuration changes. Nothing is written at start. A failure is tried again next time.
   */
  private rolesInForceRecorded(): Promise<void> {
    this.rolesRecording ??= this.recordRolesInForce().then(() => undefined, (err: Error) => {
      this.rolesRecording = undefined;
      throw err;
    });
    return this.rolesRecording;
  }

  private async recordRolesInForce(): Promise<boolean> {
    const inForce = rolesInForceOf(this.governance);
    const result = await this.store.appendGovernance<'unchanged'>((existing) => {
      const last = [...existing].reverse().find((r) => r.type === 'roles_in_force');
      if (last !== undefined && sameRolesInForce(last, inForce)) return { reject: 'unchanged' };
      return { type: 'roles_in_force' as const, ...inForce, recordedBy: BOT_ACTOR, recordedAt: this.now().toISOString() };
    });
    if (result.ok) this.logger.info({ members: Object.keys(inForce.roles).length }, 'roles in force recorded');
    return result.ok;
  }

  /** The panel's own records (delegations, meetings, roles in force), oldest first. */
  governanceRecords(): readonly GovernanceRecord[] {
    return this.store.governanceRecords();
  }

  /** Every meeting, oldest first. */
  meetings(): readonly MeetingState[] {
    // Asked on every vote (is a meeting open?) and every agenda redraw: read from the chain once per change.
    return this.facts().keep('meetings', () => meetingsOf(this.store.governanceRecords()));
  }

  /** The meeting under way, if one is. */
  openMeeting(): MeetingState | undefined {
    return openMeetingOf(this.meetings());
  }

  private meetingNamed(meetingId: string): MeetingState | undefined {
    return this.meetings().find((m) => m.id === meetingId);
  }

  /**
   * Opens a meeting with the agenda as it stands: refused while another is open (checked in the
   * store against the chain, so two members, or two instances, starting at once start one).
   * `scheduled`: started by MEETING_CRON rather than a member.
   */
  async startMeeting(actor: Actor, scheduled = false): Promise<MeetingResult> {
    if (!scheduled && !this.mayRun(actor.aadObjectId)) return this.notMember('start a meeting');
    await this.rolesInForceRecorded();
    const agenda = agendaOf(this.facts(), this.today());
    const result = await this.store.appendGovernance<MeetingState>((existing) => {
      const open = openMeetingOf(meetingsOf(existing));
      return open !== undefined ? { reject: open } : { type: 'meeting_started' as const, agenda, recordedBy: actor, recordedAt: this.now().toISOString() };
    });
    if (!result.ok) {
      const open = result.reason;
      return { ok: false, refusal: 'conflict', meeting: open, problems: [{ field: 'meeting', problem: `a meeting is already under way, started by ${open.started.recordedBy.name}: end it first` }] };
    }
    const meeting = this.meetingNamed(result.record.id)!;
    this.logger.info({ meetingId: meeting.id, items: agenda.length, scheduled }, 'meeting started');
    for (const l of this.listeners) l.meetingChanged?.(meeting);
    return { ok: true, meeting };
  }

  /** The member is at the meeting, with the roles they hold today (deputies' included). Said twice, kept once. */
  async attend(meetingId: string, actor: Actor): Promise<MeetingResult> {
    const roles = this.votingRolesOn(actor.aadObjectId, this.today());
    if (roles.length === 0) return this.notMember('attend the meeting');
    const result = await this.store.appendGovernance<'not_found' | 'ended' | 'present'>((existing) => {
      const meeting = meetingsOf(existing).find((m) => m.id === meetingId);
      if (meeting === undefined) return { reject: 'not_found' as const };
      if (meeting.ended !== undefined) return { reject: 'ended' as const };
      if (meeting.attendance.some((a) => a.recordedBy.aadObjectId === actor.aadObjectId)) return { reject: 'present' as const };
      return { type: 'attendance' as const, meetingId, roles: [...roles], recordedBy: actor, recordedAt: this.now().toISOString() };
    });
    const meeting = this.meetingNamed(meetingId);
    if (!result.ok && result.reason !== 'present') return this.meetingRefusal(meetingId, result.reason, meeting);
    if (!result.ok) return { ok: true, meeting: meeting!, replayed: true };
    for (const l of this.listeners) l.meetingChanged?.(meeting!);
    return { ok: true, meeting: meeting! };
  }

  /** Closes the meeting and keeps its minutes, worked out from the records at that moment. */
  async endMeeting(meetingId: string, actor: Actor): Promise<MeetingResult> {
    if (!this.mayRun(actor.aadObjectId)) return this.notMember('end the meeting');
    const result = await this.store.appendGovernance<'not_found' | 'ended'>((existing) => {
      const meeting = meetingsOf(existing).find((m) => m.id === meetingId);
      if (meeting === undefined) return { reject: 'not_found' as const };
      if (meeting.ended !== undefined) return { reject: 'ended' as const };
      const at = this.now().toISOString();
      const minutes = minutesOf(this.facts(), existing, meeting, { at, by: actor }, this.minutesContext(meeting));
      return { type: 'meeting_ended' as const, meetingId, minutes, recordedBy: actor, recordedAt: at };
    });
    const meeting = this.meetingNamed(meetingId);
    if (!result.ok) return this.meetingRefusal(meetingId, result.reason, meeting);
    this.logger.info({ meetingId, items: meeting!.ended!.minutes.items.length }, 'meeting ended');
    for (const l of this.listeners) l.meetingEnded?.(meeting!);
    return { ok: true, meeting: meeting! };
  }

  /** The agenda card went to the panel channel: kept so that it is updated, never posted again. */
  async markAgendaPosted(meetingId: string, message: { conversationId: string; activityId: string }): Promise<void> {
    await this.store.appendGovernance<'posted'>((existing) => (meetingsOf(existing).find((m) => m.id === meetingId)?.agendaCard !== undefined
      ? { reject: 'posted' }
      : { type: 'agenda_posted' as const, meetingId, ...message, recordedBy: BOT_ACTOR, recordedAt: this.now().toISOString() }));
  }

  /**
   * The member declares a conflict of interest on a request still before the panel: they may not
   * vote on it from now on, and the minutes say so. Declared twice, kept once.
   */
  async declareConflict(requestId: string, raw: unknown, actor: Actor): Promise<ConflictResult> {
    const request = this.store.getRequest(requestId);
    if (!request) return { ok: false, refusal: 'not_found', problems: [{ field: 'id', problem: `no request ${requestId}` }] };
    if (!this.isMember(actor.aadObjectId)) return this.notMember('declare a conflict on a request');
    const parsed = conflictInputSchema.safeParse(raw ?? {});
    if (!parsed.success) return { ok: false, refusal: 'invalid', problems: fieldProblems(parsed.error) };
    const c = this.facts().case(requestId)!;
    const earlier = declaredConflict(c.conflicts, actor.aadObjectId);
    if (earlier !== undefined) return { ok: true, conflict: earlier, replayed: true };
    if (!isOpen(c.settlement.status)) {
      return { ok: false, refusal: 'conflict', problems: [{ field: 'id', problem: `${requestId} is already ${c.settlement.status.replace(/_/g, ' ')}: there is no vote left to stand aside from` }] };
    }
    const declaredBy = (recorded: readonly StoredEventRecord[]) => declaredConflict(eventsApart(recorded).conflicts, actor.aadObjectId);
    // Checked again in the store: the same member may have declared it through another instance in between.
    const record = await this.store.appendEvent(requestId, {
      type: 'conflict_declared', date: this.today(), ...(parsed.data.note !== undefined && { note: parsed.data.note }),
      recordedBy: actor, recordedAt: this.now().toISOString(),
    }, undefined, (recorded) => (declaredBy(recorded) === undefined ? undefined : 'declared already')).catch((error: unknown) => {
      if (error instanceof EventRefused) return undefined;
      throw error;
    });
    if (record === undefined) {
      const declared = declaredBy(this.store.eventsFor(requestId));
      return declared === undefined
        ? { ok: false, refusal: 'conflict', problems: [{ field: 'id', problem: `${requestId} changed while the conflict was declared: try again` }] }
        : { ok: true, conflict: declared, replayed: true };
    }
    if (record.type !== 'conflict_declared') throw new Error(`record ${record.id} answered a conflict but is a ${record.type} event`);
    this.logger.info({ requestId }, 'conflict of interest declared');
    for (const l of this.listeners) l.requestDecided?.(request, this.facts().settlement(requestId));
    return { ok: true, conflict: record };
  }

  /** Whether the member declared a conflict on the request. */
  isConflicted(requestId: string, aadObjectId: string | undefined): boolean {
    return hasDeclaredConflict(this.facts().case(requestId)?.conflicts ?? [], aadObjectId);
  }

  /** The roles the person holds on `day` that give a vote (deputies' included). */
  private votingRolesOn(aadObjectId: string, day: string): Role[] {
    const roles = rolesOn(this.governance, this.delegations(), aadObjectId, day).roles.filter(isVotingRole);
    // Local mode with no roles configured: everyone sits as a member, as everyone may decide.
    return roles.length === 0 && this.governance.roles.size === 0 ? [MEMBER] : roles;
  }

  /** Whether the person may start or end a meeting: a member that day, or an administrator. */
  private mayRun(aadObjectId: string): boolean {
    return this.isMember(aadObjectId) || (this.governance.roles.get(aadObjectId) ?? []).includes(ADMIN);
  }

  private minutesContext(meeting: MeetingState): MinutesContext {
    const members = new Map([...this.governance.roles].map(([id, roles]) => [id, roles.filter(isVotingRole)] as const).filter(([, roles]) => roles.length > 0));
    return {
      members,
      rolesOf: (id) => this.governance.roles.get(id) ?? [],
      quorate: presentQuorum(this.governance.quorum, meeting.attendance).quorate,
    };
  }

  /** What the meeting's agenda card is drawn from: its agenda, who is present and whether they make the quorum. */
  agendaFacts(meeting: MeetingState): AgendaFacts {
    return agendaFacts(meeting, this.governance.quorum);
  }

  /**
   * `to` deputises in `role` from `from` (today when not given) to `until`: refused, by field, when
   * the role, the dates or who asks are wrong (governance.ts, delegationProblem). `asAdmin`: the
   * HTTP API, under its key, delegates as an administrator would.
   */
  async delegate(asked: { role: string; to: Actor; from?: string; until: string; onBehalfOf?: Actor }, actor: Actor, asAdmin = false): Promise<DelegationResult> {
    const today = this.today();
    const from = asked.from ?? today;
    const problems = delegationProblem(this.governance, { role: asked.role, to: asked.to.aadObjectId, from, until: asked.until }, actor.aadObjectId, today, asAdmin);
    if (problems.length > 0) return { ok: false, refusal: 'invalid', problems };
    await this.rolesInForceRecorded();
    // The chair delegating their own role deputises for themselves: "as deputy for Jane Smith (chair)".
    const onBehalfOf = asked.onBehalfOf ?? ((this.governance.roles.get(actor.aadObjectId) ?? []).includes(asked.role) ? actor : undefined);
    const result = await this.store.appendGovernance<never>(() => ({
      type: 'delegation' as const, role: asked.role, to: asked.to, from, until: asked.until,
      ...(onBehalfOf !== undefined && { onBehalfOf }), recordedBy: actor, recordedAt: this.now().toISOString(),
    }));
    if (!result.ok || result.record.type !== 'delegation') throw new Error('a delegation was not recorded as one');
    this.logger.info({ role: asked.role, from, until: asked.until }, 'role delegated');
    return { ok: true, delegation: result.record };
  }

  private notMember(what: string): { ok: false; refusal: 'not_member'; problems: FieldProblem[] } {
    return { ok: false, refusal: 'not_member', problems: [{ field: 'member', problem: `only panel members may ${what}` }] };
  }

  private meetingRefusal(meetingId: string, reason: 'not_found' | 'ended', meeting: MeetingState | undefined): MeetingResult {
    return reason === 'not_found'
      ? { ok: false, refusal: 'not_found', problems: [{ field: 'meetingId', problem: `no meeting ${meetingId}` }] }
      : { ok: false, refusal: 'conflict', ...(meeting && { meeting }), problems: [{ field: 'meetingId', problem: `the meeting ${meetingId} has ended` }] };
  }
}
