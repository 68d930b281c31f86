import assert from 'node:assert/strict';
import fc from 'fast-check';
import { councilShare, fundingSplit } from '../../src/calculators/councilShare.js';
import { Money, toPounds } from '../../src/calculators/money.js';

describe('councilShare', () => {
  it('is the social care share of the weekly cost', () => {
    assert.equal(toPounds(councilShare('6108.00', { socialCare: 100, health: 0, education: 0 })), '6108.00');
    assert.equal(toPounds(councilShare('6108.00', { socialCare: 60, health: 30, education: 10 })), '3664.80');
    assert.equal(councilShare('1000.00', { socialCare: 33.3, health: 33.3, education: 33.4 }).toString(), '333');
  });

  it('splits a jointly funded placement three ways', () => {
    const split = fundingSplit('7000.00', { socialCare: 60, health: 30, education: 10 });
    assert.deepEqual([split.socialCare, split.health, split.education].map(toPounds), ['4200.00', '2100.00', '700.00']);
    assert.throws(() => fundingSplit('7000.00', { socialCare: 60, health: 30, education: 5 }), RangeError);
  });

  it('splits into parts that add up exactly to the weekly cost', () => {
    const shares = fc.tuple(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 1000 }))
      .filter(([a, b]) => a + b <= 1000)
      .map(([a, b]) => ({ socialCare: a / 10, health: b / 10, education: (1000 - a - b) / 10 }))
      .filter((f) => new Money(String(f.socialCare)).plus(String(f.health)).plus(String(f.education)).eq(100));
    fc.assert(fc.property(fc.integer({ min: 0, max: 5_000_000 }), shares, (pence, funding) => {
      const weekly = new Money(pence).dividedBy(100);
      const { socialCare, health, education } = fundingSplit(weekly, funding);
      assert.ok(socialCare.plus(health).plus(education).eq(weekly));
      assert.ok(socialCare.eq(councilShare(weekly, funding)));
    }));
  });
});
