import type { DecisionRecord } from '../domain/decision.js';
import type { StoredEventRecord } from '../domain/event.js';
import type { GovernanceRecord } from '../domain/meeting.js';
import type { PlacementRequestData, StoredRequest } from '../domain/request.js';
import type { ChainCheck } from './hashChain.js';
import type { DedupeEntry, Keyed } from './idempotency.js';
import type { CardRef, ConversationRefStored, DigestState } from './storeFile.js';

export type { CardRef, ConversationRefStored, DigestState } from './storeFile.js';
export type { ChainCheck } from './hashChain.js';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** A decision to append: the store gives it its id and hashes. `requestId`, if given, must match. */
export type NewDecision = Omit<DecisionRecord, 'id' | 'hash' | 'prevHash' | 'requestId'> & { requestId?: string };

/** An event to append: the store gives it its id and hashes. `requestId`, if given, must match. */
export type NewEvent = DistributiveOmit<StoredEventRecord, 'id' | 'hash' | 'prevHash' | 'requestId'> & { requestId?: string };

/** A governance record to append (src/domain/meeting.ts): the store gives it its id and hashes. */
export type NewGovernance = DistributiveOmit<GovernanceRecord, 'id' | 'hash' | 'prevHash'>;

/**
 * How and by whom a request came in. `idempotencyKey`: a repeat of a key returns the request it
 * created; with a `fingerprint` of what was sent (idempotency.ts), a repeat with another throws
 * IdempotencyConflict.
 */
export interface RequestMeta {
  receivedVia: 'api' | 'teams' | 'import';
  receivedBy: string;
  receivedAt: Date;
  idempotencyKey?: string;
  fingerprint?: string;
}

/** A decision appended, or the refusal its `build` returned (of the caller's own type). */
export type AppendResult<R> = { ok: true; record: DecisionRecord } | { ok: false; reason: R };

/** A governance record appended, or the refusal its `build` returned. */
export type GovernanceAppendResult<R> = { ok: true; record: GovernanceRecord } | { ok: false; reason: R };

/**
 * Where the panel's requests, decisions and events live, and its governance records (delegations,
 * meetings, the roles in force: src/domain/meeting.ts), which belong to no one request. Reads are synchronous and served from
 * memory; writes apply at once in memory and resolve only when the change is on disk (or reject,
 * with the change undone). Returned arrays and records must not be mutated (records are frozen).
 */
/** Why an event may not be appended to a request's events so far (a second end, a condition done twice), or undefined. */
export type EventCheck = (existing: readonly StoredEventRecord[]) => string | undefined;

export interface PanelStore {
  readonly path: string;

  getRequest(id: string): StoredRequest | undefined;
  listRequests(): readonly StoredRequest[];
  /** The request's decisions in the order they were recorded. */
  decisionsFor(requestId: string): readonly DecisionRecord[];
  /** The request's events in the order they were recorded. */
  eventsFor(requestId: string): readonly StoredEventRecord[];
  allDecisions(): readonly DecisionRecord[];
  allEvents(): readonly StoredEventRecord[];
  /** The governance records in the order they were appended; never purged. */
  governanceRecords(): readonly GovernanceRecord[];
  /**
   * A number that changes whenever the data in memory does (a write, or its undoing after a failed
   * write): what is computed from the data can be cached under it.
   */
  revision(): number;
  /**
   * The ids of the requests whose record, decisions or events changed after `revision` (a value
   * revision() returned), or undefined when the store cannot tell: read everything again then.
   */
  changedSince(revision: number): ReadonlySet<string> | undefined;
  getConversation(role: string): ConversationRefStored | undefined;
  getCard(requestId: string): CardRef | undefined;
  getDigestState(): DigestState;
  /** Whether every decision, event and governance record is as it was appended (see hashChain.ts). */
  verify(): ChainCheck;
  /** Whether the store is open and its file can still be read (for /healthz). */
  isReadable(): boolean;

  /** Stores a new request with the next id of its year of receipt (PR-2026-0001). */
  addRequest(data: PlacementRequestData, meta: RequestMeta): Promise<StoredRequest>;
  /** Stores all the requests in one write, or none of them. */
  addRequests(batch: readonly { data: PlacementRequestData; meta: RequestMeta }[]): Promise<StoredRequest[]>;
  /**
   * Appends what `build` returns, or nothing when it returns `{ reject }`, whose value is handed back
   * as the `reason`. `build` runs synchronously against the request's decisions so far, so a check
   * and the append happen with nothing in between. A refusal resolves only once the decisions it
   * saw are on disk (and rejects if their write fails): it may name one of them. Rejects with a
   * StoreError for a request that is not stored, as appendEvent does.
   */
  appendDecision<R>(
    requestId: string,
    build: (existing: readonly DecisionRecord[]) => NewDecision | { reject: R },
  ): Promise<AppendResult<R>>;
  /**
   * Appends the event. Under a key already used for an event on this request with the same
   * fingerprint, appends nothing and resolves to that event once it is on disk; a key used otherwise
   * throws IdempotencyConflict. `check`, when given, runs synchronously against the request's events
   * so far, with nothing in between it and the append, whatever else writes to the store (another
   * instance on the same database too); when it names a reason, nothing is appended and the promise
   * rejects with EventRefused once the events it saw are durable.
   */
  appendEvent(requestId: string, event: NewEvent, keyed?: Keyed, check?: EventCheck): Promise<StoredEventRecord>;
  /**
   * Appends what `build` returns to the governance chain (ids G-000001 upwards), or nothing when it
   * returns `{ reject }`, as appendDecision does: `build` runs synchronously against every governance
   * record so far, with nothing in between the check and the append, whatever else writes to the
   * store (another instance on the same database too: two starting a meeting at once start one).
   * A refusal resolves once the records it saw are durable.
   */
  appendGovernance<R>(
    build: (existing: readonly GovernanceRecord[]) => NewGovernance | { reject: R },
  ): Promise<GovernanceAppendResult<R>>;
  /** What an idempotency key was used for, if it was (in memory: perhaps not yet on disk). */
  idempotencyKeyUse(key: string): DedupeEntry | undefined;
  setConversation(role: string, ref: ConversationRefStored): Promise<void>;
  setCard(requestId: string, card: CardRef): Promise<void>;
  /** Sets what is named, keeping the rest: the week's digest sent, the day's reminder sent. */
  setDigestState(state: Partial<DigestState>): Promise<void>;
  /**
   * Claims `key` for `holder` for `leaseMs`: true when the holder has it now (nobody held it, the
   * lease ran out, or this holder held it already, the lease then renewed); false while another's
   * lease runs. Not undone by a failed write: it is kept apart from the data. When true, the reads
   * show every change committed (by any instance) before the claim, as far as the store could read
   * them: the holder checks whether the work is still to do on what it reads next.
   */
  claim(key: string, holder: string, leaseMs: number): Promise<boolean>;
  /** Gives up the holder's claim on `key` before its lease runs out; nothing when another holds it. */
  release(key: string, holder: string): Promise<void>;
  /** Removes the requests with their decisions, events, cards and keys; resolves to how many requests went. */
  purgeRequests(ids: readonly string[]): Promise<number>;
  /** Waits for every pending write, then releases the file for another process. */
  close(): Promise<void>;
}

export { EventRefused, StoreError } from './storeError.js';
