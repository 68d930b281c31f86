import assert from 'node:assert/strict';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sinon from 'sinon';
import { openStore, StoreError } from '../../src/store/lowdbStore.js';
import { nodeStoreFs, type StoreFs } from '../../src/store/durableJsonFile.js';
import { storeFileSchema } from '../../src/store/storeFile.js';
import type { PanelStore } from '../../src/store/panelStore.js';
import { costChange, decision, diskBytes, meta, sampleRequest, tempFolder } from './helpers.js';

const conversation = {
  bot: { id: 'bot-1', name: 'Panel bot' },
  channelId: 'msteams',
  conversation: { id: '19:panel@thread.tacv2', tenantId: 't-1' },
  serviceUrl: 'https://smba.trafficmanager.net/uk/',
};

describe('store/lowdbStore', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let file: string;
  const open: PanelStore[] = [];
  const openHere = async (path = file, options?: Parameters<typeof openStore>[1]) => {
    const store = await openStore(path, options);
    open.push(store);
    return store;
  };

  beforeEach(async () => {
    ({ dir, cleanup } = await tempFolder());
    file = join(dir, 'data', 'panel.json');
  });

  afterEach(async () => {
    sinon.restore();
    for (const store of open.splice(0)) await store.close();
    await cleanup();
  });

  it('creates the file and its folder on first open, holding the empty store', async () => {
    const store = await openHere();
    const onDisk = storeFileSchema.parse(JSON.parse(await readFile(file, 'utf8')));
    assert.equal(onDisk.version, 1);
    assert.deepEqual(onDisk.requests, []);
    assert.deepEqual(store.listRequests(), []);
    assert.equal(store.path, file);
    assert.equal(store.isReadable(), true);
    assert.equal((await stat(file)).mode & 0o777, 0o600);
  });

  it('keeps everything across a reopen', async () => {
    const store = await openHere();
    const request = await store.addRequest(sampleRequest(), meta());
    const appended = await store.appendDecision(request.id, () => decision());
    assert.ok(appended.ok);
    const event = await store.appendEvent(request.id, costChange());
    await store.setConversation('panel', conversation);
    await store.setCard(request.id, { conversationId: 'c-1', activityId: 'a-1' });
    await store.setDigestState({ lastWeekSent: '2026-W10' });
    await store.close();
    open.splice(0);

    const again = await openHere();
    assert.deepEqual(again.getRequest(request.id), request);
    assert.deepEqual(again.decisionsFor(request.id), [appended.record]);
    assert.deepEqual(again.eventsFor(request.id), [event]);
    assert.deepEqual(again.getConversation('panel'), conversation);
    assert.deepEqual(again.getCard(request.id), { conversationId: 'c-1', activityId: 'a-1' });
    assert.deepEqual(again.getDigestState(), { lastWeekSent: '2026-W10' });
    assert.equal(again.getConversation('leadership'), undefined);
    assert.equal(again.getConversation('toString'), undefined);
    assert.deepEqual(again.verify(), { ok: true, count: 2 });
    assert.equal(appended.record.id, 'D-000001');
    assert.equal(event.id, 'E-000001');
    assert.ok(Object.isFrozen(appended.record));
  });

  it('numbers requests PR-YYYY-0001 upwards, per year of receipt', async () => {
    const store = await openHere();
    const a = await store.addRequest(sampleRequest(), meta('2025-12-31T23:59:59Z'));
    const b = await store.addRequest(sampleRequest(), meta('2026-01-01T00:00:00Z'));
    const c = await store.addRequest(sampleRequest(), meta('2026-02-01T00:00:00Z'));
    const d = await store.addRequest(sampleRequest(), meta('2025-06-01T00:00:00Z'));
    assert.deepEqual([a.id, b.id, c.id, d.id], ['PR-2025-0001', 'PR-2026-0001', 'PR-2026-0002', 'PR-2025-0002']);
    await store.close();
    open.splice(0);
    const again = await openHere();
    assert.equal((await again.addRequest(sampleRequest(), meta('2026-03-01T00:00:00Z'))).id, 'PR-2026-0003');
  });

  it('goes past four digits after 9999', async () => {
    const raw = storeFileSchema.parse({
      version: 1, requests: [], decisions: [], events: [], counters: { 2026: 9999 }, conversations: {}, cards: {}, digest: {},
    });
    await mkdir(join(dir, 'data'));
    await writeFile(file, JSON.stringify(raw));
    const store = await openHere();
    assert.equal((await store.addRequest(sampleRequest(), meta())).id, 'PR-2026-10000');
  });

  it('adds a batch of requests in one write, or none when one is invalid', async () => {
    const fs: StoreFs = { ...nodeStoreFs };
    const store = await openHere(file, { fs });
    const writes = sinon.spy(fs, 'write');
    const added = await store.addRequests([{ data: sampleRequest('C-1001'), meta: meta() }, { data: sampleRequest('C-1002'), meta: meta() }]);
    assert.deepEqual(added.map((r) => r.id), ['PR-2026-0001', 'PR-2026-0002']);
    assert.equal(writes.callCount, 1);
    const good = sampleRequest('C-1003');
    const bad = { ...good, proposed: { ...good.proposed, weeklyCost: '12.5' } };
    await assert.rejects(store.addRequests([{ data: sampleRequest('C-1004'), meta: meta() }, { data: bad, meta: meta() }]),
      (e: Error) => e instanceof StoreError && /request 2/.test(e.message) && /proposed\.weeklyCost/.test(e.message));
    assert.equal(store.listRequests().length, 2);
    assert.equal((await store.addRequest(sampleRequest(), meta())).id, 'PR-2026-0003');
  });

  it('returns the first request again for a repeated idempotency key', async () => {
    const store = await openHere();
    const first = await store.addRequest(sampleRequest(), { ...meta(), idempotencyKey: 'case-system:42' });
    const repeat = await store.addRequest(sampleRequest(), { ...meta(), idempotencyKey: 'case-system:42' });
    assert.equal(repeat, first);
    assert.equal(store.listRequests().length, 1);
  });

  it('keeps all of 1,000 concurrent decisions on different requests (group commit loses none)', async () => {
    const fs: StoreFs = { ...nodeStoreFs };
    const store = await openHere(file, { fs });
    const requests = await store.addRequests(Array.from({ length: 1000 }, (_, i) => ({ data: sampleRequest(`C-${1000 + i}`), meta: meta() })));
    const fsyncs = sinon.spy(fs, 'fsync');
    const results = await Promise.all(requests.map((r, i) => store.appendDecision(r.id, () => decision(`m-${i}`))));
    assert.ok(results.every((r) => r.ok));
    assert.ok(fsyncs.callCount < 1000, `expected writes to be grouped, got ${fsyncs.callCount}`);
    await store.close();
    open.splice(0);

    const again = await openHere();
    assert.equal(again.allDecisions().length, 1000);
    for (const r of requests) assert.equal(again.decisionsFor(r.id).length, 1);
    assert.equal(new Set(again.allDecisions().map((d) => d.id)).size, 1000);
    assert.deepEqual(again.verify(), { ok: true, count: 1000 });
  });

  it('records exactly one of 100 concurrent decisions when build refuses once one exists', async () => {
    const store = await openHere();
    const request = await store.addRequest(sampleRequest(), meta());
    const results = await Promise.all(Array.from({ length: 100 }, (_, i) => store.appendDecision(request.id,
      (existing) => (existing.length > 0 ? { reject: 'already decided' } : decision(`m-${i}`)))));
    assert.equal(results.filter((r) => r.ok).length, 1);
    assert.deepEqual(results.filter((r) => !r.ok), Array.from({ length: 99 }, () => ({ ok: false, reason: 'already decided' })));
    await store.close();
    open.splice(0);
    assert.equal((await openHere()).decisionsFor(request.id).length, 1);
  });

  it('refuses a decision or event for an unknown request', async () => {
    const store = await openHere();
    await assert.rejects(store.appendDecision('PR-2026-0099', () => decision()), (e: Error) => e instanceof StoreError && /no request PR-2026-0099/.test(e.message));
    await assert.rejects(store.appendEvent('PR-2026-0099', costChange()), StoreError);
  });

  it('refuses a record that would not load again, changing nothing', async () => {
    const store = await openHere();
    const request = await store.addRequest(sampleRequest(), meta());
    await assert.rejects(store.appendEvent(request.id, costChange('12.5')), /weeklyCost/);
    assert.equal(store.allEvents().length, 0);
    assert.equal((await store.appendEvent(request.id, costChange())).id, 'E-000001');
  });

  describe('a file it cannot use', () => {
    const cases: [string, string, RegExp][] = [
      ['bad JSON', '{"version": 1, "requests": [', /is not valid JSON/],
      ['JSON failing the schema', JSON.stringify({ version: 1, requests: [{ id: 'x' }], decisions: [], events: [], counters: {}, conversations: {}, cards: {}, digest: {} }), /does not match the store's schema: requests\.0\.id/],
      ['an unknown version', JSON.stringify({ version: 2 }), /version must be 1/],
    ];
    for (const [name, content, reason] of cases) {
      it(`refuses to open ${name}, naming the file and leaving it untouched`, async () => {
        await mkdir(join(dir, 'data'));
        await writeFile(file, content);
        await assert.rejects(openHere(), (e: Error) => e instanceof StoreError && e.message.includes(file) && reason.test(e.message));
        assert.equal(await readFile(file, 'utf8'), content);
        // The lock was released: fixing the file is enough to start.
        await writeFile(file, '');
        await assert.rejects(openHere(), /not valid JSON/);
      });
    }

    it('refuses a path it cannot read (a folder)', async () => {
      await mkdir(file, { recursive: true });
      await assert.rejects(openHere(), (e: Error) => e instanceof StoreError && e.message.includes(file) && /EISDIR/.test(e.message));
      assert.ok((await stat(file)).isDirectory());
    });

    it('refuses a file it has no permission to read', async () => {
      await mkdir(join(dir, 'data'));
      await writeFile(file, '{}');
      await chmod(file, 0o000);
      const denied = Object.assign(new Error(`EACCES: permission denied, open '${file}'`), { code: 'EACCES' });
      // Root can read anything, so the refusal is also simulated at the file-system boundary.
      const fs: StoreFs = { ...nodeStoreFs, readFile: process.getuid?.() === 0 ? sinon.stub().rejects(denied) : nodeStoreFs.readFile };
      await assert.rejects(openHere(file, { fs }), (e: Error) => e instanceof StoreError && e.message.includes(file) && /EACCES/.test(e.message));
      await chmod(file, 0o600);
      assert.equal(await readFile(file, 'utf8'), '{}');
    });
  });

  describe('a failed write', () => {
    const enospc = () => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });

    for (const call of ['write', 'fsync'] as const) {
      it(`rejects, undoes the change in memory and leaves the file and its journal as they were (${call} fails)`, async () => {
        const fs: StoreFs = { ...nodeStoreFs };
        const store = await openHere(file, { fs });
        const request = await store.addRequest(sampleRequest(), meta());
        await store.setConversation('panel', conversation);
        const before = await diskBytes(file);
        const stub = sinon.stub(fs, call).rejects(enospc());

        const results = await Promise.allSettled([
          store.appendDecision(request.id, () => decision('m-1')),
          store.addRequest(sampleRequest(), meta()),
          store.appendEvent(request.id, costChange()),
          store.setConversation('panel', { ...conversation, serviceUrl: 'https://elsewhere/' }),
          store.setDigestState({ lastWeekSent: '2026-W11' }),
          store.setCard(request.id, { conversationId: 'c', activityId: 'a' }),
        ]);
        for (const r of results) {
          assert.equal(r.status, 'rejected');
          assert.ok(r.reason instanceof StoreError && r.reason.message.includes(file) && /ENOSPC/.test(r.reason.message));
        }
        assert.deepEqual(await diskBytes(file), before);
        assert.deepEqual(store.allDecisions(), []);
        assert.deepEqual(store.decisionsFor(request.id), []);
        assert.deepEqual(store.allEvents(), []);
        assert.equal(store.listRequests().length, 1);
        assert.equal(store.getConversation('panel')?.serviceUrl, conversation.serviceUrl);
        assert.deepEqual(store.getDigestState(), {});
        assert.equal(store.getCard(request.id), undefined);
        assert.deepEqual((await readdirNames(dir)).filter((n) => n.endsWith('.tmp')), []);

        stub.restore();
        const next = await store.appendDecision(request.id, () => decision('m-2'));
        assert.ok(next.ok && next.record.id === 'D-000001');
        assert.equal((await store.addRequest(sampleRequest(), meta())).id, 'PR-2026-0002');
        await store.close();
        open.splice(0);
        const again = await openHere();
        assert.equal(again.allDecisions().length, 1);
        assert.equal(again.listRequests().length, 2);
        assert.deepEqual(again.verify(), { ok: true, count: 1 });
      });
    }

    it('also undoes changes queued behind the failed write', async () => {
      const fs: StoreFs = { ...nodeStoreFs };
      const store = await openHere(file, { fs });
      const request = await store.addRequest(sampleRequest(), meta());
      let failNext = true;
      sinon.stub(fs, 'fsync').callsFake(async (handle) => {
        if (failNext) {
          failNext = false;
          await new Promise((r) => setTimeout(r, 20));
          throw enospc();
        }
        return nodeStoreFs.fsync(handle);
      });
      const first = store.appendDecision(request.id, () => decision('m-1'));
      await new Promise((r) => setTimeout(r, 5)); // the first write is now in flight
      const queued = store.appendDecision(request.id, () => decision('m-2'));
      const settled = await Promise.allSettled([first, queued]);
      assert.deepEqual(settled.map((s) => s.status), ['rejected', 'rejected']);
      assert.deepEqual(store.allDecisions(), []);
      assert.ok((await store.appendDecision(request.id, () => decision('m-3'))).ok);
      assert.deepEqual(store.verify(), { ok: true, count: 1 });
    });
  });

  describe('purge', () => {
    it('removes requests with their decisions, events, cards and keys, and the chain still verifies', async () => {
      const store = await openHere();
      const [a, b, c] = await store.addRequests([1, 2, 3].map((i) => ({ data: sampleRequest(`C-100${i}`), meta: { ...meta(), idempotencyKey: `k${i}` } })));
      for (const r of [a!, b!, c!, a!, b!]) {
        await store.appendDecision(r.id, () => decision(`m-${r.id}`));
        await store.appendEvent(r.id, costChange());
      }
      await store.setCard(a!.id, { conversationId: 'c', activityId: 'a1' });
      await store.setCard(b!.id, { conversationId: 'c', activityId: 'a2' });

      assert.equal(await store.purgeRequests([a!.id, c!.id, 'PR-2026-0404']), 2);
      const left = (s: PanelStore) => ({
        requests: s.listRequests().map((r) => r.id),
        decisions: s.allDecisions().map((d) => d.requestId),
        events: s.allEvents().map((e) => e.requestId),
        cardA: s.getCard(a!.id),
        cardB: s.getCard(b!.id),
        decisionsA: s.decisionsFor(a!.id).length,
      });
      const expected = {
        requests: [b!.id], decisions: [b!.id, b!.id], events: [b!.id, b!.id],
        cardA: undefined, cardB: { conversationId: 'c', activityId: 'a2' }, decisionsA: 0,
      };
      assert.deepEqual(left(store), expected);
      assert.deepEqual(store.verify(), { ok: true, count: 4 });

      // New records chain on after the purged ones, ids are not reused, and it all survives a reopen.
      const after = await store.appendDecision(b!.id, () => decision('late'));
      assert.ok(after.ok && after.record.id === 'D-000006');
      assert.equal((await store.addRequest(sampleRequest(), meta())).id, 'PR-2026-0004');
      assert.equal((await store.addRequest(sampleRequest(), { ...meta(), idempotencyKey: 'k1' })).id, 'PR-2026-0005');
      await store.close();
      open.splice(0);
      const again = await openHere();
      assert.deepEqual(again.verify(), { ok: true, count: 5 });
      assert.equal(again.allDecisions().length, 3);
      const onDisk = JSON.parse(await readFile(file, 'utf8')) as { chain: { decisions: { purged: unknown[]; length: number } } };
      assert.equal(onDisk.chain.decisions.length, 6);
      assert.ok(onDisk.chain.decisions.purged.length <= 2, 'consecutive purged records share one run');
    });

    it('restores everything when the purge cannot be written', async () => {
      const fs: StoreFs = { ...nodeStoreFs };
      const store = await openHere(file, { fs });
      const r = await store.addRequest(sampleRequest(), meta());
      await store.appendDecision(r.id, () => decision());
      sinon.stub(fs, 'rename').rejects(Object.assign(new Error('disk full'), { code: 'ENOSPC' }));
      await assert.rejects(store.purgeRequests([r.id]), StoreError);
      assert.equal(store.getRequest(r.id), r);
      assert.equal(store.decisionsFor(r.id).length, 1);
      assert.deepEqual(store.verify(), { ok: true, count: 1 });
    });
  });

  it('finishes pending writes on close and refuses writes after it', async () => {
    const store = await openHere();
    const request = await store.addRequest(sampleRequest(), meta());
    const pending = store.appendDecision(request.id, () => decision());
    await store.close();
    assert.ok((await pending).ok);
    await assert.rejects(store.addRequest(sampleRequest(), meta()), /closed/);
    assert.equal(store.isReadable(), false);
    open.splice(0);
    assert.equal((await openHere()).allDecisions().length, 1);
  });
});

async function readdirNames(path: string): Promise<string[]> {
  const { readdir } = await import('node:fs/promises');
  return (await readdir(join(path, 'data')));
}
