import { strict as assert } from 'node:assert';
import { activePlacements, cohortMembers, financialYearFacts, savingsAsOf, topPlacements, valueOutliers, waitingRequests } from '../../src/panel/queries.js';
import { cohortView } from '../../src/views/cohortView.js';
import { pendingView } from '../../src/views/pendingView.js';
import { requestCardView } from '../../src/views/requestView.js';
import { savingsView } from '../../src/views/savingsView.js';
import { topPlacementsView } from '../../src/views/topPlacementsView.js';
import { valueCheckView } from '../../src/views/valueCheckView.js';
import { aChangeRequest, aDecision, aRequest, costChange, ended } from '../calculators/fixtures.js';
import { factsOf } from './facts.js';

const FULL = { socialCare: 100, health: 0, education: 0 };

describe('views are pure functions of the panel\'s facts', () => {
  it('pending: waiting requests (pending or deferred) oldest first, with how long each has waited', () => {
    const newer = aRequest({ id: 'PR-2026-0002', childRef: 'C-2', receivedAt: '2026-04-10T09:00:00.000Z' });
    const older = aRequest({ id: 'PR-2026-0001', childRef: 'C-1', receivedAt: '2026-04-01T09:00:00.000Z' });
    const deferred = aRequest({ id: 'PR-2026-0003', childRef: 'C-3', receivedAt: '2026-04-05T09:00:00.000Z' });
    const decided = aRequest({ id: 'PR-2026-0004', childRef: 'C-4' });
    const facts = factsOf({ requests: [newer, older, deferred, decided], decisions: [aDecision(deferred.id, 'proposed', '2026-04-06', 'defer'), aDecision(decided.id, 'ifa', '2026-04-06')] });
    const view = pendingView(waitingRequests(facts), '2026-04-10');
    assert.equal(view.summary, '3 requests waiting for the panel');
    assert.deepEqual(view.rows.map((r) => [r.requestId, r.waited]), [['PR-2026-0001', '9 days'], ['PR-2026-0003', '5 days'], ['PR-2026-0002', 'less than a day']]);
    assert.equal(pendingView([], '2026-04-10').summary, 'Nothing is waiting for the panel.');
  });

  it('top placements: in force on the day, dearest first, ended ones left out, with who pays', () => {
    const a = aRequest({ id: 'PR-2026-0001', childRef: 'C-1' });
    const b = aRequest({ id: 'PR-2026-0002', childRef: 'C-2', alternatives: [{ id: 'split', label: 'Shared', type: 'ifa', weeklyCost: '8000.00', funding: { socialCare: 50, health: 50, education: 0 } }] });
    const gone = aRequest({ id: 'PR-2026-0003', childRef: 'C-3' });
    const facts = factsOf({
      requests: [a, b, gone],
      decisions: [aDecision(a.id, 'ifa', '2026-04-06'), aDecision(b.id, 'split', '2026-04-06'), aDecision(gone.id, 'proposed', '2026-04-06')],
      events: [costChange(a.id, '2026-05-01', '2700.00'), ended(gone.id, '2026-05-01')],
    });
    const view = topPlacementsView(topPlacements(facts, '2026-06-01', 15), '2026-06-01', 52);
    assert.deepEqual(view.rows.map((r) => [r.requestId, r.weeklyCost, r.councilShare, r.health]), [
      ['PR-2026-0002', '£8,000.00', '£4,000.00', '£4,000.00'],
      ['PR-2026-0001', '£2,700.00', '£2,700.00', '£0.00'],
    ]);
    // (8,000 + 2,700) × 52 = £556,400.
    assert.equal(view.total, 'Together £10,700.00/wk (£556k/yr)');
    assert.equal([...activePlacements(facts, '2026-04-05')].length, 0, 'nothing is in force before the effective date');
  });

  it('value check: only placements above their band, furthest first, with the ratio to the band midpoint', () => {
    // Need level 3 (a domain at 3): residential 5,800–7,800, midpoint 6,800.
    const above = aRequest({ id: 'PR-2026-0001', childRef: 'C-1', proposed: { type: 'residential', provider: 'Oak', weeklyCost: '10200.00', startDate: '2026-04-06', funding: FULL } });
    const within = aRequest({ id: 'PR-2026-0002', childRef: 'C-2', proposed: { type: 'residential', provider: 'Elm', weeklyCost: '7000.00', startDate: '2026-04-06', funding: FULL } });
    const facts = factsOf({ requests: [above, within], decisions: [aDecision(above.id, 'proposed', '2026-04-06'), aDecision(within.id, 'proposed', '2026-04-06')] });
    const view = valueCheckView(valueOutliers(facts, '2026-06-01', 15), '2026-06-01');
    assert.deepEqual(view.rows.map((r) => [r.requestId, r.band, r.ratio]), [['PR-2026-0001', '£5,800.00–£7,800.00', '1.5×']]);
  });

  it('cohort: original against current council weekly cost, by kind, with reasons for reductions', () => {
    const fresh = aRequest({ id: 'PR-2026-0001', childRef: 'C-1' });
    const change = aChangeRequest({ id: 'PR-2026-0002', childRef: 'C-2' });
    const facts = factsOf({ requests: [fresh, change], decisions: [aDecision(fresh.id, 'ifa', '2026-04-06'), aDecision(change.id, 'proposed', '2026-04-06')] });
    const view = cohortView(cohortMembers(facts, '2026-06-01'), '2026-06-01', 52);
    // Original 6,000 + 7,000 = 13,000; current 2,500 + 3,000 = 5,500; difference −7,500 a week, −£390,000 a year.
    assert.equal(view.originalWeekly, '£13,000.00');
    assert.equal(view.currentWeekly, '£5,500.00');
    assert.equal(view.difference, '−£7,500.00');
    assert.equal(view.annualised, '−£390,000.00 a year');
    // Both moved to fostering through the panel's choice: one reason, two people, £7,500 a week.
    assert.deepEqual(view.reductions.rows.map((r) => [r.reason, r.people, r.weekly]), [['Panel chose independent fostering agency', '2', '£7,500.00']]);
    assert.deepEqual(view.increases.rows, []);
  });

  it('savings: realised beside projected, this year\'s block with progress to the target', () => {
    const fresh = aRequest({ id: 'PR-2026-0001', childRef: 'C-1' });
    const facts = factsOf({ requests: [fresh], decisions: [aDecision(fresh.id, 'ifa', '2026-04-06')] }, { savingsTarget: '1000000.00' });
    // 3,500 × 28 days ÷ 7 = £14,000.00 by 4 May.
    const view = savingsView(savingsAsOf(facts, '2026-05-04'), 'Savings to date', financialYearFacts(facts, '2026-05-04'));
    assert.equal(view.total, '£14,000.00');
    assert.equal(view.costAvoidance, '£14,000.00');
    // Promised: 3,500 a week over the same 28 days, £14,000.00; a year, × 52 both.
    assert.deepEqual(view.toDate[0], { label: 'Cost avoidance', projected: '£14,000.00', realised: '£14,000.00' });
    assert.deepEqual(view.perYear[0], { label: 'Cost avoidance', projected: '£182,000.00', realised: '£182,000.00' });
    assert.equal(view.thisYear?.toDate, '£14,000.00');
    assert.equal(view.thisYear?.progress?.text, '1% of £1,000,000 target');
  });

  it('request card: figures from the approval\'s effective date once approved; buttons only while open for members', () => {
    const request = aRequest({ proposed: { type: 'residential', provider: 'Oak', weeklyCost: '6000.00', startDate: '2026-10-12', funding: FULL } });
    const open = requestCardView(factsOf({ requests: [request] }), request, '2026-09-01', { canDecide: true });
    assert.ok(open.actions, 'a member sees the decision inputs while it waits');
    // The client refuses an effective date before the start or over three years after it.
    assert.deepEqual(open.actions.effectiveFromRange, { min: '2026-10-12', max: '2029-10-12' });
    const ifaOpen = open.options.find((o) => o.id === 'ifa')!;
    // From the start (12 Oct 2026 to 31 Mar 2027, 171 days): 3,500 × 171 ÷ 7 = £85,500.00.
    assert.equal(ifaOpen.saving?.inYear, '£85,500.00');
    const decided = requestCardView(factsOf({ requests: [request], decisions: [aDecision(request.id, 'ifa', '2026-11-02')] }), request, '2026-09-01', { canDecide: true });
    assert.equal(decided.actions, undefined, 'no buttons once settled');
    // From 2 Nov 2026: 150 days, 3,500 × 150 ÷ 7 = £75,000.00.
    assert.equal(decided.options.find((o) => o.id === 'ifa')!.saving?.inYear, '£75,000.00');
  });
});
