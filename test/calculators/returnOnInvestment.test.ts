import assert from 'node:assert/strict';
import { formatRatio, returnOnInvestment } from '../../src/calculators/returnOnInvestment.js';

describe('returnOnInvestment', () => {
  it('is £2,010,000 ÷ £561,000 = 3.58:1, shown as 3.6:1 (000)', () => {
    const roi = returnOnInvestment('2010000', '561000');
    assert.equal(roi.toDecimalPlaces(2).toString(), '3.58');
    assert.equal(formatRatio(roi), '3.6:1');
    assert.equal(formatRatio(roi, 2), '3.58:1');
    assert.equal(formatRatio('4'), '4.0:1');
    assert.equal(formatRatio('-0.5'), '−0.5:1');
  });

  it('refuses an investment of nothing', () => {
    assert.throws(() => returnOnInvestment('1', '0'), RangeError);
  });
});
