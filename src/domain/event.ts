import { z } from 'zod';
import { COST_CHANGE_REASONS, END_REASONS } from './vocabulary.js';
import {
  costInput, fundingInput, isoDate, optionalText, storedDate, storedInstant, storedPounds,
} from './schemaParts.js';
import { actorSchema } from './request.js';
import { conditionCompletedRecordSchema } from './conditions.js';
import { reviewPostedRecordSchema, reviewRecordSchema } from './review.js';
import { conflictDeclaredRecordSchema } from './conflictOfInterest.js';

/** What happened after the decision, as staff or a case system record it (docs/api.md, "Event JSON"). */
export const eventInputSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('cost_change'),
    date: isoDate,
    weeklyCost: costInput,
    funding: fundingInput.optional(),
    reason: z.enum(COST_CHANGE_REASONS, { error: `must be one of: ${COST_CHANGE_REASONS.join(', ')}` }),
    note: optionalText(500),
  }),
  z.strictObject({
    type: z.literal('ended'),
    date: isoDate,
    reason: z.enum(END_REASONS, { error: `must be one of: ${END_REASONS.join(', ')}` }),
    note: optionalText(500),
  }),
  // The approved change took effect on this day (docs/domain.md, "Started and slippage").
  z.strictObject({
    type: z.literal('started'),
    date: isoDate,
    note: optionalText(500),
  }),
], { error: 'type must be "cost_change", "ended" or "started"' });
export type EventInput = z.output<typeof eventInputSchema>;

const storedFunding = z.strictObject({ socialCare: z.number(), health: z.number(), education: z.number() });

/** A recorded event: append-only, never edited. `prevHash`/`hash` chain it (src/store/hashChain.ts). */
const placementEventRecordSchema = z.discriminatedUnion('type', [
  z.strictObject({
    id: z.string(), requestId: z.string(), type: z.literal('cost_change'), date: storedDate,
    weeklyCost: storedPounds, funding: storedFunding.optional(), reason: z.enum(COST_CHANGE_REASONS),
    note: z.string().optional(), recordedBy: actorSchema, recordedAt: storedInstant,
    prevHash: z.string().optional(), hash: z.string().optional(),
  }),
  z.strictObject({
    id: z.string(), requestId: z.string(), type: z.literal('ended'), date: storedDate,
    reason: z.enum(END_REASONS), note: z.string().optional(), recordedBy: actorSchema, recordedAt: storedInstant,
    prevHash: z.string().optional(), hash: z.string().optional(),
  }),
  z.strictObject({
    id: z.string(), requestId: z.string(), type: z.literal('started'), date: storedDate,
    note: z.string().optional(), recordedBy: actorSchema, recordedAt: storedInstant,
    prevHash: z.string().optional(), hash: z.string().optional(),
  }),
]);
/** What happened to the placement: what its cost, savings and follow-through are worked out from. */
export type EventRecord = z.infer<typeof placementEventRecordSchema>;


/**
 * The requester was sent a personal message with the outcome of `decisionId`, the decision that
 * settled (or deferred) the request, on `date`: what keeps it to one message across restarts and
 * instances (src/teams/requesterNotice.ts).
 */
export const requesterToldRecordSchema = z.strictObject({
  id: z.string(), requestId: z.string(), type: z.literal('requester_told'), date: storedDate, decisionId: z.string(),
  recordedBy: actorSchema, recordedAt: storedInstant,
  prevHash: z.string().optional(), hash: z.string().optional(),
});
export type RequesterToldRecord = z.infer<typeof requesterToldRecordSchema>;

/**
 * Every record of the events chain as the store keeps it: the placement's events, and the conditions
 * marked done (conditions.ts), the reviews (review.ts), the conflicts of interest declared
 * (conflictOfInterest.ts) and the requester told of a decision (above), which say nothing of the placement's cost and are read apart from them.
 */
export const eventRecordSchema = z.union([placementEventRecordSchema, conditionCompletedRecordSchema, reviewPostedRecordSchema, reviewRecordSchema, conflictDeclaredRecordSchema, requesterToldRecordSchema]);
export type StoredEventRecord = z.infer<typeof eventRecordSchema>;

/** Whether the record is one of the placement's events rather than a condition marked done or a review. */
export function isPlacementEvent(record: StoredEventRecord): record is EventRecord {
  return record.type === 'cost_change' || record.type === 'ended' || record.type === 'started';
}
