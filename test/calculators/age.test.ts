import assert from 'node:assert/strict';
import { ageNow, eighteenthBirthday } from '../../src/calculators/age.js';
import { aRequest } from './fixtures.js';

describe('age', () => {
  it('takes the 18th birthday from the date of birth', () => {
    assert.equal(eighteenthBirthday(aRequest({ dateOfBirth: '2010-06-15' })), '2028-06-15');
  });

  it('puts a 29 February 18th birthday on 28 February in a common year', () => {
    assert.equal(eighteenthBirthday(aRequest({ dateOfBirth: '2008-02-29' })), '2026-02-28');
    assert.equal(eighteenthBirthday(aRequest({ dateOfBirth: '2012-02-29' })), '2030-02-28');
  });

  it('without a date of birth, takes the earliest 18th birthday the age at receipt allows', () => {
    // Aged 16 on 1 April 2026: born 2 April 2009 at the earliest, so 18 on 2 April 2027 at the earliest.
    const request = aRequest({ dateOfBirth: undefined, ageYears: 16, receivedAt: '2026-04-01T09:00:00.000Z' });
    assert.equal(eighteenthBirthday(request), '2027-04-02');
    // Aged 17 on receipt: could turn 18 the very next day.
    assert.equal(eighteenthBirthday({ ...request, ageYears: 17 }), '2026-04-02');
    // A request received on 29 February.
    assert.equal(eighteenthBirthday({ ...request, ageYears: 15, receivedAt: '2024-02-29T12:00:00Z' }), '2026-03-01');
  });

  it('gives a stored (frozen) request the same 18th birthday every time it is asked', () => {
    const stored = Object.freeze(aRequest({ dateOfBirth: undefined, ageYears: 16, receivedAt: '2026-04-01T09:00:00.000Z' }));
    assert.equal(eighteenthBirthday(stored), '2027-04-02');
    assert.equal(eighteenthBirthday(stored), '2027-04-02');
    assert.equal(eighteenthBirthday({ ...stored, ageYears: 15 }), '2028-04-02', 'another request, another answer');
  });

  it('gives the age now from the date of birth, or the age at receipt plus whole years since', () => {
    assert.equal(ageNow(aRequest({ dateOfBirth: '2010-06-15' }), '2026-06-14'), 15);
    assert.equal(ageNow(aRequest({ dateOfBirth: '2010-06-15' }), '2026-06-15'), 16);
    const request = aRequest({ dateOfBirth: undefined, ageYears: 14, receivedAt: '2026-04-01T09:00:00.000Z' });
    assert.equal(ageNow(request, '2026-04-01'), 14);
    assert.equal(ageNow(request, '2027-03-31'), 14);
    assert.equal(ageNow(request, '2027-04-01'), 15);
  });

  it('refuses a request with neither date of birth nor age', () => {
    assert.throws(() => eighteenthBirthday(aRequest({ dateOfBirth: undefined, ageYears: undefined })), RangeError);
  });
});
