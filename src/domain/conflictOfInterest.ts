import { z } from 'zod';
import { actorSchema } from './request.js';
import { optionalText, storedDate, storedInstant } from './schemaParts.js';

/*
 * A member's declared conflict of interest on one request (issue #16): a record in the request's
 * events chain, read apart from the placement's events. The member who declared it (`recordedBy`)
 * may not vote on the request from then on, and the minutes say so.
 */

export const conflictDeclaredRecordSchema = z.strictObject({
  id: z.string(), requestId: z.string(), type: z.literal('conflict_declared'), date: storedDate,
  note: z.string().optional(),
  recordedBy: actorSchema, recordedAt: storedInstant,
  prevHash: z.string().optional(), hash: z.string().optional(),
});
export type ConflictDeclaredRecord = z.infer<typeof conflictDeclaredRecordSchema>;

/** What a member sends to declare a conflict: an optional note of what it is ("related to the provider's director"). */
export const conflictInputSchema = z.object({ note: optionalText(300) });

/** The conflict this member declared on the request, if they did. */
export function declaredConflict(conflicts: readonly ConflictDeclaredRecord[], aadObjectId: string | undefined): ConflictDeclaredRecord | undefined {
  return aadObjectId === undefined ? undefined : conflicts.find((c) => c.recordedBy.aadObjectId === aadObjectId);
}

/** Whether this member declared a conflict on the request. */
export function hasDeclaredConflict(conflicts: readonly ConflictDeclaredRecord[], aadObjectId: string | undefined): boolean {
  return declaredConflict(conflicts, aadObjectId) !== undefined;
}
