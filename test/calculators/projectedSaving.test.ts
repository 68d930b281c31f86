import assert from 'node:assert/strict';
import { annualise, deannualise } from '../../src/calculators/annualise.js';
import { Money, formatShort, sum, toPounds } from '../../src/calculators/money.js';
import {
  baselineOf, councilWeekly, optionOf, projectedSaving, weeklySaving,
} from '../../src/calculators/projectedSaving.js';
import { aChangeRequest, aRequest } from './fixtures.js';

describe('projectedSaving', () => {
  it('reproduces Torbay\'s residential → high-end IFA step-down: £126,705 a year, £253k for 2 children (003)', () => {
    // The paper gives annual costs only; a residential place at £6,108/wk (001) is £317,616/yr, so the
    // high-end IFA it compares with costs £317,616 − £126,705 = £190,911/yr.
    const perChild = annualise(weeklySaving(deannualise('317616'), deannualise('190911')));
    assert.equal(toPounds(perChild), '126705.00');
    const twoChildren = sum([perChild, perChild]);
    assert.equal(toPounds(twoChildren), '253410.00');
    assert.equal(formatShort(twoChildren), '£253k');
  });

  it('uses the proposed placement as the baseline of a new request and the current one for a change', () => {
    assert.equal(baselineOf(aRequest()).weeklyCost, '6000.00');
    assert.equal(baselineOf(aChangeRequest()).weeklyCost, '7000.00');
    assert.equal(optionOf(aRequest(), 'ifa')?.type, 'ifa');
    assert.equal(optionOf(aRequest(), 'proposed')?.weeklyCost, '6000.00');
    assert.equal(optionOf(aRequest(), 'nope'), undefined);
  });

  it('projects weekly, full-year and in-year savings of an option', () => {
    // New request, £6,000 residential against a £2,500 IFA: £3,500/wk, £182,000/yr.
    // From 1 Jan 2027 to 31 Mar 2027 is 90 days: 3,500 × 90 ÷ 7 = £45,000.
    const p = projectedSaving(aRequest(), 'ifa', '2027-01-01');
    assert.equal(toPounds(p.weekly), '3500.00');
    assert.equal(toPounds(p.fullYear), '182000.00');
    assert.equal(toPounds(p.inYear), '45000.00');
    assert.ok(p.inYearWeeks.eq(new Money(90).dividedBy(7)));
    assert.equal(p.financialYear, '2026/27');
    assert.ok(projectedSaving(aRequest(), 'proposed', '2027-01-01').weekly.isZero());
    assert.equal(toPounds(projectedSaving(aChangeRequest(), 'proposed', '2027-01-01').weekly), '4000.00');
    assert.equal(toPounds(projectedSaving(aRequest(), 'ifa', '2027-01-01', { weeksPerYear: 52.143 }).fullYear), '182500.50');
  });

  it('counts only the council\'s share of a jointly funded placement', () => {
    const request = aChangeRequest({
      current: { type: 'residential', provider: 'Elm', weeklyCost: '7000.00', funding: { socialCare: 60, health: 30, education: 10 } },
    });
    assert.equal(toPounds(councilWeekly(baselineOf(request))), '4200.00');
    // 4,200 − 3,000 = 1,200 a week.
    assert.equal(toPounds(projectedSaving(request, 'proposed', '2026-04-06').weekly), '1200.00');
  });

  it('caps the in-year effect at the planned end date', () => {
    const request = aRequest({ proposed: { ...aRequest().proposed, plannedEndDate: '2026-05-06' } });
    // 6 Apr – 5 May 2026 is 30 days: 3,500 × 30 ÷ 7 = 15,000.
    assert.equal(toPounds(projectedSaving(request, 'ifa', '2026-04-06').inYear), '15000.00');
  });

  it('caps the in-year effect at the 18th birthday', () => {
    const request = aRequest({ dateOfBirth: '2008-05-13' });
    // 18 on 13 May 2026: 6 Apr – 12 May is 37 days: 3,500 × 37 ÷ 7 = 18,500.
    assert.equal(toPounds(projectedSaving(request, 'ifa', '2026-04-06').inYear), '18500.00');
    // Born 29 Feb 2008: 18 on 28 Feb 2026, so 1 Feb – 27 Feb 2026 is 27 days: 3,500 × 27 ÷ 7 = 13,500.
    const leap = aRequest({ dateOfBirth: '2008-02-29' });
    assert.equal(toPounds(projectedSaving(leap, 'ifa', '2026-02-01').inYear), '13500.00');
  });

  it('refuses an option the request does not have', () => {
    assert.throws(() => projectedSaving(aRequest(), 'nope', '2026-04-06'), RangeError);
  });
});
