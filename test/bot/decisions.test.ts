import { strict as assert } from 'node:assert';
import { readFile, writeFile } from 'node:fs/promises';
import sinon from 'sinon';
import { assertValidCard, cardText, findActions } from '../cards/cardQuality.js';
import {
  MEMBER, MEMBER_B, OUTSIDER, PANEL_CHANNEL, cardOf, installInPanelChannel, sampleRequest, startHarness, type Harness,
} from '../support/botHarness.js';

describe('panel decisions through the card (adaptiveCard/action)', () => {
  let h: Harness;
  let clock: sinon.SinonFakeTimers;
  let id: string;

  beforeEach(async () => {
    clock = sinon.useFakeTimers({ now: new Date('2026-05-01T10:00:00Z'), toFake: ['Date'] });
    h = await startHarness();
    await installInPanelChannel(h);
    const res = await h.api('POST', '/api/requests', sampleRequest());
    id = res.body.id as string;
    await h.app.announcer.idle();
  });
  afterEach(async () => {
    await h.close();
    clock.restore();
  });

  it('posts the request card to the panel channel as soon as it arrives', () => {
    const posts = h.connector.posts();
    assert.equal(posts.length, 1);
    assert.ok(decodeURIComponent(posts[0]!.path).includes(PANEL_CHANNEL.id), posts[0]!.path);
    const card = (posts[0]!.body.attachments as { content: object }[])[0]!.content;
    assertValidCard(card);
    const text = cardText(card);
    assert.match(text, /C-10423/);
    assert.match(text, /£6,108\.00/);
    assert.match(text, /£4,908\.00/, 'weekly saving of the in-house alternative');
    assert.doesNotMatch(JSON.stringify(card), /2012-05-17|dateOfBirth/, 'never a date of birth');
    assert.equal(h.app.store.getCard(id)?.activityId, 'msg-1');
  });

  it('a member approves an alternative: recorded, answered with the updated card, channel message updated', async () => {
    const res = await h.invoke('decide', { requestId: id, outcome: 'approve', option: 'alt-1', comment: 'Good match', effectiveFrom: '2026-05-04' });
    assert.equal(res.status, 200);
    assert.equal(res.body.type, 'application/vnd.microsoft.card.adaptive');
    const card = res.body.value as object;
    assertValidCard(card);
    assert.match(cardText(card), /Approved/);
    assert.match(cardText(card), /Jane Chair/);
    assert.equal(findActions(card).filter((a) => a.verb === 'decide').length, 0, 'no buttons once decided');
    const decisions = h.app.store.decisionsFor(id);
    assert.equal(decisions.length, 1);
    assert.equal(decisions[0]!.option, 'alt-1');
    assert.equal(decisions[0]!.decidedBy.aadObjectId, MEMBER.aadObjectId);
    assert.equal(decisions[0]!.decidedAt, '2026-05-01T10:00:00.000Z');
    await h.app.announcer.idle();
    const updates = h.connector.updates();
    assert.equal(updates.length, 1);
    assert.match(updates[0]!.path, /msg-1$/);
    assert.match(JSON.stringify(updates[0]!.body), /Approved/);
  });

  it('refuses a non-member and returns the card unchanged with the reason', async () => {
    const res = await h.invoke('decide', { requestId: id, outcome: 'approve', option: 'proposed' }, OUTSIDER);
    assert.equal(res.status, 200);
    assert.match(cardText(res.body.value as object), /Only panel members can decide/);
    assert.equal(h.app.store.decisionsFor(id).length, 0);
  });

  it('a second click after settlement is told who decided and when', async () => {
    await h.invoke('decide', { requestId: id, outcome: 'decline', comment: 'Not proportionate' });
    const res = await h.invoke('decide', { requestId: id, outcome: 'approve' }, MEMBER_B);
    assert.match(cardText(res.body.value as object), /Already decided: declined by Jane Chair at 1 May 2026 11:00 BST/);
    assert.equal(h.app.store.decisionsFor(id).length, 1);
  });

  it('records a repeated invoke once (Teams re-sends slow turns)', async () => {
    const data = { requestId: id, outcome: 'defer', comment: 'Need health assessment' };
    await Promise.all([h.invoke('decide', data), h.invoke('decide', data), h.invoke('decide', data)]);
    assert.equal(h.app.store.decisionsFor(id).length, 1);
  });

  it('two members deciding at once settle once; the other is told', async () => {
    const [a, b] = await Promise.all([
      h.invoke('decide', { requestId: id, outcome: 'approve', option: 'alt-1' }, MEMBER),
      h.invoke('decide', { requestId: id, outcome: 'decline', comment: 'No' }, MEMBER_B),
    ]);
    assert.equal(h.app.store.decisionsFor(id).length, 1);
    const texts = [cardText(a.body.value as object), cardText(b.body.value as object)];
    assert.equal(texts.filter((t) => /Already decided/.test(t)).length, 1);
  });

  it('approve with conditions needs a review date, and keeps what was typed', async () => {
    const res = await h.invoke('decide', { requestId: id, outcome: 'approve_with_conditions', option: 'alt-2', comment: 'Review education plan', reviewDate: '' });
    const card = res.body.value as object;
    assertValidCard(card);
    assert.match(cardText(card), /Review date: a review date is needed/);
    assert.match(JSON.stringify(card), /Review education plan/);
    assert.equal(h.app.store.decisionsFor(id).length, 0);
  });

  it('the Action.Submit fallback (a message with the card data) records the decision too', async () => {
    const res = await h.activity({
      type: 'message', id: 'fallback-1', channelId: 'msteams', serviceUrl: h.connector.url, replyToId: 'msg-1',
      from: { id: MEMBER.id, aadObjectId: MEMBER.aadObjectId, name: MEMBER.name }, recipient: { id: '28:bot' },
      conversation: { id: PANEL_CHANNEL.id, conversationType: 'channel' }, channelData: { tenant: { id: 'tenant-1' } },
      value: { verb: 'decide', requestId: id, outcome: 'approve', option: 'proposed' },
    });
    assert.equal(res.status, 200);
    assert.equal(h.app.store.decisionsFor(id).length, 1);
  });

  it('records what happened after the decision with the update command', async () => {
    await h.invoke('decide', { requestId: id, outcome: 'approve', option: 'alt-1', effectiveFrom: '2026-04-06' });
    const ok = cardText(cardOf((await h.say(`update ${id} cost £1,300.00 from 2026-04-13 uplift_agreed`))[0])!);
    assert.match(ok, /Recorded/);
    const bad = cardText(cardOf((await h.say(`update ${id} ended 2026-04-01 turned_18`))[0])!);
    assert.match(bad, /date: must be on or after the decision's effective date 2026-04-06/);
    const usage = cardText(cardOf((await h.say('update'))[0])!);
    assert.match(usage, /update PR-2026-0001 cost/);
    const events = h.app.store.eventsFor(id);
    assert.equal(events.length, 1);
    assert.equal(events[0]!.type === 'cost_change' && events[0]!.weeklyCost, '1300.00');
    assert.equal(events[0]!.recordedBy.aadObjectId, MEMBER.aadObjectId);
    assert.match((await h.say('show'))[0]!.text ?? '', /show PR-2026-0001/);
  });

  it('keeps everything across a restart', async () => {
    await h.invoke('decide', { requestId: id, outcome: 'approve', option: 'alt-1' });
    const dir = h.dir;
    await h.app.close();
    const again = await startHarness({ dir });
    try {
      assert.equal(again.app.store.getRequest(id)?.childRef, 'C-10423');
      assert.equal(again.app.store.decisionsFor(id).length, 1);
      assert.equal(again.app.store.getConversation('panel')?.conversation.id, PANEL_CHANNEL.id);
    } finally {
      await again.close();
    }
    // the original harness's app is closed already; stop only its connector
    h = { ...h, close: () => h.connector.stop() };
  });
});

describe('a corrupt store', () => {
  it('stops the bot with a message naming the file and leaves the file as it was', async () => {
    const h = await startHarness();
    const { dir, storePath } = h;
    await h.app.close();
    await h.connector.stop();
    const corrupt = '{"version":1,"requests":[{"id":';
    await writeFile(storePath, corrupt);
    await assert.rejects(() => startHarness({ dir }), (err: Error) => err.message.includes(storePath));
    assert.equal(await readFile(storePath, 'utf8'), corrupt);
  });
});

describe('messages (expectReplies)', () => {
  let h: Harness;
  beforeEach(async () => { h = await startHarness(); });
  afterEach(async () => { await h.close(); });

  it('answers help, pending and show with valid cards, and unknown text with help', async () => {
    const created = await h.api('POST', '/api/requests', sampleRequest());
    for (const text of ['help', 'pending', `show ${String(created.body.id).toLowerCase()}`, 'what is the weather']) {
      const replies = await h.say(text);
      const card = cardOf(replies[0]);
      assert.ok(card, `a card for "${text}"`);
      assertValidCard(card);
    }
    const pending = cardText(cardOf((await h.say('pending'))[0])!);
    assert.match(pending, /PR-\d{4}-0001/);
    const unknown = cardText(cardOf((await h.say('what is the weather'))[0])!);
    assert.match(unknown, /didn't understand/);
  });

  it('takes a request from the Teams form, and returns problems on the form with values kept', async () => {
    const form = cardOf((await h.say('new request'))[0])!;
    assertValidCard(form);
    const bad = await h.invoke('submitRequest', { childRef: 'C-555', ageYears: '15', kind: 'new', needsSummary: 'Needs', need_behaviour: '3', proposedType: 'residential', proposedProvider: 'Home A', proposedWeeklyCost: '-5', proposedStartDate: '2026-06-01', requestedBy: 'SW', reason: 'Breakdown' });
    const badCard = bad.body.value as object;
    assertValidCard(badCard);
    assert.match(cardText(badCard), /Proposed weekly cost: must not be negative/);
    assert.match(JSON.stringify(badCard), /Home A/);
    assert.equal(h.app.store.listRequests().length, 0);
    const good = await h.invoke('submitRequest', { childRef: 'C-555', ageYears: '15', kind: 'new', needsSummary: 'Needs', need_behaviour: '3', proposedType: 'residential', proposedProvider: 'Home A', proposedWeeklyCost: '5,500', proposedStartDate: '2026-06-01', proposedSocialCare: '80', proposedHealth: '20', proposedEducation: '0', alt1_label: 'Foster', alt1_type: 'ifa', alt1_weeklyCost: '1100', requestedBy: 'SW', reason: 'Breakdown' });
    assertValidCard(good.body.value as object);
    const stored = h.app.store.listRequests();
    assert.equal(stored.length, 1);
    assert.equal(stored[0]!.proposed.weeklyCost, '5500.00');
    assert.equal(stored[0]!.receivedVia, 'teams');
    assert.equal(stored[0]!.alternatives[0]!.weeklyCost, '1100.00');
  });
});
