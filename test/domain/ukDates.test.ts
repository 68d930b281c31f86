import { strict as assert } from 'node:assert';
import { readDay } from '../../src/domain/ukDates.js';

const TODAY = '2026-11-25';

describe('dates as people in England write them', () => {
  const days: [string, string][] = [
    ['30/06/2027', '2027-06-30'], ['30/6/27', '2027-06-30'], ['30-06-2027', '2027-06-30'], ['30.06.2027', '2027-06-30'],
    ['1/2/2027', '2027-02-01'], // day first: 1 February, never 2 January
    ['30 June 2027', '2027-06-30'], ['30 Jun 2027', '2027-06-30'], ['30th June 2027', '2027-06-30'], ['1st of March 2027', '2027-03-01'],
    ['2 sept 2027', '2027-09-02'], ['30 June', '2026-06-30'], ['end of June', '2026-06-30'], ['end of February 2028', '2028-02-29'],
    ['2027-06-30', '2027-06-30'], ['today', TODAY], ['yesterday', '2026-11-24'],
  ];
  for (const [typed, date] of days) {
    it(`"${typed}" is ${date}`, () => assert.deepEqual(readDay(typed, TODAY), { ok: true, date }));
  }

  it('says exactly why a day that does not exist is refused', () => {
    assert.deepEqual(readDay('31/06/2027', TODAY), { ok: false, problem: 'June 2027 has 30 days, so there is no 31 June' });
    assert.deepEqual(readDay('29 February 2027', TODAY), { ok: false, problem: 'February 2027 has 28 days, so there is no 29 February' });
    assert.deepEqual(readDay('2026-02-31', TODAY), { ok: false, problem: 'February 2026 has 28 days, so there is no 31 February' });
    assert.deepEqual(readDay('12/13/2027', TODAY), { ok: false, problem: 'there is no month 13' });
  });

  it('is not a date at all: undefined', () => {
    for (const typed of ['soon', 'June', '30 Juno 2027', '2027', 'PR-2026-0001', '30/06']) assert.equal(readDay(typed, TODAY), undefined, typed);
  });
});
