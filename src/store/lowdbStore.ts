import { accessSync, constants } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Low } from 'lowdb';
import type { z } from 'zod';
import { decisionRecordSchema, type DecisionRecord } from '../domain/decision.js';
import { eventRecordSchema, type EventRecord } from '../domain/event.js';
import { storedRequestSchema, type PlacementRequestData, type StoredRequest } from '../domain/request.js';
import { fieldProblems, problemLines } from '../domain/issues.js';
import { deepFreeze } from '../lib/deepFreeze.js';
import { nodeStoreFs, type StoreFs } from './durableJsonFile.js';
import { emptyChain, purgeFromChain, sealRecord, verifyChain, type ChainCheck } from './hashChain.js';
import { applyOp, journalLine, type JournalOp } from './journal.js';
import { JournalFile } from './journalFile.js';
import { readStoreOnDisk } from './storeOnDisk.js';
import { describeTornTail, keepTornTail, readTornTail, reserveTornIds } from './tornTail.js';
import type { AppendResult, NewDecision, NewEvent, PanelStore, RequestMeta } from './panelStore.js';
import { StoreError, describeError } from './storeError.js';
import { assertRepeat, IdempotencyConflict, type DedupeEntry, type Keyed } from './idempotency.js';
import {
  cardRefSchema, conversationRefSchema, emptyStoreFile,
  type CardRef, type ConversationRefStored, type DigestState, type StoreFile,
} from './storeFile.js';
import { acquireStoreLock, type StoreLock } from './storeLock.js';

export { StoreError } from './storeError.js';
export type { StoreFs } from './durableJsonFile.js';

export interface OpenStoreOptions {
  /** File-system calls, for tests that stub a full disk; node:fs/promises by default. */
  fs?: StoreFs;
  /** The clock, for the time an idempotency key was first seen. */
  now?: () => Date;
  /**
   * The journal is folded into the store file once it holds this many bytes; by default once it is
   * as large as the file (at least 1 MiB), so rewriting the file costs at most as much again as
   * appending did.
   */
  journalLimitBytes?: number;
  /**
   * Told of a problem the store recovers from by itself (closing without folding the journal in): the
   * store has no logger of its own, so the bot's is passed in.
   */
  warn?: (message: string, error: Error) => void;
  /** Told of something found at open that an operator should know of (a lock left by a process that has gone). */
  notice?: (message: string) => void;
}

const MIN_JOURNAL_LIMIT = 1 << 20;

const NO_DECISIONS: readonly DecisionRecord[] = Object.freeze([]);
const NO_EVENTS: readonly EventRecord[] = Object.freeze([]);

function validated<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new StoreError(`${what} is not valid: ${problemLines(fieldProblems(parsed.error)).join('; ')}`);
  return parsed.data;
}

function requestIdParts(id: string): { year: string; seq: number } | undefined {
  const m = /^PR-(\d{4})-(\d{4,})$/.exec(id);
  return m ? { year: m[1]!, seq: Number(m[2]) } : undefined;
}

/** A record id: prefix and a zero-padded sequence number, e.g. D-000123. */
function recordId(prefix: string, n: number): string {
  return `${prefix}-${String(n).padStart(6, '0')}`;
}

function removeItem<T>(array: T[], item: T): void {
  const at = array.lastIndexOf(item);
  if (at >= 0) array.splice(at, 1);
}

interface Pending {
  undo: () => void;
  resolve: () => void;
  reject: (error: unknown) => void;
  /** The change as journal lines, or 'whole' when it needs the store file rewritten (a purge). */
  change: JournalOp[] | 'whole';
}

type Chains = NonNullable<StoreFile['chain']>;

/**
 * The PanelStore on one JSON file through lowdb, with a journal beside it. One in-memory copy per
 * process, read once at open; each change is applied synchronously, then covered by the next durable
 * write (group commit: the changes made while a write is in flight all go in the following one).
 * A write appends the changes to the journal and fsyncs it; once the journal is as large as the file,
 * the file is rewritten whole (temp file, fsync, rename, folder fsync) and the journal emptied.
 * A failed write undoes, in memory, every change not yet on disk, and rejects their callers.
 */
class LowdbPanelStore implements PanelStore {
  private readonly requestsById = new Map<string, StoredRequest>();
  private readonly decisionsByRequest = new Map<string, DecisionRecord[]>();
  private readonly eventsByRequest = new Map<string, EventRecord[]>();
  private pending: Pending[] = [];
  private writing = false;
  // The batch being written, while a write is in flight.
  private writingBatch: Pending[] | undefined;
  private scheduled = false;
  private closed = false;
  private idleWaiters: (() => void)[] = [];
  // Counts changes to the in-memory data (and their undoing), for caches of what is computed from it.
  private changes = 0;
  // Whether the journal's identity was looked at since the first append, which may have created it.
  private journalIdentified = false;

  constructor(
    readonly path: string,
    private readonly db: Low<StoreFile>,
    private readonly journal: JournalFile,
    // The last journal line written (or, after a failed append that could not be cut off, used up).
    private seq: number,
    private readonly lock: StoreLock,
    private readonly now: () => Date,
    private readonly journalLimit: () => number,
    private readonly warn: (message: string, error: Error) => void = () => undefined,
  ) {
    this.rebuildIndexes();
  }

  private get data(): StoreFile {
    return this.db.data;
  }

  private get chains(): Chains {
    // Set at open (see openStore).
    return this.data.chain!;
  }

  private rebuildIndexes(): void {
    this.requestsById.clear();
    this.decisionsByRequest.clear();
    this.eventsByRequest.clear();
    for (const r of this.data.requests) this.requestsById.set(r.id, r);
    for (const d of this.data.decisions) this.indexed(this.decisionsByRequest, d.requestId).push(d);
    for (const e of this.data.events) this.indexed(this.eventsByRequest, e.requestId).push(e);
  }

  private indexed<T>(map: Map<string, T[]>, requestId: string): T[] {
    let list = map.get(requestId);
    if (!list) {
      list = [];
      map.set(requestId, list);
    }
    return list;
  }

  private unindex<T>(map: Map<string, T[]>, requestId: string, item: T): void {
    const list = map.get(requestId);
    if (!list) return;
    removeItem(list, item);
    if (list.length === 0) map.delete(requestId);
  }

  // ---- reads ----

  getRequest(id: string): StoredRequest | undefined {
    return this.requestsById.get(id);
  }

  listRequests(): readonly StoredRequest[] {
    return this.data.requests;
  }

  decisionsFor(requestId: string): readonly DecisionRecord[] {
    return this.decisionsByRequest.get(requestId) ?? NO_DECISIONS;
  }

  eventsFor(requestId: string): readonly EventRecord[] {
    return this.eventsByRequest.get(requestId) ?? NO_EVENTS;
  }

  allDecisions(): readonly DecisionRecord[] {
    return this.data.decisions;
  }

  allEvents(): readonly EventRecord[] {
    return this.data.events;
  }

  revision(): number {
    return this.changes;
  }

  getConversation(role: string): ConversationRefStored | undefined {
    return Object.hasOwn(this.data.conversations, role) ? this.data.conversations[role] : undefined;
  }

  getCard(requestId: string): CardRef | undefined {
    return Object.hasOwn(this.data.cards, requestId) ? this.data.cards[requestId] : undefined;
  }

  getDigestState(): DigestState {
    return this.data.digest;
  }

  verify(): ChainCheck {
    return verifyChain(this.data);
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
    const counters = new Map<string, number>();
    const byKey = new Map<string, { record: StoredRequest; entry: DedupeEntry }>();
    const fresh: StoredRequest[] = [];
    const results: StoredRequest[] = [];
    const at = this.now().toISOString();
    // Everything is built and validated before anything changes, so a bad item changes nothing.
    for (const [i, { data, meta }] of batch.entries()) {
      const key = meta.idempotencyKey;
      const keyed = { key: key ?? '', fingerprint: meta.fingerprint };
      const inBatch = key === undefined ? undefined : byKey.get(key);
      const entry = inBatch?.entry ?? (key === undefined ? undefined : this.idempotencyKeyUse(key));
      if (entry) assertRepeat(entry, keyed, 'request');
      const earlier = inBatch?.record ?? (entry && this.requestsById.get(entry.requestId));
      if (earlier) {
        results.push(earlier);
        continue;
      }
      if (Number.isNaN(meta.receivedAt.getTime())) throw new StoreError(`request ${i + 1}: receivedAt is not a valid time`);
      const year = String(meta.receivedAt.getUTCFullYear()).padStart(4, '0');
      const seq = (counters.get(year) ?? this.data.counters[year] ?? 0) + 1;
      counters.set(year, seq);
      const record = deepFreeze(validated(storedRequestSchema, {
        ...data,
        id: `PR-${year}-${String(seq).padStart(4, '0')}`,
        receivedAt: meta.receivedAt.toISOString(),
        receivedVia: meta.receivedVia,
        receivedBy: meta.receivedBy,
      }, batch.length > 1 ? `request ${i + 1}` : 'the request'));
      fresh.push(record);
      results.push(record);
      if (key !== undefined) {
        byKey.set(key, { record, entry: { requestId: record.id, at, ...(meta.fingerprint !== undefined && { fingerprint: meta.fingerprint }) } });
      }
    }
    if (fresh.length === 0) {
      // Only repeats: answer once the requests they return are on disk, not merely in memory.
      await this.durable();
      return results;
    }

    const before = { counters: this.data.counters, dedupe: this.data.dedupe };
    const op: JournalOp = {
      kind: 'requests', records: fresh, counters: Object.fromEntries(counters),
      ...(byKey.size > 0 && { dedupe: Object.fromEntries([...byKey].map(([k, { entry }]) => [k, entry])) }),
    };
    applyOp(this.data, op);
    const { counters: newCounters, dedupe: newDedupe } = this.data;
    for (const r of fresh) this.requestsById.set(r.id, r);
    await this.commit([op], () => {
      const gone = new Set(fresh);
      this.data.requests = this.data.requests.filter((r) => !gone.has(r));
      for (const r of fresh) this.requestsById.delete(r.id);
      if (this.data.counters === newCounters) this.data.counters = before.counters;
      if (this.data.dedupe === newDedupe) this.data.dedupe = before.dedupe;
    });
    return results;
  }

  async appendDecision(
    requestId: string,
    build: (existing: readonly DecisionRecord[]) => NewDecision | { reject: string },
  ): Promise<AppendResult> {
    this.assertOpen();
    if (!this.requestsById.has(requestId)) return { ok: false, reason: `There is no request ${requestId}.` };
    const built = build(this.decisionsFor(requestId));
    if ('reject' in built) {
      // The refusal rests on decisions that may still be on their way to disk ("already decided by
      // X"): answer only once they are there, so a crash cannot leave the answer naming a lost one.
      await this.durable();
      return { ok: false, reason: built.reject };
    }
    const record = this.sealed('decisions', decisionRecordSchema, requestId, built, 'D', 'the decision');
    const undo = this.appendChained({ kind: 'decision', record });
    this.indexed(this.decisionsByRequest, requestId).push(record);
    await this.commit([{ kind: 'decision', record }], () => {
      undo();
      this.unindex(this.decisionsByRequest, requestId, record);
    });
    return { ok: true, record };
  }

  async appendEvent(requestId: string, event: NewEvent, keyed?: Keyed): Promise<EventRecord> {
    this.assertOpen();
    if (!this.requestsById.has(requestId)) throw new StoreError(`There is no request ${requestId}.`);
    const entry = keyed && this.idempotencyKeyUse(keyed.key);
    if (entry) {
      assertRepeat(entry, keyed, 'event');
      const earlier = entry.requestId === requestId ? this.eventsFor(requestId).find((e) => e.id === entry.eventId) : undefined;
      if (!earlier) throw new IdempotencyConflict();
      // Answered once the event is on disk, not merely in memory (its first write may be in flight).
      await this.durable();
      return earlier;
    }
    const record = this.sealed('events', eventRecordSchema, requestId, event, 'E', 'the event');
    const dedupeBefore = this.data.dedupe;
    const op: JournalOp = {
      kind: 'event', record,
      ...(keyed && { dedupe: { [keyed.key]: {
        requestId, eventId: record.id, at: this.now().toISOString(), ...(keyed.fingerprint !== undefined && { fingerprint: keyed.fingerprint }),
      } } }),
    };
    const undo = this.appendChained(op as Extract<JournalOp, { kind: 'event' }>);
    const dedupeAfter = this.data.dedupe;
    this.indexed(this.eventsByRequest, requestId).push(record);
    await this.commit([op], () => {
      undo();
      this.unindex(this.eventsByRequest, requestId, record);
      if (this.data.dedupe === dedupeAfter) this.data.dedupe = dedupeBefore;
    });
    return record;
  }

  idempotencyKeyUse(key: string): DedupeEntry | undefined {
    const dedupe = this.data.dedupe;
    return dedupe && Object.hasOwn(dedupe, key) ? dedupe[key] : undefined;
  }

  /** Appends a sealed record and advances its chain; returns the undoing of both. */
  private appendChained(op: Extract<JournalOp, { kind: 'decision' | 'event' }>): () => void {
    const chain = op.kind === 'decision' ? 'decisions' : 'events';
    const before = this.chains[chain];
    applyOp(this.data, op);
    const after = this.chains[chain];
    return () => {
      removeItem(this.data[chain] as unknown[], op.record);
      if (this.chains[chain] === after) this.data.chain = { ...this.chains, [chain]: before };
    };
  }

  /** The record with its id and hashes, following its chain's head, validated and frozen. */
  private sealed<T extends { hash?: string | undefined }>(
    chain: keyof Chains, schema: z.ZodType<T>, requestId: string,
    fields: { requestId?: string }, prefix: string, what: string,
  ): T {
    if (fields.requestId !== undefined && fields.requestId !== requestId) {
      throw new StoreError(`${what} names request ${fields.requestId} but was appended to ${requestId}`);
    }
    const state = this.chains[chain];
    const { prevHash: _p, hash: _h, ...rest } = fields as { prevHash?: unknown; hash?: unknown };
    const plain = validated(schema, { ...rest, id: recordId(prefix, state.length + (state.skipped ?? 0) + 1), requestId }, what);
    return deepFreeze(sealRecord(plain, state.head));
  }

  async setConversation(role: string, ref: ConversationRefStored): Promise<void> {
    this.assertOpen();
    const stored = deepFreeze(validated(conversationRefSchema, ref, `the conversation reference for "${role}"`));
    await this.setEntry('conversations', { kind: 'conversation', role, ref: stored });
  }

  async setCard(requestId: string, card: CardRef): Promise<void> {
    this.assertOpen();
    const stored = deepFreeze(validated(cardRefSchema, card, `the card for ${requestId}`));
    await this.setEntry('cards', { kind: 'card', requestId, card: stored });
  }

  async setDigestState(state: { lastWeekSent: string }): Promise<void> {
    this.assertOpen();
    await this.setEntry('digest', { kind: 'digest', state: deepFreeze({ ...this.data.digest, lastWeekSent: state.lastWeekSent }) });
  }

  /** Replaces one of the file's objects (applyOp never edits one); the undo puts the old one back. */
  private async setEntry<K extends 'conversations' | 'cards' | 'digest'>(field: K, op: JournalOp): Promise<void> {
    const before = this.data[field];
    applyOp(this.data, op);
    const after = this.data[field];
    await this.commit([op], () => {
      if (this.data[field] === after) this.data[field] = before;
    });
  }

  async purgeRequests(ids: readonly string[]): Promise<number> {
    this.assertOpen();
    const remove = new Set(ids.filter((id) => this.requestsById.has(id)));
    if (remove.size === 0) return 0;
    const before = { ...this.data };
    const gone = (r: { requestId: string }) => remove.has(r.requestId);
    const decisions = purgeFromChain(before.decisions, this.chains.decisions, gone);
    const events = purgeFromChain(before.events, this.chains.events, gone);
    const after: StoreFile = {
      ...before,
      requests: before.requests.filter((r) => !remove.has(r.id)),
      decisions: decisions.kept,
      events: events.kept,
      cards: Object.fromEntries(Object.entries(before.cards).filter(([id]) => !remove.has(id))),
      dedupe: before.dedupe && Object.fromEntries(Object.entries(before.dedupe).filter(([, e]) => !remove.has(e.requestId))),
      chain: { decisions: decisions.state, events: events.state },
    };
    Object.assign(this.data, after);
    this.rebuildIndexes();
    await this.commit('whole', () => {
      Object.assign(this.data, before);
      this.rebuildIndexes();
    });
    return remove.size;
  }

  /** Waits for pending writes, folds the journal into the file (so a stopped bot leaves one file), releases the lock. */
  async close(): Promise<void> {
    this.closed = true;
    await new Promise<void>((done) => {
      if (this.isIdle()) done();
      else this.idleWaiters.push(done);
    });
    try {
      if (this.journal.bytes > 0 || !this.journal.clean) {
        await this.writeWhole().catch((error: Error) => this.warn(
          `Could not write ${this.path} whole on closing; nothing is lost: its journal keeps every change and is read at the next start`, error));
      }
      await this.journal.close().catch(() => undefined);
    } finally {
      await this.lock.release();
    }
  }

  // ---- group commit ----

  private assertOpen(): void {
    if (this.closed) throw new StoreError(`The store ${this.path} is closed.`);
  }

  /**
   * Resolves once every change made so far in memory is on disk (at once when nothing is pending),
   * without a write of its own; rejects with the StoreError of the write that carried them if it fails.
   */
  private durable(): Promise<void> {
    const carrier = this.pending.length > 0 ? this.pending : this.writingBatch;
    if (!carrier) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      carrier.push({ undo: () => undefined, resolve, reject, change: [] });
    });
  }

  private isIdle(): boolean {
    return !this.writing && !this.scheduled && this.pending.length === 0;
  }

  /**
   * Resolves once a write that includes the change just made in memory is on disk; `change` is that
   * change as journal lines (or 'whole'), `undo` reverts it.
   */
  private commit(change: JournalOp[] | 'whole', undo: () => void): Promise<void> {
    // Every change is made in memory just before its commit, in the same tick: counted here.
    this.changes += 1;
    const undoAll = () => {
      this.changes += 1;
      undo();
    };
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ undo: undoAll, resolve, reject, change });
      if (!this.writing && !this.scheduled) {
        // Started on a microtask so that changes made in the same tick share the write.
        this.scheduled = true;
        queueMicrotask(() => {
          this.scheduled = false;
          void this.flush();
        });
      }
    });
  }

  private async flush(): Promise<void> {
    while (this.pending.length > 0) {
      this.writing = true;
      const batch = this.pending;
      this.pending = [];
      this.writingBatch = batch;
      try {
        await this.write(batch);
        for (const p of batch) p.resolve();
      } catch (cause) {
        // Changes queued behind the failed batch were made on top of it: none of them reach the disk.
        const undone = [...batch, ...this.pending];
        this.pending = [];
        for (let i = undone.length - 1; i >= 0; i--) undone[i]!.undo();
        const error = new StoreError(
          `Could not save to the store file ${this.path}: ${describeError(cause)}. The change was not saved; the file is as it was.`,
          { cause },
        );
        for (const p of undone) p.reject(error);
      } finally {
        this.writing = false;
        this.writingBatch = undefined;
      }
    }
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const done of waiters) done();
  }

  /** Puts the batch's changes (already in memory) on disk: appended to the journal, or the file rewritten. */
  private async write(batch: readonly Pending[]): Promise<void> {
    const ops: JournalOp[] = [];
    let whole = !this.journal.clean || this.journal.bytes >= this.journalLimit();
    for (const p of batch) {
      if (p.change === 'whole') whole = true;
      else ops.push(...p.change);
    }
    if (whole) {
      await this.writeWhole();
      return;
    }
    if (ops.length === 0) return;
    const first = this.seq;
    const text = ops.map((op) => journalLine(++this.seq, op)).join('');
    try {
      await this.journal.append(text);
    } catch (error) {
      // Cut back off the journal, the lines' numbers are free again; if not, the file is rewritten
      // next, past them, so they are never read.
      if (this.journal.clean) this.seq = first;
      throw error;
    }
    if (!this.journalIdentified) {
      this.journalIdentified = true;
      await this.identify();
    }
  }

  /** Moves the identity locks (storeLock.ts) to the files as they now are; a failure does not undo the write. */
  private async identify(): Promise<void> {
    await this.lock.identify().catch((error: Error) => this.warn(
      `Could not lock ${this.path} and its journal by identity after writing them: another name for either (a hard link) would not be refused`, error));
  }

  /** Rewrites the store file with everything in memory, then empties the journal it now holds. */
  private async writeWhole(): Promise<void> {
    const before = this.data.journal;
    this.data.journal = { seq: this.seq };
    try {
      await this.db.write();
    } catch (error) {
      this.data.journal = before;
      throw error;
    }
    // If this fails the journal keeps lines the file already holds (skipped on reading, by their
    // numbers) and stays marked unclean, so the next write rewrites the file again.
    await this.journal.empty().catch(() => undefined);
    // The rename made the file a new inode.
    if (!this.closed) await this.identify();
  }
}

/**
 * Keeps the journal's torn tail beside it and reports it, and moves the id counters past it. Throws
 * when the tail cannot be kept: the store's first write would drop it from the journal.
 */
async function dropTornTail(data: StoreFile, journal: { path: string; tail: string }, fs: StoreFs, options: OpenStoreOptions): Promise<void> {
  const tail = readTornTail(journal.tail);
  let kept: string;
  try {
    kept = await keepTornTail(journal.path, journal.tail, (options.now ?? (() => new Date()))(), fs);
  } catch (error) {
    throw new StoreError(`The journal ${journal.path} ends in an incomplete change (${describeTornTail(tail)}) that could not be kept in a file beside it: ${describeError(error)}. Nothing was changed`, { cause: error });
  }
  reserveTornIds(data, tail);
  options.notice?.(`The journal ${journal.path} ended in an incomplete change, a write cut short: ${describeTornTail(tail)}. `
    + `It was left out and its bytes kept in ${kept}; no id in it will be given again. If it was acknowledged, `
    + `its sender must send it again.`);
}

/**
 * Opens (or creates, with its folder) the store file at `path`, holding its lock until `close()`.
 * Throws a StoreError naming the file when it cannot be read, is not JSON or does not match the
 * schema (the file is then left as it is), or when another live process holds it.
 */
export async function openStore(path: string, options: OpenStoreOptions = {}): Promise<PanelStore> {
  const fs = options.fs ?? nodeStoreFs;
  const file = resolve(path);
  try {
    await fs.mkdir(dirname(file));
  } catch (error) {
    throw new StoreError(`Cannot create the folder for the store file ${file}: ${describeError(error)}`, { cause: error });
  }
  const lock = await acquireStoreLock(file, { ...(options.notice && { notice: options.notice }) });
  try {
    const onDisk = await readStoreOnDisk(file, fs);
    const empty = emptyStoreFile();
    const db = new Low<StoreFile>(onDisk.file, empty);
    await onDisk.file.removeStaleTemps();
    const data = onDisk.data ?? empty;
    db.data = data;
    for (const list of [data.requests, data.decisions, data.events]) for (const r of list) deepFreeze(r);
    for (const r of Object.values(data.conversations)) deepFreeze(r);
    for (const r of Object.values(data.cards)) deepFreeze(r);
    deepFreeze(data.digest);
    // Ids are never reused: a counter behind the ids in the file (edited by hand) is moved up.
    for (const r of data.requests) {
      const parts = requestIdParts(r.id);
      if (parts && (data.counters[parts.year] ?? 0) < parts.seq) data.counters[parts.year] = parts.seq;
    }
    data.chain ??= { decisions: emptyChain(), events: emptyChain() };
    if (onDisk.data === null) {
      try {
        await db.write();
      } catch (error) {
        throw new StoreError(`Cannot create the store file ${file}: ${describeError(error)}`, { cause: error });
      }
    }
    // Only now is there a file to know by its identity (a new store was just created).
    await lock.identify();
    const { journal } = onDisk;
    if (journal.torn) await dropTornTail(data, journal, fs, options);
    // A journal ending in a partial line is not appended to: the first write rewrites the file.
    const journalFile = new JournalFile(journal.path, fs, journal.bytes, journal.exists, !journal.torn);
    const limit = () => options.journalLimitBytes ?? Math.max(MIN_JOURNAL_LIMIT, onDisk.file.bytes);
    return new LowdbPanelStore(file, db, journalFile, journal.seq, lock, options.now ?? (() => new Date()), limit, options.warn);
  } catch (error) {
    await lock.release();
    throw error;
  }
}
