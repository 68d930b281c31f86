import { strict as assert } from 'node:assert';
import { addDays } from '../../src/calculators/dates.js';
import { DIGEST_RULES, digestFacts } from '../../src/panel/queries.js';
import { digestView } from '../../src/views/digestView.js';
import { aChangeRequest, aDecision, aRequest } from '../calculators/fixtures.js';
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

  it('counts only approvals in the full-year effect, and shows each outcome once', () => {
    const approved = decidedOn(1, TODAY);
    const declined = decidedOn(2, TODAY, { outcome: 'decline' });
    const change = aChangeRequest({ id: 'PR-2026-0003', childRef: 'C-3' });
    const changeDecision = { ...aDecision(change.id, 'proposed', '2026-04-06'), decidedAt: `${TODAY}T11:00:00.000Z` };
    const view = digestView(digestFacts(factsOf({
      requests: [approved.request, declined.request, change],
      decisions: [approved.decision, declined.decision, changeDecision],
    }), TODAY, 10));
    // (6,000 − 2,500) × 52 = £182,000 and (7,000 − 3,000) × 52 = £208,000: £390,000; the decline adds nothing.
    assert.deepEqual(view.approvalsEffect[0], { title: 'Full-year effect of this week\'s approvals', value: '£390,000.00' });
    assert.deepEqual(view.decisionsByOutcome.map((f) => [f.title, f.value]), [['Approved', '2'], ['Approved with conditions', '0'], ['Declined', '1'], ['Deferred', '0']]);
    assert.equal(view.decisionsSummary, '3 decisions this week');
  });

  it('uses the council\'s weeks per year for full-year figures', () => {
    const approved = decidedOn(1, TODAY);
    const view = digestView(digestFacts(factsOf({ requests: [approved.request], decisions: [approved.decision] }, { weeksPerYear: 53 }), TODAY, 10));
    // 3,500 × 53 = £185,500.
    assert.equal(view.approvalsEffect[0]!.value, '£185,500.00');
  });
});
