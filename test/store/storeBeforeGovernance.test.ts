import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main as verifyStore } from '../../scripts/verifyStore.js';
import { openStore } from '../../src/store/lowdbStore.js';
import { meetingStarted, tempFolder } from './helpers.js';

/** A store file written by the version before governance records were kept: no `governance` keys at all. */
const FIXTURE = fileURLToPath(new URL('./fixtures/storeBeforeGovernance.json', import.meta.url));

describe('store: a file written before governance records were kept', () => {
  let folder: { dir: string; cleanup: () => Promise<void> };
  let file: string;
  beforeEach(async () => {
    folder = await tempFolder();
    file = join(folder.dir, 'panel.json');
  });
  afterEach(async () => {
    await folder.cleanup();
  });

  const fixture = async () => JSON.parse(await readFile(FIXTURE, 'utf8')) as Record<string, unknown> & { chain?: Record<string, unknown> };

  it('the fixture has no governance keys (so that this test means something)', async () => {
    const raw = await fixture();
    assert.equal('governance' in raw, false);
    assert.deepEqual(Object.keys(raw.chain!), ['decisions', 'events']);
  });

  it('opens with no governance records, its chains verify, verify-store says so, and it takes governance records from G-000001', async () => {
    await writeFile(file, JSON.stringify(await fixture(), null, 2));
    const out: string[] = [];
    assert.equal(await verifyStore([file], {}, (line) => out.push(line)), 0);
    assert.deepEqual(out, ['ok: 1 decisions, 1 events, 0 governance records']);

    let store = await openStore(file);
    assert.deepEqual(store.governanceRecords(), []);
    assert.equal(store.allDecisions().length, 1);
    assert.deepEqual(store.verify(), { ok: true, count: 2 });
    const first = await store.appendGovernance(() => meetingStarted());
    assert.ok(first.ok && first.record.id === 'G-000001');
    await store.close();

    const written = JSON.parse(await readFile(file, 'utf8')) as { governance: unknown[]; chain: { governance: { length: number } } };
    assert.equal(written.governance.length, 1);
    assert.equal(written.chain.governance.length, 1);
    store = await openStore(file);
    assert.deepEqual(store.verify(), { ok: true, count: 3 });
    await store.close();
  });

  it('an older file still, without chain states, opens with an empty governance chain', async () => {
    const { chain: _chain, ...older } = await fixture();
    await writeFile(file, JSON.stringify(older, null, 2));
    const store = await openStore(file);
    try {
      assert.deepEqual(store.governanceRecords(), []);
      assert.deepEqual(store.verify(), { ok: true, count: 2 });
      assert.ok((await store.appendGovernance(() => meetingStarted())).ok);
      assert.deepEqual(store.verify(), { ok: true, count: 3 });
    } finally {
      await store.close();
    }
  });
});
