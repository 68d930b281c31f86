import { addYears, ageOn, type IsoDate } from '../calculators/dates.js';
import { Money, formatMoney } from '../calculators/money.js';
import type { EventInput, EventRecord } from './event.js';
import type { FieldProblem } from './issues.js';
import type { PlacementRequestData } from './request.js';

/** What a request is checked against beyond its own shape: the day it arrives and the council's cost ceiling. */
export interface IntakeLimits {
  today: IsoDate;
  /** The highest weekly cost taken as real, in pounds ("100000.00"): above it is a slip of the keyboard. */
  maxWeeklyCost: string;
}

/** The weekly cost ceiling when the council sets none: well above any real placement. */
export const DEFAULT_MAX_WEEKLY_COST = '100000.00';

function overCeiling(max: string): string {
  return `is over ${formatMoney(max)} a week, the most this council takes as a real weekly cost`;
}

function costProblems(data: PlacementRequestData, max: string): FieldProblem[] {
  const costs: [string, string][] = [
    ['proposed.weeklyCost', data.proposed.weeklyCost],
    ...(data.current ? [['current.weeklyCost', data.current.weeklyCost] as [string, string]] : []),
    ...data.alternatives.map((a, i): [string, string] => [`alternatives.${i}.weeklyCost`, a.weeklyCost]),
  ];
  return costs.filter(([, cost]) => new Money(cost).gt(max))
    .map(([field]) => ({ field, problem: overCeiling(max) }));
}

/**
 * What is wrong with a well-formed request given the day it arrives: a date of birth in the future
 * or at odds with the age given, a child who is 18 by the start date, a placement already made that
 * starts in the future, a cost past the ceiling.
 */
export function requestProblems(data: PlacementRequestData, limits: IntakeLimits): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const { dateOfBirth, ageYears } = data;
  const start = data.proposed.startDate;
  if (dateOfBirth !== undefined) {
    if (dateOfBirth > limits.today) {
      problems.push({ field: 'dateOfBirth', problem: 'is in the future' });
    } else {
      const ageToday = ageOn(dateOfBirth, limits.today);
      if (ageYears !== undefined && ageYears !== ageToday) {
        problems.push({ field: 'ageYears', problem: `is ${ageYears} but dateOfBirth makes the child ${ageToday} today` });
      }
      if (ageOn(dateOfBirth, start) >= 18) {
        problems.push({ field: 'proposed.startDate', problem: 'is on or after the child\'s 18th birthday: children\'s services place children under 18' });
      }
    }
  } else if (ageYears !== undefined && start >= addYears(limits.today, 18 - ageYears)) {
    problems.push({ field: 'proposed.startDate', problem: `is after the child turns 18 (aged ${ageYears} today): children's services place children under 18` });
  }
  if (data.alreadyPlaced === true && start > limits.today) {
    problems.push({ field: 'proposed.startDate', problem: `is after today (${limits.today}): for a placement already made, give the day the child was placed` });
  }
  problems.push(...costProblems(data, limits.maxWeeklyCost));
  return problems;
}

/**
 * Why an event cannot be recorded after the ones already recorded, or undefined (docs/domain.md,
 * "Started and slippage"): nothing follows an end; a change starts once, and before anything else
 * happens to it, so no cost change or end is dated before its start and no start after either.
 */
export function eventConflict(recorded: readonly EventRecord[], event: EventInput, requestId: string): string | undefined {
  const ended = recorded.find((e) => e.type === 'ended');
  if (ended !== undefined) {
    const what = event.type === 'ended' ? 'it cannot end again' : event.type === 'started' ? 'it cannot start after that' : 'no cost change can follow it';
    return `${requestId} ended on ${ended.date}; ${what}`;
  }
  const started = recorded.find((e) => e.type === 'started');
  if (event.type === 'started') {
    if (started !== undefined) return `${requestId} already started on ${started.date}; a change starts once`;
    const earlier = recorded.find((e) => e.date < event.date);
    if (earlier !== undefined) return `${requestId} has a cost change from ${earlier.date}, so it had started by then: the start cannot be later`;
    return undefined;
  }
  if (started !== undefined && event.date < started.date) {
    return `${requestId} started on ${started.date}; ${event.type === 'ended' ? 'an end' : 'a cost change'} cannot come before that`;
  }
  return undefined;
}

/** Why a `started` date cannot be taken on `today`, or undefined: it confirms what happened, so not a day still to come. */
export function startedDateProblem(event: EventInput, today: IsoDate): FieldProblem | undefined {
  if (event.type !== 'started' || event.date <= today) return undefined;
  return { field: 'date', problem: `is after today (${today}): record a start once it has happened` };
}

/** Why a weekly cost in an event is past the ceiling, or undefined. */
export function eventCostProblem(event: EventInput, maxWeeklyCost: string): FieldProblem | undefined {
  if (event.type !== 'cost_change' || !new Money(event.weeklyCost).gt(maxWeeklyCost)) return undefined;
  return { field: 'weeklyCost', problem: overCeiling(maxWeeklyCost) };
}
