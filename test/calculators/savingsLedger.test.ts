import assert from 'node:assert/strict';
import fc from 'fast-check';
import { dayNumber, fromDayNumber } from '../../src/calculators/dates.js';
import { DayLedger } from '../../src/calculators/dayLedger.js';
import { Money } from '../../src/calculators/money.js';
import { SavingsLedger } from '../../src/calculators/savingsLedger.js';
import { savingsBetween, savingsLine, savingsToDate, type SavingsCase, type SavingsReport } from '../../src/calculators/savingsToDate.js';
import { weeklyRateOn } from '../../src/calculators/trajectory.js';
import { arbSavingsCase, START } from './arbitrarySavings.js';
import { aDecision, aRequest } from './fixtures.js';

/**
 * A report as plain text, every amount exact. The in-year projection is a sum of amounts already
 * divided (by 7 days), so its order of addition shows in far decimal places: it is compared in pence.
 */
function plain(report: SavingsReport) {
  return JSON.parse(JSON.stringify({ ...report, cases: report.cases, projected: { ...report.projected, inYear: report.projected.inYear.toFixed(2) } }, (_key, value: unknown) => (
    value instanceof Money ? value.toString() : value
  ))) as unknown;
}

const SLOTS = 6;
const aCase = (): SavingsCase => ({ request: { ...aRequest({ id: 'PR-2025-0000' }), dateOfBirth: '9990-01-01' }, events: [] });
const idOf = (slot: number) => `PR-2025-${String(slot).padStart(4, '0')}`;

/** One step of a history: a request's records as they now stand (a new version of it), or the request gone. */
const arbStep = fc.record({
  slot: fc.integer({ min: 0, max: SLOTS - 1 }),
  next: fc.option(arbSavingsCase(0, true), { nil: undefined, freq: 4 }),
}).map(({ slot, next }) => ({ slot, next: next && { ...next, request: { ...next.request, id: idOf(slot) } } }));
const arbDay = fc.integer({ min: -30, max: 500 }).map((o) => fromDayNumber(START + o));

describe('the savings ledger: savings to date kept case by case (issue 17)', () => {
  it('after every change, reports exactly what savingsToDate works out from scratch, on any date and over any period', () => {
    fc.assert(fc.property(fc.array(arbStep, { minLength: 1, maxLength: 14 }), fc.array(arbDay, { minLength: 1, maxLength: 4 }), (steps, days) => {
      const ledger = new SavingsLedger();
      const current = new Map<number, SavingsCase>();
      for (const { slot, next } of steps) {
        ledger.replace(current.get(slot), next);
        if (next === undefined) current.delete(slot);
        else current.set(slot, next);
        const cases = [...current.values()];
        for (const asOf of days) {
          const lines = () => cases.flatMap((c) => savingsLine(c, asOf) ?? []);
          assert.deepEqual(plain(ledger.report(asOf, lines)), plain(savingsToDate(cases, asOf)), `as of ${asOf}`);
          assert.equal(ledger.weeklyRateOn(asOf).toString(), weeklyRateOn(cases, asOf).toString(), `rate on ${asOf}`);
        }
        // Each pair of the dates as a period, both ends' reports from scratch against the ledger's.
        for (const from of days) {
          for (const asOf of days.filter((d) => d >= from)) {
            const linesAt = (at: string) => cases.flatMap((c) => savingsLine(c, at) ?? []);
            assert.deepEqual(plain(ledger.between(from, asOf, linesAt)), plain(savingsBetween(savingsToDate(cases, asOf), savingsToDate(cases, from))), `from ${from} to ${asOf}`);
          }
        }
      }
    }), { numRuns: 200 });
  });

  it('reads the last dates there are (9999-12-31, a case system\'s "unknown") without looping or failing', () => {
    const ledger = new DayLedger();
    ledger.add(dayNumber('9999-12-31'), new Money(5));
    ledger.add(dayNumber('9999-12-30'), new Money(2));
    assert.equal(ledger.sumThrough(dayNumber('2026-01-01')).toString(), '0');
    assert.equal(ledger.sumThrough(dayNumber('9999-12-31')).toString(), '7');
    assert.equal(ledger.rampThrough(dayNumber('9999-12-31')).toString(), '2');
    const c = { ...aCase(), decision: aDecision(idOf(0), 'ifa', '9999-12-20') };
    const savings = new SavingsLedger();
    savings.replace(undefined, c);
    for (const asOf of ['2026-01-01', '9999-12-25', '9999-12-31']) {
      assert.deepEqual(plain(savings.report(asOf, () => [savingsLine(c, asOf)].flatMap((l) => l ?? []))), plain(savingsToDate([c], asOf)), asOf);
    }
    // 6,000 − 2,500 = 3,500 a week from 20 December, 11 days to the 31st (not counted): £5,500.
    assert.equal(savings.report('9999-12-31', () => []).total.toFixed(2), '5500.00');
  });

  it('takes a case back to nothing: a ledger whose every case was removed reports what an empty one does', () => {
    fc.assert(fc.property(fc.array(arbSavingsCase(0, true), { maxLength: 5 }), arbDay, (cases, asOf) => {
      const ledger = new SavingsLedger();
      const renamed = cases.map((c, i) => ({ ...c, request: { ...c.request, id: idOf(i) } }));
      for (const c of renamed) ledger.replace(undefined, c);
      for (const c of renamed) ledger.replace(c, undefined);
      assert.deepEqual(plain(ledger.report(asOf, () => [])), plain(savingsToDate([], asOf)));
    }), { numRuns: 100 });
  });
});
