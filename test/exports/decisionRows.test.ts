import { strict as assert } from 'node:assert';
import { decisionRows } from '../../src/exports/decisionRows.js';
import { decisionsSheet } from '../../src/exports/exportSheets.js';
import { tableOf } from '../../src/exports/sheet.js';
import type { DecisionRecord } from '../../src/domain/decision.js';
import type { StoredEventRecord } from '../../src/domain/event.js';
import { aChangeRequest, aDecision, aRequest, started } from '../calculators/fixtures.js';
import { factsOf } from '../views/facts.js';

const ACTOR = { aadObjectId: 'm-1', name: 'Jane Chair' };

/** An approval with two conditions of a change (£7,000 → £3,000 a week: £4,000 saved) from 4 May 2026. */
function conditional(): { request: ReturnType<typeof aChangeRequest>; decision: DecisionRecord } {
  const request = aChangeRequest({ id: 'PR-2026-0002', childRef: 'C-2' });
  const decision: DecisionRecord = {
    ...aDecision(request.id, 'proposed', '2026-05-04', 'approve_with_conditions'), reviewDate: '2026-11-02',
    conditions: [{ text: 'Education plan agreed', owner: 'Virtual school', due: '2026-05-20' }, { text: 'Health check', owner: 'Nurse', due: '2026-06-01' }],
  };
  return { request, decision };
}

const done = (requestId: string, n: number, date: string): StoredEventRecord => ({
  id: `E-${requestId}-${n}`, requestId, type: 'condition_completed', condition: n, date, recordedBy: ACTOR, recordedAt: `${date}T12:00:00.000Z`,
});

describe('the decisions export: conditions and follow-through (what finance and the chair check after an approval)', () => {
  it('the settling approval lists its conditions with their state, counts those open, and says it started late at what cost', () => {
    const { request, decision } = conditional();
    // Started 18 May, two weeks after 4 May: £4,000 × 2 = £8,000.00 of savings slipped.
    const facts = factsOf({ requests: [request], decisions: [decision], events: [done(request.id, 1, '2026-05-19'), started(request.id, '2026-05-18')] });
    const [row] = decisionRows(facts, '2026-07-01');
    assert.equal(row!.conditions, '1. Education plan agreed (Virtual school, due 2026-05-20): done 2026-05-19; 2. Health check (Nurse, due 2026-06-01): open');
    assert.equal(row!.conditionsOpen, 1);
    assert.equal(row!.followThrough?.state, 'Started late');
    assert.equal(row!.followThrough?.started, '2026-05-18');
    assert.equal(row!.followThrough?.cost.toFixed(2), '8000.00');
  });

  it('a start on the effective date is on time and costs nothing', () => {
    const { request, decision } = conditional();
    const facts = factsOf({ requests: [request], decisions: [decision], events: [started(request.id, '2026-05-04')] });
    const f = decisionRows(facts, '2026-07-01')[0]!.followThrough!;
    assert.deepEqual([f.state, f.started, f.cost.toFixed(2)], ['On time', '2026-05-04', '0.00']);
  });

  it('an approval never confirmed as started is slipping past its grace days, costed to the day of the export', () => {
    const { request, decision } = conditional();
    const facts = factsOf({ requests: [request], decisions: [decision] }, { slippageGraceDays: 14 });
    assert.equal(decisionRows(facts, '2026-05-10')[0]!.followThrough?.state, 'Not yet confirmed', 'within the grace days');
    const late = decisionRows(facts, '2026-06-01')[0]!.followThrough!;
    // 4 May to 31 May (1 June not counted): 28 days, four weeks of £4,000.
    assert.deepEqual([late.state, late.started, late.cost.toFixed(2)], ['Slipping', undefined, '16000.00']);
  });

  it('a decline has neither; a vote that did not settle lists its conditions without a state', () => {
    const declined = aRequest({ id: 'PR-2026-0001', childRef: 'C-1' });
    const { request, decision } = conditional();
    // Two members must agree: the first vote does not settle the request, the second does.
    const first: DecisionRecord = { ...decision, id: 'D-early', decidedBy: { aadObjectId: 'm-2', name: 'Sam Finance' }, decidedAt: '2026-05-03T10:00:00.000Z' };
    const facts = factsOf(
      { requests: [declined, request], decisions: [aDecision(declined.id, 'ifa', '2026-05-01', 'decline'), first, decision] },
      {}, { roles: new Map(), quorum: { members: 2, roles: [] } },
    );
    const rows = decisionRows(facts, '2026-07-01');
    const decline = rows.find((r) => r.requestId === declined.id)!;
    assert.deepEqual([decline.conditions, decline.conditionsOpen, decline.followThrough], [undefined, undefined, undefined]);
    assert.equal(rows.find((r) => r.decisionId === decision.id)!.settling, true);
    const vote = rows.find((r) => r.decisionId === 'D-early')!;
    assert.equal(vote.settling, false);
    assert.equal(vote.conditions, '1. Education plan agreed (Virtual school, due 2026-05-20); 2. Health check (Nurse, due 2026-06-01)');
    assert.equal(vote.followThrough, undefined);
  });

  it('the columns carry them, money as a number and the start as a date', () => {
    const { request, decision } = conditional();
    const facts = factsOf({ requests: [request], decisions: [decision], events: [started(request.id, '2026-05-18')] });
    const table = tableOf(decisionsSheet(facts, '2026-07-01'));
    const cell = (header: string) => {
      const i = table.columns.findIndex((c) => c.header === header);
      assert.ok(i >= 0, `no column ${header}`);
      return { kind: table.columns[i]!.kind, value: table.rows[0]![i] };
    };
    assert.deepEqual(cell('Conditions open'), { kind: 'count', value: 2 });
    assert.deepEqual(cell('Follow-through'), { kind: 'text', value: 'Started late' });
    assert.deepEqual(cell('Started on'), { kind: 'date', value: '2026-05-18' });
    const slippage = cell('Slippage to date');
    assert.equal(slippage.kind, 'money');
    assert.equal(String(slippage.value), '8000');
  });
});
