import type { ChainState, StoreFile } from './storeFile.js';

/**
 * The ids the store gives its records, none ever given twice: a caller may already hold an id (in an
 * answer, on a card, in a case system), so a later record under it would be taken for the first.
 *
 * Requests are numbered per year of receipt, `PR-2026-0001` upwards, by the file's `counters`
 * (year → last number given); past 9999 the number simply grows a digit. Decisions, events and
 * governance records take the next number of their hash chain, `D-000001`, `E-000001` and `G-000001`
 * upwards: `length` counts every
 * record ever appended (purged ones too) and `skipped` the numbers passed over at a torn tail.
 */

const REQUEST_ID = /^PR-(\d{4})-(\d{4,})$/;
const CHAINED_ID = /^([DEG])-(\d+)$/;

/** The chain a prefix numbers. */
const CHAIN_OF = { D: 'decisions', E: 'events', G: 'governance' } as const;
export type ChainPrefix = keyof typeof CHAIN_OF;

export function requestIdParts(id: string): { year: string; seq: number } | undefined {
  const m = REQUEST_ID.exec(id);
  return m ? { year: m[1]!, seq: Number(m[2]) } : undefined;
}

/**
 * Request ids for one batch, numbered on from `counters`. Nothing is kept until the batch is:
 * `taken` holds the counters to store with it, so a batch refused part-way gives its numbers again.
 */
export class RequestIds {
  readonly taken = new Map<string, number>();

  constructor(private readonly counters: Readonly<Record<string, number>>) {}

  /** The next id of the year `receivedAt` falls in (UTC). */
  next(receivedAt: Date): string {
    const year = String(receivedAt.getUTCFullYear()).padStart(4, '0');
    const seq = (this.taken.get(year) ?? this.counters[year] ?? 0) + 1;
    this.taken.set(year, seq);
    return `PR-${year}-${String(seq).padStart(4, '0')}`;
  }
}

/** The id of the next record appended to `chain`. */
export function nextChainedId(prefix: ChainPrefix, chain: ChainState): string {
  return `${prefix}-${String(chain.length + (chain.skipped ?? 0) + 1).padStart(6, '0')}`;
}

/** Moves a counter that is behind the requests in the file (edited by hand) past them. */
export function countersPastRequests(data: StoreFile): void {
  for (const r of data.requests) {
    const parts = requestIdParts(r.id);
    if (parts && (data.counters[parts.year] ?? 0) < parts.seq) data.counters[parts.year] = parts.seq;
  }
}

/**
 * Moves the counters and chains past `ids` and the request `counters` given, which may have been
 * handed out by a change that was then lost (a torn tail, tornTail.ts).
 */
export function reserveIds(data: StoreFile, ids: readonly string[], counters: Readonly<Record<string, number>>): void {
  const raised = { ...data.counters };
  const raise = (year: string, n: number) => {
    if ((raised[year] ?? 0) < n) raised[year] = n;
  };
  for (const [year, n] of Object.entries(counters)) raise(year, n);
  for (const id of ids) {
    const request = requestIdParts(id);
    if (request) raise(request.year, request.seq);
    const chained = CHAINED_ID.exec(id);
    if (!chained) continue;
    const name = CHAIN_OF[chained[1] as ChainPrefix];
    const state = data.chain![name];
    const n = Number(chained[2]);
    if (state.length + (state.skipped ?? 0) < n) data.chain = { ...data.chain!, [name]: { ...state, skipped: n - state.length } };
  }
  data.counters = raised;
}
