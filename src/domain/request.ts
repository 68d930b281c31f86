import { z } from 'zod';
import { containsDate } from './caseReference.js';
import {
  CHANGE_REASONS, NEED_DOMAINS, PLACEMENT_TYPES, REQUEST_KINDS,
} from './vocabulary.js';
import {
  FULL_COUNCIL_FUNDING, costInput, fundingInput, isoDate, storedDate, storedInstant, storedPounds, text,
} from './schemaParts.js';
import { URGENCIES } from './urgency.js';

const placementType = z.enum(PLACEMENT_TYPES, {
  error: `must be one of: ${PLACEMENT_TYPES.join(', ')}`,
});

const needScore = z.number({ error: 'must be a score from 0 to 4' }).int({ error: 'must be a whole score from 0 to 4' })
  .min(0, { error: 'must be a score from 0 to 4' }).max(4, { error: 'must be a score from 0 to 4' });

export const needProfileSchema = z.strictObject({
  summary: text(1000),
  scores: z.partialRecord(z.enum(NEED_DOMAINS, { error: `need domains are: ${NEED_DOMAINS.join(', ')}` }), needScore)
    .refine((s) => Object.keys(s).length > 0, { error: 'score at least one need domain' }),
});
export type NeedProfile = z.infer<typeof needProfileSchema>;

export const currentPlacementSchema = z.strictObject({
  type: placementType,
  provider: text(120),
  weeklyCost: costInput,
  funding: fundingInput.default(FULL_COUNCIL_FUNDING),
});

export const proposedPlacementSchema = z.strictObject({
  type: placementType,
  provider: text(120),
  weeklyCost: costInput,
  startDate: isoDate,
  plannedEndDate: isoDate.optional(),
  funding: fundingInput.default(FULL_COUNCIL_FUNDING),
}).refine((p) => p.plannedEndDate === undefined || p.plannedEndDate > p.startDate, {
  error: 'plannedEndDate must be after startDate', path: ['plannedEndDate'],
});

export const alternativeSchema = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, { error: 'must be 1–40 letters, digits, "-" or "_"' })
    .refine((id) => id !== 'proposed', { error: '"proposed" is reserved for the proposed placement' }),
  label: text(160),
  type: placementType,
  provider: text(120).optional(),
  weeklyCost: costInput,
  funding: fundingInput.default(FULL_COUNCIL_FUNDING),
});
export type Alternative = z.output<typeof alternativeSchema>;

export const MAX_ALTERNATIVES = 10;

/**
 * Who asked, to be told the panel's decision in a personal Teams message: their Entra object id
 * (and, from the Teams form, their display name). Optional: a case system need not give one.
 */
export const requesterInputSchema = z.strictObject({
  aadObjectId: z.string({ error: 'must be the requester\'s Entra object id' }).trim()
    .regex(/^[A-Za-z0-9-]{1,64}$/, { error: 'must be the requester\'s Entra object id, such as "6f1c2a4e-0b7d-4c55-9d1e-2f3a4b5c6d7e"' }),
  name: text(120).optional(),
}, { error: 'must be an object such as { "aadObjectId": "…" }' });

/**
 * A placement request as a case system, the Teams form or an import sends it (docs/api.md, "Placement request JSON").
 * `childRef` is a case reference: letters, digits and separators only, so a name cannot be typed in.
 */
export const placementRequestInputSchema = z.strictObject({
  childRef: z.string({ error: 'must be a case reference such as "C-10423"' }).trim()
    .regex(/^[A-Z]{0,4}[-/]?\d[A-Z0-9/-]{1,23}$/i, { error: 'must be a case reference such as "C-10423" (never a name)' })
    .refine((ref) => !containsDate(ref), { error: 'must be a case reference such as "C-10423", not a date (a date of birth never goes on a card)' }),
  ageYears: z.number({ error: 'must be the child\'s age in whole years' }).int({ error: 'must be a whole number of years' })
    .min(0, { error: 'must be from 0 to 17' }).max(17, { error: 'must be from 0 to 17 (children in care are under 18)' }).optional(),
  dateOfBirth: isoDate.optional(),
  kind: z.enum(REQUEST_KINDS, { error: 'must be "new" or "change"' }),
  changeReason: z.enum(CHANGE_REASONS, { error: `must be one of: ${CHANGE_REASONS.join(', ')}` }).optional(),
  needs: needProfileSchema,
  current: currentPlacementSchema.optional(),
  proposed: proposedPlacementSchema,
  alternatives: z.array(alternativeSchema).max(MAX_ALTERNATIVES, { error: `at most ${MAX_ALTERNATIVES} alternatives` }).default([]),
  /** The date the panel should decide by; without it, the rule in decideBy.ts. */
  decideBy: isoDate.optional(),
  urgency: z.enum(URGENCIES, { error: `must be one of: ${URGENCIES.join(', ')}` }).default('routine'),
  /** An emergency placement already made, for the panel to ratify: proposed.startDate is the day the child was placed. */
  alreadyPlaced: z.boolean({ error: 'must be true or false' }).optional(),
  requestedBy: text(120),
  reason: text(1000),
  /** Who to tell of the decision (src/teams/requesterNotice.ts). */
  requester: requesterInputSchema.optional(),
}).superRefine((value, ctx) => {
  // Runs even when fields failed, so one answer lists every problem; the value may be partly invalid,
  // or not an object at all (null in an import file): then the type problem already says so.
  if (value === null || typeof value !== 'object') return;
  const r = value as Partial<Record<string, unknown>>;
  const add = (path: PropertyKey[], message: string) => ctx.addIssue({ code: 'custom', path, message });
  if (r.ageYears === undefined && r.dateOfBirth === undefined) add(['ageYears'], 'give ageYears or dateOfBirth');
  if (r.kind === 'change' && r.current === undefined) add(['current'], 'a "change" request needs the current placement');
  if (r.kind === 'new' && r.current !== undefined) add(['current'], 'only a "change" request has a current placement');
  if (r.alreadyPlaced === true && r.urgency !== 'emergency') add(['alreadyPlaced'], 'only an "emergency" request can be a placement already made');
  if (Array.isArray(r.alternatives)) {
    const seen = new Set<unknown>();
    r.alternatives.forEach((a: { id?: unknown } | null, i) => {
      const id = a?.id;
      if (id !== undefined && seen.has(id)) add(['alternatives', i, 'id'], `duplicate alternative id "${String(id)}"`);
      seen.add(id);
    });
  }
}, { when: () => true });
export type PlacementRequestInput = z.input<typeof placementRequestInputSchema>;
export type PlacementRequestData = z.output<typeof placementRequestInputSchema>;

/** Who did something: the Entra object id and the display name at the time. */
export const actorSchema = z.strictObject({
  aadObjectId: z.string().min(1),
  name: z.string(),
});
export type Actor = z.infer<typeof actorSchema>;

/** Who records what the bot does itself (a review card or an agenda posted, a requester told, a meeting the schedule opened): not a person. */
export const BOT_ACTOR: Actor = { aadObjectId: 'placement-panel-bot', name: 'Placement Panel' };

const storedFunding = z.strictObject({ socialCare: z.number(), health: z.number(), education: z.number() });

/** A request as stored: the validated input with its id and when and by whom it came in. */
export const storedRequestSchema = z.strictObject({
  id: z.string().regex(/^PR-\d{4}-\d{4,}$/),
  receivedAt: storedInstant,
  receivedVia: z.enum(['api', 'teams', 'import']),
  receivedBy: z.string(),
  childRef: z.string(),
  ageYears: z.number().int().optional(),
  dateOfBirth: storedDate.optional(),
  kind: z.enum(REQUEST_KINDS),
  changeReason: z.enum(CHANGE_REASONS).optional(),
  needs: z.strictObject({ summary: z.string(), scores: z.partialRecord(z.enum(NEED_DOMAINS), z.number()) }),
  current: z.strictObject({ type: placementType, provider: z.string(), weeklyCost: storedPounds, funding: storedFunding }).optional(),
  proposed: z.strictObject({
    type: placementType, provider: z.string(), weeklyCost: storedPounds, startDate: storedDate,
    plannedEndDate: storedDate.optional(), funding: storedFunding,
  }),
  alternatives: z.array(z.strictObject({
    id: z.string(), label: z.string(), type: placementType, provider: z.string().optional(),
    weeklyCost: storedPounds, funding: storedFunding,
  })),
  decideBy: storedDate.optional(),
  /** Absent on records from before urgency was asked: routine (urgencyOf). */
  urgency: z.enum(URGENCIES).optional(),
  alreadyPlaced: z.boolean().optional(),
  requestedBy: z.string(),
  reason: z.string(),
  /** Who asked, told of the decision in a personal message; absent on records from before, and on requests that gave none. */
  requester: z.strictObject({ aadObjectId: z.string(), name: z.string().optional() }).optional(),
})
  // What every calculator relies on: an age to end the placement at, and a baseline for a change.
  .refine((r) => r.ageYears !== undefined || r.dateOfBirth !== undefined, { error: 'needs ageYears or dateOfBirth', path: ['ageYears'] })
  .refine((r) => r.kind === 'new' || r.current !== undefined, { error: 'a change request needs its current placement', path: ['current'] });
export type StoredRequest = z.infer<typeof storedRequestSchema>;
