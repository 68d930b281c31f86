import type { DecisionRecord } from '../domain/decision.js';
import type { StoredEventRecord } from '../domain/event.js';
import type { StoredRequest } from '../domain/request.js';

const NO_DECISIONS: readonly DecisionRecord[] = Object.freeze([]);
const NO_EVENTS: readonly StoredEventRecord[] = Object.freeze([]);

/**
 * Lookups over the store's arrays, so that a card or a decision does not scan every record: requests
 * by id, and each request's decisions and events in the order they were appended. They hold the
 * same (frozen) records as the arrays and are kept in step with them by storeData.ts.
 */
export class StoreIndexes {
  private readonly requestsById = new Map<string, StoredRequest>();
  private readonly decisionsByRequest = new Map<string, DecisionRecord[]>();
  private readonly eventsByRequest = new Map<string, StoredEventRecord[]>();

  rebuild(data: { requests: readonly StoredRequest[]; decisions: readonly DecisionRecord[]; events: readonly StoredEventRecord[] }): void {
    this.requestsById.clear();
    this.decisionsByRequest.clear();
    this.eventsByRequest.clear();
    for (const r of data.requests) this.requestsById.set(r.id, r);
    for (const d of data.decisions) listFor(this.decisionsByRequest, d.requestId).push(d);
    for (const e of data.events) listFor(this.eventsByRequest, e.requestId).push(e);
  }

  request(id: string): StoredRequest | undefined {
    return this.requestsById.get(id);
  }

  decisionsFor(requestId: string): readonly DecisionRecord[] {
    return this.decisionsByRequest.get(requestId) ?? NO_DECISIONS;
  }

  eventsFor(requestId: string): readonly StoredEventRecord[] {
    return this.eventsByRequest.get(requestId) ?? NO_EVENTS;
  }

  addRequest(r: StoredRequest): void {
    this.requestsById.set(r.id, r);
  }

  removeRequest(r: StoredRequest): void {
    this.requestsById.delete(r.id);
  }

  addDecision(d: DecisionRecord): void {
    listFor(this.decisionsByRequest, d.requestId).push(d);
  }

  removeDecision(d: DecisionRecord): void {
    unlist(this.decisionsByRequest, d.requestId, d);
  }

  addEvent(e: StoredEventRecord): void {
    listFor(this.eventsByRequest, e.requestId).push(e);
  }

  removeEvent(e: StoredEventRecord): void {
    unlist(this.eventsByRequest, e.requestId, e);
  }
}

function listFor<T>(map: Map<string, T[]>, requestId: string): T[] {
  let list = map.get(requestId);
  if (!list) {
    list = [];
    map.set(requestId, list);
  }
  return list;
}

function unlist<T>(map: Map<string, T[]>, requestId: string, item: T): void {
  const list = map.get(requestId);
  if (!list) return;
  removeLast(list, item);
  if (list.length === 0) map.delete(requestId);
}

/** Removes the last occurrence of `item`: an undo takes back the latest append first. */
export function removeLast<T>(array: T[], item: T): void {
  const at = array.lastIndexOf(item);
  if (at >= 0) array.splice(at, 1);
}
