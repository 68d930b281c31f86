import assert from 'node:assert/strict';
import { loadDefaultNeedBands } from '../../src/config/needBands.js';
import { createLogger } from '../../src/log/logger.js';
import { Panel } from '../../src/panel/panel.js';
import { ReviewScheduler, type ReviewPanel } from '../../src/schedule/reviewScheduler.js';
import type { PanelStore } from '../../src/store/panelStore.js';
import { openPostgresStore } from '../../src/store/postgres/openPostgresStore.js';
import type { Outbound } from '../../src/teams/outbound.js';
import { decision, meta, sampleRequest } from '../store/helpers.js';
import { postgresFor, type TestPostgres } from '../support/postgres.js';
import { aDecision, aRequest } from '../calculators/fixtures.js';
import { factsOf } from '../views/facts.js';

const reference = {
  bot: { id: 'bot-1', name: 'Panel bot' },
  channelId: 'msteams',
  conversation: { id: '19:panel', tenantId: 't-1' },
  serviceUrl: 'https://smba.trafficmanager.net/uk/',
};

/** An Outbound that records each post's description, taking a moment as Teams does. */
function recordingOutbound(sent: string[]): Outbound {
  let n = 0;
  return {
    post: async (_ref: unknown, _activity: unknown, what: string) => {
      await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 40));
      sent.push(what);
      n += 1;
      return `activity-${n}`;
    },
  } as unknown as Outbound;
}

/**
 * Instances of the bot on one PostgreSQL database each run the review schedule: a review card is
 * posted once per review date, whichever instance claims it, and never again after a restart.
 */
describe('schedule: review cards posted once across instances (PostgreSQL)', () => {
  let server: TestPostgres;
  let stores: PanelStore[];
  let now: Date;

  before(async function () {
    server = await postgresFor(this);
  });
  beforeEach(() => {
    stores = [];
    now = new Date('2026-05-01T10:00:00Z');
  });
  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close();
  });

  const instance = async (url: string) => {
    const store = await openPostgresStore(url);
    stores.push(store);
    const logger = createLogger('silent');
    const config = { PANEL_MEMBERS: [], PANEL_CHAIR: [], PANEL_QUORUM: { members: 1, roles: [] }, SAVINGS_TARGET: undefined };
    const panel = new Panel({ store, config, logger, needBands: loadDefaultNeedBands(), now: () => now });
    const sent: string[] = [];
    const scheduler = new ReviewScheduler(panel, recordingOutbound(sent), logger, { cron: '0 9 * * *', timeZone: 'Europe/London' });
    return { store, panel, scheduler, sent };
  };

  it('two instances running the schedule together post each due review once; a third started later posts none again', async () => {
    const url = await server.createDatabase('reviews');
    const [a, b] = [await instance(url), await instance(url)];
    await a.panel.setConversation('panel', reference);
    const requests = await a.store.addRequests(Array.from({ length: 4 }, (_, i) => ({ data: sampleRequest(`C-${5000 + i}`), meta: meta() })));
    for (const [i, r] of requests.entries()) {
      await a.store.appendDecision(r.id, () => ({
        ...decision(), outcome: 'approve_with_conditions', comment: 'Health assessment booked',
        // The last one's review is not due yet.
        reviewDate: i === 3 ? '2026-08-04' : '2026-08-03',
      }));
    }
    now = new Date('2026-08-03T08:00:00Z');
    await Promise.all([a.scheduler.runOnce(), b.scheduler.runOnce(), a.scheduler.runOnce(), b.scheduler.runOnce()]);
    await Promise.all([a.scheduler.runOnce(), b.scheduler.runOnce()]);
    const due = requests.slice(0, 3).map((r) => `review ${r.id}`).sort();
    assert.deepEqual([...a.sent, ...b.sent].sort(), due, 'each due review once, between them');
    const c = await instance(url);
    // The posted marker is in the database, once per review, not only in the lease (a copy opened now reads it).
    for (const r of requests.slice(0, 3)) {
      assert.deepEqual(c.store.eventsFor(r.id).filter((e) => e.type === 'review_posted').map((e) => e.date), ['2026-08-03']);
    }
    assert.ok(c.store.verify().ok, 'the events chain verifies with the posted records in it');
    await c.scheduler.runOnce();
    assert.deepEqual(c.sent, [], 'a restarted instance finds them posted');
    now = new Date('2026-08-04T08:00:00Z');
    await Promise.all([a.scheduler.runOnce(), b.scheduler.runOnce(), c.scheduler.runOnce()]);
    assert.deepEqual([...a.sent, ...b.sent, ...c.sent].sort(), [...due, `review ${requests[3]!.id}`].sort(), 'the next day, only the one then due');
  });
});

describe('schedule: a review claimed after another instance posted it', () => {
  it('is not posted again when the claim brings news of the post (a lease that ran out)', async () => {
    const request = aRequest();
    const decision = { ...aDecision(request.id, 'ifa', '2026-05-04', 'approve_with_conditions'), reviewDate: '2026-08-03', comment: 'Health assessment' };
    const posted = { id: 'E-1', requestId: request.id, type: 'review_posted', date: '2026-08-03', recordedBy: { aadObjectId: 'bot', name: 'bot' }, recordedAt: '2026-08-03T08:00:00.000Z' };
    const before = factsOf({ requests: [request], decisions: [decision] });
    const after = factsOf({ requests: [request], decisions: [decision], events: [posted as never] });
    let claimed = false;
    const sent: string[] = [];
    const panel = {
      now: () => new Date('2026-08-04T08:00:00Z'),
      facts: () => (claimed ? after : before),
      conversation: () => reference,
      // Granted, as once the other's lease has run out, and this copy hears of its post as it claims.
      claimSend: async () => { claimed = true; return true; },
      releaseSend: async () => undefined,
      markReviewPosted: async () => { throw new Error('not to be marked again'); },
    } as unknown as ReviewPanel;
    await new ReviewScheduler(panel, recordingOutbound(sent), createLogger('silent'), { cron: '0 9 * * *', timeZone: 'Europe/London' }).runOnce();
    assert.deepEqual(sent, []);
  });
});
