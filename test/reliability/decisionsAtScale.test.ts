import { strict as assert } from 'node:assert';
import { rm } from 'node:fs/promises';
import { placementRequestInputSchema } from '../../src/domain/request.js';
import { openStore } from '../../src/store/lowdbStore.js';
import { cardText } from '../cards/cardQuality.js';
import { sampleRequest, startHarness, type Harness } from '../support/botHarness.js';
import { members } from './serverProcess.js';
import { storeOnDisk } from '../store/helpers.js';

/**
 * Through the real server (HTTP on loopback, the Bot Framework adapter, the card verb, the store):
 * 1,000 decisions on 1,000 different requests, sent while 100 panel members approve one other request
 * at the same moment. Exactly 1,001 decisions are recorded; the 99 members who lost the race are
 * each told who decided first, on their card.
 */
describe('reliability: 1,000 decisions plus 100 simultaneous approvals of one request', function () {
  this.timeout(60_000);
  const panel = members(100);
  let h: Harness;

  before(async () => {
    h = await startHarness({ env: { PANEL_MEMBERS: panel.map((m) => m.aadObjectId).join(','), LOG_LEVEL: 'warn' } });
  });
  after(async () => {
    await h.close();
  });

  it('records 1,001 decisions; the 99 losers are told "Already decided … by <first>"', async () => {
    const data = placementRequestInputSchema.parse(sampleRequest());
    const receivedAt = new Date('2026-04-01T09:00:00Z');
    const created = await h.app.store.addRequests(Array.from({ length: 1001 }, (_, i) => ({
      data: { ...data, childRef: `C-${30000 + i}` },
      meta: { receivedVia: 'import' as const, receivedBy: 'test', receivedAt },
    })));
    const contested = created[1000]!.id;
    const others = created.slice(0, 1000);

    // The 1,000 single decisions go out 100 at a time; the 100-way race is fired in the middle of them.
    let raceAnswers: { member: (typeof panel)[number]; status: number; body: Record<string, unknown> }[] = [];
    const singles: { status: number; body: Record<string, unknown> }[] = [];
    for (let start = 0; start < others.length; start += 100) {
      const wave = others.slice(start, start + 100).map((r, i) =>
        h.invoke('decide', { requestId: r.id, outcome: i % 3 === 0 ? 'decline' : 'approve', option: 'proposed', comment: 'ok' }, panel[(start + i) % panel.length]!));
      const race = start === 500
        ? panel.map(async (member) => ({ member, ...await h.invoke('decide', { requestId: contested, outcome: 'approve', option: 'proposed' }, member) }))
        : [];
      const [done, raced] = await Promise.all([Promise.all(wave), Promise.all(race)]);
      singles.push(...done);
      if (raced.length) raceAnswers = raced;
    }

    assert.ok(singles.every((a) => a.status === 200), 'every single decision answered 200');
    assert.equal(raceAnswers.length, 100);
    assert.ok(raceAnswers.every((a) => a.status === 200), 'every racer answered 200');

    const store = h.app.store;
    assert.equal(store.allDecisions().length, 1001, '1,000 + 1 decisions recorded');
    for (const r of others) assert.equal(store.decisionsFor(r.id).length, 1, `${r.id} decided once`);
    const winners = store.decisionsFor(contested);
    assert.equal(winners.length, 1, 'the contested request is decided once');
    const winner = winners[0]!.decidedBy.name;

    const texts = raceAnswers.map((a) => ({ member: a.member.name, text: cardText(a.body.value as object) }));
    const losers = texts.filter((t) => t.member !== winner);
    assert.equal(losers.length, 99);
    for (const l of losers) {
      assert.match(l.text, new RegExp(`Already decided: approved by ${winner} at \\d`), `${l.member} is told who decided first`);
    }
    const won = texts.find((t) => t.member === winner)!;
    assert.doesNotMatch(won.text, /Already decided/);
    assert.match(won.text, new RegExp(`Approved[^\\n]* — by ${winner}, `));

    // And the file says the same after the writes settle.
    const onDisk = await storeOnDisk(h.storePath);
    assert.equal(onDisk.decisions.length, 1001);
    assert.ok(store.verify().ok);
  });

  it('the file reopens with the same 1,001 decisions and a verified chain', async () => {
    await h.app.close();
    const store = await openStore(h.storePath);
    try {
      assert.equal(store.allDecisions().length, 1001);
      assert.ok(store.verify().ok);
    } finally {
      await store.close();
    }
    // The app is closed already: the after hook only stops the connector and removes the folder.
    const { connector, dir } = h;
    h = { ...h, close: async () => { await connector.stop(); await rm(dir, { recursive: true, force: true }); } };
  });
});
