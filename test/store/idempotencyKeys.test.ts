import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { IdempotencyConflict } from '../../src/store/idempotency.js';
import { openStore } from '../../src/store/lowdbStore.js';
import { costChange, decision, meta, sampleRequest, tempFolder } from './helpers.js';

describe('store: idempotency keys with fingerprints, for requests and events', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let file: string;

  beforeEach(async () => {
    ({ dir, cleanup } = await tempFolder());
    file = join(dir, 'panel.json');
  });
  afterEach(() => cleanup());

  it('a file written before fingerprints and event keys were kept still opens, and its keys still answer', async () => {
    const store = await openStore(file);
    const request = await store.addRequest(sampleRequest(), { ...meta(), idempotencyKey: 'old-key' });
    await store.close();
    const data = JSON.parse(await readFile(file, 'utf8'));
    assert.deepEqual(Object.keys(data.dedupe['old-key']).sort(), ['at', 'requestId'], 'as an older version wrote it');
    const again = await openStore(file);
    try {
      const repeat = await again.addRequest(sampleRequest(), { ...meta(), idempotencyKey: 'old-key', fingerprint: 'f'.repeat(64) });
      assert.equal(repeat.id, request.id);
      assert.equal(again.listRequests().length, 1);
    } finally {
      await again.close();
    }
  });

  it('an event key is kept with its fingerprint; a repeat returns the event, another body throws IdempotencyConflict', async () => {
    const store = await openStore(file);
    try {
      const r = await store.addRequest(sampleRequest(), meta());
      await store.appendDecision(r.id, () => decision());
      const first = await store.appendEvent(r.id, costChange('1300.00'), { key: 'e', fingerprint: 'a' });
      assert.equal(await store.appendEvent(r.id, costChange('1300.00'), { key: 'e', fingerprint: 'a' }), first);
      await assert.rejects(store.appendEvent(r.id, costChange('1400.00'), { key: 'e', fingerprint: 'b' }), IdempotencyConflict);
      await assert.rejects(store.addRequest(sampleRequest('C-20002'), { ...meta(), idempotencyKey: 'e', fingerprint: 'a' }), IdempotencyConflict);
      assert.equal(store.eventsFor(r.id).length, 1);
      assert.deepEqual(store.idempotencyKeyUse('e'), { requestId: r.id, eventId: first.id, fingerprint: 'a', at: store.idempotencyKeyUse('e')!.at });
    } finally {
      await store.close();
    }
    const data = JSON.parse(await readFile(file, 'utf8'));
    await writeFile(file, JSON.stringify(data));
    const again = await openStore(file);
    await again.close();
  });
});
