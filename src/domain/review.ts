import { z } from 'zod';
import { actorSchema } from './request.js';
import { isoDate, optionalText, storedDate, storedInstant } from './schemaParts.js';

/*
 * Reviews (issue #15): on its review date an approval comes back to the panel. Two kinds of record
 * in the events chain, append-only like the others and read apart from the placement's events:
 * - `review_posted`: the review card for one review date went to the panel channel. It is what keeps
 *   the card to one post across restarts and instances (claims alone are leases, and the JSON store's
 *   are in memory), and it is part of the history: when the panel was asked.
 * - `review`: the panel reviewed it and continued the placement to a new review date.
 * An end decided at a review is an `ended` event, as any end is.
 */


export const REVIEW_OUTCOMES = ['continued'] as const;

/** The review card for `date` (the review date) was posted to the panel channel. */
export const reviewPostedRecordSchema = z.strictObject({
  id: z.string(), requestId: z.string(), type: z.literal('review_posted'), date: storedDate,
  /** Where the card went, so that a review held or a change recorded redraws it for everyone. */
  conversationId: z.string().optional(), activityId: z.string().optional(),
  recordedBy: actorSchema, recordedAt: storedInstant,
  prevHash: z.string().optional(), hash: z.string().optional(),
});
export type ReviewPostedRecord = z.infer<typeof reviewPostedRecordSchema>;

/** The panel reviewed the placement on `date` (the review date `reviewDate` had come) and continued it to `nextReviewDate`. */
export const reviewRecordSchema = z.strictObject({
  id: z.string(), requestId: z.string(), type: z.literal('review'), date: storedDate,
  reviewDate: storedDate, outcome: z.enum(REVIEW_OUTCOMES), nextReviewDate: storedDate, note: z.string().optional(),
  recordedBy: actorSchema, recordedAt: storedInstant,
  prevHash: z.string().optional(), hash: z.string().optional(),
});
export type ReviewRecord = z.infer<typeof reviewRecordSchema>;

export type ReviewChainRecord = ReviewPostedRecord | ReviewRecord;

/** What "Continue" sends: the next review date (the card's input arrives as a string; empty is "not given"). */
export const continueReviewInputSchema = z.object({
  nextReviewDate: z.preprocess((v) => (v === '' || v === null ? undefined : v), isoDate.optional())
    .refine((v) => v !== undefined, { error: 'give the date of the next review' }),
  note: optionalText(500),
});

/** Why a next review date cannot be taken on `today`, or undefined: a review is set for a day still to come. */
export function nextReviewDateProblem(next: string, today: string): string | undefined {
  return next <= today ? `must be after today (${today}): the next review is a day still to come` : undefined;
}

/**
 * The review date now in force: the latest continue's next date, else the decision's review date;
 * undefined when the decision set none.
 */
export function currentReviewDate(decisionReviewDate: string | undefined, reviews: readonly ReviewRecord[]): string | undefined {
  return reviews.length > 0 ? reviews[reviews.length - 1]!.nextReviewDate : decisionReviewDate;
}
