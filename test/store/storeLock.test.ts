import assert from 'node:assert/strict';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { openStore, StoreError } from '../../src/store/lowdbStore.js';
import { acquireStoreLock } from '../../src/store/storeLock.js';
import { killHard, spawnHolder, type Holder } from './childProcess.js';
import { meta, sampleRequest, tempFolder } from './helpers.js';

describe('store/storeLock', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let file: string;
  const children: Holder[] = [];

  beforeEach(async () => {
    ({ dir, cleanup } = await tempFolder());
    file = join(dir, 'panel.json');
  });
  afterEach(async () => {
    for (const h of children.splice(0)) await killHard(h.child);
    await cleanup();
  });

  const holder = (path = file) => {
    const h = spawnHolder(path);
    children.push(h);
    return h;
  };

  it('refuses a second open in the same process, with a message, and allows it after close', async () => {
    const store = await openStore(file);
    await assert.rejects(openStore(file), (e: Error) => e instanceof StoreError
      && e.message.includes(file) && /already in use by this process/.test(e.message) && e.message.includes(`${file}.lock`));
    await store.close();
    await assert.rejects(stat(`${file}.lock`), { code: 'ENOENT' });
    const again = await openStore(file);
    await again.close();
  });

  it('refuses to start while another live process holds the file', async () => {
    const other = holder();
    assert.deepEqual(await other.outcome, { ready: true });
    const pid = other.child.pid!;
    assert.equal((await readFile(`${file}.lock`, 'utf8')).split(' ')[0], String(pid));
    await assert.rejects(openStore(file), (e: Error) => e instanceof StoreError && e.message.includes(`process ${pid}`) && e.message.includes(file));
  });

  it('makes a second process refuse while this one holds the file', async () => {
    const store = await openStore(file);
    try {
      const second = await holder().outcome;
      assert.ok(!second.ready);
      assert.equal(second.code, 3);
      assert.match(second.stderr, /already in use by process \d+/);
      assert.ok(second.stderr.includes(file));
    } finally {
      await store.close();
    }
  });

  it('takes the lock over after the holder was killed with SIGKILL, and keeps its data', async () => {
    const first = await openStore(file);
    const request = await first.addRequest(sampleRequest(), meta());
    await first.close();

    const doomed = holder();
    assert.deepEqual(await doomed.outcome, { ready: true });
    await killHard(doomed.child);
    await stat(`${file}.lock`); // left behind by the killed process

    const store = await openStore(file);
    try {
      assert.equal(store.getRequest(request.id)?.id, request.id);
      assert.equal((await readFile(`${file}.lock`, 'utf8')).split(' ')[0], String(process.pid));
    } finally {
      await store.close();
    }
  });

  it('treats an unreadable lock file as stale', async () => {
    await writeFile(`${file}.lock`, 'garbage');
    const lock = await acquireStoreLock(file);
    await lock.release();
    await assert.rejects(stat(`${file}.lock`), { code: 'ENOENT' });
  });
});
