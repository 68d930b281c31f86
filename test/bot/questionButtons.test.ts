import { strict as assert } from 'node:assert';
import sinon from 'sinon';
import { cardText, findActions } from '../cards/cardQuality.js';
import { PERSONAL, cardOf, startHarness, type Harness } from '../support/botHarness.js';
import { loadScenario } from '../support/scenario.js';

type Posted = { attachments?: { content: object }[]; text?: string };

describe('question buttons on the help, pending and digest cards', () => {
  let h: Harness;
  let clock: sinon.SinonFakeTimers;

  before(async () => {
    clock = sinon.useFakeTimers({ now: new Date('2026-05-01T09:00:00Z'), toFake: ['Date'] });
    h = await startHarness({ schedule: false });
    await loadScenario(h);
  });
  after(async () => {
    await h.close();
    clock.restore();
  });

  /** The Action.Execute buttons of the card a message gets. */
  async function buttonsOf(text: string): Promise<{ title: string; verb: string; data: Record<string, unknown> }[]> {
    const card = cardOf((await h.say(text, undefined, PERSONAL))[0]);
    return findActions(card!).map((a) => a as unknown as { title: string; verb: string; data: Record<string, unknown> }).filter((a) => a.verb !== undefined);
  }

  /** Clicks a button as Teams sends it; returns the invoke answer and what the bot posted meanwhile. */
  async function click(button: { verb: string; data: Record<string, unknown> }) {
    const before = h.connector.posts().length;
    const res = await h.invoke(button.verb, button.data);
    const posted = h.connector.posts().slice(before).map((c) => c.body as Posted);
    return { res, posted };
  }

  it('every button on the help, pending and digest cards is an Action.Execute verb the bot answers; no messageBack', async () => {
    for (const question of ['help', 'pending', 'digest']) {
      const buttons = await buttonsOf(question);
      assert.ok(buttons.length > 0, `${question} has buttons`);
      for (const b of buttons) {
        assert.equal(b.verb, 'ask', `${question}: ${b.title}`);
        assert.equal(typeof b.data.ask, 'string');
        assert.equal(JSON.stringify(b.data).includes('messageBack'), false);
      }
    }
  });

  it('"Top 15" on the help card answers with the top 15 in a message of its own and leaves the help card as it was', async () => {
    const top = (await buttonsOf('help')).find((b) => b.title === 'Top 15')!;
    const { res, posted } = await click(top);
    assert.equal(res.status, 200);
    assert.equal(res.body.type, 'application/vnd.microsoft.activity.message', 'the card is not replaced');
    assert.match(String(res.body.value), /Answered "top 15" below/);
    assert.equal(posted.length, 1);
    assert.match(cardText(posted[0]!.attachments![0]!.content), /placements by weekly cost/);
  });

  it('"Show" on a pending row answers with that request\'s card; digest buttons answer their question', async () => {
    const show = (await buttonsOf('pending'))[0]!;
    const shown = await click(show);
    assert.match(cardText(shown.posted[0]!.attachments![0]!.content), new RegExp(`Placement request ${String(show.data.ask).replace('show ', '')}`, 'i'));
    for (const b of await buttonsOf('digest')) {
      const { res, posted } = await click(b);
      assert.equal(res.body.type, 'application/vnd.microsoft.activity.message', b.title);
      assert.equal(posted.length, 1, b.title);
      assert.doesNotMatch(JSON.stringify(posted[0]), /I didn't understand|Something went wrong/, b.title);
    }
  });
});
