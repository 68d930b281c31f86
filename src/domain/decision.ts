import { z } from 'zod';
import { OUTCOMES } from './vocabulary.js';
import { isoDate, optionalText, storedDate, storedInstant, storedPounds } from './schemaParts.js';
import { actorSchema } from './request.js';
import { roleSchema } from './meeting.js';
import { conditionInputSchema, MAX_CONDITIONS, storedConditionSchema } from './conditions.js';

/**
 * What a panel member submits from the card: the `decide` data (docs/api.md, "Card verbs"). Card inputs arrive as
 * strings, and empty inputs as "" — both are read as "not given".
 */
const optionalDate = z.preprocess((v) => (v === '' || v === null ? undefined : v), isoDate.optional());

/** The card's condition rows: condition1Text, condition1Owner, condition1Due, … (cards/requestCard.json). */
const CONDITION_FIELDS = { text: 'Text', owner: 'Owner', due: 'Due' } as const;
const CARD_ROW_KEY = /^condition\d+(Text|Owner|Due)$/;

/**
 * The conditions as a list, whether sent as one (the API's `conditions`) or as the card's rows up to
 * the last one filled: a gap is kept, so that "Condition 2" in a problem is the card's second row.
 */
function conditionList(raw: unknown): unknown {
  if (raw === null || typeof raw !== 'object' || 'conditions' in raw) return raw;
  const data = raw as Record<string, unknown>;
  const rows = Array.from({ length: MAX_CONDITIONS }, (_, i) => Object.fromEntries(
    Object.entries(CONDITION_FIELDS).map(([field, suffix]) => [field, data[`condition${i + 1}${suffix}`]]),
  ));
  const filled = (row: Record<string, unknown>) => Object.values(row).some((v) => (typeof v === 'string' ? v.trim() !== '' : v !== undefined));
  let last = rows.length - 1;
  while (last >= 0 && !filled(rows[last]!)) last -= 1;
  const rest = Object.fromEntries(Object.entries(data).filter(([key]) => !CARD_ROW_KEY.test(key)));
  return last < 0 ? rest : { ...rest, conditions: rows.slice(0, last + 1) };
}

export const decisionSubmissionSchema = z.preprocess(conditionList, z.object({
  requestId: z.string({ error: 'is missing' }).min(1, { error: 'is missing' }),
  outcome: z.enum(OUTCOMES, { error: `must be one of: ${OUTCOMES.join(', ')}` }),
  option: z.preprocess((v) => (v === '' || v === undefined ? 'proposed' : v), z.string().max(40)),
  comment: optionalText(1000),
  conditions: z.array(conditionInputSchema, { error: 'must be a list of conditions, each with text, owner and due' })
    .min(1, { error: 'give at least one condition' })
    .max(MAX_CONDITIONS, { error: `at most ${MAX_CONDITIONS} conditions` }).optional(),
  reviewDate: optionalDate,
  effectiveFrom: optionalDate,
}).superRefine((d, ctx) => {
  if (d.outcome === 'approve_with_conditions') {
    if (d.reviewDate === undefined) ctx.addIssue({ code: 'custom', path: ['reviewDate'], message: 'a review date is needed to approve with conditions' });
    // The older form, the conditions written in the comment, is still taken (docs/api.md, "Conditions").
    if (d.conditions === undefined && d.comment === undefined) ctx.addIssue({ code: 'custom', path: ['conditions'], message: 'give each condition its text, owner and due date' });
  } else if (d.conditions !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['conditions'], message: 'are only taken when approving with conditions' });
  }
  if ((d.outcome === 'decline' || d.outcome === 'defer') && d.comment === undefined) {
    ctx.addIssue({ code: 'custom', path: ['comment'], message: `give the panel's reason to ${d.outcome}` });
  }
}));
export type DecisionSubmission = z.output<typeof decisionSubmissionSchema>;

/** A recorded decision: append-only, never edited. */
export const decisionRecordSchema = z.strictObject({
  id: z.string(),
  requestId: z.string(),
  outcome: z.enum(OUTCOMES),
  option: z.string(),
  comment: z.string().optional(),
  /** Only on an approval with conditions; older ones have their conditions in the comment (conditions.ts, conditionsOf). */
  conditions: z.array(storedConditionSchema).min(1).max(MAX_CONDITIONS).optional(),
  reviewDate: storedDate.optional(),
  effectiveFrom: storedDate,
  decidedBy: actorSchema,
  decidedAt: storedInstant,
  /** The roles the decider held that day, delegated ones included; absent on decisions from before roles were recorded (their configured roles count). */
  roles: z.array(roleSchema).optional(),
  /** The roles the decider held as a deputy, and for whom when the delegation named them. */
  deputyFor: z.array(z.strictObject({ role: roleSchema, member: actorSchema.optional() })).optional(),
  /** An approval over the decider's spending limit: the option's weekly council cost and the limit, pounds. It does not settle the request alone. */
  recommendation: z.strictObject({ councilCost: storedPounds, limit: storedPounds }).optional(),
  /** The meeting (its id in the governance chain) the decision was taken in. */
  meetingId: z.string().optional(),
  /** Tamper-evident chain (src/store/hashChain.ts): hash of the previous decision, and of this one. */
  prevHash: z.string().optional(),
  hash: z.string().optional(),
});
export type DecisionRecord = z.infer<typeof decisionRecordSchema>;
