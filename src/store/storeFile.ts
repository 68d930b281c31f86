import { z } from 'zod';
import { storedRequestSchema } from '../domain/request.js';
import { decisionRecordSchema } from '../domain/decision.js';
import { eventRecordSchema } from '../domain/event.js';
import { governanceRecordSchema } from '../domain/meeting.js';
import { emptyChain } from './hashChain.js';

export const STORE_VERSION = 1;

/**
 * A Bot Framework conversation reference as saved when the app was added to a conversation.
 * Validated loosely: only what a proactive message cannot do without is required.
 */
export const conversationRefSchema = z.looseObject({
  activityId: z.string().optional(),
  bot: z.looseObject({ id: z.string() }).optional(),
  channelId: z.string().min(1),
  conversation: z.looseObject({ id: z.string().min(1) }),
  serviceUrl: z.string().min(1),
  user: z.looseObject({ id: z.string() }).optional(),
  locale: z.string().optional(),
});
export type ConversationRefStored = z.infer<typeof conversationRefSchema>;

export const cardRefSchema = z.strictObject({
  conversationId: z.string().min(1),
  activityId: z.string().min(1),
  /**
   * How many decisions the request had when the card was last posted or updated: a card showing
   * fewer than the request has now missed an update (absent in stores written before it was kept).
   */
  decisions: z.number().int().min(0).optional(),
});
export type CardRef = z.infer<typeof cardRefSchema>;

/** What the schedules sent: the digest's ISO week and the day of the follow-up reminder (src/schedule/reminderScheduler.ts). */
export const digestStateSchema = z.strictObject({ lastWeekSent: z.string().optional(), lastReminderDay: z.string().optional() });
export type DigestState = z.infer<typeof digestStateSchema>;

/**
 * A key a caller sent twice (a case system retrying a POST): the request it created the first time,
 * or the event (`eventId`, on `requestId`), and a fingerprint of what was sent (idempotency.ts).
 * Entries written before events and fingerprints were kept have neither.
 */
export const dedupeEntrySchema = z.strictObject({
  requestId: z.string(),
  at: z.string(),
  eventId: z.string().optional(),
  fingerprint: z.string().optional(),
});

/**
 * A run of consecutive records removed by a retention purge: the hash the run followed and the hash
 * of its last record, so the chain can still be followed across it (see hashChain.ts).
 */
export const purgedRunSchema = z.strictObject({
  prevHash: z.string(),
  hash: z.string(),
  count: z.number().int().min(1),
});
export type PurgedRun = z.infer<typeof purgedRunSchema>;

/** One hash chain: its latest hash, how many records were ever appended, and the purged runs. */
export const chainStateSchema = z.strictObject({
  head: z.string(),
  length: z.number().int().min(0),
  purged: z.array(purgedRunSchema),
  /**
   * Ids passed over because a journal line cut short may have issued them (tornTail.ts): the next
   * record's id is `length + skipped + 1`, so no id is given twice. Absent: none.
   */
  skipped: z.number().int().min(0).optional(),
});
export type ChainState = z.infer<typeof chainStateSchema>;

const hasUniqueIds = (records: readonly { id: string }[]) => new Set(records.map((r) => r.id)).size === records.length;

/** The whole store file. Unknown top-level keys are refused so that no data is silently dropped on rewrite. */
export const storeFileSchema = z.strictObject({
  version: z.literal(STORE_VERSION, { error: `version must be ${STORE_VERSION}` }),
  requests: z.array(storedRequestSchema).refine(hasUniqueIds, { error: 'request ids must be unique' }),
  decisions: z.array(decisionRecordSchema).refine(hasUniqueIds, { error: 'decision ids must be unique' }),
  events: z.array(eventRecordSchema).refine(hasUniqueIds, { error: 'event ids must be unique' }),
  /** The panel's own records (src/domain/meeting.ts); absent in a file written before they were kept. */
  governance: z.array(governanceRecordSchema).refine(hasUniqueIds, { error: 'governance record ids must be unique' }).default(() => []),
  counters: z.record(z.string().regex(/^\d{4}$/, { error: 'counter keys are years' }), z.number().int().min(0)),
  conversations: z.record(z.string(), conversationRefSchema),
  cards: z.record(z.string(), cardRefSchema),
  digest: digestStateSchema,
  dedupe: z.record(z.string(), dedupeEntrySchema).optional(),
  chain: z.strictObject({
    decisions: chainStateSchema,
    events: chainStateSchema,
    // Absent in a file written before governance records were kept: then none were.
    governance: chainStateSchema.default(() => emptyChain('governance')),
  }).optional(),
  /** The last change of the journal (journal.ts) this file already holds. */
  journal: z.strictObject({ seq: z.number().int().min(0) }).optional(),
});
export type StoreFile = z.infer<typeof storeFileSchema>;

/** An empty store, as written on first start. */
export function emptyStoreFile(): StoreFile {
  return { version: STORE_VERSION, requests: [], decisions: [], events: [], governance: [], counters: {}, conversations: {}, cards: {}, digest: {} };
}
