import { dateOfInstant, type IsoDate } from '../calculators/dates.js';
import type { StoredRequest } from './request.js';
import { urgencyOf, type Urgency } from './urgency.js';
import { addWorkingDays, ENGLAND_AND_WALES, type WorkingCalendar } from './workingDays.js';

/** Working days after the day it came in that a request of each urgency waits at most (DECIDE_BY_WORKING_DAYS). */
export type DecideByDays = Readonly<Record<Urgency, number>>;

/**
 * Routine: a fortnight, as an emergency placement is authorised "for up to 2 weeks, or the next
 * appropriate panel"; urgent: two working days; emergency: the next working day.
 */
export const DEFAULT_DECIDE_BY_DAYS: DecideByDays = { routine: 10, urgent: 2, emergency: 1 };

/** The council's rule: working days per urgency, counted in its calendar. */
export interface DecideByRule {
  days: DecideByDays;
  calendar: WorkingCalendar;
}

export const DEFAULT_DECIDE_BY_RULE: DecideByRule = { days: DEFAULT_DECIDE_BY_DAYS, calendar: ENGLAND_AND_WALES };

/** The date the panel should decide by, and what set it. */
export interface DecideBy {
  date: IsoDate;
  /** `given`: the request named it; `start`: the proposed start came first; `urgency`: the working days of its urgency. */
  source: 'given' | 'start' | 'urgency';
  /** For `urgency`: how many working days after the day it came in. */
  workingDays?: number;
}

type Decidable = Pick<StoredRequest, 'decideBy' | 'receivedAt' | 'proposed' | 'urgency'>;

/**
 * When the panel should have decided (docs/domain.md, "Decide-by date"): the date the request names;
 * otherwise its urgency's working days after the day it came in, or the proposed start when that is
 * sooner, since a placement is agreed before the child moves. A start on or before the day it came
 * in (a child already placed) is no deadline: the working days alone count.
 */
export function decideByOf(request: Decidable, rule: DecideByRule = DEFAULT_DECIDE_BY_RULE): DecideBy {
  if (request.decideBy !== undefined) return { date: request.decideBy, source: 'given' };
  const received = dateOfInstant(request.receivedAt);
  const workingDays = rule.days[urgencyOf(request)];
  const byUrgency = addWorkingDays(received, workingDays, rule.calendar);
  const start = request.proposed.startDate;
  return start > received && start < byUrgency ? { date: start, source: 'start' } : { date: byUrgency, source: 'urgency', workingDays };
}
