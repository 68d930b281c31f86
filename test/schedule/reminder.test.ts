import { strict as assert } from 'node:assert';
import { rm } from 'node:fs/promises';
import sinon from 'sinon';
import { assertValidCard, cardText } from '../cards/cardQuality.js';
import { API_KEY, MEMBER, installInPanelChannel, sampleRequest, startHarness, type Harness } from '../support/botHarness.js';

// The default schedule: weekdays 09:30 Europe/London, which is 09:30 UTC in November (GMT).
const MONDAY_2_NOV = new Date('2026-11-02T08:00:00Z');
// Just after the run, so that a post is not still under way while the fake clock jumps past its timeout.
const at = (day: string, time = '09:30') => new Date(`${day}T${time}:00.050Z`);
const LEADERSHIP = '19:leadership@thread.tacv2';
const ACTOR = { aadObjectId: MEMBER.aadObjectId, name: MEMBER.name };

describe('follow-up reminders', () => {
  let clock: sinon.SinonFakeTimers;
  let h: Harness | undefined;

  afterEach(async () => {
    await h?.close();
    h = undefined;
    clock?.restore();
  });

  async function setUp(now: Date, options: { dir?: string } = {}): Promise<Harness> {
    clock = sinon.useFakeTimers({ now, shouldAdvanceTime: true, toFake: ['Date', 'setTimeout', 'clearTimeout'] });
    h = await startHarness({ schedule: false, env: { ESCALATE_AFTER_DAYS: '3' }, ...(options.dir && { dir: options.dir }) });
    return h;
  }

  /** The panel channel and, apart from it, a leadership channel. */
  async function channels(harness: Harness): Promise<void> {
    await installInPanelChannel(harness);
    const panel = harness.app.panel.conversation('panel')!;
    await harness.app.panel.setConversation('leadership', { ...panel, conversation: { ...panel.conversation, id: LEADERSHIP } });
  }

  const posts = (harness: Harness, what: RegExp, where: 'panel' | 'leadership') => harness.connector.posts()
    .filter((p) => decodeURIComponent(p.path).includes(where === 'leadership' ? LEADERSHIP : '19:panel@thread.tacv2'))
    .map((p) => (p.body.attachments as { content: Record<string, unknown> }[] | undefined)?.[0]?.content)
    .filter((c): c is Record<string, unknown> => c !== undefined && what.test(cardText(c)));
  const reminders = (harness: Harness) => posts(harness, /Today's follow-ups/, 'panel');
  const escalations = (harness: Harness) => posts(harness, /Overdue more than 3 days/, 'leadership');

  /** Moves the fake clock to `when`, letting the schedule run on the way. */
  async function until(harness: Harness, when: Date): Promise<void> {
    await clock.tickAsync(when.getTime() - Date.now());
    await harness.app.reminders.idle();
  }

  it('walks a request from receipt past its decide-by date to a decision with two conditions: reminded once a day, escalated after the days set, listed as it stands', async function () {
    // A week on the fake clock runs every timer on the way (the schedule's, the store's): some seconds a day.
    this.timeout(180_000);
    const harness = await setUp(MONDAY_2_NOV);
    await channels(harness);
    // Urgent: two working days after Monday 2 November, so to be decided by Wednesday 4 November.
    const made = await harness.api('POST', '/api/requests', sampleRequest({
      urgency: 'urgent', proposed: { ...sampleRequest().proposed as object, startDate: '2026-12-07', plannedEndDate: '2027-12-06' },
    }));
    assert.equal(made.status, 201, JSON.stringify(made.body));
    const id = made.body.id as string;
    await harness.app.announcer.idle();
    harness.app.reminders.start();

    await until(harness, at('2026-11-04'));
    assert.equal(reminders(harness).length, 0, 'nothing overdue on the decide-by date itself: no reminder');
    assert.equal(harness.app.store.getDigestState().lastReminderDay, '2026-11-04', 'the day counts as done all the same');

    await until(harness, at('2026-11-05'));
    assert.equal(reminders(harness).length, 1, 'the day after the decide-by date');
    const first = reminders(harness)[0]!;
    assertValidCard(first);
    assert.match(cardText(first), new RegExp(`${id}.*Past decide-by`));
    assert.match(cardText(first), /Due 4 Nov 2026 · 1 day overdue/);

    // A second run the same day, as after a fault, sends nothing more.
    await harness.app.reminders.runOnce();
    assert.equal(reminders(harness).length, 1, 'once a day');

    // Friday: two days overdue, not yet escalated; the weekend has no run; Monday 9th: five days, escalated.
    await until(harness, at('2026-11-06'));
    assert.equal(reminders(harness).length, 2);
    assert.equal(escalations(harness).length, 0, 'two days overdue is not more than three');
    await until(harness, at('2026-11-08', '12:00'));
    assert.equal(reminders(harness).length, 2, 'no run at the weekend');
    await until(harness, at('2026-11-09'));
    assert.equal(reminders(harness).length, 3);
    assert.equal(escalations(harness).length, 1, 'five days overdue goes to leadership');
    assert.match(cardText(escalations(harness)[0]!), /5 days overdue/);

    // Decided that afternoon with two conditions; the first is done on the 11th, the second is not.
    await until(harness, at('2026-11-09', '14:00'));
    const decided = await harness.app.panel.decide({
      requestId: id, outcome: 'approve_with_conditions', option: 'alt-1', effectiveFrom: '2026-12-07', reviewDate: '2027-03-01',
      conditions: [
        { text: 'Education plan agreed with the virtual school', owner: 'Virtual school head', due: '2026-11-10' },
        { text: 'Health assessment booked', owner: 'Looked-after nurse', due: '2026-11-12' },
      ],
    }, ACTOR);
    assert.equal(decided.kind, 'recorded', JSON.stringify(decided));
    await until(harness, at('2026-11-11', '10:00'));
    const done = await harness.app.panel.completeCondition(id, 1, {}, ACTOR);
    assert.ok(done.ok, JSON.stringify(done));

    await until(harness, at('2026-11-13'));
    const listed = await harness.api('GET', '/api/follow-ups?asOf=2026-11-13');
    assert.equal(listed.status, 200);
    assert.deepEqual(listed.body.items, [{
      kind: 'condition', requestId: id, childRef: 'C-10423', due: '2026-11-12', daysOverdue: 1, condition: 2,
      what: 'Condition 2 (Looked-after nurse): Health assessment booked',
    }]);
    const friday = reminders(harness).at(-1)!;
    assert.match(cardText(friday), /Condition overdue/);
    assert.doesNotMatch(cardText(friday), /Past decide-by|Education plan/, 'decided, and the first condition done: neither listed');

    const [reply] = await harness.say('overdue');
    const card = reply?.attachments?.[0]?.content;
    assert.ok(card);
    assert.match(cardText(card), /1 follow-up as of 13 Nov 2026/);
    assert.match(cardText(card), /Health assessment booked/);
  });

  it('does not send a day\'s reminder again across a restart, and catches up missed days with one reminder', async function () {
    this.timeout(60_000);
    const first = await setUp(at('2026-11-09', '08:00'));
    await channels(first);
    const made = await first.api('POST', '/api/requests', sampleRequest({ decideBy: '2026-11-03' }));
    assert.equal(made.status, 201, JSON.stringify(made.body));
    await first.app.announcer.idle();
    // The bot last reminded on Tuesday 3 November, then was down until Monday 9 November 10:00.
    await first.app.store.setDigestState({ lastReminderDay: '2026-11-03' });
    await until(first, at('2026-11-09', '10:00'));
    first.app.reminders.start();
    await clock.tickAsync(10);
    await first.app.reminders.idle();
    assert.equal(reminders(first).length, 1, 'four weekdays missed: one reminder for today');
    assert.match(cardText(reminders(first)[0]!), /Due 3 Nov 2026 · 6 days overdue/);
    const dir = first.dir;
    // Stopped as a process stops: the store's folder stays (Harness.close would remove it).
    await first.app.close();
    await first.connector.stop();
    clock.restore();
    h = undefined;

    const second = await setUp(at('2026-11-09', '11:00'), { dir });
    // This harness's connector is a new one (a channel kept is not taken again): the channels are pointed at it.
    for (const role of ['panel', 'leadership'] as const) {
      await second.app.panel.setConversation(role, { ...second.app.panel.conversation(role)!, serviceUrl: second.connector.url });
    }
    second.app.reminders.start();
    await clock.tickAsync(10);
    await second.app.reminders.idle();
    await second.app.reminders.runOnce();
    assert.equal(reminders(second).length, 0, 'already sent today, before the restart');
    await until(second, at('2026-11-10'));
    assert.equal(reminders(second).length, 1, 'the next day\'s run');
    await second.close();
    h = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  it('lists an emergency placement waiting to be ratified, and a change slipping with its cost so far', async () => {
    const harness = await setUp(at('2026-11-23', '08:00'));
    const placed = await harness.api('POST', '/api/requests', sampleRequest({
      childRef: 'C-20001', urgency: 'emergency', alreadyPlaced: true,
      proposed: { ...sampleRequest().proposed as object, startDate: '2026-11-18' },
    }));
    assert.equal(placed.status, 201, JSON.stringify(placed.body));
    // A change approved from 2 November, never confirmed as started: slipping after the seven days' grace.
    const change = await harness.api('POST', '/api/requests', sampleRequest({ childRef: 'C-20002', decideBy: '2026-11-30' }));
    assert.equal(change.status, 201);
    await clock.tickAsync(60_000);
    const decided = await harness.app.panel.decide({ requestId: change.body.id, outcome: 'approve', option: 'alt-1', effectiveFrom: '2026-11-02' }, ACTOR);
    assert.equal(decided.kind, 'recorded', JSON.stringify(decided));

    const listed = await harness.api('GET', '/api/follow-ups?asOf=2026-11-23', undefined, API_KEY);
    assert.equal(listed.status, 200);
    const items = listed.body.items as Record<string, unknown>[];
    assert.deepEqual(items.map((i) => [i.kind, i.requestId, i.due, i.daysOverdue]), [
      ['slipping', change.body.id, '2026-11-02', 21],
      ['unratified', placed.body.id, '2026-11-18', 5],
    ], 'oldest first');
    // £6,108.00 − £1,200.00 = £4,908.00 a week not saved, for the 21 days (3 weeks) from 2 to 23 November.
    assert.equal(items[0]!.slippageCost, '14724.00');
    assert.deepEqual(listed.body.counts, { decide_by: 0, unratified: 1, condition: 0, review: 0, slipping: 1 });

    const [reply] = await harness.say('overdue');
    assert.match(cardText(reply!.attachments![0]!.content), /Slippage so far £14,724\.00/);
  });

  it('asks for the API key and a plausible asOf', async () => {
    const harness = await setUp(at('2026-11-23', '08:00'));
    assert.equal((await harness.api('GET', '/api/follow-ups', undefined, null)).status, 401);
    const bad = await harness.api('GET', '/api/follow-ups?asOf=9999-12-31');
    assert.equal(bad.status, 400);
    assert.match(JSON.stringify(bad.body), /asOf/);
  });
});
