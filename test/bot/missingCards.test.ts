import { strict as assert } from 'node:assert';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { placementRequestInputSchema } from '../../src/domain/request.js';
import type { StoredRequest } from '../../src/domain/request.js';
import { openStore } from '../../src/store/lowdbStore.js';
import type { PanelStore } from '../../src/store/panelStore.js';
import { MEMBER, MEMBER_B, PANEL_CHANNEL, installInPanelChannel, sampleRequest, startHarness, type Harness } from '../support/botHarness.js';
import { FakeConnector } from '../support/fakeConnector.js';

/**
 * A waiting request whose card is not in the panel channel gets it posted: at start (requests
 * imported while the bot was stopped, or whose post was given up) and when the app first joins a
 * channel (requests received before it was added). A card that missed the update after a decision
 * gets it at start. Through the real server and a fake Bot Connector.
 */

/** The request ids of the cards a (fake) Bot Connector was sent, in order. */
const postedIds = (connector: FakeConnector) => connector.posts().map((p) => JSON.stringify(p.body).match(/PR-\d{4}-\d{4}/)?.[0]);

describe('cards never posted, or never updated', function () {
  this.timeout(30_000);
  let dir: string;
  let h: Harness | undefined;
  let teams: FakeConnector;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'panel-missing-'));
    teams = new FakeConnector();
    await teams.start();
  });
  afterEach(async () => {
    await h?.close();
    h = undefined;
    await teams.stop();
    await rm(dir, { recursive: true, force: true });
  });

  /**
   * Stops the bot and points the stored panel conversation at `teams`: each harness has its own fake
   * Bot Connector, but Teams' own service URL stays put, so the next start must find one that
   * outlived the restart. `change` then edits the store as a tool would with the bot stopped.
   */
  async function stopAndKeepTeams(change: (store: PanelStore) => Promise<void> = async () => undefined): Promise<void> {
    await h!.close();
    h = undefined;
    const store = await openStore(join(dir, 'panel.json'));
    await store.setConversation('panel', { ...store.getConversation('panel')!, serviceUrl: teams.url });
    await change(store);
    await store.close();
  }

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
    // What `npm run import` does, with the bot stopped: straight into the store, no Teams.
    let imported: StoredRequest | undefined;
    await stopAndKeepTeams(async (store) => {
      [imported] = await store.addRequests([{
        data: placementRequestInputSchema.parse(sampleRequest({ childRef: 'C-30003' })),
        meta: { receivedVia: 'import', receivedBy: 'import', receivedAt: new Date() },
      }]);
    });

    h = await startHarness({ dir });
    await h.app.announcer.idle();
    assert.deepEqual(postedIds(teams), [imported!.id], 'only the imported request, once');
    assert.equal(h.app.store.getCard(imported!.id)?.conversationId, PANEL_CHANNEL.id);
  });

  it('a card whose update after a decision was given up on is updated at the next start, once', async () => {
    h = await startHarness({ dir });
    await installInPanelChannel(h);
    const id = (await h.api('POST', '/api/requests', sampleRequest())).body.id as string;
    await h.app.announcer.idle();
    const card = h.app.store.getCard(id)!;
    assert.equal(card.decisions, 0);

    // Teams is down for every attempt Outbound makes at the update.
    h.connector.failNext(...Array.from({ length: 5 }, () => ({ status: 502 })));
    assert.equal((await h.invoke('decide', { requestId: id, outcome: 'decline', comment: 'Not in the child’s interest' })).status, 200);
    await h.app.announcer.idle();
    assert.equal(h.connector.updates().filter((u) => u.answered === 200).length, 0, 'no update got through');
    assert.equal(h.app.store.getCard(id)?.decisions, 0, 'the card is known to be behind');
    await stopAndKeepTeams();

    const restart = async () => {
      h = await startHarness({ dir });
      await h.app.announcer.idle();
    };
    await restart();
    const updates = teams.updates();
    assert.equal(updates.length, 1);
    assert.ok(updates[0]!.path.endsWith(`/activities/${encodeURIComponent(card.activityId)}`), updates[0]!.path);
    assert.match(JSON.stringify(updates[0]!.body), /Declined/);
    assert.equal(h.app.store.getCard(id)?.decisions, 1);
    assert.equal(teams.posts().length, 0, 'updated, not posted again');

    await h.close();
    await restart();
    assert.equal(teams.updates().length, 1, 'a card already up to date is left alone');
  });

  it('decisions in quick succession update the card in order, the last update showing the last decision', async () => {
    h = await startHarness({ dir, env: { PANEL_QUORUM: '2' } });
    await installInPanelChannel(h);
    const id = (await h.api('POST', '/api/requests', sampleRequest())).body.id as string;
    await h.app.announcer.idle();
    const first = h.invoke('decide', { requestId: id, outcome: 'decline', comment: 'No' }, MEMBER);
    const second = h.invoke('decide', { requestId: id, outcome: 'decline', comment: 'Agreed' }, MEMBER_B);
    assert.deepEqual([(await first).status, (await second).status], [200, 200]);
    await h.app.announcer.idle();
    const updates = h.connector.updates();
    assert.ok(updates.length >= 1 && updates.length <= 2, `${updates.length} updates`);
    assert.match(JSON.stringify(updates.at(-1)!.body), /Declined/);
    assert.equal(h.app.store.getCard(id)?.decisions, 2);
  });

  /** A request received while the app is in the panel channel, its card's post sent and held by Teams (answered on release). */
  async function requestWhosePostTeamsHolds(): Promise<{ t: Harness; id: string }> {
    const t = await startHarness({ dir });
    h = t;
    await installInPanelChannel(t);
    t.connector.failNext('hold');
    const id = (await t.api('POST', '/api/requests', sampleRequest())).body.id as string;
    while (t.connector.posts().length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    return { t, id };
  }

  it('the card sweep finding a card still on its way does not post it again', async () => {
    const { t, id } = await requestWhosePostTeamsHolds();
    // As the five-minute sweep does, while the post on receipt waits for Teams' answer.
    t.app.announcer.catchUp();
    await new Promise((resolve) => setTimeout(resolve, 100));
    t.connector.release();
    await t.app.announcer.idle();
    assert.deepEqual(postedIds(t.connector), [id]);
    assert.ok(t.app.store.getCard(id) !== undefined);
  });

  it('a decision made while the card was still being posted updates the card once it is there', async () => {
    const { t, id } = await requestWhosePostTeamsHolds();
    assert.equal((await t.invoke('decide', { requestId: id, outcome: 'decline', comment: 'No' })).status, 200);
    assert.equal(t.connector.updates().length, 0, 'no card to update yet');
    t.connector.release();
    await t.app.announcer.idle();
    const updates = t.connector.updates();
    assert.equal(updates.length, 1);
    assert.match(JSON.stringify(updates[0]!.body), /Declined/);
    assert.equal(t.app.store.getCard(id)?.decisions, 1);
  });
});
