import { strict as assert } from 'node:assert';
import type { DecisionRecord } from '../../src/domain/decision.js';
import { SINGLE_MEMBER, settlementOf } from '../../src/domain/settlement.js';

const NOBODY = new Map<string, string[]>();

let n = 0;
function vote(member: string, outcome: DecisionRecord['outcome'], option = 'proposed'): DecisionRecord {
  n += 1;
  return {
    id: `D-${n}`, requestId: 'PR-2026-0001', outcome, option, effectiveFrom: '2026-04-06',
    decidedBy: { aadObjectId: member, name: member }, decidedAt: `2026-04-01T10:00:${String(n).padStart(2, '0')}Z`,
  };
}

describe('settlement (quorum)', () => {
  it('one member settles under the default rule', () => {
    const s = settlementOf([vote('a', 'approve', 'alt-1')], SINGLE_MEMBER, NOBODY);
    assert.equal(s.status, 'approved');
    assert.equal(s.settledBy?.option, 'alt-1');
  });

  it('chair plus one needs two agreeing members including a chair', () => {
    // The votes carry no roles (recorded before roles were): c counts as the chair configured.
    const rule = { members: 2, roles: ['chair'] };
    const chairs = new Map([['c', ['chair']]]);
    assert.equal(settlementOf([vote('a', 'approve'), vote('b', 'approve')], rule, chairs).status, 'pending');
    assert.equal(settlementOf([vote('a', 'approve'), vote('c', 'decline')], rule, chairs).status, 'pending');
    const s = settlementOf([vote('a', 'approve'), vote('c', 'approve')], rule, chairs);
    assert.equal(s.status, 'approved');
    assert.equal(s.settledBy?.decidedBy.aadObjectId, 'c');
  });

  it('a member who changes their mind is counted once, for their latest vote', () => {
    const rule = { members: 2, roles: [] };
    // a approves, then declines: with b approving, only one approval stands.
    const changed = settlementOf([vote('a', 'approve'), vote('a', 'decline'), vote('b', 'approve')], rule, NOBODY);
    assert.equal(changed.status, 'pending');
    assert.deepEqual(changed.votes.map((v) => `${v.decidedBy.aadObjectId}:${v.outcome}`).sort(), ['a:decline', 'b:approve']);
    // c then declines too: a's latest vote and c's make two declines.
    const settled = settlementOf([vote('a', 'approve'), vote('a', 'decline'), vote('b', 'approve'), vote('c', 'decline')], rule, NOBODY);
    assert.equal(settled.status, 'declined');
    // and the same vote twice still counts once.
    assert.equal(settlementOf([vote('a', 'approve'), vote('a', 'approve')], rule, NOBODY).status, 'pending');
  });

  it('a deferral keeps the request open for a later decision', () => {
    const deferred = settlementOf([vote('a', 'defer')], SINGLE_MEMBER, NOBODY);
    assert.equal(deferred.status, 'deferred');
    const later = settlementOf([vote('a', 'defer'), vote('b', 'decline')], SINGLE_MEMBER, NOBODY);
    assert.equal(later.status, 'declined');
  });
});
