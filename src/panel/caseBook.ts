import type { SavingsCase } from '../calculators/savingsToDate.js';
import { SavingsLedger } from '../calculators/savingsLedger.js';
import { isPlacementEvent, type EventRecord, type StoredEventRecord } from '../domain/event.js';
import type { ConditionCompletedRecord } from '../domain/conditions.js';
import type { ConflictDeclaredRecord } from '../domain/conflictOfInterest.js';
import type { Governance } from '../domain/governance.js';
import type { ReviewChainRecord } from '../domain/review.js';
import type { StoredRequest } from '../domain/request.js';
import { settlementOf } from '../domain/settlement.js';
import type { Case, FactSource, PanelSettings } from './facts.js';

/** The records a savings report reads of a case. */
export function savingsCaseOf(c: Case): SavingsCase {
  return { request: c.request, decision: c.settlement.settledBy, events: c.events };
}

/**
 * What is kept from every case and moved as cases change (savings to date, what needs doing, the
 * placements in force on a day): told of each case replaced, in the order the changes are read.
 */
export interface CaseFollower {
  replace(before: Case | undefined, after: Case | undefined): void;
}

/** Followers kept at once: today's four and a few other days' (each may hold an entry per case); the one asked for longest ago goes first. */
const MAX_FOLLOWERS = 8;

interface Built {
  byId: Map<string, Case>;
  /** In the order received; replaced, never changed, so a reader keeps the list it was given. */
  ordered: readonly Case[];
  positions: Map<string, number>;
}

/**
 * Every request's case, kept across changes to the store: a change rebuilds the cases of the
 * requests it touched (PanelStore.changedSince) and moves the savings ledger by what they changed, so
 * an answer after a decision costs that decision, not the history. Built when first asked for; built
 * again in full when the store cannot say what changed (a reload, or too far behind).
 */
export class CaseBook {
  private seen: number | undefined;
  private built: Built | undefined;
  private readonly followers = new Map<string, CaseFollower>();

  constructor(
    private readonly source: FactSource,
    private readonly governance: Governance,
    private readonly settings: PanelSettings,
  ) {}

  /** Brings the book to the store's `revision`. */
  catchUp(revision: number): void {
    if (this.seen === revision) return;
    const changed = this.seen === undefined ? undefined : this.source.changedSince?.(this.seen);
    this.seen = revision;
    if (this.built === undefined) return;
    if (changed === undefined) {
      this.built = undefined;
      this.followers.clear();
      return;
    }
    if (changed.size > 0) this.built = this.changed(this.built, changed);
  }

  /** The request's case, if it is stored. */
  case(requestId: string): Case | undefined {
    if (this.built !== undefined) return this.built.byId.get(requestId);
    const request = this.source.getRequest(requestId);
    return request && this.caseOf(request);
  }

  /** Every case, in the order received. */
  cases(): readonly Case[] {
    return this.book().ordered;
  }

  /** Savings to date kept up to date with the cases (src/calculators/savingsLedger.ts). */
  savings(): SavingsLedger {
    return this.follower('savings', (cases) => {
      const ledger = new SavingsLedger({ weeksPerYear: this.settings.weeksPerYear });
      for (const c of cases) ledger.replace(undefined, savingsCaseOf(c));
      return {
        ledger,
        replace: (before: Case | undefined, after: Case | undefined) => ledger.replace(before && savingsCaseOf(before), after && savingsCaseOf(after)),
      };
    }).ledger;
  }

  /** The follower kept under `name`, made from every case when first asked for (and again after a full rebuild). */
  follower<T extends CaseFollower>(name: string, make: (cases: readonly Case[]) => T): T {
    let follower = this.followers.get(name) as T | undefined;
    if (follower === undefined) {
      follower = make(this.cases());
      if (this.followers.size >= MAX_FOLLOWERS) this.followers.delete(this.followers.keys().next().value!);
    } else {
      this.followers.delete(name);
    }
    this.followers.set(name, follower);
    return follower;
  }

  private book(): Built {
    if (this.built === undefined) {
      const ordered = this.source.listRequests().map((r) => this.caseOf(r));
      this.built = { byId: new Map(ordered.map((c) => [c.request.id, c])), ordered, positions: new Map(ordered.map((c, i) => [c.request.id, i])) };
    }
    return this.built;
  }

  private changed(built: Built, ids: ReadonlySet<string>): Built {
    const ordered = [...built.ordered];
    let added = 0;
    let removed = false;
    for (const id of ids) {
      const before = built.byId.get(id);
      const request = this.source.getRequest(id);
      const after = request && this.caseOf(request);
      for (const follower of this.followers.values()) follower.replace(before, after);
      if (after === undefined) {
        built.byId.delete(id);
        removed ||= before !== undefined;
      } else {
        built.byId.set(id, after);
        const at = built.positions.get(id);
        if (at !== undefined) ordered[at] = after;
        else added += 1;
      }
    }
    if (!removed && added === 0) return { ...built, ordered };
    const requests = this.source.listRequests();
    // New requests come last in the order received; anything else (an undoing, a purge) is put in order again.
    if (!removed && requests.length === ordered.length + added) {
      for (const r of requests.slice(ordered.length)) {
        built.positions.set(r.id, ordered.length);
        ordered.push(built.byId.get(r.id)!);
      }
      return { ...built, ordered };
    }
    const order = requests.map((r) => built.byId.get(r.id)!);
    return { byId: built.byId, ordered: order, positions: new Map(order.map((c, i) => [c.request.id, i])) };
  }

  private caseOf(request: StoredRequest): Case {
    const decisions = this.source.decisionsFor(request.id);
    return {
      request,
      settlement: settlementOf(decisions, this.governance.quorum, this.governance.roles),
      decisions,
      ...eventsApart(this.source.eventsFor(request.id)),
    };
  }
}

/** The request's placement events, its conditions marked done, its reviews and its declared conflicts, apart. */
export function eventsApart(records: readonly StoredEventRecord[]): Pick<Case, 'events' | 'completions' | 'reviews' | 'conflicts'> {
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
