import type pg from 'pg';
import { decisionRecordSchema, type DecisionRecord } from '../../domain/decision.js';
import { eventRecordSchema, type StoredEventRecord } from '../../domain/event.js';
import { governanceRecordSchema, type GovernanceRecord } from '../../domain/meeting.js';
import type { PlacementRequestData, StoredRequest } from '../../domain/request.js';
import { deepFreeze } from '../../lib/deepFreeze.js';
import { checkLease } from '../claims.js';
import { eventKeyEntry, repeatedEvent, type Keyed } from '../idempotency.js';
import type {
  AppendResult, EventCheck, GovernanceAppendResult, NewDecision, NewEvent, NewGovernance, PanelStore, RequestMeta,
} from '../panelStore.js';
import { prepareRequests } from '../newRequests.js';
import { sealNew, sealNext } from '../sealing.js';
import { StoreData } from '../storeData.js';
import { StoreReads } from '../storeReads.js';
import { cardRefSchema, conversationRefSchema, digestStateSchema, type CardRef, type ConversationRefStored, type DigestState } from '../storeFile.js';
import { EventRefused, StoreError, describeError, validated } from '../storeError.js';
import { applyChange, fitsOn, type Change } from './changes.js';
import { claimKey, releaseKey } from './claims.js';
import { CommitQueue, type Prepared, type QueueDatabase, type Replica } from './commitQueue.js';
import { CommitUnknown, type Database } from './database.js';
import { unstorableText } from './rows.js';
import type { Snapshot } from './snapshot.js';

const nothing = () => undefined;

/**
 * The PanelStore on PostgreSQL (opened by openPostgresStore.ts). Memory holds the same data, in the
 * same shape and with the same indexes, as the JSON store's (storeData.ts), so reads are as fast and
 * return the same; a write is made there at once and resolves once its transaction has committed
 * (commitQueue.ts), or rejects with it taken back. The database is the record: other instances may
 * write to it too, and each write first brings this copy up to date with what they wrote.
 */
export class PostgresStore extends StoreReads implements PanelStore, Replica {
  private readonly commits: CommitQueue;
  private data: StoreData;
  // Raised past every revision of the data replaced by a reload, so none is seen twice.
  private revisionBase = 0;
  private closed = false;
  private checking: Promise<unknown> | undefined;
  private listener: { close(): Promise<void> } | undefined;

  constructor(
    /** The database's URL without its password. */
    readonly path: string,
    private readonly where: string,
    private readonly db: Database,
    writes: QueueDatabase,
    snapshot: Snapshot,
    private readonly now: () => Date,
  ) {
    super();
    this.data = new StoreData(snapshot.file);
    this.commits = new CommitQueue(writes, this, snapshot.seq, (cause) => this.failure(cause));
  }

  // ---- reads (the rest in storeReads.ts) ----

  protected memory(): StoreData {
    return this.data;
  }

  revision(): number {
    return this.revisionBase + this.data.revision();
  }

  changedSince(revision: number): ReadonlySet<string> | undefined {
    // What was read before the last reload may differ from it anywhere.
    return revision < this.revisionBase ? undefined : this.data.changedSince(revision - this.revisionBase);
  }

  /**
   * Whether the store is open: reads come from memory, so questions are still answered from the last
   * copy while the database is away (liveness stays up; readiness, `writable()`, does not). When the
   * database did not answer last time, a check is started, so that its return is seen without a write.
   */
  isReadable(): boolean {
    if (this.closed) return false;
    if (!this.db.reachable) this.checking ??= this.db.writable().finally(() => { this.checking = undefined; });
    return true;
  }

  /** Whether a write sent now could be saved (for /readyz): the database answers and takes writes. */
  writable(): Promise<boolean> {
    return this.closed ? Promise.resolve(false) : this.db.writable();
  }

  // ---- writes ----

  addRequest(data: PlacementRequestData, meta: RequestMeta): Promise<StoredRequest> {
    return this.addRequests([{ data, meta }]).then((created) => created[0]!);
  }

  async addRequests(batch: readonly { data: PlacementRequestData; meta: RequestMeta }[]): Promise<StoredRequest[]> {
    this.assertOpen();
    if (batch.length === 0) return [];
    return this.commits.submit(() => {
      const { results, change } = prepareRequests(batch, this, this.data.file.counters, this.now());
      // Only repeats: answered once the requests they return are committed, not merely in memory.
      if (change === undefined) return { undo: nothing, value: results };
      return this.made(change, results);
    });
  }

  async appendDecision<R>(
    requestId: string,
    build: (existing: readonly DecisionRecord[]) => NewDecision | { reject: R },
  ): Promise<AppendResult<R>> {
    this.assertOpen();
    return this.commits.submit((): Prepared<AppendResult<R>> => {
      if (!this.getRequest(requestId)) return this.notStored(requestId);
      const built = build(this.decisionsFor(requestId));
      // A refusal rests on the decisions it saw: answered once they are committed, and once this
      // copy is known to hold every decision the database has (see commitQueue.ts).
      if ('reject' in built) return { undo: nothing, value: { ok: false, reason: built.reject } };
      const record = sealNew(this.data.chains.decisions, 'D', decisionRecordSchema, requestId, built, 'the decision');
      return this.made({ kind: 'decision', record }, { ok: true, record });
    });
  }

  async appendEvent(requestId: string, event: NewEvent, keyed?: Keyed, check?: EventCheck): Promise<StoredEventRecord> {
    this.assertOpen();
    // As appendDecision: `check` runs again, under store_head's lock, on a copy caught up with every
    // instance's events when another wrote in between; its refusal is given once that is known.
    return this.commits.submit((): Prepared<StoredEventRecord> => {
      if (!this.getRequest(requestId)) return this.notStored(requestId);
      const entry = keyed && this.idempotencyKeyUse(keyed.key);
      // A repeat is answered once the event is committed, not merely in memory.
      if (entry) return { undo: nothing, value: repeatedEvent(entry, keyed, requestId, this.eventsFor(requestId)) };
      const refusal = check?.(this.eventsFor(requestId));
      if (refusal !== undefined) return { failure: new EventRefused(refusal) };
      const record = sealNew(this.data.chains.events, 'E', eventRecordSchema, requestId, event, 'the event');
      return this.made({
        kind: 'event', record,
        ...(keyed && { dedupe: { [keyed.key]: eventKeyEntry(keyed, requestId, record.id, this.now().toISOString()) } }),
      }, record);
    });
  }

  async appendGovernance<R>(
    build: (existing: readonly GovernanceRecord[]) => NewGovernance | { reject: R },
  ): Promise<GovernanceAppendResult<R>> {
    this.assertOpen();
    // As appendDecision: `build` runs again, under store_head's lock, on a copy caught up with every
    // instance's records when another wrote in between (commitQueue.ts).
    return this.commits.submit((): Prepared<GovernanceAppendResult<R>> => {
      const built = build(this.governanceRecords());
      if ('reject' in built) return { undo: nothing, value: { ok: false, reason: built.reject } };
      const record = sealNext(this.data.chains.governance, 'G', governanceRecordSchema, built, 'the governance record');
      return this.made({ kind: 'governance', record }, { ok: true, record });
    });
  }

  async setConversation(role: string, ref: ConversationRefStored): Promise<void> {
    this.assertOpen();
    const stored = deepFreeze(validated(conversationRefSchema, ref, `the conversation reference for "${role}"`));
    return this.commits.submit(() => this.made({ kind: 'conversation', role, ref: stored }, undefined));
  }

  async setCard(requestId: string, card: CardRef): Promise<void> {
    this.assertOpen();
    const stored = deepFreeze(validated(cardRefSchema, card, `the card for ${requestId}`));
    return this.commits.submit((): Prepared<void> => {
      // A card for a request purged while it was being posted would name a request not stored.
      if (!this.getRequest(requestId)) return this.notStored(requestId);
      return this.made({ kind: 'card', requestId, card: stored }, undefined);
    });
  }

  async setDigestState(state: Partial<DigestState>): Promise<void> {
    this.assertOpen();
    const named = validated(digestStateSchema, state, 'the schedules\' state');
    return this.commits.submit(() => this.made({
      kind: 'digest', state: deepFreeze({ ...this.data.file.digest, ...named }),
    }, undefined));
  }

  async purgeRequests(ids: readonly string[]): Promise<number> {
    this.assertOpen();
    if (ids.length === 0) return 0;
    return this.commits.submit((): Prepared<number> => {
      const remove = new Set(ids.filter((id) => this.getRequest(id)));
      if (remove.size === 0) return { undo: nothing, value: 0 };
      const undo = this.data.purge(remove);
      // A purge leaves the governance chain as it was: only the chains it cut are written.
      const { decisions, events } = this.data.chains;
      return { change: { kind: 'purge', ids: [...remove], chain: { decisions, events } }, undo, value: remove.size };
    });
  }

  async claim(key: string, holder: string, leaseMs: number): Promise<boolean> {
    this.assertOpen();
    checkLease(key, holder, leaseMs);
    const held = await this.claimed('claim', key, (client) => claimKey(client, key, holder, leaseMs));
    // The holder acts on what others did before it claimed (a card they posted, a digest they sent),
    // not on what this copy has heard of so far: a notification may still be on its way.
    if (held) {
      this.commits.follow();
      await this.commits.idle();
    }
    return held;
  }

  async release(key: string, holder: string): Promise<void> {
    this.assertOpen();
    return this.claimed('release', key, (client) => releaseKey(client, key, holder));
  }

  /** Waits for pending writes, then closes the pool. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.listener?.close();
    await this.commits.idle();
    await this.checking;
    await this.db.end();
  }

  // ---- the copy in memory, kept in step by the commit queue ----

  /** Follows other instances' commits as `listener` hears of them (changeListener.ts), until closed. */
  followWith(listener: { start(): Promise<void>; close(): Promise<void> }): Promise<void> {
    this.listener = listener;
    return listener.start();
  }

  /** Another instance committed up to `seq`, or may have unheard (none given): see CommitQueue.follow. */
  heard(seq?: number): void {
    if (!this.closed) this.commits.follow(seq);
  }

  replay(changes: readonly Change[]): boolean {
    for (const change of changes) {
      if (!fitsOn(this.data, change)) return false;
      applyChange(this.data, change);
    }
    return true;
  }

  reload(snapshot: Snapshot): void {
    this.revisionBase += this.data.revision() + 1;
    this.data = new StoreData(snapshot.file);
  }

  // ---- helpers ----

  private assertOpen(): void {
    if (this.closed) throw new StoreError(`The store ${this.path} is closed.`);
  }

  /** Makes the change in memory, to be written with the rest of its batch. */
  private made<T>(change: Exclude<Change, { kind: 'purge' }>, value: T): Prepared<T> {
    const at = unstorableText(change);
    if (at !== undefined) {
      throw new StoreError(`The change cannot be stored in PostgreSQL: ${at} holds a character it cannot keep `
        + '(a NUL, or half of a surrogate pair). Nothing was changed.');
    }
    return { change, undo: this.data.apply(change), value };
  }

  private async claimed<T>(what: string, key: string, use: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    try {
      return await this.db.withClient(use);
    } catch (cause) {
      throw new StoreError(`Could not ${what} ${JSON.stringify(key)} in the ${this.where}: ${describeError(cause)}.`, { cause });
    }
  }

  private notStored(requestId: string): Prepared<never> {
    return { failure: new StoreError(`There is no request ${requestId}.`) };
  }

  private failure(cause: unknown): Error {
    if (cause instanceof StoreError) return cause;
    if (cause instanceof CommitUnknown) {
      return new StoreError(`The ${this.where} did not confirm the change: ${describeError(cause)}. It may have been saved: `
        + 'if it was, it shows again once this instance next writes.', { cause });
    }
    return new StoreError(`Could not save to the ${this.where}: ${describeError(cause)}. The change was not saved.`, { cause });
  }
}
