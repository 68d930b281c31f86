import { strict as assert } from 'node:assert';
import sinon from 'sinon';
import { assertValidCard, cardText } from '../cards/cardQuality.js';
import { cardOf, startHarness, type Harness } from '../support/botHarness.js';
import { loadScenario } from '../support/scenario.js';
import { savingsCard } from '../../src/views/savingsView.js';

/*
 * Worked by hand, as of 1 May 2026 (days counted from the effective date up to, not including, the as-of date):
 * A: (6,108 − 1,200) = £4,908/wk × 25 days ÷ 7 = £17,528.571… → £17,528.57 cost avoidance
 * B: council share of 5,000 at 80% = 4,000; 4,000 − 900 = £3,100/wk × 11 days ÷ 7 = £4,871.428… → £4,871.43 cashable
 * Total: (4,908 × 25 + 3,100 × 11) ÷ 7 = 156,800 ÷ 7 = £22,400.00
 * As of 27 Apr: 4,908 × 21 ÷ 7 + 3,100 × 7 ÷ 7 = 14,724 + 3,100 = £17,824.00
 * Forecast to 31 Mar 2027: A runs 360 days (6 Apr → 1 Apr), B 346 days (20 Apr → 1 Apr):
 *   (4,908 × 360 + 3,100 × 346) ÷ 7 = 2,839,480 ÷ 7 = £405,640.00
 * Cohort (council share): original 6,108 + 4,000 = 10,108; current 1,200 + 900 = 2,100; difference −£8,008.00,
 *   per person −£4,004.00, annualised −£416,416.00
 */
describe('managers\' questions through the real server', () => {
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

  async function ask(text: string): Promise<string> {
    const card = cardOf((await h.say(text))[0]);
    assert.ok(card, `a card for "${text}"`);
    assertValidCard(card);
    return cardText(card);
  }

  it('savings to date: total, cost avoidance and cashable, the same in the card and the API', async () => {
    const text = await ask('savings to date');
    assert.match(text, /£22,400\.00/);
    assert.match(text, /£17,528\.57/);
    assert.match(text, /£4,871\.43/);
    const api = await h.api('GET', '/api/savings?asOf=2026-05-01');
    assert.equal(api.status, 200);
    assert.equal(api.body.total, '22400.00');
    assert.equal(api.body.costAvoidance, '17528.57');
    assert.equal(api.body.cashable, '4871.43');
    for (const figure of ['total', 'costAvoidance', 'cashable'] as const) {
      const shown = `£${Number(api.body[figure]).toLocaleString('en-GB', { minimumFractionDigits: 2 })}`;
      assert.ok(text.includes(shown), `card shows the API's ${figure} ${shown}`);
    }
  });

  it('accepts people\'s own words and an as-of date', async () => {
    assert.match(await ask('What have we saved so far?'), /£22,400\.00/);
    assert.match(await ask('savings to date as of 2026-04-27'), /£17,824\.00/);
    assert.equal((await h.api('GET', '/api/savings?asOf=2026-04-27')).body.total, '17824.00');
    assert.match(await ask('savings as at 2026-04-27'), /£17,824\.00/);
  });

  it('reads dates as people in England write them; "to D" counts D itself, "as of D" stops the day before', async () => {
    for (const q of ['savings to date as of 27/04/2026', 'savings as of 27 April 2026', 'savings as at 27th Apr 2026']) {
      assert.match(await ask(q), /£17,824\.00/, q);
    }
    // Up to and including 26 April is as of 27 April.
    const inclusive = await ask('savings up to and including 26/04/2026');
    assert.match(inclusive, /Savings up to and including 26 Apr 2026/);
    assert.match(inclusive, /£17,824\.00/);
    assert.match(await ask('savings to 26 April 2026'), /£17,824\.00/);
    const [impossible] = await h.say('savings as of 31/04/2026');
    assert.equal(impossible!.text, '"31/04/2026" is not a date: April 2026 has 30 days, so there is no 31 April.');
    const [unreadable] = await h.say('savings as of next tuesday');
    assert.match(String(unreadable!.text), /can't read "next tuesday" as a date: write it as 30\/06\/2027, 30 June 2027 or 2027-06-30/);
  });

  it('savings this year: so far, forecast to 31 March and progress to the target', async () => {
    for (const q of ['savings this year', 'savings since April', 'savings 2026/27']) {
      const text = await ask(q);
      assert.match(text, /2026\/27/, q);
      assert.match(text, /£22,400\.00/, q);
      assert.match(text, /£405,640\.00/, q);
      assert.match(text, /2% of £1,000,000 target/, q);
    }
  });

  it('pending shows what waits and for how long', async () => {
    const text = await ask('pending');
    assert.match(text, /PR-2026-0004/);
    assert.doesNotMatch(text, /PR-2026-0001/);
    assert.match(text, /0 days/);
  });

  it('top 15 lists active placements by weekly cost with who pays', async () => {
    const text = await ask('top 15');
    assert.ok(text.indexOf('PR-2026-0001') < text.indexOf('PR-2026-0002'), 'dearer first');
    assert.match(text, /£1,200\.00/);
    assert.match(text, /£900\.00/);
    assert.doesNotMatch(text, /PR-2026-0003/, 'declined requests are not placements');
  });

  it('cohort: original against current, difference, per person and annualised', async () => {
    const text = await ask('cohort');
    assert.match(text, /£10,108\.00/);
    assert.match(text, /£2,100\.00/);
    assert.match(text, /−£8,008\.00/);
    assert.match(text, /−£4,004\.00/);
    assert.match(text, /−£416,416\.00/);
  });

  it('value check and the digest preview answer with valid cards', async () => {
    await ask('value check');
    const digest = await ask('digest');
    assert.match(digest, /£22,400\.00/);
    assert.match(digest, /1 waiting|1 request/);
  });

  it('anything not understood gets the help card with buttons, never silence', async () => {
    const text = await ask('how is the weather in Leeds');
    assert.match(text, /didn't understand/);
    assert.match(text, /Savings to date/i);
  });
});

describe('answers are worked out once per change to the store', () => {
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

  it('every reply shares one frozen card until the store changes; a change gives a new answer', async () => {
    const first = savingsCard(h.app.panel.facts(), '2026-05-01');
    assert.equal(savingsCard(h.app.panel.facts(), '2026-05-01'), first, 'the same card, not worked out again');
    assert.ok(Object.isFrozen(first) && Object.isFrozen((first.body as object[])[0]), 'shared, so frozen throughout');
    assert.match(cardText(cardOf((await h.say('savings to date'))[0])!), /£22,400\.00/);

    // A's carers' fee rose to £1,500/wk from 20 April: A saves 4,908 × 14 + 4,608 × 11 = 119,400
    // weekly-days, B 3,100 × 11 = 34,100; (119,400 + 34,100) ÷ 7 = £21,928.571… → £21,928.57.
    const uplift = await h.api('POST', `/api/requests/${ids.a}/events`, { type: 'cost_change', date: '2026-04-20', weeklyCost: '1500.00', reason: 'uplift_agreed' });
    assert.equal(uplift.status, 201, JSON.stringify(uplift.body));
    const after = savingsCard(h.app.panel.facts(), '2026-05-01');
    assert.notEqual(after, first);
    assert.match(cardText(cardOf((await h.say('savings to date'))[0])!), /£21,928\.57/);
    assert.equal((await h.api('GET', '/api/savings?asOf=2026-05-01')).body.total, '21928.57');
  });
});
