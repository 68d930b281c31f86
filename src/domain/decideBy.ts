import { addDays, dateOfInstant, dayNumber, type IsoDate } from '../calculators/dates.js';
import type { StoredRequest } from './request.js';

/**
 * Working days a request already placed (its start on or before the day it came in) waits at most:
 * an emergency placement is authorised "for up to 2 weeks, or the next appropriate panel".
 */
export const RATIFY_WITHIN_WORKING_DAYS = 10;

/** Whether a date falls on a Saturday or Sunday (1 January 1970, day 0, was a Thursday). */
function isWeekend(date: IsoDate): boolean {
  const weekday = (((dayNumber(date) + 4) % 7) + 7) % 7;
  return weekday === 0 || weekday === 6;
}

/** The date `count` working days (Monday to Friday; bank holidays are not known here) after `date`. */
export function addWorkingDays(date: IsoDate, count: number): IsoDate {
  let day = date;
  for (let left = count; left > 0;) {
    day = addDays(day, 1);
    if (!isWeekend(day)) left -= 1;
  }
  return day;
}

/** The date the panel should decide by, and whether the request named it or the rule set it. */
export interface DecideBy {
  date: IsoDate;
  given: boolean;
}

/**
 * When the panel should have decided (docs/domain.md, "Decide-by date"): the date the request names;
 * otherwise the proposed start date, since a placement is agreed before the child moves; a request
 * that came in on or after its own start (the child already placed) gets ten working days from the
 * day it came in to be ratified.
 */
export function decideByOf(request: Pick<StoredRequest, 'decideBy' | 'receivedAt' | 'proposed'>): DecideBy {
  if (request.decideBy !== undefined) return { date: request.decideBy, given: true };
  const received = dateOfInstant(request.receivedAt);
  const start = request.proposed.startDate;
  return { date: start > received ? start : addWorkingDays(received, RATIFY_WITHIN_WORKING_DAYS), given: false };
}
