import { strict as assert } from 'node:assert';
import sinon from 'sinon';
import { assertValidCard, cardText, findActions } from '../cards/cardQuality.js';
import { escapeMarkdown } from '../../src/cards/markdown.js';
import {
  MEMBER, MEMBER_B, PANEL_CHANNEL, cardOf, installInPanelChannel, sampleRequest, startHarness, type Harness,
} from '../support/botHarness.js';

type Card = Record<string, unknown>;

/** The card rows as a member fills them in: two conditions, the second owner typed with markdown in it. */
const TWO_ROWS = {
  condition1Text: 'Health assessment booked', condition1Owner: 'Social worker', condition1Due: '2026-05-15',
  condition2Text: 'Education plan agreed with the virtual school', condition2Owner: '**Jo** Bloggs', condition2Due: '2026-06-30',
  condition3Text: '', condition3Owner: '', condition3Due: '',
};

describe('approval with conditions through the card and chat (issue #15)', () => {
  let h: Harness;
  let clock: sinon.SinonFakeTimers;
  let id: string;

  const decide = (data: Record<string, unknown>) => h.invoke('decide', {
    requestId: id, outcome: 'approve_with_conditions', option: 'alt-1', effectiveFrom: '2026-05-04', reviewDate: '2026-11-01', comment: '', ...data,
  });
  const cardFrom = (res: { body: Record<string, unknown> }) => res.body.value as Card;
  const markDone = (card: Card) => findActions(card).filter((a) => a.verb === 'completeCondition' && a.type === 'Action.Execute');
  const showCard = async () => cardOf((await h.say(`show ${id}`))[0]) as Card;

  beforeEach(async () => {
    clock = sinon.useFakeTimers({ now: new Date('2026-05-01T10:00:00Z'), toFake: ['Date'] });
    h = await startHarness();
    await installInPanelChannel(h);
    id = (await h.api('POST', '/api/requests', sampleRequest())).body.id as string;
    await h.app.announcer.idle();
  });
  afterEach(async () => {
    await h.close();
    clock.restore();
  });

  it('the open card offers three condition rows, labelled as problems name them', async () => {
    const card = await showCard();
    assertValidCard(card);
    const labels = JSON.stringify(card);
    for (const n of [1, 2, 3]) {
      for (const [idSuffix, label] of [['Text', `Condition ${n}`], ['Owner', `Condition ${n} owner`], ['Due', `Condition ${n} due date`]]) {
        assert.match(labels, new RegExp(`"id":"condition${n}${idSuffix}","label":"${label}"`), `${idSuffix} of row ${n}`);
      }
    }
  });

  it('approves with two conditions: each listed with owner and due date, open, with a Mark done button; the channel card too', async () => {
    const res = await decide(TWO_ROWS);
    const card = cardFrom(res);
    assertValidCard(card);
    const decision = h.app.store.decisionsFor(id)[0]!;
    assert.deepEqual(decision.conditions, [
      { text: 'Health assessment booked', owner: 'Social worker', due: '2026-05-15' },
      { text: 'Education plan agreed with the virtual school', owner: '**Jo** Bloggs', due: '2026-06-30' },
    ]);
    const text = cardText(card);
    assert.match(text, /\*\*1\.\*\* Health assessment booked/);
    assert.match(text, /Owner: Social worker · due 15 May 2026/);
    assert.match(text, /Due in 14 days/);
    assert.ok(text.includes(`Owner: ${escapeMarkdown('**Jo** Bloggs')} · due 30 Jun 2026`), 'typed owner escaped');
    assert.doesNotMatch(text, /Owner: \*\*Jo\*\*/);
    const buttons = markDone(card);
    assert.deepEqual(buttons.map((b) => (b.data as Card).condition), [1, 2]);
    for (const b of buttons) {
      const fallback = b.fallback as Card;
      assert.equal(fallback.type, 'Action.Submit');
      assert.equal((fallback.data as Card).verb, 'completeCondition', 'the fallback sends the same verb');
    }
    await h.app.announcer.idle();
    const update = h.connector.updates().at(-1)!;
    assert.match(JSON.stringify(update.body), /Health assessment booked/);
  });

  it('names the condition and field in the card\'s words when a row is incomplete or due before the decision', async () => {
    const res = await decide({ ...TWO_ROWS, condition2Owner: '', condition1Due: '2026-04-30' });
    const text = cardText(cardFrom(res));
    assert.match(text, /Condition 2 owner: must not be empty/);
    assert.equal(h.app.store.decisionsFor(id).length, 0);
    // Owners fixed, the due date before the day of the decision is refused by the rule.
    const early = cardText(cardFrom(await decide({ ...TWO_ROWS, condition1Due: '2026-04-30' })));
    assert.match(early, /Condition 1 due date: is before the day of the decision \(2026-05-01\)/);
    const far = cardText(cardFrom(await decide({ ...TWO_ROWS, condition2Due: '2101-01-01' })));
    assert.match(far, /Condition 2 due date: /);
    const gap = cardText(cardFrom(await decide({ ...TWO_ROWS, condition2Text: '', condition2Owner: '', condition2Due: '', condition3Text: 'Respite plan', condition3Owner: 'IRO', condition3Due: '2026-06-01' })));
    assert.match(gap, /Condition 2: must not be empty/, 'an empty row between two filled is named by its own number');
    const none = cardText(cardFrom(await decide({})));
    assert.match(none, /Conditions: give each condition its text, owner and due date/);
    const four = await decide({ conditions: Array.from({ length: 4 }, (_, i) => ({ text: `C${i}`, owner: 'IRO', due: '2026-06-01' })) });
    assert.match(cardText(cardFrom(four)), /Conditions: at most 3 conditions/);
    assert.equal(h.app.store.decisionsFor(id).length, 0);
  });

  it('a typed row is kept on the card that comes back with a problem', async () => {
    const card = cardFrom(await decide({ ...TWO_ROWS, condition2Owner: '' }));
    assert.match(JSON.stringify(card), /"id":"condition1Text","label":"Condition 1","value":"Health assessment booked"/);
  });

  it('Mark done on the card records who and when, answers with the card updated, and updates the channel card', async () => {
    await decide(TWO_ROWS);
    await h.app.announcer.idle();
    const before = h.connector.updates().length;
    clock.setSystemTime(new Date('2026-05-03T09:00:00Z'));
    const res = await h.invoke('completeCondition', { requestId: id, condition: 1 }, MEMBER_B);
    const card = cardFrom(res);
    assertValidCard(card);
    assert.match(cardText(card), /Done by Sam Finance on 3 May 2026/);
    assert.deepEqual(markDone(card).map((b) => (b.data as Card).condition), [2], 'only the open condition keeps its button');
    const recorded = h.app.store.eventsFor(id);
    assert.equal(recorded.length, 1);
    assert.deepEqual({ ...recorded[0], id: undefined, prevHash: undefined, hash: undefined }, {
      id: undefined, requestId: id, type: 'condition_completed', condition: 1, date: '2026-05-03',
      recordedBy: { aadObjectId: MEMBER_B.aadObjectId, name: MEMBER_B.name }, recordedAt: '2026-05-03T09:00:00.000Z', prevHash: undefined, hash: undefined,
    });
    await h.app.announcer.idle();
    assert.equal(h.connector.updates().length, before + 1, 'the channel card is updated for everyone');
    assert.match(JSON.stringify(h.connector.updates().at(-1)!.body), /Done by Sam Finance on 3 May 2026/);
    // The Action.Submit fallback's repeat is told it was done, and nothing more is recorded.
    const again = cardText(cardFrom(await h.invoke('completeCondition', { requestId: id, condition: '1' })));
    assert.match(again, /Not marked done: condition 1 of .* was already marked done by Sam Finance on 2026-05-03/);
    assert.equal(h.app.store.eventsFor(id).length, 1);
  });

  it('the Mark done fallback (Action.Submit: a message with the card data and the verb) marks it done and updates the message', async () => {
    await decide(TWO_ROWS);
    const before = h.connector.updates().length;
    const res = await h.activity({
      type: 'message', id: 'fallback-1', channelId: 'msteams', serviceUrl: h.connector.url, replyToId: 'msg-1',
      from: { id: MEMBER.id, aadObjectId: MEMBER.aadObjectId, name: MEMBER.name }, recipient: { id: '28:bot' },
      conversation: { id: PANEL_CHANNEL.id, conversationType: 'channel' }, channelData: { tenant: { id: 'tenant-1' } },
      value: { verb: 'completeCondition', requestId: id, condition: 2 },
    });
    assert.equal(res.status, 200);
    const recorded = h.app.store.eventsFor(id);
    assert.equal(recorded.length, 1);
    assert.equal(recorded[0]!.type === 'condition_completed' && recorded[0]!.condition, 2);
    await h.app.announcer.idle();
    const updates = h.connector.updates().slice(before);
    assert.ok(updates.some((u) => /msg-1$/.test(u.path) && /Done by Jane Chair on 1 May 2026/.test(JSON.stringify(u.body))), 'the message the card was in is updated');
  });

  it('Mark done on a condition the approval does not have, or on an approval without conditions, records nothing', async () => {
    await decide(TWO_ROWS);
    assert.match(cardText(cardFrom(await h.invoke('completeCondition', { requestId: id, condition: 3 }))), /there is no condition 3/);
    const plain = (await h.api('POST', '/api/requests', sampleRequest({ childRef: 'C-20001' }))).body.id as string;
    await h.invoke('decide', { requestId: plain, outcome: 'approve', option: 'alt-1', effectiveFrom: '2026-05-04' });
    assert.match(cardText(cardFrom(await h.invoke('completeCondition', { requestId: plain, condition: 1 }))), /was not approved with conditions/);
    assert.equal(h.app.store.eventsFor(id).length + h.app.store.eventsFor(plain).length, 0);
  });

  it('chat: "done <id> condition <n>" marks it done, on a day typed or today, and says what is left', async () => {
    await decide(TWO_ROWS);
    const first = cardText(cardOf((await h.say(`done ${id.toLowerCase()} condition 2 on 30/04/2026`))[0]) as Card);
    assert.match(first, /Not marked done for PR-2026-0001\ndate: is before the decision \(2026-05-01\)/);
    const done = cardText(cardOf((await h.say(`done ${id} condition 2`))[0]) as Card);
    assert.match(done, new RegExp(`${id}: condition 2 marked done on 1 May 2026 by Jane Chair`));
    assert.match(done, /1 condition is still open/);
    const last = cardText(cardOf((await h.say(`Mark done ${id} condition 1 on 1 May 2026`))[0]) as Card);
    assert.match(last, /Every condition of this approval is now done/);
    const twice = cardText(cardOf((await h.say(`done ${id} condition 1`))[0]) as Card);
    assert.match(twice, /already marked done by Jane Chair/);
    const usage = await h.say('done');
    assert.match(String(usage[0]!.text), /done PR-2026-0001 condition 2/);
    const help = cardText(cardOf((await h.say('help'))[0]) as Card);
    assert.match(help, /done PR-2026-0001 condition 2: a condition of an approval is done/);
  });

  it('shows "Overdue by N days" once a due date has passed, and no longer once done', async () => {
    await decide(TWO_ROWS);
    clock.setSystemTime(new Date('2026-05-20T10:00:00Z'));
    const text = cardText(await showCard());
    assert.match(text, /Overdue by 5 days/);
    assert.match(text, /Due in 41 days/);
    clock.setSystemTime(new Date('2026-05-16T10:00:00Z'));
    assert.match(cardText(await showCard()), /Overdue by 1 day\b/);
    clock.setSystemTime(new Date('2026-05-15T10:00:00Z'));
    assert.match(cardText(await showCard()), /Due today/);
    clock.setSystemTime(new Date('2026-05-20T10:00:00Z'));
    await h.say(`done ${id} condition 1 on 19 May 2026`);
    const after = cardText(await showCard());
    assert.doesNotMatch(after, /Overdue/);
    assert.match(after, /Done by Jane Chair on 19 May 2026/);
  });

  it('an approval with its conditions in the comment (the older form) reads as one condition with no owner or due date', async () => {
    const res = await decide({ comment: 'Review the placement plan in 6 weeks' });
    const card = cardFrom(res);
    assertValidCard(card);
    const text = cardText(card);
    assert.match(text, /\*\*1\.\*\* Review the placement plan in 6 weeks/);
    assert.match(text, /Open/);
    assert.doesNotMatch(text, /Comment: Review/, 'not listed twice');
    assert.equal(h.app.store.decisionsFor(id)[0]!.conditions, undefined, 'stored as it was sent');
    assert.match(cardText(cardFrom(await h.invoke('completeCondition', { requestId: id, condition: 1 }))), /Done by Jane Chair on 1 May 2026/);
  });

  it('conditions are taken only when approving with conditions', async () => {
    const res = await h.invoke('decide', { requestId: id, outcome: 'approve', option: 'alt-1', effectiveFrom: '2026-05-04', ...TWO_ROWS });
    assert.match(cardText(cardFrom(res)), /Conditions: are only taken when approving with conditions/);
    assert.equal(h.app.store.decisionsFor(id).length, 0);
  });

  it('the decided card with three conditions at their longest, in two-byte letters, passes the quality gate', async () => {
    const long = (n: number) => ({ [`condition${n}Text`]: 'Ŵ'.repeat(500), [`condition${n}Owner`]: 'Ŵ'.repeat(120), [`condition${n}Due`]: '2026-06-01' });
    const res = await decide({ ...long(1), ...long(2), ...long(3), comment: 'Ŵ'.repeat(1000) });
    assert.equal(h.app.store.decisionsFor(id).length, 1);
    const card = cardFrom(res);
    assertValidCard(card);
    assert.equal(markDone(card).length, 3);
  });
});
