import type { NeedBands } from '../calculators/need.js';
import type { DecideByRule } from '../domain/decideBy.js';
import type { DecisionRecord } from '../domain/decision.js';
import { isPlacementEvent, type EventRecord, type StoredEventRecord } from '../domain/event.js';
import type { ConditionCompletedRecord } from '../domain/conditions.js';
import type { ReviewChainRecord } from '../domain/review.js';
import type { ConflictDeclaredRecord } from '../domain/conflictOfInterest.js';
import type { StoredRequest } from '../domain/request.js';
import { settlementOf, type Settlement } from '../domain/settlement.js';
import type { Governance } from '../domain/governance.js';

/** One request with where it stands and everything recorded against it: what every answer is built from. */
export interface Case {
  request: StoredRequest;
  settlement: Settlement;
  decisions: readonly DecisionRecord[];
  events: readonly EventRecord[];
  /** Conditions of an approval marked done, in the order recorded: kept apart from the placement's events, which the figures read. */
  completions: readonly ConditionCompletedRecord[];
  /** Its review cards posted and reviews held, in the order recorded (src/domain/review.ts). */
  reviews: readonly ReviewChainRecord[];
  /** Conflicts of interest members declared on it, in the order recorded. */
  conflicts: readonly ConflictDeclaredRecord[];
}

/** The council's settings that answers depend on. */
export interface PanelSettings {
  /** The annual savings target in pounds ("1000000.00"), if the council set one. */
  savingsTarget?: string;
  /** Weekly cost bands per placement type and need level: the council's value-for-money reference. */
  needBands: NeedBands;
  /** Weeks in a full year for full-year (annualised) figures. */
  weeksPerYear: number;
  /** Working days per urgency and the bank holidays; DEFAULT_DECIDE_BY_RULE when not given. */
  decideBy?: DecideByRule;
  /** Days after its effective date an unconfirmed change is flagged as slipping (SLIPPAGE_GRACE_DAYS); DEFAULT_SLIPPAGE_GRACE_DAYS when not given. */
  slippageGraceDays?: number;
}

/** What the facts are read from: the store's reads, nothing that writes. */
export interface FactSource {
  listRequests(): readonly StoredRequest[];
  getRequest(id: string): StoredRequest | undefined;
  decisionsFor(requestId: string): readonly DecisionRecord[];
  eventsFor(requestId: string): readonly StoredEventRecord[];
}

/** Answers kept per revision: reports by as-of date, cards by question; a day's questions are few. */
const MAX_KEPT = 64;

/**
 * The panel's records as of one revision of the store, with what is worked out from them kept until
 * the store changes: every question and the digest read the same cases, so each is worked out once
 * per change rather than once per question. Shared between callers: read, never change, what it gives.
 */
export class PanelFacts {
  private readonly settlements = new Map<string, Settlement>();
  private readonly kept = new Map<string, unknown>();
  private allCases: readonly Case[] | undefined;

  constructor(
    readonly revision: number,
    private readonly source: FactSource,
    /** The roles, limits and quorum the settlements are worked out under (and the cards say what is still needed by). */
    readonly governance: Governance,
    readonly settings: PanelSettings,
  ) {}

  /** Where the request stands under the quorum rule (older votes without roles count with their voters' configured roles). */
  settlement(requestId: string): Settlement {
    let settlement = this.settlements.get(requestId);
    if (settlement === undefined) {
      settlement = settlementOf(this.source.decisionsFor(requestId), this.governance.quorum, this.governance.roles);
      this.settlements.set(requestId, settlement);
    }
    return settlement;
  }

  /** The request with its standing and records, if there is one by that id. */
  case(requestId: string): Case | undefined {
    const request = this.source.getRequest(requestId);
    return request && this.caseOf(request);
  }

  /** Every request, in the order received (what a scan needs when it looks at few of their records). */
  requests(): readonly StoredRequest[] {
    return this.source.listRequests();
  }

  /** Every request, in the order received, with its standing and records. */
  cases(): readonly Case[] {
    this.allCases ??= Object.freeze(this.source.listRequests().map((request) => this.caseOf(request)));
    return this.allCases;
  }

  /** `compute()` worked out once for this revision and key: for what depends on the records and the key alone. */
  keep<T>(key: string, compute: () => T): T {
    if (this.kept.has(key)) return this.kept.get(key) as T;
    const value = compute();
    if (this.kept.size >= MAX_KEPT) this.kept.delete(this.kept.keys().next().value!);
    this.kept.set(key, value);
    return value;
  }

  private caseOf(request: StoredRequest): Case {
    return {
      request,
      settlement: this.settlement(request.id),
      decisions: this.source.decisionsFor(request.id),
      ...eventsApart(this.source.eventsFor(request.id)),
    };
  }
}

/** The request's placement events, its conditions marked done, its reviews and its declared conflicts, apart. */
function eventsApart(records: readonly StoredEventRecord[]): Pick<Case, 'events' | 'completions' | 'reviews' | 'conflicts'> {
  const events: EventRecord[] = [];
  const completions: ConditionCompletedRecord[] = [];
  const reviews: ReviewChainRecord[] = [];
  const conflicts: ConflictDeclaredRecord[] = [];
  for (const r of records) {
    if (isPlacementEvent(r)) events.push(r);
    else if (r.type === 'condition_completed') completions.push(r);
    else if (r.type === 'conflict_declared') conflicts.push(r);
    else if (r.type === 'review' || r.type === 'review_posted') reviews.push(r);
  }
  return { events, completions, reviews, conflicts };
}
