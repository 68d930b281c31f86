import { strict as assert } from 'node:assert';
import sinon from 'sinon';
import { cardText } from '../cards/cardQuality.js';
import { cardOf, startHarness, type Harness } from '../support/botHarness.js';
import { loadScenario } from '../support/scenario.js';

describe('chat wording: plurals, dates as cards write them, dates as people type them', () => {
  let h: Harness;
  let clock: sinon.SinonFakeTimers;
  let ids: Awaited<ReturnType<typeof loadScenario>>;

  before(async () => {
    clock = sinon.useFakeTimers({ now: new Date('2026-05-01T09:00:00Z'), toFake: ['Date'] });
    h = await startHarness({ schedule: false });
    ids = await loadScenario(h);
  });
  after(async () => {
    await h.close();
    clock.restore();
  });

  const reply = async (text: string) => {
    const [activity] = await h.say(text);
    const card = cardOf(activity);
    return card === undefined ? String(activity!.text) : cardText(card);
  };

  it('"show" alone counts what is waiting in proper English', async () => {
    // The scenario leaves one request (D) waiting.
    assert.match(await reply('show'), /1 request is waiting: say "pending"/);
    await h.invoke('decide', { requestId: ids.d, outcome: 'decline', comment: 'Not needed' });
    assert.match(await reply('show'), /0 requests are waiting: say "pending"/);
  });

  it('update reads the date as people write it and answers in the cards\' date format', async () => {
    const cost = await reply(`update ${ids.a} cost 1300.00 from 25/04/2026 uplift_agreed`);
    assert.match(cost, new RegExp(`${ids.a}: cost change from 25 Apr 2026\\.`));
    assert.equal(h.app.store.eventsFor(ids.a).at(-1)!.date, '2026-04-25');
    const end = await reply(`update ${ids.b} ended 28 April 2026 turned_18`);
    assert.match(end, new RegExp(`${ids.b}: ended on 28 Apr 2026 \\(turned 18\\)\\.`));
    assert.match(await reply(`update ${ids.a} cost 1300.00 from 31/04/2026 uplift_agreed`), /31 April is not a date: April 2026 has 30 days\./);
    assert.match(await reply(`update ${ids.a} cost 1300.00 from someday uplift_agreed`), /can't read "someday" as a date/);
    assert.equal(h.app.store.eventsFor(ids.a).length, 1, 'nothing recorded for a date that is not one');
  });
});
