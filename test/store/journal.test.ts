import assert from 'node:assert/strict';
import { appendFile, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sinon from 'sinon';
import { nodeStoreFs, type StoreFs } from '../../src/store/durableJsonFile.js';
import { journalPathFor } from '../../src/store/journal.js';
import { openStore, StoreError, type OpenStoreOptions } from '../../src/store/lowdbStore.js';
import type { PanelStore } from '../../src/store/panelStore.js';
import {
  costChange, decision, diskBytes, meetingEnded, meetingStarted, meta, sampleRequest, storeOnDisk, tempFolder,
} from './helpers.js';

const lines = (text: string | null) => (text ?? '').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { seq: number; op: { kind: string } });

describe('store/journal: changes appended beside the file, folded into it', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let file: string;
  let journal: string;
  const open: PanelStore[] = [];
  const openHere = async (options?: OpenStoreOptions) => {
    const store = await openStore(file, options);
    open.push(store);
    return store;
  };
  // As if the process had died: the store is dropped without closing (only its lock is let go, which
  // a dead process's lock would be).
  const abandon = async (store: PanelStore) => {
    const internals = (store as unknown as { disk: { lock: { release(): Promise<void> }; journal: { close(): Promise<void> } } }).disk;
    await internals.journal.close();
    await internals.lock.release();
    open.splice(open.indexOf(store), 1);
  };
  const closeAll = async () => {
    for (const store of open.splice(0)) await store.close();
  };

  beforeEach(async () => {
    ({ dir, cleanup } = await tempFolder());
    file = join(dir, 'panel.json');
    journal = journalPathFor(file);
  });
  afterEach(async () => {
    sinon.restore();
    await closeAll();
    await cleanup();
  });

  it('appends each change as a numbered line and leaves the file as it was; a reopen reads them back', async () => {
    const store = await openHere();
    const fileBefore = await readFile(file, 'utf8');
    const request = await store.addRequest(sampleRequest(), meta());
    await store.appendDecision(request.id, () => decision());
    await store.appendEvent(request.id, costChange());
    await store.setCard(request.id, { conversationId: 'c', activityId: 'a' });
    await store.setDigestState({ lastWeekSent: '2026-W12' });

    const disk = await diskBytes(file);
    assert.equal(disk.file, fileBefore, 'the file is not rewritten for small changes');
    assert.deepEqual(lines(disk.journal).map((l) => [l.seq, l.op.kind]), [[1, 'requests'], [2, 'decision'], [3, 'event'], [4, 'card'], [5, 'digest']]);
    assert.equal((await stat(journal)).mode & 0o777, 0o600, 'the journal holds case data: owner only');

    // What a restart would read (without closing, which would fold the journal in).
    const read = await storeOnDisk(file);
    assert.deepEqual(read.requests, store.listRequests());
    assert.deepEqual(read.decisions, store.allDecisions());
    assert.deepEqual(read.events, store.allEvents());
    assert.deepEqual(read.cards, { [request.id]: { conversationId: 'c', activityId: 'a' } });
    assert.deepEqual(read.digest, { lastWeekSent: '2026-W12' });
    assert.deepEqual(read.chain, (JSON.parse(JSON.stringify(await storeOnDisk(file))) as typeof read).chain);
    assert.equal(read.chain!.decisions.head, store.allDecisions()[0]!.hash);
  });

  it('appends a governance record as a line of its own, advancing its own chain; a restart reads it back', async () => {
    const store = await openHere();
    const request = await store.addRequest(sampleRequest(), meta());
    const started = await store.appendGovernance(() => meetingStarted());
    await store.appendDecision(request.id, () => decision());
    assert.ok(started.ok);
    await store.appendGovernance(() => meetingEnded(started.record.id));
    const disk = await diskBytes(file);
    assert.deepEqual(lines(disk.journal).map((l) => [l.seq, l.op.kind]), [[1, 'requests'], [2, 'governance'], [3, 'decision'], [4, 'governance']]);
    await abandon(store);
    const read = await storeOnDisk(file);
    assert.deepEqual(read.governance, store.governanceRecords());
    assert.deepEqual(read.chain!.governance, { head: store.governanceRecords()[1]!.hash, length: 2, purged: [] });
    assert.equal(read.chain!.decisions.length, 1, 'the decisions chain counts only decisions');
    const again = await openHere();
    assert.deepEqual(again.governanceRecords(), store.governanceRecords());
    assert.deepEqual(again.verify(), { ok: true, count: 3 });
  });

  it('writes a change as: append, fsync of the journal, and (when it creates the journal) fsync of the folder', async () => {
    const fs: StoreFs = { ...nodeStoreFs };
    const store = await openHere({ fs });
    const calls: string[] = [];
    const name = new Map<unknown, string>();
    sinon.stub(fs, 'open').callsFake(async (path, flags) => {
      const handle = await nodeStoreFs.open(path, flags);
      name.set(handle, path);
      calls.push(`open ${path} ${flags}`);
      return handle;
    });
    sinon.stub(fs, 'write').callsFake(async (h, data) => { calls.push(`write ${name.get(h)}`); return nodeStoreFs.write(h, data); });
    sinon.stub(fs, 'fsync').callsFake(async (h) => { calls.push(`fsync ${name.get(h)}`); return nodeStoreFs.fsync(h); });
    sinon.stub(fs, 'rename').callsFake(async (a, b) => { calls.push(`rename ${a}`); return nodeStoreFs.rename(a, b); });

    const request = await store.addRequest(sampleRequest(), meta());
    calls.push('resolved');
    const first = [`open ${journal} a`, `write ${journal}`, `fsync ${journal}`, `open ${dir} r`, `fsync ${dir}`, 'resolved'];
    assert.deepEqual(calls, process.platform === 'win32' ? first.filter((c) => !c.includes(` ${dir} `) && !c.endsWith(dir)) : first);

    calls.length = 0;
    await store.appendDecision(request.id, () => decision());
    calls.push('resolved');
    assert.deepEqual(calls, [`write ${journal}`, `fsync ${journal}`, 'resolved'], 'the journal stays open; its folder entry is already durable');
  });

  it('groups concurrent changes into one append', async () => {
    const fs: StoreFs = { ...nodeStoreFs };
    const store = await openHere({ fs });
    const requests = await store.addRequests(Array.from({ length: 200 }, (_, i) => ({ data: sampleRequest(`C-${1000 + i}`), meta: meta() })));
    const fsync = sinon.spy(fs, 'fsync');
    await Promise.all(requests.map((r, i) => store.appendDecision(r.id, () => decision(`m-${i}`))));
    assert.ok(fsync.callCount < 200, `expected appends to be grouped, got ${fsync.callCount} fsyncs for 200 decisions`);
    assert.deepEqual(lines((await diskBytes(file)).journal).map((l) => l.seq), Array.from({ length: 201 }, (_, i) => i + 1));
  });

  it('folds the journal into the file once it reaches its limit, and on close', async () => {
    const store = await openHere({ journalLimitBytes: 8_000 });
    const request = await store.addRequest(sampleRequest(), meta());
    let folded = false;
    for (let i = 0; i < 40 && !folded; i++) {
      await store.appendEvent(request.id, costChange(`${1300 + i}.00`));
      const disk = await diskBytes(file);
      folded = lines(disk.journal).length === 0;
    }
    assert.ok(folded, 'the journal was emptied once past its limit');
    const onFile = JSON.parse((await diskBytes(file)).file!) as { events: unknown[]; journal: { seq: number } };
    assert.equal(onFile.events.length, store.allEvents().length, 'the file holds every change when the journal is emptied');
    assert.ok(onFile.journal.seq > 1, 'and the number of the last journal line it holds');

    await store.appendEvent(request.id, costChange('9999.00'));
    assert.equal(lines((await diskBytes(file)).journal).length, 1);
    await closeAll();
    const disk = await diskBytes(file);
    assert.equal(disk.journal, '', 'closing folds the journal in, so a stopped bot leaves one file');
    assert.equal((JSON.parse(disk.file!) as { events: unknown[] }).events.length, store.allEvents().length);
    const again = await openHere();
    assert.deepEqual(again.allEvents(), store.allEvents());
    assert.deepEqual(again.verify(), { ok: true, count: store.allEvents().length });
  });

  it('says so when closing cannot fold the journal in, and the next start still has every change', async () => {
    const fs: StoreFs = { ...nodeStoreFs };
    const warn = sinon.spy();
    const store = await openHere({ fs, warn });
    const request = await store.addRequest(sampleRequest(), meta());
    sinon.stub(fs, 'rename').rejects(Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' }));
    await closeAll();
    assert.equal(warn.callCount, 1);
    assert.match(warn.firstCall.args[0] as string, /panel\.json.*journal keeps every change/);
    assert.match((warn.firstCall.args[1] as Error).message, /ENOSPC/);
    assert.equal(lines((await diskBytes(file)).journal).length, 1, 'the change is still in the journal');
    const again = await openHere();
    assert.deepEqual(again.getRequest(request.id), request);
  });

  it('skips lines the file already holds (a crash between rewriting the file and emptying the journal)', async () => {
    const fs: StoreFs = { ...nodeStoreFs };
    const store = await openHere({ fs, journalLimitBytes: 1 });
    const request = await store.addRequest(sampleRequest(), meta());
    // Every write now rewrites the file; emptying the journal afterwards fails, as if the process died there.
    const leftBehind = (await diskBytes(file)).journal!;
    assert.equal(lines(leftBehind).length, 1);
    sinon.stub(fs, 'truncate').rejects(Object.assign(new Error('EIO'), { code: 'EIO' }));
    await store.appendDecision(request.id, () => decision());
    assert.equal((await diskBytes(file)).journal, leftBehind, 'the journal still holds the line the file now holds too');

    const read = await storeOnDisk(file);
    assert.equal(read.requests.length, 1, 'the request is not added twice');
    assert.equal(read.decisions.length, 1);
    sinon.restore();
    await closeAll();
    const again = await openHere();
    assert.equal(again.listRequests().length, 1);
    const next = await again.addRequest(sampleRequest('C-20002'), meta());
    assert.equal(next.id, 'PR-2026-0002');
    assert.equal((await storeOnDisk(file)).requests.length, 2);
  });

  it('drops a partial last line (a write a crash cut short, never acknowledged) and rewrites the file before appending', async () => {
    const store = await openHere();
    const request = await store.addRequest(sampleRequest(), meta());
    await store.appendDecision(request.id, () => decision());
    const whole = (await diskBytes(file)).journal!;
    // Simulate the crash: the store is left without closing, and half a line is added after the last.
    await abandon(store);
    await appendFile(journal, '{"seq":3,"op":{"kind":"event","rec');

    const again = await openHere();
    assert.equal(again.allDecisions().length, 1);
    assert.equal(again.allEvents().length, 0);
    assert.equal((await diskBytes(file)).journal, `${whole}{"seq":3,"op":{"kind":"event","rec`, 'opening changes nothing');
    await again.appendEvent(request.id, costChange());
    const disk = await diskBytes(file);
    assert.equal(disk.journal, '', 'the next write rewrote the file and emptied the journal');
    const read = await storeOnDisk(file);
    assert.equal(read.events.length, 1);
    assert.equal(read.decisions.length, 1);
  });

  describe('a journal that is not what the store writes stops the store, naming the file and line, and is left as it was', () => {
    async function written(): Promise<string> {
      const store = await openHere();
      const request = await store.addRequest(sampleRequest(), meta());
      await store.appendDecision(request.id, () => decision('m-1'));
      await store.appendEvent(request.id, costChange());
      await store.appendGovernance(() => meetingStarted());
      await abandon(store);
      return (await diskBytes(file)).journal!;
    }

    const cases: [string, (text: string) => string, RegExp][] = [
      ['a line that is not JSON', (t) => t.replace('"kind":"decision"', '"kind":"decision'), /line 2 .* is not valid JSON/],
      ['a line that does not match the schema', (t) => t.replace('"kind":"decision"', '"kind":"verdict"'), /line 2 .* does not match the journal's schema/],
      ['a missing line', (t) => t.split('\n').filter((_, i) => i !== 1).join('\n'), /line 2 .* is change 3 where change 2 was expected/],
      ['a record edited so it no longer follows its chain', (t) => {
        const rows = t.split('\n');
        const row = JSON.parse(rows[1]!) as { op: { record: { prevHash: string } } };
        row.op.record.prevHash = 'f'.repeat(64);
        rows[1] = JSON.stringify(row);
        return rows.join('\n');
      }, /line 2 .* does not follow the last decision stored/],
      ['a governance record edited so it no longer follows its chain', (t) => {
        const rows = t.split('\n');
        const row = JSON.parse(rows[3]!) as { op: { record: { prevHash: string } } };
        row.op.record.prevHash = 'f'.repeat(64);
        rows[3] = JSON.stringify(row);
        return rows.join('\n');
      }, /line 4 .* does not follow the last governance record stored/],
      ['a governance record given twice', (t) => {
        const rows = t.split('\n');
        const row = JSON.parse(rows[3]!) as { seq: number };
        rows.splice(4, 0, JSON.stringify({ ...row, seq: row.seq + 1 }));
        return rows.join('\n');
      }, /line 5 .* G-000001 is already stored/],
    ];
    for (const [what, spoil, message] of cases) {
      it(what, async () => {
        const spoilt = spoil(await written());
        await writeFile(journal, spoilt);
        const fileBefore = (await diskBytes(file)).file;
        await assert.rejects(openStore(file), (e: Error) => e instanceof StoreError && e.message.includes(journal) && message.test(e.message) && /left untouched/.test(e.message));
        assert.deepEqual(await diskBytes(file), { file: fileBefore, journal: spoilt });
      });
    }

    it('a journal without its store file', async () => {
      await written();
      const { rm } = await import('node:fs/promises');
      await rm(file);
      await assert.rejects(openStore(file), (e: Error) => e instanceof StoreError && e.message.includes(journal) && /no store file/.test(e.message));
      assert.equal((await diskBytes(file)).file, null, 'no empty store is made in its place');
    });
  });

  describe('a failed append', () => {
    const enospc = () => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });

    it('cuts the journal back to its acknowledged lines, so a restart never sees the refused change', async () => {
      const fs: StoreFs = { ...nodeStoreFs };
      const store = await openHere({ fs });
      const request = await store.addRequest(sampleRequest(), meta());
      const before = await diskBytes(file);
      // The bytes reach the file, then the fsync fails: the caller is told the decision was not saved.
      sinon.stub(fs, 'fsync').rejects(enospc());
      await assert.rejects(store.appendDecision(request.id, () => decision()), StoreError);
      assert.deepEqual(await diskBytes(file), before);
      assert.deepEqual(store.allDecisions(), []);
      sinon.restore();
      const ok = await store.appendDecision(request.id, () => decision('m-2'));
      assert.ok(ok.ok && ok.record.id === 'D-000001');
      assert.deepEqual(lines((await diskBytes(file)).journal).map((l) => l.seq), [1, 2], 'numbers stay consecutive');
      assert.equal((await storeOnDisk(file)).decisions.length, 1);
    });

    it('when even cutting back fails, rewrites the file past the refused lines before appending again', async () => {
      const fs: StoreFs = { ...nodeStoreFs };
      const store = await openHere({ fs });
      const request = await store.addRequest(sampleRequest(), meta());
      sinon.stub(fs, 'fsync').rejects(enospc());
      sinon.stub(fs, 'truncate').rejects(enospc());
      await assert.rejects(store.appendDecision(request.id, () => decision('refused')), StoreError);
      assert.equal(lines((await diskBytes(file)).journal).length, 2, 'the refused line is still in the journal');
      sinon.restore();

      await store.appendEvent(request.id, costChange());
      const read = await storeOnDisk(file);
      assert.deepEqual(read.decisions, [], 'the refused decision is never read back');
      assert.equal(read.events.length, 1);
      assert.equal((await diskBytes(file)).journal, '');
      await closeAll();
      const again = await openHere();
      assert.deepEqual(again.allDecisions(), []);
      assert.deepEqual(again.verify(), { ok: true, count: 1 });
    });
  });
});
