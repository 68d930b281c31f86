import { strict as assert } from 'node:assert';
import { cardText } from '../cards/cardQuality.js';
import { installInPanelChannel, logLines, sampleRequest, startHarness, type Harness } from '../support/botHarness.js';
import { FakeConnector, type Behaviour } from '../support/fakeConnector.js';

/**
 * Teams answering badly — 429 with Retry-After, 412, 502, 504, no answer at all, 403 (the app was
 * removed) — never loses or delays a stored request or decision and never takes the process down;
 * posts are retried as Teams asks and given up on 403. Posts to one conversation stay under Teams'
 * 7 per second when many requests arrive at once (with Outbound's default spacing).
 */

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => { unhandled.push(reason); };

describe('reliability: outbound failures to Teams', function () {
  this.timeout(30_000);
  let h: Harness;
  let connector: FakeConnector;

  before(() => { process.on('unhandledRejection', onUnhandled); });
  after(() => { process.off('unhandledRejection', onUnhandled); });

  beforeEach(async () => {
    connector = new FakeConnector();
    await connector.start();
    h = await startHarness({ outbound: { baseDelayMs: 5, minSpacingMs: 0, limits: [], attemptTimeoutMs: 1500, maxAttempts: 3 } });
    await installInPanelChannel(h, connector.url);
  });
  afterEach(async () => {
    await h.close();
    await connector.stop();
    assert.deepEqual(unhandled, [], 'no unhandled rejections');
  });

  const transient: [string, Behaviour][] = [
    ['429 with Retry-After: 1', { status: 429, headers: { 'retry-after': '1' } }],
    ['412', { status: 412 }],
    ['502', { status: 502 }],
    ['504', { status: 504 }],
    ['no answer (timeout)', 'hang'],
  ];

  for (const [name, behaviour] of transient) {
    it(`${name}: the request and the decision are stored and answered at once; the post and the update are retried and arrive`, async () => {
      connector.failNext(behaviour);
      const t0 = performance.now();
      const created = await h.api('POST', '/api/requests', sampleRequest());
      assert.equal(created.status, 201);
      assert.ok(performance.now() - t0 < 1000, 'the intake answer does not wait for Teams');
      const id = created.body.id as string;
      await h.app.announcer.idle();
      const posts = connector.posts();
      assert.equal(posts.length, 2, 'one failed post, then one that arrived');
      assert.equal(h.app.store.getCard(id)?.activityId, 'msg-1', 'the card posted on the retry is remembered');
      if (name.startsWith('429')) assert.ok(posts[1]!.at - posts[0]!.at >= 950, `Retry-After honoured (${Math.round(posts[1]!.at - posts[0]!.at)} ms)`);

      connector.failNext(behaviour);
      const t1 = performance.now();
      const decided = await h.invoke('decide', { requestId: id, outcome: 'approve', option: 'proposed' });
      assert.equal(decided.status, 200);
      assert.match(cardText(decided.body.value as object), /Approved[^\n]* — by Jane Chair/);
      assert.ok(performance.now() - t1 < 1000, 'the decision is answered without waiting for Teams');
      assert.equal(h.app.store.decisionsFor(id).length, 1);
      await h.app.announcer.idle();
      const puts = connector.updates();
      assert.equal(puts.length, 2, 'one failed update, then one that arrived');
      assert.match(puts[1]!.path, /msg-1$/);
      assert.equal(h.app.store.decisionsFor(id).length, 1, 'still one decision');
      assert.equal((await fetch(`${h.url}/healthz`)).status, 200);
    });
  }

  it('403 (the app was removed from the channel): no retry, logged; the request and decision are kept; the process carries on', async () => {
    connector.failNext({ status: 403 });
    const created = await h.api('POST', '/api/requests', sampleRequest());
    assert.equal(created.status, 201);
    const id = created.body.id as string;
    await h.app.announcer.idle();
    assert.equal(connector.posts().length, 1, 'a 403 is not retried');
    assert.equal(h.app.store.getCard(id), undefined);
    assert.ok(logLines.some((l) => l.includes('no longer in that conversation')), 'the 403 is logged');

    // A card that was posted, then the app removed: the update after a decision gets 403.
    const second = await h.api('POST', '/api/requests', sampleRequest({ childRef: 'C-20077' }));
    const id2 = second.body.id as string;
    await h.app.announcer.idle();
    assert.ok(h.app.store.getCard(id2));
    connector.failNext({ status: 403 });
    const decided = await h.invoke('decide', { requestId: id2, outcome: 'decline', comment: 'No' });
    assert.equal(decided.status, 200);
    await h.app.announcer.idle();
    assert.equal(connector.updates().length, 1);
    assert.equal(h.app.store.decisionsFor(id2).length, 1);
    assert.equal(h.app.store.listRequests().length, 2);
    assert.equal((await fetch(`${h.url}/healthz`)).status, 200);
  });

  it('a connector that never answers: each attempt times out, given up after maxAttempts; nothing lost; closing does not hang', async () => {
    connector.failNext('hang', 'hang', 'hang');
    const a = await h.api('POST', '/api/requests', sampleRequest());
    assert.equal(a.status, 201);
    const decided = await h.invoke('decide', { requestId: a.body.id as string, outcome: 'approve', option: 'proposed' });
    assert.equal(decided.status, 200);
    await h.app.announcer.idle();
    assert.equal(connector.posts().length, 3, 'three attempts');
    assert.ok(logLines.some((l) => l.includes('outbound gave up')));
    assert.equal(h.app.store.decisionsFor(a.body.id as string).length, 1);
    connector.failNext('hang');
    await h.api('POST', '/api/requests', sampleRequest({ childRef: 'C-20078' }));
    const t0 = performance.now();
    await h.app.close();
    assert.ok(performance.now() - t0 < 3 * 1500 + 1000, 'closing waits at most for the attempts to time out');
    const again = h;
    h = { ...again, close: async () => { await again.connector.stop(); } };
  });
});

describe('reliability: pacing of posts to one conversation', function () {
  this.timeout(30_000);

  it('20 requests at once: every card is posted, never more than 7 in any second or 8 in any two', async () => {
    const connector = new FakeConnector();
    await connector.start();
    // Outbound's default spacing (the harness sets 0 for speed elsewhere).
    const h = await startHarness({ outbound: { baseDelayMs: 5 } });
    try {
      await installInPanelChannel(h, connector.url);
      const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => h.api('POST', '/api/requests', sampleRequest({ childRef: `C-${40000 + i}` }))));
      assert.ok(answers.every((a) => a.status === 201));
      await h.app.announcer.idle();
      const times = connector.posts().map((p) => p.at).sort((x, y) => x - y);
      assert.equal(times.length, 20);
      let busiest = 0;
      for (const [i, t] of times.entries()) busiest = Math.max(busiest, times.slice(i).filter((u) => u < t + 1000).length);
      assert.ok(busiest <= 7, `at most 7 posts in any 1-second window (saw ${busiest})`);
      const busiest2s = Math.max(...times.map((t, i) => times.slice(i).filter((u) => u < t + 2000).length));
      assert.ok(busiest2s <= 8, `at most 8 posts in any 2-second window (saw ${busiest2s})`);
      const gaps = times.slice(1).map((t, i) => t - times[i]!);
      // Spaced out, not a burst (a burst arrives a millisecond or two apart). Sends leave on their
      // 150 ms slots, but arrive with the jitter of the cards drawn on the same event loop meanwhile,
      // so the gap is checked with room for it; Teams' own limits are the windows above.
      assert.ok(Math.min(...gaps) >= 50, `posts are spaced out (closest ${Math.round(Math.min(...gaps))} ms)`);
    } finally {
      await h.close();
      await connector.stop();
    }
  });
});

describe('reliability: one HTTP call per outbound attempt', function () {
  this.timeout(30_000);

  it('the Bot Connector client does not retry on its own: a 502 reaches Outbound at once, which alone decides to retry', async () => {
    const connector = new FakeConnector();
    await connector.start();
    const h = await startHarness({ outbound: { baseDelayMs: 5, minSpacingMs: 0, limits: [], maxAttempts: 1 } });
    try {
      await installInPanelChannel(h, connector.url);
      connector.failNext({ status: 502 }, { status: 502 }, { status: 502 });
      const created = await h.api('POST', '/api/requests', sampleRequest());
      assert.equal(created.status, 201);
      await h.app.announcer.idle();
      // With the client's own retries (three, a second or more apart) this would be four calls and
      // a posted card; with one attempt allowed, Outbound gives up after the first and logs why.
      assert.equal(connector.posts().length, 1, 'one call for one attempt');
      assert.equal(h.app.store.getCard(created.body.id as string), undefined);
      assert.ok(logLines.some((l) => l.includes('outbound gave up') && l.includes('"status":502')));
    } finally {
      await h.close();
      await connector.stop();
    }
  });
});
