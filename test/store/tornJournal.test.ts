import assert from 'node:assert/strict';
import { readdir, readFile, stat, truncate, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import sinon from 'sinon';
import { nodeStoreFs, type StoreFs } from '../../src/store/durableJsonFile.js';
import { journalPathFor } from '../../src/store/journal.js';
import { openStore, StoreError, type OpenStoreOptions } from '../../src/store/lowdbStore.js';
import type { PanelStore } from '../../src/store/panelStore.js';
import { costChange, decision, diskBytes, meetingStarted, meta, rolesInForce, sampleRequest, tempFolder } from './helpers.js';

/**
 * A journal cut short (a restore from a snapshot taken mid-write, a disk fault, or a crash
 * mid-append) ends in a partial line. The store leaves that change out, but says so, keeps its
 * bytes beside the journal, and never gives an id in it to another record.
 */
describe('store/journal: a torn tail is reported, kept and its ids never reused', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let file: string;
  let journal: string;
  const open: PanelStore[] = [];
  let notices: string[];

  const openHere = async (options: OpenStoreOptions = {}) => {
    const store = await openStore(file, { notice: (m) => notices.push(m), now: () => new Date('2026-03-05T09:30:00Z'), ...options });
    open.push(store);
    return store;
  };
  const close = async (store: PanelStore) => {
    open.splice(open.indexOf(store), 1);
    await store.close();
  };
  /**
   * Runs `writes` on an open store and leaves the disk as it was when they were acknowledged, as a
   * kill -9 would (closing would fold the journal into the file).
   */
  async function crashAfter(writes: (store: PanelStore) => Promise<void>): Promise<void> {
    const store = await openHere();
    await writes(store);
    const disk = await diskBytes(file);
    await close(store);
    await writeFile(file, disk.file!);
    await writeFile(journal, disk.journal!);
  }
  const cutShort = async (bytes: number) => truncate(journal, (await stat(journal)).size - bytes);
  const keptFiles = async () => (await readdir(dir)).filter((n) => n.startsWith(`${basename(journal)}.torn-`));

  beforeEach(async () => {
    ({ dir, cleanup } = await tempFolder());
    file = join(dir, 'panel.json');
    journal = journalPathFor(file);
    notices = [];
  });
  afterEach(async () => {
    sinon.restore();
    for (const s of open.splice(0)) await s.close();
    await cleanup();
  });

  it('three acknowledged requests, the journal cut 40 bytes short: the loss is logged with change and id, the bytes kept, and the lost id never given again', async () => {
    await crashAfter(async (store) => {
      for (const ref of ['C-10001', 'C-10002', 'C-10003']) await store.addRequest(sampleRequest(ref), meta());
    });
    const lines = (await readFile(journal, 'utf8')).split('\n');
    await cutShort(40);
    const partial = lines[2]!.slice(0, -39); // the third line, less 39 bytes and its newline

    const store = await openHere();
    assert.deepEqual(store.listRequests().map((r) => r.id), ['PR-2026-0001', 'PR-2026-0002']);
    assert.equal(notices.length, 1, notices.join('\n'));
    const notice = notices[0]!;
    assert.ok(notice.includes(journal), notice);
    assert.match(notice, new RegExp(`${Buffer.byteLength(partial)} bytes of change 3 \\(requests\\)`));
    assert.match(notice, /ids in it: PR-2026-0003\b/);
    for (const personal of ['High needs', 'Oak House', 'placements team', 'Placement breakdown']) {
      assert.ok(!notice.includes(personal), `the log line must not carry "${personal}"`);
    }
    const kept = await keptFiles();
    assert.deepEqual(kept, [`${basename(journal)}.torn-2026-03-05T09-30-00.000Z`]);
    assert.ok(notice.includes(join(dir, kept[0]!)), 'the log line names the file that keeps the bytes');
    assert.equal(await readFile(join(dir, kept[0]!), 'utf8'), partial);
    assert.equal((await stat(join(dir, kept[0]!))).mode & 0o777, 0o600, 'it holds case data: owner only');

    assert.equal((await store.addRequest(sampleRequest('C-10004'), meta())).id, 'PR-2026-0004');
    await close(store);
    const again = await openHere();
    assert.equal(notices.length, 1, 'the tail is gone from the journal: nothing more to report');
    assert.equal((await again.addRequest(sampleRequest('C-10005'), meta())).id, 'PR-2026-0005');
    assert.equal((await keptFiles()).length, 1, 'the kept bytes stay');
  });

  it('a restart before any write keeps the same tail once, not twice', async () => {
    await crashAfter(async (store) => {
      await store.addRequest(sampleRequest('C-10001'), meta());
      await store.addRequest(sampleRequest('C-10002'), meta());
    });
    await cutShort(40);
    const crashed = await diskBytes(file);
    const first = await openHere();
    await close(first);
    await writeFile(file, crashed.file!);
    await writeFile(journal, crashed.journal!);
    await openHere({ now: () => new Date('2026-03-06T09:30:00Z') });
    assert.equal(notices.length, 2);
    assert.equal((await keptFiles()).length, 1);
  });

  it('a torn decision: its id is not given to the next decision, and the chains still verify', async () => {
    let requestId = '';
    await crashAfter(async (store) => {
      const r = await store.addRequest(sampleRequest('C-10001'), meta());
      requestId = r.id;
      assert.ok((await store.appendDecision(r.id, () => decision('m-1', 'defer'))).ok);
      assert.ok((await store.appendDecision(r.id, () => decision('m-2', 'approve'))).ok);
    });
    await cutShort(40);
    const store = await openHere();
    assert.deepEqual(store.allDecisions().map((d) => d.id), ['D-000001']);
    assert.match(notices[0]!, /change 3 \(decision\), ids in it: D-000002/);
    const next = await store.appendDecision(requestId, () => decision('m-3', 'approve'));
    assert.ok(next.ok);
    assert.equal(next.record.id, 'D-000003');
    assert.deepEqual(store.verify(), { ok: true, count: 2 });
    await close(store);
    const again = await openHere();
    assert.deepEqual(again.verify(), { ok: true, count: 2 });
    const after = await again.appendDecision(requestId, () => decision('m-4', 'approve'));
    assert.ok(after.ok && after.record.id === 'D-000004');
  });

  it('a torn event: its id is not given to the next event', async () => {
    let requestId = '';
    await crashAfter(async (store) => {
      const r = await store.addRequest(sampleRequest('C-10001'), meta());
      requestId = r.id;
      await store.appendDecision(r.id, () => decision());
      await store.appendEvent(r.id, costChange('1300.00'));
      await store.appendEvent(r.id, costChange('1400.00'));
    });
    await cutShort(40);
    const store = await openHere();
    assert.deepEqual(store.allEvents().map((e) => e.id), ['E-000001']);
    assert.equal((await store.appendEvent(requestId, costChange('1500.00'))).id, 'E-000003');
    assert.deepEqual(store.verify(), { ok: true, count: 3 });
  });

  it('a torn governance record: its id is not given to the next, and its chain still verifies', async () => {
    await crashAfter(async (store) => {
      assert.ok((await store.appendGovernance(() => rolesInForce())).ok);
      assert.ok((await store.appendGovernance(() => meetingStarted())).ok);
    });
    await cutShort(40);
    const store = await openHere();
    assert.deepEqual(store.governanceRecords().map((g) => g.id), ['G-000001']);
    assert.match(notices[0]!, /change 2 \(governance\), ids in it: G-000002/);
    const next = await store.appendGovernance(() => meetingStarted());
    assert.ok(next.ok && next.record.id === 'G-000003');
    assert.deepEqual(store.verify(), { ok: true, count: 2 });
    await close(store);
    const again = await openHere();
    assert.deepEqual(again.verify(), { ok: true, count: 2 });
  });

  it('a tail too short to name an id says so', async () => {
    await crashAfter(async (store) => {
      await store.addRequest(sampleRequest('C-10001'), meta());
    });
    await writeFile(journal, `${await readFile(journal, 'utf8')}{"seq":2,"op":{"kind":"requ`);
    await openHere();
    assert.match(notices[0]!, /27 bytes of change 2, no record id could be read in it/);
  });

  it('a tail that cannot be kept stops the open, and nothing is changed', async () => {
    await crashAfter(async (store) => {
      await store.addRequest(sampleRequest('C-10001'), meta());
      await store.addRequest(sampleRequest('C-10002'), meta());
    });
    await cutShort(40);
    const before = await diskBytes(file);
    const fs: StoreFs = { ...nodeStoreFs };
    const real = fs.open;
    sinon.stub(fs, 'open').callsFake((path, flags) => (path.includes('.torn-')
      ? Promise.reject(Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' }))
      : real(path, flags)));
    await assert.rejects(openStore(file, { fs }), (e: Error) => e instanceof StoreError
      && e.message.includes(journal) && /could not be kept/.test(e.message) && /ENOSPC/.test(e.message));
    assert.deepEqual(await diskBytes(file), before);
  });
});
