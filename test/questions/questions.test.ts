import { strict as assert } from 'node:assert';
import sinon from 'sinon';
import { assertValidCard, cardText } from '../cards/cardQuality.js';
import { cardOf, startHarness, type Harness } from '../support/botHarness.js';
import { loadScenario } from '../support/scenario.js';
import { Money, type Money as MoneyT } from '../../src/calculators/money.js';
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
    assert.equal(impossible!.text, '31 April is not a date: April 2026 has 30 days.');
    assert.equal((await h.say('savings to 31 February 2027'))[0]!.text, '31 February is not a date: February 2027 has 28 days.');
    assert.match(String((await h.say('savings as of 1/1/1999'))[0]!.text), /ask for a date from 1 Jan 2000 to 31 Dec 2100/);
    const [unreadable] = await h.say('savings as of next tuesday');
    assert.match(String(unreadable!.text), /can't read "next tuesday" as a date: write it as 30\/06\/2027, 30 June 2027 or 2027-06-30/);
  });

  /** The card's figure (total by default) as Money, from "£13,875.43" or "−£1.00". */
  function figure(text: string, label = 'Total'): MoneyT {
    const m = new RegExp(`${label}\\s+(−?)£([\\d,]+\\.\\d{2})`).exec(text);
    assert.ok(m, `a ${label} figure in ${text.slice(0, 200)}`);
    const value = new Money(m[2]!.replace(/,/g, ''));
    return m[1] === '−' ? value.negated() : value;
  }
  const apiTotal = async (asOf: string) => new Money((await h.api('GET', `/api/savings?asOf=${asOf}`)).body.total as string);

  it('a period\'s savings are the difference of two "to" figures, to the penny, and the card names the period exactly', async () => {
    // By hand: A saves £4,908/wk over 10–25 April (16 days), B £3,100/wk over 20–25 April (6 days):
    // (4,908 × 16 + 3,100 × 6) ÷ 7 = 97,128 ÷ 7 = £13,875.428… → £13,875.43.
    const periods: [string, string, string, string][] = [
      ['savings from 10 April to 25 April', '2026-04-10', '2026-04-26', '10 Apr 2026 to 25 Apr 2026 inclusive'],
      ['savings from 10/04/2026 to 25/04/2026', '2026-04-10', '2026-04-26', '10 Apr 2026 to 25 Apr 2026 inclusive'],
      ['savings in April', '2026-04-01', '2026-05-01', '1 Apr 2026 to 30 Apr 2026 inclusive'],
      ['savings last month', '2026-04-01', '2026-05-01', '1 Apr 2026 to 30 Apr 2026 inclusive'],
      ['what did we save from 21 April to 27 April', '2026-04-21', '2026-04-28', '21 Apr 2026 to 27 Apr 2026 inclusive'],
      ['savings last financial year', '2025-04-01', '2026-04-01', '1 Apr 2025 to 31 Mar 2026 inclusive'],
    ];
    for (const [question, from, dayAfter, named] of periods) {
      const text = await ask(question);
      assert.ok(text.includes(named), `${question}: names ${named}`);
      const difference = (await apiTotal(dayAfter)).minus(await apiTotal(from));
      assert.equal(figure(text).toFixed(2), difference.toFixed(2), question);
    }
    assert.equal(figure(await ask('savings from 10 April to 25 April')).toFixed(2), '13875.43');
    assert.match(await ask('savings last month'), /Savings in April 2026/);
  });

  it('a period that has not ended is counted to today and says so; one not started is answered in words', async () => {
    for (const question of ['savings in Q1', 'savings for Q1 2026/27', 'savings since 20 April', 'savings this financial year']) {
      const text = await ask(question);
      assert.match(text, /runs to/, question);
      assert.match(text, /up to the end of yesterday/, question);
    }
    const q1 = await ask('savings in Q1');
    assert.match(q1, /Savings in Q1 2026\/27/);
    assert.match(q1, /1 Apr 2026 to 30 Apr 2026 inclusive/);
    assert.match(q1, /runs to 30 Jun 2026/);
    assert.equal(figure(q1).toFixed(2), '22400.00');
    const since = await ask('savings since 20 April');
    assert.match(since, /Savings since 20 Apr 2026/);
    assert.equal(figure(since).toFixed(2), (await apiTotal('2026-05-01')).minus(await apiTotal('2026-04-20')).toFixed(2));
    const thisMonth = await ask('savings this month');
    assert.match(thisMonth, /no day of it has ended yet/);
    assert.equal(figure(thisMonth).toFixed(2), '0.00');
    assert.equal((await h.say('savings in Q1 2027/28'))[0]!.text, 'Q1 2027/28 has not started yet: it starts on 1 Apr 2027, so nothing is saved in it so far.');
  });

  it('refuses a period that does not exist, saying exactly why', async () => {
    const answers: [string, RegExp][] = [
      ['savings in Q9', /^There is no Q9: a financial year has four quarters, Q1 \(April to June\) to Q4 \(January to March\)\.$/],
      ['savings for 2026/28', /^"2026\/28" is not a financial year: the year after 2026 is 2027, so the financial year starting in April 2026 is 2026\/27\.$/],
      ['savings since Smarch', /^I can't read "smarch" as a month or a date\.$/],
      ['savings since 31 February 2026', /^31 February is not a date: February 2026 has 28 days\.$/],
      ['savings in 1999/00', /^Savings are counted from 1 January 2000 to 30 December 2100: ask for a period between them\.$/],
      ['savings whenever', /^I can't read "whenever" as a period: write it as Q1/],
    ];
    for (const [question, expected] of answers) assert.match(String((await h.say(question))[0]!.text), expected, question);
  });

  it('like with like: promised to date beside realised to date, and a year beside a year', async () => {
    // As of 1 May nothing has changed since the decisions: what was promised over the same days is
    // what was realised (£17,528.57 and £4,871.43), and a year is the weekly saving × 52 both ways:
    // 4,908 × 52 = £255,216.00 and 3,100 × 52 = £161,200.00.
    const text = await ask('savings to date');
    assert.match(text, /To date\s+Promised\s+Realised\s+Cost avoidance\s+£17,528\.57\s+£17,528\.57\s+Cashable\s+£4,871\.43\s+£4,871\.43/);
    assert.match(text, /A year\s+Promised\s+Realised\s+Cost avoidance\s+£255,216\.00\s+£255,216\.00\s+Cashable\s+£161,200\.00\s+£161,200\.00/);
    assert.match(text, /Cost avoidance: new placements/);
    assert.match(text, /Cashable: changes to existing placements/);
  });

  it('"to D" lists the approvals not yet started by D', async () => {
    // B takes effect on 20 April: by 15 April it has saved nothing, and promises £3,100.00 a week.
    const text = await ask('savings to 15 April 2026');
    assert.match(text, /Approved, not started by 15 Apr 2026/);
    assert.match(text, /PR-2026-0002 from 20 Apr 2026: £3,100\.00 a week promised/);
    assert.doesNotMatch(await ask('savings to 20 April 2026'), /not started by/);
    assert.match(await ask('savings to the end of last month'), /Savings up to and including 30 Apr 2026/);
    assert.match(await ask('savings up to Q4 2025/26'), /Savings up to and including 31 Mar 2026/);
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
    assert.match(text, /waited less than a day/);
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
