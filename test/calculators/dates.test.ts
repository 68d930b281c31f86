import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  addDays, addYears, ageOn, dateOfInstant, dayNumber, earliestDate, firstOfNextMonth, fromDayNumber, isIsoDate, monthOf,
} from '../../src/calculators/dates.js';

describe('dates', () => {
  it('knows real dates, leap years included', () => {
    assert.ok(isIsoDate('2024-02-29'));
    assert.ok(!isIsoDate('2025-02-29'));
    assert.ok(!isIsoDate('1900-02-29'));
    assert.ok(isIsoDate('2000-02-29'));
    assert.ok(!isIsoDate('2026-04-31'));
    assert.ok(!isIsoDate('2026-4-1'));
  });

  it('counts days the way Date does, without using it', () => {
    fc.assert(fc.property(fc.integer({ min: -100_000, max: 200_000 }), (day) => {
      const iso = new Date(day * 86_400_000).toISOString().slice(0, 10);
      assert.equal(fromDayNumber(day), iso);
      assert.equal(dayNumber(iso), day);
    }));
    assert.equal(addDays('2024-02-28', 1), '2024-02-29');
    assert.equal(addDays('2026-03-31', 1), '2026-04-01');
  });

  it('puts a 29 February birthday on 28 February in a common year', () => {
    assert.equal(addYears('2008-02-29', 18), '2026-02-28');
    assert.equal(addYears('2008-02-29', 20), '2028-02-29');
    assert.equal(ageOn('2008-02-29', '2026-02-27'), 17);
    assert.equal(ageOn('2008-02-29', '2026-02-28'), 18);
    assert.equal(ageOn('2010-06-15', '2026-06-14'), 15);
    assert.equal(ageOn('2010-06-15', '2026-06-15'), 16);
  });

  it('finds months, the earliest date and the date of an instant', () => {
    assert.equal(monthOf('2026-04-06'), '2026-04');
    assert.equal(firstOfNextMonth('2026-12-31'), '2027-01-01');
    assert.equal(firstOfNextMonth('2027-02-01'), '2027-03-01');
    assert.equal(earliestDate([undefined, '2027-03-01', '2026-05-01']), '2026-05-01');
    assert.equal(earliestDate([undefined]), undefined);
    assert.equal(dateOfInstant('2026-04-05T23:30:00.000Z'), '2026-04-05');
    assert.equal(dateOfInstant('2026-04-05T23:30:00Z'), '2026-04-05');
    assert.equal(dateOfInstant('2026-04-06'), '2026-04-06');
    // With an offset the UTC date may be the day before.
    assert.equal(dateOfInstant('2026-04-06T00:30:00+01:00'), '2026-04-05');
    assert.throws(() => dateOfInstant('yesterday'), RangeError);
    assert.throws(() => dateOfInstant('2026-02-30T10:00:00.000Z'), RangeError);
  });
});
