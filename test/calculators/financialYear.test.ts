import assert from 'node:assert/strict';
import { financialYearLabel, financialYearOf } from '../../src/calculators/financialYear.js';

describe('financialYearOf', () => {
  it('runs 1 April to 31 March', () => {
    assert.deepEqual(financialYearOf('2027-03-31'), { label: '2026/27', start: '2026-04-01', end: '2027-03-31' });
    assert.deepEqual(financialYearOf('2027-04-01'), { label: '2027/28', start: '2027-04-01', end: '2028-03-31' });
    assert.deepEqual(financialYearOf('2026-04-01'), { label: '2026/27', start: '2026-04-01', end: '2027-03-31' });
  });

  it('labels the century turn and leap days', () => {
    assert.equal(financialYearLabel('2099-12-25'), '2099/00');
    assert.equal(financialYearLabel('2024-02-29'), '2023/24');
    assert.equal(financialYearLabel('2016-07-01'), '2016/17');
  });

  it('refuses a date that does not exist', () => {
    assert.throws(() => financialYearOf('2026-02-30'), RangeError);
  });
});
