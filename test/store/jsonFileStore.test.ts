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

/**
 * What the JSON file store does on disk, beyond the PanelStore contract it shares with any backend
 * (contract.ts, run by jsonFileStore.contract.test.ts): the file it creates, the writes it groups,
 * the files it refuses, and the disk it leaves when a write fails.
 */
describe('store/jsonFileStore: on disk', () => {
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

  it('goes past four digits after 9999', async () => {
    const raw = storeFileSchema.parse({
      version: 1, requests: [], decisions: [], events: [], counters: { 2026: 9999 }, conversations: {}, cards: {}, digest: {},
    });
    await mkdir(join(dir, 'data'));
    await writeFile(file, JSON.stringify(raw));
    const store = await openHere();
    assert.equal((await store.addRequest(sampleRequest(), meta())).id, 'PR-2026-10000');
  });

  it('adds a batch of requests in one write', async () => {
    const fs: StoreFs = { ...nodeStoreFs };
    const store = await openHere(file, { fs });
    const writes = sinon.spy(fs, 'write');
    const added = await store.addRequests([{ data: sampleRequest('C-1001'), meta: meta() }, { data: sampleRequest('C-1002'), meta: meta() }]);
    assert.deepEqual(added.map((r) => r.id), ['PR-2026-0001', 'PR-2026-0002']);
    assert.equal(writes.callCount, 1);
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
      it(`leaves the file and its journal as they were and gives the refused ids again (${call} fails)`, async () => {
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
        assert.deepEqual((await readdirNames(dir)).filter((n) => n.endsWith('.tmp')), []);

        // The refused writes' ids were never given to anyone: they are given again.
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
    it('rewrites the file whole, keeping each chain\'s length and one purged run per gap', async () => {
      const store = await openHere();
      const [a, b, c] = await store.addRequests([1, 2, 3].map((i) => ({ data: sampleRequest(`C-100${i}`), meta: meta() })));
      for (const r of [a!, b!, c!, a!, b!]) await store.appendDecision(r.id, () => decision(`m-${r.id}`));
      await store.appendEvent(b!.id, costChange());
      await store.purgeRequests([a!.id, c!.id]);
      const disk = await diskBytes(file);
      assert.equal(disk.journal, '', 'the journal is emptied: the file holds the purge');
      const onDisk = storeFileSchema.parse(JSON.parse(disk.file!));
      assert.deepEqual(onDisk.decisions.map((d) => d.id), ['D-000002', 'D-000005']);
      assert.equal(onDisk.chain!.decisions.length, 5);
      assert.deepEqual(onDisk.chain!.decisions.purged.map((r) => r.count), [1, 2], 'consecutive purged records share one run');
      assert.equal(onDisk.requests.length, 1);
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
});

async function readdirNames(path: string): Promise<string[]> {
  const { readdir } = await import('node:fs/promises');
  return (await readdir(join(path, 'data')));
}
