import { addDays, addYears, ageOn, dateOfInstant, type IsoDate } from './dates.js';
import type { StoredRequest } from '../domain/request.js';

type AgeFacts = Pick<StoredRequest, 'id' | 'dateOfBirth' | 'ageYears' | 'receivedAt'>;

function ageAtReceipt(request: AgeFacts): number {
  if (request.ageYears === undefined) throw new RangeError(`request ${request.id} has neither dateOfBirth nor ageYears`);
  return request.ageYears;
}

/**
 * The child's 18th birthday, when a placement paid by children's services ends. From the date of
 * birth when known (29 February falls to 28 February in a common year); otherwise the earliest date
 * consistent with the age given at receipt — receipt date + (17 − age) years + 1 day — so that a
 * saving is never overstated.
 */
export function eighteenthBirthday(request: AgeFacts): IsoDate {
  let date = birthdays.get(request);
  if (date === undefined) {
    date = request.dateOfBirth !== undefined ? addYears(request.dateOfBirth, 18)
      : addDays(addYears(dateOfInstant(request.receivedAt), 17 - ageAtReceipt(request)), 1);
    // Only stored requests are frozen, so only they can be remembered: nothing can change them.
    if (Object.isFrozen(request)) birthdays.set(request, date);
  }
  return date;
}

// Every report asks each request's 18th birthday again; a stored request never changes.
const birthdays = new WeakMap<AgeFacts, IsoDate>();

/**
 * The child's age in whole years on a date: from the date of birth when known, otherwise the age
 * given at receipt plus the whole years since then (never a birthday that may not have happened yet).
 */
export function ageNow(request: AgeFacts, on: IsoDate): number {
  if (request.dateOfBirth !== undefined) return ageOn(request.dateOfBirth, on);
  const received = dateOfInstant(request.receivedAt);
  return ageAtReceipt(request) + Math.max(0, ageOn(received, on));
}
