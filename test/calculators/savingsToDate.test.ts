import assert from 'node:assert/strict';
import fc from 'fast-check';
import { addDays, addYears, fromDayNumber } from '../../src/calculators/dates.js';
import { Money, toPounds, type Money as MoneyT } from '../../src/calculators/money.js';
import {
  realisedForCase, savingSegments, savingsToDate, type SavingsCase, type SavingsReport,
} from '../../src/calculators/savingsToDate.js';
import type { EventRecord } from '../../src/domain/event.js';
import { aChangeRequest, aDecision, aRequest, costChange, ended } from './fixtures.js';
import { arbSavingsCase, START } from './arbitrarySavings.js';

const pounds = (m: MoneyT) => toPounds(m);
const perDay = (weekly: string, days: number) => new Money(weekly).times(days).dividedBy(7);
const close = (a: MoneyT, b: MoneyT) => a.minus(b).abs().lt('1e-20');

// Default fixtures: a new request for £6,000/wk residential with a £2,500/wk IFA alternative (child born
// 15 June 2012), and a change request stepping £7,000/wk residential down to £3,000/wk IFA.
const NEW = aRequest();
const CHANGE = aChangeRequest();

describe('savingsToDate', () => {
  describe('worked scenarios', () => {
    it('counts cost avoidance for a new request, split by month and financial year', () => {
      // IFA chosen instead of residential: 6,000 − 2,500 = 3,500/wk. 6 Apr – 3 May is 28 days: 3,500 × 4 = 14,000.
      // April: 6–30 is 25 days = 3,500 × 25 ÷ 7 = 12,500; May: 1–3 is 3 days = 1,500.
      const report = savingsToDate([{ request: NEW, decision: aDecision(NEW.id, 'ifa', '2026-04-06'), events: [] }], '2026-05-04');
      const expected = perDay('3500', 28);
      assert.equal(pounds(report.total), pounds(expected));
      assert.equal(pounds(report.total), '14000.00');
      assert.equal(pounds(report.costAvoidance), '14000.00');
      assert.ok(report.cashable.isZero());
      assert.deepEqual(Object.keys(report.byPlacementType), ['ifa']);
      assert.equal(pounds(report.byReason.cost_avoidance!), '14000.00');
      assert.deepEqual(Object.fromEntries(Object.entries(report.byMonth).map(([k, v]) => [k, pounds(v)])), { '2026-04': '12500.00', '2026-05': '1500.00' });
      assert.deepEqual(Object.fromEntries(Object.entries(report.byFinancialYear).map(([k, v]) => [k, pounds(v)])), { '2026/27': '14000.00' });
      // Projected: 3,500/wk; 182,000/yr; in-year 6 Apr 2026 – 31 Mar 2027 is 360 days: 3,500 × 360 ÷ 7 = 180,000.
      assert.deepEqual([report.projected.weekly, report.projected.fullYear, report.projected.inYear].map(pounds), ['3500.00', '182000.00', '180000.00']);
      assert.equal(report.cases.length, 1);
      assert.equal(report.cases[0]!.reason, 'cost_avoidance');
    });

    it('counts a cashable saving for a change request, beside a new one', () => {
      // Step-down 7,000 → 3,000: 4,000/wk × 4 weeks = 16,000; with the new request above, 30,000.
      const report = savingsToDate([
        { request: NEW, decision: aDecision(NEW.id, 'ifa', '2026-04-06'), events: [] },
        { request: CHANGE, decision: aDecision(CHANGE.id, 'proposed', '2026-04-06'), events: [] },
      ], '2026-05-04');
      assert.equal(pounds(report.cashable), '16000.00');
      assert.equal(pounds(report.costAvoidance), '14000.00');
      assert.equal(pounds(report.total), '30000.00');
      assert.equal(pounds(report.byReason.step_down!), '16000.00');
      assert.equal(pounds(report.byPlacementType.ifa!), '30000.00');
    });

    it('counts only the council\'s share of a jointly funded placement (60/30/10)', () => {
      // Current 7,000 at 60% social care = 4,200; the IFA is wholly the council's 3,000: 1,200/wk × 4 weeks = 4,800.
      const request = aChangeRequest({
        changeReason: undefined,
        current: { type: 'residential', provider: 'Elm', weeklyCost: '7000.00', funding: { socialCare: 60, health: 30, education: 10 } },
      });
      const report = savingsToDate([{ request, decision: aDecision(request.id, 'proposed', '2026-04-06'), events: [] }], '2026-05-04');
      const expected = new Money('7000').times('0.6').minus('3000').times(28).dividedBy(7);
      assert.equal(pounds(report.total), pounds(expected));
      assert.equal(pounds(report.total), '4800.00');
      assert.equal(pounds(report.byReason.not_given!), '4800.00');
    });

    it('replaces the actual cost from a cost change\'s date, with the event\'s funding where given', () => {
      // 6–19 Apr (14 days) at 3,500/wk = 7,000; uplift to 2,850 from 20 Apr: 20 Apr – 3 May (14 days)
      // at 6,000 − 2,850 = 3,150/wk = 6,300; from 4 May £3,000 half paid by health, so the council pays
      // 1,500: 4–17 May (14 days) at 4,500/wk = 9,000. Total 22,300.
      const events = [costChange(NEW.id, '2026-04-20', '2850.00'), costChange(NEW.id, '2026-05-04', '3000.00', { socialCare: 50, health: 50, education: 0 })];
      const c: SavingsCase = { request: NEW, decision: aDecision(NEW.id, 'ifa', '2026-04-06'), events };
      const expected = perDay('3500', 14).plus(perDay('3150', 14)).plus(perDay('4500', 14));
      assert.equal(pounds(realisedForCase(c, '2026-05-18')), pounds(expected));
      assert.equal(pounds(expected), '22300.00');
      assert.deepEqual(savingSegments(c, '2026-05-18').map((s) => [s.from, s.to, pounds(s.weekly)]), [
        ['2026-04-06', '2026-04-20', '3500.00'], ['2026-04-20', '2026-05-04', '3150.00'], ['2026-05-04', '2026-05-18', '4500.00'],
      ]);
    });

    it('counts the whole baseline as saved once the placement ends (child returned home)', () => {
      // 6–19 Apr at 3,500/wk = 7,000; ended 20 Apr, so 20 Apr – 3 May the whole 6,000/wk baseline = 12,000.
      const c: SavingsCase = { request: NEW, decision: aDecision(NEW.id, 'ifa', '2026-04-06'), events: [ended(NEW.id, '2026-04-20')] };
      assert.equal(pounds(realisedForCase(c, '2026-05-04')), pounds(perDay('3500', 14).plus(perDay('6000', 14))));
      assert.equal(pounds(realisedForCase(c, '2026-05-04')), '19000.00');
    });

    it('stops the baseline at the 18th birthday, or at an end recorded as turned_18', () => {
      // Born 20 Apr 2008: 18 on 20 Apr 2026. 6–19 Apr is 14 days at 3,500/wk = 7,000, nothing after.
      const adult = aRequest({ dateOfBirth: '2008-04-20' });
      const c: SavingsCase = { request: adult, decision: aDecision(adult.id, 'ifa', '2026-04-06'), events: [] };
      assert.equal(pounds(realisedForCase(c, '2026-06-01')), '7000.00');
      // Turned 18 recorded on 13 Apr (say the birth date was wrong): 6–12 Apr is 7 days = 3,500.
      const early = { ...c, request: NEW, events: [ended(NEW.id, '2026-04-13', 'turned_18')] };
      assert.equal(pounds(realisedForCase(early, '2026-06-01')), '3500.00');
      // Born 29 Feb 2008: 18 on 28 Feb 2026. 1–27 Feb is 27 days at 3,500/wk = 13,500.
      const leap = aRequest({ dateOfBirth: '2008-02-29' });
      assert.equal(pounds(realisedForCase({ request: leap, decision: aDecision(leap.id, 'ifa', '2026-02-01'), events: [] }, '2026-06-01')), '13500.00');
    });

    it('stops the baseline at the planned end date', () => {
      // Planned end 27 Apr: 6–26 Apr is 21 days at 3,500/wk = 10,500.
      const request = aRequest({ proposed: { ...NEW.proposed, plannedEndDate: '2026-04-27' } });
      assert.equal(pounds(realisedForCase({ request, decision: aDecision(request.id, 'ifa', '2026-04-06'), events: [] }, '2026-06-01')), '10500.00');
    });

    it('counts nothing for a declined, deferred or undecided request', () => {
      const report = savingsToDate([
        { request: NEW, decision: aDecision(NEW.id, 'ifa', '2026-04-06', 'decline'), events: [] },
        { request: CHANGE, decision: aDecision(CHANGE.id, 'proposed', '2026-04-06', 'defer'), events: [] },
        { request: aRequest({ id: 'PR-2026-0003' }), events: [] },
      ], '2026-06-01');
      assert.ok(report.total.isZero());
      assert.equal(report.cases.length, 0);
      assert.ok(report.projected.fullYear.isZero());
      assert.deepEqual(report.byMonth, {});
    });

    it('counts an approval with conditions like an approval', () => {
      const c: SavingsCase = { request: NEW, decision: aDecision(NEW.id, 'ifa', '2026-04-06', 'approve_with_conditions'), events: [] };
      assert.equal(pounds(savingsToDate([c], '2026-05-04').total), '14000.00');
    });

    it('counts nothing before the effective date, and nothing yet on it', () => {
      const c: SavingsCase = { request: NEW, decision: aDecision(NEW.id, 'ifa', '2026-04-06'), events: [] };
      const before = savingsToDate([c], '2026-04-05');
      assert.ok(before.total.isZero());
      assert.equal(before.cases.length, 0);
      const on = savingsToDate([c], '2026-04-06');
      assert.ok(on.total.isZero());
      assert.equal(on.cases.length, 1);
    });

    it('shows a breakdown into a dearer placement as a cost increase', () => {
      // Step-down 7,000 → 3,000 from 6 Apr: 14 days at 4,000/wk = 8,000. Breakdown 20 Apr into a
      // 9,000/wk placement: 20 Apr – 31 May is 42 days at 7,000 − 9,000 = −2,000/wk = −12,000. Net −4,000.
      const c: SavingsCase = {
        request: CHANGE, decision: aDecision(CHANGE.id, 'proposed', '2026-04-06'),
        events: [{ ...costChange(CHANGE.id, '2026-04-20', '9000.00'), reason: 'breakdown_new_placement' } as EventRecord],
      };
      const report = savingsToDate([c], '2026-06-01');
      assert.equal(pounds(report.total), pounds(perDay('4000', 14).plus(perDay('-2000', 42))));
      assert.equal(pounds(report.total), '-4000.00');
      assert.ok(report.cashable.isNegative());
      // Choosing a dearer option for a new request costs from day one: 6,000 − 9,000 = −3,000/wk × 4 weeks.
      const dearer = savingsToDate([{ request: NEW, decision: aDecision(NEW.id, 'dearer', '2026-04-06'), events: [] }], '2026-05-04');
      assert.equal(pounds(dearer.total), '-12000.00');
      assert.equal(pounds(dearer.byPlacementType.solo_residential!), '-12000.00');
    });

    it('splits across financial years at 1 April', () => {
      // 25–31 Mar 2027 is 7 days = 3,500 in 2026/27; 1–7 Apr is 7 days = 3,500 in 2027/28.
      const report = savingsToDate([{ request: NEW, decision: aDecision(NEW.id, 'ifa', '2027-03-25'), events: [] }], '2027-04-08');
      assert.deepEqual(Object.entries(report.byFinancialYear).map(([k, v]) => [k, pounds(v)]), [['2026/27', '3500.00'], ['2027/28', '3500.00']]);
      assert.deepEqual(Object.entries(report.byMonth).map(([k, v]) => [k, pounds(v)]), [['2027-03', '3500.00'], ['2027-04', '3500.00']]);
    });

    it('applies a cost change dated before the effective date from the start, and ignores events after the as-of date', () => {
      const events = [costChange(NEW.id, '2026-04-01', '3000.00'), costChange(NEW.id, '2026-06-01', '1.00')];
      // 3,000 from the start: 6,000 − 3,000 = 3,000/wk × 4 weeks = 12,000.
      assert.equal(pounds(realisedForCase({ request: NEW, decision: aDecision(NEW.id, 'ifa', '2026-04-06'), events }, '2026-05-04')), '12000.00');
    });

    it('counts nothing for an approval of an option the request does not have (a store edited by hand), and does not fail', () => {
      const report = savingsToDate([{ request: NEW, decision: aDecision(NEW.id, 'nope', '2026-04-06'), events: [] }], '2026-05-04');
      assert.equal(report.total.toFixed(2), '0.00');
      assert.equal(report.cases.length, 0);
    });
  });

  describe('properties', () => {
    const arbCase = arbSavingsCase;
    const arbCases = fc.array(fc.nat(), { maxLength: 6 }).chain((seeds) => fc.tuple(...seeds.map((_, i) => arbCase(i))));
    const arbAsOf = fc.integer({ min: 0, max: 450 }).map((o) => fromDayNumber(START + o));

    // The definition in docs/domain.md, "Savings to date", day by day: independent of the intervals the calculator uses.
    function perDayDefinition(c: SavingsCase, from: string, to: string): MoneyT {
      const d = c.decision;
      if (d === undefined || (d.outcome !== 'approve' && d.outcome !== 'approve_with_conditions')) return new Money(0);
      const r = c.request;
      const share = (weekly: string, f: { socialCare: number }) => new Money(weekly).times(String(f.socialCare)).dividedBy(100);
      const baselinePlacement = r.kind === 'new' ? r.proposed : r.current!;
      const baseline = share(baselinePlacement.weeklyCost, baselinePlacement.funding);
      const option = d.option === 'proposed' ? r.proposed : r.alternatives.find((a) => a.id === d.option)!;
      const stops = [r.proposed.plannedEndDate, addYears(r.dateOfBirth!, 18), ...c.events.filter((e) => e.type === 'ended' && e.reason === 'turned_18').map((e) => e.date)]
        .filter((s): s is string => s !== undefined);
      let total = new Money(0);
      for (let day = d.effectiveFrom > from ? d.effectiveFrom : from; day < to; day = addDays(day, 1)) {
        if (stops.some((s) => day >= s)) break;
        let actual = share(option.weeklyCost, option.funding);
        // Each event replaces the cost from its own date; on the same date the later record wins.
        const inForce = c.events.map((e, i) => ({ e, i })).filter(({ e }) => e.date <= day)
          .sort((x, y) => (x.e.date === y.e.date ? x.i - y.i : x.e.date < y.e.date ? -1 : 1));
        for (const { e } of inForce) {
          if (e.type === 'ended') actual = new Money(0);
          else if (e.type === 'cost_change') actual = share(e.weeklyCost, e.funding ?? option.funding);
        }
        total = total.plus(baseline.minus(actual).dividedBy(7));
      }
      return total;
    }

    function assertReportsAdd(whole: SavingsReport, a: SavingsReport, b: SavingsReport) {
      assert.ok(close(whole.total, a.total.plus(b.total)));
      assert.ok(close(whole.costAvoidance, a.costAvoidance.plus(b.costAvoidance)));
      assert.ok(close(whole.cashable, a.cashable.plus(b.cashable)));
      for (const key of ['byMonth', 'byFinancialYear', 'byPlacementType', 'byReason'] as const) {
        const keys = new Set([...Object.keys(whole[key]), ...Object.keys(a[key]), ...Object.keys(b[key])]);
        for (const k of keys) {
          assert.ok(close(whole[key][k] ?? new Money(0), (a[key][k] ?? new Money(0)).plus(b[key][k] ?? new Money(0))), `${key}.${k}`);
        }
      }
      assert.ok(close(whole.projected.inYear, a.projected.inYear.plus(b.projected.inYear)));
    }

    it('agrees with the day-by-day definition, and its breakdowns add up to the total', () => {
      fc.assert(fc.property(arbCases, arbAsOf, (cases, asOf) => {
        const report = savingsToDate(cases, asOf);
        const expected = cases.reduce((t, c) => t.plus(perDayDefinition(c, '2000-01-01', asOf)), new Money(0));
        assert.ok(close(report.total, expected), `${report.total.toString()} ≠ ${expected.toString()}`);
        const sumOf = (r: Record<string, MoneyT>) => Object.values(r).reduce((t, v) => t.plus(v), new Money(0));
        for (const part of [report.byMonth, report.byFinancialYear, report.byPlacementType, report.byReason]) {
          assert.ok(close(sumOf(part), report.total));
        }
        assert.ok(close(report.cases.reduce((t, c) => t.plus(c.realised), new Money(0)), report.total));
      }), { numRuns: 150 });
    });

    it('is additive across cases: the report over A ∪ B is the report over A plus the report over B', () => {
      fc.assert(fc.property(arbCases, arbCases, arbAsOf, (a, b, asOf) => {
        const renamed = b.map((c, i) => ({ ...c, request: { ...c.request, id: `PR-2024-${String(i).padStart(4, '0')}` } }));
        assertReportsAdd(savingsToDate([...a, ...renamed], asOf), savingsToDate(a, asOf), savingsToDate(renamed, asOf));
      }), { numRuns: 100 });
    });

    it('savings at a later date are those at an earlier date plus what accrued in between', () => {
      fc.assert(fc.property(arbCases, arbAsOf, fc.integer({ min: 0, max: 120 }), (cases, earlier, gap) => {
        const later = addDays(earlier, gap);
        const between = cases.reduce((t, c) => t.plus(perDayDefinition(c, earlier, later)), new Money(0));
        assert.ok(close(savingsToDate(cases, later).total, savingsToDate(cases, earlier).total.plus(between)));
      }), { numRuns: 100 });
    });
  });

  it('stays fast over 100,000 decisions', function () {
    this.timeout(30_000);
    const cases: SavingsCase[] = [];
    for (let i = 0; i < 100_000; i += 1) {
      const id = `PR-2024-${String(i).padStart(6, '0')}`;
      const effective = addDays('2023-04-01', i % 900);
      const request = i % 2 === 0 ? aRequest({ id }) : aChangeRequest({ id });
      const events = i % 3 === 0 ? [ended(id, addDays(effective, 200))] : [costChange(id, addDays(effective, 100), '3200.00')];
      cases.push({ request, decision: aDecision(id, i % 2 === 0 ? 'ifa' : 'proposed', effective), events });
    }
    const started = performance.now();
    const report = savingsToDate(cases, '2026-06-01');
    const took = performance.now() - started;
    assert.equal(report.cases.length, 100_000);
    assert.ok(took < 15_000, `took ${Math.round(took)} ms`);
  });
});
