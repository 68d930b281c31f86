import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  canonicalJson, emptyChain, GENESIS, GOVERNANCE_GENESIS, mergeRuns, purgeFromChain, recordHash, sealRecord, verifyChain,
} from '../../src/store/hashChain.js';
import { openStore } from '../../src/store/lowdbStore.js';
import type { StoreFile } from '../../src/store/storeFile.js';
import { costChange, decision, meta, sampleRequest, tempFolder } from './helpers.js';

function chainOf(n: number) {
  const records: { id: string; requestId: string; prevHash: string; hash: string }[] = [];
  let head = GENESIS;
  for (let i = 1; i <= n; i++) {
    const r = sealRecord({ id: `D-${i}`, requestId: `R-${i % 3}` }, head);
    records.push(r);
    head = r.hash;
  }
  return { records, state: { head, length: n, purged: [] } };
}

describe('store/hashChain', () => {
  it('writes canonical JSON: sorted keys, no undefined members', () => {
    assert.equal(canonicalJson({ b: 1, a: { d: [1, 'x'], c: undefined }, e: null }), '{"a":{"d":[1,"x"]},"b":1,"e":null}');
    assert.equal(recordHash({ a: 1, b: 2 }), recordHash({ b: 2, a: 1, hash: 'ignored' }));
  });

  it('verifies an intact chain and reports the first edited, removed or reordered record', () => {
    const { records, state } = chainOf(5);
    const events = chainOf(2);
    assert.deepEqual(verifyChain({ decisions: records, events: events.records, chain: { decisions: state, events: events.state } }), { ok: true, count: 7 });

    const edited = records.map((r, i) => (i === 2 ? { ...r, requestId: 'R-other' } : r));
    assert.deepEqual(verifyChain({ decisions: edited, events: [], chain: { decisions: state, events: emptyChain() } }),
      { ok: false, chain: 'decisions', index: 2, id: 'D-3', reason: 'its contents do not match its hash: the record was edited' });

    const removed = records.filter((_, i) => i !== 1);
    const gap = verifyChain({ decisions: removed, events: [], chain: { decisions: state, events: emptyChain() } });
    assert.ok(!gap.ok && gap.index === 1 && gap.id === 'D-3' && /removed/.test(gap.reason));

    const swapped = [records[0]!, records[2]!, records[1]!, records[3]!, records[4]!];
    const order = verifyChain({ decisions: swapped, events: [], chain: { decisions: state, events: emptyChain() } });
    assert.ok(!order.ok && order.index === 1);

    const truncated = verifyChain({ decisions: records.slice(0, 4), events: [], chain: { decisions: state, events: emptyChain() } });
    assert.ok(!truncated.ok && truncated.index === 4 && /end/.test(truncated.reason));

    const unhashed = verifyChain({ decisions: [{ id: 'D-1' }], events: [] });
    assert.ok(!unhashed.ok && /no hash/.test(unhashed.reason));
  });

  it('checks the governance chain from its own genesis: a record cannot move between it and another chain', () => {
    const none = { decisions: [], events: [] };
    const first = sealRecord({ id: 'G-000001', type: 'roles_in_force' }, GOVERNANCE_GENESIS);
    const second = sealRecord({ id: 'G-000002', type: 'meeting_started' }, first.hash);
    const state = { head: second.hash, length: 2, purged: [] };
    assert.notEqual(GOVERNANCE_GENESIS, GENESIS);
    assert.deepEqual(emptyChain('governance'), { head: GOVERNANCE_GENESIS, length: 0, purged: [] });
    assert.deepEqual(verifyChain({ ...none, governance: [first, second], chain: { decisions: emptyChain(), events: emptyChain(), governance: state } }), { ok: true, count: 2 });
    assert.deepEqual(verifyChain({ ...none, governance: [], chain: { decisions: emptyChain(), events: emptyChain(), governance: emptyChain('governance') } }), { ok: true, count: 0 });
    assert.deepEqual(verifyChain(none), { ok: true, count: 0 }, 'data from before governance was kept');

    const moved = verifyChain({ decisions: [], events: [first], governance: [], chain: { decisions: emptyChain(), events: { head: first.hash, length: 1, purged: [] }, governance: emptyChain('governance') } });
    assert.ok(!moved.ok && moved.chain === 'events' && /does not follow/.test(moved.reason), 'a governance record moved into the events chain');
    const event = sealRecord({ id: 'E-000001' }, GENESIS);
    const into = verifyChain({ ...none, governance: [event], chain: { decisions: emptyChain(), events: emptyChain(), governance: { head: event.hash, length: 1, purged: [] } } });
    assert.ok(!into.ok && into.chain === 'governance' && into.index === 0, 'an event moved into the governance chain');

    const edited = verifyChain({ ...none, governance: [first, { ...second, type: 'meeting_ended' }], chain: { decisions: emptyChain(), events: emptyChain(), governance: state } });
    assert.deepEqual(edited, { ok: false, chain: 'governance', index: 1, id: 'G-000002', reason: 'its contents do not match its hash: the record was edited' });
    const cut = verifyChain({ ...none, governance: [first], chain: { decisions: emptyChain(), events: emptyChain(), governance: state } });
    assert.ok(!cut.ok && cut.chain === 'governance' && /end/.test(cut.reason), 'the last governance record removed');
  });

  it('steps over purged runs, wherever they are, and merges adjacent ones', () => {
    const { records, state } = chainOf(9);
    const drop = new Set(['D-1', 'D-4', 'D-5', 'D-9']);
    const first = purgeFromChain(records, state, (r) => drop.has(r.id));
    assert.deepEqual(first.kept.map((r) => r.id), ['D-2', 'D-3', 'D-6', 'D-7', 'D-8']);
    assert.equal(first.state.purged.length, 3);
    assert.deepEqual(verifyChain({ decisions: first.kept, events: [], chain: { decisions: first.state, events: emptyChain() } }), { ok: true, count: 5 });

    const second = purgeFromChain(first.kept, first.state, (r) => r.id === 'D-6' || r.id === 'D-2' || r.id === 'D-3');
    assert.deepEqual(second.kept.map((r) => r.id), ['D-7', 'D-8']);
    assert.deepEqual(second.state.purged.map((r) => r.count).sort(), [1, 6]);
    assert.deepEqual(verifyChain({ decisions: second.kept, events: [], chain: { decisions: second.state, events: emptyChain() } }), { ok: true, count: 2 });

    // Removing a kept record outside a purge is still caught.
    const tampered = verifyChain({ decisions: [second.kept[1]!], events: [], chain: { decisions: second.state, events: emptyChain() } });
    assert.ok(!tampered.ok && tampered.id === 'D-8');
    assert.deepEqual(mergeRuns([]), []);
  });

  it('detects a record edited in the store file', async () => {
    const { dir, cleanup } = await tempFolder();
    try {
      const file = join(dir, 'panel.json');
      let store = await openStore(file);
      const r = await store.addRequest(sampleRequest(), meta());
      for (const m of ['a', 'b', 'c']) await store.appendDecision(r.id, () => decision(m));
      await store.appendEvent(r.id, costChange());
      assert.deepEqual(store.verify(), { ok: true, count: 4 });
      await store.close();

      const data = JSON.parse(await readFile(file, 'utf8')) as StoreFile;
      data.decisions[1] = { ...data.decisions[1]!, outcome: 'decline' };
      await writeFile(file, JSON.stringify(data));
      store = await openStore(file);
      try {
        assert.deepEqual(store.verify(), {
          ok: false, chain: 'decisions', index: 1, id: 'D-000002', reason: 'its contents do not match its hash: the record was edited',
        });
      } finally {
        await store.close();
      }
    } finally {
      await cleanup();
    }
  });
});
