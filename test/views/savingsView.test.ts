import { strict as assert } from 'node:assert';
import { savingsAsOf } from '../../src/panel/queries.js';
import { approvalsNotStarted, savingsOverPeriod } from '../../src/panel/savingsQueries.js';
import { savingsView } from '../../src/views/savingsView.js';
import { aChangeRequest, aDecision, aRequest, costChange } from '../calculators/fixtures.js';
import { factsOf } from './facts.js';

// A new request choosing the £2,500/wk IFA over £6,000/wk residential from 6 April 2026 (3,500/wk),
// its carers' fee raised to £2,850 from 20 April (3,150/wk); a step-down 7,000 → 3,000 approved from
// 1 June (4,000/wk).
const A = aRequest({ id: 'PR-2026-0001', childRef: 'C-1' });
const B = aChangeRequest({ id: 'PR-2026-0002', childRef: 'C-2' });
const facts = factsOf({
  requests: [A, B],
  decisions: [aDecision(A.id, 'ifa', '2026-04-06'), aDecision(B.id, 'proposed', '2026-06-01')],
  events: [costChange(A.id, '2026-04-20', '2850.00')],
});

describe('the savings card\'s view: the period named, like compared with like', () => {
  it('to date: promised over the same days beside realised, a year beside a year', () => {
    // As of 4 May: 28 days. Promised 3,500 × 4 = 14,000; realised 3,500 × 2 + 3,150 × 2 = 13,300.
    // A year: promised 3,500 × 52 = 182,000; running 3,150 × 52 = 163,800.
    const view = savingsView(savingsAsOf(facts, '2026-05-04'), 'Savings to date', undefined, { weeksPerYear: 52 });
    assert.equal(view.period, 'Up to and including 3 May 2026');
    assert.deepEqual(view.toDate, [
      { label: 'Cost avoidance', projected: '£14,000.00', realised: '£13,300.00' },
      { label: 'Cashable', projected: '£0.00', realised: '£0.00' },
    ]);
    assert.deepEqual(view.perYear[0], { label: 'Cost avoidance', projected: '£182,000.00', realised: '£163,800.00' });
    assert.match(view.comparisonBasis, /running on 3 May 2026 × 52/);
    assert.equal(view.notStarted, undefined, 'listed only when asked');
  });

  it('over a period: named exactly, counted only within it, with approvals not started by its end', () => {
    // 20 Apr to 3 May inclusive: 14 days at 3,150 = 6,300 realised, 3,500 × 2 = 7,000 promised.
    const report = savingsOverPeriod(facts, { from: '2026-04-20', to: '2026-05-03' });
    const view = savingsView(report, 'Savings', undefined, { weeksPerYear: 52, notStarted: approvalsNotStarted(facts, '2026-05-03'), runsTo: '2026-05-31' });
    assert.equal(view.period, '20 Apr 2026 to 3 May 2026 inclusive');
    assert.equal(view.total, '£6,300.00');
    assert.equal(view.toDate[0]!.projected, '£7,000.00');
    assert.match(view.ongoing!, /runs to 31 May 2026/);
    assert.deepEqual(view.notStarted, { heading: 'Approved, not started by 3 May 2026', rows: [{ line: 'PR-2026-0002 from 1 Jun 2026: £4,000.00 a week promised' }] });
    assert.deepEqual(approvalsNotStarted(facts, '2026-06-01'), [], 'in effect on 1 June');
  });

  it('names reasons as people say them', () => {
    const ifa = aChangeRequest({ id: 'PR-2026-0003', childRef: 'C-3', changeReason: 'ifa_to_in_house' });
    const view = savingsView(savingsAsOf(factsOf({ requests: [A, ifa], decisions: [aDecision(A.id, 'ifa', '2026-04-06'), aDecision(ifa.id, 'proposed', '2026-04-06')] }), '2026-05-04'), 'Savings to date', undefined);
    assert.deepEqual(view.byReason.map((r) => r.label).sort(), ['Cost avoidance (new placements)', 'Independent fostering agency to in-house fostering']);
    assert.equal(view.basis, '2 approved decisions counted');
  });
});
