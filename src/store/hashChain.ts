import { createHash } from 'node:crypto';
import type { ChainState, PurgedRun } from './storeFile.js';

/**
 * Tamper-evident chains over the append-only records.
 *
 * There are three chains, one per kind: decisions, events, and the panel's governance records
 * (src/domain/meeting.ts). Each record carries `prevHash`, the hash of the record appended before it
 * in the same chain (the chain's genesis hash for the first: GENESIS for decisions and events,
 * GOVERNANCE_GENESIS for governance, so that no record can be moved from one of those chains into
 * the other and still verify as its first), and `hash`, the
 * SHA-256 (hex) of the canonical JSON of the record without `hash` (so `prevHash` is covered).
 * The file also keeps each chain's state: `head` (hash of the last record ever appended) and
 * `length` (records ever appended), so removing records from the end is detected too.
 *
 * Retention: a purge removes records but leaves, per run of consecutive removed records, a
 * `PurgedRun` { prevHash, hash, count } — the hash the run followed, the hash of its last record, and
 * how many records it held. Hashes carry no personal data. `verifyChain` steps over those runs, so
 * the records that remain are still checked link by link, and any edit, reordering or removal
 * outside a purge is reported.
 */
export const GENESIS = '0'.repeat(64);

/**
 * The governance chain's genesis: SHA-256 (hex) of "placement-panel governance chain". Written out
 * too in migrations/005_governance.sql, where PostgreSQL works it out from the same words.
 */
export const GOVERNANCE_GENESIS = createHash('sha256').update('placement-panel governance chain').digest('hex');

export type ChainName = 'decisions' | 'events' | 'governance';

/** The hash a chain's first record follows. */
export function genesisOf(name: ChainName): string {
  return name === 'governance' ? GOVERNANCE_GENESIS : GENESIS;
}

export interface Chained {
  id: string;
  prevHash?: string | undefined;
  hash?: string | undefined;
}

/** JSON with object keys sorted at every level and undefined members left out: one text per value. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    const text = JSON.stringify(value);
    if (text === undefined) throw new TypeError(`cannot hash a ${typeof value}`);
    return text;
  }
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** The hash a record should carry: SHA-256 of its canonical JSON without `hash`. */
export function recordHash(record: object): string {
  const { hash: _hash, ...rest } = record as { hash?: unknown };
  return createHash('sha256').update(canonicalJson(rest)).digest('hex');
}

/** The record with `prevHash` set and its `hash` computed. */
export function sealRecord<T extends object>(record: T, prevHash: string): T & { prevHash: string; hash: string } {
  const withPrev = { ...record, prevHash };
  return { ...withPrev, hash: recordHash(withPrev) };
}

/** A chain with nothing appended yet (decisions or events unless named). */
export function emptyChain(name: ChainName = 'decisions'): ChainState {
  return { head: genesisOf(name), length: 0, purged: [] };
}

/** Joins runs where one starts at the hash the other ends with, so a chain keeps one run per gap. */
export function mergeRuns(runs: readonly PurgedRun[]): PurgedRun[] {
  const byPrev = new Map(runs.map((r) => [r.prevHash, r]));
  const ends = new Set(runs.map((r) => r.hash));
  const merged: PurgedRun[] = [];
  for (const start of runs) {
    if (ends.has(start.prevHash)) continue;
    let run = start;
    for (let next = byPrev.get(run.hash), steps = 0; next && steps < runs.length; next = byPrev.get(run.hash), steps++) {
      run = { prevHash: run.prevHash, hash: next.hash, count: run.count + next.count };
    }
    merged.push(run);
  }
  return merged;
}

/**
 * The records that remain after removing those `remove` picks, and the chain state that lets the
 * remaining chain still verify.
 */
export function purgeFromChain<T extends Chained>(records: readonly T[], state: ChainState, remove: (r: T) => boolean):
{ kept: T[]; removed: T[]; state: ChainState } {
  const kept: T[] = [];
  const removed: T[] = [];
  const runs = [...state.purged];
  for (const r of records) {
    if (!remove(r)) {
      kept.push(r);
      continue;
    }
    removed.push(r);
    if (r.prevHash !== undefined && r.hash !== undefined) runs.push({ prevHash: r.prevHash, hash: r.hash, count: 1 });
  }
  return { kept, removed, state: removed.length ? { ...state, purged: mergeRuns(runs) } : state };
}

export type ChainCheck =
  | { ok: true; count: number }
  | { ok: false; chain: ChainName; index: number; id: string; reason: string };

function verifyOne(name: ChainName, records: readonly Chained[], state: ChainState | undefined): ChainCheck {
  const runs = state?.purged ?? [];
  const byPrev = new Map(runs.map((r) => [r.prevHash, r]));
  const usedRuns = new Set<PurgedRun>();
  let head = genesisOf(name);
  let total = 0;
  const fail = (index: number, id: string, reason: string): ChainCheck => ({ ok: false, chain: name, index, id, reason });
  // Follows purged runs from `head` until `target`; false when no run leads there.
  const bridge = (target: string): boolean => {
    for (let steps = 0; head !== target; steps++) {
      const run = byPrev.get(head);
      if (!run || steps > runs.length) return false;
      usedRuns.add(run);
      head = run.hash;
      total += run.count;
    }
    return true;
  };
  for (const [index, r] of records.entries()) {
    if (r.hash === undefined || r.prevHash === undefined) return fail(index, r.id, 'has no hash: it was not appended through the store');
    if (recordHash(r) !== r.hash) return fail(index, r.id, 'its contents do not match its hash: the record was edited');
    if (!bridge(r.prevHash)) {
      return fail(index, r.id, 'does not follow the record before it: a record was removed, inserted or reordered');
    }
    head = r.hash;
    total += 1;
  }
  if (!state) return { ok: true, count: records.length };
  const end = records.length;
  if (!bridge(state.head)) return fail(end, '(end)', 'the chain does not reach its recorded head: records were removed from the end');
  if (total !== state.length) return fail(end, '(end)', `the chain holds ${total} records but ${state.length} were appended`);
  if (usedRuns.size !== runs.length) return fail(end, '(end)', 'a purged run does not fit the chain');
  return { ok: true, count: records.length };
}

/**
 * Whether every decision, event and governance record is unchanged since it was appended: `ok` with
 * how many records were checked, or the first record (by chain and position) that does not match and
 * why. Governance absent (data from before it was kept): none, checked against its state if given.
 */
export function verifyChain(data: {
  decisions: readonly Chained[];
  events: readonly Chained[];
  governance?: readonly Chained[] | undefined;
  chain?: { decisions: ChainState; events: ChainState; governance?: ChainState | undefined } | undefined;
}): ChainCheck {
  const decisions = verifyOne('decisions', data.decisions, data.chain?.decisions);
  if (!decisions.ok) return decisions;
  const events = verifyOne('events', data.events, data.chain?.events);
  if (!events.ok) return events;
  const governance = verifyOne('governance', data.governance ?? [], data.chain?.governance);
  if (!governance.ok) return governance;
  return { ok: true, count: decisions.count + events.count + governance.count };
}
