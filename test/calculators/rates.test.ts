import assert from 'node:assert/strict';
import { countForRate, ratePer10k } from '../../src/calculators/rates.js';

describe('rates per 10,000', () => {
  it('gives the rate and the count a target rate implies', () => {
    // BCP (000): 624 children in care at 85 per 10,000 means a child population of about 73,400.
    assert.equal(ratePer10k(624, 73_400).toDecimalPlaces(0).toString(), '85');
    // Its target of 75 per 10,000 on that population is 550.5 children.
    assert.equal(countForRate(75, 73_400).toString(), '550.5');
    assert.equal(countForRate(ratePer10k(279, 25_000), 25_000).toString(), '279');
  });

  it('refuses an empty population', () => {
    assert.throws(() => ratePer10k(1, 0), RangeError);
  });
});
