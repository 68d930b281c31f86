import { strict as assert } from 'node:assert';
import { readdir } from 'node:fs/promises';
import sinon from 'sinon';
import { nodeStoreFs, type StoreFs } from '../../src/store/durableJsonFile.js';
import { cardText } from '../cards/cardQuality.js';
import { MEMBER, MEMBER_B, sampleRequest, startHarness, type Harness } from '../support/botHarness.js';
import { diskBytes, storeOnDisk } from '../store/helpers.js';

/**
 * A write that fails (a full disk: the store's file-system calls are stubbed through the app's
 * `storeFs` option, since chmod does not stop root) through the real server: the API answers 503 with
 * a clear JSON message, a card action answers an error card, the process keeps serving, memory and
 * disk are as they were, and the next write works.
 */
function enospc(): NodeJS.ErrnoException {
  return Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28 });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('reliability: a store write that fails, through the server', function () {
  this.timeout(30_000);
  let h: Harness;
  let fs: StoreFs;
  let first: string;

  beforeEach(async () => {
    fs = { ...nodeStoreFs };
    h = await startHarness({ storeFs: fs });
    const res = await h.api('POST', '/api/requests', sampleRequest());
    assert.equal(res.status, 201);
    first = res.body.id as string;
  });
  afterEach(async () => {
    sinon.restore();
    await h.close();
  });

  /** The file's and journal's bytes, what the store holds in memory, and any temp files left in the folder. */
  async function snapshot() {
    const s = h.app.store;
    return {
      disk: await diskBytes(h.storePath),
      memory: JSON.stringify({ requests: s.listRequests(), decisions: s.allDecisions(), events: s.allEvents(), digest: s.getDigestState() }),
      temps: (await readdir(h.dir)).filter((n) => n.endsWith('.tmp')),
    };
  }

  async function assertStillServing(): Promise<void> {
    const health = await fetch(`${h.url}/healthz`);
    assert.equal(health.status, 200, 'the process is up and answering');
  }

  it('POST /api/requests: 503 with a clear message; nothing changed; the next POST works with the next id', async () => {
    const before = await snapshot();
    const write = sinon.stub(fs, 'write').rejects(enospc());
    const failed = await h.api('POST', '/api/requests', sampleRequest({ childRef: 'C-20002' }));
    assert.equal(failed.status, 503);
    assert.equal(failed.body.error, 'store_unavailable');
    assert.match(String(failed.body.message), /could not save .* nothing was stored/i);
    assert.doesNotMatch(String(failed.body.message), /\/|panel\.json/, 'the server\'s file paths are not shown to clients');
    assert.ok(write.called);
    assert.deepEqual(await snapshot(), before, 'memory and disk as they were, no temp file left');
    await assertStillServing();

    write.restore();
    const next = await h.api('POST', '/api/requests', sampleRequest({ childRef: 'C-20002' }));
    assert.equal(next.status, 201);
    const seq = (id: string) => Number(id.split('-').pop());
    assert.equal(seq(next.body.id as string), seq(first) + 1, 'the failed write used up no id');
    assert.equal((await storeOnDisk(h.storePath)).requests.length, 2);
  });

  it('POST /api/requests/:id/events: 503 when the fsync fails; nothing changed; then 201', async () => {
    const decided = await h.invoke('decide', { requestId: first, outcome: 'approve', option: 'proposed' });
    assert.equal(decided.status, 200);
    const before = await snapshot();
    const fsync = sinon.stub(fs, 'fsync').rejects(enospc());
    const ended = { type: 'ended', date: '2026-09-01', reason: 'return_home' };
    const failed = await h.api('POST', `/api/requests/${first}/events`, ended);
    assert.equal(failed.status, 503, JSON.stringify(failed.body));
    assert.equal(failed.body.error, 'store_unavailable');
    assert.deepEqual(await snapshot(), before);
    await assertStillServing();

    fsync.restore();
    const ok = await h.api('POST', `/api/requests/${first}/events`, ended);
    assert.equal(ok.status, 201, JSON.stringify(ok.body));
    assert.equal(h.app.store.eventsFor(first).length, 1);
    assert.ok(h.app.store.verify().ok);
  });

  it('a decision from the card: an error card (not a crash); nothing recorded; the next click is recorded', async () => {
    const before = await snapshot();
    const fsync = sinon.stub(fs, 'fsync').rejects(enospc());
    const failed = await h.invoke('decide', { requestId: first, outcome: 'approve', option: 'proposed' });
    assert.equal(failed.status, 200);
    assert.equal(failed.body.type, 'application/vnd.microsoft.card.adaptive');
    assert.match(cardText(failed.body.value as object), /Something went wrong.*try again/s);
    assert.deepEqual(await snapshot(), before);
    await assertStillServing();

    fsync.restore();
    const ok = await h.invoke('decide', { requestId: first, outcome: 'approve', option: 'proposed' });
    assert.match(cardText(ok.body.value as object), /Approved[^\n]* — by Jane Chair/);
    assert.equal(h.app.store.decisionsFor(first).length, 1);
    assert.equal((await storeOnDisk(h.storePath)).decisions.length, 1);
  });

  describe('"Already decided by X" is said only once X\'s decision is on disk', () => {
    let release: (ok: boolean) => void;

    beforeEach(() => {
      const gate = new Promise<boolean>((resolve) => { release = resolve; });
      sinon.stub(fs, 'fsync').callsFake(async (handle) => {
        if (!await gate) throw enospc();
        return nodeStoreFs.fsync(handle);
      });
    });
    // A failed assertion must not leave the write hanging, or closing the app would wait for ever.
    afterEach(() => release(true));

    async function raceWhileTheFirstWriteHangs() {
      const a = h.invoke('decide', { requestId: first, outcome: 'approve', option: 'proposed' }, MEMBER);
      while (!(fs.fsync as sinon.SinonStub).called) await sleep(5);
      let bAnswered = false;
      const b = h.invoke('decide', { requestId: first, outcome: 'decline', comment: 'No' }, MEMBER_B).finally(() => { bAnswered = true; });
      await sleep(300);
      assert.equal(bAnswered, false, 'the second member is not answered while the first decision is still being written');
      return { a, b };
    }

    it('when that write succeeds: the second member is then told who decided first', async () => {
      const { a, b } = await raceWhileTheFirstWriteHangs();
      release(true);
      assert.match(cardText((await a).body.value as object), /Approved[^\n]* — by Jane Chair/);
      assert.match(cardText((await b).body.value as object), /Already decided: approved by Jane Chair at/);
      assert.equal((await storeOnDisk(h.storePath)).decisions.length, 1);
    });

    it('when that write fails: neither is told a decision was made, and nothing is recorded', async () => {
      const before = await storeOnDisk(h.storePath);
      const { a, b } = await raceWhileTheFirstWriteHangs();
      release(false);
      for (const answer of [await a, await b]) {
        assert.equal(answer.status, 200);
        const text = cardText(answer.body.value as object);
        assert.doesNotMatch(text, /Already decided|— by Jane Chair/);
        assert.match(text, /Something went wrong/);
      }
      assert.equal(h.app.store.decisionsFor(first).length, 0);
      assert.deepEqual((await storeOnDisk(h.storePath)).decisions, before.decisions);
    });
  });
});
