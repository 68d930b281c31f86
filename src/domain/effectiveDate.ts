import { eighteenthBirthday } from '../calculators/age.js';
import { addDays, addYears, type IsoDate } from '../calculators/dates.js';
import type { StoredRequest } from './request.js';

/** How far after the proposed start an approval may take effect: a later date is a slip, not a plan. */
export const MAX_YEARS_AFTER_START = 3;

/**
 * The effective dates an approval may take without naming the child's 18th birthday: from the
 * proposed start, to three years after it or the day before the planned end, whichever comes first.
 */
export function effectiveFromRange(request: StoredRequest): { min: IsoDate; max: IsoDate } {
  const start = request.proposed.startDate;
  const latest = addYears(start, MAX_YEARS_AFTER_START);
  const end = request.proposed.plannedEndDate;
  return { min: start, max: end !== undefined && addDays(end, -1) < latest ? addDays(end, -1) : latest };
}

/**
 * Why an approval cannot take effect on this date, or undefined when it can. Savings run from the
 * effective date, so a date before the placement starts (or after it can run) would overstate or
 * invent them; back-dated decisions stay possible, since the start date itself may be in the past.
 */
export function effectiveDateProblem(request: StoredRequest, effectiveFrom: IsoDate): string | undefined {
  const start = request.proposed.startDate;
  if (effectiveFrom < start) return `must be on or after the proposed start date ${start}`;
  const latest = addYears(start, MAX_YEARS_AFTER_START);
  if (effectiveFrom > latest) return `must be within ${MAX_YEARS_AFTER_START} years of the proposed start date (by ${latest})`;
  const end = request.proposed.plannedEndDate;
  if (end !== undefined && effectiveFrom >= end) return `must be before the planned end date ${end}`;
  // The birthday is not named: a date of birth never leaves the bot.
  if (effectiveFrom >= eighteenthBirthday(request)) return 'must be before the child\'s 18th birthday, when the placement ends';
  return undefined;
}
