import { accessSync, constants } from 'node:fs';
import { decisionRecordSchema, type DecisionRecord } from '../domain/decision.js';
import { eventRecordSchema, type StoredEventRecord } from '../domain/event.js';
import { governanceRecordSchema, type GovernanceRecord } from '../domain/meeting.js';
import type { PlacementRequestData, StoredRequest } from '../domain/request.js';
import { deepFreeze } from '../lib/deepFreeze.js';
import { MemoryClaims } from './claims.js';
import { GroupCommit } from './groupCommit.js';
import { eventKeyEntry, repeatedEvent, type Keyed } from './idempotency.js';
import type { JournalOp } from './journal.js';
import type {
  AppendResult, EventCheck, GovernanceAppendResult, NewDecision, NewEvent, NewGovernance, PanelStore, RequestMeta,
} from './panelStore.js';
import { prepareRequests } from './newRequests.js';
import { sealNew, sealNext } from './sealing.js';
import type { StoreData } from './storeData.js';
import { StoreReads } from './storeReads.js';
import { cardRefSchema, conversationRefSchema, digestStateSchema, type CardRef, type ConversationRefStored, type DigestState } from './storeFile.js';
import { EventRefused, StoreError, describeError, validated } from './storeError.js';
import type { StoreChange, StoreWriter } from './storeWriter.js';

/**
 * The PanelStore on one JSON file with a journal beside it (opened by lowdbStore.ts). One copy of the
 * data per process, in memory (storeData.ts); a write checks what it is given, makes the change at
 * once and resolves when the group commit (groupCommit.ts) has it on disk (storeWriter.ts), or
 * rejects with it taken back.
 */
export class JsonFileStore extends StoreReads implements PanelStore {
  private readonly commits: GroupCommit<StoreChange>;
  private closed = false;
  // In memory only: the file is locked to this process, so no other instance claims against it.
  private readonly claims: MemoryClaims;

  constructor(
    readonly path: string,
    private readonly data: StoreData,
    private readonly disk: StoreWriter,
    private readonly now: () => Date,
  ) {
    super();
    this.claims = new MemoryClaims(now);
    this.commits = new GroupCommit<StoreChange>({
      write: (changes) => disk.write(changes),
      failure: (cause) => new StoreError(
        `Could not save to the store file ${path}: ${describeError(cause)}. The change was not saved; the file is as it was.`,
        { cause },
      ),
    });
  }

  // ---- reads (the rest in storeReads.ts) ----

  protected memory(): StoreData {
    return this.data;
  }

  revision(): number {
    return this.data.revision();
  }

  changedSince(revision: number): ReadonlySet<string> | undefined {
    return this.data.changedSince(revision);
  }

  isReadable(): boolean {
    if (this.closed) return false;
    try {
      accessSync(this.path, constants.R_OK);
      return true;
    } catch {
      return false;
    }
  }

  // ---- writes ----

  addRequest(data: PlacementRequestData, meta: RequestMeta): Promise<StoredRequest> {
    return this.addRequests([{ data, meta }]).then((created) => created[0]!);
  }

  async addRequests(batch: readonly { data: PlacementRequestData; meta: RequestMeta }[]): Promise<StoredRequest[]> {
    this.assertOpen();
    if (batch.length === 0) return [];
    const { results, change } = prepareRequests(batch, this, this.data.file.counters, this.now());
    // Only repeats: answer once the requests they return are on disk, not merely in memory.
    if (change === undefined) await this.commits.durable();
    else await this.commit(change);
    return results;
  }

  async appendDecision<R>(
    requestId: string,
    build: (existing: readonly DecisionRecord[]) => NewDecision | { reject: R },
  ): Promise<AppendResult<R>> {
    this.assertOpen();
    if (!this.getRequest(requestId)) throw new StoreError(`There is no request ${requestId}.`);
    const built = build(this.decisionsFor(requestId));
    if ('reject' in built) {
      // The refusal rests on decisions that may still be on their way to disk ("already decided by
      // X"): answer only once they are there, so a crash cannot leave the answer naming a lost one.
      await this.commits.durable();
      return { ok: false, reason: built.reject };
    }
    const record = sealNew(this.data.chains.decisions, 'D', decisionRecordSchema, requestId, built, 'the decision');
    await this.commit({ kind: 'decision', record });
    return { ok: true, record };
  }

  async appendEvent(requestId: string, event: NewEvent, keyed?: Keyed, check?: EventCheck): Promise<StoredEventRecord> {
    this.assertOpen();
    if (!this.getRequest(requestId)) throw new StoreError(`There is no request ${requestId}.`);
    const entry = keyed && this.idempotencyKeyUse(keyed.key);
    if (entry) {
      const earlier = repeatedEvent(entry, keyed, requestId, this.eventsFor(requestId));
      // Answered once the event is on disk, not merely in memory (its first write may be in flight).
      await this.commits.durable();
      return earlier;
    }
    const refusal = check?.(this.eventsFor(requestId));
    if (refusal !== undefined) {
      // As a decision's refusal: it may rest on events still on their way to disk.
      await this.commits.durable();
      throw new EventRefused(refusal);
    }
    const record = sealNew(this.data.chains.events, 'E', eventRecordSchema, requestId, event, 'the event');
    await this.commit({
      kind: 'event', record,
      ...(keyed && { dedupe: { [keyed.key]: eventKeyEntry(keyed, requestId, record.id, this.now().toISOString()) } }),
    });
    return record;
  }

  async appendGovernance<R>(
    build: (existing: readonly GovernanceRecord[]) => NewGovernance | { reject: R },
  ): Promise<GovernanceAppendResult<R>> {
    this.assertOpen();
    const built = build(this.governanceRecords());
    if ('reject' in built) {
      // As for a decision: the refusal may rest on records still on their way to disk.
      await this.commits.durable();
      return { ok: false, reason: built.reject };
    }
    const record = sealNext(this.data.chains.governance, 'G', governanceRecordSchema, built, 'the governance record');
    await this.commit({ kind: 'governance', record });
    return { ok: true, record };
  }

  async setConversation(role: string, ref: ConversationRefStored): Promise<void> {
    this.assertOpen();
    const stored = deepFreeze(validated(conversationRefSchema, ref, `the conversation reference for "${role}"`));
    await this.commit({ kind: 'conversation', role, ref: stored });
  }

  async setCard(requestId: string, card: CardRef): Promise<void> {
    this.assertOpen();
    // A card for a request purged while it was being posted: its journal line could not be replayed
    // at the next start (it would name a request not stored), so it is refused, not written.
    if (!this.getRequest(requestId)) throw new StoreError(`There is no request ${requestId}.`);
    const stored = deepFreeze(validated(cardRefSchema, card, `the card for ${requestId}`));
    await this.commit({ kind: 'card', requestId, card: stored });
  }

  async setDigestState(state: Partial<DigestState>): Promise<void> {
    this.assertOpen();
    await this.commit({ kind: 'digest', state: deepFreeze(validated(digestStateSchema, { ...this.data.file.digest, ...state }, 'the schedules\' state')) });
  }

  async purgeRequests(ids: readonly string[]): Promise<number> {
    this.assertOpen();
    const remove = new Set(ids.filter((id) => this.getRequest(id)));
    if (remove.size === 0) return 0;
    const undo = this.data.purge(remove);
    await this.commits.commit('whole', undo);
    return remove.size;
  }

  async claim(key: string, holder: string, leaseMs: number): Promise<boolean> {
    this.assertOpen();
    return this.claims.claim(key, holder, leaseMs);
  }

  async release(key: string, holder: string): Promise<void> {
    this.assertOpen();
    this.claims.release(key, holder);
  }

  /** Waits for pending writes, folds the journal into the file, releases the lock. */
  async close(): Promise<void> {
    this.closed = true;
    await this.disk.close(this.commits.idle());
  }

  private assertOpen(): void {
    if (this.closed) throw new StoreError(`The store ${this.path} is closed.`);
  }

  /** Makes the change in memory and resolves once it is on disk. */
  private commit(op: JournalOp): Promise<void> {
    const undo = this.data.apply(op);
    return this.commits.commit([op], undo);
  }
}
