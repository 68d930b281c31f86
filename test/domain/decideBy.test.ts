import assert from 'node:assert/strict';
import { RATIFY_WITHIN_WORKING_DAYS, addWorkingDays, decideByOf } from '../../src/domain/decideBy.js';
import { aRequest } from '../calculators/fixtures.js';

describe('decide-by date', () => {
  it('is the date the request names, when it names one', () => {
    assert.deepEqual(decideByOf(aRequest({ decideBy: '2026-04-20' })), { date: '2026-04-20', given: true });
  });

  it('is otherwise the proposed start date: the placement is agreed before the child moves', () => {
    // Received Wednesday 1 April 2026, to start Monday 6 April.
    assert.deepEqual(decideByOf(aRequest()), { date: '2026-04-06', given: false });
  });

  it('is ten working days after the request came in when the child was already placed by then', () => {
    assert.equal(RATIFY_WITHIN_WORKING_DAYS, 10);
    const placed = aRequest({ proposed: { ...aRequest().proposed, startDate: '2026-03-30' } });
    // Wednesday 1 April + 10 working days, over two weekends: Wednesday 15 April.
    assert.deepEqual(decideByOf(placed), { date: '2026-04-15', given: false });
    // A start on the very day it came in counts as already placed.
    const today = aRequest({ proposed: { ...aRequest().proposed, startDate: '2026-04-01' } });
    assert.equal(decideByOf(today).date, '2026-04-15');
  });

  it('counts working days Monday to Friday, skipping weekends', () => {
    assert.equal(addWorkingDays('2026-04-03', 1), '2026-04-06', 'Friday + 1 is Monday');
    assert.equal(addWorkingDays('2026-04-04', 1), '2026-04-06', 'Saturday + 1 is Monday');
    assert.equal(addWorkingDays('2026-04-06', 5), '2026-04-13', 'Monday + 5 is the next Monday');
    assert.equal(addWorkingDays('2026-04-06', 0), '2026-04-06');
    // Day numbers before 1970 are negative: the weekday must still come out right.
    assert.equal(addWorkingDays('1969-12-26', 1), '1969-12-29', 'Friday 26 December 1969 + 1 is Monday');
  });
});
