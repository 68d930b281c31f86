import type { DecisionRecord } from '../../domain/decision.js';
import type { StoredEventRecord } from '../../domain/event.js';
import type { GovernanceRecord } from '../../domain/meeting.js';
import type { StoredRequest } from '../../domain/request.js';
import type { DedupeEntry } from '../idempotency.js';

/*
 * The rows written for records: the record itself (the `record` column, what is read back) and the
 * typed copies of some of its fields for SQL. A copy that its column's type cannot hold is written
 * as NULL rather than failing the write, since the write carries other callers' changes too.
 */

/** Pounds with two decimals that numeric(14,2) holds, else null. */
export function moneyColumn(pounds: string | undefined): string | null {
  return pounds !== undefined && /^-?\d{1,12}\.\d{2}$/.test(pounds) ? pounds : null;
}

/** A 'YYYY-MM-DD' date that PostgreSQL's date holds (years 0001 to 9999 here), else null. */
export function dateColumn(date: string | undefined): string | null {
  return date !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(date) && !date.startsWith('0000') ? date : null;
}

/** An instant as ISO text in years 0001 to 9999, else null. */
export function instantColumn(instant: string | undefined): string | null {
  if (instant === undefined) return null;
  const time = new Date(instant);
  if (Number.isNaN(time.getTime())) return null;
  const iso = time.toISOString();
  return /^\d{4}-/.test(iso) && !iso.startsWith('0000') ? iso : null;
}

export function requestRow(r: StoredRequest, changeSeq: number, ordinal: number) {
  return {
    id: r.id, change_seq: changeSeq, ordinal, record: r,
    received_at: instantColumn(r.receivedAt), received_via: r.receivedVia, child_ref: r.childRef, kind: r.kind,
    proposed_type: r.proposed.type, proposed_weekly_cost: moneyColumn(r.proposed.weeklyCost),
    current_weekly_cost: moneyColumn(r.current?.weeklyCost), start_date: dateColumn(r.proposed.startDate),
  };
}

export function decisionRow(d: DecisionRecord, changeSeq: number) {
  return {
    id: d.id, request_id: d.requestId, change_seq: changeSeq, record: d,
    outcome: d.outcome, option: d.option, effective_from: dateColumn(d.effectiveFrom), review_date: dateColumn(d.reviewDate),
    decided_by: d.decidedBy.aadObjectId, decided_at: instantColumn(d.decidedAt), prev_hash: d.prevHash, hash: d.hash,
  };
}

export function eventRow(e: StoredEventRecord, changeSeq: number) {
  return {
    id: e.id, request_id: e.requestId, change_seq: changeSeq, record: e,
    type: e.type, date: dateColumn(e.date), weekly_cost: e.type === 'cost_change' ? moneyColumn(e.weeklyCost) : null,
    reason: 'reason' in e ? e.reason : null, recorded_by: e.recordedBy.aadObjectId, recorded_at: instantColumn(e.recordedAt),
    prev_hash: e.prevHash, hash: e.hash,
  };
}

export function governanceRow(g: GovernanceRecord, changeSeq: number) {
  return {
    id: g.id, change_seq: changeSeq, record: g, type: g.type,
    recorded_by: g.recordedBy.aadObjectId, recorded_at: instantColumn(g.recordedAt), prev_hash: g.prevHash, hash: g.hash,
  };
}

export function keyRow(key: string, entry: DedupeEntry) {
  return { key, request_id: entry.requestId, event_id: entry.eventId ?? null, fingerprint: entry.fingerprint ?? null, used_at: entry.at };
}

// eslint-disable-next-line no-control-regex
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Where `value` holds text PostgreSQL cannot store (a NUL character, half of a surrogate pair: jsonb
 * and text refuse both), as a path ("decidedBy.name"), or undefined when it holds none. Checked
 * before a change is made, so that it is refused alone instead of failing the write it would share.
 */
export function unstorableText(value: unknown, path = ''): string | undefined {
  if (typeof value === 'string') return UNSTORABLE.test(value) ? path || '(the value)' : undefined;
  if (value === null || typeof value !== 'object') return undefined;
  for (const [key, v] of Object.entries(value)) {
    const at = path ? `${path}.${key}` : key;
    if (UNSTORABLE.test(key)) return at;
    const found = unstorableText(v, at);
    if (found !== undefined) return found;
  }
  return undefined;
}
