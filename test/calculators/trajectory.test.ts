import { strict as assert } from 'node:assert';
import { addDays } from '../../src/calculators/dates.js';
import { financialYearOf } from '../../src/calculators/financialYear.js';
import { savingsToDate } from '../../src/calculators/savingsToDate.js';
import { straightLineAsOf, straightLineBetween, weeklyRateOn, yearEndAtRate } from '../../src/calculators/trajectory.js';
import { aDecision, aRequest, costChange, ended } from './fixtures.js';

const FY = financialYearOf('2026-11-30');

describe('the year\'s trajectory', () => {
  it('the straight line runs from nothing on 1 April to the target as of 1 April next, by days', () => {
    assert.equal(straightLineAsOf('365000', FY, '2026-04-01').toString(), '0');
    // 30 days of 365: £30,000.
    assert.equal(straightLineAsOf('365000', FY, '2026-05-01').toString(), '30000');
    assert.equal(straightLineAsOf('365000', FY, '2027-04-01').toString(), '365000');
    assert.equal(straightLineAsOf('365000', FY, '2027-06-01').toString(), '365000', 'held at the target after the year');
    assert.equal(straightLineAsOf('365000', FY, '2025-06-01').toString(), '0', 'nothing before the year');
    assert.equal(straightLineBetween('365000', FY, '2026-05-01', '2026-06-01').toString(), '31000');
  });

  it('the weekly rate on a day is the sum of what each approval in force saves that day', () => {
    // 6,000 − 2,500 = 3,500 a week; the change request 7,000 − 3,000 = 4,000, cut to 1,000 by a cost change.
    const a = { request: aRequest({ id: 'PR-2026-0001' }), decision: aDecision('PR-2026-0001', 'ifa', '2026-04-06'), events: [] };
    const b = { request: aRequest({ id: 'PR-2026-0002' }), decision: aDecision('PR-2026-0002', 'ifa', '2026-04-06'), events: [costChange('PR-2026-0002', '2026-10-01', '5500.00')] };
    const declined = { request: aRequest({ id: 'PR-2026-0003' }), decision: aDecision('PR-2026-0003', 'ifa', '2026-04-06', 'decline'), events: [] };
    const later = { request: aRequest({ id: 'PR-2026-0004' }), decision: aDecision('PR-2026-0004', 'ifa', '2026-12-01'), events: [] };
    assert.equal(weeklyRateOn([a, b, declined, later], '2026-11-30').toString(), '4000');
    assert.equal(weeklyRateOn([a, b, declined, later], '2026-09-30').toString(), '7000', 'before the cost change');
    assert.equal(weeklyRateOn([a, b, declined, later], '2026-12-01').toString(), '7500', 'from the day the later one takes effect');
    // Ended (returned home): the whole baseline is saved from the end's date.
    const home = { ...a, events: [ended('PR-2026-0001', '2026-11-01')] };
    assert.equal(weeklyRateOn([home], '2026-11-30').toString(), '6000');
  });

  it('the weekly rate is the day\'s accrual in the savings calculator, times seven', () => {
    const cases = [
      { request: aRequest({ id: 'PR-2026-0001' }), decision: aDecision('PR-2026-0001', 'ifa', '2026-04-06'), events: [] },
      { request: aRequest({ id: 'PR-2026-0002', proposed: { ...aRequest().proposed, plannedEndDate: '2026-11-30' } }), decision: aDecision('PR-2026-0002', 'dearer', '2026-04-06'), events: [] },
    ];
    for (const day of ['2026-06-15', '2026-11-29', '2026-11-30']) {
      const accrued = savingsToDate(cases, addDays(day, 1)).total.minus(savingsToDate(cases, day).total);
      assert.equal(weeklyRateOn(cases, day).toString(), accrued.times(7).toDecimalPlaces(20).toString(), day);
    }
  });

  it('the year ends at what was saved plus the rate over the days left, 31 March counted', () => {
    // From 30 Nov 2026 to 31 Mar 2027 inclusive: 122 days; £7,000 a week → £122,000.
    assert.equal(yearEndAtRate('400000', '7000', '2026-11-30', FY).toString(), '522000');
    assert.equal(yearEndAtRate('400000', '7000', '2027-04-01', FY).toString(), '400000', 'nothing left after the year');
  });
});
