import { strict as assert } from 'node:assert';
import sinon from 'sinon';
import { assertValidCard, cardText } from '../cards/cardQuality.js';
import { cardOf, logLines, sampleRequest, startHarness, type Harness } from '../support/botHarness.js';

type Problems = { field: string; problem: string }[];

/** A request for `childRef` to start on `startDate`, with what is varied. */
function request(childRef: string, startDate: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const base = sampleRequest();
  const plannedEndDate = startDate < '2027-06-01' ? '2027-11-01' : '2032-11-01';
  return { ...base, childRef, proposed: { ...(base.proposed as object), startDate, plannedEndDate }, ...overrides };
}

describe('urgency, decide-by in working days and ratification through the real server (issue #15)', () => {
  let h: Harness;
  let clock: sinon.SinonFakeTimers;

  async function start(now: string, env: Record<string, string> = {}): Promise<void> {
    clock = sinon.useFakeTimers({ now: new Date(now), toFake: ['Date'] });
    h = await startHarness({ env });
  }
  afterEach(async () => {
    await h?.close();
    clock?.restore();
  });

  async function post(body: Record<string, unknown>): Promise<string> {
    const res = await h.api('POST', '/api/requests', body);
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return String(res.body.id);
  }
  const shown = async (id: string) => cardText(cardOf((await h.say(`show ${id}`))[0])!);

  it('takes urgency and alreadyPlaced, answers them back and keeps them; urgency is routine when not given', async () => {
    await start('2026-11-26T10:00:00Z');
    const plain = await h.api('POST', '/api/requests', request('C-20001', '2027-01-04'));
    assert.equal(plain.body.urgency, 'routine');
    assert.equal('alreadyPlaced' in plain.body, false);
    const placed = await h.api('POST', '/api/requests', request('C-20002', '2026-11-22', { urgency: 'emergency', alreadyPlaced: true }));
    assert.equal(placed.status, 201, JSON.stringify(placed.body));
    const read = await h.api('GET', `/api/requests/${String(placed.body.id)}`);
    assert.match(JSON.stringify(read.body), /"urgency":"emergency"/);
    assert.match(JSON.stringify(read.body), /"alreadyPlaced":true/);
    // A placement made today is already made.
    assert.equal((await h.api('POST', '/api/requests', request('C-20003', '2026-11-26', { urgency: 'emergency', alreadyPlaced: true }))).status, 201);
  });

  it('refuses a bad urgency or alreadyPlaced, naming the field', async () => {
    await start('2026-11-26T10:00:00Z');
    const cases: [Record<string, unknown>, string[], RegExp][] = [
      [{ urgency: 'soon' }, ['urgency'], /must be one of: routine, urgent, emergency/],
      [{ urgency: null }, ['urgency'], /must be one of/],
      [{ urgency: 'EMERGENCY' }, ['urgency'], /must be one of/],
      [{ alreadyPlaced: 'yes' }, ['alreadyPlaced'], /must be true or false/],
      [{ urgency: 'urgent', alreadyPlaced: true }, ['alreadyPlaced'], /only an "emergency" request/],
      [{ alreadyPlaced: true }, ['alreadyPlaced'], /only an "emergency" request/],
    ];
    for (const [overrides, fields, message] of cases) {
      const res = await h.api('POST', '/api/requests', request('C-20010', '2026-11-22', overrides));
      assert.equal(res.status, 400, JSON.stringify(overrides));
      const problems = res.body.problems as Problems;
      assert.deepEqual(problems.map((p) => p.field), fields, JSON.stringify(overrides));
      assert.match(problems[0]!.problem, message);
    }
    // A placement "already made" that starts tomorrow has not been made.
    const future = await h.api('POST', '/api/requests', request('C-20011', '2026-11-27', { urgency: 'emergency', alreadyPlaced: true }));
    assert.equal(future.status, 400);
    assert.deepEqual((future.body.problems as Problems).map((p) => p.field), ['proposed.startDate']);
    assert.match((future.body.problems as Problems)[0]!.problem, /is after today \(2026-11-26\): for a placement already made, give the day the child was placed/);
    assert.equal(h.app.store.listRequests().length, 0);
  });

  it('sets the decide-by date by urgency in working days, skipping Christmas and the Boxing Day substitute', async () => {
    await start('2026-12-24T10:00:00Z');
    const urgent = await post(request('C-20020', '2027-02-01', { urgency: 'urgent' }));
    assert.match(await shown(urgent), /Decide by 30 Dec 2026/);
    assert.match(await shown(urgent), /30 Dec 2026 \(2 working days after it came in, as urgent\)/);
    const routine = await post(request('C-20021', '2027-02-01'));
    // Thursday 24 December + 10 working days, over Christmas, the Boxing Day substitute and New Year's Day: Tuesday 12 January.
    assert.match(await shown(routine), /Decide by 12 Jan 2027/);
    const sooner = await post(request('C-20022', '2026-12-29'));
    assert.match(await shown(sooner), /Decide by 29 Dec 2026/);
  });

  it('takes the working days from DECIDE_BY_WORKING_DAYS', async () => {
    await start('2026-12-24T10:00:00Z', { DECIDE_BY_WORKING_DAYS: 'urgent=3' });
    const urgent = await post(request('C-20030', '2027-02-01', { urgency: 'urgent' }));
    assert.match(await shown(urgent), /Decide by 31 Dec 2026/);
  });

  it('puts placements to ratify first in pending with "Unratified N days", then emergencies, urgent and routine, each oldest first', async () => {
    await start('2026-11-26T10:00:00Z');
    const routineOld = await post(request('C-20040', '2027-01-04'));
    clock.tick(60_000);
    const urgent = await post(request('C-20041', '2027-01-04', { urgency: 'urgent' }));
    clock.tick(60_000);
    const routineNew = await post(request('C-20042', '2027-01-04'));
    clock.tick(60_000);
    const emergency = await post(request('C-20043', '2026-11-27', { urgency: 'emergency' }));
    clock.tick(60_000);
    const ratifyRecent = await post(request('C-20044', '2026-11-25', { urgency: 'emergency', alreadyPlaced: true }));
    clock.tick(60_000);
    const ratifyLongest = await post(request('C-20045', '2026-11-22', { urgency: 'emergency', alreadyPlaced: true }));
    const pending = cardText(cardOf((await h.say('pending'))[0])!);
    const order = [ratifyLongest, ratifyRecent, emergency, urgent, routineOld, routineNew].map((id) => pending.indexOf(id));
    assert.ok(order.every((at) => at >= 0), pending);
    assert.deepEqual([...order].sort((a, b) => a - b), order, `agenda order in:\n${pending}`);
    assert.match(pending, /Unratified 4 days · emergency placement made 22 Nov 2026/);
    assert.match(pending, /Unratified 1 day · emergency placement made 25 Nov 2026/);
    assert.match(pending, /Emergency\b/);
    assert.match(pending, /Urgent/);
    // The card's headline says the same, and a day later one more.
    assert.match(await shown(ratifyLongest), /Unratified 4 days · emergency placement made 22 Nov 2026/);
    clock.tick(24 * 3600_000);
    assert.match(cardText(cardOf((await h.say('pending'))[0])!), /Unratified 5 days/);
    assert.doesNotMatch(await shown(routineOld), /Unratified|Urgent|Emergency/);
  });

  it('says a placement already made is ratified once approved, and not ratified once declined', async () => {
    await start('2026-11-26T10:00:00Z');
    const ratified = await post(request('C-20050', '2026-11-22', { urgency: 'emergency', alreadyPlaced: true }));
    const declined = await post(request('C-20051', '2026-11-23', { urgency: 'emergency', alreadyPlaced: true }));
    assert.equal((await h.invoke('decide', { requestId: ratified, outcome: 'approve', option: 'proposed', effectiveFrom: '2026-11-22' })).status, 200);
    assert.equal((await h.invoke('decide', { requestId: declined, outcome: 'decline', option: 'proposed', comment: 'Cost too high' })).status, 200);
    const yes = await shown(ratified);
    assert.match(yes, /Ratified · emergency placement made 22 Nov 2026/);
    assert.match(yes, /Ratified — proposed placement/);
    assert.doesNotMatch(yes, /Unratified/);
    const no = await shown(declined);
    assert.match(no, /Not ratified · emergency placement made 23 Nov 2026: the child stays until a move is agreed/);
    assert.match(no, /Not ratified \(declined\)/);
    const pending = cardText(cardOf((await h.say('pending'))[0])!);
    assert.doesNotMatch(pending, /C-20050|C-20051/);
  });

  it('takes urgency and an emergency placement already made from the Teams form, and names a toggle with the wrong urgency', async () => {
    await start('2026-11-26T10:00:00Z');
    const form = cardOf((await h.say('new request'))[0])!;
    assertValidCard(form);
    assert.match(JSON.stringify(form), /"id":"urgency".*"value":"routine"/);
    assert.match(JSON.stringify(form), /"id":"alreadyPlaced"/);
    const fields = {
      childRef: 'C-556', ageYears: '15', kind: 'new', needsSummary: 'Needs', need_behaviour: '3', proposedType: 'residential',
      proposedProvider: 'Home A', proposedWeeklyCost: '5,500', proposedStartDate: '2026-11-22', requestedBy: 'SW', reason: 'Placed overnight',
    };
    const bad = await h.invoke('submitRequest', { ...fields, urgency: 'urgent', alreadyPlaced: 'true' });
    assertValidCard(bad.body.value as object);
    assert.match(cardText(bad.body.value as object), /Emergency placement already made: only an "emergency" request can be a placement already made/);
    assert.match(JSON.stringify(bad.body.value), /"id":"alreadyPlaced"[^}]*"value":"true"/, 'the toggle keeps what was chosen');
    assert.equal(h.app.store.listRequests().length, 0);
    const good = await h.invoke('submitRequest', { ...fields, urgency: 'emergency', alreadyPlaced: 'true' });
    assertValidCard(good.body.value as object);
    const off = await h.invoke('submitRequest', { ...fields, childRef: 'C-557', proposedStartDate: '2027-01-04', urgency: 'urgent', alreadyPlaced: 'false' });
    assertValidCard(off.body.value as object);
    const stored = h.app.store.listRequests();
    assert.deepEqual(stored.map((r) => [r.childRef, r.urgency, r.alreadyPlaced]), [['C-556', 'emergency', true], ['C-557', 'urgent', undefined]]);
    assert.match(cardText(cardOf((await h.say('pending'))[0])!), /Unratified 4 days/);
  });

  it('past the bank holiday list\'s last year counts weekends only and logs that once', async () => {
    await start('2031-12-22T10:00:00Z');
    const warned = () => logLines.filter((l) => l.includes('bank holidays are listed only to an earlier year')).length;
    const before = warned();
    const first = await post(request('C-20060', '2032-03-01', { urgency: 'urgent', dateOfBirth: '2020-05-17' }));
    // Monday 22 December 2031 + 2 working days: Christmas Day 2031 (a Thursday) is not known.
    assert.match(await shown(first), /Decide by 24 Dec 2031/);
    const second = await post(request('C-20061', '2032-03-01', { urgency: 'urgent', dateOfBirth: '2020-05-17' }));
    await shown(second);
    await h.say('pending');
    assert.equal(warned() - before, 1);
  });
});
