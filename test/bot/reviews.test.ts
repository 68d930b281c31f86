import { strict as assert } from 'node:assert';
import { rm } from 'node:fs/promises';
import sinon from 'sinon';
import { assertValidCard, cardText, findActions } from '../cards/cardQuality.js';
import type { RecordedCall } from '../support/fakeConnector.js';
import {
  MEMBER, OUTSIDER, installInPanelChannel, sampleRequest, startHarness, type Harness,
} from '../support/botHarness.js';

type Card = Record<string, unknown>;

const CONDITIONS = {
  condition1Text: 'Health assessment booked', condition1Owner: 'Social worker', condition1Due: '2026-05-15',
  condition2Text: 'Education plan agreed', condition2Owner: 'Virtual school', condition2Due: '2026-09-30',
};

/** The review cards the bot posted to the connector, oldest first. */
function reviewPosts(h: Harness): RecordedCall[] {
  return h.connector.posts().filter((p) => /Review: placement/.test(JSON.stringify(p.body)));
}

function cardIn(call: RecordedCall): Card {
  return ((call.body.attachments as { content: Card }[])[0]!).content;
}

describe('reviews: an approval comes back to the panel on its review date (issue #15)', () => {
  let h: Harness;
  let clock: sinon.SinonFakeTimers;
  let id: string;

  const at = (iso: string) => clock.setSystemTime(new Date(iso));
  const run = () => h.app.reviews.runOnce();
  const cardFrom = (res: { body: Record<string, unknown> }) => res.body.value as Card;
  /** Starts the bot again on the same store, its panel channel now reached through this run's connector. */
  const restart = async (dir: string) => {
    h = await startHarness({ dir, schedule: false });
    const ref = h.app.panel.conversation('panel')!;
    await h.app.panel.setConversation('panel', { ...ref, serviceUrl: h.connector.url });
  };

  beforeEach(async () => {
    clock = sinon.useFakeTimers({ now: new Date('2026-05-01T10:00:00Z'), toFake: ['Date'] });
    h = await startHarness();
    await installInPanelChannel(h);
    id = (await h.api('POST', '/api/requests', sampleRequest())).body.id as string;
    const decided = await h.invoke('decide', {
      requestId: id, outcome: 'approve_with_conditions', option: 'alt-1', effectiveFrom: '2026-05-04', reviewDate: '2026-08-03', comment: '', ...CONDITIONS,
    });
    assert.equal(decided.status, 200);
    assert.equal(h.app.store.decisionsFor(id).length, 1);
    await h.app.announcer.idle();
  });
  afterEach(async () => {
    const dir = h.dir;
    await h.close();
    await rm(dir, { recursive: true, force: true });
    clock.restore();
  });

  it('posts nothing before the review date, then one card on it however often the schedule runs', async () => {
    at('2026-08-02T22:59:00Z'); // 23:59 BST on 2 August: not yet the day
    await run();
    assert.equal(reviewPosts(h).length, 0);
    at('2026-08-03T08:00:00Z');
    await Promise.all([run(), run()]);
    await run();
    assert.equal(reviewPosts(h).length, 1, 'once');
    const card = cardIn(reviewPosts(h)[0]!);
    assertValidCard(card);
    const text = cardText(card);
    assert.match(text, new RegExp(`Review: placement ${id}`));
    assert.match(text, /C-10423 · 14 years/);
    assert.doesNotMatch(JSON.stringify(card), /2012-05-17/, 'no date of birth');
    assert.match(text, /Review date 3 Aug 2026 — due today/);
    assert.match(text, /In-house foster care with wrap-around support/);
    assert.match(text, /Cost now[\s\S]*£1,200\.00 a week/);
    // 4 May to 2 Aug: 91 days at (6,108 − 1,200) a week = 4,908 × 13 = £63,804.00, promised and saved alike.
    assert.match(text, /Saved to date[\s\S]*£63,804\.00/);
    assert.match(text, /Promised to date[\s\S]*£63,804\.00/);
    assert.match(text, /Health assessment booked[\s\S]*Overdue by 80 days/);
    assert.match(text, /Education plan agreed[\s\S]*Due in 58 days/);
    const verbs = findActions(card).filter((a) => a.type === 'Action.Execute').map((a) => a.verb);
    assert.deepEqual(verbs.sort(), ['continueReview', 'proposeChange', 'recordEnd']);
    const api = await h.api('GET', `/api/requests/${id}`);
    assert.deepEqual(api.body.reviews, { nextReviewDate: '2026-08-03', history: [{ kind: 'posted', reviewDate: '2026-08-03', postedAt: '2026-08-03T08:00:00.000Z' }] });
  });

  it('a card costed after a recorded change shows the cost now and what was saved after it', async () => {
    at('2026-06-01T09:00:00Z');
    assert.equal((await h.api('POST', `/api/requests/${id}/events`, { type: 'cost_change', date: '2026-06-01', weeklyCost: '1900.00', reason: 'uplift_agreed' })).status, 201);
    at('2026-08-03T08:00:00Z');
    await run();
    const text = cardText(cardIn(reviewPosts(h)[0]!));
    assert.match(text, /Cost now[\s\S]*£1,900\.00 a week/);
    // 4 weeks at 4,908 then 9 weeks at 4,208: 19,632 + 37,872.
    assert.match(text, /Saved to date[\s\S]*£57,504\.00/);
    assert.match(text, /Promised to date[\s\S]*£63,804\.00/);
  });

  it('is not posted again after a restart, and a review that fell due while stopped is posted once at start', async () => {
    at('2026-08-03T08:00:00Z');
    await run();
    assert.equal(reviewPosts(h).length, 1);
    const dir = h.dir;
    await h.app.close();
    await h.connector.stop();
    await restart(dir);
    await run();
    assert.equal(reviewPosts(h).length, 0, 'not again after a restart');

    // Continue to 1 Sep; the bot is stopped from 31 Aug to 3 Sep and catches up once when it starts.
    const res = await h.invoke('continueReview', { requestId: id, nextReviewDate: '2026-09-01' });
    assert.match(cardText(cardFrom(res)), /Continued: the next review date is set/);
    assert.match(cardText(cardFrom(res)), /Review date 1 Sep 2026 — due in 29 days/);
    await h.app.close();
    await h.connector.stop();
    at('2026-09-03T12:00:00Z');
    await restart(dir);
    h.app.reviews.start(); // what listening does: the catch-up at start
    await h.app.reviews.idle();
    h.app.reviews.stop();
    await run();
    await run();
    assert.equal(reviewPosts(h).length, 1, 'caught up once, not once per missed day');
    assert.match(cardText(cardIn(reviewPosts(h)[0]!)), /Review date 1 Sep 2026 — due 2 days ago/);
  });

  it('Continue records a review with the next date, and the card is posted again on that date', async () => {
    at('2026-08-03T08:00:00Z');
    await run();
    const res = await h.invoke('continueReview', { requestId: id, nextReviewDate: '2027-02-01' });
    const card = cardFrom(res);
    assertValidCard(card);
    const reviews = h.app.store.eventsFor(id).filter((e) => e.type === 'review');
    assert.equal(reviews.length, 1);
    assert.deepEqual({ ...reviews[0], id: undefined, prevHash: undefined, hash: undefined }, {
      id: undefined, requestId: id, type: 'review', date: '2026-08-03', reviewDate: '2026-08-03', outcome: 'continued', nextReviewDate: '2027-02-01',
      recordedBy: { aadObjectId: MEMBER.aadObjectId, name: MEMBER.name }, recordedAt: '2026-08-03T08:00:00.000Z', prevHash: undefined, hash: undefined,
    });
    assert.match(cardText(card), /Continued by Jane Chair; next review 1 Feb 2027/);
    // The answer replaces the card for the clicker only: the message in the channel is drawn again for everyone.
    await h.app.reviews.idle();
    const posted = h.app.store.eventsFor(id).find((e) => e.type === 'review_posted') as { activityId?: string };
    assert.match(posted.activityId ?? '', /^msg-/, 'where the card went is kept');
    const update = h.connector.updates().filter((u) => /Review: placement/.test(JSON.stringify(u.body))).at(-1)!;
    assert.ok(update, 'the channel card is updated');
    assert.ok(update.path.endsWith(`/activities/${posted.activityId}`), update.path);
    assertValidCard(cardIn(update));
    assert.match(cardText(cardIn(update)), /Continued by Jane Chair; next review 1 Feb 2027/);
    at('2027-01-31T12:00:00Z');
    await run();
    assert.equal(reviewPosts(h).length, 1);
    at('2027-02-01T09:00:00Z');
    await run();
    await run();
    assert.equal(reviewPosts(h).length, 2, 'posted again on the next review date, once');
    const api = await h.api('GET', `/api/requests/${id}`);
    const review = api.body.reviews as { nextReviewDate: string; history: { kind: string }[] };
    assert.equal(review.nextReviewDate, '2027-02-01');
    assert.deepEqual(review.history.map((e) => e.kind), ['posted', 'continued', 'posted']);
    assert.ok(h.app.store.verify().ok, 'the events chain verifies with reviews in it');
  });

  it('Continue refuses a date not after today, out of range or missing, naming the input; an outsider records nothing', async () => {
    at('2026-08-03T08:00:00Z');
    const problem = async (value: unknown) => cardText(cardFrom(await h.invoke('continueReview', { requestId: id, nextReviewDate: value })));
    assert.match(await problem('2026-08-03'), /Next review date: must be after today \(2026-08-03\)/);
    assert.match(await problem('2026-07-01'), /Next review date: must be after today/);
    assert.match(await problem('2101-01-01'), /Next review date: must be a date from 1990-01-01 to 2100-12-31/);
    assert.match(await problem('9999-12-31'), /Next review date: must be a date from 1990-01-01 to 2100-12-31/);
    assert.match(await problem('2026-02-30'), /Next review date: must be a real date/);
    assert.match(await problem(''), /Next review date: give the date of the next review/);
    assert.match(await problem('<b>*x*</b>'), /Next review date: must be a real date/);
    assert.match(await problem(12), /Next review date: /);
    const outsider = await h.invoke('continueReview', { requestId: id, nextReviewDate: '2027-01-01' }, OUTSIDER);
    assert.match(cardText(cardFrom(outsider)), /Only panel members/);
    assert.equal(h.app.store.eventsFor(id).filter((e) => e.type === 'review').length, 0);
    const kept = cardFrom(await h.invoke('continueReview', { requestId: id, nextReviewDate: '2026-08-01' }));
    assert.match(JSON.stringify(kept), /"id":"nextReviewDate","label":"Next review date","value":"2026-08-01"/, 'what was typed is kept');
  });

  it('Propose a change opens the new-request form filled in from the placement now, which submits a change request', async () => {
    at('2026-06-01T09:00:00Z');
    await h.api('POST', `/api/requests/${id}/events`, { type: 'cost_change', date: '2026-06-01', weeklyCost: '1900.00', reason: 'uplift_agreed' });
    at('2026-08-03T08:00:00Z');
    const form = cardFrom(await h.invoke('proposeChange', { requestId: id }));
    assertValidCard(form);
    const json = JSON.stringify(form);
    for (const [input, value] of [['childRef', 'C-10423'], ['kind', 'change'], ['currentType', 'in_house_fostering'], ['currentWeeklyCost', '1900.00'], ['ageYears', '14']]) {
      assert.match(json, new RegExp(`"id":"${input}"[^}]*"value":"?${value}`), `${input} filled in`);
    }
    // The person fills in what is proposed and submits the form with what it was filled in with.
    const filled: Record<string, unknown> = {};
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node !== null && typeof node === 'object') {
        const o = node as Record<string, unknown>;
        if (typeof o.type === 'string' && o.type.startsWith('Input.') && typeof o.id === 'string') filled[o.id] = o.value ?? '';
        Object.values(o).forEach(walk);
      }
    };
    walk(form);
    const submitted = {
      ...filled, changeReason: 'step_down',
      proposedType: 'supported_accommodation', proposedProvider: 'Riverside', proposedWeeklyCost: '900.00', proposedStartDate: '2026-09-01',
      proposedPlannedEndDate: '2027-04-05',
    };
    const res = await h.invoke('submitRequest', submitted);
    assert.match(cardText(cardFrom(res)), /Request sent to the panel/, cardText(cardFrom(res)));
    const change = h.app.store.listRequests().find((r) => r.id !== id)!;
    assert.equal(change.kind, 'change');
    assert.equal(change.childRef, 'C-10423');
    assert.equal(change.current?.weeklyCost, '1900.00');
  });

  it('Record an end stops the placement\'s cost and its reviews', async () => {
    at('2026-08-03T08:00:00Z');
    await run();
    const missing = cardText(cardFrom(await h.invoke('recordEnd', { requestId: id, endDate: '', endReason: '' })));
    assert.match(missing, /Date it ended: /);
    assert.match(cardText(cardFrom(await h.invoke('recordEnd', { requestId: id, endDate: '2026-05-01', endReason: 'return_home' }))), /Date it ended: must be on or after/);
    for (const date of ['9999-12-31', '2026-02-30', '<script>']) {
      assert.match(cardText(cardFrom(await h.invoke('recordEnd', { requestId: id, endDate: date, endReason: 'return_home' }))), /Date it ended: must be a (real date|date from 1990-01-01 to 2100-12-31)/, date);
    }
    assert.match(cardText(cardFrom(await h.invoke('recordEnd', { requestId: id, endDate: '2026-07-06', endReason: 'bored' }))), /Why it ended: must be one of/);
    assert.equal(h.app.store.eventsFor(id).filter((e) => e.type === 'ended').length, 0, 'nothing recorded from a refused end');
    const res = await h.invoke('recordEnd', { requestId: id, endDate: '2026-07-06', endReason: 'return_home' });
    const card = cardFrom(res);
    assertValidCard(card);
    assert.match(cardText(card), /Ended[\s\S]*6 Jul 2026: return home/);
    assert.equal(findActions(card).length, 0, 'nothing left to do on an ended placement');
    await h.app.reviews.idle();
    const update = h.connector.updates().filter((u) => /Review: placement/.test(JSON.stringify(u.body))).at(-1)!;
    assert.match(cardText(cardIn(update)), /Ended[\s\S]*6 Jul 2026: return home/, 'the channel card shows the end for everyone');
    assert.equal(findActions(cardIn(update)).length, 0);
    const ended = h.app.store.eventsFor(id).filter((e) => e.type === 'ended');
    assert.equal(ended.length, 1);
    // Nothing is paid from the end (docs/domain.md, "Cost events and ends"): 4 May to 5 Jul saved 9 weeks × 4,908 = 44,172.00,
    // and from 6 Jul to 30 Nov (148 days) the whole baseline, 6,108 × 148 / 7 = 129,140.57.
    const later = await h.api('GET', `/api/requests/${id}?asOf=2026-12-01`);
    assert.equal((later.body.savings as { realised: string }).realised, '173312.57');
    const api = await h.api('GET', `/api/requests/${id}`);
    assert.equal((api.body.reviews as { nextReviewDate: unknown }).nextReviewDate, null);
    const res2 = await h.invoke('continueReview', { requestId: id, nextReviewDate: '2027-01-01' });
    assert.match(cardText(cardFrom(res2)), /ended on 2026-07-06: there is no review to continue/);
  });
});
