import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import type { DecisionRecord } from '../../src/domain/decision.js';
import { approvedDecision, settlementOf, stillNeeded, type QuorumRule } from '../../src/domain/settlement.js';

/*
 * Properties of the settlement under roles and limits, over random rounds of votes: what stood before
 * roles stands still (a store's old votes settle as they did), and a recommendation never approves.
 */

const MEMBERS = ['a', 'b', 'c', 'd'] as const;
const OUTCOMES = ['approve', 'approve_with_conditions', 'decline', 'defer'] as const;

const aVote = fc.record({
  member: fc.constantFrom(...MEMBERS),
  outcome: fc.constantFrom(...OUTCOMES),
  option: fc.constantFrom('proposed', 'alt-1'),
  /** Whether an approval is over the voter's limit (recorded as a recommendation). */
  overLimit: fc.boolean(),
});
type Vote = typeof aVote extends fc.Arbitrary<infer T> ? T : never;

function records(votes: readonly Vote[], options: { limits: boolean }): DecisionRecord[] {
  return votes.map((v, i) => ({
    id: `D-${i + 1}`, requestId: 'PR-2026-0001', outcome: v.outcome, option: v.option, effectiveFrom: '2026-12-07',
    decidedBy: { aadObjectId: v.member, name: v.member }, decidedAt: `2026-12-01T10:${String(Math.floor(i / 60)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}.000Z`,
    ...(options.limits && v.overLimit && v.outcome.startsWith('approve') && { recommendation: { councilCost: '6108.00', limit: '2500.00' } }),
  }));
}

/** The rule as it was before roles (quorum: members, and a chair where asked), kept here as the oracle. */
function before(decisions: readonly DecisionRecord[], rule: { members: number; chairRequired: boolean }, chairs: readonly string[]): { status: string; settledBy?: string } {
  let votes = new Map<string, DecisionRecord>();
  let deferredBy: DecisionRecord | undefined;
  for (const vote of decisions) {
    votes.set(vote.decidedBy.aadObjectId, vote);
    let agreeing = 0;
    let hasChair = false;
    for (const v of votes.values()) {
      if (v.outcome !== vote.outcome || v.option !== vote.option) continue;
      agreeing += 1;
      hasChair ||= chairs.includes(v.decidedBy.aadObjectId);
    }
    if (agreeing < rule.members || (rule.chairRequired && !hasChair)) continue;
    if (vote.outcome === 'defer') {
      deferredBy = vote;
      votes = new Map();
      continue;
    }
    return { status: { approve: 'approved', approve_with_conditions: 'approved_with_conditions', decline: 'declined' }[vote.outcome], settledBy: vote.id };
  }
  return deferredBy ? { status: 'deferred', settledBy: deferredBy.id } : { status: 'pending' };
}

describe('settlement properties (roles and limits)', () => {
  it('votes without roles or recommendations settle exactly as before roles, the chair from the configuration', () => {
    fc.assert(fc.property(fc.array(aVote, { maxLength: 12 }), fc.integer({ min: 1, max: 3 }), fc.boolean(), (votes, members, chairRequired) => {
      const decisions = records(votes, { limits: false });
      const rule: QuorumRule = { members, roles: chairRequired ? ['chair'] : [] };
      const now = settlementOf(decisions, rule, new Map([['c', ['chair']], ['a', ['member']]]));
      assert.deepEqual({ status: now.status, ...(now.settledBy && { settledBy: now.settledBy.id }) }, before(decisions, { members, chairRequired }, ['c']));
      assert.equal(now.awaiting, undefined);
    }), { numRuns: 500 });
  });

  it('an approval settles only with a vote within its limit among those agreeing; waiting is said, and still needed', () => {
    fc.assert(fc.property(fc.array(aVote, { maxLength: 12 }), fc.integer({ min: 1, max: 3 }), (votes, members) => {
      const decisions = records(votes, { limits: true });
      const rule: QuorumRule = { members, roles: [] };
      const s = settlementOf(decisions, rule, new Map());
      const approved = approvedDecision(s);
      if (approved !== undefined) {
        const agreeing = s.votes.filter((v) => v.outcome === approved.outcome && v.option === approved.option);
        assert.ok(agreeing.some((v) => v.recommendation === undefined), 'an approval by recommendations alone');
      }
      if (s.awaiting !== undefined) {
        assert.ok(s.status === 'pending' || s.status === 'deferred');
        const recommended = s.votes.filter((v) => v.recommendation !== undefined && v.option === s.awaiting!.option);
        assert.ok(recommended.length >= members);
      }
      const needed = stillNeeded(s, rule);
      if (needed !== undefined) assert.ok(needed.members > 0 || needed.higherApproval !== undefined, `open, yet nothing needed: ${JSON.stringify(needed)}`);
    }), { numRuns: 500 });
  });
});
