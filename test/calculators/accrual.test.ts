import assert from 'node:assert/strict';
import { accruedOver, amountOfWeeklyDays, weeksIn } from '../../src/calculators/accrual.js';
import { Money, toPounds } from '../../src/calculators/money.js';

describe('accrual', () => {
  it('turns a weekly amount into what it comes to over some days', () => {
    assert.equal(toPounds(accruedOver('700.00', 10)), '1000.00');
    assert.equal(toPounds(accruedOver('-14724.86', 7)), '-14724.86');
    assert.ok(weeksIn(10).eq(new Money(10).dividedBy(7)));
    assert.ok(amountOfWeeklyDays(new Money('700').times(10)).eq(accruedOver('700', 10)));
  });
});
