import { z } from 'zod';
import { OUTCOMES } from './vocabulary.js';
import { URGENCIES } from './urgency.js';
import { storedDate, storedInstant, storedPounds } from './schemaParts.js';
import { actorSchema } from './request.js';
import { storedConditionSchema } from './conditions.js';

/**
 * The panel's own records, apart from any one request: who deputises for whom, its meetings (the
 * agenda, who came, the minutes) and the roles in force. They form a hash chain of their own, the
 * governance chain (src/store/hashChain.ts), ids `G-000001` upwards; a meeting is known by the id of
 * the record that started it.
 */

/** A role on the panel as configured (PANEL_ROLES): lower-case, e.g. "chair", "finance". */
export const roleSchema = z.string().regex(/^[a-z][a-z0-9_-]{0,31}$/, { error: 'must be a role name in lower case, e.g. "chair"' });
export type Role = z.infer<typeof roleSchema>;

const chained = { id: z.string(), recordedBy: actorSchema, recordedAt: storedInstant, prevHash: z.string().optional(), hash: z.string().optional() };

/** `to` holds `role` (and its spending limit) from `from` to `until`, both days included, in the place of `onBehalfOf` when named. */
export const delegationRecordSchema = z.strictObject({
  ...chained,
  type: z.literal('delegation'),
  role: roleSchema,
  to: actorSchema,
  from: storedDate,
  until: storedDate,
  onBehalfOf: actorSchema.optional(),
});
export type DelegationRecord = z.infer<typeof delegationRecordSchema>;

/** Which part of the agenda an item sits in, in the order the agenda takes them. */
export const AGENDA_SECTIONS = ['ratify', 'decide', 'review'] as const;
export type AgendaSection = (typeof AGENDA_SECTIONS)[number];

/** One item on a meeting's agenda, as it stood when the meeting started. */
export const agendaItemSchema = z.strictObject({
  requestId: z.string(),
  childRef: z.string(),
  section: z.enum(AGENDA_SECTIONS),
  ageYears: z.number().int().min(0).max(25).optional(),
  urgency: z.enum(URGENCIES),
  /** What is asked, in a few words: "Residential, new placement". */
  ask: z.string(),
  /** The weekly cost of what is asked, pounds with two decimals. */
  weeklyCost: storedPounds,
  /** Since when it has waited: received, placed (an emergency), or its review date. */
  since: storedDate,
  decideBy: storedDate.optional(),
  /** "pending", "deferred", or for a review the approval's status. */
  status: z.string(),
});
export type AgendaItem = z.infer<typeof agendaItemSchema>;

export const meetingStartedRecordSchema = z.strictObject({
  ...chained,
  type: z.literal('meeting_started'),
  agenda: z.array(agendaItemSchema),
});
export type MeetingStartedRecord = z.infer<typeof meetingStartedRecordSchema>;

/** Where a meeting's agenda card was posted, so that it is posted once and updated as members come. */
export const agendaPostedRecordSchema = z.strictObject({
  ...chained,
  type: z.literal('agenda_posted'),
  meetingId: z.string(),
  conversationId: z.string(),
  activityId: z.string(),
});
export type AgendaPostedRecord = z.infer<typeof agendaPostedRecordSchema>;

/** A member marked themselves present, with the roles they held that day (delegations included). */
export const attendanceRecordSchema = z.strictObject({
  ...chained,
  type: z.literal('attendance'),
  meetingId: z.string(),
  roles: z.array(roleSchema),
});
export type AttendanceRecord = z.infer<typeof attendanceRecordSchema>;

/** A person as the minutes name them: a name (or, for someone the bot has never heard from, their role) and their roles. */
export const minutedPersonSchema = z.strictObject({ name: z.string(), roles: z.array(roleSchema) });
export type MinutedPerson = z.infer<typeof minutedPersonSchema>;

export const minutedVoteSchema = z.strictObject({
  name: z.string(),
  roles: z.array(roleSchema),
  outcome: z.enum(OUTCOMES),
  /** The option's label as on the card: "Proposed" or the alternative's description. */
  option: z.string(),
  /** Whose role the voter held as a deputy, e.g. "Jane Smith (chair)". */
  asDeputyFor: z.string().optional(),
  /** An approval above the voter's spending limit: recorded as a recommendation. */
  recommendation: z.boolean().optional(),
  at: storedInstant,
});
export type MinutedVote = z.infer<typeof minutedVoteSchema>;

/** What became of an agenda item: settled, recommended (waiting for someone whose limit covers it), or discussed and left open. */
export const MINUTED_OUTCOMES = ['approved', 'approved_with_conditions', 'declined', 'deferred', 'recommended', 'undecided'] as const;

export const minutedItemSchema = z.strictObject({
  requestId: z.string(),
  childRef: z.string(),
  /** Absent for a request decided in the meeting that was not on its agenda. */
  section: z.enum(AGENDA_SECTIONS).optional(),
  outcome: z.enum(MINUTED_OUTCOMES),
  option: z.string().optional(),
  weeklyCost: storedPounds.optional(),
  conditions: z.array(storedConditionSchema),
  reviewDate: storedDate.optional(),
  votes: z.array(minutedVoteSchema),
  conflicts: z.array(z.strictObject({ name: z.string(), note: z.string().optional() })),
});
export type MinutedItem = z.infer<typeof minutedItemSchema>;

/** The minutes of one meeting, as kept when it ended: never worked out again. */
export const minutesSchema = z.strictObject({
  meetingId: z.string(),
  startedAt: storedInstant,
  endedAt: storedInstant,
  startedBy: z.string(),
  endedBy: z.string(),
  present: z.array(minutedPersonSchema),
  apologies: z.array(minutedPersonSchema),
  items: z.array(minutedItemSchema),
  notReached: z.array(z.strictObject({ requestId: z.string(), childRef: z.string(), section: z.enum(AGENDA_SECTIONS) })),
  /** Whether those present could have made the quorum: the minutes say so when they could not. */
  quorate: z.boolean(),
});
export type Minutes = z.infer<typeof minutesSchema>;

export const meetingEndedRecordSchema = z.strictObject({
  ...chained,
  type: z.literal('meeting_ended'),
  meetingId: z.string(),
  minutes: minutesSchema,
});
export type MeetingEndedRecord = z.infer<typeof meetingEndedRecordSchema>;

/** The roles, limits and quorum the bot was started with, recorded whenever they change. */
export const rolesInForceRecordSchema = z.strictObject({
  ...chained,
  type: z.literal('roles_in_force'),
  roles: z.record(z.string(), z.array(roleSchema)),
  /** Pounds a week of council cost per role; null: no limit. Absent: no limits configured. */
  limits: z.record(roleSchema, storedPounds.nullable()).optional(),
  quorum: z.strictObject({ members: z.number().int().min(1), roles: z.array(roleSchema) }),
});
export type RolesInForceRecord = z.infer<typeof rolesInForceRecordSchema>;

export const governanceRecordSchema = z.discriminatedUnion('type', [
  delegationRecordSchema, meetingStartedRecordSchema, agendaPostedRecordSchema, attendanceRecordSchema,
  meetingEndedRecordSchema, rolesInForceRecordSchema,
]);
export type GovernanceRecord = z.infer<typeof governanceRecordSchema>;
