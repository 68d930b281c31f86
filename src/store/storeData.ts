import type { StoredRequest } from '../domain/request.js';
import { purgeFromChain } from './hashChain.js';
import { keysWithout } from './idempotency.js';
import { applyOp, chainOf, requestIdsOfOp, type ChainedOp, type JournalOp } from './journal.js';
import type { StoreFile } from './storeFile.js';
import { removeLast, StoreIndexes } from './storeIndexes.js';

export type Chains = NonNullable<StoreFile['chain']>;

/** Changes remembered for changedSince: a reader further behind reads everything again. */
const CHANGES_KEPT = 4096;

/**
 * The store's data in memory, with its indexes: changed only here, each change handing back its
 * undoing, so that a change can be made at once and taken back if its write fails (groupCommit.ts).
 * Changes go through applyOp (journal.ts), as the journal's replay does, so what is written is what
 * is read back. Undoings are run newest first; each puts back only what no later change replaced.
 */
export class StoreData {
  readonly indexes = new StoreIndexes();
  // Counts changes and their undoings, for caches of what is computed from the data.
  private changes = 0;
  // The requests each recent change or undoing touched, oldest first: changedLog[i] made revision firstLogged + i.
  private changedLog: (readonly string[])[] = [];
  private firstLogged = 1;

  constructor(readonly file: StoreFile) {
    this.indexes.rebuild(file);
  }

  get chains(): Chains {
    // Set at open (see lowdbStore.ts).
    return this.file.chain!;
  }

  revision(): number {
    return this.changes;
  }

  /**
   * The requests whose record, decisions or events changed after `revision` (what revision() said
   * then), or undefined when that is further back than is remembered: then read everything again.
   */
  changedSince(revision: number): ReadonlySet<string> | undefined {
    if (revision > this.changes) return undefined;
    if (revision + 1 < this.firstLogged) return undefined;
    const ids = new Set<string>();
    for (let i = revision + 1 - this.firstLogged; i < this.changedLog.length; i += 1) for (const id of this.changedLog[i]!) ids.add(id);
    return ids;
  }

  /** Makes the change and returns its undoing. */
  apply(op: JournalOp): () => void {
    const undo = this.applied(op);
    const touched = requestsOf(op);
    this.changed(touched);
    return () => {
      this.changed(touched);
      undo();
    };
  }

  /**
   * Removes the requests with their decisions, events, cards and keys, leaving the chains able to
   * verify across the gap (hashChain.ts); returns the undoing. Governance records stay: they are the
   * panel's, not a request's.
   */
  purge(remove: ReadonlySet<string>): () => void {
    const data = this.file;
    const before = { ...data };
    const gone = (r: { requestId: string }) => remove.has(r.requestId);
    const decisions = purgeFromChain(before.decisions, this.chains.decisions, gone);
    const events = purgeFromChain(before.events, this.chains.events, gone);
    const after: StoreFile = {
      ...before,
      requests: before.requests.filter((r) => !remove.has(r.id)),
      decisions: decisions.kept,
      events: events.kept,
      cards: Object.fromEntries(Object.entries(before.cards).filter(([id]) => !remove.has(id))),
      dedupe: keysWithout(before.dedupe, (id) => remove.has(id)),
      chain: { ...this.chains, decisions: decisions.state, events: events.state },
    };
    Object.assign(data, after);
    this.indexes.rebuild(data);
    const touched = [...remove];
    this.changed(touched);
    return () => {
      this.changed(touched);
      Object.assign(data, before);
      this.indexes.rebuild(data);
    };
  }

  private changed(requestIds: readonly string[]): void {
    this.changes += 1;
    this.changedLog.push(requestIds);
    if (this.changedLog.length > 2 * CHANGES_KEPT) {
      this.changedLog = this.changedLog.slice(-CHANGES_KEPT);
      this.firstLogged = this.changes - CHANGES_KEPT + 1;
    }
  }

  private applied(op: JournalOp): () => void {
    switch (op.kind) {
      case 'requests':
        return this.addRequests(op);
      case 'decision': {
        const undo = this.appendChained(op);
        this.indexes.addDecision(op.record);
        return () => {
          undo();
          this.indexes.removeDecision(op.record);
        };
      }
      case 'event': {
        const dedupeBefore = this.file.dedupe;
        const undo = this.appendChained(op);
        const dedupeAfter = this.file.dedupe;
        this.indexes.addEvent(op.record);
        return () => {
          undo();
          this.indexes.removeEvent(op.record);
          if (this.file.dedupe === dedupeAfter) this.file.dedupe = dedupeBefore;
        };
      }
      case 'governance':
        return this.appendChained(op);
      case 'conversation':
        return this.replaceEntry('conversations', op);
      case 'card':
        return this.replaceEntry('cards', op);
      case 'digest':
        return this.replaceEntry('digest', op);
    }
  }

  private addRequests(op: Extract<JournalOp, { kind: 'requests' }>): () => void {
    const data = this.file;
    const before = { counters: data.counters, dedupe: data.dedupe };
    applyOp(data, op);
    const after = { counters: data.counters, dedupe: data.dedupe };
    for (const r of op.records) this.indexes.addRequest(r);
    return () => {
      const gone = new Set<StoredRequest>(op.records);
      data.requests = data.requests.filter((r) => !gone.has(r));
      for (const r of op.records) this.indexes.removeRequest(r);
      if (data.counters === after.counters) data.counters = before.counters;
      if (data.dedupe === after.dedupe) data.dedupe = before.dedupe;
    };
  }

  /** Appends a sealed record and advances its chain; returns the undoing of both. */
  private appendChained(op: ChainedOp): () => void {
    const chain = chainOf(op);
    const before = this.chains[chain];
    applyOp(this.file, op);
    const after = this.chains[chain];
    return () => {
      removeLast(this.file[chain] as object[], op.record);
      if (this.chains[chain] === after) this.file.chain = { ...this.chains, [chain]: before };
    };
  }

  /** Replaces one of the file's objects (applyOp never edits one); the undoing puts the old one back. */
  private replaceEntry(field: 'conversations' | 'cards' | 'digest', op: JournalOp): () => void {
    const before = this.file[field];
    applyOp(this.file, op);
    const after = this.file[field];
    return () => {
      if (this.file[field] === after) (this.file as Record<typeof field, unknown>)[field] = before;
    };
  }
}

/** The requests whose records a change touches: a card's reference changes none of its figures. */
function requestsOf(op: JournalOp): readonly string[] {
  return op.kind === 'card' ? [] : requestIdsOfOp(op);
}
