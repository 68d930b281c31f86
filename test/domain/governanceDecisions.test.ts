import { strict as assert } from 'node:assert';
import { Money } from '../../src/calculators/money.js';
import type { DecisionRecord, DecisionSubmission } from '../../src/domain/decision.js';
import { decideOn, type DecisionCommand, type DecisionVerdict } from '../../src/domain/decisionRule.js';
import {
  councilCostOf, isPanelMember, limitFor, panelGovernance, rolesOn, whoCanApprove, type Governance,
} from '../../src/domain/governance.js';
import type { DelegationRecord } from '../../src/domain/meeting.js';
import { storedRequestSchema, type StoredRequest } from '../../src/domain/request.js';
import { approvedDecision, settlementOf, stillNeeded } from '../../src/domain/settlement.js';

/*
 * The decision rule under the panel's governance (issue #16), given / when / then: spending limits
 * make an approval over them a recommendation, the quorum names roles, deputies act inside their
 * dates, a conflicted member and (in a meeting) an absent one cannot vote, nor anyone while those
 * present cannot make the quorum.
 */

const REQUEST: StoredRequest = storedRequestSchema.parse({
  id: 'PR-2026-0001', receivedAt: '2026-11-01T10:00:00.000Z', receivedVia: 'api', receivedBy: 'case system',
  childRef: 'C-10423', dateOfBirth: '2012-05-17', kind: 'new',
  needs: { summary: 'High needs', scores: { behaviour: 4 } },
  proposed: { type: 'residential', provider: 'Hillside', weeklyCost: '6108.00', startDate: '2026-12-07', funding: { socialCare: 100, health: 0, education: 0 } },
  alternatives: [{ id: 'alt-1', label: 'In-house fostering', type: 'in_house_fostering', weeklyCost: '1200.00', funding: { socialCare: 100, health: 0, education: 0 } }],
  requestedBy: 'placements team', reason: 'No match',
});

const NOW = new Date('2026-12-01T10:00:00.000Z');

const PEOPLE = {
  chair: { aadObjectId: 'aad-chair', name: 'Jane Smith' },
  finance: { aadObjectId: 'aad-finance', name: 'Ali Khan' },
  commissioning: { aadObjectId: 'aad-comm', name: 'Chris Lowe' },
  health: { aadObjectId: 'aad-health', name: 'Dee Owens' },
  deputy: { aadObjectId: 'aad-deputy', name: 'Sam Patel' },
};
type Who = keyof typeof PEOPLE;

const ROLES = new Map([['aad-chair', ['chair']], ['aad-finance', ['finance']], ['aad-comm', ['commissioning']], ['aad-health', ['health']], ['aad-deputy', ['education']]]);
const LIMITS = new Map([['commissioning', new Money(2500)], ['finance', new Money(5000)], ['chair', null]]);

/** The panel above under `quorum`, with the limits above unless `limits` is 'no limits'. */
function governance(quorum: Governance['quorum'], limits: 'limits' | 'no limits' = 'limits'): Governance {
  return panelGovernance({ roles: ROLES, members: [], chairs: [], ...(limits === 'limits' && { limits: LIMITS }), quorum });
}

interface Context {
  delegations?: DelegationRecord[];
  conflicted?: boolean;
  meeting?: DecisionCommand['meeting'];
  now?: Date;
}

/** A click by `who`, with what the panel works out for it from the governance, as the Panel does. */
function click(gov: Governance, who: Who, submission: Partial<DecisionSubmission>, context: Context = {}): DecisionCommand {
  const actor = PEOPLE[who];
  const now = context.now ?? NOW;
  const day = now.toISOString().slice(0, 10);
  const held = rolesOn(gov, context.delegations ?? [], actor.aadObjectId, day);
  return {
    request: REQUEST,
    submission: { requestId: REQUEST.id, outcome: 'approve', option: 'proposed', ...submission },
    actor,
    isMember: isPanelMember(gov, context.delegations ?? [], actor.aadObjectId, day),
    now,
    roles: held.roles,
    deputyFor: held.deputyFor,
    limit: limitFor(gov, held.roles),
    councilCost: (option) => councilCostOf(REQUEST, option)!,
    conflicted: context.conflicted ?? false,
    ...(context.meeting !== undefined && { meeting: context.meeting }),
  };
}

let n = 0;
/** The decisions after `who` clicks, as the store would keep them; fails when the click is refused. */
function vote(gov: Governance, existing: DecisionRecord[], who: Who, submission: Partial<DecisionSubmission> = {}, context: Context = {}): DecisionRecord[] {
  const verdict = decideOn(existing, click(gov, who, submission, context), gov);
  assert.equal(verdict.kind, 'record', `${who}'s vote: ${JSON.stringify(verdict)}`);
  n += 1;
  return [...existing, { ...(verdict as Extract<DecisionVerdict, { kind: 'record' }>).decision, id: `D-${n}` }];
}

describe('governance in the decision rule: spending limits', () => {
  const gov = governance({ members: 1, roles: [] });

  it('given a commissioning limit of £2,500, their approval of £6,108 a week is a recommendation: pending, awaiting the chair, no approval', () => {
    const decisions = vote(gov, [], 'commissioning');
    assert.deepEqual(decisions[0]!.recommendation, { councilCost: '6108.00', limit: '2500.00' });
    assert.deepEqual(decisions[0]!.roles, ['commissioning']);
    const s = settlementOf(decisions, gov.quorum, gov.roles);
    assert.equal(s.status, 'pending');
    assert.deepEqual(s.awaiting, { option: 'proposed', councilCost: '6108.00', limit: '2500.00' });
    assert.equal(approvedDecision(s), undefined);
    assert.deepEqual(whoCanApprove(gov, new Money(s.awaiting!.councilCost)), ['chair']);
    assert.deepEqual(stillNeeded(s, gov.quorum), {
      outcome: 'approve', option: 'proposed', agreeing: 1, members: 0, roles: [], higherApproval: s.awaiting,
    });
  });

  it('given that recommendation, the chair\'s approval settles it, by the chair', () => {
    const decisions = vote(gov, vote(gov, [], 'commissioning'), 'chair');
    assert.equal(decisions[1]!.recommendation, undefined);
    const s = settlementOf(decisions, gov.quorum, gov.roles);
    assert.equal(s.status, 'approved');
    assert.equal(s.settledBy?.decidedBy.aadObjectId, PEOPLE.chair.aadObjectId);
    assert.equal(s.awaiting, undefined);
  });

  it('finance (£5,000) recommends too, and the recommendation waits on the highest of their limits', () => {
    const two = governance({ members: 2, roles: [] });
    const decisions = vote(two, vote(two, [], 'commissioning'), 'finance');
    const s = settlementOf(decisions, two.quorum, two.roles);
    assert.equal(s.status, 'pending');
    assert.deepEqual(s.awaiting, { option: 'proposed', councilCost: '6108.00', limit: '5000.00' });
  });

  it('an option within the limit is approved outright; a decline or a deferral by the same member is never limited', () => {
    const alternative = vote(gov, [], 'commissioning', { option: 'alt-1' });
    assert.equal(alternative[0]!.recommendation, undefined);
    assert.equal(settlementOf(alternative, gov.quorum, gov.roles).status, 'approved');
    const declined = vote(gov, [], 'commissioning', { outcome: 'decline', comment: 'Too costly' });
    assert.equal(declined[0]!.recommendation, undefined);
    assert.equal(settlementOf(declined, gov.quorum, gov.roles).status, 'declined');
    const deferred = vote(gov, [], 'commissioning', { outcome: 'defer', comment: 'More information' });
    assert.equal(settlementOf(deferred, gov.quorum, gov.roles).status, 'deferred');
  });

  it('a member whose role has no limit of its own only recommends once limits are set; with no limits set, anyone approves', () => {
    const health = vote(gov, [], 'health', { option: 'alt-1' });
    assert.deepEqual(health[0]!.recommendation, { councilCost: '1200.00', limit: '0.00' });
    const open = governance({ members: 1, roles: [] }, 'no limits');
    const decisions = vote(open, [], 'health');
    assert.equal(decisions[0]!.recommendation, undefined);
    assert.equal(settlementOf(decisions, open.quorum, open.roles).status, 'approved');
  });

  it('a deferred request whose quorum is met by recommendations stays deferred, awaiting', () => {
    const decisions = vote(gov, vote(gov, [], 'health', { outcome: 'defer', comment: 'More information' }), 'commissioning');
    const s = settlementOf(decisions, gov.quorum, gov.roles);
    assert.equal(s.status, 'deferred');
    assert.equal(s.awaiting?.limit, '2500.00');
  });
});

describe('governance in the decision rule: quorum by role', () => {
  const gov = governance({ members: 3, roles: ['chair', 'finance'] }, 'no limits');

  it('given "3+chair+finance", two approvals need one more member, a chair and a finance member; the chair makes three but finance is missing', () => {
    let decisions = vote(gov, vote(gov, [], 'commissioning'), 'health');
    let s = settlementOf(decisions, gov.quorum, gov.roles);
    assert.equal(s.status, 'pending');
    assert.deepEqual(stillNeeded(s, gov.quorum), { outcome: 'approve', option: 'proposed', agreeing: 2, members: 1, roles: ['chair', 'finance'] });
    decisions = vote(gov, decisions, 'chair');
    s = settlementOf(decisions, gov.quorum, gov.roles);
    assert.equal(s.status, 'pending');
    assert.deepEqual(stillNeeded(s, gov.quorum), { outcome: 'approve', option: 'proposed', agreeing: 3, members: 0, roles: ['finance'] });
    decisions = vote(gov, decisions, 'finance');
    s = settlementOf(decisions, gov.quorum, gov.roles);
    assert.equal(s.status, 'approved');
    assert.equal(stillNeeded(s, gov.quorum), undefined);
  });

  it('what is still needed follows the outcome with the most votes', () => {
    const decisions = vote(gov, vote(gov, vote(gov, [], 'commissioning'), 'health', { outcome: 'decline', comment: 'No' }), 'finance', { outcome: 'decline', comment: 'No' });
    assert.deepEqual(stillNeeded(settlementOf(decisions, gov.quorum, gov.roles), gov.quorum),
      { outcome: 'decline', option: 'proposed', agreeing: 2, members: 1, roles: ['chair'] });
  });

  it('a deputy counts as the chair inside the delegated dates only, and their vote says for whom', () => {
    const delegations: DelegationRecord[] = [{
      id: 'G-000001', type: 'delegation', role: 'chair', to: PEOPLE.deputy, from: '2026-12-01', until: '2026-12-03', onBehalfOf: PEOPLE.chair,
      recordedBy: PEOPLE.chair, recordedAt: '2026-11-30T09:00:00.000Z',
    }];
    const base = vote(gov, vote(gov, [], 'commissioning'), 'finance');
    const inside = vote(gov, base, 'deputy', {}, { delegations, now: new Date('2026-12-03T16:00:00.000Z') });
    assert.deepEqual(inside[2]!.roles, ['education', 'chair']);
    assert.deepEqual(inside[2]!.deputyFor, [{ role: 'chair', member: PEOPLE.chair }]);
    assert.equal(settlementOf(inside, gov.quorum, gov.roles).status, 'approved');
    const after = vote(gov, base, 'deputy', {}, { delegations, now: new Date('2026-12-04T09:00:00.000Z') });
    assert.deepEqual(after[2]!.roles, ['education']);
    assert.equal(after[2]!.deputyFor, undefined);
    assert.equal(settlementOf(after, gov.quorum, gov.roles).status, 'pending');
  });

  it('a deputy has the delegated role\'s limit: the chair\'s, none', () => {
    const limited = governance({ members: 1, roles: [] });
    const delegations: DelegationRecord[] = [{
      id: 'G-000001', type: 'delegation', role: 'chair', to: PEOPLE.deputy, from: '2026-12-01', until: '2026-12-01',
      recordedBy: PEOPLE.chair, recordedAt: '2026-11-30T09:00:00.000Z',
    }];
    const decisions = vote(limited, [], 'deputy', {}, { delegations });
    assert.equal(decisions[0]!.recommendation, undefined);
    assert.deepEqual(decisions[0]!.deputyFor, [{ role: 'chair' }]);
    assert.equal(settlementOf(decisions, limited.quorum, limited.roles).status, 'approved');
  });

  it('votes recorded before roles were count with their voters\' configured roles, and settle with new ones', () => {
    const old = (who: Who, id: string): DecisionRecord => ({
      id, requestId: REQUEST.id, outcome: 'approve', option: 'proposed', effectiveFrom: '2026-12-07',
      decidedBy: PEOPLE[who], decidedAt: '2026-11-20T10:00:00.000Z',
    });
    const before = [old('chair', 'D-old-1'), old('finance', 'D-old-2')];
    const s = settlementOf(before, gov.quorum, gov.roles);
    assert.deepEqual(stillNeeded(s, gov.quorum), { outcome: 'approve', option: 'proposed', agreeing: 2, members: 1, roles: [] });
    assert.equal(settlementOf(vote(gov, before, 'health'), gov.quorum, gov.roles).status, 'approved');
  });
});

describe('governance in the decision rule: conflicts and meetings', () => {
  const gov = governance({ members: 2, roles: ['chair'] }, 'no limits');
  const present = (...who: Who[]) => who.map((w) => ({ aadObjectId: PEOPLE[w].aadObjectId, roles: ROLES.get(PEOPLE[w].aadObjectId)! }));

  it('a member who declared a conflict of interest is refused, whatever they choose', () => {
    assert.deepEqual(decideOn([], click(gov, 'finance', {}, { conflicted: true }), gov), { kind: 'conflicted' });
    assert.deepEqual(decideOn([], click(gov, 'finance', { outcome: 'decline', comment: 'No' }, { conflicted: true }), gov), { kind: 'conflicted' });
  });

  it('during a meeting, a member who has not marked themselves present is refused', () => {
    const meeting = { id: 'G-000002', present: present('chair', 'finance') };
    assert.deepEqual(decideOn([], click(gov, 'health', {}, { meeting }), gov), { kind: 'not_present', meetingId: 'G-000002' });
  });

  it('during a meeting too few to make the quorum, no one present can decide: how many, how many needed, which roles missing', () => {
    assert.deepEqual(decideOn([], click(gov, 'finance', {}, { meeting: { id: 'G-000002', present: present('finance') } }), gov),
      { kind: 'meeting_not_quorate', present: 1, needed: 2, missingRoles: ['chair'] });
    assert.deepEqual(decideOn([], click(gov, 'finance', {}, { meeting: { id: 'G-000002', present: present('finance', 'health') } }), gov),
      { kind: 'meeting_not_quorate', present: 2, needed: 2, missingRoles: ['chair'] });
  });

  it('during a quorate meeting, a present member\'s vote is recorded with the meeting', () => {
    const meeting = { id: 'G-000002', present: present('chair', 'health') };
    const decisions = vote(gov, [], 'health', {}, { meeting });
    assert.equal(decisions[0]!.meetingId, 'G-000002');
    assert.equal(vote(gov, [], 'health')[0]!.meetingId, undefined);
  });
});
