import { storedRequestSchema, type PlacementRequestData, type StoredRequest } from '../domain/request.js';
import { deepFreeze } from '../lib/deepFreeze.js';
import { RequestKeys } from './idempotency.js';
import type { JournalOp } from './journal.js';
import type { RequestMeta } from './panelStore.js';
import { RequestIds } from './recordIds.js';
import { StoreError, validated } from './storeError.js';
import type { StoreReads } from './storeReads.js';

/** A batch of requests made ready to store: what each caller gets back, and the change to make (none when all were repeats). */
export interface PreparedRequests {
  results: StoredRequest[];
  change?: Extract<JournalOp, { kind: 'requests' }>;
}

/**
 * Builds a batch of new requests against what is stored: ids of their year of receipt, repeats of
 * an idempotency key answered with the request the key made, each record validated and frozen.
 * Everything is built before anything changes, so a bad item changes nothing. Every backend stores
 * requests this way.
 */
export function prepareRequests(
  batch: readonly { data: PlacementRequestData; meta: RequestMeta }[],
  stored: Pick<StoreReads, 'getRequest' | 'idempotencyKeyUse'>,
  counters: Record<string, number>,
  now: Date,
): PreparedRequests {
  const ids = new RequestIds(counters);
  const keys = new RequestKeys((key) => stored.idempotencyKeyUse(key), (id) => stored.getRequest(id), now.toISOString());
  const fresh: StoredRequest[] = [];
  const results: StoredRequest[] = [];
  for (const [i, { data, meta }] of batch.entries()) {
    const earlier = keys.earlier(meta);
    if (earlier) {
      results.push(earlier);
      continue;
    }
    if (Number.isNaN(meta.receivedAt.getTime())) throw new StoreError(`request ${i + 1}: receivedAt is not a valid time`);
    const record = deepFreeze(validated(storedRequestSchema, {
      ...data,
      id: ids.next(meta.receivedAt),
      receivedAt: meta.receivedAt.toISOString(),
      receivedVia: meta.receivedVia,
      receivedBy: meta.receivedBy,
    }, batch.length > 1 ? `request ${i + 1}` : 'the request'));
    fresh.push(record);
    results.push(record);
    keys.add(meta, record);
  }
  if (fresh.length === 0) return { results };
  const dedupe = keys.entries();
  return { results, change: { kind: 'requests', records: fresh, counters: Object.fromEntries(ids.taken), ...(dedupe && { dedupe }) } };
}
