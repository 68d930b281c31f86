import { strict as assert } from 'node:assert';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { placementRequestInputSchema } from '../../src/domain/request.js';
import { openStore } from '../../src/store/lowdbStore.js';
import { PANEL_CHANNEL, installInPanelChannel, sampleRequest, startHarness, type Harness } from '../support/botHarness.js';
import { FakeConnector } from '../support/fakeConnector.js';

/**
 * A waiting request whose card is not in the panel channel gets it posted: at start (requests
 * imported while the bot was stopped, or whose post was given up) and when the app first joins a
 * channel (requests received before it was added). Through the real server and a fake Bot Connector.
 */

/** The request ids of the cards a (fake) Bot Connector was sent, in order. */
const postedIds = (connector: FakeConnector) => connector.posts().map((p) => JSON.stringify(p.body).match(/PR-\d{4}-\d{4}/)?.[0]);

describe('cards of waiting requests that were never posted', function () {
  this.timeout(30_000);
  let dir: string;
  let h: Harness | undefined;

  beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'panel-missing-')); });
  afterEach(async () => {
    await h?.close();
    h = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  it('requests received before the app joined a channel are posted when it joins; decided ones are not', async () => {
    h = await startHarness({ dir });
    const waiting = (await h.api('POST', '/api/requests', sampleRequest())).body.id as string;
    const decided = (await h.api('POST', '/api/requests', sampleRequest({ childRef: 'C-20002' }))).body.id as string;
    assert.equal((await h.invoke('decide', { requestId: decided, outcome: 'decline', comment: 'No' })).status, 200);
    await h.app.announcer.idle();
    assert.equal(h.connector.posts().length, 0, 'nowhere to post yet');

    await installInPanelChannel(h);
    await h.app.announcer.idle();
    assert.deepEqual(postedIds(h.connector), [waiting]);
    assert.equal(h.app.store.getCard(waiting)?.conversationId, PANEL_CHANNEL.id);
    assert.equal(h.app.store.getCard(decided), undefined);
  });

  it('requests imported while the bot was stopped are posted at start; ones already posted are not again', async () => {
    h = await startHarness({ dir });
    await installInPanelChannel(h);
    const posted = (await h.api('POST', '/api/requests', sampleRequest())).body.id as string;
    await h.app.announcer.idle();
    assert.deepEqual(postedIds(h.connector), [posted]);
    await h.close();
    h = undefined;

    // What `npm run import` does, with the bot stopped: straight into the store, no Teams. (Each
    // harness has its own fake Bot Connector; Teams' own service URL stays put, so the stored panel
    // conversation is pointed at one that outlives the restart.)
    const teams = new FakeConnector();
    await teams.start();
    const store = await openStore(join(dir, 'panel.json'));
    const [imported] = await store.addRequests([{
      data: placementRequestInputSchema.parse(sampleRequest({ childRef: 'C-30003' })),
      meta: { receivedVia: 'import', receivedBy: 'import', receivedAt: new Date() },
    }]);
    await store.setConversation('panel', { ...store.getConversation('panel')!, serviceUrl: teams.url });
    await store.close();

    try {
      h = await startHarness({ dir });
      await h.app.announcer.idle();
      assert.deepEqual(postedIds(teams), [imported!.id], 'only the imported request, once');
      assert.equal(h.app.store.getCard(imported!.id)?.conversationId, PANEL_CHANNEL.id);
    } finally {
      await teams.stop();
    }
  });
});
