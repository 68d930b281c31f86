import assert from 'node:assert/strict';
import { Money, roundPence, sum, toPounds } from '../../src/calculators/money.js';
import { combinedSchedule, slippageCost, slippageSchedule, type SlippageItem } from '../../src/calculators/slippage.js';

/**
 * Torbay's table 2 (003): the monthly increase in budget pressure if the 2016/17 placement changes
 * due from July are not achieved by 31 March 2017, in whole pounds.
 */
const TABLE_2: [month: string, increase: number][] = [
  ['2016-07', 7526], ['2016-08', 21560], ['2016-09', 82105], ['2016-10', 101205], ['2016-11', 108655],
  ['2016-12', 158471], ['2017-01', 181763], ['2017-02', 164173], ['2017-03', 181763],
];
const DAYS: Record<string, number> = {
  '2016-07': 31, '2016-08': 31, '2016-09': 30, '2016-10': 31, '2016-11': 30, '2016-12': 31, '2017-01': 31,
};

describe('slippage', () => {
  it('costs the weekly saving for each week of delay', () => {
    assert.equal(toPounds(slippageCost('2436.63', 6)), '14619.78');
    assert.equal(toPounds(slippageCost('700', new Money(3).dividedBy(7))), '300.00');
  });

  it('reproduces Torbay\'s table 2: monthly increases summing to £1,007,221 (003)', () => {
    // The paper prints each month's cost but not the 27 changes behind it. Each month's cost is the
    // weekly savings of every change slipped by then × days in the month ÷ 7 (February is 28/31 of
    // January and March: 164,173 ≈ 181,763 × 28 ÷ 31). So the table gives, for July to January, the
    // weekly run rate of slipped savings to the penny (increase × 7 ÷ days); the changes due in each
    // month are the rise in that rate, due on the 1st and still not made by 1 April 2017.
    const items: SlippageItem[] = [];
    let previousRate = new Money(0);
    for (const [month, increase] of TABLE_2) {
      const days = DAYS[month];
      if (days === undefined) continue; // no new changes fell due in February or March
      const rate = roundPence(new Money(increase).times(7).dividedBy(days));
      items.push({ weeklySaving: rate.minus(previousRate), plannedDate: `${month}-01` });
      previousRate = rate;
    }
    const schedule = slippageSchedule(items, { asOf: '2017-04-01' });
    // Every month, to the whole pound the table prints, is the table's figure, February included.
    assert.deepEqual(schedule.months.map((m) => [m.month, m.cost.toDecimalPlaces(0).toNumber()]), TABLE_2);
    // The table's total is the sum of its printed months: £1,007,221.00.
    const printed = sum(schedule.months.map((m) => m.cost.toDecimalPlaces(0)));
    assert.equal(toPounds(printed), '1007221.00');
    // Unrounded, the reconstructed rates come to £1,007,221.02: the paper's own rates are not published.
    assert.equal(toPounds(schedule.total), '1007221.02');
    assert.ok(schedule.months.at(-1)!.cumulative.eq(schedule.total));
  });

  it('stops at the actual date and lists quiet months between', () => {
    // £700/wk due 20 Jan, made 10 Feb: 12 days in January (20–31) and 9 in February (1–9).
    // £1,400/wk due 1 Apr, made 8 Apr: 7 days.
    const schedule = slippageSchedule([
      { weeklySaving: '700', plannedDate: '2026-01-20', actualDate: '2026-02-10' },
      { weeklySaving: '1400', plannedDate: '2026-04-01', actualDate: '2026-04-08' },
    ]);
    assert.deepEqual(schedule.months.map((m) => [m.month, toPounds(m.cost), toPounds(m.cumulative)]), [
      ['2026-01', '1200.00', '1200.00'],
      ['2026-02', '900.00', '2100.00'],
      ['2026-03', '0.00', '2100.00'],
      ['2026-04', '1400.00', '3500.00'],
    ]);
  });

  it('costs nothing for a change made on time, and needs asOf for one not yet made', () => {
    assert.equal(slippageSchedule([{ weeklySaving: '700', plannedDate: '2026-01-20', actualDate: '2026-01-20' }]).months.length, 0);
    assert.throws(() => slippageSchedule([{ weeklySaving: '700', plannedDate: '2026-01-20' }]), RangeError);
  });

  it('two schedules combined read as one schedule of all their changes, gaps between them included', () => {
    const early: SlippageItem[] = [{ weeklySaving: '700', plannedDate: '2026-01-20', actualDate: '2026-02-10' }];
    const late: SlippageItem[] = [{ weeklySaving: '350.50', plannedDate: '2026-04-03', actualDate: '2026-05-15' }, { weeklySaving: '1200', plannedDate: '2026-02-01' }];
    const asOf = { asOf: '2026-06-01' };
    const combined = combinedSchedule(slippageSchedule(early, asOf), slippageSchedule(late, asOf));
    const whole = slippageSchedule([...early, ...late], asOf);
    assert.deepEqual(combined.months.map((m) => [m.month, toPounds(m.cost), toPounds(m.cumulative)]), whole.months.map((m) => [m.month, toPounds(m.cost), toPounds(m.cumulative)]));
    assert.equal(toPounds(combined.total), toPounds(whole.total));
    assert.equal(combinedSchedule(slippageSchedule([], asOf), slippageSchedule([], asOf)).months.length, 0);
  });
});
