import assert from 'node:assert/strict';
import { loadDefaultNeedBands } from '../../src/config/needBands.js';
import { createLogger } from '../../src/log/logger.js';
import { Panel } from '../../src/panel/panel.js';
import type { PanelStore } from '../../src/store/panelStore.js';
import { openPostgresStore } from '../../src/store/postgres/openPostgresStore.js';
import { meta, sampleRequest } from '../store/helpers.js';
import { postgresFor, type TestPostgres } from '../support/postgres.js';

const ACTOR = { aadObjectId: 'member-1', name: 'Member One' };
const OTHER = { aadObjectId: 'member-2', name: 'Member Two' };

/**
 * The second instance is deaf to the first's notifications, so what it checks in memory never has
 * the first's record: only the store's check, run again under the database's lock once the copy has
 * caught up, can refuse the second (before it, both were recorded).
 */
describe('events checked across two instances of one PostgreSQL database', () => {
  let server: TestPostgres;
  const stores: PanelStore[] = [];

  before(async function () {
    server = await postgresFor(this);
  });
  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close();
  });

  async function twoPanels(name: string, setUp: (panel: Panel, store: PanelStore) => Promise<void>): Promise<[Panel, Panel, PanelStore]> {
    const url = await server.createDatabase(name);
    const config = { PANEL_MEMBERS: [], PANEL_CHAIR: [], PANEL_QUORUM: { members: 1, roles: [] }, SAVINGS_TARGET: undefined };
    const panelOn = (store: PanelStore) => new Panel({ store, config, logger: createLogger('silent'), needBands: loadDefaultNeedBands(), now: () => new Date('2026-11-09T09:30:00Z') });
    const first = await openPostgresStore(url);
    stores.push(first);
    const a = panelOn(first);
    await setUp(a, first);
    const deaf = await openPostgresStore(url, { follow: false });
    stores.push(deaf);
    const check = await openPostgresStore(url, { follow: false });
    stores.push(check);
    return [a, panelOn(deaf), check];
  }

  it('a condition marked done on one is refused on the other as done already, and recorded once', async () => {
    let id = '';
    const [a, b, check] = await twoPanels('conditions', async (panel, store) => {
      id = (await store.addRequest(sampleRequest(), meta())).id;
      const decided = await panel.decide({
        requestId: id, outcome: 'approve_with_conditions', option: 'alt-1', effectiveFrom: '2026-11-02', reviewDate: '2026-12-01',
        conditions: [{ text: 'Therapy referral made', owner: 'Social worker', due: '2026-11-20' }],
      }, ACTOR);
      assert.equal(decided.kind, 'recorded', JSON.stringify(decided));
    });
    assert.ok((await a.completeCondition(id, 1, {}, ACTOR)).ok);
    const second = await b.completeCondition(id, 1, {}, OTHER);
    assert.equal(second.ok, false, JSON.stringify(second));
    assert.ok(!second.ok && second.refusal === 'conflict' && second.problems[0]!.field === 'n' && /already marked done by Member One/.test(second.problems[0]!.problem), JSON.stringify(second));
    await check.setDigestState({ lastWeekSent: '2026-W45' });
    assert.deepEqual(check.eventsFor(id).map((e) => e.type), ['condition_completed']);
  });

  it('a placement ended on one cannot end again on the other', async () => {
    let id = '';
    const [a, b, check] = await twoPanels('ended', async (panel, store) => {
      id = (await store.addRequest(sampleRequest(), meta())).id;
      assert.equal((await panel.decide({ requestId: id, outcome: 'approve', option: 'alt-1', effectiveFrom: '2026-11-02' }, ACTOR)).kind, 'recorded');
    });
    assert.ok((await a.recordEvent(id, { type: 'ended', date: '2026-11-08', reason: 'turned_18' }, ACTOR)).ok);
    const second = await b.recordEvent(id, { type: 'ended', date: '2026-11-09', reason: 'turned_18' }, OTHER);
    assert.ok(!second.ok && second.refusal === 'conflict' && /ended on 2026-11-08; it cannot end again/.test(second.problems[0]!.problem), JSON.stringify(second));
    await check.setDigestState({ lastWeekSent: '2026-W45' });
    assert.deepEqual(check.eventsFor(id).map((e) => e.type), ['ended']);
  });

  it('a conflict declared by one member on both is kept once, the second answered with the first', async () => {
    let id = '';
    const [a, b, check] = await twoPanels('conflicts', async (_panel, store) => {
      id = (await store.addRequest(sampleRequest(), meta())).id;
    });
    const first = await a.declareConflict(id, { note: 'knows the family' }, ACTOR);
    assert.ok(first.ok && first.replayed === undefined, JSON.stringify(first));
    const again = await b.declareConflict(id, {}, ACTOR);
    assert.ok(again.ok && again.replayed === true && again.conflict.id === first.conflict.id, JSON.stringify(again));
    await check.setDigestState({ lastWeekSent: '2026-W45' });
    assert.deepEqual(check.eventsFor(id).map((e) => e.type), ['conflict_declared']);
  });
});
