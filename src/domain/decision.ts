import { z } from 'zod';
import { OUTCOMES } from './vocabulary.js';
import { isoDate, optionalText, storedDate, storedInstant } from './schemaParts.js';
import { actorSchema } from './request.js';

/**
 * What a panel member submits from the card: the `decide` data (docs/api.md, "Card verbs"). Card inputs arrive as
 * strings, and empty inputs as "" — both are read as "not given".
 */
const optionalDate = z.preprocess((v) => (v === '' || v === null ? undefined : v), isoDate.optional());

export const decisionSubmissionSchema = z.object({
  requestId: z.string({ error: 'is missing' }).min(1, { error: 'is missing' }),
  outcome: z.enum(OUTCOMES, { error: `must be one of: ${OUTCOMES.join(', ')}` }),
  option: z.preprocess((v) => (v === '' || v === undefined ? 'proposed' : v), z.string().max(40)),
  comment: optionalText(1000),
  reviewDate: optionalDate,
  effectiveFrom: optionalDate,
}).superRefine((d, ctx) => {
  if (d.outcome === 'approve_with_conditions') {
    if (d.reviewDate === undefined) ctx.addIssue({ code: 'custom', path: ['reviewDate'], message: 'a review date is needed to approve with conditions' });
    if (d.comment === undefined) ctx.addIssue({ code: 'custom', path: ['comment'], message: 'write the conditions in the comment' });
  }
  if ((d.outcome === 'decline' || d.outcome === 'defer') && d.comment === undefined) {
    ctx.addIssue({ code: 'custom', path: ['comment'], message: `give the panel's reason to ${d.outcome}` });
  }
});
export type DecisionSubmission = z.output<typeof decisionSubmissionSchema>;

/** A recorded decision: append-only, never edited. */
export const decisionRecordSchema = z.strictObject({
  id: z.string(),
  requestId: z.string(),
  outcome: z.enum(OUTCOMES),
  option: z.string(),
  comment: z.string().optional(),
  reviewDate: storedDate.optional(),
  effectiveFrom: storedDate,
  decidedBy: actorSchema,
  decidedAt: storedInstant,
  /** Tamper-evident chain (src/store/hashChain.ts): hash of the previous decision, and of this one. */
  prevHash: z.string().optional(),
  hash: z.string().optional(),
});
export type DecisionRecord = z.infer<typeof decisionRecordSchema>;
