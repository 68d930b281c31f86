import { z } from 'zod';
import { deepFreeze } from '../../lib/deepFreeze.js';
import { journalOpSchema, requestIdsOfOp, type JournalOp } from '../journal.js';
import type { StoreData } from '../storeData.js';
import { chainStateSchema } from '../storeFile.js';

/**
 * The changes the PostgreSQL store writes, as the JSON store's journal has them (journal.ts), plus a
 * purge, which the JSON store writes as a whole file instead. A purge carries the chain states it
 * leaves (with their purged runs), for the writer: the runs are worked out in memory, where the
 * removed records are.
 */
export const purgeOpSchema = z.strictObject({
  kind: z.literal('purge'),
  ids: z.array(z.string()).min(1),
  chain: z.strictObject({ decisions: chainStateSchema, events: chainStateSchema }),
});
export type PurgeOp = z.infer<typeof purgeOpSchema>;

export type Change = JournalOp | PurgeOp;

export const changeSchema = z.discriminatedUnion('kind', [...journalOpSchema.options, purgeOpSchema]);

/** The requests a change names: a purge of them deletes the change too, with the personal data it holds. */
export function requestIdsOf(change: Change): string[] {
  // A purge names requests no longer there; conversations, the digest and governance records name
  // none (an agenda's items name requests, but a purge leaves governance records as they are).
  return change.kind === 'purge' ? [] : requestIdsOfOp(change);
}

/** Makes `change` in memory; returns its undoing. */
export function applyChange(data: StoreData, change: Change): () => void {
  return change.kind === 'purge' ? data.purge(new Set(change.ids)) : data.apply(change);
}

/**
 * Whether a change written by another instance applies cleanly on top of `data`: when it does not,
 * this copy is not what that instance's was, and everything is read again instead.
 */
export function fitsOn(data: StoreData, change: Change): boolean {
  const { indexes } = data;
  switch (change.kind) {
    case 'requests':
      return change.records.every((r) => !indexes.request(r.id));
    case 'decision':
    case 'event': {
      const chain = change.kind === 'decision' ? 'decisions' : 'events';
      return !!indexes.request(change.record.requestId) && change.record.prevHash === data.chains[chain].head;
    }
    case 'governance':
      return change.record.prevHash === data.chains.governance.head;
    case 'card':
      return !!indexes.request(change.requestId);
    default:
      return true;
  }
}

/** A change as read back from the changes table: validated, frozen like every record in memory. */
export function parseChange(json: unknown, seq: number): Change {
  const parsed = changeSchema.safeParse(json);
  if (!parsed.success) throw new Error(`change ${seq} in the database is not one this version can read: ${parsed.error.message}`);
  return deepFreeze(parsed.data);
}
