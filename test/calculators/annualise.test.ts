import assert from 'node:assert/strict';
import fc from 'fast-check';
import { annualise, deannualise } from '../../src/calculators/annualise.js';
import { Money, toPounds } from '../../src/calculators/money.js';

describe('annualise', () => {
  it('turns the IMPOWER cohorts\' weekly figures into their annual ones (002)', () => {
    assert.equal(toPounds(annualise('14724.86')), '765692.72');
    assert.equal(toPounds(annualise('64884.57')), '3373997.64');
  });

  it('takes other week counts', () => {
    assert.equal(toPounds(annualise('100', 52.143)), '5214.30');
    assert.equal(toPounds(deannualise('5214.30', 52.143)), '100.00');
  });

  it('deannualise(annualise(x)) is x for any weekly amount in pence', () => {
    fc.assert(fc.property(fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }), fc.integer({ min: 1, max: 53 }), (pence, weeks) => {
      const weekly = new Money(pence.toString()).dividedBy(100);
      assert.ok(deannualise(annualise(weekly, weeks), weeks).eq(weekly));
    }));
  });
});
