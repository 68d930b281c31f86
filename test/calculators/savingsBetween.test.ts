import assert from 'node:assert/strict';
import fc from 'fast-check';
import { addDays, dayNumber, fromDayNumber } from '../../src/calculators/dates.js';
import { Money, toPounds, type Money as MoneyT } from '../../src/calculators/money.js';
import { savingsBetween, savingsToDate, type SavingsCase } from '../../src/calculators/savingsToDate.js';
import { aChangeRequest, aDecision, aRequest, costChange, ended } from './fixtures.js';

const pounds = (m: MoneyT) => toPounds(m);
const close = (a: MoneyT, b: MoneyT) => a.minus(b).abs().lt('1e-20');

// A new request choosing the £2,500/wk IFA over £6,000/wk residential (3,500/wk saved), and a change
// stepping £7,000/wk residential down to £3,000/wk IFA (4,000/wk), both from 6 April 2026.
const NEW = aRequest();
const CHANGE = aChangeRequest();
const newCase = (events: SavingsCase['events'] = []): SavingsCase => ({ request: NEW, decision: aDecision(NEW.id, 'ifa', '2026-04-06'), events });
const changeCase: SavingsCase = { request: CHANGE, decision: aDecision(CHANGE.id, 'proposed', '2026-04-06'), events: [] };

describe('savings over a period (savingsBetween) and what decisions promised to date', () => {
  it('counts exactly the period\'s days: 20 Apr to 3 May is 14 days', () => {
    const cases = [newCase(), changeCase];
    const period = savingsBetween(savingsToDate(cases, '2026-05-04'), savingsToDate(cases, '2026-04-20'));
    // 3,500 × 2 weeks = 7,000 cost avoidance; 4,000 × 2 = 8,000 cashable.
    assert.equal(period.from, '2026-04-20');
    assert.equal(period.asOf, '2026-05-04');
    assert.deepEqual([period.total, period.costAvoidance, period.cashable].map(pounds), ['15000.00', '7000.00', '8000.00']);
    // 20–30 April is 11 days, 1–3 May 3: (3,500 + 4,000) × 11 ÷ 7 and × 3 ÷ 7.
    assert.deepEqual(Object.fromEntries(Object.entries(period.byMonth).map(([k, v]) => [k, pounds(v)])),
      { '2026-04': pounds(new Money(7500).times(11).dividedBy(7)), '2026-05': pounds(new Money(7500).times(3).dividedBy(7)) });
    assert.deepEqual(period.cases.map((c) => [c.requestId, pounds(c.realised), c.daysCounted]), [[NEW.id, '7000.00', 14], [CHANGE.id, '8000.00', 14]]);
    assert.equal(pounds(period.byReason.step_down!), '8000.00');
  });

  it('leaves out months, years, types and decisions with nothing in the period', () => {
    // The change's placement ends its baseline (turned 18) on 13 Apr; the period starts after.
    const adult: SavingsCase = { ...changeCase, events: [ended(CHANGE.id, '2026-04-13', 'turned_18')] };
    const cases = [newCase(), adult];
    const period = savingsBetween(savingsToDate(cases, '2026-06-01'), savingsToDate(cases, '2026-05-01'));
    assert.deepEqual(Object.keys(period.byMonth), ['2026-05']);
    assert.deepEqual(Object.keys(period.byReason), ['cost_avoidance']);
    assert.deepEqual(period.cases.map((c) => c.requestId), [NEW.id]);
    assert.ok(period.cashable.isZero());
  });

  it('refuses a period that ends before it starts', () => {
    assert.throws(() => savingsBetween(savingsToDate([newCase()], '2026-04-20'), savingsToDate([newCase()], '2026-05-04')), RangeError);
  });

  it('what was promised to date is the projected weekly saving over the same days; realised falls below it after an uplift', () => {
    // Promised 3,500/wk from 6 Apr. As of 4 May, 28 days: 14,000 promised. An uplift to £2,850 from
    // 20 Apr realises 3,500 × 2 + 3,150 × 2 = 13,300.
    const report = savingsToDate([newCase([costChange(NEW.id, '2026-04-20', '2850.00')])], '2026-05-04');
    assert.equal(pounds(report.projected.toDate), '14000.00');
    assert.equal(pounds(report.total), '13300.00');
    assert.equal(pounds(report.cases[0]!.runningWeekly), '3150.00');
    // Over a period only the period's days are promised: 20 Apr to 3 May, 7,000.
    const atStart = savingsToDate([newCase([costChange(NEW.id, '2026-04-20', '2850.00')])], '2026-04-20');
    assert.equal(pounds(savingsBetween(report, atStart).projected.toDate), '7000.00');
  });

  it('the running weekly saving is the last day\'s: the whole baseline once ended, nothing after the baseline stops', () => {
    assert.equal(pounds(savingsToDate([newCase([ended(NEW.id, '2026-04-20')])], '2026-05-04').cases[0]!.runningWeekly), '6000.00');
    const adult = aRequest({ dateOfBirth: '2008-04-20' });
    const report = savingsToDate([{ request: adult, decision: aDecision(adult.id, 'ifa', '2026-04-06'), events: [] }], '2026-06-01');
    assert.ok(report.cases[0]!.runningWeekly.isZero());
    // And the promise stops with the baseline: 14 days, 7,000, as realised.
    assert.equal(pounds(report.projected.toDate), '7000.00');
    assert.equal(report.cases[0]!.daysCounted, 14);
  });

  it('property: a period\'s savings are the difference of two reports to the end, case by case and in every breakdown', () => {
    const START = dayNumber('2026-01-01');
    const arbCase = (i: number) => fc.record({
      effective: fc.integer({ min: 0, max: 200 }),
      events: fc.array(fc.record({ day: fc.integer({ min: 0, max: 300 }), pence: fc.integer({ min: 0, max: 900_000 }), end: fc.boolean() }), { maxLength: 3 }),
      change: fc.boolean(),
    }).map((p): SavingsCase => {
      const id = `PR-2026-${String(i).padStart(4, '0')}`;
      const request = p.change ? aChangeRequest({ id }) : aRequest({ id });
      const date = (offset: number) => fromDayNumber(START + offset);
      const events = p.events.map((e) => (e.end ? ended(id, date(e.day)) : costChange(id, date(e.day), new Money(e.pence).dividedBy(100).toFixed(2))));
      return { request, decision: aDecision(id, p.change ? 'proposed' : 'ifa', date(p.effective)), events };
    });
    const arbCases = fc.array(fc.nat(), { maxLength: 5 }).chain((seeds) => fc.tuple(...seeds.map((_, i) => arbCase(i))));
    fc.assert(fc.property(arbCases, fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 200 }), (cases, startOffset, length) => {
      const from = fromDayNumber(START + startOffset);
      const to = addDays(from, length);
      const atEnd = savingsToDate(cases, to);
      const atStart = savingsToDate(cases, from);
      const period = savingsBetween(atEnd, atStart);
      assert.ok(close(period.total, atEnd.total.minus(atStart.total)));
      const sum = (values: MoneyT[]) => values.reduce((t, v) => t.plus(v), new Money(0));
      // Every breakdown and the listed decisions add up to the period's total.
      for (const part of [period.byMonth, period.byFinancialYear, period.byPlacementType, period.byReason]) assert.ok(close(sum(Object.values(part)), period.total));
      assert.ok(close(sum(period.cases.map((c) => c.realised)), period.total));
      assert.ok(close(period.costAvoidance.plus(period.cashable), period.total));
      assert.ok(Object.keys(period.byMonth).every((m) => m >= from.slice(0, 7) && m <= to.slice(0, 7)));
      // Splitting the period in two gives two periods that add up to it.
      const middle = addDays(from, Math.floor(length / 2));
      const atMiddle = savingsToDate(cases, middle);
      assert.ok(close(savingsBetween(atMiddle, atStart).total.plus(savingsBetween(atEnd, atMiddle).total), period.total));
      assert.ok(close(savingsBetween(atMiddle, atStart).projected.toDate.plus(savingsBetween(atEnd, atMiddle).projected.toDate), period.projected.toDate));
    }), { numRuns: 150 });
  });
});
