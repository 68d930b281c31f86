import { strict as assert } from 'node:assert';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sinon from 'sinon';
import { assertValidCard, cardText } from '../cards/cardQuality.js';
import {
  MEMBER, MEMBER_B, OUTSIDER, TENANT, installInPanelChannel, logLines, sampleRequest, startHarness, type Harness,
} from '../support/botHarness.js';
import type { RecordedCall } from '../support/fakeConnector.js';

/** The Teams form as a social worker fills it in (cards/requestForm.json). */
const FORM = {
  childRef: 'C-555', ageYears: '15', kind: 'new', needsSummary: 'Needs', need_behaviour: '3',
  proposedType: 'residential', proposedProvider: 'Home A', proposedWeeklyCost: '5,500', proposedStartDate: '2026-06-01',
  alt1_label: 'Foster', alt1_type: 'ifa', alt1_weeklyCost: '1100', requestedBy: 'SW', reason: 'Breakdown',
};

const WITH_CONDITIONS = {
  outcome: 'approve_with_conditions', option: 'proposed', comment: 'Agreed for six months', reviewDate: '2026-11-02', effectiveFrom: '2026-06-01',
  condition1Text: 'Health assessment booked', condition1Owner: 'Social worker', condition1Due: '2026-05-15',
  condition2Text: 'Education plan agreed', condition2Owner: 'Virtual school', condition2Due: '2026-06-30',
};

/** Resolves once `done()` holds, polling; fails after `ms`. */
async function until(done: () => boolean, what: string, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!done()) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** The card posted in a call, and its text. */
function cardIn(call: RecordedCall): { card: object; text: string } {
  const card = (call.body.attachments as { content: object }[])[0]!.content;
  return { card, text: cardText(card) };
}

/** The personal messages: posts to the conversations the bot created. */
function personalMessages(h: Harness): RecordedCall[] {
  return h.connector.posts().filter((c) => /^\/v3\/conversations\/a%3Apersonal-/.test(c.path));
}

function toldRecords(h: Harness, requestId: string) {
  return h.app.store.eventsFor(requestId).filter((e) => e.type === 'requester_told');
}

describe('teams: the requester told of the decision in a personal message', () => {
  let h: Harness;
  let dir: string;
  let clock: sinon.SinonFakeTimers;

  beforeEach(async () => {
    clock = sinon.useFakeTimers({ now: new Date('2026-05-01T10:00:00Z'), toFake: ['Date'] });
    dir = await mkdtemp(join(tmpdir(), 'requester-notice-'));
    h = await startHarness({ dir });
    await installInPanelChannel(h);
  });
  afterEach(async () => {
    await h.close();
    clock.restore();
    await rm(dir, { recursive: true, force: true });
  });

  /** A request sent from the Teams form by `from`; its id. */
  async function fromTheForm(from = OUTSIDER): Promise<string> {
    const res = await h.invoke('submitRequest', FORM, from);
    assert.equal(res.status, 200);
    const stored = h.app.store.listRequests().find((r) => r.childRef === 'C-555');
    assert.ok(stored, 'the form request is stored');
    return stored.id;
  }

  it('a Teams form request approved with conditions: one 1:1 message to its requester with the outcome, option, cost, conditions, review date and comment; not again on a retry, a racing decision, a condition done or a restart', async () => {
    const id = await fromTheForm();
    assert.deepEqual(h.app.store.getRequest(id)?.requester, { aadObjectId: OUTSIDER.aadObjectId, name: OUTSIDER.name });
    // Two members at once, and the first click sent twice (Teams re-sends a slow turn).
    const answers = await Promise.all([
      h.invoke('decide', { requestId: id, ...WITH_CONDITIONS }, MEMBER),
      h.invoke('decide', { requestId: id, outcome: 'decline', comment: 'Too costly' }, MEMBER_B),
      h.invoke('decide', { requestId: id, ...WITH_CONDITIONS }, MEMBER),
    ]);
    assert.deepEqual(answers.map((a) => a.status), [200, 200, 200]);
    await until(() => toldRecords(h, id).length === 1, 'the requester told');
    const settledBy = h.app.store.decisionsFor(id)[0]!;

    const created = h.connector.conversationsCreated();
    assert.equal(created.length, 1, 'one personal chat opened');
    assert.deepEqual(created[0]!.body.members, [{ id: OUTSIDER.aadObjectId }], 'with the requester, by Entra object id');
    assert.equal(created[0]!.body.tenantId, TENANT);
    assert.equal(created[0]!.body.isGroup, false);
    const messages = personalMessages(h);
    assert.equal(messages.length, 1, 'one message');
    const { card, text } = cardIn(messages[0]!);
    assertValidCard(card);
    const settled = settledBy.outcome === 'approve_with_conditions';
    if (settled) {
      assert.match(text, /C-555/);
      assert.match(text, /Approved with conditions/);
      assert.match(text, /proposed placement \(Home A\)/);
      assert.match(text, /£5,500\.00/);
      assert.match(text, /Health assessment booked/);
      assert.match(text, /Owner: Social worker · due 15 May 2026/);
      assert.match(text, /Education plan agreed/);
      assert.match(text, /Owner: Virtual school · due 30 Jun 2026/);
      assert.match(text, /Review date.*2 Nov 2026/s);
      assert.match(text, /Agreed for six months/);
    } else {
      // The decline won the race: the requester is told that instead.
      assert.match(text, /Declined/);
      assert.match(text, /Too costly/);
    }
    assert.equal(toldRecords(h, id)[0]!.decisionId, settledBy.id, 'the record names the settling decision');

    if (settled) {
      // A condition done is heard as a change of the request: nothing new to tell.
      assert.equal((await h.api('POST', `/api/requests/${id}/conditions/1/complete`, {})).status, 201);
    }
    await h.close();
    assert.equal(personalMessages(h).length, 1, 'still one message once everything has settled');

    // A restart: the record says it went.
    h = await startHarness({ dir });
    if (settled) assert.equal((await h.api('POST', `/api/requests/${id}/conditions/2/complete`, {})).status, 201);
    await h.close();
    assert.equal(h.connector.conversationsCreated().length, 0, 'not told again after a restart');
    h = await startHarness({ dir });
  });

  it('an API request carrying a requester: deferred, then declined: one message for each settling decision', async () => {
    const requester = { aadObjectId: '6f1c2a4e-0b7d-4c55-9d1e-2f3a4b5c6d7e' };
    const res = await h.api('POST', '/api/requests', sampleRequest({ requester }));
    assert.equal(res.status, 201);
    const id = res.body.id as string;
    assert.deepEqual(h.app.store.getRequest(id)?.requester, requester);

    await h.invoke('decide', { requestId: id, outcome: 'defer', comment: 'Needs the health assessment first' });
    await until(() => toldRecords(h, id).length === 1, 'the deferral told');
    let messages = personalMessages(h);
    assert.equal(messages.length, 1);
    assert.deepEqual(h.connector.conversationsCreated()[0]!.body.members, [{ id: requester.aadObjectId }]);
    const deferred = cardIn(messages[0]!).text;
    assert.match(deferred, /The panel deferred it: Needs the health assessment first/);
    assert.doesNotMatch(deferred, /Weekly cost/, 'nothing was agreed');

    await h.invoke('decide', { requestId: id, outcome: 'decline', comment: 'An in-house carer is available' });
    await until(() => toldRecords(h, id).length === 2, 'the decline told');
    messages = personalMessages(h);
    assert.equal(messages.length, 2);
    const declined = cardIn(messages[1]!);
    assertValidCard(declined.card);
    assert.match(declined.text, /Declined/);
    assert.match(declined.text, /Reason/);
    assert.match(declined.text, /An in-house carer is available/);
    assert.match(declined.text, /C-10423/);
  });

  it('no requester (an API request without one): nothing is sent; a requester that is not an Entra object id is refused, naming the field', async () => {
    const res = await h.api('POST', '/api/requests', sampleRequest());
    const id = res.body.id as string;
    await h.invoke('decide', { requestId: id, outcome: 'approve', option: 'alt-1', effectiveFrom: '2026-05-04' });
    await h.close();
    assert.equal(h.connector.conversationsCreated().length, 0);
    assert.equal(personalMessages(h).length, 0);
    h = await startHarness({ dir });

    const bad = await h.api('POST', '/api/requests', sampleRequest({ childRef: 'C-777', requester: { aadObjectId: 'Jane Smith <jane@council.gov.uk>' } }));
    assert.equal(bad.status, 400);
    assert.match(JSON.stringify(bad.body), /requester\.aadObjectId/);
    assert.match(JSON.stringify(bad.body), /Entra object id/);
  });

  it('Teams refuses the chat: the decision stands, the failure is logged without the requester\'s name or id, and they are told at the next chance', async () => {
    const id = await fromTheForm();
    await h.app.announcer.idle();
    const from = logLines.length;
    // The card update and the chat, whichever goes first: both refused (the app is not installed for the user).
    h.connector.failNext({ status: 403 }, { status: 403 });
    const res = await h.invoke('decide', { requestId: id, ...WITH_CONDITIONS });
    assert.equal(res.status, 200);
    assert.match(cardText(res.body.value as object), /Approved with conditions/);
    await until(() => logLines.slice(from).some((l) => /requester not told/.test(l)), 'the failure logged');
    assert.equal(h.app.store.decisionsFor(id).length, 1, 'the decision is recorded');
    assert.equal(toldRecords(h, id).length, 0, 'not recorded as told');
    const lines = logLines.slice(from);
    const failure = lines.find((l) => /requester not told/.test(l))!;
    assert.match(failure, new RegExp(id));
    for (const line of lines) {
      assert.doesNotMatch(line, new RegExp(OUTSIDER.name), 'no name in the logs');
      assert.doesNotMatch(line, new RegExp(OUTSIDER.aadObjectId), 'no Entra id in the logs');
    }

    // The claim was given up: the next change of the request tells them.
    h.connector.clearFailures();
    assert.equal((await h.api('POST', `/api/requests/${id}/conditions/1/complete`, {})).status, 201);
    await until(() => toldRecords(h, id).length === 1, 'told at the next chance');
    assert.equal(personalMessages(h).length, 1);
  });
});
