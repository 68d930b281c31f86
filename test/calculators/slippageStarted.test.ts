import assert from 'node:assert/strict';
import { toPounds } from '../../src/calculators/money.js';
import { slippageSchedule } from '../../src/calculators/slippage.js';
import { realisedForCase, savingStart, savingSegments, savingsToDate, type SavingsCase } from '../../src/calculators/savingsToDate.js';
import type { EventRecord } from '../../src/domain/event.js';
import { aChangeRequest, aDecision, costChange } from './fixtures.js';

const ACTOR = { aadObjectId: 'staff', name: 'Staff' };

function started(requestId: string, date: string): EventRecord {
  return { id: `E-${requestId}-${date}-s`, requestId, type: 'started', date, recordedBy: ACTOR, recordedAt: `${date}T12:00:00.000Z` };
}

// A step-down from residential at £7,000 a week to IFA at £3,000, all paid by social care: £4,000 a
// week saved, approved to take effect on Monday 15 June 2026.
const request = aChangeRequest();
const decision = aDecision(request.id, 'proposed', '2026-06-15');
const onTime: SavingsCase = { request, decision, events: [] };
const late = (date: string, ...more: EventRecord[]): SavingsCase => ({ request, decision, events: [started(request.id, date), ...more] });

describe('savings with a started event (issue #15)', () => {
  it('a change confirmed three weeks late saves from the day it started, and the three weeks are slippage', () => {
    // By hand: started Monday 6 July 2026, 21 days = 3 weeks after 15 June.
    // Realised to 1 August (not counted): 6 to 31 July is 26 days; £4,000 × 26 ÷ 7 = £14,857.142857… → £14,857.14.
    // On time it would have been 15 June to 31 July, 47 days: £4,000 × 47 ÷ 7 = £26,857.142857… → £26,857.14.
    // Slippage: £4,000 × 3 weeks = £12,000.00, the difference exactly. By month: 15 to 30 June is 16 days,
    // £4,000 × 16 ÷ 7 = £9,142.857… → £9,142.86; 1 to 5 July is 5 days, £4,000 × 5 ÷ 7 = £2,857.142… → £2,857.14;
    // cumulative £9,142.86 then £12,000.00.
    const report = savingsToDate([late('2026-07-06')], '2026-08-01');
    assert.equal(toPounds(report.total), '14857.14');
    assert.equal(toPounds(savingsToDate([onTime], '2026-08-01').total), '26857.14');
    assert.deepEqual(Object.entries(report.byMonth).map(([m, v]) => [m, toPounds(v)]), [['2026-07', '14857.14']], 'nothing in June');
    assert.equal(report.cases[0]!.daysCounted, 26);

    const slipped = slippageSchedule([{ weeklySaving: '4000', plannedDate: '2026-06-15', actualDate: '2026-07-06' }]);
    assert.equal(toPounds(slipped.total), '12000.00');
    assert.deepEqual(slipped.months.map((m) => [m.month, toPounds(m.cost), toPounds(m.cumulative)]), [
      ['2026-06', '9142.86', '9142.86'],
      ['2026-07', '2857.14', '12000.00'],
    ]);
    // What was lost is what the on-time change would have saved and the late one did not, to the penny.
    assert.ok(savingsToDate([onTime], '2026-08-01').total.minus(report.total).eq(slipped.total));
  });

  it('a start on or before the effective date changes nothing', () => {
    for (const date of ['2026-06-15', '2026-06-01']) {
      assert.equal(savingStart('2026-06-15', late(date).events), '2026-06-15');
      assert.deepEqual(savingsToDate([late(date)], '2026-08-01'), savingsToDate([onTime], '2026-08-01'), date);
    }
  });

  it('no savings before a start later than the as-of date; the rate from the start on', () => {
    assert.equal(toPounds(realisedForCase(late('2026-07-06'), '2026-07-01')), '0.00');
    assert.deepEqual(savingSegments(late('2026-07-06'), '2026-07-01'), []);
    const segments = savingSegments(late('2026-07-06'), '2026-08-01');
    assert.deepEqual(segments.map((s) => [s.from, s.to, toPounds(s.weekly)]), [['2026-07-06', '2026-08-01', '4000.00']]);
  });

  it('a cost change on the start day sets the cost the late change starts at', () => {
    // From 6 July the new placement costs £3,500: £3,500 a week saved, × 26 ÷ 7 = £13,000.00.
    const c = late('2026-07-06', costChange(request.id, '2026-07-06', '3500.00'));
    assert.equal(toPounds(realisedForCase(c, '2026-08-01')), '13000.00');
  });
});
