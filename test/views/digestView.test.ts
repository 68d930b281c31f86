import { strict as assert } from 'node:assert';
import { addDays } from '../../src/calculators/dates.js';
import { minDate } from '../../src/calculators/dates.js';
import { Money, formatMoney, sum } from '../../src/calculators/money.js';
import { savingsToDate } from '../../src/calculators/savingsToDate.js';
import { straightLineAsOf, weeklyRateOn, yearEndAtRate } from '../../src/calculators/trajectory.js';
import { DIGEST_RULES, digestFacts } from '../../src/panel/queries.js';
import { chartPounds } from '../../src/views/digestCharts.js';
import { digestCard, digestView } from '../../src/views/digestView.js';
import { aChangeRequest, aDecision, aRequest } from '../calculators/fixtures.js';
import { assertValidCard, cardSize, cardText, findCharts, withChartFallbacks } from '../cards/cardQuality.js';
import { factsOf } from './facts.js';

const TODAY = '2026-11-30';

/** A request decided (approve, with a review date) on `decidedOn`. */
function decidedOn(n: number, decided: string, extra: { reviewDate?: string; plannedEndDate?: string; outcome?: 'approve' | 'decline' | 'defer' } = {}) {
  const id = `PR-2026-${String(n).padStart(4, '0')}`;
  const request = aRequest({
    id, childRef: `C-${n}`,
    proposed: { type: 'residential', provider: 'Oak House', weeklyCost: '6000.00', startDate: '2026-04-06', funding: { socialCare: 100, health: 0, education: 0 }, ...(extra.plannedEndDate && { plannedEndDate: extra.plannedEndDate }) },
  });
  const decision = { ...aDecision(id, 'ifa', '2026-04-06', extra.outcome ?? 'approve'), decidedAt: `${decided}T10:00:00.000Z`, ...(extra.reviewDate && { reviewDate: extra.reviewDate }) };
  return { request, decision };
}

describe('the digest\'s rules (given the panel\'s records, on the digest\'s day)', () => {
  it('the week is the seven days ending today: a decision six days ago is in it, seven days ago is not', () => {
    const inWeek = decidedOn(1, addDays(TODAY, -6));
    const before = decidedOn(2, addDays(TODAY, -7));
    const today = decidedOn(3, TODAY);
    const facts = factsOf({ requests: [inWeek.request, before.request, today.request], decisions: [inWeek.decision, before.decision, today.decision] });
    const d = digestFacts(facts, TODAY, 10);
    assert.equal(d.weekStart, addDays(TODAY, -6));
    assert.deepEqual(d.settled.map((s) => s.request.id).sort(), [inWeek.request.id, today.request.id]);
    assert.equal(DIGEST_RULES.weekDays, 7);
  });

  it('reviews due from today to fourteen days ahead are listed, soonest first; later or past ones are not', () => {
    const cases = [
      decidedOn(1, '2026-05-01', { reviewDate: addDays(TODAY, 14) }),
      decidedOn(2, '2026-05-01', { reviewDate: TODAY }),
      decidedOn(3, '2026-05-01', { reviewDate: addDays(TODAY, 15) }),
      decidedOn(4, '2026-05-01', { reviewDate: addDays(TODAY, -1) }),
    ];
    const d = digestFacts(factsOf({ requests: cases.map((c) => c.request), decisions: cases.map((c) => c.decision) }), TODAY, 10);
    assert.deepEqual(d.reviews.map((r) => r.request.id), ['PR-2026-0002', 'PR-2026-0001']);
  });

  it('placements ending (planned end or 18th birthday, whichever first) within 56 days are listed; the 57th day is not', () => {
    const cases = [
      decidedOn(1, '2026-05-01', { plannedEndDate: addDays(TODAY, 56) }),
      decidedOn(2, '2026-05-01', { plannedEndDate: addDays(TODAY, 57) }),
    ];
    // Born 1 Dec 2008: 18 on 1 Dec 2026, tomorrow, before any planned end.
    const turning18 = decidedOn(3, '2026-05-01');
    const young = { ...turning18, request: { ...turning18.request, dateOfBirth: '2008-12-01' } };
    const all = [...cases, young];
    const d = digestFacts(factsOf({ requests: all.map((c) => c.request), decisions: all.map((c) => c.decision) }), TODAY, 10);
    assert.deepEqual(d.ending.map((e) => [e.request.id, e.why, e.date]), [
      ['PR-2026-0003', 'eighteenth_birthday', '2026-12-01'],
      ['PR-2026-0001', 'planned_end', addDays(TODAY, 56)],
    ]);
  });

  it('lists the week\'s decisions in the order decided: case reference, outcome, option, weekly saving and full-year effect', () => {
    const approved = decidedOn(1, TODAY);
    const declined = decidedOn(2, addDays(TODAY, -1), { outcome: 'decline' });
    const change = aChangeRequest({ id: 'PR-2026-0003', childRef: 'C-3' });
    const changeDecision = { ...aDecision(change.id, 'proposed', '2026-04-06'), decidedAt: `${TODAY}T11:00:00.000Z` };
    const view = digestView(digestFacts(factsOf({
      requests: [approved.request, declined.request, change],
      decisions: [approved.decision, declined.decision, changeDecision],
    }), TODAY, 10));
    assert.equal(view.decisionsSummary, '3 decisions this week: 2 approved, 1 declined');
    assert.deepEqual(view.decisions.items, [
      { title: 'PR-2026-0002 · C-2 · Declined', detail: 'Declined' },
      // 6,000 − 2,500 = £3,500 a week, × 52 = £182,000.
      { title: 'PR-2026-0001 · C-1 · Approved', detail: 'Alternative 1: High-end IFA · saves £3,500.00 a week · full-year effect £182,000.00' },
      // 7,000 − 3,000 = £4,000 a week, × 52 = £208,000.
      { title: 'PR-2026-0003 · C-3 · Approved', detail: 'Proposed: Foster Co · saves £4,000.00 a week · full-year effect £208,000.00' },
    ]);
    assert.equal(view.decisions.more, undefined);
    // The decline adds nothing; both approvals took effect on 6 Apr 2026, so their in-year effect is 2026/27's.
    assert.match(view.approvalsEffect ?? '', /^This week's approvals save £7,500\.00 a week: £390,000\.00 full-year effect, £[\d,]+\.\d\d in 2026\/27\.$/);
  });

  it('a new request\'s own proposal approved is named at its cost as the baseline, not as saving £0.00', () => {
    const { request, decision } = decidedOn(1, TODAY);
    const view = digestView(digestFacts(factsOf({ requests: [request], decisions: [{ ...decision, option: 'proposed' }] }), TODAY, 10));
    assert.deepEqual(view.decisions.items, [
      { title: 'PR-2026-0001 · C-1 · Approved', detail: 'Proposed: Oak House · £6,000.00 a week, the placement asked for (the baseline, so no saving)' },
    ]);
  });

  it('a request that came in today has waited less than a day, not "0 days"', () => {
    const today = aRequest({ id: 'PR-2026-0009', receivedAt: `${TODAY}T08:00:00.000Z` });
    const view = digestView(digestFacts(factsOf({ requests: [today], decisions: [] }), TODAY, 10));
    assert.equal(view.pending, '1 request waiting for the panel, the oldest (PR-2026-0009) for less than a day.');
  });

  it('a decision whose stored option the request does not have is listed without a saving, not thrown on', () => {
    const odd = decidedOn(1, TODAY);
    const view = digestView(digestFacts(factsOf({ requests: [odd.request], decisions: [{ ...odd.decision, option: 'gone' }] }), TODAY, 10));
    assert.deepEqual(view.decisions.items, [{ title: 'PR-2026-0001 · C-1 · Approved', detail: 'Approved' }]);
    assert.equal(view.approvalsEffect, undefined);
  });

  it('uses the council\'s weeks per year for full-year figures', () => {
    const approved = decidedOn(1, TODAY);
    const view = digestView(digestFacts(factsOf({ requests: [approved.request], decisions: [approved.decision] }, { weeksPerYear: 53 }), TODAY, 10));
    // 3,500 × 53 = £185,500.
    assert.match(view.decisions.items[0]!.detail, /full-year effect £185,500\.00$/);
  });
});

describe('the digest\'s year against its target (figures from the calculators, charts equal to them)', () => {
  // Three approvals in effect from 6 Apr 2026 saving £3,500 a week each; one more from 1 Nov 2026.
  function year(settings: { savingsTarget?: string } = { savingsTarget: '1000000' }) {
    const cases = [1, 2, 3].map((n) => decidedOn(n, '2026-04-01'));
    const late = decidedOn(4, '2026-10-20');
    const lateDecision = { ...late.decision, effectiveFrom: '2026-11-01' };
    const records = { requests: [...cases.map((c) => c.request), late.request], decisions: [...cases.map((c) => c.decision), lateDecision] };
    return { records, facts: factsOf(records, settings) };
  }

  it('saved so far, the weekly rate now and the year end at that rate come from the savings calculators', () => {
    const { records, facts } = year();
    const d = digestFacts(facts, TODAY, 10);
    const t = d.trajectory;
    const savingsCases = records.requests.map((request) => ({ request, decision: records.decisions.find((x) => x.requestId === request.id), events: [] }));
    assert.equal(t.savedSoFar.toString(), savingsToDate(savingsCases, TODAY).byFinancialYear['2026/27']!.toString());
    assert.equal(t.weeklyRate.toString(), weeklyRateOn(savingsCases, TODAY).toString());
    assert.equal(t.weeklyRate.toString(), '14000');
    assert.equal(t.yearEnd.toString(), yearEndAtRate(t.savedSoFar, t.weeklyRate, TODAY, t.year).toString());
    assert.equal(t.straightLine!.toString(), straightLineAsOf('1000000', t.year, TODAY).toString());
    const view = digestView(d);
    assert.deepEqual(view.year.facts, [
      { title: 'Saved so far', value: formatMoney(t.savedSoFar) },
      { title: 'Saving now', value: '£14,000.00 a week' },
      { title: 'Year end at this rate (31 Mar 2027)', value: formatMoney(t.yearEnd) },
    ]);
    // 3 × £3,500 × 238 days ÷ 7 + £3,500 × 29 ÷ 7 = £357,000 + £14,500 = £371,500; then £14,000 a week for 122 days: £244,000.
    assert.equal(formatMoney(t.savedSoFar), '£371,500.00');
    assert.equal(formatMoney(t.yearEnd), '£615,500.00');
    assert.deepEqual(view.year.status, { text: 'Not on track: at this rate the year ends £384,500.00 short of the target.', tone: 'attention' });
    const onTrack = digestView(digestFacts(year({ savingsTarget: '600000' }).facts, TODAY, 10));
    assert.deepEqual(onTrack.year.status, { text: 'On track: at this rate the year ends £15,500.00 above the target.', tone: 'good' });
  });

  it('the line chart plots the months\' cumulative savings and the target\'s straight line, at YYYY-MM-DD dates', () => {
    const d = digestFacts(year().facts, TODAY, 10);
    const t = d.trajectory;
    const chart = digestView(d).year.line.chart;
    const [saved, line, rate] = chart.data;
    assert.deepEqual(saved!.values!.map((v) => v.x), ['2026-04-01', '2026-05-01', '2026-06-01', '2026-07-01', '2026-08-01', '2026-09-01', '2026-10-01', '2026-11-01', TODAY]);
    // Each point is the running sum of the months' savings, and the last is what was saved so far.
    let running = new Money(0);
    t.months.forEach((m, i) => {
      running = running.plus(m.saved);
      assert.equal(saved!.values![i + 1]!.y, chartPounds(running), m.month);
    });
    assert.equal(saved!.values!.at(-1)!.y, chartPounds(t.savedSoFar));
    assert.deepEqual(line!.values!.at(-1), { x: '2027-04-01', y: 1_000_000 });
    assert.equal(line!.values![1]!.y, chartPounds(straightLineAsOf('1000000', t.year, '2026-05-01')));
    assert.deepEqual(rate!.values, [{ x: TODAY, y: chartPounds(t.savedSoFar) }, { x: '2027-04-01', y: chartPounds(t.yearEnd) }]);
    // The fallback table: a row a month, the month under way saying how far it is counted; the target's share of each month's days.
    const rows = digestView(d).year.line.rows;
    assert.equal(rows.length, 8);
    assert.deepEqual(rows[0], { month: 'Apr 2026', saved: formatMoney(t.months[0]!.saved), target: formatMoney(straightLineAsOf('1000000', t.year, '2026-05-01')) });
    assert.equal(rows.at(-1)!.month, 'Nov 2026 (to 29 Nov)');
  });

  it('the gauge shows the share of the target saved, held to 0–100; without a target there is no gauge, no status and no target line', () => {
    const { facts } = year();
    const view = digestView(digestFacts(facts, TODAY, 10));
    // £371,500 of £1,000,000: 37%.
    assert.equal(view.year.gauge!.chart.value, 37);
    assert.deepEqual(view.year.gauge!.chart.segments!.map((s) => s.size), [37, 63]);
    assert.equal(view.year.gauge!.fallback.text, '37% of £1,000,000 target');
    assert.equal(digestView(digestFacts(year({ savingsTarget: '100000' }).facts, TODAY, 10)).year.gauge!.chart.value, 100);
    const none = digestView(digestFacts(year({}).facts, TODAY, 10));
    assert.equal(none.year.gauge, undefined);
    assert.equal(none.year.status, undefined);
    assert.deepEqual(none.year.line.chart.data.map((s) => s.legend), ['Saved', 'At this week\'s rate']);
    assert.equal(none.year.line.hasTarget, false);
    assert.ok(none.year.line.rows.every((r) => r.target === undefined));
  });

  it('the donut is the council\'s weekly cost of what is in force by placement type, the same figures as its fallback', () => {
    const { records } = year();
    const foster = aRequest({ id: 'PR-2026-0009', childRef: 'C-9', proposed: { type: 'in_house_fostering', provider: 'Council', weeklyCost: '900.00', startDate: '2026-04-06', funding: { socialCare: 50, health: 50, education: 0 } } });
    const facts = factsOf({ requests: [...records.requests, foster], decisions: [...records.decisions, aDecision(foster.id, 'proposed', '2026-04-06')] });
    const spend = digestView(digestFacts(facts, TODAY, 10)).spend;
    // Four at the IFA's £2,500 (the council pays all of it) and one at half of £900.
    assert.equal(spend.summary, '5 placements in force');
    assert.deepEqual(spend.donut!.chart.data, [{ legend: 'Independent fostering agency (IFA)', value: 10_000 }, { legend: 'In-house fostering', value: 450 }]);
    assert.equal(spend.donut!.chart.value, '£10k/wk', 'the total in the middle');
    assert.deepEqual(spend.donut!.rows, [
      { title: 'Independent fostering agency (IFA)', value: '4 placements · £10,000.00 a week' },
      { title: 'In-house fostering', value: '1 placement · £450.00 a week' },
      { title: 'All placements in force', value: '£10,450.00 a week' },
    ]);
    assert.equal(digestView(digestFacts(factsOf({ requests: [] }), TODAY, 10)).spend.donut, undefined);
  });
});

describe('the digest card', () => {
  it('carries Chart.Line, Chart.Donut and Chart.Gauge, each with a fallback that reads the same figures', () => {
    const facts = factsOf({ requests: [decidedOn(1, TODAY).request], decisions: [decidedOn(1, TODAY).decision] }, { savingsTarget: '1000000' });
    const card = digestCard(facts, TODAY);
    assertValidCard(card);
    const charts = findCharts(card);
    assert.deepEqual(charts.map((c) => c.type), ['Chart.Gauge', 'Chart.Line', 'Chart.Donut']);
    for (const chart of charts) assert.ok(typeof (chart.fallback as { type?: unknown })?.type === 'string', `${String(chart.type)} has a fallback`);
    const shown = cardText(withChartFallbacks(card));
    const view = digestView(digestFacts(facts, TODAY, 10));
    assert.ok(shown.includes(view.year.gauge!.fallback.text), 'progress to the target as text');
    for (const row of view.year.line.rows) assert.ok(shown.includes(row.month) && shown.includes(row.saved), row.month);
    for (const row of view.spend.donut!.rows) assert.ok(shown.includes(`${row.title}: ${row.value}`), row.title);
  });

  it('shows each of its figures once', () => {
    // Approvals from April and two this week (one a dearer option), so the week's, the year's and the spend's figures differ.
    const old = [1, 2, 3].map((n) => decidedOn(n, '2026-04-01'));
    const week = [decidedOn(4, addDays(TODAY, -2)), decidedOn(5, addDays(TODAY, -1))];
    week[1] = { ...week[1]!, decision: { ...week[1]!.decision, option: 'dearer' } };
    const all = [...old, ...week].map((c) => ({ ...c, decision: { ...c.decision, effectiveFrom: c === week[0] || c === week[1] ? '2026-11-25' : '2026-04-06' } }));
    const facts = factsOf({ requests: all.map((c) => c.request), decisions: all.map((c) => c.decision) }, { savingsTarget: '1000000' });
    const d = digestFacts(facts, TODAY, 10);
    const text = cardText(withChartFallbacks(digestCard(facts, TODAY)));
    const t = d.trajectory;
    const once = [t.savedSoFar, t.weeklyRate, t.yearEnd, t.yearEndAgainstTarget!.abs(), sum(d.spend.map((s) => s.councilWeekly)),
      sum(d.settled.map((s) => s.projected!.weekly)), sum(d.settled.map((s) => s.projected!.fullYear))].map(formatMoney);
    assert.equal(new Set(once).size, once.length, `the scenario's figures differ: ${once.join(', ')}`);
    for (const figure of once) assert.equal(text.split(figure).length - 1, 1, `${figure} once in:\n${text}`);
    assert.equal(text.split('£1,000,000').length - 1, 1, 'the target once');
  });

  it('stays under 28 KB with a year of decisions, 40 in its last week: each list its first ten and a count', function () {
    this.timeout(60_000);
    const requests = [];
    const decisions = [];
    // 52 weeks × 20 decisions, then 40 in the digest's week; long provider names and case references.
    for (let n = 1; n <= 52 * 20 + 40; n += 1) {
      const decided = n <= 52 * 20 ? addDays('2025-12-01', Math.floor((n - 1) / 20) * 7) : addDays(TODAY, -(n % 7));
      const c = decidedOn(n, decided, { reviewDate: addDays(TODAY, n % 14), plannedEndDate: addDays(TODAY, 1 + (n % 50)) });
      const request = { ...c.request, childRef: `C-${String(n).padStart(8, '0')}-LONGREF`, proposed: { ...c.request.proposed, provider: `Provider ${n} with a long trading name Ltd` } };
      requests.push(request);
      decisions.push({ ...c.decision, effectiveFrom: minDate(decided, '2026-11-01') });
    }
    const card = digestCard(factsOf({ requests, decisions }, { savingsTarget: '1000000' }), TODAY);
    assertValidCard(card);
    assert.ok(cardSize(card).utf8Bytes < 28 * 1024, `${cardSize(card).utf8Bytes} bytes`);
    const text = cardText(card);
    assert.match(text, /40 decisions this week/);
    assert.match(text, /and 30 more/, 'the week\'s decisions');
    // 1,080 approvals, each reviewed in the next fortnight, ending in the next 50 days and above its need band.
    assert.equal(text.match(/and 1070 more/g)?.length, 3, 'reviews, placements ending and outliers');
  });
});
