import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { StoredEventRecord } from '../../src/domain/event.js';
import { IdempotencyConflict } from '../../src/store/idempotency.js';
import { openStore } from '../../src/store/lowdbStore.js';
import { costChange, decision, meta, sampleRequest, tempFolder } from './helpers.js';

describe('store/jsonFileStore: idempotency keys in the file', () => {
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

  it('an event key is kept in the file with its event and fingerprint, and answers after a restart', async () => {
    const store = await openStore(file);
    let first: StoredEventRecord;
    try {
      const r = await store.addRequest(sampleRequest(), meta());
      await store.appendDecision(r.id, () => decision());
      first = await store.appendEvent(r.id, costChange('1300.00'), { key: 'e', fingerprint: 'a' });
    } finally {
      await store.close();
    }
    const data = JSON.parse(await readFile(file, 'utf8'));
    assert.deepEqual(data.dedupe.e, { requestId: first.requestId, eventId: first.id, at: data.dedupe.e.at, fingerprint: 'a' });
    await writeFile(file, JSON.stringify(data));
    const again = await openStore(file);
    try {
      assert.deepEqual(await again.appendEvent(first.requestId, costChange('1300.00'), { key: 'e', fingerprint: 'a' }), first);
      await assert.rejects(again.appendEvent(first.requestId, costChange('1400.00'), { key: 'e', fingerprint: 'b' }), IdempotencyConflict);
      assert.equal(again.allEvents().length, 1);
    } finally {
      await again.close();
    }
  });
});
