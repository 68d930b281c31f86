import assert from 'node:assert/strict';
import { cohortDifference, formatPercent, growth, perPersonAverage } from '../../src/calculators/cohort.js';
import { toPounds } from '../../src/calculators/money.js';

describe('cohort', () => {
  it('reproduces the IMPOWER cohort table (002)', () => {
    const cohort1 = cohortDifference(['183523.64'], ['151234.90']);
    const cohort2 = cohortDifference(['53632.25'], ['71196.13']);
    const both = cohortDifference(['183523.64', '53632.25'], ['151234.90', '71196.13']);
    assert.equal(toPounds(cohort1), '-32288.74');
    assert.equal(toPounds(cohort2), '17563.88');
    assert.equal(toPounds(both), '-14724.86');
    assert.equal(toPounds(perPersonAverage(cohort1, 57)), '-566.47');
    assert.equal(toPounds(perPersonAverage(cohort2, 46)), '381.82');
    assert.equal(toPounds(perPersonAverage(both, 103)), '-142.96');
  });

  it('gives growth as a fraction: BCP placement spend +89% (000), residential unit cost +55% (001)', () => {
    const spend = growth('29671', '56144');
    assert.equal(spend.toDecimalPlaces(4).toString(), '0.8922');
    assert.equal(formatPercent(spend), '+89%');
    assert.equal(formatPercent(growth('3935', '6108')), '+55%');
    assert.equal(formatPercent(growth('100', '87.5'), 1), '−12.5%');
    assert.equal(formatPercent('0.001'), '0%');
  });

  it('refuses what has no answer', () => {
    assert.throws(() => perPersonAverage('10', 0), RangeError);
    assert.throws(() => growth('0', '5'), RangeError);
  });
});
