import assert from 'node:assert/strict';
import { implementationAdjustment, inYearEffect } from '../../src/calculators/inYear.js';
import { Money, toPounds } from '../../src/calculators/money.js';

describe('inYearEffect', () => {
  it('runs to the end of 31 March', () => {
    // 1 Jan – 31 Mar 2027 inclusive is 31 + 28 + 31 = 90 days.
    const effect = inYearEffect('700.00', '2027-01-01', []);
    assert.equal(effect.financialYear, '2026/27');
    assert.ok(effect.weeks.eq(new Money(90).dividedBy(7)));
    assert.equal(toPounds(effect.amount), '9000.00');
  });

  it('counts one day from 31 March and a full year from 1 April', () => {
    assert.equal(toPounds(inYearEffect('700.00', '2027-03-31', []).amount), '100.00');
    const year = inYearEffect('700.00', '2027-04-01', []);
    assert.equal(year.financialYear, '2027/28');
    assert.equal(toPounds(year.amount), '36600.00'); // 366 days: 2028 is a leap year
  });

  it('stops at a planned end or an 18th birthday, not counting that day', () => {
    assert.equal(toPounds(inYearEffect('700.00', '2026-04-01', ['2026-05-01', undefined]).amount), '3000.00');
    assert.equal(toPounds(inYearEffect('700.00', '2026-04-01', [undefined, '2026-04-11']).amount), '1000.00');
    assert.equal(toPounds(inYearEffect('700.00', '2026-04-01', ['2026-06-01', '2026-04-11']).amount), '1000.00');
  });

  it('is nothing when the stop comes first', () => {
    const effect = inYearEffect('700.00', '2026-05-01', ['2026-04-15']);
    assert.ok(effect.weeks.isZero());
    assert.ok(effect.amount.isZero());
  });
});

describe('implementationAdjustment', () => {
  it('halves Torbay\'s planned £1.578m for a gradual start (003)', () => {
    assert.equal(toPounds(implementationAdjustment('1578000')), '789000.00');
    assert.equal(toPounds(implementationAdjustment('1578000', '0.25')), '394500.00');
  });
});
