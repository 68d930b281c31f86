import assert from 'node:assert/strict';
import { loadDefaultNeedBands } from '../../src/config/needBands.js';
import { createLogger } from '../../src/log/logger.js';
import { Panel } from '../../src/panel/panel.js';
import { DigestScheduler } from '../../src/schedule/digestScheduler.js';
import { isoWeekKey } from '../../src/schedule/weekKey.js';
import type { PanelStore } from '../../src/store/panelStore.js';
import { openPostgresStore } from '../../src/store/postgres/openPostgresStore.js';
import { TeamsAnnouncer } from '../../src/teams/announcer.js';
import type { Outbound } from '../../src/teams/outbound.js';
import { cardText } from '../cards/cardQuality.js';
import { meta, sampleRequest } from '../store/helpers.js';
import { postgresFor, type TestPostgres } from '../support/postgres.js';

const reference = (id: string) => ({
  bot: { id: 'bot-1', name: 'Panel bot' },
  channelId: 'msteams',
  conversation: { id, tenantId: 't-1' },
  serviceUrl: 'https://smba.trafficmanager.net/uk/',
});

/** An Outbound that records what was posted and updated (with the card's text), taking a moment as Teams does. */
function recordingOutbound(sent: string[], drawn: string[] = []): Outbound {
  let n = 0;
  const record = async (what: string, activity: { attachments?: { content: unknown }[] }) => {
    // Drawn when sent, recorded when Teams has it: sends overtake each other, as over a network.
    const text = cardText(activity.attachments?.[0]?.content ?? {});
    await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 60));
    sent.push(what);
    drawn.push(text);
  };
  return {
    post: async (_ref: unknown, activity: { attachments?: { content: unknown }[] }, what: string) => {
      await record(what, activity);
      n += 1;
      return `activity-${n}`;
    },
    update: async (_ref: unknown, _id: string, activity: { attachments?: { content: unknown }[] }, what: string) => record(what, activity),
  } as unknown as Outbound;
}

/**
 * Two instances of the bot on one PostgreSQL database each run the same catch-up and the same
 * schedule: the claims (PanelStore.claim) let one of them send each card and each week's digest.
 */
describe('reliability: what is sent is sent once across instances', () => {
  let server: TestPostgres;
  let stores: PanelStore[];

  before(async function () {
    server = await postgresFor(this);
  });
  beforeEach(() => {
    stores = [];
  });
  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close();
  });

  const instances = async (name: string, quorum = 1) => {
    const url = await server.createDatabase(name);
    const logger = createLogger('silent');
    const config = { PANEL_MEMBERS: [], PANEL_CHAIR: [], PANEL_QUORUM: { members: quorum, roles: [] }, SAVINGS_TARGET: undefined };
    return Promise.all([0, 1].map(async () => {
      const store = await openPostgresStore(url);
      stores.push(store);
      return { store, logger, panel: new Panel({ store, config, logger, needBands: loadDefaultNeedBands() }) };
    }));
  };

  it('both catching up the cards of waiting requests post each card once', async () => {
    const [a, b] = await instances('cards');
    await a!.panel.setConversation('panel', reference('19:panel'));
    await a!.store.addRequests(Array.from({ length: 5 }, (_, i) => ({ data: sampleRequest(`C-${4000 + i}`), meta: meta() })));
    await b!.store.setDigestState({ lastWeekSent: '2026-W01' });
    const sent: string[] = [];
    const announcers = [a!, b!].map((x) => new TeamsAnnouncer(x.panel, recordingOutbound(sent), x.logger));
    for (const announcer of announcers) announcer.catchUp();
    await Promise.all(announcers.map((announcer) => announcer.idle()));
    assert.deepEqual(sent.sort(), a!.store.listRequests().map((r) => `post ${r.id}`).sort(), 'each card once');
  });

  it('decisions recorded on both at once: the card is updated once per state, the last update showing it settled', async () => {
    const [a, b] = await instances('updates', 2);
    await a!.panel.setConversation('panel', reference('19:panel'));
    const sent: string[] = [];
    const drawn: string[] = [];
    const announcers = [a!, b!].map((x) => {
      const announcer = new TeamsAnnouncer(x.panel, recordingOutbound(sent, drawn), x.logger);
      x.panel.listen(announcer);
      return announcer;
    });
    const requests = await a!.store.addRequests(Array.from({ length: 6 }, (_, i) => ({ data: sampleRequest(`C-${4100 + i}`), meta: meta() })));
    // Posted by a, from where b hears of the cards.
    announcers[0]!.catchUp();
    await announcers[0]!.idle();
    await b!.store.setDigestState({ lastWeekSent: '2026-W01' });
    assert.equal(sent.length, 6);
    sent.length = 0;
    drawn.length = 0;

    // Two members of a quorum of two approve each request at the same moment, one on each instance.
    const approve = (x: typeof a, requestId: string, who: string) => x!.panel.decide(
      { requestId, outcome: 'approve', option: 'proposed', effectiveFrom: '2026-04-06' }, { aadObjectId: `aad-${who}`, name: who });
    const results = await Promise.all(requests.flatMap((r) => [approve(a, r.id, 'Ann Chair'), approve(b, r.id, 'Ben Finance')]));
    assert.deepEqual(results.map((r) => r.kind), Array(12).fill('recorded'));
    const deadline = Date.now() + 10_000;
    const settled = () => requests.every((r) => [a!, b!].every((x) => x.panel.postedCard(r.id)?.decisions === 2));
    while (!settled() && Date.now() < deadline) {
      await Promise.all(announcers.map((announcer) => announcer.idle()));
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await Promise.all(announcers.map((announcer) => announcer.idle()));
    for (const r of requests) {
      const updates = sent.flatMap((what, i) => (what === `update ${r.id}` ? [drawn[i]!] : []));
      assert.ok(updates.length >= 1 && updates.length <= 2, `${r.id}: ${updates.length} updates`);
      assert.match(updates.at(-1)!, /Approved — proposed placement .* — by (Ann Chair|Ben Finance)/, `${r.id}: the last update shows it settled`);
      assert.equal(new Set(updates).size, updates.length, `${r.id}: no drawing sent twice`);
      for (const x of [a!, b!]) assert.equal(x.panel.postedCard(r.id)?.decisions, 2, 'the card is marked as showing both');
    }
    for (const announcer of announcers) announcer.stop();
  });

  it('a card claimed by an instance that died is posted by another once the lease has run out, and only then', async () => {
    const [a, b] = await instances('takeover');
    await a!.panel.setConversation('panel', reference('19:panel'));
    const [request] = await a!.store.addRequests([{ data: sampleRequest('C-4200'), meta: meta() }]);
    // The instance that claimed the card stopped before posting it: its claim stands until the lease ends.
    assert.equal(await a!.store.claim(`post:${request!.id}`, 'instance-killed', 600), true);
    const sent: string[] = [];
    const survivor = new TeamsAnnouncer(b!.panel, recordingOutbound(sent), b!.logger);
    survivor.catchUp();
    await survivor.idle();
    assert.deepEqual(sent, [], 'not while the lease runs');
    await new Promise((resolve) => setTimeout(resolve, 700));
    survivor.catchUp();
    await survivor.idle();
    survivor.catchUp();
    await survivor.idle();
    assert.deepEqual(sent, [`post ${request!.id}`], 'posted once after the lease');
  });

  it('both running the weekly schedule send one digest', async () => {
    const [a, b] = await instances('digest');
    await a!.panel.setConversation('leadership', reference('19:leadership'));
    await b!.store.setDigestState({ lastWeekSent: '2026-W01' });
    const sent: string[] = [];
    const options = { cron: '0 9 * * 1', timeZone: 'Europe/London' };
    const schedulers = [a!, b!].map((x) => new DigestScheduler(x.panel, recordingOutbound(sent), x.logger, options));
    await Promise.all(schedulers.map((s) => s.runOnce()));
    const week = isoWeekKey(new Date(), 'Europe/London');
    assert.deepEqual(sent, [`digest ${week}`]);
    await Promise.all(schedulers.map((s) => s.runOnce()));
    assert.equal(sent.length, 1, 'not again that week');
  });
});
