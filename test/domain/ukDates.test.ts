import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { addDays, fromDayNumber, dayNumber } from '../../src/calculators/dates.js';
import { describeDay, periodName, readPeriod } from '../../src/domain/periods.js';
import { readDay } from '../../src/domain/ukDates.js';

const TODAY = '2026-11-25';

describe('dates as people in England write them', () => {
  const days: [string, string][] = [
    ['30/06/2027', '2027-06-30'], ['30/6/27', '2027-06-30'], ['30-06-2027', '2027-06-30'], ['30.06.2027', '2027-06-30'],
    ['1/2/2027', '2027-02-01'], // day first: 1 February, never 2 January
    ['30 June 2027', '2027-06-30'], ['30 Jun 2027', '2027-06-30'], ['30th June 2027', '2027-06-30'], ['1st of March 2027', '2027-03-01'],
    ['2 sept 2027', '2027-09-02'], ['30 June', '2026-06-30'], ['30 Jun', '2026-06-30'], ['end of June', '2026-06-30'],
    ['the end of March', '2026-03-31'], ['end of February 2028', '2028-02-29'],
    ['2027-06-30', '2027-06-30'], ['today', TODAY], ['yesterday', '2026-11-24'],
  ];
  for (const [typed, date] of days) {
    it(`"${typed}" is ${date}`, () => assert.deepEqual(readDay(typed, TODAY), { ok: true, date }));
  }

  it('says exactly why a day that does not exist is refused', () => {
    assert.deepEqual(readDay('31/06/2027', TODAY), { ok: false, problem: '31 June is not a date: June 2027 has 30 days' });
    assert.deepEqual(readDay('31 February 2027', TODAY), { ok: false, problem: '31 February is not a date: February 2027 has 28 days' });
    assert.deepEqual(readDay('29 February 2027', TODAY), { ok: false, problem: '29 February is not a date: February 2027 has 28 days' });
    assert.deepEqual(readDay('2026-02-31', TODAY), { ok: false, problem: '31 February is not a date: February 2026 has 28 days' });
    assert.deepEqual(readDay('12/13/2027', TODAY), { ok: false, problem: 'there is no month 13: dates are read day first, as in 30/06/2027' });
    assert.deepEqual(readDay('29/02/2028', TODAY), { ok: true, date: '2028-02-29' }, 'a leap year has 29 February');
  });

  it('is not a date at all: undefined', () => {
    for (const typed of ['soon', 'June', '30 Juno 2027', '2027', 'PR-2026-0001', '30/06', '30 Smarch', 'end of Smarch']) assert.equal(readDay(typed, TODAY), undefined, typed);
  });
});

describe('periods as people in England write them', () => {
  // Today is 25 November 2026, in the financial year 2026/27.
  const periods: [string, string, string][] = [
    ['Q1', '2026-04-01', '2026-06-30'], ['q2', '2026-07-01', '2026-09-30'], ['Q3', '2026-10-01', '2026-12-31'], ['Q4', '2027-01-01', '2027-03-31'],
    ['Q1 2027/28', '2027-04-01', '2027-06-30'], ['Q4 2025/26', '2026-01-01', '2026-03-31'], ['Q2 FY 2025/26', '2025-07-01', '2025-09-30'],
    ['2026/27', '2026-04-01', '2027-03-31'], ['FY 2026/27', '2026-04-01', '2027-03-31'], ['fy2025/26', '2025-04-01', '2026-03-31'],
    ['2026/2027', '2026-04-01', '2027-03-31'], ['2099/00', '2099-04-01', '2100-03-31'],
    ['this financial year', '2026-04-01', '2027-03-31'], ['last financial year', '2025-04-01', '2026-03-31'],
    ['this year', '2026-04-01', '2027-03-31'], ['this FY', '2026-04-01', '2027-03-31'],
    ['this month', '2026-11-01', '2026-11-30'], ['last month', '2026-10-01', '2026-10-31'],
    ['since April', '2026-04-01', TODAY], ['since 1 April 2026', '2026-04-01', TODAY], ['since 1 April', '2026-04-01', TODAY],
    ['since 30/06/2025', '2025-06-30', TODAY],
    // "since" looks back: the latest December that has begun is last year's.
    ['since December', '2025-12-01', TODAY], ['since November', '2026-11-01', TODAY],
    ['from 1 April to 30 June', '2026-04-01', '2026-06-30'], ['from 1 April 2026 to 30 June 2026', '2026-04-01', '2026-06-30'],
    ['between 1/4/2026 and 30/6/2026', '2026-04-01', '2026-06-30'], ['from April to June', '2026-04-01', '2026-06-30'],
    ['June', '2026-06-01', '2026-06-30'], ['in June', '2026-06-01', '2026-06-30'], ['December', '2025-12-01', '2025-12-31'],
    ['February 2028', '2028-02-01', '2028-02-29'], ['for Q1', '2026-04-01', '2026-06-30'],
  ];
  for (const [typed, from, to] of periods) {
    it(`"${typed}" is ${from} to ${to}`, () => assert.deepEqual(readPeriod(typed, TODAY), { ok: true, period: { from, to } }));
  }

  it('reads the financial year and last month across year ends', () => {
    // In January the financial year began the April before, and last month is December.
    assert.deepEqual(readPeriod('Q1', '2027-01-15'), { ok: true, period: { from: '2026-04-01', to: '2026-06-30' } });
    assert.deepEqual(readPeriod('last month', '2027-01-15'), { ok: true, period: { from: '2026-12-01', to: '2026-12-31' } });
    assert.deepEqual(readPeriod('since April', '2027-03-31'), { ok: true, period: { from: '2026-04-01', to: '2027-03-31' } });
    assert.deepEqual(readPeriod('this financial year', '2027-04-01'), { ok: true, period: { from: '2027-04-01', to: '2028-03-31' } });
    assert.deepEqual(readPeriod('last month', '2026-03-31'), { ok: true, period: { from: '2026-02-01', to: '2026-02-28' } });
  });

  it('says exactly why a period that does not exist is refused', () => {
    const problems: [string, string][] = [
      ['Q9', 'there is no Q9: a financial year has four quarters, Q1 (April to June) to Q4 (January to March)'],
      ['Q0 2026/27', 'there is no Q0: a financial year has four quarters, Q1 (April to June) to Q4 (January to March)'],
      ['2026/28', '"2026/28" is not a financial year: the year after 2026 is 2027, so the financial year starting in April 2026 is 2026/27'],
      ['FY 2026/2028', '"fy 2026/2028" is not a financial year: the year after 2026 is 2027, so the financial year starting in April 2026 is 2026/27'],
      ['Q1 2026/28', '"2026/28" is not a financial year: the year after 2026 is 2027, so the financial year starting in April 2026 is 2026/27'],
      ['Q1 2027', 'say which financial year Q1 is in, e.g. "Q1 2027/28": Q1 is April to June'],
      ['since Smarch', 'I can\'t read "smarch" as a month or a date'],
      ['since 31 February 2027', '31 February is not a date: February 2027 has 28 days'],
      ['from 1 April to 31 June', '31 June is not a date: June 2026 has 30 days'],
      ['from 30 June to 1 April', 'the period ends (1 April 2026) before it starts (30 June 2026)'],
      ['from 1 April to Smarch', 'I can\'t read "smarch" as a month or a date'],
    ];
    for (const [typed, problem] of problems) assert.deepEqual(readPeriod(typed, TODAY), { ok: false, problem }, typed);
  });

  it('keeps to the years savings are counted for, 2000 to 2100', () => {
    const outside = 'savings are counted from 1 January 2000 to 30 December 2100: ask for a period between them';
    for (const typed of ['1999/00', 'Q3 1999/00', 'since 31/12/1999', 'December 1999', '2100/01', 'December 2100', 'from 1 Dec 2100 to 31 Dec 2100']) {
      assert.deepEqual(readPeriod(typed, TODAY), { ok: false, problem: outside }, typed);
    }
    assert.deepEqual(readPeriod('2000/01', TODAY), { ok: true, period: { from: '2000-04-01', to: '2001-03-31' } });
    assert.deepEqual(readPeriod('since 1/1/2000', TODAY), { ok: true, period: { from: '2000-01-01', to: TODAY } });
  });

  it('is not a period at all: undefined', () => {
    for (const typed of ['soon', 'next tuesday', 'Smarch', 'to date', 'PR-2026-0001', '', 'q', 'fy', `Q1 ${'2026/27 '.repeat(20)}`]) {
      assert.equal(readPeriod(typed, TODAY), undefined, typed);
    }
  });

  it('property: whatever is typed, a period is refused with a reason or lies within 2000–2100 with its start on or before its end', () => {
    const words = fc.constantFrom('q1', 'q9', 'since', 'from', 'to', 'and', 'april', 'smarch', '2026/27', '2026/28', 'fy', '31', 'february', '1/4/2026', 'last', 'month', 'this', 'financial', 'year', '1999', '2101');
    fc.assert(fc.property(fc.array(words, { maxLength: 6 }).map((w) => w.join(' ')), fc.integer({ min: dayNumber('2000-01-01'), max: dayNumber('2100-12-30') }), (typed, day) => {
      const read = readPeriod(typed, fromDayNumber(day));
      if (read === undefined || !read.ok) return;
      assert.ok(read.period.from <= read.period.to, typed);
      assert.ok(read.period.from >= '2000-01-01' && addDays(read.period.to, 1) <= '2100-12-31', typed);
    }), { numRuns: 500 });
  });

  it('names a day in a sentence', () => assert.equal(describeDay('2026-04-01'), '1 April 2026'));
});

describe('the name of a whole period', () => {
  it('names whole financial years, quarters and months, and nothing else', () => {
    const named: [string, string, string | undefined][] = [
      ['2026-04-01', '2027-03-31', '2026/27'], ['2026-04-01', '2026-06-30', 'Q1 2026/27'], ['2026-07-01', '2026-09-30', 'Q2 2026/27'],
      ['2026-10-01', '2026-12-31', 'Q3 2026/27'], ['2027-01-01', '2027-03-31', 'Q4 2026/27'], ['2026-06-01', '2026-06-30', 'June 2026'],
      ['2028-02-01', '2028-02-29', 'February 2028'], ['2026-04-01', '2026-11-25', undefined], ['2026-05-01', '2026-07-31', undefined],
      ['2026-04-02', '2026-06-30', undefined],
    ];
    for (const [from, to, name] of named) assert.equal(periodName({ from, to }), name, `${from} to ${to}`);
  });
});
