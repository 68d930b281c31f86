import { strict as assert } from 'node:assert';
import type { DecisionRecord, DecisionSubmission } from '../../src/domain/decision.js';
import { decideOn, type DecisionCommand } from '../../src/domain/decisionRule.js';
import { councilCostOf, OPEN_PANEL, panelGovernance, type Governance } from '../../src/domain/governance.js';
import { storedRequestSchema, type StoredRequest } from '../../src/domain/request.js';

const REQUEST: StoredRequest = storedRequestSchema.parse({
  id: 'PR-2026-0001', receivedAt: '2026-03-01T10:00:00.000Z', receivedVia: 'api', receivedBy: 'case system',
  childRef: 'C-10423', dateOfBirth: '2012-05-17', kind: 'new',
  needs: { summary: 'High needs', scores: { behaviour: 4 } },
  proposed: { type: 'residential', provider: 'Hillside', weeklyCost: '6108.00', startDate: '2026-04-06', funding: { socialCare: 100, health: 0, education: 0 } },
  alternatives: [{ id: 'alt-1', label: 'In-house fostering', type: 'in_house_fostering', weeklyCost: '1200.00', funding: { socialCare: 100, health: 0, education: 0 } }],
  requestedBy: 'placements team', reason: 'No match',
});

const NOW = new Date('2026-04-01T10:00:00.000Z');
const ONE: Governance = OPEN_PANEL;
const TWO_WITH_CHAIR: Governance = panelGovernance({ members: [], chairs: ['chair'], quorum: { members: 2, roles: ['chair'] } });

let n = 0;
/** A decision already recorded. */
function recorded(member: string, outcome: DecisionRecord['outcome'], option = 'proposed'): DecisionRecord {
  n += 1;
  return {
    id: `D-${n}`, requestId: REQUEST.id, outcome, option, effectiveFrom: '2026-04-06',
    decidedBy: { aadObjectId: member, name: member }, decidedAt: `2026-03-31T10:00:${String(n % 60).padStart(2, '0')}.000Z`,
  };
}

/** A click by `member`. */
function click(member: string, submission: Partial<DecisionSubmission>, isMember = true): DecisionCommand {
  return {
    request: REQUEST,
    submission: { requestId: REQUEST.id, outcome: 'approve', option: 'proposed', ...submission },
    actor: { aadObjectId: member, name: `Member ${member}` },
    isMember,
    now: NOW,
    roles: [],
    deputyFor: [],
    limit: undefined,
    councilCost: (option) => councilCostOf(REQUEST, option)!,
    conflicted: false,
  };
}

describe('the decision rule (given the decisions so far, when a member clicks, then…)', () => {
  it('given none, when a member approves an alternative, then it is recorded from the start date, by them, now', () => {
    const verdict = decideOn([], click('a', { option: 'alt-1', comment: 'Best fit' }), ONE);
    assert.deepEqual(verdict, {
      kind: 'record',
      decision: {
        requestId: REQUEST.id, outcome: 'approve', option: 'alt-1', comment: 'Best fit', effectiveFrom: '2026-04-06',
        decidedBy: { aadObjectId: 'a', name: 'Member a' }, decidedAt: NOW.toISOString(), roles: [],
      },
    });
  });

  it('given none, when someone off the panel clicks, then they are refused as not a member', () => {
    assert.deepEqual(decideOn([], click('x', {}, false), ONE), { kind: 'not_member' });
  });

  it('given none, when the option is not on the request, then it is refused naming it', () => {
    assert.deepEqual(decideOn([], click('a', { option: 'alt-9' }), ONE), { kind: 'unknown_option', option: 'alt-9' });
  });

  it('given none, when an approval takes effect before the start, then it is refused with the reason; a decline is not checked', () => {
    const verdict = decideOn([], click('a', { effectiveFrom: '2026-04-05' }), ONE);
    assert.equal(verdict.kind, 'invalid_effective_date');
    assert.match((verdict as { problem: string }).problem, /on or after the proposed start date 2026-04-06/);
    assert.equal(decideOn([], click('a', { outcome: 'decline', comment: 'No', effectiveFrom: '2026-04-05' }), ONE).kind, 'record');
  });

  it('given an approval, when another member clicks, then they are told it is already settled and by whom', () => {
    const first = recorded('a', 'approve');
    assert.deepEqual(decideOn([first], click('b', { outcome: 'decline', comment: 'No' }), ONE), { kind: 'already_settled', settledBy: first });
  });

  it('given a vote, when the same member clicks the same again (a re-sent turn), then it is a duplicate', () => {
    const votes = [recorded('a', 'approve')];
    assert.deepEqual(decideOn(votes, click('a', {}), TWO_WITH_CHAIR), { kind: 'duplicate' });
  });

  it('given a deferral, when the same member defers again, then it is a duplicate; another member\'s deferral is recorded', () => {
    const votes = [recorded('a', 'defer')];
    assert.deepEqual(decideOn(votes, click('a', { outcome: 'defer', comment: 'Wait' }), ONE), { kind: 'duplicate' });
    assert.equal(decideOn(votes, click('b', { outcome: 'defer', comment: 'Wait' }), ONE).kind, 'record');
  });

  it('given a vote, when the member changes their mind, then the new vote is recorded', () => {
    const votes = [recorded('a', 'approve')];
    const verdict = decideOn(votes, click('a', { outcome: 'decline', comment: 'Changed my mind' }), TWO_WITH_CHAIR);
    assert.equal(verdict.kind, 'record');
    assert.equal((verdict as { decision: { outcome: string } }).decision.outcome, 'decline');
  });
});
