import { strict as assert } from 'node:assert';
import sinon from 'sinon';
import { assertValidCard, cardText } from '../cards/cardQuality.js';
import { MEMBER, installInPanelChannel, startHarness, type Harness } from '../support/botHarness.js';
import { loadScenario } from '../support/scenario.js';
import { isoWeekKey } from '../../src/schedule/weekKey.js';

function digestPosts(h: Harness) {
  return h.connector.posts().filter((p) => JSON.stringify(p.body).includes('decisions this week') || JSON.stringify(p.body).includes('decision this week'));
}

// Sunday 3 May 2026 20:00 UTC; the default schedule is Monday 09:00 Europe/London = 08:00 UTC (BST).
const SUNDAY_EVENING = new Date('2026-05-03T20:00:00Z');
const MONDAY_DUE = new Date('2026-05-04T08:00:00Z');

describe('the weekly digest', () => {
  let clock: sinon.SinonFakeTimers;
  let h: Harness | undefined;

  afterEach(async () => {
    await h?.close();
    h = undefined;
    clock?.restore();
  });

  async function setUp(now: Date, options: { dir?: string; outbound?: object } = {}): Promise<Harness> {
    clock = sinon.useFakeTimers({ now, shouldAdvanceTime: true, toFake: ['Date', 'setTimeout', 'clearTimeout'] });
    h = await startHarness({ schedule: false, ...(options.dir && { dir: options.dir }), outbound: { baseDelayMs: 5, minSpacingMs: 0, limits: [], ...options.outbound } });
    return h;
  }

  it('fires on schedule, once per week, to the leadership channel', async () => {
    const harness = await setUp(SUNDAY_EVENING);
    await installInPanelChannel(harness);
    await loadScenario(harness);
    await harness.app.announcer.idle();
    harness.app.digest.start();
    assert.equal(digestPosts(harness).length, 0, 'nothing before Monday 09:00');
    await clock.tickAsync(MONDAY_DUE.getTime() - Date.now() + 1000);
    await harness.app.digest.idle();
    const posts = digestPosts(harness);
    assert.equal(posts.length, 1);
    const card = (posts[0]!.body.attachments as { content: object }[])[0]!.content;
    assertValidCard(card);
    assert.match(cardText(card), /3 decisions this week/);
    assert.equal(harness.app.store.getDigestState().lastWeekSent, isoWeekKey(MONDAY_DUE, 'Europe/London'));
    await clock.tickAsync(3 * 3600_000);
    await harness.app.digest.runOnce();
    assert.equal(digestPosts(harness).length, 1, 'not twice in a week');
  });

  it('does not send twice across a restart, and catches up a digest missed while down', async () => {
    const first = await setUp(new Date('2026-05-04T08:30:00Z'));
    await installInPanelChannel(first);
    // The bot had been running: last week's digest went out, then it was down over Monday 09:00.
    await first.app.store.setDigestState({ lastWeekSent: '2026-W18' });
    first.app.digest.start();
    await first.app.digest.idle();
    await clock.tickAsync(10);
    await first.app.digest.idle();
    assert.equal(digestPosts(first).length, 1, 'missed the 08:00 run while down: sent on start');
    const dir = first.dir;
    await first.app.close();
    await first.connector.stop();
    clock.restore();
    h = undefined;

    const second = await setUp(new Date('2026-05-04T10:00:00Z'), { dir });
    second.app.digest.start();
    await clock.tickAsync(10);
    await second.app.digest.idle();
    assert.equal(digestPosts(second).length, 0, 'already sent this week');
  });

  it('survives a 429 with Retry-After and then succeeds', async () => {
    const harness = await setUp(SUNDAY_EVENING);
    await installInPanelChannel(harness);
    harness.connector.failNext({ status: 429, headers: { 'Retry-After': '1' } });
    const sending = harness.app.digest.runOnce();
    await clock.tickAsync(1500);
    await sending;
    assert.equal(harness.connector.posts().length, 2, 'one refused, one delivered');
    assert.ok(harness.app.store.getDigestState().lastWeekSent);
  });

  it('gives up cleanly after repeated 500s, and tries again later', async () => {
    const harness = await setUp(SUNDAY_EVENING);
    await installInPanelChannel(harness);
    harness.connector.failNext(...Array.from({ length: 100 }, () => ({ status: 500 })));
    const sending = harness.app.digest.runOnce();
    await clock.tickAsync(120_000);
    await sending;
    const tried = harness.connector.posts().length;
    assert.ok(tried >= 5 && tried < 100, `retried a bounded number of times (${tried})`);
    assert.equal(harness.app.store.getDigestState().lastWeekSent, undefined, 'not marked as sent');
    harness.connector.failNext();
    harness.connector.clearFailures();
    await harness.app.digest.runOnce();
    assert.equal(harness.connector.posts().length, tried + 1, 'the next run delivers it');
    assert.ok(harness.app.store.getDigestState().lastWeekSent);
  });

  it('a digest over 1,000 decisions stays a valid card under 28 KB, each list its first ten and a count', async function () {
    this.timeout(120_000);
    const harness = await setUp(new Date('2026-05-04T07:00:00Z'));
    // Weekly costs £9,000–£9,999, each once, in no particular order.
    const scrambled = (i: number) => (i * 7919) % 1000;
    const bodies = Array.from({ length: 1000 }, (_, i) => ({
      childRef: `C-${50000 + i}`, ageYears: 16, kind: 'new',
      // Low need (band £6,000–£8,000 a week), so every one of them is above its band too.
      needs: { summary: 'Needs', scores: { behaviour: 1 } },
      proposed: { type: 'solo_residential', provider: `Provider ${i} with a long trading name Ltd`, weeklyCost: String(9000 + scrambled(i)), startDate: '2026-04-06', plannedEndDate: '2026-06-01' },
      alternatives: [{ id: 'alt-1', label: 'Residential', type: 'residential', weeklyCost: '6000' }],
      requestedBy: 'placements', reason: 'r',
    }));
    const imported = await harness.app.panel.importRequests(bodies, 'test');
    assert.ok(imported.ok);
    await Promise.all(imported.requests.map((r) => harness.app.panel.decide(
      { requestId: r.id, outcome: 'approve_with_conditions', option: 'proposed', comment: 'Review', reviewDate: '2026-05-10', effectiveFrom: '2026-04-06' },
      { aadObjectId: MEMBER.aadObjectId, name: MEMBER.name },
    )));
    const card = (await harness.say('digest'))[0]!.attachments![0]!.content;
    assertValidCard(card);
    const text = cardText(card);
    assert.match(text, /1,000 decisions this week/);
    // The week's decisions, reviews due, placements ending and placements above their band: 1,000 of each, 10 shown.
    assert.equal(text.match(/and 990 more/g)?.length, 4, text);

    // Furthest above the band first: the dearest placements, in order, whatever order they came in.
    const shown = (t: string) => [...t.matchAll(/C-5\d{4}/g)].map((m) => m[0]);
    const dearest = Array.from({ length: 1000 }, (_, i) => i).sort((a, b) => scrambled(b) - scrambled(a)).map((i) => `C-${50000 + i}`);
    assert.deepEqual(shown(text.slice(text.indexOf('Largest value outliers'))), dearest.slice(0, 10));
    const valueCheck = cardText((await harness.say('value check'))[0]!.attachments![0]!.content);
    assert.deepEqual(shown(valueCheck), dearest.slice(0, 15));
  });
});
