import assert from 'node:assert/strict';
import { DEFAULT_DECIDE_BY_DAYS, DEFAULT_DECIDE_BY_RULE, decideByOf, type DecideByRule } from '../../src/domain/decideBy.js';
import { calendarOf } from '../../src/domain/workingDays.js';
import { aRequest } from '../calculators/fixtures.js';

/** A request that came in on `received` (09:00 UTC) to start on `start`. */
function received(on: string, start: string, overrides: Parameters<typeof aRequest>[0] = {}) {
  return aRequest({ receivedAt: `${on}T09:00:00.000Z`, proposed: { ...aRequest().proposed, startDate: start }, ...overrides });
}

describe('decide-by date', () => {
  it('is the date the request names, when it names one, whatever its urgency', () => {
    assert.deepEqual(decideByOf(aRequest({ decideBy: '2026-04-20' })), { date: '2026-04-20', source: 'given' });
    assert.equal(decideByOf(aRequest({ decideBy: '2026-04-20', urgency: 'emergency' })).date, '2026-04-20');
  });

  it('defaults to 10 working days for routine, 2 for urgent and 1 for an emergency', () => {
    assert.deepEqual(DEFAULT_DECIDE_BY_DAYS, { routine: 10, urgent: 2, emergency: 1 });
    // Monday 9 November 2026, to start in the new year: no bank holiday in the way.
    const far = '2027-01-20';
    assert.deepEqual(decideByOf(received('2026-11-09', far)), { date: '2026-11-23', source: 'urgency', workingDays: 10 });
    assert.equal(decideByOf(received('2026-11-09', far, { urgency: 'routine' })).date, '2026-11-23');
    assert.equal(decideByOf(received('2026-11-09', far, { urgency: 'urgent' })).date, '2026-11-11');
    assert.equal(decideByOf(received('2026-11-09', far, { urgency: 'emergency' })).date, '2026-11-10');
    // Friday 13 November: the weekend is skipped.
    assert.equal(decideByOf(received('2026-11-13', far, { urgency: 'emergency' })).date, '2026-11-16');
  });

  it('is the proposed start when that comes sooner: a placement is agreed before the child moves', () => {
    // Received Wednesday 1 April 2026, to start Monday 6 April (Easter Monday).
    assert.deepEqual(decideByOf(aRequest()), { date: '2026-04-06', source: 'start' });
    // Urgent: two working days (Thursday 2, then Tuesday 7 after Good Friday and Easter Monday) are after the start too.
    assert.equal(decideByOf(aRequest({ urgency: 'urgent' })).date, '2026-04-06');
    // The start on the last working day allowed is no sooner than the urgency's date.
    assert.equal(decideByOf(received('2026-11-09', '2026-11-11', { urgency: 'urgent' })).source, 'urgency');
    assert.equal(decideByOf(received('2026-11-09', '2026-11-10', { urgency: 'urgent' })).source, 'start');
  });

  it('counts bank holidays out: received Thursday 24 December 2026, urgent, is decided by Wednesday 30 December', () => {
    // Friday 25 (Christmas Day) and Monday 28 (Boxing Day, substitute for Saturday 26) are not working days.
    assert.equal(decideByOf(received('2026-12-24', '2027-02-01', { urgency: 'urgent' })).date, '2026-12-30');
  });

  it('for a child already placed (started on or before it came in) counts the working days alone', () => {
    const placed = received('2026-04-01', '2026-03-30');
    // Wednesday 1 April + 10 working days, over Good Friday and Easter Monday: Friday 17 April.
    assert.deepEqual(decideByOf(placed), { date: '2026-04-17', source: 'urgency', workingDays: 10 });
    // A start on the very day it came in counts as already placed.
    assert.equal(decideByOf(received('2026-04-01', '2026-04-01')).date, '2026-04-17');
    // An emergency placement made on Monday 23 November, the request in on Thursday 26: ratify by Friday 27.
    const emergency = received('2026-11-26', '2026-11-23', { urgency: 'emergency', alreadyPlaced: true });
    assert.deepEqual(decideByOf(emergency), { date: '2026-11-27', source: 'urgency', workingDays: 1 });
  });

  it('takes the council\'s working days and calendar', () => {
    const rule: DecideByRule = { ...DEFAULT_DECIDE_BY_RULE, days: { routine: 5, urgent: 3, emergency: 0 } };
    assert.equal(decideByOf(received('2026-11-09', '2027-01-20'), rule).date, '2026-11-16');
    assert.equal(decideByOf(received('2026-11-09', '2027-01-20', { urgency: 'urgent' }), rule).date, '2026-11-12');
    assert.equal(decideByOf(received('2026-11-09', '2026-11-02', { urgency: 'emergency', alreadyPlaced: true }), rule).date, '2026-11-09');
    const noHolidays: DecideByRule = { ...DEFAULT_DECIDE_BY_RULE, calendar: calendarOf({ 'england-and-wales': { events: [{ title: 'x', date: '2026-01-01' }] } }) };
    assert.equal(decideByOf(received('2026-12-24', '2027-02-01', { urgency: 'urgent' }), noHolidays).date, '2026-12-28');
  });

  it('reads a record from before urgency existed as routine', () => {
    const old = received('2026-11-09', '2027-01-20');
    delete (old as { urgency?: string }).urgency;
    assert.equal(decideByOf(old).date, '2026-11-23');
  });
});
