import { conditionStates, daysUntilDue, type ConditionState } from '../domain/conditions.js';
import type { Case } from '../panel/facts.js';

/** One condition as the API gives it (docs/api.md, "Conditions"): `owner` and `due` null for a condition written in an older decision's comment. */
export function conditionJson(c: ConditionState, today: string) {
  const days = daysUntilDue(c, today);
  return {
    n: c.n,
    text: c.text,
    owner: c.owner ?? null,
    due: c.due ?? null,
    state: c.done !== undefined ? 'done' : days !== undefined && days < 0 ? 'overdue' : 'open',
    // Negative once overdue; null once done or with no due date.
    daysUntilDue: days ?? null,
    done: c.done === undefined ? null : { date: c.done.date, by: c.done.by, recordedAt: c.done.recordedAt },
  };
}

/** The request's conditions with their state as of `today`: none unless its settling decision approved with conditions. */
export function conditionsJson(c: Case, today: string) {
  const decision = c.settlement.settledBy;
  return decision === undefined ? [] : conditionStates(decision, c.completions).map((s) => conditionJson(s, today));
}
