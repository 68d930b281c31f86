import assert from 'node:assert/strict';
import { toPounds } from '../../src/calculators/money.js';
import type { EventRecord } from '../../src/domain/event.js';
import { followThroughOf, slippageAsOf } from '../../src/panel/followThrough.js';
import { slippageLines, slippageViewModel } from '../../src/views/slippageView.js';
import { aChangeRequest, aDecision, aRequest, costChange } from '../calculators/fixtures.js';
import { factsOf } from '../views/facts.js';

const ACTOR = { aadObjectId: 'staff', name: 'Staff' };
const started = (requestId: string, date: string): EventRecord =>
  ({ id: `E-${requestId}-${date}-s`, requestId, type: 'started', date, recordedBy: ACTOR, recordedAt: `${date}T12:00:00.000Z` });

// £7,000 → £3,000 a week, all social care: £4,000 a week saved from Monday 15 June 2026.
const change = aChangeRequest();
const approval = aDecision(change.id, 'proposed', '2026-06-15');
const facts = (events: EventRecord[] = [], more: { requests?: ReturnType<typeof aRequest>[]; decisions?: ReturnType<typeof aDecision>[] } = {}) =>
  factsOf({ requests: [change, ...(more.requests ?? [])], decisions: [approval, ...(more.decisions ?? [])], events });

describe('follow-through: started and slipping (issue #15)', () => {
  it('a start three weeks late: £4,000 × 3 weeks = £12,000.00 by month, not slipping', () => {
    const f = followThroughOf(facts([started(change.id, '2026-07-06')]), change.id, '2026-09-01')!;
    assert.equal(f.started, '2026-07-06');
    assert.equal(f.confirmed, true);
    assert.equal(f.slipping, false);
    assert.equal(f.daysLate, 21);
    assert.equal(f.weeksLate.toString(), '3');
    assert.equal(toPounds(f.weeklySaving), '4000.00');
    assert.equal(toPounds(f.cost), '12000.00');
    // 16 days of June (£9,142.86) and 5 of July (£2,857.14), as in test/calculators/slippageStarted.test.ts.
    assert.deepEqual(f.byMonth.map((m) => [m.month, toPounds(m.cost), toPounds(m.cumulative)]), [['2026-06', '9142.86', '9142.86'], ['2026-07', '2857.14', '12000.00']]);
    assert.deepEqual(slippageLines(f), [
      'Started 6 Jul 2026, 3 weeks after its effective date (15 Jun 2026).',
      'Slippage: £4,000.00 a week × 3 weeks = £12,000.00.',
      'By month: Jun 2026 £9,142.86, Jul 2026 £2,857.14.',
    ]);
  });

  it('unconfirmed: not slipping up to the grace days after the effective date, slipping the day after, costed from the effective date', () => {
    const none = facts();
    // 15 June + 7 days = 22 June: still within the grace days on 22 June (not counted), slipping from 23 June.
    for (const asOf of ['2026-06-15', '2026-06-22']) {
      const f = followThroughOf(none, change.id, asOf)!;
      assert.equal(f.slipping, false, asOf);
      assert.equal(toPounds(f.cost), '0.00', asOf);
    }
    const f = followThroughOf(none, change.id, '2026-06-23')!;
    assert.equal(f.slipping, true);
    // 15 to 22 June, 8 days: £4,000 × 8 ÷ 7 = £4,571.428… → £4,571.43.
    assert.equal(f.daysLate, 8);
    assert.equal(toPounds(f.cost), '4571.43');
    assert.equal(slippageViewModel(f)?.heading, 'Slipping');
    assert.match(slippageLines(f).join(' '), /Not confirmed as started 8 days \(1\.14 weeks\) after its effective date \(15 Jun 2026\): slipping\. Savings at risk so far: £4,000\.00 a week × 8 days \(1\.14 weeks\) = £4,571\.43\./);
    // The grace days are the council's: with 10, 23 June is within them.
    assert.equal(followThroughOf(none, change.id, '2026-06-23', 10)!.slipping, false);
    assert.equal(followThroughOf(none, change.id, '2026-06-16', 0)!.slipping, true);
  });

  it('a cost change or an end confirms the change happened: not slipping, no slippage', () => {
    const f = followThroughOf(facts([costChange(change.id, '2026-07-01', '3100.00')]), change.id, '2026-09-01')!;
    assert.equal(f.confirmed, true);
    assert.equal(f.slipping, false);
    assert.equal(toPounds(f.cost), '0.00');
    assert.equal(slippageViewModel(f), undefined);
  });

  it('a start on or before the effective date is on time; a request not approved has none', () => {
    const f = followThroughOf(facts([started(change.id, '2026-06-15')]), change.id, '2026-09-01')!;
    assert.equal(f.daysLate, 0);
    assert.deepEqual(slippageLines(f), ['Started 15 Jun 2026, on time (effective 15 Jun 2026).']);
    const waiting = aRequest({ id: 'PR-2026-0009' });
    assert.equal(followThroughOf(facts([], { requests: [waiting] }), waiting.id, '2026-09-01'), undefined);
  });

  it('sums confirmed slippage and slipping changes across approvals, and names the slipping ones', () => {
    const other = aChangeRequest({ id: 'PR-2026-0003', childRef: 'C-2' });
    const all = facts([started(change.id, '2026-07-06')], { requests: [other], decisions: [aDecision(other.id, 'proposed', '2026-08-03')] });
    // On 1 Sep: PR-2026-0002 confirmed 3 weeks late, £12,000.00; PR-2026-0003 unconfirmed since 3 August,
    // 29 days: £4,000 × 29 ÷ 7 = £16,571.428… → £16,571.43; together £28,571.43 (£12,000 + £16,571.428…).
    const s = slippageAsOf(all, '2026-09-01');
    assert.equal(toPounds(s.confirmed), '12000.00');
    assert.equal(toPounds(s.slipping), '16571.43');
    assert.equal(toPounds(s.total), '28571.43');
    assert.deepEqual(s.slippingRequests, ['PR-2026-0003']);
    assert.deepEqual(s.byMonth.map((m) => m.month), ['2026-06', '2026-07', '2026-08']);
  });

  it('reads hostile stored dates without throwing', () => {
    const far = aDecision(change.id, 'proposed', '9999-12-31');
    const f = followThroughOf(factsOf({ requests: [change], decisions: [far], events: [] }), change.id, '2026-09-01')!;
    assert.equal(f.slipping, false);
    assert.equal(toPounds(f.cost), '0.00');
    const g = followThroughOf(facts([started(change.id, '9999-12-31')]), change.id, '2026-09-01')!;
    // Counted to the as-of date at most: 15 June to 1 September, 78 days.
    assert.equal(g.daysLate, 78);
  });
});
