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
import { meta, sampleRequest } from '../store/helpers.js';
import { postgresFor, type TestPostgres } from '../support/postgres.js';

const reference = (id: string) => ({
  bot: { id: 'bot-1', name: 'Panel bot' },
  channelId: 'msteams',
  conversation: { id, tenantId: 't-1' },
  serviceUrl: 'https://smba.trafficmanager.net/uk/',
});

/** An Outbound that records what was posted, taking a moment as Teams does. */
function recordingOutbound(sent: string[]): Outbound {
  let n = 0;
  return {
    post: async (_ref: unknown, _activity: unknown, what: string) => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      sent.push(what);
      n += 1;
      return `activity-${n}`;
    },
    update: async () => undefined,
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

  const instances = async (name: string) => {
    const url = await server.createDatabase(name);
    const logger = createLogger('silent');
    const config = { PANEL_MEMBERS: [], PANEL_CHAIR: [], PANEL_QUORUM: { members: 1, chairRequired: false }, SAVINGS_TARGET: undefined };
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
