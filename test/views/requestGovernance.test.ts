import { strict as assert } from 'node:assert';
import { Money } from '../../src/calculators/money.js';
import { escapeMarkdown } from '../../src/cards/markdown.js';
import { MAX_VOTE_ROWS } from '../../src/cards/viewModels.js';
import type { ConflictDeclaredRecord } from '../../src/domain/conflictOfInterest.js';
import type { DecisionRecord } from '../../src/domain/decision.js';
import { panelGovernance, type Governance, type QuorumRule } from '../../src/domain/governance.js';
import type { Actor, StoredRequest } from '../../src/domain/request.js';
import { requestCard, requestCardView, TIGHT_TEXT_LIMITS, type RequestCardOptions } from '../../src/views/requestView.js';
import { cardProblems, cardText, findActions } from '../cards/cardQuality.js';
import { aRequest } from '../calculators/fixtures.js';
import { factsOf } from './facts.js';

/*
 * The request card under the panel's governance (issue #16): while open, who has voted with their
 * roles, what the leading vote still needs, an approval waiting for someone whose limit covers it,
 * the conflicts declared and a "Declare conflict" button for members; once settled, a deputy named
 * in the decision line. Built from real PanelFacts over records as the store keeps them.
 */

const FULL = { socialCare: 100, health: 0, education: 0 };
const TODAY = '2026-12-01';

const JANE: Actor = { aadObjectId: 'aad-chair', name: 'Jane Smith' };
const ALI: Actor = { aadObjectId: 'aad-finance', name: 'Ali Khan' };
const CHRIS: Actor = { aadObjectId: 'aad-comm', name: 'Chris Lowe' };
const SAM: Actor = { aadObjectId: 'aad-deputy', name: 'Sam Patel' };
const ALEX: Actor = { aadObjectId: 'aad-health', name: 'Alex Brown' };

const ROLES = new Map([['aad-chair', ['chair']], ['aad-finance', ['finance']], ['aad-comm', ['commissioning']], ['aad-health', ['health']], ['aad-deputy', ['education']]]);
const LIMITS = new Map([['commissioning', new Money(2500)], ['finance', new Money(5000)], ['chair', null]]);

function governance(quorum: QuorumRule): Governance {
  return panelGovernance({ roles: ROLES, members: [], chairs: [], limits: LIMITS, quorum });
}

// £6,108.00 a week proposed; alternatives at £2,500.00 (within commissioning's limit) and £9,000.00.
const REQUEST: StoredRequest = aRequest({
  receivedAt: '2026-11-20T09:00:00.000Z',
  proposed: { type: 'residential', provider: 'Oak House', weeklyCost: '6108.00', startDate: '2026-12-14', funding: FULL },
});

let seq = 0;
/** A vote as the decision rule records it: the roles held that day, a deputy's, a recommendation over the voter's limit. */
function vote(by: Actor, roles: string[], more: Partial<DecisionRecord> = {}): DecisionRecord {
  seq += 1;
  return {
    id: `D-${String(seq).padStart(6, '0')}`, requestId: REQUEST.id, outcome: 'approve', option: 'proposed',
    effectiveFrom: '2026-12-14', decidedBy: by, decidedAt: new Date(Date.UTC(2026, 10, 21, 9) + seq * 60_000).toISOString(), roles, ...more,
  };
}

function conflict(by: Actor, note?: string): ConflictDeclaredRecord {
  seq += 1;
  return {
    id: `E-${seq}`, requestId: REQUEST.id, type: 'conflict_declared', date: '2026-11-25',
    ...(note !== undefined && { note }), recordedBy: by, recordedAt: '2026-11-25T10:00:00.000Z',
  };
}

const MEMBER_VIEW: RequestCardOptions = { canDecide: true };

function viewOf(quorum: QuorumRule, decisions: DecisionRecord[], conflicts: ConflictDeclaredRecord[] = [], options = MEMBER_VIEW) {
  const facts = factsOf({ requests: [REQUEST], decisions, events: conflicts }, {}, governance(quorum));
  return requestCardView(facts, REQUEST, TODAY, options);
}

function cardOf(quorum: QuorumRule, decisions: DecisionRecord[], conflicts: ConflictDeclaredRecord[] = [], options = MEMBER_VIEW) {
  const facts = factsOf({ requests: [REQUEST], decisions, events: conflicts }, {}, governance(quorum));
  return requestCard(facts, REQUEST, TODAY, options);
}

const THREE_WITH_CHAIR_AND_FINANCE: QuorumRule = { members: 3, roles: ['chair', 'finance'] };
const TWO: QuorumRule = { members: 2, roles: [] };
const ONE: QuorumRule = { members: 1, roles: [] };

describe('request card under the panel\'s governance (issue #16)', () => {
  beforeEach(() => { seq = 0; });

  it('lists who has voted this round, with their roles, what they voted and for which option', () => {
    const view = viewOf(THREE_WITH_CHAIR_AND_FINANCE, [
      vote(JANE, ['chair']),
      vote(ALEX, ['health'], { outcome: 'decline', comment: 'Too dear' }),
    ]);
    assert.deepEqual(view.governance?.votes, [
      'Jane Smith (chair): approve — Proposed',
      'Alex Brown (health): decline',
    ]);
    assert.equal(view.decision, undefined, 'still open');
    // An alternative is named by its tag in the table.
    const alt = viewOf(THREE_WITH_CHAIR_AND_FINANCE, [vote(JANE, ['chair'], { option: 'ifa' })]);
    assert.deepEqual(alt.governance?.votes, ['Jane Smith (chair): approve — Alt 1']);
  });

  it('names a deputy and whom they stand in for, and marks a recommendation over the voter\'s limit', () => {
    const view = viewOf(THREE_WITH_CHAIR_AND_FINANCE, [
      vote(SAM, ['education', 'chair'], { deputyFor: [{ role: 'chair', member: JANE }] }),
      vote(CHRIS, ['commissioning'], { recommendation: { councilCost: '6108.00', limit: '2500.00' } }),
    ]);
    assert.deepEqual(view.governance?.votes, [
      'Sam Patel (education; chair, as deputy for Jane Smith): approve — Proposed',
      'Chris Lowe (commissioning): approve — Proposed (a recommendation: over their £2,500.00 limit)',
    ]);
    // Deputising for the role alone, with no one named.
    const roleOnly = viewOf(THREE_WITH_CHAIR_AND_FINANCE, [vote(SAM, ['chair'], { deputyFor: [{ role: 'chair' }] })]);
    assert.deepEqual(roleOnly.governance?.votes, ['Sam Patel (chair, as deputy for the chair): approve — Proposed']);
  });

  it('says what the leading vote still needs under the quorum rule', () => {
    const view = viewOf(THREE_WITH_CHAIR_AND_FINANCE, [vote(JANE, ['chair'], { option: 'ifa' }), vote(CHRIS, ['commissioning'], { option: 'ifa' })]);
    assert.equal(view.governance?.stillNeeded, 'Needs 1 more member and a finance member (to approve Alt 1)');
    const one = viewOf(THREE_WITH_CHAIR_AND_FINANCE, [vote(ALEX, ['health'], { outcome: 'defer', comment: 'Wait' })]);
    assert.equal(one.governance?.stillNeeded, 'Needs 2 more members, the chair and a finance member (to defer)');
  });

  it('says an approval recommended above every voter\'s limit waits for the roles that may approve it, and is not approved', () => {
    const view = viewOf(TWO, [
      vote(CHRIS, ['commissioning'], { recommendation: { councilCost: '6108.00', limit: '2500.00' } }),
      vote(ALI, ['finance'], { recommendation: { councilCost: '6108.00', limit: '5000.00' } }),
    ]);
    assert.equal(view.governance?.awaiting, 'Recommended: needs the chair — £6,108.00 a week is over £5,000.00');
    assert.match(view.status, /^Waiting for the panel/);
    assert.equal(view.decision, undefined);
    assert.equal(view.governance?.stillNeeded, undefined, 'the quorum is met: only the higher approval is missing');
    // Within finance's limit but over commissioning's: either may approve, the lower limit first.
    const cheaper = viewOf(ONE, [vote(CHRIS, ['commissioning'], { option: 'dearer', recommendation: { councilCost: '4000.00', limit: '2500.00' } })]);
    assert.equal(cheaper.governance?.awaiting, 'Recommended: needs a finance member or the chair — £4,000.00 a week is over £2,500.00');
    // The line is drawn in attention colour on the card.
    const card = cardOf(TWO, [
      vote(CHRIS, ['commissioning'], { recommendation: { councilCost: '6108.00', limit: '2500.00' } }),
      vote(ALI, ['finance'], { recommendation: { councilCost: '6108.00', limit: '5000.00' } }),
    ]);
    const line = JSON.stringify(card).match(/\{[^{}]*Recommended: needs the chair[^{}]*\}/)?.[0];
    assert.match(line ?? '', /"color":"Attention"/);
  });

  it('lists the conflicts of interest declared, names escaped', () => {
    const view = viewOf(TWO, [], [conflict(ALEX, 'Knows the family'), conflict({ aadObjectId: 'aad-x', name: '**Bold** <b>' })]);
    assert.equal(view.governance?.conflicts, `Conflict of interest declared: Alex Brown, ${escapeMarkdown('**Bold** <b>')}`);
    assert.deepEqual(view.governance?.votes, [], 'no votes yet');
    assert.equal(view.governance?.stillNeeded, undefined);
  });

  it('shows nothing of the vote before anyone votes or declares, nor once the request is settled', () => {
    assert.equal(viewOf(TWO, []).governance, undefined, 'the fresh card stays as compact as before');
    const settled = viewOf(ONE, [vote(JANE, ['chair'])], [conflict(ALEX)]);
    assert.match(settled.status, /^Approved/);
    assert.equal(settled.governance, undefined);
  });

  it('gives a member a "Declare conflict" button while open, with an Action.Submit fallback of the same verb', () => {
    const card = cardOf(TWO, [vote(JANE, ['chair'])], [conflict(ALEX)]);
    assert.deepEqual(cardProblems(card), []);
    const declare = findActions(card).filter((a) => a.verb === 'declareConflict');
    assert.equal(declare.length, 1, 'one button');
    const button = declare[0]!;
    assert.equal(button.type, 'Action.Execute');
    assert.deepEqual(button.data, { requestId: REQUEST.id });
    assert.equal(button.associatedInputs, 'none', 'the decision inputs are not sent (nor checked) with it');
    const fallback = button.fallback as Record<string, unknown>;
    assert.equal(fallback.type, 'Action.Submit');
    assert.deepEqual(fallback.data, { requestId: REQUEST.id, verb: 'declareConflict' });
    // Away from the decision buttons: beside Details, not among Approve/Decline/Defer.
    const top = ((card.actions ?? []) as Record<string, unknown>[]).map((a) => a.verb);
    assert.ok(!top.includes('declareConflict'));

    const notMember = cardOf(TWO, [vote(JANE, ['chair'])], [], { canDecide: false });
    assert.ok(!JSON.stringify(notMember).includes('declareConflict'), 'not for someone off the panel');
    const settled = cardOf(ONE, [vote(JANE, ['chair'])], [], MEMBER_VIEW);
    assert.ok(!JSON.stringify(settled).includes('declareConflict'), 'not once settled');
  });

  it('names a deputy in the decision line once settled', () => {
    const view = viewOf(ONE, [vote(SAM, ['education', 'chair'], { deputyFor: [{ role: 'chair', member: JANE }] })]);
    assert.match(view.decision?.headline ?? '', /^Approved — proposed placement \(Oak House\) — by Sam Patel as deputy for Jane Smith, /);
    const own = viewOf(ONE, [vote(JANE, ['chair'])]);
    assert.match(own.decision?.headline ?? '', /— by Jane Smith, /);
  });

  it('stays a valid card within budget with a full panel of long, hostile names, the extra votes counted', () => {
    const long = (n: number): Actor => ({ aadObjectId: `aad-${n}`, name: `${'**Ŵ**'.repeat(40)} ${n}` });
    const votes = Array.from({ length: 30 }, (_, i) => vote(long(i), ['commissioning', 'health'], {
      deputyFor: [{ role: 'chair', member: long(100 + i) }], recommendation: { councilCost: '6108.00', limit: '2500.00' },
    }));
    const conflicts = Array.from({ length: 30 }, (_, i) => conflict(long(200 + i)));
    const quorum: QuorumRule = { members: 40, roles: ['chair', 'finance', 'education'] };
    const view = viewOf(quorum, votes, conflicts);
    assert.equal(view.governance?.votes.length, MAX_VOTE_ROWS);
    assert.equal(view.governance?.moreVotes, `${30 - MAX_VOTE_ROWS} more votes not shown`);
    assert.match(view.governance?.conflicts ?? '', new RegExp(`and ${30 - MAX_VOTE_ROWS} others$`));
    const card = cardOf(quorum, votes, conflicts);
    assert.deepEqual(cardProblems(card), []);
    const text = cardText(card);
    assert.ok(!text.includes('**Ŵ**'), 'names escaped');
    // In the tight limits too, names are cut as labels.
    const tight = requestCardView(factsOf({ requests: [REQUEST], decisions: votes, events: conflicts }, {}, governance(quorum)), REQUEST, TODAY, MEMBER_VIEW, TIGHT_TEXT_LIMITS);
    assert.ok(tight.governance!.votes.every((v) => v.length < 200), tight.governance!.votes[0]);
  });

  it('names fewer votes, the rest counted, on a card still over its budget with the shorter lengths', () => {
    // Ten alternatives with every typed field at its longest, in letters that take two bytes.
    const typed = (n: number) => 'é'.repeat(n);
    const monster: StoredRequest = {
      ...REQUEST, reason: typed(1000), requestedBy: typed(120),
      needs: { summary: typed(1000), scores: { behaviour: 4, education: 4, identity: 3 } },
      proposed: { ...REQUEST.proposed, provider: typed(120) },
      alternatives: Array.from({ length: 10 }, (_, i) => ({
        id: `alternative-${i + 1}`, label: typed(160), type: 'solo_residential' as const, provider: typed(120), weeklyCost: '99999.98', funding: FULL,
      })),
    };
    const long = (n: number): Actor => ({ aadObjectId: `aad-${n}`, name: `${typed(60)} ${n}` });
    const votes = Array.from({ length: 30 }, (_, i) => vote(long(i), ['commissioning'], { recommendation: { councilCost: '6108.00', limit: '2500.00' } }));
    const conflicts = Array.from({ length: 30 }, (_, i) => conflict(long(100 + i)));
    const facts = factsOf({ requests: [monster], decisions: votes, events: conflicts }, {}, governance({ members: 40, roles: [] }));
    const card = requestCard(facts, monster, TODAY, { canDecide: true, values: { comment: typed(1000) } });
    assert.deepEqual(cardProblems(card), []);
    const text = cardText(card);
    const named = (text.match(/: approve — Proposed \(a recommendation/g) ?? []).length;
    assert.ok(named < MAX_VOTE_ROWS, `${named} votes named`);
    assert.ok(text.includes(`${30 - named} ${named === 0 ? '' : 'more '}votes not shown`), 'the rest counted');
  });
});
