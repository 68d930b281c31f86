import { strict as assert } from 'node:assert';
import { Money } from '../../src/calculators/money.js';
import {
  councilCostOf, delegationProblem, isPanelMember, limitFor, OPEN_PANEL, panelGovernance, presentQuorum, rolesOn, votingMembersOn, whoCanApprove,
  type Governance,
} from '../../src/domain/governance.js';
import type { DelegationRecord } from '../../src/domain/meeting.js';
import { storedRequestSchema } from '../../src/domain/request.js';

const CHAIR = { aadObjectId: 'aad-chair', name: 'Jane Smith' };
const DEPUTY = { aadObjectId: 'aad-deputy', name: 'Sam Patel' };

const GOV: Governance = panelGovernance({
  roles: new Map([['aad-chair', ['chair']], ['aad-finance', ['finance']], ['aad-comm', ['commissioning']], ['aad-admin', ['admin']], ['aad-deputy', ['health']]]),
  members: ['aad-member'],
  chairs: ['aad-chair-2'],
  limits: new Map([['commissioning', new Money(2500)], ['finance', new Money(5000)], ['chair', null]]),
  quorum: { members: 3, roles: ['chair', 'finance'] },
});

/** The chair's role delegated to the deputy for the days from `from` to `until`. */
function delegation(from: string, until: string, extra: Partial<DelegationRecord> = {}): DelegationRecord {
  return {
    id: 'G-000001', type: 'delegation', role: 'chair', to: DEPUTY, from, until, onBehalfOf: CHAIR,
    recordedBy: CHAIR, recordedAt: '2026-12-01T09:00:00.000Z', ...extra,
  };
}

describe('governance: roles, deputies, limits', () => {
  it('PANEL_MEMBERS and PANEL_CHAIR add the roles member and chair to PANEL_ROLES', () => {
    assert.deepEqual(GOV.roles.get('aad-member'), ['member']);
    assert.deepEqual(GOV.roles.get('aad-chair-2'), ['chair']);
    const both = panelGovernance({ roles: new Map([['a', ['finance']]]), members: ['a'], chairs: ['a'], quorum: { members: 1, roles: [] } });
    assert.deepEqual(both.roles.get('a'), ['finance', 'member', 'chair']);
  });

  it('a deputy holds the delegated role from its first day to its last, both included, and not a day outside', () => {
    const delegations = [delegation('2026-12-10', '2026-12-24')];
    for (const day of ['2026-12-10', '2026-12-17', '2026-12-24']) {
      assert.deepEqual(rolesOn(GOV, delegations, DEPUTY.aadObjectId, day), { roles: ['health', 'chair'], deputyFor: [{ role: 'chair', member: CHAIR }] }, day);
    }
    for (const day of ['2026-12-09', '2026-12-25']) {
      assert.deepEqual(rolesOn(GOV, delegations, DEPUTY.aadObjectId, day), { roles: ['health'], deputyFor: [] }, day);
    }
    // The chair keeps their own role, and a delegation to someone else gives the deputy nothing.
    assert.deepEqual(rolesOn(GOV, delegations, CHAIR.aadObjectId, '2026-12-17').roles, ['chair']);
  });

  it('a delegation without a member named deputises for the role; one the deputy already holds makes them no deputy', () => {
    const { onBehalfOf: _, ...unnamed } = delegation('2026-12-10', '2026-12-24');
    assert.deepEqual(rolesOn(GOV, [unnamed], DEPUTY.aadObjectId, '2026-12-10').deputyFor, [{ role: 'chair' }]);
    assert.deepEqual(rolesOn(GOV, [delegation('2026-12-10', '2026-12-24', { to: { aadObjectId: 'aad-chair-2', name: 'Pat' } })], 'aad-chair-2', '2026-12-10'),
      { roles: ['chair'], deputyFor: [] });
  });

  it('a member is who holds a voting role that day: an admin alone is not; a deputy from outside the panel is, inside the dates', () => {
    const outsider = delegation('2026-12-10', '2026-12-24', { to: { aadObjectId: 'aad-outside', name: 'Lee' } });
    assert.equal(isPanelMember(GOV, [], 'aad-comm', '2026-12-01'), true);
    assert.equal(isPanelMember(GOV, [], 'aad-admin', '2026-12-01'), false);
    assert.equal(isPanelMember(GOV, [], undefined, '2026-12-01'), false);
    assert.equal(isPanelMember(GOV, [outsider], 'aad-outside', '2026-12-10'), true);
    assert.equal(isPanelMember(GOV, [outsider], 'aad-outside', '2026-12-25'), false);
    // Local mode with no roles configured: everyone, as before roles.
    assert.equal(isPanelMember(OPEN_PANEL, [], 'anyone', '2026-12-01'), true);
    assert.equal(isPanelMember(OPEN_PANEL, [], undefined, '2026-12-01'), true);
  });

  it('the live card goes to the voting members, and to a deputy only while they deputise', () => {
    const outsider = delegation('2026-12-10', '2026-12-24', { to: { aadObjectId: 'aad-outside', name: 'Lee' } });
    assert.ok(!votingMembersOn(GOV, [outsider], '2026-12-01').includes('aad-outside'));
    assert.ok(votingMembersOn(GOV, [outsider], '2026-12-10').includes('aad-outside'));
    assert.ok(!votingMembersOn(GOV, [], '2026-12-01').includes('aad-admin'));
  });

  it('the limit is the highest among the roles held: none for the chair, nothing for a role with no limit of its own, undefined with no limits set', () => {
    assert.equal(limitFor(GOV, ['commissioning'])!.toFixed(2), '2500.00');
    assert.equal(limitFor(GOV, ['commissioning', 'finance'])!.toFixed(2), '5000.00');
    assert.equal(limitFor(GOV, ['finance', 'commissioning'])!.toFixed(2), '5000.00');
    assert.equal(limitFor(GOV, ['finance', 'chair']), null);
    assert.equal(limitFor(GOV, ['health'])!.toFixed(2), '0.00');
    assert.equal(limitFor(GOV, [])!.toFixed(2), '0.00');
    assert.equal(limitFor(OPEN_PANEL, ['commissioning']), undefined);
  });

  it('who can approve a weekly council cost: the roles whose limit covers it, the lowest first', () => {
    assert.deepEqual(whoCanApprove(GOV, new Money('6108.00')), ['chair']);
    assert.deepEqual(whoCanApprove(GOV, new Money('5000.00')), ['finance', 'chair']);
    assert.deepEqual(whoCanApprove(GOV, new Money('2000')), ['commissioning', 'finance', 'chair']);
  });

  it('the council cost of an option is its social care share of the weekly cost', () => {
    const request = storedRequestSchema.parse({
      id: 'PR-2026-0001', receivedAt: '2026-03-01T10:00:00.000Z', receivedVia: 'api', receivedBy: 'case system',
      childRef: 'C-10423', dateOfBirth: '2012-05-17', kind: 'new', needs: { summary: 'High needs', scores: { behaviour: 4 } },
      proposed: { type: 'residential', provider: 'Hillside', weeklyCost: '6108.00', startDate: '2026-04-06', funding: { socialCare: 75, health: 25, education: 0 } },
      alternatives: [{ id: 'alt-1', label: 'In-house fostering', type: 'in_house_fostering', weeklyCost: '1200.00', funding: { socialCare: 100, health: 0, education: 0 } }],
      requestedBy: 'placements team', reason: 'No match',
    });
    assert.equal(councilCostOf(request, 'proposed')!.toFixed(2), '4581.00');
    assert.equal(councilCostOf(request, 'alt-1')!.toFixed(2), '1200.00');
    assert.equal(councilCostOf(request, 'alt-9'), undefined);
  });

  it('those present make the quorum only with enough of them and every role it names', () => {
    const rule = { members: 3, roles: ['chair', 'finance'] };
    assert.deepEqual(presentQuorum(rule, [{ roles: ['chair'] }, { roles: ['health'] }]), { quorate: false, present: 2, needed: 3, missingRoles: ['finance'] });
    assert.equal(presentQuorum(rule, [{ roles: ['chair'] }, { roles: ['health'] }, { roles: ['finance'] }]).quorate, true);
  });
});

describe('governance: a new delegation', () => {
  const TODAY = '2026-12-01';
  const asked = { role: 'chair', to: DEPUTY.aadObjectId, from: '2026-12-10', until: '2026-12-24' };
  const fields = (problems: { field: string }[]) => problems.map((p) => p.field);

  it('the chair or an admin may delegate the chair for up to a year from today', () => {
    assert.deepEqual(delegationProblem(GOV, asked, CHAIR.aadObjectId, TODAY), []);
    assert.deepEqual(delegationProblem(GOV, asked, 'aad-admin', TODAY), []);
    // The HTTP API, under its key, acts as an administrator.
    assert.deepEqual(delegationProblem(GOV, asked, 'api', TODAY, true), []);
    assert.deepEqual(fields(delegationProblem(GOV, asked, 'api', TODAY)), ['role']);
    assert.deepEqual(delegationProblem(GOV, { ...asked, from: TODAY, until: '2027-11-30' }, CHAIR.aadObjectId, TODAY), []);
    // An admin may delegate a role only a limit or the quorum names.
    assert.deepEqual(delegationProblem(panelGovernance({ roles: new Map([['x', ['admin']]]), members: [], chairs: [], quorum: { members: 1, roles: ['finance'] } }),
      { ...asked, role: 'finance' }, 'x', TODAY), []);
  });

  it('is refused, by field, to someone else\'s role, to a deputy passing it on, to oneself, and to admin or an unknown role', () => {
    const problem = (a: typeof asked, by: string) => delegationProblem(GOV, a, by, TODAY);
    assert.match(problem(asked, 'aad-finance')[0]!.problem, /only someone who holds chair \(not as a deputy\) or an admin/);
    assert.deepEqual(fields(problem({ ...asked, to: 'aad-finance' }, DEPUTY.aadObjectId)), ['role']);
    assert.deepEqual(fields(problem({ ...asked, to: CHAIR.aadObjectId }, CHAIR.aadObjectId)), ['to']);
    assert.deepEqual(fields(problem({ ...asked, to: ' ' }, CHAIR.aadObjectId)), ['to']);
    assert.match(problem({ ...asked, role: 'admin' }, 'aad-admin')[0]!.problem, /admin cannot be delegated/);
    assert.match(problem({ ...asked, role: 'treasurer' }, 'aad-admin')[0]!.problem, /treasurer is not a role on this panel \(chair, finance, commissioning, health, member/);
    assert.match(problem({ ...asked, role: 'Chair' }, 'aad-admin')[0]!.problem, /lower case/);
  });

  it('is refused for dates in the past, the wrong way round, over a year, or not real', () => {
    const problem = (dates: { from: string; until: string }) => delegationProblem(GOV, { ...asked, ...dates }, CHAIR.aadObjectId, TODAY);
    assert.deepEqual(problem({ from: '2026-11-30', until: '2026-12-24' }).map((p) => [p.field, p.problem]), [['from', 'must be today (2026-12-01) or later']]);
    assert.deepEqual(problem({ from: '2026-12-10', until: '2026-12-09' }).map((p) => p.field), ['until']);
    assert.match(problem({ from: TODAY, until: '2027-12-01' })[0]!.problem, /within a year of the first day: 2027-11-30 at the latest/);
    assert.deepEqual(fields(problem({ from: '2026-02-30', until: '2026-12-24' })), ['from']);
    assert.deepEqual(fields(problem({ from: '2026-12-10', until: '9999-12-31' })), ['until']);
  });
});
