import assert from 'node:assert/strict';
import { Money, toPounds } from '../../src/calculators/money.js';
import { NEED_LEVEL_LABELS, needBandsSchema, needLevel, valueCheck, type NeedBands } from '../../src/calculators/need.js';

const BANDS: NeedBands = needBandsSchema.parse({
  _note: 'test bands',
  description: 'test',
  unit: 'GBP per week',
  bands: {
    residential: {
      1: { low: '3500', high: '4500' }, 2: { low: '4500', high: '5500' },
      3: { low: '5500', high: '6500' }, 4: { low: '6500', high: '9500' },
    },
  },
});

describe('needLevel', () => {
  it('is Low when nothing scores above 1, Moderate at a 2, High at any 3+', () => {
    assert.equal(needLevel({}), 1);
    assert.equal(needLevel({ behaviour: 1, education: 1 }), 1);
    assert.equal(needLevel({ behaviour: 2, education: 1 }), 2);
    assert.equal(needLevel({ behaviour: 3 }), 3);
    assert.equal(needLevel({ behaviour: 4 }), 3);
    assert.equal(needLevel({ behaviour: 3, education: 3, identity: 2 }), 3);
  });

  it('is Complex with three domains at 3+, or a 4 alongside another 3+', () => {
    assert.equal(needLevel({ behaviour: 3, education: 3, identity: 3 }), 4);
    assert.equal(needLevel({ behaviour: 4, education: 3 }), 4);
    assert.equal(needLevel({ behaviour: 4, emotional_wellbeing: 4 }), 4);
    assert.equal(NEED_LEVEL_LABELS[4], 'Complex');
  });
});

describe('valueCheck', () => {
  it('flags a cost above the band with its ratio to the midpoint and the excess', () => {
    // Level 3 residential band £5,500–£6,500, midpoint £6,000; £9,000 is 1.5× it and £2,500 over the top.
    const check = valueCheck('residential', 3, '9000.00', BANDS);
    assert.ok(check.aboveBand);
    assert.equal(toPounds(check.band!.midpoint), '6000.00');
    assert.ok(check.ratioToMidpoint!.eq('1.5'));
    assert.equal(toPounds(check.excessWeekly!), '2500.00');
  });

  it('does not flag a cost within or at the top of the band', () => {
    const check = valueCheck('residential', 3, '6500.00', BANDS);
    assert.ok(!check.aboveBand);
    assert.equal(check.excessWeekly, undefined);
    assert.ok(check.ratioToMidpoint!.eq(new Money(6500).dividedBy(6000)));
  });

  it('has nothing to say where no band is set', () => {
    assert.deepEqual(valueCheck('ifa', 2, '900.00', BANDS), { aboveBand: false });
  });
});

describe('needBandsSchema', () => {
  it('says what is wrong with a band table', () => {
    const result = needBandsSchema.safeParse({
      _note: 'x', description: 'x', unit: 'GBP per week',
      bands: { castle: {}, residential: { 1: { low: '500', high: '400' }, 2: { low: '1', high: '2' }, 3: { low: '1', high: 'lots' } } },
    });
    assert.ok(!result.success);
    const paths = result.error.issues.map((i) => i.path.join('.'));
    assert.ok(paths.includes('bands.residential.1.high'), paths.join(', '));
    assert.ok(paths.includes('bands.residential.3.high'), paths.join(', '));
    assert.ok(paths.includes('bands.residential.4'), paths.join(', '));
    assert.ok(paths.some((p) => p.startsWith('bands')) && paths.length >= 4);
  });
});
