import { strict as assert } from 'node:assert';
import { Money } from '../../src/calculators/money.js';
import { MAX_FOLLOW_UP_ROWS } from '../../src/cards/viewModels.js';
import type { FollowUp } from '../../src/panel/followUps.js';
import { followUpsCard, followUpsView } from '../../src/views/followUpsView.js';
import { assertValidCard, cardSize, cardText, findActions } from '../cards/cardQuality.js';
import { MEMBER_B, startHarness } from '../support/botHarness.js';

/** A condition at the longest the bot takes (500 characters), in two-byte letters, with markdown typed in it. */
function worstItem(i: number): FollowUp {
  return {
    kind: i % 2 === 0 ? 'condition' : 'slipping', requestId: `PR-2026-${String(i + 1).padStart(4, '0')}`, childRef: `C-${40000 + i}`,
    due: '2026-11-02', daysOverdue: 21, condition: 3,
    what: `Condition 3 (${'é'.repeat(118)}): **not bold** ${'é'.repeat(480)}`,
    ...(i % 2 === 1 && { slippageCost: new Money('99999.99') }),
  };
}

describe('the overdue answer', () => {
  it('lists the first rows with a Show button each, counts the rest, and stays a valid card in budget at the longest', () => {
    const items = Array.from({ length: MAX_FOLLOW_UP_ROWS + 5 }, (_, i) => worstItem(i));
    const card = followUpsCard(items, '2026-11-23');
    assertValidCard(card);
    assert.ok(cardSize(card).utf8Bytes < 28 * 1024, `${cardSize(card).utf8Bytes} bytes`);
    const shows = findActions(card).filter((a) => a.type === 'Action.Execute');
    assert.equal(shows.length, MAX_FOLLOW_UP_ROWS);
    assert.deepEqual(shows[0]!.data, { ask: 'show PR-2026-0001' });
    assert.match(cardText(card), /and 5 more — oldest first/);
    assert.match(cardText(card), /\\\*\\\*not bold\\\*\\\*/, 'typed text escaped');
    assert.match(cardText(card), /Slippage so far £99,999\.99/);
  });

  it('says so when nothing needs doing', () => {
    const view = followUpsView([], '2026-11-23');
    assert.equal(view.summary, 'Nothing needs doing as of 23 Nov 2026.');
    assert.deepEqual(view.rows, []);
    assertValidCard(followUpsCard([], '2026-11-23'));
  });

  it('answers "overdue" in chat, for anyone in the conversation, and is on the help card', async () => {
    const h = await startHarness({ schedule: false });
    try {
      const [reply] = await h.say('what\'s overdue', MEMBER_B);
      assert.match(cardText(reply!.attachments![0]!.content), /What needs doing[\s\S]*Nothing needs doing as of/);
      const [help] = await h.say('help');
      assert.match(cardText(help!.attachments![0]!.content), /overdue/);
    } finally {
      await h.close();
    }
  });
});
