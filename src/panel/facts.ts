import type { NeedBands } from '../calculators/need.js';
import type { DecideByRule } from '../domain/decideBy.js';
import type { DecisionRecord } from '../domain/decision.js';
import type { EventRecord, StoredEventRecord } from '../domain/event.js';
import type { ConditionCompletedRecord } from '../domain/conditions.js';
import type { ReviewChainRecord } from '../domain/review.js';
import type { ConflictDeclaredRecord } from '../domain/conflictOfInterest.js';
import type { StoredRequest } from '../domain/request.js';
import { settlementOf, type Settlement } from '../domain/settlement.js';
import type { SavingsLedger } from '../calculators/savingsLedger.js';
import { CaseBook, type CaseFollower } from './caseBook.js';
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
  /** What changed since a revision (PanelStore.changedSince); without it, every revision is read afresh. */
  changedSince?(revision: number): ReadonlySet<string> | undefined;
}

/** Answers kept per revision: reports by as-of date, cards by question; a day's questions are few. */
const MAX_KEPT = 64;

/**
 * The panel's records as of one revision of the store, with what is worked out from them kept until
 * the store changes: every question and the digest read the same cases, so each is worked out once
 * per change rather than once per question. The cases themselves, and savings to date, are kept
 * across revisions by a CaseBook, which moves them by what changed. For use until the store next
 * changes; shared between callers: read, never change, what it gives.
 */
export class PanelFacts {
  private readonly kept = new Map<string, unknown>();
  private readonly looked = new Map<string, Case | undefined>();
  private readonly book: CaseBook;

  constructor(
    readonly revision: number,
    private readonly source: FactSource,
    /** The roles, limits and quorum the settlements are worked out under (and the cards say what is still needed by). */
    readonly governance: Governance,
    readonly settings: PanelSettings,
    /** The book kept across revisions (a Panel's); a new one when not given. */
    book?: CaseBook,
  ) {
    this.book = book ?? new CaseBook(source, governance, settings);
    this.book.catchUp(revision);
  }

  /** Where the request stands under the quorum rule (older votes without roles count with their voters' configured roles). */
  settlement(requestId: string): Settlement {
    return this.case(requestId)?.settlement ?? settlementOf([], this.governance.quorum, this.governance.roles);
  }

  /** The request with its standing and records, if there is one by that id. */
  case(requestId: string): Case | undefined {
    if (!this.looked.has(requestId)) this.looked.set(requestId, this.book.case(requestId));
    return this.looked.get(requestId);
  }

  /** Every request, in the order received (what a scan needs when it looks at few of their records). */
  requests(): readonly StoredRequest[] {
    return this.source.listRequests();
  }

  /** Every request, in the order received, with its standing and records. */
  cases(): readonly Case[] {
    return this.book.cases();
  }

  /** Savings to date, kept up to date change by change across revisions (src/calculators/savingsLedger.ts). */
  savingsLedger(): SavingsLedger {
    return this.book.savings();
  }

  /** What is kept from every case under `name` and moved as cases change (CaseBook.follower). */
  follower<T extends CaseFollower>(name: string, make: (cases: readonly Case[]) => T): T {
    return this.book.follower(name, make);
  }

  /** `compute()` worked out once for this revision and key: for what depends on the records and the key alone. */
  keep<T>(key: string, compute: () => T): T {
    if (this.kept.has(key)) return this.kept.get(key) as T;
    const value = compute();
    if (this.kept.size >= MAX_KEPT) this.kept.delete(this.kept.keys().next().value!);
    this.kept.set(key, value);
    return value;
  }
}
