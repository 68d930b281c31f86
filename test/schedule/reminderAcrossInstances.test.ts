import assert from 'node:assert/strict';
import { loadDefaultNeedBands } from '../../src/config/needBands.js';
import { createLogger } from '../../src/log/logger.js';
import { Panel } from '../../src/panel/panel.js';
import { ReminderScheduler } from '../../src/schedule/reminderScheduler.js';
import type { PanelStore } from '../../src/store/panelStore.js';
import { openPostgresStore } from '../../src/store/postgres/openPostgresStore.js';
import type { Outbound } from '../../src/teams/outbound.js';
import { meta, sampleRequest } from '../store/helpers.js';
import { postgresFor, type TestPostgres } from '../support/postgres.js';

const reference = (id: string) => ({
  bot: { id: 'bot-1', name: 'Panel bot' },
  channelId: 'msteams',
  conversation: { id, tenantId: 't-1' },
  serviceUrl: 'https://smba.trafficmanager.net/uk/',
});

/** An Outbound that records what was posted, taking a moment as Teams does, so that sends overlap. */
function recordingOutbound(sent: string[]): Outbound {
  let n = 0;
  return {
    post: async (_ref: unknown, _activity: unknown, what: string) => {
      await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 60));
      sent.push(what);
      n += 1;
      return `activity-${n}`;
    },
  } as unknown as Outbound;
}

describe('follow-up reminders on two instances of one PostgreSQL database', () => {
  let server: TestPostgres;
  const stores: PanelStore[] = [];

  before(async function () {
    server = await postgresFor(this);
  });
  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close();
  });

  it('send one reminder a day between them, and one escalation, however often each runs', async () => {
    const url = await server.createDatabase('reminders');
    const logger = createLogger('silent');
    const config = { PANEL_MEMBERS: [], PANEL_CHAIR: [], PANEL_QUORUM: { members: 1, roles: [] }, SAVINGS_TARGET: undefined };
    let now = new Date('2026-11-09T09:30:00Z');
    const instances = await Promise.all([0, 1].map(async () => {
      const store = await openPostgresStore(url);
      stores.push(store);
      return new Panel({ store, config, logger, needBands: loadDefaultNeedBands(), now: () => now });
    }));
    const [a, b] = instances as [Panel, Panel];
    await a.setConversation('panel', reference('19:panel'));
    await a.setConversation('leadership', reference('19:leadership'));
    // Received on 1 March: long past its decide-by date.
    await stores[0]!.addRequests([{ data: sampleRequest('C-4001'), meta: meta() }]);

    const sent: string[] = [];
    const options = { cron: '30 9 * * 1-5', timeZone: 'Europe/London', escalateAfterDays: 5 };
    const schedulers = [a, b].map((panel) => new ReminderScheduler(panel, recordingOutbound(sent), logger, options));
    await Promise.all(schedulers.flatMap((s) => [s.runOnce(), s.runOnce()]));
    assert.deepEqual(sent.sort(), ['escalation 2026-11-09', 'reminder 2026-11-09']);
    await Promise.all(schedulers.map((s) => s.runOnce()));
    assert.equal(sent.length, 2, 'not again that day');

    now = new Date('2026-11-10T09:30:00Z');
    await Promise.all(schedulers.map((s) => s.runOnce()));
    assert.deepEqual(sent.slice(2).sort(), ['escalation 2026-11-10', 'reminder 2026-11-10'], 'the next day, once');
  });
});
