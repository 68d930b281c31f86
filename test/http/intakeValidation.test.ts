import { strict as assert } from 'node:assert';
import sinon from 'sinon';
import { MEMBER, sampleRequest, startHarness, type Harness } from '../support/botHarness.js';

type Problem = { field: string; problem: string };

function problemOf(body: Record<string, unknown>, field: string): string | undefined {
  return (body.problems as Problem[] | undefined)?.find((p) => p.field === field)?.problem;
}

const PROPOSED = { type: 'residential', provider: 'Hillside', weeklyCost: '6108.00', startDate: '2027-01-04' };

describe('intake refuses careless input with a message naming the field', () => {
  let h: Harness;
  let clock: sinon.SinonFakeTimers;

  beforeEach(async () => {
    clock = sinon.useFakeTimers({ now: new Date('2026-11-25T10:00:00Z'), toFake: ['Date'] });
    h = await startHarness({ schedule: false, env: { MAX_WEEKLY_COST: '40000' } });
  });
  afterEach(async () => {
    await h.close();
    clock.restore();
  });

  async function refused(body: Record<string, unknown>, field: string, why: RegExp): Promise<void> {
    const res = await h.api('POST', '/api/requests', sampleRequest({ proposed: PROPOSED, ...body }));
    assert.equal(res.status, 400, JSON.stringify(res.body));
    assert.match(problemOf(res.body, field) ?? `(no problem for ${field} in ${JSON.stringify(res.body)})`, why);
  }

  it('a date of birth in the future, or one that makes the child 18 by the start', async () => {
    await refused({ dateOfBirth: '2026-11-26' }, 'dateOfBirth', /in the future/);
    await refused({ dateOfBirth: '2009-01-04' }, 'proposed.startDate', /18th birthday/);
    // Only an age: 17 today is 18 by 25 Nov 2027 at the latest.
    await refused({ dateOfBirth: undefined, ageYears: 17, proposed: { ...PROPOSED, startDate: '2027-11-25' } }, 'proposed.startDate', /turns 18/);
    assert.equal((await h.api('POST', '/api/requests', sampleRequest({ dateOfBirth: '2009-01-05', proposed: PROPOSED }))).status, 201);
    assert.equal(h.app.store.listRequests().length, 1);
  });

  it('an age that contradicts the date of birth', async () => {
    await refused({ dateOfBirth: '2012-05-17', ageYears: 11 }, 'ageYears', /is 11 but dateOfBirth makes the child 14 today/);
    const agreeing = await h.api('POST', '/api/requests', sampleRequest({ dateOfBirth: '2012-05-17', ageYears: 14, proposed: PROPOSED }));
    assert.equal(agreeing.status, 201);
  });

  it('a weekly cost of nothing, or over the configured ceiling, wherever it is', async () => {
    await refused({ proposed: { ...PROPOSED, weeklyCost: '0' } }, 'proposed.weeklyCost', /more than £0\.00/);
    await refused({ proposed: { ...PROPOSED, weeklyCost: '£40,000.01' } }, 'proposed.weeklyCost', /over £40,000\.00 a week/);
    await refused({ alternatives: [{ id: 'a', label: 'IFA', type: 'ifa', weeklyCost: '61080000' }] }, 'alternatives.0.weeklyCost', /over £40,000\.00/);
    await refused({
      kind: 'change', changeReason: 'step_down', current: { type: 'residential', provider: 'Moor View', weeklyCost: '0.00' },
    }, 'current.weeklyCost', /more than £0\.00/);
  });

  it('a funding share with more than two decimals', async () => {
    await refused({ proposed: { ...PROPOSED, funding: { socialCare: 33.333, health: 66.667, education: 0 } } }, 'proposed.funding.socialCare', /at most two decimals/);
    const ok = await h.api('POST', '/api/requests', sampleRequest({ proposed: { ...PROPOSED, funding: { socialCare: 33.33, health: 66.67, education: 0 } } }));
    assert.equal(ok.status, 201, JSON.stringify(ok.body));
  });

  it('text that is empty once control and invisible characters go; bidi overrides are stripped from what is kept', async () => {
    await refused({ needs: { summary: '\u200B\u202E\u0007 \u2066', scores: { behaviour: 3 } } }, 'needs.summary', /must not be empty/);
    await refused({ requestedBy: '\uFEFF\u200D' }, 'requestedBy', /must not be empty/);
    const res = await h.api('POST', '/api/requests', sampleRequest({ proposed: PROPOSED, reason: 'No match\u202E today\u0000', needs: { summary: 'Line one\r\nline\u2067 two', scores: { behaviour: 3 } } }));
    assert.equal(res.status, 201);
    assert.equal(res.body.reason, 'No match today');
    assert.equal((res.body.needs as { summary: string }).summary, 'Line one\nline two');
  });

  it('a case reference that looks like a date (a date of birth in the wrong field)', async () => {
    for (const childRef of ['2012-05-17', '17/05/2012', 'C-17-05-12', 'LAC/2012/05/17']) {
      await refused({ childRef }, 'childRef', /not a date/);
    }
    assert.equal((await h.api('POST', '/api/requests', sampleRequest({ childRef: 'C-10423-13', proposed: PROPOSED }))).status, 201);
  });

  it('a second request for a child whose first still waits (pending or deferred) is a conflict naming it', async () => {
    const first = await h.api('POST', '/api/requests', sampleRequest({ proposed: PROPOSED }));
    const again = await h.api('POST', '/api/requests', sampleRequest({ childRef: 'c-10423', proposed: PROPOSED }));
    assert.equal(again.status, 409);
    assert.equal(again.body.error, 'conflict');
    assert.match(problemOf(again.body, 'childRef')!, new RegExp(`already has a request waiting for the panel, ${String(first.body.id)}`));
    await h.invoke('decide', { requestId: first.body.id, outcome: 'defer', comment: 'More information' }, MEMBER);
    assert.equal((await h.api('POST', '/api/requests', sampleRequest({ proposed: PROPOSED }))).status, 409, 'deferred still waits');
    await h.invoke('decide', { requestId: first.body.id, outcome: 'decline', comment: 'Not proportionate' }, MEMBER);
    assert.equal((await h.api('POST', '/api/requests', sampleRequest({ proposed: PROPOSED }))).status, 201, 'once declined, a new request may come');
    assert.equal(h.app.store.listRequests().length, 2);
  });

  it('an end on a placement already ended, and any event after it, are conflicts; a cost change over the ceiling is refused', async () => {
    const created = await h.api('POST', '/api/requests', sampleRequest({ proposed: PROPOSED }));
    const id = String(created.body.id);
    await h.invoke('decide', { requestId: id, outcome: 'approve', option: 'alt-1' }, MEMBER);
    const events = `/api/requests/${id}/events`;
    const tooDear = await h.api('POST', events, { type: 'cost_change', date: '2027-02-01', weeklyCost: '40000.01', reason: 'uplift_agreed' });
    assert.equal(tooDear.status, 400);
    assert.match(problemOf(tooDear.body, 'weeklyCost')!, /over £40,000\.00/);
    assert.equal((await h.api('POST', events, { type: 'ended', date: '2027-06-01', reason: 'return_home' })).status, 201);
    const twice = await h.api('POST', events, { type: 'ended', date: '2027-07-01', reason: 'turned_18' });
    assert.equal(twice.status, 409);
    assert.match(problemOf(twice.body, 'type')!, /ended on 2027-06-01; it cannot end again/);
    const after = await h.api('POST', events, { type: 'cost_change', date: '2027-08-01', weeklyCost: '1300.00', reason: 'uplift_agreed' });
    assert.equal(after.status, 409);
    assert.equal(h.app.store.eventsFor(id).length, 1);
  });
});
