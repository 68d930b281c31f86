import assert from 'node:assert/strict';
import {
  addWorkingDays, bankHolidaysSchema, calendarOf, ENGLAND_AND_WALES, isWeekend, isWorkingDay, SHIPPED_BANK_HOLIDAYS,
} from '../../src/domain/workingDays.js';

describe('working days', () => {
  it('skip weekends', () => {
    assert.equal(addWorkingDays('2026-11-13', 1), '2026-11-16', 'Friday + 1 is Monday');
    assert.equal(addWorkingDays('2026-11-14', 1), '2026-11-16', 'Saturday + 1 is Monday');
    assert.equal(addWorkingDays('2026-11-09', 5), '2026-11-16', 'Monday + 5 is the next Monday');
    assert.equal(addWorkingDays('2026-11-09', 0), '2026-11-09');
    // Day numbers before 1970 are negative: the weekday must still come out right.
    assert.equal(isWeekend('1969-12-27'), true, 'Saturday 27 December 1969');
    assert.equal(isWeekend('1969-12-26'), false, 'Friday 26 December 1969');
  });

  it('skip England and Wales bank holidays, substitute days included', () => {
    assert.equal(addWorkingDays('2026-04-02', 1), '2026-04-07', 'Thursday before Easter + 1 is the Tuesday after Easter Monday');
    assert.equal(addWorkingDays('2026-12-24', 2), '2026-12-30', 'Christmas Day and Boxing Day substitute (Mon 28) skipped');
    assert.equal(addWorkingDays('2027-12-24', 1), '2027-12-29', 'Christmas 2027 on a Saturday: Mon 27 and Tue 28 are the substitutes');
    assert.equal(addWorkingDays('2027-12-31', 1), '2028-01-04', 'New Year\'s Day 2028 on a Saturday: Monday 3 January is the substitute');
  });

  it('know the published dates, the one-off ones too', () => {
    const known = [
      '2018-01-01', '2019-04-19', '2020-04-13', '2020-05-08', '2020-12-28', '2021-12-27', '2021-12-28',
      '2022-01-03', '2022-06-02', '2022-06-03', '2022-09-19', '2022-12-26', '2022-12-27', '2023-01-02',
      '2023-05-01', '2023-05-08', '2023-05-29', '2024-03-29', '2024-04-01', '2024-08-26', '2025-04-18',
      '2025-04-21', '2025-05-05', '2025-05-26', '2025-08-25', '2025-12-25', '2025-12-26', '2026-01-01',
      '2026-04-03', '2026-04-06', '2026-05-04', '2026-05-25', '2026-08-31', '2026-12-25', '2026-12-28',
      '2027-03-26', '2027-03-29', '2027-05-03', '2027-05-31', '2027-08-30', '2028-04-14', '2028-04-17',
      '2029-03-30', '2029-04-02', '2030-04-19', '2030-04-22', '2030-12-25', '2030-12-26',
    ];
    for (const day of known) assert.equal(isWorkingDay(day, ENGLAND_AND_WALES), false, `${day} is a bank holiday`);
    // Not holidays: the early May Monday of 2020 (moved to VE day), the late May Monday of 2022 (moved to 2 June).
    for (const day of ['2020-05-04', '2022-05-30', '2026-12-29', '2026-12-24']) assert.equal(isWorkingDay(day, ENGLAND_AND_WALES), true, `${day} is a working day`);
  });

  it('list eight a year, and the one-off years their extra days, from 2018 to 2030', () => {
    const dates = SHIPPED_BANK_HOLIDAYS['england-and-wales'].events.map((e) => e.date);
    const extra: Record<string, number> = { 2022: 2, 2023: 1 };
    for (let year = 2018; year <= 2030; year++) {
      const count = dates.filter((d) => d.startsWith(`${year}-`)).length;
      assert.equal(count, 8 + (extra[year] ?? 0), `${year}`);
    }
    assert.equal(ENGLAND_AND_WALES.lastYear, 2030);
    assert.equal(new Set(dates).size, dates.length, 'no date twice');
    for (const d of dates) assert.equal(isWeekend(d), false, `${d} is on a weekday`);
  });

  it('past the list\'s last year skip weekends only, and say so once', () => {
    const told: number[] = [];
    const calendar = calendarOf(SHIPPED_BANK_HOLIDAYS, (year) => told.push(year));
    // Christmas Day 2031 is a Thursday: not known, so counted as a working day.
    assert.equal(addWorkingDays('2031-12-24', 1, calendar), '2031-12-25');
    assert.equal(addWorkingDays('2032-12-24', 1, calendar), '2032-12-27');
    assert.deepEqual(told, [2031]);
    assert.equal(addWorkingDays('2030-12-24', 1, calendar), '2030-12-27');
    assert.deepEqual(told, [2031]);
  });

  it('refuses a list that is not gov.uk\'s shape', () => {
    for (const bad of [[], {}, { 'england-and-wales': { events: [] } }, { 'england-and-wales': { events: [{ title: 'x', date: '2026-02-30' }] } }]) {
      assert.equal(bankHolidaysSchema.safeParse(bad).success, false, JSON.stringify(bad));
    }
    assert.equal(bankHolidaysSchema.safeParse({ 'england-and-wales': { division: 'england-and-wales', events: [{ title: 'x', date: '2026-01-01', notes: '', bunting: true }] }, scotland: {} }).success, true);
  });
});
