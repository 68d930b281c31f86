import { z } from 'zod';
import { daysBetween } from '../calculators/dates.js';
import { actorSchema, type Actor } from './request.js';
import { isoDate, storedDate, storedInstant, text } from './schemaParts.js';

/** An approval with conditions carries one to three (issue #15): more would not be followed up. */
export const MAX_CONDITIONS = 3;

/** One condition as the card or an API client sends it: what is to be done, by whom (a name or a role, typed), by when. */
export const conditionInputSchema = z.strictObject({
  text: text(500),
  owner: text(120),
  due: isoDate,
});
export type ConditionInput = z.output<typeof conditionInputSchema>;

/** A condition as the decision keeps it. */
export const storedConditionSchema = z.strictObject({ text: z.string(), owner: z.string(), due: storedDate });

/**
 * The terms of one condition as read from a decision. A decision recorded before conditions had
 * owners (its conditions written in the comment) reads as one condition with no owner or due date.
 */
export interface ConditionTerms {
  /** From 1, as the card and the API number them. */
  n: number;
  text: string;
  owner?: string;
  due?: string;
}

/** Who marked a condition done, on which day, and when they recorded it. */
export interface ConditionDone {
  date: string;
  by: Actor;
  recordedAt: string;
}

export interface ConditionState extends ConditionTerms {
  done?: ConditionDone;
}

/** A condition completed: a record of its own in the events chain, append-only like the others. */
export const conditionCompletedRecordSchema = z.strictObject({
  id: z.string(), requestId: z.string(), type: z.literal('condition_completed'),
  condition: z.number().int().min(1).max(MAX_CONDITIONS), date: storedDate,
  recordedBy: actorSchema, recordedAt: storedInstant,
  prevHash: z.string().optional(), hash: z.string().optional(),
});
export type ConditionCompletedRecord = z.infer<typeof conditionCompletedRecordSchema>;

/** The completion to record: `date` is the day it was done (today when not given). */
export const completionInputSchema = z.strictObject({ date: isoDate.optional() });

/** What a decision needs for its conditions to be read: its outcome, its conditions or, if older, its comment. */
interface ConditionSource {
  outcome: string;
  conditions?: readonly { text: string; owner: string; due: string }[] | undefined;
  comment?: string | undefined;
}

/** The decision's conditions, numbered from 1; none unless it approved with conditions. */
export function conditionsOf(decision: ConditionSource): ConditionTerms[] {
  if (decision.outcome !== 'approve_with_conditions') return [];
  if (decision.conditions !== undefined && decision.conditions.length > 0) {
    return decision.conditions.map((c, i) => ({ n: i + 1, text: c.text, owner: c.owner, due: c.due }));
  }
  return decision.comment !== undefined ? [{ n: 1, text: decision.comment }] : [];
}

/** Each condition with who marked it done and when, if anyone has: the first completion of a condition counts. */
export function conditionStates(decision: ConditionSource, completions: readonly ConditionCompletedRecord[]): ConditionState[] {
  return conditionsOf(decision).map((c) => {
    const first = completions.find((e) => e.condition === c.n);
    return first === undefined ? c : { ...c, done: { date: first.date, by: first.recordedBy, recordedAt: first.recordedAt } };
  });
}

/** Why condition `n` cannot be marked done, or undefined: 'not_found' for no such condition, 'conflict' for no conditions to complete or one already done. */
export function completionRefusal(
  decision: ConditionSource | undefined, completions: readonly ConditionCompletedRecord[], n: number, requestId: string,
): { refusal: 'not_found' | 'conflict'; problem: string } | undefined {
  const conditions = decision === undefined ? [] : conditionStates(decision, completions);
  if (conditions.length === 0) return { refusal: 'conflict', problem: `${requestId} was not approved with conditions: there is nothing to mark done` };
  const condition = conditions.find((c) => c.n === n);
  if (condition === undefined) return { refusal: 'not_found', problem: `${requestId} has ${conditions.length === 1 ? 'one condition' : `conditions 1 to ${conditions.length}`}; there is no condition ${n}` };
  if (condition.done !== undefined) return { refusal: 'conflict', problem: `condition ${n} of ${requestId} was already marked done by ${condition.done.by.name} on ${condition.done.date}` };
  return undefined;
}

/** Why a due date cannot be taken for a decision made on `decisionDay`, or undefined: a condition is due on or after the day it is set. */
export function dueDateProblem(due: string, decisionDay: string): string | undefined {
  return due < decisionDay ? `is before the day of the decision (${decisionDay}): a condition is due on or after it` : undefined;
}

/** Why a completion dated `date` cannot be taken, or undefined: not before the decision, nor a day still to come. */
export function completionDateProblem(date: string, decisionDay: string, today: string): string | undefined {
  if (date < decisionDay) return `is before the decision (${decisionDay}): a condition is done after it is set`;
  if (date > today) return `is after today (${today}): mark a condition done once it has been`;
  return undefined;
}

/** Days from `today` to the condition's due date: negative once it is overdue; undefined with no due date or once done. */
export function daysUntilDue(condition: ConditionState, today: string): number | undefined {
  if (condition.due === undefined || condition.done !== undefined) return undefined;
  return daysBetween(today, condition.due);
}
